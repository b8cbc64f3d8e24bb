# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'invite_admin_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout, QWidget

class Ui_InviteAdminDialog(object):
    def setupUi(self, InviteAdminDialog):
        if not InviteAdminDialog.objectName():
            InviteAdminDialog.setObjectName(u"InviteAdminDialog")
        InviteAdminDialog.resize(560, 440)
        InviteAdminDialog.setMinimumSize(QSize(520, 0))
        self.inviteLayout = QVBoxLayout(InviteAdminDialog)
        self.inviteLayout.setObjectName(u"inviteLayout")
        self.inviteIntroLabel = QLabel(InviteAdminDialog)
        self.inviteIntroLabel.setObjectName(u"inviteIntroLabel")
        self.inviteIntroLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.inviteIntroLabel.setWordWrap(True)

        self.inviteLayout.addWidget(self.inviteIntroLabel)

        self.inviteForm = QFormLayout()
        self.inviteForm.setObjectName(u"inviteForm")
        self.inviteForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.firstNameLabel = QLabel(InviteAdminDialog)
        self.firstNameLabel.setObjectName(u"firstNameLabel")
        self.firstNameLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.inviteForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.firstNameLabel)

        self.firstNameEdit = QLineEdit(InviteAdminDialog)
        self.firstNameEdit.setObjectName(u"firstNameEdit")
        self.firstNameEdit.setMaxLength(100)

        self.inviteForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.firstNameEdit)

        self.firstNameMessage = QLabel(InviteAdminDialog)
        self.firstNameMessage.setObjectName(u"firstNameMessage")
        self.firstNameMessage.setTextFormat(Qt.TextFormat.PlainText)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.firstNameMessage.sizePolicy().hasHeightForWidth())
        self.firstNameMessage.setSizePolicy(sizePolicy)
        self.firstNameMessage.setWordWrap(True)

        self.inviteForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.firstNameMessage)

        self.lastNameLabel = QLabel(InviteAdminDialog)
        self.lastNameLabel.setObjectName(u"lastNameLabel")
        self.lastNameLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.inviteForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.lastNameLabel)

        self.lastNameEdit = QLineEdit(InviteAdminDialog)
        self.lastNameEdit.setObjectName(u"lastNameEdit")
        self.lastNameEdit.setMaxLength(100)

        self.inviteForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.lastNameEdit)

        self.lastNameMessage = QLabel(InviteAdminDialog)
        self.lastNameMessage.setObjectName(u"lastNameMessage")
        self.lastNameMessage.setTextFormat(Qt.TextFormat.PlainText)
        sizePolicy.setHeightForWidth(self.lastNameMessage.sizePolicy().hasHeightForWidth())
        self.lastNameMessage.setSizePolicy(sizePolicy)
        self.lastNameMessage.setWordWrap(True)

        self.inviteForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.lastNameMessage)

        self.emailLabel = QLabel(InviteAdminDialog)
        self.emailLabel.setObjectName(u"emailLabel")
        self.emailLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.inviteForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.emailLabel)

        self.emailEdit = QLineEdit(InviteAdminDialog)
        self.emailEdit.setObjectName(u"emailEdit")
        self.emailEdit.setMaxLength(200)

        self.inviteForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.emailEdit)

        self.emailMessage = QLabel(InviteAdminDialog)
        self.emailMessage.setObjectName(u"emailMessage")
        self.emailMessage.setTextFormat(Qt.TextFormat.PlainText)
        sizePolicy.setHeightForWidth(self.emailMessage.sizePolicy().hasHeightForWidth())
        self.emailMessage.setSizePolicy(sizePolicy)
        self.emailMessage.setWordWrap(True)

        self.inviteForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.emailMessage)


        self.inviteLayout.addLayout(self.inviteForm)

        self.alsoTherapistCheck = QCheckBox(InviteAdminDialog)
        self.alsoTherapistCheck.setObjectName(u"alsoTherapistCheck")

        self.inviteLayout.addWidget(self.alsoTherapistCheck)

        self.therapistFields = QWidget(InviteAdminDialog)
        self.therapistFields.setObjectName(u"therapistFields")
        self.therapistForm = QFormLayout(self.therapistFields)
        self.therapistForm.setObjectName(u"therapistForm")
        self.therapistForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.therapistForm.setContentsMargins(24, 0, 0, 0)
        self.therapistNpiLabel = QLabel(self.therapistFields)
        self.therapistNpiLabel.setObjectName(u"therapistNpiLabel")
        self.therapistNpiLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.therapistForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.therapistNpiLabel)

        self.therapistNpiEdit = QLineEdit(self.therapistFields)
        self.therapistNpiEdit.setObjectName(u"therapistNpiEdit")
        self.therapistNpiEdit.setMaxLength(10)

        self.therapistForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.therapistNpiEdit)

        self.therapistNpiMessage = QLabel(self.therapistFields)
        self.therapistNpiMessage.setObjectName(u"therapistNpiMessage")
        self.therapistNpiMessage.setTextFormat(Qt.TextFormat.PlainText)
        sizePolicy.setHeightForWidth(self.therapistNpiMessage.sizePolicy().hasHeightForWidth())
        self.therapistNpiMessage.setSizePolicy(sizePolicy)
        self.therapistNpiMessage.setWordWrap(True)

        self.therapistForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.therapistNpiMessage)

        self.professionLabel = QLabel(self.therapistFields)
        self.professionLabel.setObjectName(u"professionLabel")
        self.professionLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.therapistForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.professionLabel)

        self.professionCombo = QComboBox(self.therapistFields)
        self.professionCombo.setObjectName(u"professionCombo")

        self.therapistForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.professionCombo)

        self.professionMessage = QLabel(self.therapistFields)
        self.professionMessage.setObjectName(u"professionMessage")
        self.professionMessage.setTextFormat(Qt.TextFormat.PlainText)
        sizePolicy.setHeightForWidth(self.professionMessage.sizePolicy().hasHeightForWidth())
        self.professionMessage.setSizePolicy(sizePolicy)
        self.professionMessage.setWordWrap(True)

        self.therapistForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.professionMessage)

        self.licenseLabel = QLabel(self.therapistFields)
        self.licenseLabel.setObjectName(u"licenseLabel")
        self.licenseLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.therapistForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.licenseLabel)

        self.licenseEdit = QLineEdit(self.therapistFields)
        self.licenseEdit.setObjectName(u"licenseEdit")
        self.licenseEdit.setMaxLength(32)

        self.therapistForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.licenseEdit)

        self.licenseMessage = QLabel(self.therapistFields)
        self.licenseMessage.setObjectName(u"licenseMessage")
        self.licenseMessage.setTextFormat(Qt.TextFormat.PlainText)
        sizePolicy.setHeightForWidth(self.licenseMessage.sizePolicy().hasHeightForWidth())
        self.licenseMessage.setSizePolicy(sizePolicy)
        self.licenseMessage.setWordWrap(True)

        self.therapistForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.licenseMessage)


        self.inviteLayout.addWidget(self.therapistFields)

        self.inviteMessage = QLabel(InviteAdminDialog)
        self.inviteMessage.setObjectName(u"inviteMessage")
        self.inviteMessage.setTextFormat(Qt.TextFormat.PlainText)
        sizePolicy.setHeightForWidth(self.inviteMessage.sizePolicy().hasHeightForWidth())
        self.inviteMessage.setSizePolicy(sizePolicy)
        self.inviteMessage.setWordWrap(True)

        self.inviteLayout.addWidget(self.inviteMessage)

        self.inviteSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.inviteLayout.addItem(self.inviteSpacer)

        self.inviteButtons = QHBoxLayout()
        self.inviteButtons.setObjectName(u"inviteButtons")
        self.inviteBusy = QProgressBar(InviteAdminDialog)
        self.inviteBusy.setObjectName(u"inviteBusy")
        self.inviteBusy.setMaximumSize(QSize(60, 12))
        self.inviteBusy.setMaximum(0)
        self.inviteBusy.setTextVisible(False)

        self.inviteButtons.addWidget(self.inviteBusy)

        self.inviteButtonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.inviteButtons.addItem(self.inviteButtonsSpacer)

        self.resendPendingButton = QPushButton(InviteAdminDialog)
        self.resendPendingButton.setObjectName(u"resendPendingButton")
        self.resendPendingButton.setAutoDefault(False)

        self.inviteButtons.addWidget(self.resendPendingButton)

        self.withdrawQueuedButton = QPushButton(InviteAdminDialog)
        self.withdrawQueuedButton.setObjectName(u"withdrawQueuedButton")
        self.withdrawQueuedButton.setAutoDefault(False)

        self.inviteButtons.addWidget(self.withdrawQueuedButton)

        self.inviteCancelButton = QPushButton(InviteAdminDialog)
        self.inviteCancelButton.setObjectName(u"inviteCancelButton")
        self.inviteCancelButton.setAutoDefault(False)

        self.inviteButtons.addWidget(self.inviteCancelButton)

        self.inviteAsAdminButton = QPushButton(InviteAdminDialog)
        self.inviteAsAdminButton.setObjectName(u"inviteAsAdminButton")
        self.inviteAsAdminButton.setAutoDefault(True)

        self.inviteButtons.addWidget(self.inviteAsAdminButton)


        self.inviteLayout.addLayout(self.inviteButtons)

#if QT_CONFIG(shortcut)
        self.firstNameLabel.setBuddy(self.firstNameEdit)
        self.lastNameLabel.setBuddy(self.lastNameEdit)
        self.emailLabel.setBuddy(self.emailEdit)
        self.therapistNpiLabel.setBuddy(self.therapistNpiEdit)
        self.professionLabel.setBuddy(self.professionCombo)
        self.licenseLabel.setBuddy(self.licenseEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.firstNameEdit, self.lastNameEdit)
        QWidget.setTabOrder(self.lastNameEdit, self.emailEdit)
        QWidget.setTabOrder(self.emailEdit, self.alsoTherapistCheck)
        QWidget.setTabOrder(self.alsoTherapistCheck, self.therapistNpiEdit)
        QWidget.setTabOrder(self.therapistNpiEdit, self.professionCombo)
        QWidget.setTabOrder(self.professionCombo, self.licenseEdit)
        QWidget.setTabOrder(self.licenseEdit, self.inviteAsAdminButton)
        QWidget.setTabOrder(self.inviteAsAdminButton, self.resendPendingButton)
        QWidget.setTabOrder(self.resendPendingButton, self.withdrawQueuedButton)
        QWidget.setTabOrder(self.withdrawQueuedButton, self.inviteCancelButton)

        self.retranslateUi(InviteAdminDialog)

        self.inviteAsAdminButton.setDefault(True)


        QMetaObject.connectSlotsByName(InviteAdminDialog)
    # setupUi

    def retranslateUi(self, InviteAdminDialog):
        InviteAdminDialog.setWindowTitle(QCoreApplication.translate("InviteAdminDialog", u"Invite New Admin User", None))
#if QT_CONFIG(accessibility)
        InviteAdminDialog.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"Invite New Admin User", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.inviteIntroLabel.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"About this invitation", None))
#endif // QT_CONFIG(accessibility)
        self.inviteIntroLabel.setText("")
        self.firstNameLabel.setText(QCoreApplication.translate("InviteAdminDialog", u"&First name:", None))
#if QT_CONFIG(accessibility)
        self.firstNameEdit.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"First name", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.firstNameMessage.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"First name message", None))
#endif // QT_CONFIG(accessibility)
        self.firstNameMessage.setText("")
        self.lastNameLabel.setText(QCoreApplication.translate("InviteAdminDialog", u"&Last name:", None))
#if QT_CONFIG(accessibility)
        self.lastNameEdit.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"Last name", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.lastNameMessage.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"Last name message", None))
#endif // QT_CONFIG(accessibility)
        self.lastNameMessage.setText("")
        self.emailLabel.setText(QCoreApplication.translate("InviteAdminDialog", u"&E-mail:", None))
#if QT_CONFIG(accessibility)
        self.emailEdit.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"E-mail", None))
#endif // QT_CONFIG(accessibility)
        self.emailEdit.setPlaceholderText(QCoreApplication.translate("InviteAdminDialog", u"name@example.org", None))
#if QT_CONFIG(accessibility)
        self.emailMessage.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"E-mail message", None))
#endif // QT_CONFIG(accessibility)
        self.emailMessage.setText("")
#if QT_CONFIG(accessibility)
        self.alsoTherapistCheck.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"User is also a therapist / service provider", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.alsoTherapistCheck.setToolTip(QCoreApplication.translate("InviteAdminDialog", u"Tick when the person also provides services to children (OT, PT, SLP, teachers, aides\u2026). Enter their NPI if they have one: aides and teachers usually have none.", None))
#endif // QT_CONFIG(tooltip)
        self.alsoTherapistCheck.setText(QCoreApplication.translate("InviteAdminDialog", u"User is also a &therapist / service provider", None))
#if QT_CONFIG(accessibility)
        self.therapistFields.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"Therapist details", None))
#endif // QT_CONFIG(accessibility)
        self.therapistNpiLabel.setText(QCoreApplication.translate("InviteAdminDialog", u"&NPI:", None))
#if QT_CONFIG(accessibility)
        self.therapistNpiEdit.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"Therapist NPI", None))
#endif // QT_CONFIG(accessibility)
        self.therapistNpiEdit.setPlaceholderText(QCoreApplication.translate("InviteAdminDialog", u"10 digits, if they have one", None))
#if QT_CONFIG(accessibility)
        self.therapistNpiMessage.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"Therapist NPI message", None))
#endif // QT_CONFIG(accessibility)
        self.therapistNpiMessage.setText("")
        self.professionLabel.setText(QCoreApplication.translate("InviteAdminDialog", u"&Profession:", None))
#if QT_CONFIG(accessibility)
        self.professionCombo.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"Profession", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.professionMessage.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"Profession message", None))
#endif // QT_CONFIG(accessibility)
        self.professionMessage.setText("")
        self.licenseLabel.setText(QCoreApplication.translate("InviteAdminDialog", u"Li&cense:", None))
#if QT_CONFIG(accessibility)
        self.licenseEdit.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"License number", None))
#endif // QT_CONFIG(accessibility)
        self.licenseEdit.setPlaceholderText(QCoreApplication.translate("InviteAdminDialog", u"NY license, usually 6 digits (optional)", None))
#if QT_CONFIG(accessibility)
        self.licenseMessage.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"License message", None))
#endif // QT_CONFIG(accessibility)
        self.licenseMessage.setText("")
#if QT_CONFIG(accessibility)
        self.inviteMessage.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"Invitation message", None))
#endif // QT_CONFIG(accessibility)
        self.inviteMessage.setText("")
#if QT_CONFIG(accessibility)
        self.inviteBusy.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"Sending the invitation to CPSE Portal", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.resendPendingButton.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"Resend Pending Invitation", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.resendPendingButton.setToolTip(QCoreApplication.translate("InviteAdminDialog", u"E-mail the invitation this person already has again, valid for 14 more days.", None))
#endif // QT_CONFIG(tooltip)
        self.resendPendingButton.setText(QCoreApplication.translate("InviteAdminDialog", u"&Resend Pending Invitation", None))
#if QT_CONFIG(accessibility)
        self.withdrawQueuedButton.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"Withdraw Invitation", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.withdrawQueuedButton.setToolTip(QCoreApplication.translate("InviteAdminDialog", u"Stop this queued invitation before it goes out, and correct what was typed.", None))
#endif // QT_CONFIG(tooltip)
        self.withdrawQueuedButton.setText(QCoreApplication.translate("InviteAdminDialog", u"&Withdraw Invitation", None))
#if QT_CONFIG(accessibility)
        self.inviteCancelButton.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"Cancel", None))
#endif // QT_CONFIG(accessibility)
        self.inviteCancelButton.setText(QCoreApplication.translate("InviteAdminDialog", u"Cancel", None))
#if QT_CONFIG(accessibility)
        self.inviteAsAdminButton.setAccessibleName(QCoreApplication.translate("InviteAdminDialog", u"Invite as Admin", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.inviteAsAdminButton.setToolTip(QCoreApplication.translate("InviteAdminDialog", u"Send the invitation to CPSE Portal, which e-mails it to the person.", None))
#endif // QT_CONFIG(tooltip)
        self.inviteAsAdminButton.setText(QCoreApplication.translate("InviteAdminDialog", u"Invite as &Admin", None))
    # retranslateUi

