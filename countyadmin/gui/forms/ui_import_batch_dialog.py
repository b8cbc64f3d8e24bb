# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'import_batch_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QSizePolicy, QSpacerItem, QTableView, QVBoxLayout, QWidget

class Ui_ImportBatchDialog(object):
    def setupUi(self, ImportBatchDialog):
        if not ImportBatchDialog.objectName():
            ImportBatchDialog.setObjectName(u"ImportBatchDialog")
        ImportBatchDialog.resize(1000, 620)
        self.batchLayout = QVBoxLayout(ImportBatchDialog)
        self.batchLayout.setObjectName(u"batchLayout")
        self.introRow = QHBoxLayout()
        self.introRow.setObjectName(u"introRow")
        self.batchIntroLabel = QLabel(ImportBatchDialog)
        self.batchIntroLabel.setObjectName(u"batchIntroLabel")
        self.batchIntroLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.batchIntroLabel.setWordWrap(True)

        self.introRow.addWidget(self.batchIntroLabel)

        self.downloadTemplateButton = QPushButton(ImportBatchDialog)
        self.downloadTemplateButton.setObjectName(u"downloadTemplateButton")
        self.downloadTemplateButton.setAutoDefault(False)

        self.introRow.addWidget(self.downloadTemplateButton)

        self.introRow.setStretch(0, 1)

        self.batchLayout.addLayout(self.introRow)

        self.fileRow = QHBoxLayout()
        self.fileRow.setObjectName(u"fileRow")
        self.batchFileLabel = QLabel(ImportBatchDialog)
        self.batchFileLabel.setObjectName(u"batchFileLabel")
        self.batchFileLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.fileRow.addWidget(self.batchFileLabel)

        self.batchFilePathEdit = QLineEdit(ImportBatchDialog)
        self.batchFilePathEdit.setObjectName(u"batchFilePathEdit")
        self.batchFilePathEdit.setClearButtonEnabled(True)

        self.fileRow.addWidget(self.batchFilePathEdit)

        self.browseBatchFileButton = QPushButton(ImportBatchDialog)
        self.browseBatchFileButton.setObjectName(u"browseBatchFileButton")
        self.browseBatchFileButton.setAutoDefault(False)

        self.fileRow.addWidget(self.browseBatchFileButton)

        self.loadBatchFileButton = QPushButton(ImportBatchDialog)
        self.loadBatchFileButton.setObjectName(u"loadBatchFileButton")
        self.loadBatchFileButton.setAutoDefault(False)

        self.fileRow.addWidget(self.loadBatchFileButton)


        self.batchLayout.addLayout(self.fileRow)

        self.batchFileMessage = QLabel(ImportBatchDialog)
        self.batchFileMessage.setObjectName(u"batchFileMessage")
        self.batchFileMessage.setTextFormat(Qt.TextFormat.PlainText)
        self.batchFileMessage.setWordWrap(True)

        self.batchLayout.addWidget(self.batchFileMessage)

        self.countsRow = QHBoxLayout()
        self.countsRow.setObjectName(u"countsRow")
        self.batchCountsLabel = QLabel(ImportBatchDialog)
        self.batchCountsLabel.setObjectName(u"batchCountsLabel")
        self.batchCountsLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.batchCountsLabel.setWordWrap(False)

        self.countsRow.addWidget(self.batchCountsLabel)

        self.countsSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.countsRow.addItem(self.countsSpacer)

        self.problemsOnlyCheck = QCheckBox(ImportBatchDialog)
        self.problemsOnlyCheck.setObjectName(u"problemsOnlyCheck")

        self.countsRow.addWidget(self.problemsOnlyCheck)


        self.batchLayout.addLayout(self.countsRow)

        self.batchPreviewTable = QTableView(ImportBatchDialog)
        self.batchPreviewTable.setObjectName(u"batchPreviewTable")
        self.batchPreviewTable.setTabKeyNavigation(False)
        self.batchPreviewTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.batchPreviewTable.setAlternatingRowColors(True)
        self.batchPreviewTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.batchPreviewTable.setWordWrap(False)
        self.batchPreviewTable.horizontalHeader().setStretchLastSection(True)
        self.batchPreviewTable.verticalHeader().setVisible(False)

        self.batchLayout.addWidget(self.batchPreviewTable)

        self.batchRowDetailsLabel = QLabel(ImportBatchDialog)
        self.batchRowDetailsLabel.setObjectName(u"batchRowDetailsLabel")
        self.batchRowDetailsLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.batchRowDetailsLabel.setWordWrap(True)

        self.batchLayout.addWidget(self.batchRowDetailsLabel)

        self.progressRow = QHBoxLayout()
        self.progressRow.setObjectName(u"progressRow")
        self.batchProgressBar = QProgressBar(ImportBatchDialog)
        self.batchProgressBar.setObjectName(u"batchProgressBar")
        self.batchProgressBar.setValue(0)

        self.progressRow.addWidget(self.batchProgressBar)

        self.cancelSendingButton = QPushButton(ImportBatchDialog)
        self.cancelSendingButton.setObjectName(u"cancelSendingButton")
        self.cancelSendingButton.setAutoDefault(False)

        self.progressRow.addWidget(self.cancelSendingButton)


        self.batchLayout.addLayout(self.progressRow)

        self.batchResultsLabel = QLabel(ImportBatchDialog)
        self.batchResultsLabel.setObjectName(u"batchResultsLabel")
        self.batchResultsLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.batchResultsLabel.setWordWrap(True)

        self.batchLayout.addWidget(self.batchResultsLabel)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setObjectName(u"buttonRow")
        self.saveResultsButton = QPushButton(ImportBatchDialog)
        self.saveResultsButton.setObjectName(u"saveResultsButton")
        self.saveResultsButton.setAutoDefault(False)

        self.buttonRow.addWidget(self.saveResultsButton)

        self.buttonSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonSpacer)

        self.declineAndCancelButton = QPushButton(ImportBatchDialog)
        self.declineAndCancelButton.setObjectName(u"declineAndCancelButton")
        self.declineAndCancelButton.setAutoDefault(False)

        self.buttonRow.addWidget(self.declineAndCancelButton)

        self.acceptAndSendButton = QPushButton(ImportBatchDialog)
        self.acceptAndSendButton.setObjectName(u"acceptAndSendButton")
        self.acceptAndSendButton.setAutoDefault(False)

        self.buttonRow.addWidget(self.acceptAndSendButton)

        self.closeBatchButton = QPushButton(ImportBatchDialog)
        self.closeBatchButton.setObjectName(u"closeBatchButton")
        self.closeBatchButton.setAutoDefault(False)

        self.buttonRow.addWidget(self.closeBatchButton)


        self.batchLayout.addLayout(self.buttonRow)

#if QT_CONFIG(shortcut)
        self.batchFileLabel.setBuddy(self.batchFilePathEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.batchFilePathEdit, self.browseBatchFileButton)
        QWidget.setTabOrder(self.browseBatchFileButton, self.loadBatchFileButton)
        QWidget.setTabOrder(self.loadBatchFileButton, self.problemsOnlyCheck)
        QWidget.setTabOrder(self.problemsOnlyCheck, self.batchPreviewTable)
        QWidget.setTabOrder(self.batchPreviewTable, self.acceptAndSendButton)
        QWidget.setTabOrder(self.acceptAndSendButton, self.declineAndCancelButton)

        self.retranslateUi(ImportBatchDialog)

        QMetaObject.connectSlotsByName(ImportBatchDialog)
    # setupUi

    def retranslateUi(self, ImportBatchDialog):
        ImportBatchDialog.setWindowTitle(QCoreApplication.translate("ImportBatchDialog", u"Invite Admin Users from a Spreadsheet", None))
#if QT_CONFIG(accessibility)
        ImportBatchDialog.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"Invite Admin Users from a Spreadsheet", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.batchIntroLabel.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"About inviting from a spreadsheet", None))
#endif // QT_CONFIG(accessibility)
        self.batchIntroLabel.setText(QCoreApplication.translate("ImportBatchDialog", u"Choose a filled-in invitation template (.xlsx or .csv). CountyAdmin checks every row and shows it below with OK or its problems; nothing is sent until you choose Accept & Send Invites, and then only the OK rows.", None))
#if QT_CONFIG(accessibility)
        self.downloadTemplateButton.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"Download the invitation template", None))
#endif // QT_CONFIG(accessibility)
        self.downloadTemplateButton.setText(QCoreApplication.translate("ImportBatchDialog", u"Download &Template\u2026", None))
        self.batchFileLabel.setText(QCoreApplication.translate("ImportBatchDialog", u"&File:", None))
#if QT_CONFIG(accessibility)
        self.batchFilePathEdit.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"Spreadsheet file", None))
#endif // QT_CONFIG(accessibility)
        self.batchFilePathEdit.setPlaceholderText(QCoreApplication.translate("ImportBatchDialog", u"The .xlsx or .csv file with the invitations", None))
#if QT_CONFIG(accessibility)
        self.browseBatchFileButton.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"Browse for the spreadsheet file", None))
#endif // QT_CONFIG(accessibility)
        self.browseBatchFileButton.setText(QCoreApplication.translate("ImportBatchDialog", u"&Browse\u2026", None))
#if QT_CONFIG(accessibility)
        self.loadBatchFileButton.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"Load and check the file", None))
#endif // QT_CONFIG(accessibility)
        self.loadBatchFileButton.setText(QCoreApplication.translate("ImportBatchDialog", u"&Load", None))
#if QT_CONFIG(accessibility)
        self.batchFileMessage.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"File message", None))
#endif // QT_CONFIG(accessibility)
        self.batchFileMessage.setText("")
#if QT_CONFIG(accessibility)
        self.batchCountsLabel.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"Rows checked", None))
#endif // QT_CONFIG(accessibility)
        self.batchCountsLabel.setText("")
#if QT_CONFIG(accessibility)
        self.problemsOnlyCheck.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"Show only rows with problems", None))
#endif // QT_CONFIG(accessibility)
        self.problemsOnlyCheck.setText(QCoreApplication.translate("ImportBatchDialog", u"Show only rows with &problems", None))
#if QT_CONFIG(accessibility)
        self.batchPreviewTable.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"Rows of the file, each with OK or its problems", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.batchRowDetailsLabel.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"The chosen row in full", None))
#endif // QT_CONFIG(accessibility)
        self.batchRowDetailsLabel.setText(QCoreApplication.translate("ImportBatchDialog", u"Choose a row to read its status in full here.", None))
#if QT_CONFIG(accessibility)
        self.batchProgressBar.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"Sending progress", None))
#endif // QT_CONFIG(accessibility)
        self.batchProgressBar.setFormat(QCoreApplication.translate("ImportBatchDialog", u"%v of %m", None))
#if QT_CONFIG(accessibility)
        self.cancelSendingButton.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"Cancel sending the remaining rows", None))
#endif // QT_CONFIG(accessibility)
        self.cancelSendingButton.setText(QCoreApplication.translate("ImportBatchDialog", u"&Cancel Sending", None))
#if QT_CONFIG(accessibility)
        self.batchResultsLabel.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"Results of sending", None))
#endif // QT_CONFIG(accessibility)
        self.batchResultsLabel.setText("")
#if QT_CONFIG(accessibility)
        self.saveResultsButton.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"Save the results as an Excel file", None))
#endif // QT_CONFIG(accessibility)
        self.saveResultsButton.setText(QCoreApplication.translate("ImportBatchDialog", u"&Save Results\u2026", None))
#if QT_CONFIG(accessibility)
        self.declineAndCancelButton.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"Decline and cancel: send nothing", None))
#endif // QT_CONFIG(accessibility)
        self.declineAndCancelButton.setText(QCoreApplication.translate("ImportBatchDialog", u"&Decline && Cancel", None))
#if QT_CONFIG(accessibility)
        self.acceptAndSendButton.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"Accept and send the invitations of the OK rows", None))
#endif // QT_CONFIG(accessibility)
        self.acceptAndSendButton.setText(QCoreApplication.translate("ImportBatchDialog", u"&Accept && Send Invites", None))
#if QT_CONFIG(accessibility)
        self.closeBatchButton.setAccessibleName(QCoreApplication.translate("ImportBatchDialog", u"Close", None))
#endif // QT_CONFIG(accessibility)
        self.closeBatchButton.setText(QCoreApplication.translate("ImportBatchDialog", u"Cl&ose", None))
    # retranslateUi

