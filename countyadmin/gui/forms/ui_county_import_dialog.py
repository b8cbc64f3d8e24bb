# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'county_import_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QSizePolicy, QSpacerItem, QTableView, QVBoxLayout, QWidget

class Ui_CountyImportDialog(object):
    def setupUi(self, CountyImportDialog):
        if not CountyImportDialog.objectName():
            CountyImportDialog.setObjectName(u"CountyImportDialog")
        CountyImportDialog.resize(980, 620)
        self.countyImportLayout = QVBoxLayout(CountyImportDialog)
        self.countyImportLayout.setObjectName(u"countyImportLayout")
        self.countyImportIntro = QLabel(CountyImportDialog)
        self.countyImportIntro.setObjectName(u"countyImportIntro")
        self.countyImportIntro.setTextFormat(Qt.TextFormat.PlainText)
        self.countyImportIntro.setWordWrap(True)

        self.countyImportLayout.addWidget(self.countyImportIntro)

        self.countyFileRow = QHBoxLayout()
        self.countyFileRow.setObjectName(u"countyFileRow")
        self.countyFileLabel = QLabel(CountyImportDialog)
        self.countyFileLabel.setObjectName(u"countyFileLabel")
        self.countyFileLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.countyFileRow.addWidget(self.countyFileLabel)

        self.countyFilePathEdit = QLineEdit(CountyImportDialog)
        self.countyFilePathEdit.setObjectName(u"countyFilePathEdit")
        self.countyFilePathEdit.setClearButtonEnabled(True)

        self.countyFileRow.addWidget(self.countyFilePathEdit)

        self.browseCountyFileButton = QPushButton(CountyImportDialog)
        self.browseCountyFileButton.setObjectName(u"browseCountyFileButton")
        self.browseCountyFileButton.setAutoDefault(False)

        self.countyFileRow.addWidget(self.browseCountyFileButton)

        self.loadCountyFileButton = QPushButton(CountyImportDialog)
        self.loadCountyFileButton.setObjectName(u"loadCountyFileButton")

        self.countyFileRow.addWidget(self.loadCountyFileButton)


        self.countyImportLayout.addLayout(self.countyFileRow)

        self.countyFileMessage = QLabel(CountyImportDialog)
        self.countyFileMessage.setObjectName(u"countyFileMessage")
        self.countyFileMessage.setTextFormat(Qt.TextFormat.PlainText)
        self.countyFileMessage.setWordWrap(True)
        self.countyFileMessage.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.countyImportLayout.addWidget(self.countyFileMessage)

        self.countySummaryRow = QHBoxLayout()
        self.countySummaryRow.setObjectName(u"countySummaryRow")
        self.countySummaryLabel = QLabel(CountyImportDialog)
        self.countySummaryLabel.setObjectName(u"countySummaryLabel")
        self.countySummaryLabel.setTextFormat(Qt.TextFormat.PlainText)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.countySummaryLabel.sizePolicy().hasHeightForWidth())
        self.countySummaryLabel.setSizePolicy(sizePolicy)
        self.countySummaryLabel.setWordWrap(True)

        self.countySummaryRow.addWidget(self.countySummaryLabel)

        self.countyFilterLabel = QLabel(CountyImportDialog)
        self.countyFilterLabel.setObjectName(u"countyFilterLabel")
        self.countyFilterLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.countySummaryRow.addWidget(self.countyFilterLabel)

        self.countyFilterCombo = QComboBox(CountyImportDialog)
        self.countyFilterCombo.setObjectName(u"countyFilterCombo")
        self.countyFilterCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.countySummaryRow.addWidget(self.countyFilterCombo)


        self.countyImportLayout.addLayout(self.countySummaryRow)

        self.countyPreviewTable = QTableView(CountyImportDialog)
        self.countyPreviewTable.setObjectName(u"countyPreviewTable")
        self.countyPreviewTable.setTabKeyNavigation(False)
        sizePolicy1 = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        sizePolicy1.setHorizontalStretch(0)
        sizePolicy1.setVerticalStretch(1)
        sizePolicy1.setHeightForWidth(self.countyPreviewTable.sizePolicy().hasHeightForWidth())
        self.countyPreviewTable.setSizePolicy(sizePolicy1)
        self.countyPreviewTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.countyPreviewTable.setAlternatingRowColors(True)
        self.countyPreviewTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.countyPreviewTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.countyPreviewTable.setWordWrap(True)
        self.countyPreviewTable.horizontalHeader().setStretchLastSection(True)
        self.countyPreviewTable.verticalHeader().setVisible(False)

        self.countyImportLayout.addWidget(self.countyPreviewTable)

        self.countyRowDetails = QLabel(CountyImportDialog)
        self.countyRowDetails.setObjectName(u"countyRowDetails")
        self.countyRowDetails.setTextFormat(Qt.TextFormat.PlainText)
        self.countyRowDetails.setWordWrap(True)
        self.countyRowDetails.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.countyImportLayout.addWidget(self.countyRowDetails)

        self.countyResultLabel = QLabel(CountyImportDialog)
        self.countyResultLabel.setObjectName(u"countyResultLabel")
        self.countyResultLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.countyResultLabel.setWordWrap(True)
        self.countyResultLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.countyImportLayout.addWidget(self.countyResultLabel)

        self.countyButtons = QHBoxLayout()
        self.countyButtons.setObjectName(u"countyButtons")
        self.countyImportBusy = QProgressBar(CountyImportDialog)
        self.countyImportBusy.setObjectName(u"countyImportBusy")
        self.countyImportBusy.setMaximumSize(QSize(120, 14))
        self.countyImportBusy.setMaximum(0)
        self.countyImportBusy.setTextVisible(False)

        self.countyButtons.addWidget(self.countyImportBusy)

        self.countyBusyLabel = QLabel(CountyImportDialog)
        self.countyBusyLabel.setObjectName(u"countyBusyLabel")
        self.countyBusyLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.countyButtons.addWidget(self.countyBusyLabel)

        self.countyButtonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.countyButtons.addItem(self.countyButtonsSpacer)

        self.declineCountyImportButton = QPushButton(CountyImportDialog)
        self.declineCountyImportButton.setObjectName(u"declineCountyImportButton")
        self.declineCountyImportButton.setAutoDefault(False)

        self.countyButtons.addWidget(self.declineCountyImportButton)

        self.acceptCountyImportButton = QPushButton(CountyImportDialog)
        self.acceptCountyImportButton.setObjectName(u"acceptCountyImportButton")
        self.acceptCountyImportButton.setAutoDefault(False)

        self.countyButtons.addWidget(self.acceptCountyImportButton)


        self.countyImportLayout.addLayout(self.countyButtons)

#if QT_CONFIG(shortcut)
        self.countyFileLabel.setBuddy(self.countyFilePathEdit)
        self.countyFilterLabel.setBuddy(self.countyFilterCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.countyFilePathEdit, self.browseCountyFileButton)
        QWidget.setTabOrder(self.browseCountyFileButton, self.loadCountyFileButton)
        QWidget.setTabOrder(self.loadCountyFileButton, self.countyFilterCombo)
        QWidget.setTabOrder(self.countyFilterCombo, self.countyPreviewTable)
        QWidget.setTabOrder(self.countyPreviewTable, self.declineCountyImportButton)
        QWidget.setTabOrder(self.declineCountyImportButton, self.acceptCountyImportButton)

        self.retranslateUi(CountyImportDialog)

        self.loadCountyFileButton.setDefault(True)


        QMetaObject.connectSlotsByName(CountyImportDialog)
    # setupUi

    def retranslateUi(self, CountyImportDialog):
        CountyImportDialog.setWindowTitle(QCoreApplication.translate("CountyImportDialog", u"Import County Providers", None))
#if QT_CONFIG(accessibility)
        CountyImportDialog.setAccessibleName(QCoreApplication.translate("CountyImportDialog", u"Import County Providers", None))
#endif // QT_CONFIG(accessibility)
        self.countyImportIntro.setText(QCoreApplication.translate("CountyImportDialog", u"Load your county's Preschool provider export (.xlsx or .csv). CountyAdmin matches each row to a provider by its SED code and shows what it would add and change. Nothing is saved until you choose Accept Import.", None))
        self.countyFileLabel.setText(QCoreApplication.translate("CountyImportDialog", u"&File:", None))
#if QT_CONFIG(accessibility)
        self.countyFilePathEdit.setAccessibleName(QCoreApplication.translate("CountyImportDialog", u"County export file", None))
#endif // QT_CONFIG(accessibility)
        self.countyFilePathEdit.setPlaceholderText(QCoreApplication.translate("CountyImportDialog", u"The county's provider export, .xlsx or .csv", None))
#if QT_CONFIG(accessibility)
        self.browseCountyFileButton.setAccessibleName(QCoreApplication.translate("CountyImportDialog", u"Browse for the county export file", None))
#endif // QT_CONFIG(accessibility)
        self.browseCountyFileButton.setText(QCoreApplication.translate("CountyImportDialog", u"&Browse\u2026", None))
#if QT_CONFIG(accessibility)
        self.loadCountyFileButton.setAccessibleName(QCoreApplication.translate("CountyImportDialog", u"Load the county export file", None))
#endif // QT_CONFIG(accessibility)
        self.loadCountyFileButton.setText(QCoreApplication.translate("CountyImportDialog", u"&Load", None))
#if QT_CONFIG(accessibility)
        self.countyFileMessage.setAccessibleName(QCoreApplication.translate("CountyImportDialog", u"About the file", None))
#endif // QT_CONFIG(accessibility)
        self.countyFileMessage.setText("")
#if QT_CONFIG(accessibility)
        self.countySummaryLabel.setAccessibleName(QCoreApplication.translate("CountyImportDialog", u"What the import would do", None))
#endif // QT_CONFIG(accessibility)
        self.countySummaryLabel.setText("")
        self.countyFilterLabel.setText(QCoreApplication.translate("CountyImportDialog", u"&Show:", None))
#if QT_CONFIG(accessibility)
        self.countyFilterCombo.setAccessibleName(QCoreApplication.translate("CountyImportDialog", u"Show rows", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.countyPreviewTable.setAccessibleName(QCoreApplication.translate("CountyImportDialog", u"Import preview", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.countyPreviewTable.setAccessibleDescription(QCoreApplication.translate("CountyImportDialog", u"Every row of the file: whether it adds a provider, changes one (old value, then new value), leaves one unchanged, or has a problem, and why.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.countyRowDetails.setAccessibleName(QCoreApplication.translate("CountyImportDialog", u"The chosen row in full", None))
#endif // QT_CONFIG(accessibility)
        self.countyRowDetails.setText("")
#if QT_CONFIG(accessibility)
        self.countyResultLabel.setAccessibleName(QCoreApplication.translate("CountyImportDialog", u"What the import did", None))
#endif // QT_CONFIG(accessibility)
        self.countyResultLabel.setText("")
#if QT_CONFIG(accessibility)
        self.countyImportBusy.setAccessibleName(QCoreApplication.translate("CountyImportDialog", u"Working", None))
#endif // QT_CONFIG(accessibility)
        self.countyBusyLabel.setText("")
#if QT_CONFIG(accessibility)
        self.declineCountyImportButton.setAccessibleName(QCoreApplication.translate("CountyImportDialog", u"Decline the import", None))
#endif // QT_CONFIG(accessibility)
        self.declineCountyImportButton.setText(QCoreApplication.translate("CountyImportDialog", u"&Decline", None))
#if QT_CONFIG(accessibility)
        self.acceptCountyImportButton.setAccessibleName(QCoreApplication.translate("CountyImportDialog", u"Accept the import", None))
#endif // QT_CONFIG(accessibility)
        self.acceptCountyImportButton.setText(QCoreApplication.translate("CountyImportDialog", u"&Accept Import", None))
    # retranslateUi

