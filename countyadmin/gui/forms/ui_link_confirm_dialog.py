# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'link_confirm_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpacerItem, QTableView, QVBoxLayout, QWidget

class Ui_LinkConfirmDialog(object):
    def setupUi(self, LinkConfirmDialog):
        if not LinkConfirmDialog.objectName():
            LinkConfirmDialog.setObjectName(u"LinkConfirmDialog")
        LinkConfirmDialog.resize(860, 520)
        LinkConfirmDialog.setModal(True)
        self.linkConfirmLayout = QVBoxLayout(LinkConfirmDialog)
        self.linkConfirmLayout.setObjectName(u"linkConfirmLayout")
        self.linkConfirmIntro = QLabel(LinkConfirmDialog)
        self.linkConfirmIntro.setObjectName(u"linkConfirmIntro")
        self.linkConfirmIntro.setTextFormat(Qt.TextFormat.PlainText)
        self.linkConfirmIntro.setWordWrap(True)

        self.linkConfirmLayout.addWidget(self.linkConfirmIntro)

        self.linkDiffTable = QTableView(LinkConfirmDialog)
        self.linkDiffTable.setObjectName(u"linkDiffTable")
        self.linkDiffTable.setTabKeyNavigation(False)
        self.linkDiffTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.linkDiffTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.linkDiffTable.setWordWrap(False)
        self.linkDiffTable.horizontalHeader().setStretchLastSection(True)
        self.linkDiffTable.verticalHeader().setVisible(False)

        self.linkConfirmLayout.addWidget(self.linkDiffTable)

        self.linkDiffSummary = QLabel(LinkConfirmDialog)
        self.linkDiffSummary.setObjectName(u"linkDiffSummary")
        self.linkDiffSummary.setTextFormat(Qt.TextFormat.PlainText)
        self.linkDiffSummary.setWordWrap(True)

        self.linkConfirmLayout.addWidget(self.linkDiffSummary)

        self.linkConfirmButtons = QHBoxLayout()
        self.linkConfirmButtons.setObjectName(u"linkConfirmButtons")
        self.linkConfirmSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.linkConfirmButtons.addItem(self.linkConfirmSpacer)

        self.cancelLinkButton = QPushButton(LinkConfirmDialog)
        self.cancelLinkButton.setObjectName(u"cancelLinkButton")
        self.cancelLinkButton.setAutoDefault(True)

        self.linkConfirmButtons.addWidget(self.cancelLinkButton)

        self.continueAssociationButton = QPushButton(LinkConfirmDialog)
        self.continueAssociationButton.setObjectName(u"continueAssociationButton")
        self.continueAssociationButton.setAutoDefault(False)

        self.linkConfirmButtons.addWidget(self.continueAssociationButton)


        self.linkConfirmLayout.addLayout(self.linkConfirmButtons)

        QWidget.setTabOrder(self.linkDiffTable, self.cancelLinkButton)
        QWidget.setTabOrder(self.cancelLinkButton, self.continueAssociationButton)

        self.retranslateUi(LinkConfirmDialog)

        self.cancelLinkButton.setDefault(True)


        QMetaObject.connectSlotsByName(LinkConfirmDialog)
    # setupUi

    def retranslateUi(self, LinkConfirmDialog):
        LinkConfirmDialog.setWindowTitle(QCoreApplication.translate("LinkConfirmDialog", u"Confirm the Link to CPSE Portal", None))
#if QT_CONFIG(accessibility)
        self.linkConfirmIntro.setAccessibleName(QCoreApplication.translate("LinkConfirmDialog", u"What will be linked", None))
#endif // QT_CONFIG(accessibility)
        self.linkConfirmIntro.setText("")
#if QT_CONFIG(accessibility)
        self.linkDiffTable.setAccessibleName(QCoreApplication.translate("LinkConfirmDialog", u"Differences between Preschool and CPSE Portal", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.linkDiffTable.setAccessibleDescription(QCoreApplication.translate("LinkConfirmDialog", u"One row per field: the Preschool value, the CPSE Portal value and whether they are the same.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.linkDiffSummary.setAccessibleName(QCoreApplication.translate("LinkConfirmDialog", u"Summary of the differences", None))
#endif // QT_CONFIG(accessibility)
        self.linkDiffSummary.setText("")
#if QT_CONFIG(accessibility)
        self.cancelLinkButton.setAccessibleName(QCoreApplication.translate("LinkConfirmDialog", u"Cancel", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.cancelLinkButton.setToolTip(QCoreApplication.translate("LinkConfirmDialog", u"Close without linking; nothing changes.", None))
#endif // QT_CONFIG(tooltip)
        self.cancelLinkButton.setText(QCoreApplication.translate("LinkConfirmDialog", u"Cancel", None))
#if QT_CONFIG(accessibility)
        self.continueAssociationButton.setAccessibleName(QCoreApplication.translate("LinkConfirmDialog", u"Continue Association", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.continueAssociationButton.setToolTip(QCoreApplication.translate("LinkConfirmDialog", u"Link this Preschool provider to the CPSE Portal provider shown.", None))
#endif // QT_CONFIG(tooltip)
        self.continueAssociationButton.setText(QCoreApplication.translate("LinkConfirmDialog", u"&Continue Association", None))
    # retranslateUi

