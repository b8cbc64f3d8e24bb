# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'provider_details_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QProgressBar,
    QPushButton, QSizePolicy, QSpacerItem, QTabWidget,
    QVBoxLayout, QWidget)

class Ui_ProviderDetailsDialog(object):
    def setupUi(self, ProviderDetailsDialog):
        if not ProviderDetailsDialog.objectName():
            ProviderDetailsDialog.setObjectName(u"ProviderDetailsDialog")
        ProviderDetailsDialog.resize(720, 500)
        ProviderDetailsDialog.setModal(False)
        self.dialogLayout = QVBoxLayout(ProviderDetailsDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.providerNameLabel = QLabel(ProviderDetailsDialog)
        self.providerNameLabel.setObjectName(u"providerNameLabel")
        self.providerNameLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.dialogLayout.addWidget(self.providerNameLabel)

        self.providerAddressLabel = QLabel(ProviderDetailsDialog)
        self.providerAddressLabel.setObjectName(u"providerAddressLabel")
        self.providerAddressLabel.setWordWrap(True)
        self.providerAddressLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.dialogLayout.addWidget(self.providerAddressLabel)

        self.providerTabs = QTabWidget(ProviderDetailsDialog)
        self.providerTabs.setObjectName(u"providerTabs")
        self.profileTab = QWidget()
        self.profileTab.setObjectName(u"profileTab")
        self.profileLayout = QVBoxLayout(self.profileTab)
        self.profileLayout.setObjectName(u"profileLayout")
        self.profileForm = QFormLayout()
        self.profileForm.setObjectName(u"profileForm")
        self.profileForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.providerTypeLabel = QLabel(self.profileTab)
        self.providerTypeLabel.setObjectName(u"providerTypeLabel")

        self.profileForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.providerTypeLabel)

        self.providerTypeRow = QHBoxLayout()
        self.providerTypeRow.setObjectName(u"providerTypeRow")
        self.providerTypeCombo = QComboBox(self.profileTab)
        self.providerTypeCombo.addItem("")
        self.providerTypeCombo.addItem("")
        self.providerTypeCombo.setObjectName(u"providerTypeCombo")
        self.providerTypeCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.providerTypeRow.addWidget(self.providerTypeCombo)

        self.providerTypeMessage = QLabel(self.profileTab)
        self.providerTypeMessage.setObjectName(u"providerTypeMessage")
        self.providerTypeMessage.setWordWrap(True)

        self.providerTypeRow.addWidget(self.providerTypeMessage)

        self.providerTypeSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.providerTypeRow.addItem(self.providerTypeSpacer)


        self.profileForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.providerTypeRow)

        self.npiLabel = QLabel(self.profileTab)
        self.npiLabel.setObjectName(u"npiLabel")

        self.profileForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.npiLabel)

        self.npiRow = QHBoxLayout()
        self.npiRow.setObjectName(u"npiRow")
        self.npiEdit = QLineEdit(self.profileTab)
        self.npiEdit.setObjectName(u"npiEdit")
        self.npiEdit.setMinimumSize(QSize(130, 0))
        self.npiEdit.setMaximumSize(QSize(160, 16777215))
        self.npiEdit.setMaxLength(20)

        self.npiRow.addWidget(self.npiEdit)

        self.npiBusy = QProgressBar(self.profileTab)
        self.npiBusy.setObjectName(u"npiBusy")
        self.npiBusy.setMaximumSize(QSize(60, 12))
        self.npiBusy.setMaximum(0)
        self.npiBusy.setTextVisible(False)

        self.npiRow.addWidget(self.npiBusy)

        self.npiRegistryName = QLabel(self.profileTab)
        self.npiRegistryName.setObjectName(u"npiRegistryName")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.npiRegistryName.sizePolicy().hasHeightForWidth())
        self.npiRegistryName.setSizePolicy(sizePolicy)
        self.npiRegistryName.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.npiRow.addWidget(self.npiRegistryName)


        self.profileForm.setLayout(1, QFormLayout.ItemRole.FieldRole, self.npiRow)

        self.npiMessage = QLabel(self.profileTab)
        self.npiMessage.setObjectName(u"npiMessage")
        self.npiMessage.setMinimumSize(QSize(420, 0))
        self.npiMessage.setWordWrap(True)

        self.profileForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.npiMessage)

        self.sedCodeLabel = QLabel(self.profileTab)
        self.sedCodeLabel.setObjectName(u"sedCodeLabel")

        self.profileForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.sedCodeLabel)

        self.sedCodeEdit = QLineEdit(self.profileTab)
        self.sedCodeEdit.setObjectName(u"sedCodeEdit")
        self.sedCodeEdit.setMinimumSize(QSize(130, 0))
        self.sedCodeEdit.setMaximumSize(QSize(160, 16777215))
        self.sedCodeEdit.setMaxLength(20)

        self.profileForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.sedCodeEdit)

        self.sedCodeMessage = QLabel(self.profileTab)
        self.sedCodeMessage.setObjectName(u"sedCodeMessage")
        self.sedCodeMessage.setMinimumSize(QSize(420, 0))
        self.sedCodeMessage.setWordWrap(True)

        self.profileForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.sedCodeMessage)

        self.usesPortalCheck = QCheckBox(self.profileTab)
        self.usesPortalCheck.setObjectName(u"usesPortalCheck")

        self.profileForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.usesPortalCheck)


        self.profileLayout.addLayout(self.profileForm)

        self.portalMatchesBox = QGroupBox(self.profileTab)
        self.portalMatchesBox.setObjectName(u"portalMatchesBox")
        self.portalMatchesBox.setVisible(False)
        self.portalMatchesLayout = QVBoxLayout(self.portalMatchesBox)
        self.portalMatchesLayout.setObjectName(u"portalMatchesLayout")

        self.profileLayout.addWidget(self.portalMatchesBox)

        self.profileSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.profileLayout.addItem(self.profileSpacer)

        self.saveMessage = QLabel(self.profileTab)
        self.saveMessage.setObjectName(u"saveMessage")
        self.saveMessage.setWordWrap(True)

        self.profileLayout.addWidget(self.saveMessage)

        self.applyRow = QHBoxLayout()
        self.applyRow.setObjectName(u"applyRow")
        self.applySpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.applyRow.addItem(self.applySpacer)

        self.reloadButton = QPushButton(self.profileTab)
        self.reloadButton.setObjectName(u"reloadButton")

        self.applyRow.addWidget(self.reloadButton)

        self.applyButton = QPushButton(self.profileTab)
        self.applyButton.setObjectName(u"applyButton")
        self.applyButton.setAutoDefault(False)

        self.applyRow.addWidget(self.applyButton)


        self.profileLayout.addLayout(self.applyRow)

        self.providerTabs.addTab(self.profileTab, "")
        self.adminUsersTab = QWidget()
        self.adminUsersTab.setObjectName(u"adminUsersTab")
        self.adminUsersLayout = QVBoxLayout(self.adminUsersTab)
        self.adminUsersLayout.setObjectName(u"adminUsersLayout")
        self.adminUsersStatus = QLabel(self.adminUsersTab)
        self.adminUsersStatus.setObjectName(u"adminUsersStatus")
        self.adminUsersStatus.setWordWrap(True)
        self.adminUsersStatus.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.adminUsersLayout.addWidget(self.adminUsersStatus)

        self.adminUsersSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.adminUsersLayout.addItem(self.adminUsersSpacer)

        self.providerTabs.addTab(self.adminUsersTab, "")

        self.dialogLayout.addWidget(self.providerTabs)

        self.buttonBox = QDialogButtonBox(ProviderDetailsDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.dialogLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.providerTypeLabel.setBuddy(self.providerTypeCombo)
        self.npiLabel.setBuddy(self.npiEdit)
        self.sedCodeLabel.setBuddy(self.sedCodeEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.providerTabs, self.providerTypeCombo)
        QWidget.setTabOrder(self.providerTypeCombo, self.npiEdit)
        QWidget.setTabOrder(self.npiEdit, self.sedCodeEdit)
        QWidget.setTabOrder(self.sedCodeEdit, self.usesPortalCheck)
        QWidget.setTabOrder(self.usesPortalCheck, self.applyButton)
        QWidget.setTabOrder(self.applyButton, self.reloadButton)

        self.retranslateUi(ProviderDetailsDialog)

        self.providerTabs.setCurrentIndex(0)
        self.providerTypeCombo.setCurrentIndex(-1)


        QMetaObject.connectSlotsByName(ProviderDetailsDialog)
    # setupUi

    def retranslateUi(self, ProviderDetailsDialog):
        ProviderDetailsDialog.setWindowTitle(QCoreApplication.translate("ProviderDetailsDialog", u"Provider Details", None))
#if QT_CONFIG(accessibility)
        self.providerNameLabel.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Provider name", None))
#endif // QT_CONFIG(accessibility)
        self.providerNameLabel.setText(QCoreApplication.translate("ProviderDetailsDialog", u"Loading the provider\u2026", None))
#if QT_CONFIG(accessibility)
        self.providerAddressLabel.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Provider address", None))
#endif // QT_CONFIG(accessibility)
        self.providerAddressLabel.setText("")
#if QT_CONFIG(accessibility)
        self.providerTabs.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Provider details", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.profileTab.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Billing Provider Profile", None))
#endif // QT_CONFIG(accessibility)
        self.providerTypeLabel.setText(QCoreApplication.translate("ProviderDetailsDialog", u"Provider &type:", None))
        self.providerTypeCombo.setItemText(0, QCoreApplication.translate("ProviderDetailsDialog", u"Agency", None))
        self.providerTypeCombo.setItemText(1, QCoreApplication.translate("ProviderDetailsDialog", u"Individual", None))

#if QT_CONFIG(accessibility)
        self.providerTypeCombo.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Provider type", None))
#endif // QT_CONFIG(accessibility)
        self.providerTypeCombo.setPlaceholderText(QCoreApplication.translate("ProviderDetailsDialog", u"Choose Agency or Individual", None))
#if QT_CONFIG(accessibility)
        self.providerTypeMessage.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Provider type problem", None))
#endif // QT_CONFIG(accessibility)
        self.providerTypeMessage.setText("")
        self.npiLabel.setText(QCoreApplication.translate("ProviderDetailsDialog", u"&NPI:", None))
#if QT_CONFIG(accessibility)
        self.npiEdit.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"NPI", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.npiEdit.setAccessibleDescription(QCoreApplication.translate("ProviderDetailsDialog", u"The provider's 10-digit National Provider Identifier. It is looked up in the NPI Registry as you type.", None))
#endif // QT_CONFIG(accessibility)
        self.npiEdit.setPlaceholderText(QCoreApplication.translate("ProviderDetailsDialog", u"10 digits", None))
#if QT_CONFIG(accessibility)
        self.npiBusy.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Looking up the NPI", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.npiRegistryName.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Name in the NPI Registry", None))
#endif // QT_CONFIG(accessibility)
        self.npiRegistryName.setText("")
#if QT_CONFIG(accessibility)
        self.npiMessage.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"NPI message", None))
#endif // QT_CONFIG(accessibility)
        self.npiMessage.setText("")
        self.sedCodeLabel.setText(QCoreApplication.translate("ProviderDetailsDialog", u"&SED code:", None))
#if QT_CONFIG(accessibility)
        self.sedCodeEdit.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"SED code", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.sedCodeEdit.setAccessibleDescription(QCoreApplication.translate("ProviderDetailsDialog", u"The provider's 12-digit NYSED provider code, leading zeros included.", None))
#endif // QT_CONFIG(accessibility)
        self.sedCodeEdit.setPlaceholderText(QCoreApplication.translate("ProviderDetailsDialog", u"12 digits", None))
#if QT_CONFIG(accessibility)
        self.sedCodeMessage.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"SED code message", None))
#endif // QT_CONFIG(accessibility)
        self.sedCodeMessage.setText("")
#if QT_CONFIG(accessibility)
        self.usesPortalCheck.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Provider Uses CPSE Portal", None))
#endif // QT_CONFIG(accessibility)
        self.usesPortalCheck.setText(QCoreApplication.translate("ProviderDetailsDialog", u"Provider &Uses CPSE Portal", None))
        self.portalMatchesBox.setTitle(QCoreApplication.translate("ProviderDetailsDialog", u"Matching CPSE Portal providers", None))
#if QT_CONFIG(accessibility)
        self.saveMessage.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Save result", None))
#endif // QT_CONFIG(accessibility)
        self.saveMessage.setText("")
#if QT_CONFIG(accessibility)
        self.reloadButton.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Reload the provider", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.reloadButton.setToolTip(QCoreApplication.translate("ProviderDetailsDialog", u"Discard what you typed and show the provider as it is saved now.", None))
#endif // QT_CONFIG(tooltip)
        self.reloadButton.setText(QCoreApplication.translate("ProviderDetailsDialog", u"&Reload", None))
#if QT_CONFIG(accessibility)
        self.applyButton.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Apply", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.applyButton.setToolTip(QCoreApplication.translate("ProviderDetailsDialog", u"Save the Billing Provider Profile.", None))
#endif // QT_CONFIG(tooltip)
        self.applyButton.setText(QCoreApplication.translate("ProviderDetailsDialog", u"&Apply", None))
        self.providerTabs.setTabText(self.providerTabs.indexOf(self.profileTab), QCoreApplication.translate("ProviderDetailsDialog", u"Billing Provider Profile", None))
#if QT_CONFIG(accessibility)
        self.adminUsersTab.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Provider Admin Users", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.adminUsersStatus.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Admin users status", None))
#endif // QT_CONFIG(accessibility)
        self.adminUsersStatus.setText("")
        self.providerTabs.setTabText(self.providerTabs.indexOf(self.adminUsersTab), QCoreApplication.translate("ProviderDetailsDialog", u"Provider Admin Users", None))
    # retranslateUi

