# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QHBoxLayout, QLabel, QLineEdit, QMenu, QMenuBar, QStatusBar, QTableView, QVBoxLayout, QWidget

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1040, 640)
        self.actionQuit = QAction(MainWindow)
        self.actionQuit.setObjectName(u"actionQuit")
        self.actionQuit.setMenuRole(QAction.MenuRole.QuitRole)
        self.actionOpenProvider = QAction(MainWindow)
        self.actionOpenProvider.setObjectName(u"actionOpenProvider")
        self.actionFind = QAction(MainWindow)
        self.actionFind.setObjectName(u"actionFind")
        self.actionCheckAllMatches = QAction(MainWindow)
        self.actionCheckAllMatches.setObjectName(u"actionCheckAllMatches")
        self.actionRefresh = QAction(MainWindow)
        self.actionRefresh.setObjectName(u"actionRefresh")
        self.actionSettings = QAction(MainWindow)
        self.actionSettings.setObjectName(u"actionSettings")
        self.actionSettings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.actionAbout = QAction(MainWindow)
        self.actionAbout.setObjectName(u"actionAbout")
        self.actionAbout.setMenuRole(QAction.MenuRole.AboutRole)
        self.centralwidget = QWidget(MainWindow)
        self.centralwidget.setObjectName(u"centralwidget")
        self.centralLayout = QVBoxLayout(self.centralwidget)
        self.centralLayout.setObjectName(u"centralLayout")
        self.searchLayout = QHBoxLayout()
        self.searchLayout.setObjectName(u"searchLayout")
        self.searchLabel = QLabel(self.centralwidget)
        self.searchLabel.setObjectName(u"searchLabel")

        self.searchLayout.addWidget(self.searchLabel)

        self.providerSearch = QLineEdit(self.centralwidget)
        self.providerSearch.setObjectName(u"providerSearch")
        self.providerSearch.setClearButtonEnabled(True)

        self.searchLayout.addWidget(self.providerSearch)

        self.notLinkedFilter = QCheckBox(self.centralwidget)
        self.notLinkedFilter.setObjectName(u"notLinkedFilter")

        self.searchLayout.addWidget(self.notLinkedFilter)


        self.centralLayout.addLayout(self.searchLayout)

        self.providerTable = QTableView(self.centralwidget)
        self.providerTable.setObjectName(u"providerTable")
        self.providerTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.providerTable.setAlternatingRowColors(True)
        self.providerTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.providerTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.providerTable.setSortingEnabled(True)
        self.providerTable.setWordWrap(False)
        self.providerTable.horizontalHeader().setStretchLastSection(True)
        self.providerTable.verticalHeader().setVisible(False)

        self.centralLayout.addWidget(self.providerTable)

        MainWindow.setCentralWidget(self.centralwidget)
        self.menubar = QMenuBar(MainWindow)
        self.menubar.setObjectName(u"menubar")
        self.menuFile = QMenu(self.menubar)
        self.menuFile.setObjectName(u"menuFile")
        self.menuProviders = QMenu(self.menubar)
        self.menuProviders.setObjectName(u"menuProviders")
        self.menuSettings = QMenu(self.menubar)
        self.menuSettings.setObjectName(u"menuSettings")
        self.menuHelp = QMenu(self.menubar)
        self.menuHelp.setObjectName(u"menuHelp")
        MainWindow.setMenuBar(self.menubar)
        self.statusbar = QStatusBar(MainWindow)
        self.statusbar.setObjectName(u"statusbar")
        MainWindow.setStatusBar(self.statusbar)
#if QT_CONFIG(shortcut)
        self.searchLabel.setBuddy(self.providerSearch)
#endif // QT_CONFIG(shortcut)

        self.menubar.addAction(self.menuFile.menuAction())
        self.menubar.addAction(self.menuProviders.menuAction())
        self.menubar.addAction(self.menuSettings.menuAction())
        self.menubar.addAction(self.menuHelp.menuAction())
        self.menuFile.addAction(self.actionQuit)
        self.menuProviders.addAction(self.actionOpenProvider)
        self.menuProviders.addAction(self.actionFind)
        self.menuProviders.addSeparator()
        self.menuProviders.addAction(self.actionCheckAllMatches)
        self.menuProviders.addSeparator()
        self.menuProviders.addAction(self.actionRefresh)
        self.menuSettings.addAction(self.actionSettings)
        self.menuHelp.addAction(self.actionAbout)

        self.retranslateUi(MainWindow)

        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"CPSE Portal User Management", None))
        self.actionQuit.setText(QCoreApplication.translate("MainWindow", u"&Quit", None))
#if QT_CONFIG(shortcut)
        self.actionQuit.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Q", None))
#endif // QT_CONFIG(shortcut)
        self.actionOpenProvider.setText(QCoreApplication.translate("MainWindow", u"&Open Provider Details", None))
#if QT_CONFIG(shortcut)
        self.actionOpenProvider.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+O", None))
#endif // QT_CONFIG(shortcut)
        self.actionFind.setText(QCoreApplication.translate("MainWindow", u"&Find Provider", None))
#if QT_CONFIG(shortcut)
        self.actionFind.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+F", None))
#endif // QT_CONFIG(shortcut)
        self.actionCheckAllMatches.setText(QCoreApplication.translate("MainWindow", u"&Check All Unlinked Providers for Matches", None))
#if QT_CONFIG(tooltip)
        self.actionCheckAllMatches.setToolTip(QCoreApplication.translate("MainWindow", u"Ask CPSE Portal for matches of every provider not linked yet, so the Portal Link column says where a match is available.", None))
#endif // QT_CONFIG(tooltip)
        self.actionRefresh.setText(QCoreApplication.translate("MainWindow", u"&Refresh", None))
#if QT_CONFIG(shortcut)
        self.actionRefresh.setShortcut(QCoreApplication.translate("MainWindow", u"F5", None))
#endif // QT_CONFIG(shortcut)
        self.actionSettings.setText(QCoreApplication.translate("MainWindow", u"&Settings\u2026", None))
        self.actionAbout.setText(QCoreApplication.translate("MainWindow", u"&About CountyAdmin", None))
        self.searchLabel.setText(QCoreApplication.translate("MainWindow", u"&Find provider:", None))
#if QT_CONFIG(accessibility)
        self.providerSearch.setAccessibleName(QCoreApplication.translate("MainWindow", u"Search providers", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.providerSearch.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"Shows only the providers whose name, SED code or NPI contains what you type.", None))
#endif // QT_CONFIG(accessibility)
        self.providerSearch.setPlaceholderText(QCoreApplication.translate("MainWindow", u"Name, SED code or NPI (Ctrl+F)", None))
#if QT_CONFIG(accessibility)
        self.notLinkedFilter.setAccessibleName(QCoreApplication.translate("MainWindow", u"Not linked yet", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.notLinkedFilter.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"Shows only the providers that are not linked to CPSE Portal yet.", None))
#endif // QT_CONFIG(accessibility)
        self.notLinkedFilter.setText(QCoreApplication.translate("MainWindow", u"&Not linked yet", None))
#if QT_CONFIG(accessibility)
        self.providerTable.setAccessibleName(QCoreApplication.translate("MainWindow", u"Providers", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.providerTable.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"County providers. Double-click a provider or press Enter to open its Provider Details.", None))
#endif // QT_CONFIG(accessibility)
        self.menuFile.setTitle(QCoreApplication.translate("MainWindow", u"&File", None))
        self.menuProviders.setTitle(QCoreApplication.translate("MainWindow", u"&Providers", None))
        self.menuSettings.setTitle(QCoreApplication.translate("MainWindow", u"&Settings", None))
        self.menuHelp.setTitle(QCoreApplication.translate("MainWindow", u"&Help", None))
    # retranslateUi

