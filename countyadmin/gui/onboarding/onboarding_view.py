"""The onboarding view: where every provider stands on CPSE Portal, and the actions that move them on.

A dock above the provider list (Providers → Onboarding Progress shows or hides it), built after start-up
so the first paint never waits for it. It reads ``OnboardingService.stage_map`` on a worker whenever the
local copy changed (the sync controller's copy_changed) or the list was reloaded (a provider saved):
the chart's counts and the list's Stage column come from the same map, so choosing a stage filters the
list from memory, within a frame.

The layouts are ui/onboarding_view.ui and ui/resend_expired_dialog.ui. Their compiled forms (and the
chart's module) are imported with this module, which app.py imports only once the window has painted:
import it nowhere at start-up.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDockWidget, QPushButton, QTableWidgetItem, QWidget

from countyadmin.gui.announce import announce
from countyadmin.gui.context import error_sentence
from countyadmin.gui.forms.ui_onboarding_view import Ui_OnboardingView
from countyadmin.gui.forms.ui_resend_expired_dialog import Ui_ResendExpiredDialog
from countyadmin.gui.onboarding.stage_chart import providers_text
from countyadmin.gui.time_format import when_text
from countyadmin.gui.workers import run_in_background
from countyadmin.services.onboarding import OnboardingService, ResendOutcome, Stage, StageMap

if TYPE_CHECKING:
    from countyadmin.gui.mainwindow.main_window import MainWindow

log = logging.getLogger(__name__)


class OnboardingView(QWidget):
    """The chart, a sentence, and the three actions.

    Signals:
        stage_chosen(object): a Stage to filter the list to, or None for every provider.
        refreshed(object): a new StageMap is shown.
        resend_finished(str): the resend ended; the sentence says how.
        template_saved(str): the pre-filled template was written; the sentence says where (or why not).
    """

    stage_chosen = Signal(object)
    refreshed = Signal(object)
    resend_finished = Signal(str)
    template_saved = Signal(str)

    def __init__(self, service: OnboardingService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_OnboardingView()
        self.ui.setupUi(self)  # ui/onboarding_view.ui: the sentence, the chart, the buttons, the Tab order
        self.service = service
        self.stage_map: StageMap | None = None
        self.chosen: Stage | None = None
        self.resend_dialog: ResendExpiredDialog | None = None
        self._loading = False
        self._again = False
        self.chart = self.ui.onboardingChart
        self.summary = self.ui.onboardingSummary
        self.show_all_button = self.ui.onboardingShowAllButton
        self.check_button = self.ui.onboardingCheckMatchesButton
        self.resend_button = self.ui.onboardingResendButton
        self.invite_button = self.ui.onboardingInviteButton
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.chart.stage_chosen.connect(lambda row: self.choose(Stage(row)))
        self.show_all_button.clicked.connect(lambda: self.choose(None))
        self.resend_button.clicked.connect(self.preview_resend)
        # Check Unlinked for Matches and Invite… are wired by install_onboarding to the window's actions.

    # -- reading --------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the stages again in the background (one at a time; a refresh asked meanwhile follows)."""
        if self._loading:
            self._again = True
            return
        self._loading = True
        run_in_background(
            self.service.stage_map, on_success=self._show, on_failure=self._failed, on_finished=self._loaded
        )

    def _loaded(self) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.refresh()

    def _show(self, stage_map: StageMap) -> None:
        self.stage_map = stage_map
        counts = stage_map.counts
        self.chart.set_counts([(stage.label, counts.by_stage[stage]) for stage in Stage])
        as_of = (
            f"CPSE Portal data as of {when_text(counts.as_of)}"
            if counts.as_of
            else ("CPSE Portal data not synced yet: invitations and admin users are not counted")
        )
        active = counts.by_stage[Stage.ACTIVE_ADMIN]
        self.summary.setText(
            f"{active:,} of {counts.total:,} providers have an active admin user on CPSE Portal. {as_of}."
        )
        # A disabled button says why (its tooltip, which screen readers also read as its description).
        _enable(self.resend_button, counts.by_stage[Stage.EXPIRED] > 0, "No invitation has expired.")
        _enable(self.invite_button, counts.by_stage[Stage.NO_ADMIN] > 0,
                "Every linked provider has an admin user or an invitation.")  # fmt: skip
        self.refreshed.emit(stage_map)

    def _failed(self, error: Exception) -> None:
        log.error("counting the onboarding stages failed", exc_info=error)
        sentence = f"The onboarding stages could not be counted: {error_sentence(error)}"
        self.summary.setText(sentence)
        announce(self.summary, sentence, urgent=True)

    def choose(self, stage: Stage | None) -> None:
        self.chosen = stage
        self.chart.set_chosen(None if stage is None else stage.value)
        self.stage_chosen.emit(stage)
        if stage is None:
            announce(self.chart, "The list shows every provider.")
        elif self.stage_map is not None:
            count = self.stage_map.counts.by_stage[stage]
            announce(self.chart, f"The list shows {stage.label}: {providers_text(count)}.")

    # -- resend every expired invitation -------------------------------------------------------------

    def preview_resend(self) -> None:
        run_in_background(
            self.service.expired_invitations,
            on_success=self._open_preview,
            on_failure=lambda e: self.resend_finished.emit(error_sentence(e)),
        )

    def _open_preview(self, rows: list[Any]) -> None:
        if not rows:
            self.resend_finished.emit("Every expired invitation is already queued or sent again.")
            return
        dialog = ResendExpiredDialog(rows, self)
        dialog.accepted.connect(lambda: self._resend(rows))
        self.resend_dialog = dialog
        dialog.open()

    def _resend(self, rows: list[Any]) -> None:
        run_in_background(
            self.service.resend_expired,
            rows,
            on_success=self._resent,
            on_failure=lambda e: self.resend_finished.emit(error_sentence(e)),
        )

    def _resent(self, outcome: ResendOutcome) -> None:
        self.resend_finished.emit(outcome.sentence())
        self.refresh()

    # -- invite for linked providers with no admin ---------------------------------------------------

    def save_no_admin_template(self, path: str) -> None:
        """The invitation template with one row per linked provider that has no admin nor invitation."""
        run_in_background(
            _write_no_admin_template,
            self.service,
            Path(path),
            on_success=self.template_saved.emit,
            on_failure=lambda e: self.template_saved.emit(error_sentence(e)),
        )


class ResendExpiredDialog(QDialog):
    """The expired invitations that Resend would send again, one row each; Cancel is the default.

    Laid out by ui/resend_expired_dialog.ui; accepted() means send them (the view connects it).
    """

    def __init__(self, rows: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ResendExpiredDialog()
        self.ui.setupUi(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        count = len(rows)
        self.ui.resendExpiredIntro.setText(
            f"{count:,} expired {'invitation' if count == 1 else 'invitations'} will be sent "
            "again, each once, through the invitation outbox:"
        )
        table = self.ui.resendExpiredTable
        table.setRowCount(count)
        for n, row in enumerate(rows):
            cells = (
                row.provider_name,
                f"{row.first_name} {row.last_name}",
                row.email,
                when_text(row.expires_at),
            )
            for column, text in enumerate(cells):
                table.setItem(n, column, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        # Resending e-mails people: as in the link and Add New confirmations, Enter is the safe answer
        # (the .ui makes Cancel the default and Resend never the auto-default).
        self.ui.resendExpiredSendButton.setText(f"Resend {count:,}")
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.ui.resendExpiredSendButton.clicked.connect(self.accept)
        self.ui.resendExpiredCancelButton.clicked.connect(self.reject)


def _write_no_admin_template(service: OnboardingService, path: Path) -> str:
    from countyadmin.spreadsheets.invitation_template import write_invitation_template

    providers = service.linked_without_admin()
    write_invitation_template(path, [(p.sed_code, p.npi) for p in providers])
    return (
        f"Saved the invitation template for {len(providers):,} providers with no admin user to {path}. "
        "Add each invitee's name and e-mail, then use Invite Admin Users from a Spreadsheet."
    )


def _enable(button: QPushButton, enabled: bool, why_not: str) -> None:
    button.setEnabled(enabled)
    reason = "" if enabled else why_not
    button.setToolTip(reason)
    button.setAccessibleDescription(reason)


def install_onboarding(window: MainWindow, service: OnboardingService, sync: Any | None) -> OnboardingView:
    """The view in a dock above the list of ``window`` (a MainWindow), wired to its list and actions."""
    from countyadmin.gui.spreadsheets.import_batch_dialog import template_file_dialog

    view = OnboardingView(service, window)
    dock = QDockWidget("Onboarding Progress", window)
    dock.setObjectName("onboardingDock")
    dock.setWidget(view)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
    )
    window.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, dock)
    toggle = dock.toggleViewAction()
    toggle.setObjectName("onboardingViewAction")
    toggle.setText("Onboarding &Progress")
    toggle.setStatusTip("Show or hide the onboarding progress above the list (shown, it takes the keyboard).")
    # Shown from the menu (a keyboard user's way in), the keyboard follows it: the dock is also in the Tab
    # order, just before the search box, as it is above it.
    toggle.triggered.connect(lambda shown: shown and view.chart.setFocus(Qt.FocusReason.ShortcutFocusReason))
    window.ui.menuProviders.addAction(toggle)
    QWidget.setTabOrder(view.invite_button, window.ui.providerSearch)
    model = window.model
    view.refreshed.connect(
        lambda stage_map: model.set_stages(
            {pid: stage.short_label for pid, stage in stage_map.stages.items()}
        )
    )
    view.stage_chosen.connect(
        lambda stage: window.refilter(
            lambda: model.set_stage_filter(None if stage is None else stage.short_label)
        )
    )
    view.check_button.clicked.connect(window.ui.actionCheckAllMatches.trigger)
    view.invite_button.clicked.connect(
        lambda: template_file_dialog(window, view.save_no_admin_template).open()
    )
    say = window.say
    view.resend_finished.connect(say)
    view.template_saved.connect(say)
    context = window.context
    if context is not None and context.outbox is not None:
        view.resend_finished.connect(lambda _sentence: context.outbox.wake())
    window.providers_loaded.connect(lambda _count: view.refresh())
    if sync is not None:
        sync.copy_changed.connect(view.refresh)
    view.refresh()
    return view
