# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'onboarding_view.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout, QWidget

from countyadmin.gui.onboarding.stage_chart import StageChart

class Ui_OnboardingView(object):
    def setupUi(self, onboardingView):
        if not onboardingView.objectName():
            onboardingView.setObjectName(u"onboardingView")
        onboardingView.resize(860, 260)
        self.onboardingLayout = QVBoxLayout(onboardingView)
        self.onboardingLayout.setObjectName(u"onboardingLayout")
        self.onboardingSummary = QLabel(onboardingView)
        self.onboardingSummary.setObjectName(u"onboardingSummary")
        self.onboardingSummary.setTextFormat(Qt.TextFormat.PlainText)
        self.onboardingSummary.setWordWrap(True)

        self.onboardingLayout.addWidget(self.onboardingSummary)

        self.onboardingChart = StageChart(onboardingView)
        self.onboardingChart.setObjectName(u"onboardingChart")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.onboardingChart.sizePolicy().hasHeightForWidth())
        self.onboardingChart.setSizePolicy(sizePolicy)
        self.onboardingChart.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.onboardingLayout.addWidget(self.onboardingChart)

        self.onboardingButtons = QHBoxLayout()
        self.onboardingButtons.setObjectName(u"onboardingButtons")
        self.onboardingShowAllButton = QPushButton(onboardingView)
        self.onboardingShowAllButton.setObjectName(u"onboardingShowAllButton")

        self.onboardingButtons.addWidget(self.onboardingShowAllButton)

        self.onboardingCheckMatchesButton = QPushButton(onboardingView)
        self.onboardingCheckMatchesButton.setObjectName(u"onboardingCheckMatchesButton")

        self.onboardingButtons.addWidget(self.onboardingCheckMatchesButton)

        self.onboardingResendButton = QPushButton(onboardingView)
        self.onboardingResendButton.setObjectName(u"onboardingResendButton")

        self.onboardingButtons.addWidget(self.onboardingResendButton)

        self.onboardingInviteButton = QPushButton(onboardingView)
        self.onboardingInviteButton.setObjectName(u"onboardingInviteButton")

        self.onboardingButtons.addWidget(self.onboardingInviteButton)

        self.onboardingButtonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.onboardingButtons.addItem(self.onboardingButtonsSpacer)

        self.onboardingButtons.setStretch(4, 1)

        self.onboardingLayout.addLayout(self.onboardingButtons)

        QWidget.setTabOrder(self.onboardingChart, self.onboardingShowAllButton)
        QWidget.setTabOrder(self.onboardingShowAllButton, self.onboardingCheckMatchesButton)
        QWidget.setTabOrder(self.onboardingCheckMatchesButton, self.onboardingResendButton)
        QWidget.setTabOrder(self.onboardingResendButton, self.onboardingInviteButton)

        self.retranslateUi(onboardingView)

        QMetaObject.connectSlotsByName(onboardingView)
    # setupUi

    def retranslateUi(self, onboardingView):
#if QT_CONFIG(accessibility)
        onboardingView.setAccessibleName(QCoreApplication.translate("OnboardingView", u"Onboarding progress", None))
#endif // QT_CONFIG(accessibility)
        self.onboardingSummary.setText(QCoreApplication.translate("OnboardingView", u"Counting providers\u2026", None))
#if QT_CONFIG(accessibility)
        self.onboardingShowAllButton.setAccessibleName(QCoreApplication.translate("OnboardingView", u"Show All Providers", None))
#endif // QT_CONFIG(accessibility)
        self.onboardingShowAllButton.setText(QCoreApplication.translate("OnboardingView", u"Show All Providers", None))
#if QT_CONFIG(accessibility)
        self.onboardingCheckMatchesButton.setAccessibleName(QCoreApplication.translate("OnboardingView", u"Check Unlinked for Matches", None))
#endif // QT_CONFIG(accessibility)
        self.onboardingCheckMatchesButton.setText(QCoreApplication.translate("OnboardingView", u"Check Unlinked for Matches", None))
#if QT_CONFIG(accessibility)
        self.onboardingResendButton.setAccessibleName(QCoreApplication.translate("OnboardingView", u"Resend Every Expired Invitation", None))
#endif // QT_CONFIG(accessibility)
        self.onboardingResendButton.setText(QCoreApplication.translate("OnboardingView", u"Resend Every Expired Invitation\u2026", None))
#if QT_CONFIG(accessibility)
        self.onboardingInviteButton.setAccessibleName(QCoreApplication.translate("OnboardingView", u"Invite for Linked Providers with No Admin", None))
#endif // QT_CONFIG(accessibility)
        self.onboardingInviteButton.setText(QCoreApplication.translate("OnboardingView", u"Invite for Linked Providers with No Admin\u2026", None))
    # retranslateUi

