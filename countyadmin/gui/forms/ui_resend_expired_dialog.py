# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'resend_expired_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpacerItem, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

class Ui_ResendExpiredDialog(object):
    def setupUi(self, resendExpiredDialog):
        if not resendExpiredDialog.objectName():
            resendExpiredDialog.setObjectName(u"resendExpiredDialog")
        resendExpiredDialog.resize(720, 360)
        self.resendExpiredLayout = QVBoxLayout(resendExpiredDialog)
        self.resendExpiredLayout.setObjectName(u"resendExpiredLayout")
        self.resendExpiredIntro = QLabel(resendExpiredDialog)
        self.resendExpiredIntro.setObjectName(u"resendExpiredIntro")
        self.resendExpiredIntro.setTextFormat(Qt.TextFormat.PlainText)

        self.resendExpiredLayout.addWidget(self.resendExpiredIntro)

        self.resendExpiredTable = QTableWidget(resendExpiredDialog)
        if (self.resendExpiredTable.columnCount() < 4):
            self.resendExpiredTable.setColumnCount(4)
        __qtablewidgetitem = QTableWidgetItem()
        self.resendExpiredTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.resendExpiredTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.resendExpiredTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.resendExpiredTable.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        self.resendExpiredTable.setObjectName(u"resendExpiredTable")
        self.resendExpiredTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.resendExpiredTable.setTabKeyNavigation(False)
        self.resendExpiredTable.setColumnCount(4)

        self.resendExpiredLayout.addWidget(self.resendExpiredTable)

        self.resendExpiredButtons = QHBoxLayout()
        self.resendExpiredButtons.setObjectName(u"resendExpiredButtons")
        self.resendExpiredSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.resendExpiredButtons.addItem(self.resendExpiredSpacer)

        self.resendExpiredSendButton = QPushButton(resendExpiredDialog)
        self.resendExpiredSendButton.setObjectName(u"resendExpiredSendButton")
        self.resendExpiredSendButton.setText(u"Resend")
        self.resendExpiredSendButton.setAutoDefault(False)

        self.resendExpiredButtons.addWidget(self.resendExpiredSendButton)

        self.resendExpiredCancelButton = QPushButton(resendExpiredDialog)
        self.resendExpiredCancelButton.setObjectName(u"resendExpiredCancelButton")
        self.resendExpiredCancelButton.setAutoDefault(True)

        self.resendExpiredButtons.addWidget(self.resendExpiredCancelButton)


        self.resendExpiredLayout.addLayout(self.resendExpiredButtons)

        QWidget.setTabOrder(self.resendExpiredTable, self.resendExpiredSendButton)
        QWidget.setTabOrder(self.resendExpiredSendButton, self.resendExpiredCancelButton)

        self.retranslateUi(resendExpiredDialog)

        self.resendExpiredCancelButton.setDefault(True)


        QMetaObject.connectSlotsByName(resendExpiredDialog)
    # setupUi

    def retranslateUi(self, resendExpiredDialog):
        resendExpiredDialog.setWindowTitle(QCoreApplication.translate("ResendExpiredDialog", u"Resend Every Expired Invitation", None))
        self.resendExpiredIntro.setText("")
        ___qtablewidgetitem = self.resendExpiredTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("ResendExpiredDialog", u"Provider", None))
        ___qtablewidgetitem1 = self.resendExpiredTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("ResendExpiredDialog", u"Invitee", None))
        ___qtablewidgetitem2 = self.resendExpiredTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("ResendExpiredDialog", u"E-mail", None))
        ___qtablewidgetitem3 = self.resendExpiredTable.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("ResendExpiredDialog", u"Expired", None))
#if QT_CONFIG(accessibility)
        self.resendExpiredTable.setAccessibleName(QCoreApplication.translate("ResendExpiredDialog", u"Expired invitations to resend", None))
#endif // QT_CONFIG(accessibility)
        self.resendExpiredCancelButton.setText(QCoreApplication.translate("ResendExpiredDialog", u"Cancel", None))
    # retranslateUi

