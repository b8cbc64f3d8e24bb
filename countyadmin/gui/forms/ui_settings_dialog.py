# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'settings_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout

class Ui_SettingsDialog(object):
    def setupUi(self, SettingsDialog):
        if not SettingsDialog.objectName():
            SettingsDialog.setObjectName(u"SettingsDialog")
        SettingsDialog.resize(680, 420)
        self.dialogLayout = QVBoxLayout(SettingsDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.portalBox = QGroupBox(SettingsDialog)
        self.portalBox.setObjectName(u"portalBox")
        self.portalForm = QFormLayout(self.portalBox)
        self.portalForm.setObjectName(u"portalForm")
        self.portalForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.portalUrlLabel = QLabel(self.portalBox)
        self.portalUrlLabel.setObjectName(u"portalUrlLabel")
        self.portalUrlLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.portalForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.portalUrlLabel)

        self.portalUrlEdit = QLineEdit(self.portalBox)
        self.portalUrlEdit.setObjectName(u"portalUrlEdit")

        self.portalForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.portalUrlEdit)

        self.portalUrlPolicyNote = QLabel(self.portalBox)
        self.portalUrlPolicyNote.setObjectName(u"portalUrlPolicyNote")
        self.portalUrlPolicyNote.setTextFormat(Qt.TextFormat.PlainText)
        self.portalUrlPolicyNote.setWordWrap(True)

        self.portalForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.portalUrlPolicyNote)

        self.apiKeyLabel = QLabel(self.portalBox)
        self.apiKeyLabel.setObjectName(u"apiKeyLabel")
        self.apiKeyLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.portalForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.apiKeyLabel)

        self.apiKeyEdit = QLineEdit(self.portalBox)
        self.apiKeyEdit.setObjectName(u"apiKeyEdit")
        self.apiKeyEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.portalForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.apiKeyEdit)

        self.apiKeyMessage = QLabel(self.portalBox)
        self.apiKeyMessage.setObjectName(u"apiKeyMessage")
        self.apiKeyMessage.setTextFormat(Qt.TextFormat.PlainText)
        self.apiKeyMessage.setMinimumSize(QSize(420, 0))
        self.apiKeyMessage.setWordWrap(True)

        self.portalForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.apiKeyMessage)

        self.portalTestRow = QVBoxLayout()
        self.portalTestRow.setObjectName(u"portalTestRow")
        self.testPortalButton = QPushButton(self.portalBox)
        self.testPortalButton.setObjectName(u"testPortalButton")
        self.testPortalButton.setAutoDefault(False)

        self.portalTestRow.addWidget(self.testPortalButton, 0, Qt.AlignmentFlag.AlignLeft)

        self.portalTestResult = QLabel(self.portalBox)
        self.portalTestResult.setObjectName(u"portalTestResult")
        self.portalTestResult.setTextFormat(Qt.TextFormat.PlainText)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.portalTestResult.sizePolicy().hasHeightForWidth())
        self.portalTestResult.setSizePolicy(sizePolicy)
        self.portalTestResult.setWordWrap(True)

        self.portalTestRow.addWidget(self.portalTestResult)


        self.portalForm.setLayout(4, QFormLayout.ItemRole.FieldRole, self.portalTestRow)


        self.dialogLayout.addWidget(self.portalBox)

        self.registryBox = QGroupBox(SettingsDialog)
        self.registryBox.setObjectName(u"registryBox")
        self.registryForm = QFormLayout(self.registryBox)
        self.registryForm.setObjectName(u"registryForm")
        self.registryForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.registryUrlLabel = QLabel(self.registryBox)
        self.registryUrlLabel.setObjectName(u"registryUrlLabel")
        self.registryUrlLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.registryForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.registryUrlLabel)

        self.registryUrlEdit = QLineEdit(self.registryBox)
        self.registryUrlEdit.setObjectName(u"registryUrlEdit")

        self.registryForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.registryUrlEdit)

        self.registryUrlPolicyNote = QLabel(self.registryBox)
        self.registryUrlPolicyNote.setObjectName(u"registryUrlPolicyNote")
        self.registryUrlPolicyNote.setTextFormat(Qt.TextFormat.PlainText)
        self.registryUrlPolicyNote.setWordWrap(True)

        self.registryForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.registryUrlPolicyNote)

        self.registryTestRow = QVBoxLayout()
        self.registryTestRow.setObjectName(u"registryTestRow")
        self.testRegistryButton = QPushButton(self.registryBox)
        self.testRegistryButton.setObjectName(u"testRegistryButton")
        self.testRegistryButton.setAutoDefault(False)

        self.registryTestRow.addWidget(self.testRegistryButton, 0, Qt.AlignmentFlag.AlignLeft)

        self.registryTestResult = QLabel(self.registryBox)
        self.registryTestResult.setObjectName(u"registryTestResult")
        self.registryTestResult.setTextFormat(Qt.TextFormat.PlainText)
        sizePolicy.setHeightForWidth(self.registryTestResult.sizePolicy().hasHeightForWidth())
        self.registryTestResult.setSizePolicy(sizePolicy)
        self.registryTestResult.setWordWrap(True)

        self.registryTestRow.addWidget(self.registryTestResult)


        self.registryForm.setLayout(2, QFormLayout.ItemRole.FieldRole, self.registryTestRow)


        self.dialogLayout.addWidget(self.registryBox)

        self.databaseBox = QGroupBox(SettingsDialog)
        self.databaseBox.setObjectName(u"databaseBox")
        self.databaseForm = QFormLayout(self.databaseBox)
        self.databaseForm.setObjectName(u"databaseForm")
        self.databaseForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.databaseUrlLabel = QLabel(self.databaseBox)
        self.databaseUrlLabel.setObjectName(u"databaseUrlLabel")
        self.databaseUrlLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.databaseForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.databaseUrlLabel)

        self.databaseUrlEdit = QLineEdit(self.databaseBox)
        self.databaseUrlEdit.setObjectName(u"databaseUrlEdit")

        self.databaseForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.databaseUrlEdit)

        self.databaseUrlPolicyNote = QLabel(self.databaseBox)
        self.databaseUrlPolicyNote.setObjectName(u"databaseUrlPolicyNote")
        self.databaseUrlPolicyNote.setTextFormat(Qt.TextFormat.PlainText)
        self.databaseUrlPolicyNote.setWordWrap(True)

        self.databaseForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.databaseUrlPolicyNote)

        self.databaseNote = QLabel(self.databaseBox)
        self.databaseNote.setObjectName(u"databaseNote")
        self.databaseNote.setTextFormat(Qt.TextFormat.PlainText)
        self.databaseNote.setMinimumSize(QSize(420, 0))
        self.databaseNote.setWordWrap(True)

        self.databaseForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.databaseNote)


        self.dialogLayout.addWidget(self.databaseBox)

        self.settingsMessage = QLabel(SettingsDialog)
        self.settingsMessage.setObjectName(u"settingsMessage")
        self.settingsMessage.setTextFormat(Qt.TextFormat.PlainText)
        self.settingsMessage.setWordWrap(True)

        self.dialogLayout.addWidget(self.settingsMessage)

        self.settingsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.dialogLayout.addItem(self.settingsSpacer)

        self.buttonBox = QDialogButtonBox(SettingsDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.dialogLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.portalUrlLabel.setBuddy(self.portalUrlEdit)
        self.apiKeyLabel.setBuddy(self.apiKeyEdit)
        self.registryUrlLabel.setBuddy(self.registryUrlEdit)
        self.databaseUrlLabel.setBuddy(self.databaseUrlEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(SettingsDialog)

        QMetaObject.connectSlotsByName(SettingsDialog)
    # setupUi

    def retranslateUi(self, SettingsDialog):
        SettingsDialog.setWindowTitle(QCoreApplication.translate("SettingsDialog", u"Settings", None))
        self.portalBox.setTitle(QCoreApplication.translate("SettingsDialog", u"CPSE Portal", None))
        self.portalUrlLabel.setText(QCoreApplication.translate("SettingsDialog", u"Portal &address:", None))
#if QT_CONFIG(accessibility)
        self.portalUrlEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"CPSE Portal address", None))
#endif // QT_CONFIG(accessibility)
        self.portalUrlEdit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", u"https://portal.example.org/", None))
#if QT_CONFIG(accessibility)
        self.portalUrlPolicyNote.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"CPSE Portal address set by your IT department", None))
#endif // QT_CONFIG(accessibility)
        self.portalUrlPolicyNote.setText(QCoreApplication.translate("SettingsDialog", u"Set by your IT department.", None))
        self.apiKeyLabel.setText(QCoreApplication.translate("SettingsDialog", u"County API &key:", None))
#if QT_CONFIG(accessibility)
        self.apiKeyEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"County API key", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.apiKeyEdit.setAccessibleDescription(QCoreApplication.translate("SettingsDialog", u"Kept in this computer's keyring, never in a file.", None))
#endif // QT_CONFIG(accessibility)
        self.apiKeyEdit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", u"Paste the key CPSE Portal gave your county", None))
#if QT_CONFIG(accessibility)
        self.apiKeyMessage.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"API key message", None))
#endif // QT_CONFIG(accessibility)
        self.apiKeyMessage.setText("")
#if QT_CONFIG(accessibility)
        self.testPortalButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Test the CPSE Portal connection", None))
#endif // QT_CONFIG(accessibility)
        self.testPortalButton.setText(QCoreApplication.translate("SettingsDialog", u"Test &connection", None))
#if QT_CONFIG(accessibility)
        self.portalTestResult.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"CPSE Portal connection result", None))
#endif // QT_CONFIG(accessibility)
        self.portalTestResult.setText("")
        self.registryBox.setTitle(QCoreApplication.translate("SettingsDialog", u"NPI Registry", None))
        self.registryUrlLabel.setText(QCoreApplication.translate("SettingsDialog", u"Registry a&ddress:", None))
#if QT_CONFIG(accessibility)
        self.registryUrlEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"NPI Registry address", None))
#endif // QT_CONFIG(accessibility)
        self.registryUrlEdit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", u"https://npiregistry.cms.hhs.gov/api/", None))
#if QT_CONFIG(accessibility)
        self.registryUrlPolicyNote.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"NPI Registry address set by your IT department", None))
#endif // QT_CONFIG(accessibility)
        self.registryUrlPolicyNote.setText(QCoreApplication.translate("SettingsDialog", u"Set by your IT department.", None))
#if QT_CONFIG(accessibility)
        self.testRegistryButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Test the NPI Registry connection", None))
#endif // QT_CONFIG(accessibility)
        self.testRegistryButton.setText(QCoreApplication.translate("SettingsDialog", u"Test co&nnection", None))
#if QT_CONFIG(accessibility)
        self.registryTestResult.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"NPI Registry connection result", None))
#endif // QT_CONFIG(accessibility)
        self.registryTestResult.setText("")
        self.databaseBox.setTitle(QCoreApplication.translate("SettingsDialog", u"County Preschool database", None))
        self.databaseUrlLabel.setText(QCoreApplication.translate("SettingsDialog", u"Data&base address:", None))
#if QT_CONFIG(accessibility)
        self.databaseUrlEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Database address", None))
#endif // QT_CONFIG(accessibility)
        self.databaseUrlEdit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", u"Leave empty for the database on this computer", None))
#if QT_CONFIG(accessibility)
        self.databaseUrlPolicyNote.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Database address set by your IT department", None))
#endif // QT_CONFIG(accessibility)
        self.databaseUrlPolicyNote.setText(QCoreApplication.translate("SettingsDialog", u"Set by your IT department.", None))
        self.databaseNote.setText(QCoreApplication.translate("SettingsDialog", u"A new database address takes effect the next time CountyAdmin starts.", None))
#if QT_CONFIG(accessibility)
        self.settingsMessage.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Settings message", None))
#endif // QT_CONFIG(accessibility)
        self.settingsMessage.setText("")
    # retranslateUi

