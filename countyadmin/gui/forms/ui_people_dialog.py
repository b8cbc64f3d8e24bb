# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'people_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QTableView, QVBoxLayout, QWidget

class Ui_PeopleDialog(object):
    def setupUi(self, PeopleDialog):
        if not PeopleDialog.objectName():
            PeopleDialog.setObjectName(u"PeopleDialog")
        PeopleDialog.resize(980, 620)
        self.peopleLayout = QVBoxLayout(PeopleDialog)
        self.peopleLayout.setObjectName(u"peopleLayout")
        self.peopleIntro = QLabel(PeopleDialog)
        self.peopleIntro.setObjectName(u"peopleIntro")
        self.peopleIntro.setTextFormat(Qt.TextFormat.PlainText)
        self.peopleIntro.setWordWrap(True)

        self.peopleLayout.addWidget(self.peopleIntro)

        self.peopleSearchRow = QHBoxLayout()
        self.peopleSearchRow.setObjectName(u"peopleSearchRow")
        self.peopleSearchLabel = QLabel(PeopleDialog)
        self.peopleSearchLabel.setObjectName(u"peopleSearchLabel")
        self.peopleSearchLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.peopleSearchRow.addWidget(self.peopleSearchLabel)

        self.peopleSearchEdit = QLineEdit(PeopleDialog)
        self.peopleSearchEdit.setObjectName(u"peopleSearchEdit")
        self.peopleSearchEdit.setClearButtonEnabled(True)

        self.peopleSearchRow.addWidget(self.peopleSearchEdit)

        self.peopleAsOfLabel = QLabel(PeopleDialog)
        self.peopleAsOfLabel.setObjectName(u"peopleAsOfLabel")
        self.peopleAsOfLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.peopleSearchRow.addWidget(self.peopleAsOfLabel)


        self.peopleLayout.addLayout(self.peopleSearchRow)

        self.peopleMessage = QLabel(PeopleDialog)
        self.peopleMessage.setObjectName(u"peopleMessage")
        self.peopleMessage.setTextFormat(Qt.TextFormat.PlainText)
        self.peopleMessage.setWordWrap(True)

        self.peopleLayout.addWidget(self.peopleMessage)

        self.peopleTable = QTableView(PeopleDialog)
        self.peopleTable.setObjectName(u"peopleTable")
        self.peopleTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.peopleTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.peopleTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.peopleTable.setTabKeyNavigation(False)
        self.peopleTable.setWordWrap(False)
        self.peopleTable.verticalHeader().setVisible(False)

        self.peopleLayout.addWidget(self.peopleTable)

        self.identityLabel = QLabel(PeopleDialog)
        self.identityLabel.setObjectName(u"identityLabel")
        self.identityLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.peopleLayout.addWidget(self.identityLabel)

        self.identityList = QListWidget(PeopleDialog)
        self.identityList.setObjectName(u"identityList")
        self.identityList.setWordWrap(True)
        self.identityList.setMaximumSize(QSize(16777215, 180))

        self.peopleLayout.addWidget(self.identityList)

        self.identityMessage = QLabel(PeopleDialog)
        self.identityMessage.setObjectName(u"identityMessage")
        self.identityMessage.setTextFormat(Qt.TextFormat.PlainText)
        self.identityMessage.setWordWrap(True)

        self.peopleLayout.addWidget(self.identityMessage)

        self.peopleButtons = QDialogButtonBox(PeopleDialog)
        self.peopleButtons.setObjectName(u"peopleButtons")
        self.peopleButtons.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.peopleLayout.addWidget(self.peopleButtons)

#if QT_CONFIG(shortcut)
        self.peopleSearchLabel.setBuddy(self.peopleSearchEdit)
        self.identityLabel.setBuddy(self.identityList)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.peopleSearchEdit, self.peopleTable)
        QWidget.setTabOrder(self.peopleTable, self.identityList)

        self.retranslateUi(PeopleDialog)

        QMetaObject.connectSlotsByName(PeopleDialog)
    # setupUi

    def retranslateUi(self, PeopleDialog):
        PeopleDialog.setWindowTitle(QCoreApplication.translate("PeopleDialog", u"People Across Providers", None))
#if QT_CONFIG(accessibility)
        PeopleDialog.setAccessibleName(QCoreApplication.translate("PeopleDialog", u"People Across Providers", None))
#endif // QT_CONFIG(accessibility)
        self.peopleIntro.setText(QCoreApplication.translate("PeopleDialog", u"Find a person at every provider your county links: where they are an admin user, where they have invitations waiting or expired, and their NPI and profession. Type a name, an e-mail address or a 10-digit NPI.", None))
        self.peopleSearchLabel.setText(QCoreApplication.translate("PeopleDialog", u"&Find person:", None))
#if QT_CONFIG(accessibility)
        self.peopleSearchEdit.setAccessibleName(QCoreApplication.translate("PeopleDialog", u"Find person by name, e-mail or NPI", None))
#endif // QT_CONFIG(accessibility)
        self.peopleSearchEdit.setPlaceholderText(QCoreApplication.translate("PeopleDialog", u"Name, e-mail address or NPI", None))
#if QT_CONFIG(accessibility)
        self.peopleAsOfLabel.setAccessibleName(QCoreApplication.translate("PeopleDialog", u"How current the CPSE Portal data is", None))
#endif // QT_CONFIG(accessibility)
        self.peopleAsOfLabel.setText("")
#if QT_CONFIG(accessibility)
        self.peopleMessage.setAccessibleName(QCoreApplication.translate("PeopleDialog", u"About the search", None))
#endif // QT_CONFIG(accessibility)
        self.peopleMessage.setText("")
#if QT_CONFIG(accessibility)
        self.peopleTable.setAccessibleName(QCoreApplication.translate("PeopleDialog", u"People found", None))
#endif // QT_CONFIG(accessibility)
        self.identityLabel.setText(QCoreApplication.translate("PeopleDialog", u"&Looks like the same person (press Enter on one to see its people):", None))
#if QT_CONFIG(accessibility)
        self.identityList.setAccessibleName(QCoreApplication.translate("PeopleDialog", u"Looks like the same person", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.identityList.setAccessibleDescription(QCoreApplication.translate("PeopleDialog", u"One person under two identities, or one address invited at many providers. Press Enter to search for it.", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.identityMessage.setAccessibleName(QCoreApplication.translate("PeopleDialog", u"About the identity check", None))
#endif // QT_CONFIG(accessibility)
        self.identityMessage.setText("")
#if QT_CONFIG(accessibility)
        self.peopleButtons.setAccessibleName(QCoreApplication.translate("PeopleDialog", u"Dialog buttons", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

