"""The match list at the bottom of the Billing Provider Profile, and linking from it.

Matches are asked for when an unlinked provider opens and after every Apply. Each check carries a
ticket, as the NPI lookups do: an answer to an older check never replaces the newest one. Linking, and
adding the provider to CPSE Portal, run in the background; every failure is said in this box, where the
clerk clicked, with what to do next.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QWidget

from countyadmin.domain.match_check import MatchCheck
from countyadmin.domain.matching import MatchCandidate, MatchKind
from countyadmin.domain.provider import ProviderRecord
from countyadmin.gui.context import PortalWorkLike, ProviderServiceLike, error_sentence
from countyadmin.gui.forms.ui_provider_details_dialog import Ui_ProviderDetailsDialog
from countyadmin.gui.link_confirm_dialog import LinkConfirmDialog
from countyadmin.gui.npi_field import NpiField
from countyadmin.gui.portal_match_model import PortalMatchModel
from countyadmin.gui.profile_tab import PROBLEM_STYLE
from countyadmin.gui.workers import run_in_background
from countyadmin.portal.models import PortalProvider
from countyadmin.services.errors import (
    ConcurrentEdit,
    LinkIncomplete,
    LinkRefused,
    ProfileInvalid,
    ProviderOnPortalAlready,
)
from countyadmin.services.matching import MatchResult
from countyadmin.services.portal_work import NOT_CONFIGURED, PortalNotConfigured

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MatchAnswer:
    ticket: int
    result: MatchResult | None
    error: Exception | None


def other_names(npi: NpiField, record: ProviderRecord) -> Sequence[str]:
    """The NPI Registry's "doing business as" names for the record's NPI, from the NPI field's answer."""
    result = npi.result
    if result is None or result.record is None or result.npi != record.npi:
        return ()
    return tuple(getattr(result.record, "other_names", ()) or ())


def _find(
    portal: PortalWorkLike | None, ticket: int, record: ProviderRecord, names: Sequence[str]
) -> MatchAnswer:
    # Runs on a pool thread: only services are touched here.
    try:
        if portal is None:
            raise PortalNotConfigured(NOT_CONFIGURED)
        return MatchAnswer(ticket, portal.find_matches(record, other_names=names), None)
    except Exception as error:
        return MatchAnswer(ticket, None, error)


def _link_latest(
    providers: ProviderServiceLike, portal: PortalWorkLike, provider_id: int, portal_id: str
) -> ProviderRecord:
    # "Try again" after a half-done link: the clerk repeats it on the record as it is now.
    return portal.link(provider_id, portal_id, expected_version=providers.get(provider_id).version)


class PortalMatchPanel(QObject):
    """Drives ``portalMatchesBox``: the match list, Retry, Link to Selected, Add New, Try Again.

    Signals:
        check_started(): a look for matches began (the box shows its busy bar).
        check_finished(object): the newest check's MatchResult is shown.
        check_failed(str): the newest check failed; the sentence is shown in the box.
        stale_answer_dropped(): an older check's answer came after a newer check and was dropped.
        matches_checked(object): a MatchCheck for the provider list.
        linked(object): the ProviderRecord after a link (or Add New) completed.
        link_failed(str): linking or adding did not complete; the sentence is shown in the box.
        reload_needed(object): someone else saved the provider; the newer ProviderRecord.
        profile_invalid(object): Add New found these field errors (a dict) in the saved profile.
    """

    check_started = Signal()
    check_finished = Signal(object)
    check_failed = Signal(str)
    stale_answer_dropped = Signal()
    matches_checked = Signal(object)
    linked = Signal(object)
    link_failed = Signal(str)
    reload_needed = Signal(object)
    profile_invalid = Signal(object)

    def __init__(
        self,
        ui: Ui_ProviderDetailsDialog,
        providers: ProviderServiceLike,
        portal: PortalWorkLike | None,
        npi: NpiField,
        dialog: QWidget,
    ) -> None:
        super().__init__(dialog)
        self.ui = ui
        self._providers = providers
        self._portal = portal
        self._npi = npi
        self._waiting_for_npi = False
        self._dialog = dialog
        self.record: ProviderRecord | None = None
        self.result: MatchResult | None = None
        self.confirm_dialog: LinkConfirmDialog | None = None
        self._ticket = 0
        self._busy = False
        self._retry_link: str | None = None  # the portal id "Try Again" links to
        self.model = PortalMatchModel(parent=self)
        table = ui.portalMatchesTable
        table.setModel(self.model)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setMinimumHeight(120)
        self._show_buttons(link=False, add=False, retry=False, again=False)
        ui.portalMatchesBusy.hide()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.ui.retryMatchesButton.clicked.connect(self._retry)
        self.ui.linkSelectedButton.clicked.connect(self._link_selected)
        self.ui.addNewPortalProviderButton.clicked.connect(self._add_new)
        self.ui.tryLinkAgainButton.clicked.connect(self._try_again)
        self.ui.portalMatchesTable.doubleClicked.connect(lambda _index: self._link_selected())
        self._npi.lookup_finished.connect(self._start_when_npi_ready)
        self.ui.npiEdit.textChanged.connect(lambda _text: QTimer.singleShot(0, self._start_when_npi_ready))

    def busy(self) -> bool:
        return self._busy

    # -- checking -----------------------------------------------------------------------------------

    def check(self, record: ProviderRecord) -> None:
        """Ask CPSE Portal for matches of ``record`` (as saved) and show them when they come."""
        self.record = record
        self._ticket += 1  # whatever is still in flight is now out of date
        self.ui.portalMatchesBox.show()
        self._set_busy(True, "Looking for matching providers on CPSE Portal…")
        self.check_started.emit()
        # The registry's DBA names come from the NPI field's lookup: wait for it rather than ask twice.
        self._waiting_for_npi = True
        self._start_when_npi_ready()

    def _start_when_npi_ready(self, *_args: object) -> None:
        if not self._waiting_for_npi or self._npi.busy() or self.record is None:
            return
        self._waiting_for_npi = False
        names = other_names(self._npi, self.record)
        run_in_background(_find, self._portal, self._ticket, self.record, names, on_success=self._on_answer)

    def hide(self) -> None:
        self._waiting_for_npi = False
        self._ticket += 1  # a late answer for a provider that is now linked is not shown
        self._set_busy(False, "")
        self.ui.portalMatchesBox.hide()

    def _retry(self) -> None:
        if self.record is not None:
            self.check(self.record)

    def _on_answer(self, answer: MatchAnswer) -> None:
        if answer.ticket != self._ticket:
            self.stale_answer_dropped.emit()
            return
        self._set_busy(False, "")
        if answer.error is not None or answer.result is None:
            error = answer.error or RuntimeError()
            if isinstance(error, PortalNotConfigured):
                text = error_sentence(error)
            else:
                log.info("looking for matches failed: %s", error)
                text = (f"CountyAdmin could not look for matches: {error_sentence(error)} "
                        "Nothing you typed is lost; click Retry.")  # fmt: skip
            self.model.set_candidates([])
            self.ui.portalMatchesTable.hide()
            self._say(text, problem=True)
            self._show_buttons(link=False, add=False, retry=True, again=False)
            self.check_failed.emit(text)
            return
        self._show_result(answer.result)
        if self.record is not None:
            best = answer.result.candidates[0].kind if answer.result.candidates else None
            check = MatchCheck(self.record.id, datetime.now(UTC), best, len(answer.result.candidates))
            self.matches_checked.emit(check)
        self.check_finished.emit(answer.result)

    def _show_result(self, result: MatchResult, *, sentence: str | None = None) -> None:
        self.result = result
        candidates = list(result.candidates)
        self.model.set_candidates(candidates)
        table = self.ui.portalMatchesTable
        table.setVisible(bool(candidates))
        if candidates:
            table.selectRow(0)
        identifier = result.has_identifier_match
        count = len(candidates)
        if identifier:
            noun = "provider has" if count == 1 else "providers have"
            text = (f"{count} CPSE Portal {noun} this provider's NPI or SED code. Select the right one and "
                    "click Link to Selected Existing CPSE Portal Provider.")  # fmt: skip
        elif candidates:
            text = ("No CPSE Portal provider has this NPI or SED code. The providers below have a similar "
                    "name and the same ZIP — possible matches only, so compare them carefully; if none is "
                    "this provider, click Add New CPSE Portal Provider.")  # fmt: skip
        else:
            text = ("No CPSE Portal provider has this NPI or SED code, or a similar name in the same ZIP. "
                    "Click Add New CPSE Portal Provider to add it to CPSE Portal.")  # fmt: skip
        self._say(sentence or text)
        self._show_buttons(link=bool(candidates), add=not identifier, retry=False, again=False)

    # -- linking ------------------------------------------------------------------------------------

    def _selected(self) -> MatchCandidate[PortalProvider] | None:
        rows = self.ui.portalMatchesTable.selectionModel().selectedRows()
        return self.model.candidate(rows[0].row()) if rows else None

    def _link_selected(self) -> None:
        candidate = self._selected()
        if self.record is None or self._busy:
            return
        if candidate is None:
            self._say("Select a CPSE Portal provider in the list first, then click Link.", problem=True)
            return
        dialog = LinkConfirmDialog(self.record, candidate.portal, self._dialog)
        dialog.association_confirmed.connect(self._start_link)
        self.confirm_dialog = dialog
        dialog.open()

    def _start_link(self, portal_id: str) -> None:
        if self.record is None:
            return
        self._retry_link = portal_id
        self._set_busy(True, f"Linking to CPSE Portal provider {portal_id}…")
        run_in_background(self._portal_or_raise().link, self.record.id, portal_id,
                          expected_version=self.record.version,
                          on_success=self._on_linked, on_failure=self._on_link_failed)  # fmt: skip

    def _try_again(self) -> None:
        if self.record is None or self._retry_link is None:
            return
        self._set_busy(True, f"Linking to CPSE Portal provider {self._retry_link} again…")
        run_in_background(_link_latest, self._providers, self._portal_or_raise(), self.record.id,
                          self._retry_link, on_success=self._on_linked,
                          on_failure=self._on_link_failed)  # fmt: skip

    def _add_new(self) -> None:
        if self.record is None or self._busy:
            return
        self._retry_link = None
        self._set_busy(True, "Adding this provider to CPSE Portal…")
        run_in_background(self._portal_or_raise().add_to_portal, self.record.id,
                          expected_version=self.record.version,
                          on_success=self._on_linked, on_failure=self._on_link_failed)  # fmt: skip

    def _portal_or_raise(self) -> PortalWorkLike:
        if self._portal is None:  # the buttons only show after a check, which needs a portal
            raise PortalNotConfigured(NOT_CONFIGURED)
        return self._portal

    def _on_linked(self, record: ProviderRecord) -> None:
        self._set_busy(False, "")
        self._retry_link = None
        self.record = record
        self.linked.emit(record)

    def _on_link_failed(self, error: Exception) -> None:
        self._set_busy(False, "")
        again = False
        if isinstance(error, ProviderOnPortalAlready) and error.existing is not None:
            existing = MatchCandidate(error.existing, MatchKind.NPI)
            sentence = (
                f"CPSE Portal already has this provider as {error.existing.id} “{error.existing.name}” "
                "(same NPI or SED code), so nothing was added. It is selected below: click Link to Selected "
                "Existing CPSE Portal Provider."
            )
            self._show_result(MatchResult([existing], None, None), sentence=sentence)
            self.link_failed.emit(sentence)
            return
        if isinstance(error, ProfileInvalid):
            self.profile_invalid.emit(error.field_errors)
            text = ("Not added to CPSE Portal: " + " ".join(error.field_errors.values())
                    + " Fix the marked fields, click Apply, then click Add New CPSE Portal Provider again.")
        elif isinstance(error, ConcurrentEdit):
            text = f"Not linked: {error_sentence(error)}"
            self.reload_needed.emit(error.current)
        elif isinstance(error, LinkIncomplete):
            text = error_sentence(error)
            again = self._retry_link is not None
        elif isinstance(error, LinkRefused):
            text = error_sentence(error)
        else:
            log.info("linking failed: %s", error)
            text = f"Not linked: {error_sentence(error)}"
        self._say(text, problem=True)
        self._show_buttons(link=self.model.rowCount() > 0,
                           add=not (self.result and self.result.has_identifier_match),
                           retry=False, again=again)  # fmt: skip
        self.link_failed.emit(text)

    # -- showing --------------------------------------------------------------------------------------

    def _set_busy(self, busy: bool, text: str) -> None:
        self._busy = busy
        self.ui.portalMatchesBusy.setVisible(busy)
        for button in (self.ui.linkSelectedButton, self.ui.addNewPortalProviderButton,
                       self.ui.retryMatchesButton, self.ui.tryLinkAgainButton):  # fmt: skip
            button.setEnabled(not busy)
        if busy:
            self._say(text)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.ui.portalMatchesMessage.setText(text)
        self.ui.portalMatchesMessage.setStyleSheet(PROBLEM_STYLE if problem else "")

    def _show_buttons(self, *, link: bool, add: bool, retry: bool, again: bool) -> None:
        self.ui.linkSelectedButton.setVisible(link)
        self.ui.addNewPortalProviderButton.setVisible(add)
        self.ui.retryMatchesButton.setVisible(retry)
        self.ui.tryLinkAgainButton.setVisible(again)
