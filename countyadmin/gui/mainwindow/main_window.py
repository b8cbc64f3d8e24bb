"""CPSE Portal User Management: the provider list, and the way into each provider's details."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QLabel, QMainWindow, QProgressBar, QPushButton, QWidget

from countyadmin.domain.match_check import MatchCheck
from countyadmin.domain.provider import ProviderRecord, ProviderSummary
from countyadmin.gui.context import AppContext, error_sentence
from countyadmin.gui.forms.ui_main_window import Ui_MainWindow
from countyadmin.gui.icons import app_icon, icon
from countyadmin.gui.mainwindow.match_check_run import MatchCheckRun
from countyadmin.gui.mainwindow.provider_table import HEADERS, NAME, ProviderTableModel
from countyadmin.gui.workers import run_in_background

if TYPE_CHECKING:  # imported when first used: every module spared here paints the window sooner
    from countyadmin.gui.mainwindow.save_diagnostics import SaveDiagnostics
    from countyadmin.gui.onboarding.people_window import PeopleDialog
    from countyadmin.gui.provider_details.provider_details import ProviderDetailsDialog
    from countyadmin.gui.spreadsheets.county_import_dialog import CountyImportDialog
    from countyadmin.gui.spreadsheets.import_batch_dialog import ImportBatchDialog
    from countyadmin.gui.spreadsheets.link_status_export import LinkStatusExport

log = logging.getLogger(__name__)

_PAINT_WAIT_MS = 250
_DEFAULT_WIDTHS = (290, 80, 120, 100, 120, 150)  # the last column (Stage) stretches; all fit 1040 px


class MainWindow(QMainWindow):
    """The provider list. Start-up work (database, clients, demo sandbox) runs after the window shows.

    Signals:
        started(): the services are ready.
        startup_failed(str): they could not be built; the sentence says why.
        providers_loaded(int): the list was (re)loaded with this many providers.
        match_check_finished(str): "Check all unlinked providers" ended; the sentence says how.
        link_status_exported(str): "Export provider link status" ended; the sentence says how.
    """

    started = Signal()
    startup_failed = Signal(str)
    providers_loaded = Signal(int)
    match_check_finished = Signal(str)
    link_status_exported = Signal(str)
    _startup_list = Signal(object)  # emitted on the start-up thread, delivered on the GUI thread

    def __init__(self, startup: Callable[[], AppContext], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.setWindowIcon(app_icon())
        self._startup = startup
        self.context: AppContext | None = None
        self._closed = False
        self._details: dict[int, ProviderDetailsDialog] = {}
        self._quitting = False
        self._painted = False
        self._startup_begun = False
        self._listed_at_startup = False
        self._columns_restored = False
        self._open_when_started: int | None = None
        self.county_import_dialog: CountyImportDialog | None = None
        self.batch_dialog: ImportBatchDialog | None = None
        self.link_status_export: LinkStatusExport | None = None
        self.diagnostics_saver: SaveDiagnostics | None = None
        self.people_dialog: PeopleDialog | None = None

        self.model = ProviderTableModel(self)
        table = self.ui.providerTable
        # Until the first paint the table shows the same column headers from a model of Qt's own: the
        # provider model's headerData receives a Qt.Orientation, and building the Qt namespace's ~90
        # Python enums would cost the first paint ~20 ms (docs/performance.md). The provider model takes
        # over before anything is loaded (_complete_after_paint), so the clerk never sees the difference.
        self._header_model: QStandardItemModel | None = QStandardItemModel(0, len(HEADERS), self)
        self._header_model.setHorizontalHeaderLabels(list(HEADERS))
        table.setModel(self._header_model)
        # Fixed row heights let the view skip measuring 50,000 rows.
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 10)

        self._count_label = QLabel(self)
        self._count_label.setObjectName("providerCount")
        self._demo_label = QLabel(self)
        self._demo_label.setObjectName("demoNote")
        self._demo_label.hide()
        self.match_check_run: MatchCheckRun | None = None
        self._check_progress = QProgressBar(self)
        self._check_progress.setObjectName("matchCheckProgress")
        self._check_progress.setAccessibleName("Checking unlinked providers for matches")
        self._check_progress.setMaximumWidth(220)
        self._check_progress.setFormat("Checking %v of %m")
        self._check_cancel = QPushButton("Cancel Checking", self)
        self._check_cancel.setObjectName("cancelMatchCheckButton")
        self._check_cancel.setAccessibleName("Cancel checking for matches")
        self._check_progress.hide()
        self._check_cancel.hide()
        self.ui.statusbar.addWidget(self._count_label, 1)  # stretch: long sentences are not clipped
        self.ui.statusbar.addPermanentWidget(self._check_progress)
        self.ui.statusbar.addPermanentWidget(self._check_cancel)
        self.ui.statusbar.addPermanentWidget(self._demo_label)

        self.ui.actionQuit.setIcon(icon("quit"))
        self.ui.actionOpenProvider.setIcon(icon("open"))
        self.ui.actionRefresh.setIcon(icon("refresh"))
        self.ui.actionSettings.setIcon(icon("settings"))
        self.ui.actionFind.setIcon(icon("search"))
        self._set_ready(False)
        self._restore_layout()
        self._connect_signals()

    def start(self) -> None:
        """Build the services off the GUI thread once the window has painted, then load the providers."""
        self._count_label.setText("Starting…")
        if self.isVisible() and not self._painted:
            # Start-up work would compete with the first paint for the interpreter: let the paint go first
            # (or give up waiting after a moment, e.g. when the window is minimised).
            self.installEventFilter(self)
            QTimer.singleShot(_PAINT_WAIT_MS, self._begin_startup)
        else:
            self._begin_startup()

    def _begin_startup(self) -> None:
        if self._startup_begun:
            return
        self._startup_begun = True
        self.removeEventFilter(self)
        self._complete_after_paint()
        run_in_background(self._startup, on_success=self._on_started, on_failure=self._on_startup_failed)

    def show_startup_list(self, loaded: tuple[Sequence[ProviderSummary], dict[int, MatchCheck]]) -> None:
        """Show the providers while start-up goes on (the portal and NPI clients are still being built).

        Start-up calls this from its own thread, as soon as the database can be read: the clerk can
        scroll, sort and search at once, and a provider opened meanwhile opens when start-up ends.
        """
        self._startup_list.emit(loaded)

    def _complete_after_paint(self) -> None:
        """What would build the Qt namespace before the first paint: the provider model (its column
        widths and sort restored into it) and the keyboard shortcuts (QAction.setShortcut)."""
        if self._header_model is None:
            return
        self.ui.setupShortcuts(self)
        table = self.ui.providerTable
        header = table.horizontalHeader()
        state = header.saveState()
        table.setModel(self.model)
        header.restoreState(state)
        if self._columns_restored:  # the clerk's own sort, from the last session
            table.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())
        else:
            table.sortByColumn(NAME, QtCore.Qt.SortOrder.AscendingOrder)
            header.setSortIndicatorShown(True)
        self._header_model.deleteLater()
        self._header_model = None

    def open_provider(self, provider_id: int) -> ProviderDetailsDialog | None:
        """Open (or bring forward) the Provider Details of ``provider_id``."""
        from countyadmin.gui.provider_details.provider_details import ProviderDetailsDialog

        if self.context is None:
            if self._startup_begun:  # still starting: open it when the services are ready
                self._open_when_started = provider_id
                self._count_label.setText("Opening the provider when CountyAdmin has finished starting…")
            return None
        dialog = self._details.get(provider_id)
        if dialog is None:
            context = self.context
            dialog = ProviderDetailsDialog(
                provider_id, context.providers, context.npi_lookup, self, portal=context.portal,
                invitations=context.invitations, outbox=context.outbox,
            )  # fmt: skip
            self._details[provider_id] = dialog
            dialog.finished.connect(lambda _result, pid=provider_id: self._details.pop(pid, None))
            dialog.provider_saved.connect(self._on_provider_saved)
            dialog.matches_checked.connect(self.model.set_match_check)
            dialog.next_unlinked_requested.connect(self.open_next_unlinked)
            dialog.open_provider_requested.connect(self.open_provider)
            dialog.show()
        else:
            dialog.raise_()
            dialog.activateWindow()
        return dialog

    def refresh(self) -> None:
        if self.context is None:
            return
        self._count_label.setText("Loading providers…")
        run_in_background(
            _load_list,
            self.context,
            on_success=self._on_providers,
            on_failure=self._on_providers_failed,
        )

    def open_next_unlinked(self, after_id: int) -> ProviderDetailsDialog | None:
        """Close ``after_id``'s details and open the next unlinked provider in the list (F8 there)."""
        next_id = self.model.next_unlinked_after(after_id)
        current = self._details.get(after_id)
        if next_id is None:
            self._count_label.setText("Every provider in the list is linked to CPSE Portal.")
            return None
        if current is not None:
            current.close()
        row = self.model.row_of(next_id)
        if row is not None:
            self.ui.providerTable.selectRow(row)
            self.ui.providerTable.scrollTo(self.model.index(row, NAME))
        return self.open_provider(next_id)

    def check_all_unlinked(self) -> MatchCheckRun | None:
        """Ask CPSE Portal for matches of every unlinked provider, in the background, with progress."""
        if self.context is None or (self.match_check_run is not None and self.match_check_run.running()):
            return self.match_check_run
        if self.context.portal is None:
            self._count_label.setText(
                "Set the CPSE Portal address and API key in Settings to look for matches."
            )
            return None
        run = MatchCheckRun(self.context.portal, self.model.unlinked_ids(), self)
        run.checked.connect(self.model.set_match_check)
        run.progress.connect(self._on_check_progress)
        run.finished.connect(self._on_check_finished)
        self._check_cancel.clicked.connect(run.cancel)
        self.match_check_run = run
        self._check_progress.show()
        self._check_cancel.show()
        self.ui.actionCheckAllMatches.setEnabled(False)
        run.start()
        return run

    # -- Qt overrides -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._begin_startup)  # runs once this paint is done
        return super().eventFilter(watched, event)

    def close_for_quit(self) -> None:
        """The application is quitting (an installer upgrading CountyAdmin asked it to close: Restart
        Manager, then Qt's aboutToQuit): close without asking about unsaved Provider Details."""
        self._quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        unsaved = [dialog for dialog in self._details.values() if dialog.has_unsaved_changes()]
        if unsaved and not self._quitting:
            event.ignore()
            names = ", ".join(dialog.record.name if dialog.record else "a provider" for dialog in unsaved)
            from countyadmin.gui.message_boxes import discard_box

            discard_box(self, text=f"Provider Details has changes that were not applied ({names}). Quit "
                                   "CountyAdmin and lose them?", on_discard=self.close_for_quit)  # fmt: skip
            return
        # Also reached when an installer upgrading CountyAdmin asks it to close (Restart Manager: Qt emits
        # aboutToQuit, which closes this window); the Windows workflow's upgrade test reads this line.
        log.info("CountyAdmin is closing: the invitation outbox finishes or hands back what it is posting")
        self._save_layout()
        for dialog in list(self._details.values()):
            dialog.discard_and_close()
        if self.batch_dialog is not None:
            # Quitting mid-send stops taking new rows; rows already on their way finish through the
            # outbox, which never sends one twice.
            self.batch_dialog.cancel_sending()
        if self.match_check_run is not None:
            self.match_check_run.cancel()
        if self.diagnostics_saver is not None:
            self.diagnostics_saver.stop()
        self._closed = True
        if self.context is not None:
            self.context.close()
        super().closeEvent(event)

    # -- wiring -------------------------------------------------------------------------------------

    def _connect_signals(self) -> None:
        self.ui.actionQuit.triggered.connect(self.close)
        self.ui.actionOpenProvider.triggered.connect(self._open_current)
        self.ui.actionRefresh.triggered.connect(self.refresh)
        self.ui.actionFind.triggered.connect(self._focus_search)
        self.ui.actionSettings.triggered.connect(self._show_settings)
        self.ui.actionAbout.triggered.connect(self._show_about)
        self.ui.actionSaveDiagnostics.triggered.connect(self.save_diagnostics)
        self.ui.actionCheckAllMatches.triggered.connect(self.check_all_unlinked)
        self.ui.importBatchAction.triggered.connect(self.import_batch)
        self.ui.downloadTemplateAction.triggered.connect(self._ask_template_path)
        self.ui.importCountyProvidersAction.triggered.connect(self.show_county_import)
        self.ui.exportLinkStatusAction.triggered.connect(self.export_link_status)
        self.ui.peopleAcrossProvidersAction.triggered.connect(self.show_people)
        self.ui.providerSearch.textChanged.connect(self._filter)
        self.ui.notLinkedFilter.toggled.connect(self._filter_unlinked)
        self.ui.providerSearch.returnPressed.connect(self._search_to_table)
        # ``activated`` covers a double-click and Enter, as the platform defines them.
        self.ui.providerTable.activated.connect(self._open_index)
        self.model.visible_count_changed.connect(self._show_count)
        self._startup_list.connect(self._on_startup_list)

    def _set_ready(self, ready: bool) -> None:
        for action in (self.ui.actionOpenProvider, self.ui.actionRefresh, self.ui.actionSettings,
                       self.ui.actionCheckAllMatches, self.ui.importCountyProvidersAction,
                       self.ui.exportLinkStatusAction):  # fmt: skip
            action.setEnabled(ready)
        self.ui.importBatchAction.setEnabled(ready)

    # -- handlers -----------------------------------------------------------------------------------

    def _on_started(self, context: AppContext) -> None:
        if self._closed:  # the clerk quit while we were starting: release everything at once
            context.close()
            return
        self.context = context
        if context.demo_note:
            self._demo_label.setText(context.demo_note)
            self._demo_label.show()
        self._set_ready(True)
        self.started.emit()
        # The clerk's first Invite would otherwise compile the e-mail rules on the GUI thread.
        run_in_background(_prepare_email_rules)
        if not self._listed_at_startup:
            self.refresh()
        if self._open_when_started is not None:
            provider_id, self._open_when_started = self._open_when_started, None
            self._show_count(self.model.visible_count(), self.model.total_count())
            self.open_provider(provider_id)

    def _on_startup_list(self, loaded: tuple[Sequence[ProviderSummary], dict[int, MatchCheck]]) -> None:
        if self._closed or self.context is not None:
            return
        self._listed_at_startup = True
        self._on_providers(loaded)

    def _on_startup_failed(self, error: Exception) -> None:
        log.error("start-up failed", exc_info=error)
        self._open_when_started = None
        message = f"CountyAdmin could not start: {error_sentence(error)}"
        self.say(message, urgent=True)
        self.ui.actionSettings.setEnabled(False)
        self.startup_failed.emit(message)

    def _on_providers(self, loaded: tuple[Sequence[ProviderSummary], dict[int, MatchCheck]]) -> None:
        providers, checks = loaded
        table = self.ui.providerTable
        current = table.currentIndex()
        chosen = self.model.provider_at(current.row()).id if current.isValid() else None
        self.model.set_match_checks(checks)
        self.model.set_providers(providers)
        self._keep_chosen(chosen, current.row() if current.isValid() else None, current.column())
        self.providers_loaded.emit(len(providers))

    def _on_check_progress(self, done: int, total: int) -> None:
        self._check_progress.setMaximum(max(total, 1))
        self._check_progress.setValue(done)

    def _on_check_finished(self, sentence: str) -> None:
        self._check_progress.hide()
        self._check_cancel.hide()
        if self.match_check_run is not None:
            self._check_cancel.clicked.disconnect(self.match_check_run.cancel)
        self.ui.actionCheckAllMatches.setEnabled(self.context is not None)
        self.say(sentence)
        self.match_check_finished.emit(sentence)

    def _on_providers_failed(self, error: Exception) -> None:
        log.error("loading providers failed", exc_info=error)
        self.say(f"The providers could not be loaded: {error_sentence(error)}", urgent=True)

    def _on_provider_saved(self, _record: ProviderRecord) -> None:
        self.refresh()

    def say(self, sentence: str, *, urgent: bool = False) -> None:
        """Show ``sentence`` in the status bar and announce it to screen readers.

        For results that arrive in the background (a check, a save, a view docked in this window).

        Args:
            sentence: What happened, as a sentence a clerk can act on.
            urgent: Announce it at once, interrupting (a failure), rather than politely.
        """
        from countyadmin.gui.announce import announce

        self._count_label.setText(sentence)
        announce(self._count_label, sentence, urgent=urgent)

    def _show_count(self, shown: int, total: int) -> None:
        noun = "provider" if total == 1 else "providers"
        if shown == total:
            self._count_label.setText(f"{total:,} {noun}")
        else:
            self._count_label.setText(f"{shown:,} of {total:,} {noun} match the search")

    def _filter(self, text: str) -> None:
        self.refilter(lambda: self.model.set_filter_text(text))

    def _filter_unlinked(self, only: bool) -> None:
        self.refilter(lambda: self.model.set_only_unlinked(only))

    def refilter(self, change: Callable[[], None]) -> None:
        """Apply ``change`` to the list's filter (``self.model``), keeping the chosen provider chosen.

        Args:
            change: Changes what the model shows (search text, "Not linked yet", a stage…); the
                provider chosen before stays chosen and in view while it is still shown, otherwise the
                row it was on is chosen (see ``_keep_chosen``).
        """
        current = self.ui.providerTable.currentIndex()
        chosen = self.model.provider_at(current.row()).id if current.isValid() else None
        change()
        self._keep_chosen(chosen, None, current.column())

    def _keep_chosen(self, chosen: int | None, old_row: int | None, column: int) -> None:
        """After the rows were reset, keep the chosen provider chosen (and in view) while it is shown.

        When it left the list (linked while "Not linked yet" is on), its old row — now the next
        provider — is chosen instead, so the clerk goes on with one keystroke.
        """
        table = self.ui.providerTable
        row = self.model.row_of(chosen) if chosen is not None else None
        if row is None and old_row is not None and self.model.rowCount() > 0:
            row = min(old_row, self.model.rowCount() - 1)
        if row is None:
            table.scrollToTop()
        else:
            table.selectRow(row)
            table.scrollTo(self.model.index(row, max(column, 0)))

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_provider(self.model.provider_at(index.row()).id)

    def _open_current(self) -> None:
        self._open_index(self.ui.providerTable.currentIndex())

    def _focus_search(self) -> None:
        self.ui.providerSearch.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
        self.ui.providerSearch.selectAll()

    def _search_to_table(self) -> None:
        table = self.ui.providerTable
        if self.model.rowCount() > 0:
            table.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
            if not table.currentIndex().isValid():
                table.selectRow(0)

    def _show_settings(self) -> None:
        # Imported here: the keyring module it needs costs the first paint a tenth of a second.
        from countyadmin.gui.settings.settings_dialog import SettingsDialog

        if self.context is not None:
            SettingsDialog(self.context.settings, self).open()

    def show_county_import(self) -> CountyImportDialog | None:
        """File → Import County Providers…: the preview dialog; the list reloads after an import."""
        from countyadmin.gui.spreadsheets.county_import_dialog import CountyImportDialog

        if self.context is None or self.context.county_import is None:
            return None
        if self.county_import_dialog is None:
            dialog = CountyImportDialog(self.context.county_import, self)
            dialog.setObjectName("countyImportDialog")
            dialog.imported.connect(lambda _result: self.refresh())
            dialog.finished.connect(self._forget_county_import)
            self.county_import_dialog = dialog
        self.county_import_dialog.show()
        self.county_import_dialog.raise_()
        return self.county_import_dialog

    def _forget_county_import(self) -> None:
        if self.county_import_dialog is not None:
            self.county_import_dialog.deleteLater()
            self.county_import_dialog = None

    def export_link_status(self) -> LinkStatusExport | None:
        """File → Export Provider Link Status…: asks where to save, then saves in the background."""
        from countyadmin.gui.spreadsheets.link_status_export import LinkStatusExport

        if self.context is None or self.context.reports is None:
            return None
        if self.link_status_export is None:
            self.link_status_export = LinkStatusExport(self, self.ui.statusbar)
            self.link_status_export.finished.connect(self._on_link_status_exported)
        self.link_status_export.choose_file(self.context.reports)
        return self.link_status_export

    def _on_link_status_exported(self, sentence: str) -> None:
        self.say(sentence)
        self.link_status_exported.emit(sentence)

    def import_batch(self) -> ImportBatchDialog | None:
        """Invitations → Invite Admin Users from a Spreadsheet…: the dialog, or why it cannot open."""
        from countyadmin.gui.message_boxes import info_box
        from countyadmin.gui.spreadsheets.import_batch_dialog import ImportBatchDialog

        if self.context is None:
            return None
        if self.context.batch is None:
            info_box(self, title="Invite Admin Users from a Spreadsheet", name="batchUnavailableBox",
                     text="CPSE Portal is not set up yet. Enter its address and API key in Settings, "
                          "then invite admin users.")  # fmt: skip
            return None
        dialog = ImportBatchDialog(self.context.batch, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self.batch_dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "batch_dialog", None))
        dialog.open()
        return dialog

    def _ask_template_path(self) -> None:
        from countyadmin.gui.spreadsheets.import_batch_dialog import template_file_dialog

        template_file_dialog(self, self.save_invitation_template).open()

    def save_invitation_template(self, path: str) -> None:
        """Write the invitation template to ``path`` off the GUI thread; the status bar says how it went."""
        from countyadmin.spreadsheets.invitation_template import write_invitation_template

        run_in_background(
            write_invitation_template, Path(path),
            on_success=lambda _: self.say(f"Saved the invitation template to {path}."),
            on_failure=lambda error: self.say(error_sentence(error), urgent=True),
        )  # fmt: skip

    def save_diagnostics(self) -> SaveDiagnostics:
        """Help → Save Diagnostics…: asks where, then writes the zip for IT in the background."""
        from countyadmin.gui.mainwindow.save_diagnostics import SaveDiagnostics

        if self.diagnostics_saver is None:
            self.diagnostics_saver = SaveDiagnostics(self, self.ui.statusbar, self.ui.actionSaveDiagnostics)
            saver = self.diagnostics_saver  # "Saved to …" is heard, not only painted
            saver.finished.connect(lambda sentence: self.say(sentence, urgent=saver.failed))
        self.diagnostics_saver.choose_file(self.context.settings if self.context is not None else None)
        return self.diagnostics_saver

    def show_people(self) -> PeopleDialog | None:
        """Providers → People Across Providers…: one window, raised again when open."""
        from countyadmin.gui.onboarding.people_window import PeopleDialog

        if self.context is None or self.context.people is None:
            return None
        if self.people_dialog is None:
            sync = getattr(self, "portal_sync_controller", None)  # set once the sync has started (app.py)
            self.people_dialog = PeopleDialog(self.context.people, self, sync)
        self.people_dialog.show()
        self.people_dialog.raise_()
        self.people_dialog.activateWindow()
        return self.people_dialog

    def _show_about(self) -> None:
        from countyadmin.gui.mainwindow.about_dialog import AboutDialog

        AboutDialog(self).open()

    # -- remembered layout --------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        header = self.ui.providerTable.horizontalHeader()
        state = settings.value("main_window/provider_columns")
        self._columns_restored = isinstance(state, QByteArray) and header.restoreState(state)
        if not self._columns_restored:
            # Qt's default indicator points the other way; the name sort is shown once it is set.
            header.setSortIndicatorShown(False)
            for column, width in enumerate(_DEFAULT_WIDTHS):
                header.resizeSection(column, width)

    def _save_layout(self) -> None:
        settings = QSettings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        header = self.ui.providerTable.horizontalHeader()
        settings.setValue("main_window/provider_columns", header.saveState())


def _load_list(context: AppContext) -> tuple[list[ProviderSummary], dict[int, MatchCheck]]:
    # Runs on a pool thread: the same read as the list shown at start-up.
    return context.providers.list_with_match_checks()


def _prepare_email_rules() -> None:
    """On a worker: the import itself is part of the work kept off the GUI thread."""
    from countyadmin.domain.invitation import prepare_email_rules

    prepare_email_rules()
