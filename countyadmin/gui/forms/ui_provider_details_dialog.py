# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'provider_details_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QComboBox, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QSizePolicy, QSpacerItem, QTabWidget, QTableView, QVBoxLayout, QWidget

class Ui_ProviderDetailsDialog(object):
    def setupUi(self, ProviderDetailsDialog):
        if not ProviderDetailsDialog.objectName():
            ProviderDetailsDialog.setObjectName(u"ProviderDetailsDialog")
        ProviderDetailsDialog.resize(940, 700)
        ProviderDetailsDialog.setModal(False)
        self.dialogLayout = QVBoxLayout(ProviderDetailsDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.providerNameLabel = QLabel(ProviderDetailsDialog)
        self.providerNameLabel.setObjectName(u"providerNameLabel")
        self.providerNameLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.providerNameLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.dialogLayout.addWidget(self.providerNameLabel)

        self.providerAddressLabel = QLabel(ProviderDetailsDialog)
        self.providerAddressLabel.setObjectName(u"providerAddressLabel")
        self.providerAddressLabel.setTextFormat(Qt.TextFormat.PlainText)
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
        self.providerTypeLabel.setTextFormat(Qt.TextFormat.PlainText)

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
        self.providerTypeMessage.setTextFormat(Qt.TextFormat.PlainText)
        self.providerTypeMessage.setWordWrap(True)

        self.providerTypeRow.addWidget(self.providerTypeMessage)

        self.providerTypeSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.providerTypeRow.addItem(self.providerTypeSpacer)


        self.profileForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.providerTypeRow)

        self.npiLabel = QLabel(self.profileTab)
        self.npiLabel.setObjectName(u"npiLabel")
        self.npiLabel.setTextFormat(Qt.TextFormat.PlainText)

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
        self.npiRegistryName.setTextFormat(Qt.TextFormat.PlainText)
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
        self.npiMessage.setTextFormat(Qt.TextFormat.PlainText)
        self.npiMessage.setMinimumSize(QSize(420, 0))
        self.npiMessage.setWordWrap(True)

        self.profileForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.npiMessage)

        self.sedCodeLabel = QLabel(self.profileTab)
        self.sedCodeLabel.setObjectName(u"sedCodeLabel")
        self.sedCodeLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.profileForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.sedCodeLabel)

        self.sedCodeEdit = QLineEdit(self.profileTab)
        self.sedCodeEdit.setObjectName(u"sedCodeEdit")
        self.sedCodeEdit.setMinimumSize(QSize(130, 0))
        self.sedCodeEdit.setMaximumSize(QSize(160, 16777215))
        self.sedCodeEdit.setMaxLength(20)

        self.profileForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.sedCodeEdit)

        self.sedCodeMessage = QLabel(self.profileTab)
        self.sedCodeMessage.setObjectName(u"sedCodeMessage")
        self.sedCodeMessage.setTextFormat(Qt.TextFormat.PlainText)
        self.sedCodeMessage.setMinimumSize(QSize(420, 0))
        self.sedCodeMessage.setWordWrap(True)

        self.profileForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.sedCodeMessage)

        self.usesPortalCheck = QCheckBox(self.profileTab)
        self.usesPortalCheck.setObjectName(u"usesPortalCheck")

        self.profileForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.usesPortalCheck)


        self.profileLayout.addLayout(self.profileForm)

        self.portalMatchesBox = QGroupBox(self.profileTab)
        self.portalMatchesBox.setObjectName(u"portalMatchesBox")
        self.portalMatchesLayout = QVBoxLayout(self.portalMatchesBox)
        self.portalMatchesLayout.setObjectName(u"portalMatchesLayout")
        self.portalMatchesStatusRow = QHBoxLayout()
        self.portalMatchesStatusRow.setObjectName(u"portalMatchesStatusRow")
        self.portalMatchesBusy = QProgressBar(self.portalMatchesBox)
        self.portalMatchesBusy.setObjectName(u"portalMatchesBusy")
        self.portalMatchesBusy.setMaximumSize(QSize(60, 12))
        self.portalMatchesBusy.setMaximum(0)
        self.portalMatchesBusy.setTextVisible(False)

        self.portalMatchesStatusRow.addWidget(self.portalMatchesBusy)

        self.portalMatchesMessage = QLabel(self.portalMatchesBox)
        self.portalMatchesMessage.setObjectName(u"portalMatchesMessage")
        self.portalMatchesMessage.setTextFormat(Qt.TextFormat.PlainText)
        sizePolicy.setHeightForWidth(self.portalMatchesMessage.sizePolicy().hasHeightForWidth())
        self.portalMatchesMessage.setSizePolicy(sizePolicy)
        self.portalMatchesMessage.setWordWrap(True)

        self.portalMatchesStatusRow.addWidget(self.portalMatchesMessage)

        self.tryLinkAgainButton = QPushButton(self.portalMatchesBox)
        self.tryLinkAgainButton.setObjectName(u"tryLinkAgainButton")
        self.tryLinkAgainButton.setAutoDefault(False)

        self.portalMatchesStatusRow.addWidget(self.tryLinkAgainButton)

        self.retryMatchesButton = QPushButton(self.portalMatchesBox)
        self.retryMatchesButton.setObjectName(u"retryMatchesButton")
        self.retryMatchesButton.setAutoDefault(False)

        self.portalMatchesStatusRow.addWidget(self.retryMatchesButton)


        self.portalMatchesLayout.addLayout(self.portalMatchesStatusRow)

        self.portalMatchesTable = QTableView(self.portalMatchesBox)
        self.portalMatchesTable.setObjectName(u"portalMatchesTable")
        self.portalMatchesTable.setTabKeyNavigation(False)
        sizePolicy1 = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        sizePolicy1.setHorizontalStretch(0)
        sizePolicy1.setVerticalStretch(1)
        sizePolicy1.setHeightForWidth(self.portalMatchesTable.sizePolicy().hasHeightForWidth())
        self.portalMatchesTable.setSizePolicy(sizePolicy1)
        self.portalMatchesTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.portalMatchesTable.setAlternatingRowColors(True)
        self.portalMatchesTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.portalMatchesTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.portalMatchesTable.setWordWrap(False)
        self.portalMatchesTable.horizontalHeader().setStretchLastSection(True)
        self.portalMatchesTable.verticalHeader().setVisible(False)

        self.portalMatchesLayout.addWidget(self.portalMatchesTable)

        self.portalMatchesButtons = QHBoxLayout()
        self.portalMatchesButtons.setObjectName(u"portalMatchesButtons")
        self.portalActionsReason = QLabel(self.portalMatchesBox)
        self.portalActionsReason.setObjectName(u"portalActionsReason")
        sizePolicy.setHeightForWidth(self.portalActionsReason.sizePolicy().hasHeightForWidth())
        self.portalActionsReason.setSizePolicy(sizePolicy)
        self.portalActionsReason.setTextFormat(Qt.TextFormat.PlainText)
        self.portalActionsReason.setWordWrap(True)

        self.portalMatchesButtons.addWidget(self.portalActionsReason)

        self.portalMatchesSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.portalMatchesButtons.addItem(self.portalMatchesSpacer)

        self.addNewPortalProviderButton = QPushButton(self.portalMatchesBox)
        self.addNewPortalProviderButton.setObjectName(u"addNewPortalProviderButton")
        self.addNewPortalProviderButton.setAutoDefault(False)

        self.portalMatchesButtons.addWidget(self.addNewPortalProviderButton)

        self.linkSelectedButton = QPushButton(self.portalMatchesBox)
        self.linkSelectedButton.setObjectName(u"linkSelectedButton")
        self.linkSelectedButton.setAutoDefault(False)

        self.portalMatchesButtons.addWidget(self.linkSelectedButton)


        self.portalMatchesLayout.addLayout(self.portalMatchesButtons)


        self.profileLayout.addWidget(self.portalMatchesBox)

        self.portalDetailsBox = QGroupBox(self.profileTab)
        self.portalDetailsBox.setObjectName(u"portalDetailsBox")
        self.portalDetailsLayout = QVBoxLayout(self.portalDetailsBox)
        self.portalDetailsLayout.setObjectName(u"portalDetailsLayout")
        self.portalDetailsForm = QFormLayout()
        self.portalDetailsForm.setObjectName(u"portalDetailsForm")
        self.portalProviderIdLabelCaption = QLabel(self.portalDetailsBox)
        self.portalProviderIdLabelCaption.setObjectName(u"portalProviderIdLabelCaption")
        self.portalProviderIdLabelCaption.setTextFormat(Qt.TextFormat.PlainText)

        self.portalDetailsForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.portalProviderIdLabelCaption)

        self.portalProviderIdLabel = QLabel(self.portalDetailsBox)
        self.portalProviderIdLabel.setObjectName(u"portalProviderIdLabel")
        self.portalProviderIdLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.portalProviderIdLabel.setWordWrap(True)
        self.portalProviderIdLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.portalDetailsForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.portalProviderIdLabel)

        self.portalNameLabelCaption = QLabel(self.portalDetailsBox)
        self.portalNameLabelCaption.setObjectName(u"portalNameLabelCaption")
        self.portalNameLabelCaption.setTextFormat(Qt.TextFormat.PlainText)

        self.portalDetailsForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.portalNameLabelCaption)

        self.portalNameLabel = QLabel(self.portalDetailsBox)
        self.portalNameLabel.setObjectName(u"portalNameLabel")
        self.portalNameLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.portalNameLabel.setWordWrap(True)
        self.portalNameLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.portalDetailsForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.portalNameLabel)

        self.portalTypeLabelCaption = QLabel(self.portalDetailsBox)
        self.portalTypeLabelCaption.setObjectName(u"portalTypeLabelCaption")
        self.portalTypeLabelCaption.setTextFormat(Qt.TextFormat.PlainText)

        self.portalDetailsForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.portalTypeLabelCaption)

        self.portalTypeLabel = QLabel(self.portalDetailsBox)
        self.portalTypeLabel.setObjectName(u"portalTypeLabel")
        self.portalTypeLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.portalTypeLabel.setWordWrap(True)
        self.portalTypeLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.portalDetailsForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.portalTypeLabel)

        self.portalNpiLabelCaption = QLabel(self.portalDetailsBox)
        self.portalNpiLabelCaption.setObjectName(u"portalNpiLabelCaption")
        self.portalNpiLabelCaption.setTextFormat(Qt.TextFormat.PlainText)

        self.portalDetailsForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.portalNpiLabelCaption)

        self.portalNpiLabel = QLabel(self.portalDetailsBox)
        self.portalNpiLabel.setObjectName(u"portalNpiLabel")
        self.portalNpiLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.portalNpiLabel.setWordWrap(True)
        self.portalNpiLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.portalDetailsForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.portalNpiLabel)

        self.portalSedCodeLabelCaption = QLabel(self.portalDetailsBox)
        self.portalSedCodeLabelCaption.setObjectName(u"portalSedCodeLabelCaption")
        self.portalSedCodeLabelCaption.setTextFormat(Qt.TextFormat.PlainText)

        self.portalDetailsForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.portalSedCodeLabelCaption)

        self.portalSedCodeLabel = QLabel(self.portalDetailsBox)
        self.portalSedCodeLabel.setObjectName(u"portalSedCodeLabel")
        self.portalSedCodeLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.portalSedCodeLabel.setWordWrap(True)
        self.portalSedCodeLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.portalDetailsForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.portalSedCodeLabel)

        self.portalAddressLabelCaption = QLabel(self.portalDetailsBox)
        self.portalAddressLabelCaption.setObjectName(u"portalAddressLabelCaption")
        self.portalAddressLabelCaption.setTextFormat(Qt.TextFormat.PlainText)

        self.portalDetailsForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.portalAddressLabelCaption)

        self.portalAddressLabel = QLabel(self.portalDetailsBox)
        self.portalAddressLabel.setObjectName(u"portalAddressLabel")
        self.portalAddressLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.portalAddressLabel.setWordWrap(True)
        self.portalAddressLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.portalDetailsForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.portalAddressLabel)

        self.portalStatusLabelCaption = QLabel(self.portalDetailsBox)
        self.portalStatusLabelCaption.setObjectName(u"portalStatusLabelCaption")
        self.portalStatusLabelCaption.setTextFormat(Qt.TextFormat.PlainText)

        self.portalDetailsForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.portalStatusLabelCaption)

        self.portalStatusLabel = QLabel(self.portalDetailsBox)
        self.portalStatusLabel.setObjectName(u"portalStatusLabel")
        self.portalStatusLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.portalStatusLabel.setWordWrap(True)
        self.portalStatusLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.portalDetailsForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.portalStatusLabel)

        self.portalLinkedLabelCaption = QLabel(self.portalDetailsBox)
        self.portalLinkedLabelCaption.setObjectName(u"portalLinkedLabelCaption")
        self.portalLinkedLabelCaption.setTextFormat(Qt.TextFormat.PlainText)

        self.portalDetailsForm.setWidget(7, QFormLayout.ItemRole.LabelRole, self.portalLinkedLabelCaption)

        self.portalLinkedLabel = QLabel(self.portalDetailsBox)
        self.portalLinkedLabel.setObjectName(u"portalLinkedLabel")
        self.portalLinkedLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.portalLinkedLabel.setWordWrap(True)
        self.portalLinkedLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.portalDetailsForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.portalLinkedLabel)


        self.portalDetailsLayout.addLayout(self.portalDetailsForm)

        self.portalDetailsMessage = QLabel(self.portalDetailsBox)
        self.portalDetailsMessage.setObjectName(u"portalDetailsMessage")
        self.portalDetailsMessage.setTextFormat(Qt.TextFormat.PlainText)
        self.portalDetailsMessage.setWordWrap(True)

        self.portalDetailsLayout.addWidget(self.portalDetailsMessage)

        self.portalDetailsButtons = QHBoxLayout()
        self.portalDetailsButtons.setObjectName(u"portalDetailsButtons")
        self.portalDetailsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.portalDetailsButtons.addItem(self.portalDetailsSpacer)

        self.unlinkButton = QPushButton(self.portalDetailsBox)
        self.unlinkButton.setObjectName(u"unlinkButton")
        self.unlinkButton.setAutoDefault(False)

        self.portalDetailsButtons.addWidget(self.unlinkButton)


        self.portalDetailsLayout.addLayout(self.portalDetailsButtons)


        self.profileLayout.addWidget(self.portalDetailsBox)

        self.profileSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.profileLayout.addItem(self.profileSpacer)

        self.saveMessage = QLabel(self.profileTab)
        self.saveMessage.setObjectName(u"saveMessage")
        self.saveMessage.setTextFormat(Qt.TextFormat.PlainText)
        self.saveMessage.setWordWrap(True)

        self.profileLayout.addWidget(self.saveMessage)

        self.duplicateRow = QHBoxLayout()
        self.duplicateRow.setObjectName(u"duplicateRow")
        self.duplicateWarning = QLabel(self.profileTab)
        self.duplicateWarning.setObjectName(u"duplicateWarning")
        sizePolicy.setHeightForWidth(self.duplicateWarning.sizePolicy().hasHeightForWidth())
        self.duplicateWarning.setSizePolicy(sizePolicy)
        self.duplicateWarning.setTextFormat(Qt.TextFormat.PlainText)
        self.duplicateWarning.setWordWrap(True)

        self.duplicateRow.addWidget(self.duplicateWarning)

        self.openDuplicateButton = QPushButton(self.profileTab)
        self.openDuplicateButton.setObjectName(u"openDuplicateButton")
        self.openDuplicateButton.setAutoDefault(False)

        self.duplicateRow.addWidget(self.openDuplicateButton)


        self.profileLayout.addLayout(self.duplicateRow)

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
        self.adminUsersStatus.setTextFormat(Qt.TextFormat.PlainText)
        self.adminUsersStatus.setWordWrap(True)
        self.adminUsersStatus.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.adminUsersLayout.addWidget(self.adminUsersStatus)

        self.adminUsersBox = QGroupBox(self.adminUsersTab)
        self.adminUsersBox.setObjectName(u"adminUsersBox")
        self.adminUsersBoxLayout = QVBoxLayout(self.adminUsersBox)
        self.adminUsersBoxLayout.setObjectName(u"adminUsersBoxLayout")
        self.adminUsersStatusRow = QHBoxLayout()
        self.adminUsersStatusRow.setObjectName(u"adminUsersStatusRow")
        self.retrieveAdminUsersButton = QPushButton(self.adminUsersBox)
        self.retrieveAdminUsersButton.setObjectName(u"retrieveAdminUsersButton")
        self.retrieveAdminUsersButton.setAutoDefault(False)

        self.adminUsersStatusRow.addWidget(self.retrieveAdminUsersButton)

        self.adminUsersBusy = QProgressBar(self.adminUsersBox)
        self.adminUsersBusy.setObjectName(u"adminUsersBusy")
        self.adminUsersBusy.setMaximumSize(QSize(60, 12))
        self.adminUsersBusy.setMaximum(0)
        self.adminUsersBusy.setTextVisible(False)

        self.adminUsersStatusRow.addWidget(self.adminUsersBusy)

        self.adminUsersMessage = QLabel(self.adminUsersBox)
        self.adminUsersMessage.setObjectName(u"adminUsersMessage")
        self.adminUsersMessage.setTextFormat(Qt.TextFormat.PlainText)
        sizePolicy.setHeightForWidth(self.adminUsersMessage.sizePolicy().hasHeightForWidth())
        self.adminUsersMessage.setSizePolicy(sizePolicy)
        self.adminUsersMessage.setWordWrap(True)

        self.adminUsersStatusRow.addWidget(self.adminUsersMessage)

        self.inviteAdminButton = QPushButton(self.adminUsersBox)
        self.inviteAdminButton.setObjectName(u"inviteAdminButton")
        self.inviteAdminButton.setAutoDefault(False)

        self.adminUsersStatusRow.addWidget(self.inviteAdminButton)


        self.adminUsersBoxLayout.addLayout(self.adminUsersStatusRow)

        self.adminUsersTable = QTableView(self.adminUsersBox)
        self.adminUsersTable.setObjectName(u"adminUsersTable")
        self.adminUsersTable.setTabKeyNavigation(False)
        sizePolicy1.setHeightForWidth(self.adminUsersTable.sizePolicy().hasHeightForWidth())
        self.adminUsersTable.setSizePolicy(sizePolicy1)
        self.adminUsersTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.adminUsersTable.setAlternatingRowColors(True)
        self.adminUsersTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.adminUsersTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.adminUsersTable.setWordWrap(False)
        self.adminUsersTable.horizontalHeader().setStretchLastSection(True)
        self.adminUsersTable.verticalHeader().setVisible(False)

        self.adminUsersBoxLayout.addWidget(self.adminUsersTable)


        self.adminUsersLayout.addWidget(self.adminUsersBox)

        self.invitationsBox = QGroupBox(self.adminUsersTab)
        self.invitationsBox.setObjectName(u"invitationsBox")
        self.invitationsBoxLayout = QVBoxLayout(self.invitationsBox)
        self.invitationsBoxLayout.setObjectName(u"invitationsBoxLayout")
        self.invitationsStatusRow = QHBoxLayout()
        self.invitationsStatusRow.setObjectName(u"invitationsStatusRow")
        self.invitationsBusy = QProgressBar(self.invitationsBox)
        self.invitationsBusy.setObjectName(u"invitationsBusy")
        self.invitationsBusy.setMaximumSize(QSize(60, 12))
        self.invitationsBusy.setMaximum(0)
        self.invitationsBusy.setTextVisible(False)

        self.invitationsStatusRow.addWidget(self.invitationsBusy)

        self.invitationsMessage = QLabel(self.invitationsBox)
        self.invitationsMessage.setObjectName(u"invitationsMessage")
        self.invitationsMessage.setTextFormat(Qt.TextFormat.PlainText)
        sizePolicy.setHeightForWidth(self.invitationsMessage.sizePolicy().hasHeightForWidth())
        self.invitationsMessage.setSizePolicy(sizePolicy)
        self.invitationsMessage.setWordWrap(True)

        self.invitationsStatusRow.addWidget(self.invitationsMessage)

        self.refreshInvitationsButton = QPushButton(self.invitationsBox)
        self.refreshInvitationsButton.setObjectName(u"refreshInvitationsButton")
        self.refreshInvitationsButton.setAutoDefault(False)

        self.invitationsStatusRow.addWidget(self.refreshInvitationsButton)


        self.invitationsBoxLayout.addLayout(self.invitationsStatusRow)

        self.invitationsTable = QTableView(self.invitationsBox)
        self.invitationsTable.setObjectName(u"invitationsTable")
        self.invitationsTable.setTabKeyNavigation(False)
        sizePolicy1.setHeightForWidth(self.invitationsTable.sizePolicy().hasHeightForWidth())
        self.invitationsTable.setSizePolicy(sizePolicy1)
        self.invitationsTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.invitationsTable.setAlternatingRowColors(True)
        self.invitationsTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.invitationsTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.invitationsTable.setWordWrap(False)
        self.invitationsTable.horizontalHeader().setStretchLastSection(True)
        self.invitationsTable.verticalHeader().setVisible(False)

        self.invitationsBoxLayout.addWidget(self.invitationsTable)

        self.invitationsButtons = QHBoxLayout()
        self.invitationsButtons.setObjectName(u"invitationsButtons")
        self.invitationsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.invitationsButtons.addItem(self.invitationsSpacer)

        self.resendInvitationButton = QPushButton(self.invitationsBox)
        self.resendInvitationButton.setObjectName(u"resendInvitationButton")
        self.resendInvitationButton.setAutoDefault(False)

        self.invitationsButtons.addWidget(self.resendInvitationButton)

        self.cancelInvitationButton = QPushButton(self.invitationsBox)
        self.cancelInvitationButton.setObjectName(u"cancelInvitationButton")
        self.cancelInvitationButton.setAutoDefault(False)

        self.invitationsButtons.addWidget(self.cancelInvitationButton)


        self.invitationsBoxLayout.addLayout(self.invitationsButtons)


        self.adminUsersLayout.addWidget(self.invitationsBox)

        self.providerTabs.addTab(self.adminUsersTab, "")
        self.historyTab = QWidget()
        self.historyTab.setObjectName(u"historyTab")
        self.historyLayout = QVBoxLayout(self.historyTab)
        self.historyLayout.setObjectName(u"historyLayout")
        self.historyMessage = QLabel(self.historyTab)
        self.historyMessage.setObjectName(u"historyMessage")
        self.historyMessage.setTextFormat(Qt.TextFormat.PlainText)
        self.historyMessage.setWordWrap(True)

        self.historyLayout.addWidget(self.historyMessage)

        self.historyTable = QTableView(self.historyTab)
        self.historyTable.setObjectName(u"historyTable")
        self.historyTable.setTabKeyNavigation(False)
        sizePolicy1.setHeightForWidth(self.historyTable.sizePolicy().hasHeightForWidth())
        self.historyTable.setSizePolicy(sizePolicy1)
        self.historyTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.historyTable.setAlternatingRowColors(True)
        self.historyTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.historyTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.historyTable.setWordWrap(False)
        self.historyTable.horizontalHeader().setStretchLastSection(True)
        self.historyTable.verticalHeader().setVisible(False)

        self.historyLayout.addWidget(self.historyTable)

        self.providerTabs.addTab(self.historyTab, "")

        self.dialogLayout.addWidget(self.providerTabs)

        self.dialogButtonRow = QHBoxLayout()
        self.dialogButtonRow.setObjectName(u"dialogButtonRow")
        self.nextUnlinkedButton = QPushButton(ProviderDetailsDialog)
        self.nextUnlinkedButton.setObjectName(u"nextUnlinkedButton")
        self.nextUnlinkedButton.setAutoDefault(False)

        self.dialogButtonRow.addWidget(self.nextUnlinkedButton)

        self.dialogButtonSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.dialogButtonRow.addItem(self.dialogButtonSpacer)

        self.buttonBox = QDialogButtonBox(ProviderDetailsDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.dialogButtonRow.addWidget(self.buttonBox)


        self.dialogLayout.addLayout(self.dialogButtonRow)

#if QT_CONFIG(shortcut)
        self.providerTypeLabel.setBuddy(self.providerTypeCombo)
        self.npiLabel.setBuddy(self.npiEdit)
        self.sedCodeLabel.setBuddy(self.sedCodeEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.providerTabs, self.providerTypeCombo)
        QWidget.setTabOrder(self.providerTypeCombo, self.npiEdit)
        QWidget.setTabOrder(self.npiEdit, self.sedCodeEdit)
        QWidget.setTabOrder(self.sedCodeEdit, self.usesPortalCheck)
        QWidget.setTabOrder(self.usesPortalCheck, self.tryLinkAgainButton)
        QWidget.setTabOrder(self.tryLinkAgainButton, self.retryMatchesButton)
        QWidget.setTabOrder(self.retryMatchesButton, self.portalMatchesTable)
        QWidget.setTabOrder(self.portalMatchesTable, self.addNewPortalProviderButton)
        QWidget.setTabOrder(self.addNewPortalProviderButton, self.linkSelectedButton)
        QWidget.setTabOrder(self.linkSelectedButton, self.unlinkButton)
        QWidget.setTabOrder(self.unlinkButton, self.openDuplicateButton)
        QWidget.setTabOrder(self.openDuplicateButton, self.reloadButton)
        QWidget.setTabOrder(self.reloadButton, self.applyButton)
        QWidget.setTabOrder(self.applyButton, self.retrieveAdminUsersButton)
        QWidget.setTabOrder(self.retrieveAdminUsersButton, self.inviteAdminButton)
        QWidget.setTabOrder(self.inviteAdminButton, self.adminUsersTable)
        QWidget.setTabOrder(self.adminUsersTable, self.refreshInvitationsButton)
        QWidget.setTabOrder(self.refreshInvitationsButton, self.invitationsTable)
        QWidget.setTabOrder(self.invitationsTable, self.resendInvitationButton)
        QWidget.setTabOrder(self.resendInvitationButton, self.cancelInvitationButton)
        QWidget.setTabOrder(self.cancelInvitationButton, self.historyTable)
        QWidget.setTabOrder(self.historyTable, self.nextUnlinkedButton)

        self.retranslateUi(ProviderDetailsDialog)

        self.providerTabs.setCurrentIndex(0)
        self.providerTypeCombo.setCurrentIndex(-1)
        self.applyButton.setDefault(True)


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
#if QT_CONFIG(accessibility)
        self.portalMatchesBox.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Matching CPSE Portal providers", None))
#endif // QT_CONFIG(accessibility)
        self.portalMatchesBox.setTitle(QCoreApplication.translate("ProviderDetailsDialog", u"Matching CPSE Portal &providers", None))
#if QT_CONFIG(accessibility)
        self.portalMatchesBusy.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Looking for matches on CPSE Portal", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.portalMatchesMessage.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Matches message", None))
#endif // QT_CONFIG(accessibility)
        self.portalMatchesMessage.setText("")
#if QT_CONFIG(accessibility)
        self.tryLinkAgainButton.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Try the link again", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.tryLinkAgainButton.setToolTip(QCoreApplication.translate("ProviderDetailsDialog", u"Repeat the link; repeating it is safe.", None))
#endif // QT_CONFIG(tooltip)
        self.tryLinkAgainButton.setText(QCoreApplication.translate("ProviderDetailsDialog", u"Try A&gain", None))
#if QT_CONFIG(accessibility)
        self.retryMatchesButton.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Look for matches again", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.retryMatchesButton.setToolTip(QCoreApplication.translate("ProviderDetailsDialog", u"Ask CPSE Portal for matches again.", None))
#endif // QT_CONFIG(tooltip)
        self.retryMatchesButton.setText(QCoreApplication.translate("ProviderDetailsDialog", u"Retr&y", None))
#if QT_CONFIG(accessibility)
        self.portalMatchesTable.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Matching CPSE Portal providers", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.portalMatchesTable.setAccessibleDescription(QCoreApplication.translate("ProviderDetailsDialog", u"CPSE Portal providers that may be this provider: identifier matches first, possible name matches after them.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.portalActionsReason.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Why the buttons are unavailable", None))
#endif // QT_CONFIG(accessibility)
        self.portalActionsReason.setText("")
#if QT_CONFIG(accessibility)
        self.addNewPortalProviderButton.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Add New CPSE Portal Provider", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.addNewPortalProviderButton.setToolTip(QCoreApplication.translate("ProviderDetailsDialog", u"Create this provider on CPSE Portal and link it.", None))
#endif // QT_CONFIG(tooltip)
        self.addNewPortalProviderButton.setText(QCoreApplication.translate("ProviderDetailsDialog", u"Add Ne&w CPSE Portal Provider", None))
#if QT_CONFIG(accessibility)
        self.linkSelectedButton.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Link to Selected Existing CPSE Portal Provider", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.linkSelectedButton.setToolTip(QCoreApplication.translate("ProviderDetailsDialog", u"Compare the selected CPSE Portal provider with this one, then link them.", None))
#endif // QT_CONFIG(tooltip)
        self.linkSelectedButton.setText(QCoreApplication.translate("ProviderDetailsDialog", u"&Link to Selected Existing CPSE Portal Provider", None))
#if QT_CONFIG(accessibility)
        self.portalDetailsBox.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"CPSE Portal details", None))
#endif // QT_CONFIG(accessibility)
        self.portalDetailsBox.setTitle(QCoreApplication.translate("ProviderDetailsDialog", u"CPSE Portal details", None))
        self.portalProviderIdLabelCaption.setText(QCoreApplication.translate("ProviderDetailsDialog", u"CPSE Portal provider ID:", None))
#if QT_CONFIG(accessibility)
        self.portalProviderIdLabel.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"CPSE Portal provider ID", None))
#endif // QT_CONFIG(accessibility)
        self.portalProviderIdLabel.setText("")
        self.portalNameLabelCaption.setText(QCoreApplication.translate("ProviderDetailsDialog", u"Name:", None))
#if QT_CONFIG(accessibility)
        self.portalNameLabel.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"CPSE Portal name", None))
#endif // QT_CONFIG(accessibility)
        self.portalNameLabel.setText("")
        self.portalTypeLabelCaption.setText(QCoreApplication.translate("ProviderDetailsDialog", u"Provider type:", None))
#if QT_CONFIG(accessibility)
        self.portalTypeLabel.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"CPSE Portal provider type", None))
#endif // QT_CONFIG(accessibility)
        self.portalTypeLabel.setText("")
        self.portalNpiLabelCaption.setText(QCoreApplication.translate("ProviderDetailsDialog", u"NPI:", None))
#if QT_CONFIG(accessibility)
        self.portalNpiLabel.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"CPSE Portal NPI", None))
#endif // QT_CONFIG(accessibility)
        self.portalNpiLabel.setText("")
        self.portalSedCodeLabelCaption.setText(QCoreApplication.translate("ProviderDetailsDialog", u"SED code:", None))
#if QT_CONFIG(accessibility)
        self.portalSedCodeLabel.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"CPSE Portal SED code", None))
#endif // QT_CONFIG(accessibility)
        self.portalSedCodeLabel.setText("")
        self.portalAddressLabelCaption.setText(QCoreApplication.translate("ProviderDetailsDialog", u"Address:", None))
#if QT_CONFIG(accessibility)
        self.portalAddressLabel.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"CPSE Portal address", None))
#endif // QT_CONFIG(accessibility)
        self.portalAddressLabel.setText("")
        self.portalStatusLabelCaption.setText(QCoreApplication.translate("ProviderDetailsDialog", u"Status:", None))
#if QT_CONFIG(accessibility)
        self.portalStatusLabel.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"CPSE Portal status", None))
#endif // QT_CONFIG(accessibility)
        self.portalStatusLabel.setText("")
        self.portalLinkedLabelCaption.setText(QCoreApplication.translate("ProviderDetailsDialog", u"Linked:", None))
#if QT_CONFIG(accessibility)
        self.portalLinkedLabel.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Linked at and by", None))
#endif // QT_CONFIG(accessibility)
        self.portalLinkedLabel.setText("")
#if QT_CONFIG(accessibility)
        self.portalDetailsMessage.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"CPSE Portal details message", None))
#endif // QT_CONFIG(accessibility)
        self.portalDetailsMessage.setText("")
#if QT_CONFIG(accessibility)
        self.unlinkButton.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Unlink from CPSE Portal", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.unlinkButton.setToolTip(QCoreApplication.translate("ProviderDetailsDialog", u"Remove the link between this provider and its CPSE Portal provider.", None))
#endif // QT_CONFIG(tooltip)
        self.unlinkButton.setText(QCoreApplication.translate("ProviderDetailsDialog", u"Unlin&k from CPSE Portal\u2026", None))
#if QT_CONFIG(accessibility)
        self.saveMessage.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Save result", None))
#endif // QT_CONFIG(accessibility)
        self.saveMessage.setText("")
#if QT_CONFIG(accessibility)
        self.duplicateWarning.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Other county records with this NPI or SED code", None))
#endif // QT_CONFIG(accessibility)
        self.duplicateWarning.setText("")
#if QT_CONFIG(accessibility)
        self.openDuplicateButton.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Open the other county record", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.openDuplicateButton.setToolTip(QCoreApplication.translate("ProviderDetailsDialog", u"Open the other county record with this NPI or SED code in its own window.", None))
#endif // QT_CONFIG(tooltip)
        self.openDuplicateButton.setText(QCoreApplication.translate("ProviderDetailsDialog", u"&Open the Other Record", None))
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
        self.providerTabs.setTabText(self.providerTabs.indexOf(self.profileTab), QCoreApplication.translate("ProviderDetailsDialog", u"&Billing Provider Profile", None))
#if QT_CONFIG(accessibility)
        self.adminUsersTab.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Provider Admin Users", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.adminUsersStatus.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Admin users status", None))
#endif // QT_CONFIG(accessibility)
        self.adminUsersStatus.setText("")
#if QT_CONFIG(accessibility)
        self.adminUsersBox.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"CPSE Portal admin users", None))
#endif // QT_CONFIG(accessibility)
        self.adminUsersBox.setTitle(QCoreApplication.translate("ProviderDetailsDialog", u"CPSE Portal admin users", None))
#if QT_CONFIG(accessibility)
        self.retrieveAdminUsersButton.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Retrieve Admin Users", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.retrieveAdminUsersButton.setToolTip(QCoreApplication.translate("ProviderDetailsDialog", u"Ask CPSE Portal for this provider's admin users.", None))
#endif // QT_CONFIG(tooltip)
        self.retrieveAdminUsersButton.setText(QCoreApplication.translate("ProviderDetailsDialog", u"&Retrieve Admin Users", None))
#if QT_CONFIG(accessibility)
        self.adminUsersBusy.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Retrieving admin users from CPSE Portal", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.adminUsersMessage.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Admin users message", None))
#endif // QT_CONFIG(accessibility)
        self.adminUsersMessage.setText("")
#if QT_CONFIG(accessibility)
        self.inviteAdminButton.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Invite New Admin User", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.inviteAdminButton.setToolTip(QCoreApplication.translate("ProviderDetailsDialog", u"Invite someone by e-mail to become an admin user of this provider on CPSE Portal.", None))
#endif // QT_CONFIG(tooltip)
        self.inviteAdminButton.setText(QCoreApplication.translate("ProviderDetailsDialog", u"&Invite New Admin User\u2026", None))
#if QT_CONFIG(accessibility)
        self.adminUsersTable.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"CPSE Portal admin users", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.adminUsersTable.setAccessibleDescription(QCoreApplication.translate("ProviderDetailsDialog", u"The provider's admin users on CPSE Portal: name, username, e-mail, status, and their service provider details.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.invitationsBox.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Invitations", None))
#endif // QT_CONFIG(accessibility)
        self.invitationsBox.setTitle(QCoreApplication.translate("ProviderDetailsDialog", u"Invi&tations", None))
#if QT_CONFIG(accessibility)
        self.invitationsBusy.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Reading invitations from CPSE Portal", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.invitationsMessage.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Invitations message", None))
#endif // QT_CONFIG(accessibility)
        self.invitationsMessage.setText("")
#if QT_CONFIG(accessibility)
        self.refreshInvitationsButton.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Refresh invitations", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.refreshInvitationsButton.setToolTip(QCoreApplication.translate("ProviderDetailsDialog", u"Read the invitations' statuses from CPSE Portal again.", None))
#endif // QT_CONFIG(tooltip)
        self.refreshInvitationsButton.setText(QCoreApplication.translate("ProviderDetailsDialog", u"Re&fresh", None))
#if QT_CONFIG(accessibility)
        self.invitationsTable.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Invitations", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.invitationsTable.setAccessibleDescription(QCoreApplication.translate("ProviderDetailsDialog", u"Invitations sent to become admin users of this provider, newest first: e-mail, name, status, when sent, when it expires, who sent it.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.resendInvitationButton.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Resend Invitation", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.resendInvitationButton.setToolTip(QCoreApplication.translate("ProviderDetailsDialog", u"E-mail the selected invitation again; it is valid for 14 more days.", None))
#endif // QT_CONFIG(tooltip)
        self.resendInvitationButton.setText(QCoreApplication.translate("ProviderDetailsDialog", u"Re&send Invitation", None))
#if QT_CONFIG(accessibility)
        self.cancelInvitationButton.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Cancel Invitation", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.cancelInvitationButton.setToolTip(QCoreApplication.translate("ProviderDetailsDialog", u"Cancel the selected invitation on CPSE Portal; its record is kept.", None))
#endif // QT_CONFIG(tooltip)
        self.cancelInvitationButton.setText(QCoreApplication.translate("ProviderDetailsDialog", u"Cancel In&vitation\u2026", None))
        self.providerTabs.setTabText(self.providerTabs.indexOf(self.adminUsersTab), QCoreApplication.translate("ProviderDetailsDialog", u"Provider Ad&min Users", None))
#if QT_CONFIG(accessibility)
        self.historyTab.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"History", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.historyMessage.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"History message", None))
#endif // QT_CONFIG(accessibility)
        self.historyMessage.setText("")
#if QT_CONFIG(accessibility)
        self.historyTable.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"History", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.historyTable.setAccessibleDescription(QCoreApplication.translate("ProviderDetailsDialog", u"What was done to this provider, newest first: who, when, what, before and after.", None))
#endif // QT_CONFIG(accessibility)
        self.providerTabs.setTabText(self.providerTabs.indexOf(self.historyTab), QCoreApplication.translate("ProviderDetailsDialog", u"&History", None))
#if QT_CONFIG(accessibility)
        self.nextUnlinkedButton.setAccessibleName(QCoreApplication.translate("ProviderDetailsDialog", u"Next unlinked provider", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.nextUnlinkedButton.setToolTip(QCoreApplication.translate("ProviderDetailsDialog", u"Close this provider and open the next one in the list that is not linked yet (F8).", None))
#endif // QT_CONFIG(tooltip)
        self.nextUnlinkedButton.setText(QCoreApplication.translate("ProviderDetailsDialog", u"Ne&xt Unlinked Provider", None))
#if QT_CONFIG(shortcut)
        self.nextUnlinkedButton.setShortcut(QCoreApplication.translate("ProviderDetailsDialog", u"F8", None))
#endif // QT_CONFIG(shortcut)
    # retranslateUi

