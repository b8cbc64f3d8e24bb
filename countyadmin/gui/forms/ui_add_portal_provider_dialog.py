# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'add_portal_provider_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpacerItem, QTableView, QVBoxLayout, QWidget

class Ui_AddPortalProviderDialog(object):
    def setupUi(self, AddPortalProviderDialog):
        if not AddPortalProviderDialog.objectName():
            AddPortalProviderDialog.setObjectName(u"AddPortalProviderDialog")
        AddPortalProviderDialog.resize(640, 540)
        AddPortalProviderDialog.setModal(True)
        self.addNewLayout = QVBoxLayout(AddPortalProviderDialog)
        self.addNewLayout.setObjectName(u"addNewLayout")
        self.addNewIntro = QLabel(AddPortalProviderDialog)
        self.addNewIntro.setObjectName(u"addNewIntro")
        self.addNewIntro.setTextFormat(Qt.TextFormat.PlainText)
        self.addNewIntro.setWordWrap(True)

        self.addNewLayout.addWidget(self.addNewIntro)

        self.addNewFieldsTable = QTableView(AddPortalProviderDialog)
        self.addNewFieldsTable.setObjectName(u"addNewFieldsTable")
        self.addNewFieldsTable.setTabKeyNavigation(False)
        self.addNewFieldsTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.addNewFieldsTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.addNewFieldsTable.setWordWrap(False)
        self.addNewFieldsTable.horizontalHeader().setStretchLastSection(True)
        self.addNewFieldsTable.verticalHeader().setVisible(False)

        self.addNewLayout.addWidget(self.addNewFieldsTable)

        self.addNewNote = QLabel(AddPortalProviderDialog)
        self.addNewNote.setObjectName(u"addNewNote")
        self.addNewNote.setTextFormat(Qt.TextFormat.PlainText)
        self.addNewNote.setWordWrap(True)

        self.addNewLayout.addWidget(self.addNewNote)

        self.addNewButtons = QHBoxLayout()
        self.addNewButtons.setObjectName(u"addNewButtons")
        self.addNewSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.addNewButtons.addItem(self.addNewSpacer)

        self.cancelAddNewButton = QPushButton(AddPortalProviderDialog)
        self.cancelAddNewButton.setObjectName(u"cancelAddNewButton")
        self.cancelAddNewButton.setAutoDefault(True)

        self.addNewButtons.addWidget(self.cancelAddNewButton)

        self.confirmAddNewButton = QPushButton(AddPortalProviderDialog)
        self.confirmAddNewButton.setObjectName(u"confirmAddNewButton")
        self.confirmAddNewButton.setAutoDefault(False)

        self.addNewButtons.addWidget(self.confirmAddNewButton)


        self.addNewLayout.addLayout(self.addNewButtons)

        QWidget.setTabOrder(self.addNewFieldsTable, self.cancelAddNewButton)
        QWidget.setTabOrder(self.cancelAddNewButton, self.confirmAddNewButton)

        self.retranslateUi(AddPortalProviderDialog)

        self.cancelAddNewButton.setDefault(True)


        QMetaObject.connectSlotsByName(AddPortalProviderDialog)
    # setupUi

    def retranslateUi(self, AddPortalProviderDialog):
        AddPortalProviderDialog.setWindowTitle(QCoreApplication.translate("AddPortalProviderDialog", u"Add New CPSE Portal Provider", None))
#if QT_CONFIG(accessibility)
        self.addNewIntro.setAccessibleName(QCoreApplication.translate("AddPortalProviderDialog", u"What will be created", None))
#endif // QT_CONFIG(accessibility)
        self.addNewIntro.setText("")
#if QT_CONFIG(accessibility)
        self.addNewFieldsTable.setAccessibleName(QCoreApplication.translate("AddPortalProviderDialog", u"The new CPSE Portal provider", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.addNewFieldsTable.setAccessibleDescription(QCoreApplication.translate("AddPortalProviderDialog", u"One row per field: the value CPSE Portal will receive.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.addNewNote.setAccessibleName(QCoreApplication.translate("AddPortalProviderDialog", u"What happens next", None))
#endif // QT_CONFIG(accessibility)
        self.addNewNote.setText("")
#if QT_CONFIG(accessibility)
        self.cancelAddNewButton.setAccessibleName(QCoreApplication.translate("AddPortalProviderDialog", u"Cancel", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.cancelAddNewButton.setToolTip(QCoreApplication.translate("AddPortalProviderDialog", u"Close without adding anything to CPSE Portal.", None))
#endif // QT_CONFIG(tooltip)
        self.cancelAddNewButton.setText(QCoreApplication.translate("AddPortalProviderDialog", u"Cancel", None))
#if QT_CONFIG(accessibility)
        self.confirmAddNewButton.setAccessibleName(QCoreApplication.translate("AddPortalProviderDialog", u"Add to CPSE Portal", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.confirmAddNewButton.setToolTip(QCoreApplication.translate("AddPortalProviderDialog", u"Create this provider on CPSE Portal with the values shown, then link it.", None))
#endif // QT_CONFIG(tooltip)
        self.confirmAddNewButton.setText(QCoreApplication.translate("AddPortalProviderDialog", u"&Add to CPSE Portal", None))
    # retranslateUi

