"""The match list at the bottom of the Billing Provider Profile, and linking from it.

Matches are asked for when an unlinked provider opens and after every Apply (``match_search`` runs the
two stages). Each check carries a ticket, as the NPI lookups do: an answer to an older check never
replaces the newest one. The list is made from the profile as saved, so the moment the clerk changes
the NPI, SED code or type it says it is out of date, and Link and Add New wait for Apply (which looks
again). Add New shows what CPSE Portal will receive and waits for the clerk's yes. Every unavailable
button says why beside it and in its tooltip; every failure is said in this box, with what to do next.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from countyadmin.domain.match_check import MatchCheck
from countyadmin.domain.matching import MatchCandidate, MatchKind
from countyadmin.domain.provider import ProviderRecord, ProviderSummary
from countyadmin.gui.announce import announce
from countyadmin.gui.colors import Tone, set_tone
from countyadmin.gui.context import PortalWorkLike, ProviderServiceLike, error_sentence
from countyadmin.gui.forms.ui_provider_details_dialog import Ui_ProviderDetailsDialog
from countyadmin.gui.plain_text import literal_tooltip
from countyadmin.gui.provider_details.add_portal_confirm_dialog import AddPortalProviderDialog
from countyadmin.gui.provider_details.link_confirm_dialog import LinkConfirmDialog
from countyadmin.gui.provider_details.match_search import (
    MatchAnswer,
    find_identifiers,
    find_names,
    link_latest,
    other_names,
)
from countyadmin.gui.provider_details.portal_match_model import PortalMatchModel
from countyadmin.gui.provider_details.profile_tab import ProfileTab
from countyadmin.gui.table_models import attach_model
from countyadmin.gui.workers import run_in_background
from countyadmin.portal.errors import PortalUnavailable
from countyadmin.portal.models import PortalProvider
from countyadmin.services.errors import (
    ConcurrentEdit,
    LinkIncomplete,
    LinkRefused,
    ProfileInvalid,
    ProviderOnPortalAlready,
)
from countyadmin.services.linking import new_portal_provider
from countyadmin.services.matching import MatchResult
from countyadmin.services.portal_work import NOT_CONFIGURED, PortalNotConfigured

log = logging.getLogger(__name__)

IDENTIFIER_FIELDS = {"npi": "NPI", "sed_code": "SED code", "provider_type": "provider type"}
WAIT = "Wait for CPSE Portal to answer."


def stale_sentence(fields: set[str]) -> str:
    named = " and ".join(label for key, label in IDENTIFIER_FIELDS.items() if key in fields)
    return (f"This list is out of date: you changed the {named} since it was made. Click Apply to save the "
            "change and look for matches again.")  # fmt: skip


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
        actions_updated(): which buttons can be clicked (and why not) was worked out again.
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
    actions_updated = Signal()

    def __init__(
        self,
        ui: Ui_ProviderDetailsDialog,
        providers: ProviderServiceLike,
        portal: PortalWorkLike | None,
        profile: ProfileTab,
        dialog: QWidget,
    ) -> None:
        super().__init__(dialog)
        self.ui = ui
        self._providers = providers
        self._portal = portal
        self._profile = profile
        self._npi = profile.npi
        self._waiting_for_npi = False
        self._dialog = dialog
        self.record: ProviderRecord | None = None
        self.result: MatchResult | None = None
        self.confirm_dialog: LinkConfirmDialog | None = None
        self.add_dialog: AddPortalProviderDialog | None = None
        self._message = ("", False)  # the box's own sentence, shown whenever the list is not out of date
        self._tooltips = {b: b.toolTip() for b in (ui.linkSelectedButton, ui.addNewPortalProviderButton)}
        self._ticket = 0
        self._busy = False
        self._retry_link: str | None = None  # the portal id "Try Again" links to
        self._adding = False  # the link in flight is Add New's: its sentences say "added", not "linked"
        self.model = PortalMatchModel(parent=self)
        table = ui.portalMatchesTable
        attach_model(table, self.model)  # its tooltips hold names: shown as text, never markup
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
        self._profile.edited.connect(self._update_actions)
        self.ui.portalMatchesTable.selectionModel().selectionChanged.connect(self._update_actions)

    def busy(self) -> bool:
        return self._busy

    # -- checking -----------------------------------------------------------------------------------

    def check(self, record: ProviderRecord) -> None:
        """Ask CPSE Portal for matches of ``record`` (as saved) and show them when they come."""
        self.record = record
        self.result = None
        self._ticket += 1  # whatever is still in flight is now out of date
        self._waiting_for_npi = False
        self.ui.portalMatchesBox.show()
        self._set_busy(True, "Looking for matching providers on CPSE Portal…")
        self.check_started.emit()
        # The identifier search needs nothing from the NPI Registry: it starts now, beside the lookup.
        run_in_background(find_identifiers, self._portal, self._providers, self._ticket, record,
                          on_success=self._on_answer)  # fmt: skip

    def _start_when_npi_ready(self, *_args: object) -> None:
        record = self.record
        if not self._waiting_for_npi or record is None:
            return
        if self._npi.busy() and self._npi.value() == record.npi:
            return  # the registry's "doing business as" names for this NPI are on their way
        self._waiting_for_npi = False
        run_in_background(find_names, self._portal, self._providers, self._ticket, record,
                          other_names(self._npi, record), on_success=self._on_answer)  # fmt: skip

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
        if answer.error is None and answer.result is not None and not answer.final:
            self._say("No CPSE Portal provider has this NPI or SED code; looking for similar names in the "
                      "same ZIP…")  # fmt: skip
            self._waiting_for_npi = True
            self._start_when_npi_ready()
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
        self._show_result(answer.result, answer.linked)
        if self.record is not None:
            best = answer.result.candidates[0].kind if answer.result.candidates else None
            check = MatchCheck(self.record.id, datetime.now(UTC), best, len(answer.result.candidates))
            self.matches_checked.emit(check)
        self.check_finished.emit(answer.result)

    def _show_result(self, result: MatchResult, linked: dict[str, ProviderSummary],
                     *, sentence: str | None = None) -> None:  # fmt: skip
        self.result = result
        candidates = list(result.candidates)
        self.model.set_candidates(candidates, linked)
        table = self.ui.portalMatchesTable
        table.setVisible(bool(candidates))
        free = self.model.first_free_row()  # a provider linked to another county record: never pre-selected
        if free is not None:
            table.selectRow(free)
        else:
            table.clearSelection()
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
        taken = [c for c in candidates if c.portal.id in linked]
        if taken and sentence is None:
            text = self._taken_text(taken, linked, text, all_taken=len(taken) == count)
        self._say(sentence or text)
        self._show_buttons(link=bool(candidates), add=not identifier, retry=False, again=False)

    @staticmethod
    def _taken_text(taken: list[MatchCandidate[PortalProvider]], linked: dict[str, ProviderSummary],
                    text: str, *, all_taken: bool) -> str:  # fmt: skip
        if not all_taken:
            verb = "is" if len(taken) == 1 else "are"
            return (f"{text} {len(taken)} of them {verb} already linked to another county record (see "
                    "Linked in this county) and not selected.")  # fmt: skip
        first = linked[taken[0].portal.id]
        return (f"CPSE Portal provider {taken[0].portal.id} “{taken[0].portal.name}” matches, but it is "
                f"already linked to another county record, “{first.name}” (#{first.id}). If both records "
                "are one provider, keep one; open the other record to check its link.")  # fmt: skip

    # -- why a button cannot be clicked ---------------------------------------------------------------

    def _stale_fields(self) -> set[str]:
        return self._profile.unsaved_fields() & IDENTIFIER_FIELDS.keys()

    def _unsaved_reason(self) -> str | None:
        unsaved = self._profile.unsaved_fields()
        if unsaved & IDENTIFIER_FIELDS.keys():
            return "Out of date: click Apply first, then choose again."
        if unsaved:
            return "The profile has changes not saved yet: click Apply first."
        return None

    def _link_reason(self) -> str | None:
        row = self._selected_row()
        if row is None and self.model.rowCount() and self.model.first_free_row() is None:
            row = 0  # every one is linked to another record: say that, not "select one"
        if row is None:
            return "Select a CPSE Portal provider in the list first."
        other = self.model.linked_elsewhere(row)
        if other is not None:
            portal_id = self.model.candidate(row).portal.id
            return (f"CPSE Portal provider {portal_id} is already linked to “{other.name}” (#{other.id}): "
                    "open that record and unlink it there if that link is wrong.")  # fmt: skip
        return None

    def _add_reason(self) -> str | None:
        record = self.record
        if record is None:
            return WAIT
        if not record.uses_portal:
            return ("Tick “Provider Uses CPSE Portal” and click Apply first: only a provider that uses CPSE "
                    "Portal is added to it.")  # fmt: skip
        try:
            new_portal_provider(record)
        except ProfileInvalid as invalid:
            return " ".join(invalid.field_errors.values()) + " Then click Apply."
        return None

    def _update_actions(self, *_args: object) -> None:
        """Enable Link and Add New only when they can work; otherwise say why, beside them."""
        ui = self.ui
        stale = self._stale_fields() if self.result is not None else set()
        ui.portalMatchesTable.setEnabled(not stale and not self._busy)
        text, problem = self._message
        self._show_message(stale_sentence(stale) if stale else text, problem=problem or bool(stale))
        reasons: dict[QPushButton, str | None] = {}
        if self._busy:
            reasons = {ui.linkSelectedButton: WAIT, ui.addNewPortalProviderButton: WAIT}
        else:
            unsaved = self._unsaved_reason()
            reasons[ui.linkSelectedButton] = unsaved or self._link_reason()
            reasons[ui.addNewPortalProviderButton] = unsaved or self._add_reason()
        shown: list[str] = []
        for button, reason in reasons.items():
            button.setEnabled(reason is None)
            button.setToolTip(self._tooltips[button] if reason is None else literal_tooltip(reason))
            if reason and button.isVisibleTo(ui.portalMatchesBox) and reason not in shown and not self._busy:
                shown.append(reason)
        ui.portalActionsReason.setText(" ".join(shown))
        ui.portalActionsReason.setVisible(bool(shown))
        self.actions_updated.emit()

    # -- linking ------------------------------------------------------------------------------------

    def _selected_row(self) -> int | None:
        rows = self.ui.portalMatchesTable.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _selected(self) -> MatchCandidate[PortalProvider] | None:
        row = self._selected_row()
        return self.model.candidate(row) if row is not None else None

    def _link_selected(self) -> None:
        candidate = self._selected()
        if self.record is None or self._busy:
            return
        reason = self._unsaved_reason() or self._link_reason()
        if candidate is None or reason is not None:
            self._say(reason or "Select a CPSE Portal provider in the list first.", problem=True)
            return
        dialog = LinkConfirmDialog(self.record, candidate.portal, self._dialog)
        dialog.association_confirmed.connect(self._start_link)
        self.confirm_dialog = dialog
        dialog.open()

    def _start_link(self, portal_id: str) -> None:
        if self.record is None or self._busy:  # a second Continue Association: the first one is running
            return
        self._retry_link = portal_id
        self._adding = False
        self._set_busy(True, f"Linking to CPSE Portal provider {portal_id}…")
        run_in_background(self._portal_or_raise().link, self.record.id, portal_id,
                          expected_version=self.record.version,
                          on_success=self._on_linked, on_failure=self._on_link_failed)  # fmt: skip

    def _try_again(self) -> None:
        if self.record is None or self._retry_link is None or self._busy:
            return
        self._adding = False
        self._set_busy(True, f"Linking to CPSE Portal provider {self._retry_link} again…")
        run_in_background(link_latest, self._providers, self._portal_or_raise(), self.record.id,
                          self._retry_link, on_success=self._on_linked,
                          on_failure=self._on_link_failed)  # fmt: skip

    def _add_new(self) -> None:
        """Show what CPSE Portal will receive; nothing is created until the clerk confirms."""
        record = self.record
        if record is None or self._busy:
            return
        reason = self._unsaved_reason() or self._add_reason()
        if reason is not None:
            self._say(f"Nothing was added to CPSE Portal. {reason}", problem=True)
            return
        dialog = AddPortalProviderDialog(record, new_portal_provider(record), self._dialog)
        dialog.add_confirmed.connect(self._start_add)
        self.add_dialog = dialog
        dialog.open()

    def _start_add(self, version: int) -> None:
        record = self.record
        if record is None or self._busy:
            return
        if record.version != version or self._unsaved_reason() is not None:
            changed = ("Nothing was added to CPSE Portal: the profile changed while the confirmation was "
                       "open. Click Apply, then Add New CPSE Portal Provider again.")  # fmt: skip
            self._say(changed, problem=True)
            return
        self._retry_link = None
        self._adding = True
        self._set_busy(True, "Adding this provider to CPSE Portal…")
        run_in_background(self._portal_or_raise().add_to_portal, record.id, expected_version=record.version,
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

    def _keep_own_version(self, error: Exception) -> None:
        """Hold the version this desk's own claim moved the record to, when nothing else changed.

        Add New and Link claim the record (its version moves on) and release the claim when nothing was
        linked; the error carries the record as it is now. Without this, the clerk's next Link or Apply in
        this dialog would be told "you changed this provider" by their own claim. If another desk did save
        meanwhile, the clerk is offered Reload instead, and what they typed stays.
        """
        current = getattr(error, "current", None)
        held = self.record
        if not isinstance(current, ProviderRecord) or held is None or current.id != held.id:
            return
        if current.version <= held.version:
            return  # never back: the version only moves on
        def stamped(record: ProviderRecord) -> ProviderRecord:
            return replace(record, version=current.version, updated_at=current.updated_at,
                           updated_by=current.updated_by)  # fmt: skip

        if stamped(held) != current:
            self.reload_needed.emit(current)
            return
        self.record = current
        saved = self._profile.record
        if saved is not None and saved.id == current.id and saved.version < current.version:
            self._profile.record = stamped(saved)

    def _on_link_failed(self, error: Exception) -> None:
        self._set_busy(False, "")
        if not isinstance(error, ConcurrentEdit):
            self._keep_own_version(error)
        again = False
        not_done = "Nothing was added to CPSE Portal" if self._adding else "Not linked"
        if isinstance(error, ProviderOnPortalAlready) and error.existing is not None:
            found = error.existing
            existing = MatchCandidate(found, MatchKind.NPI)
            other = error.linked_to
            if other is None:
                sentence = (f"CPSE Portal already has this provider as {found.id} “{found.name}” (same NPI "
                            "or SED code), so nothing was added. It is selected below: click Link to "
                            "Selected Existing CPSE Portal Provider.")  # fmt: skip
            else:  # one provider entered twice in the county: never offered as free, never pre-selected
                sentence = (f"CPSE Portal already has this provider as {found.id} “{found.name}” (same NPI "
                            "or SED code), so nothing was added; it is already linked to another county "
                            f"record, “{other.name}” (#{other.id}). If both records are one provider, keep "
                            "one; open the other record to check its link.")  # fmt: skip
            linked = {found.id: other} if other is not None else {}
            self._show_result(MatchResult([existing], None, None), linked, sentence=sentence)
            self.link_failed.emit(sentence)
            return
        if isinstance(error, ProfileInvalid):
            self.profile_invalid.emit(error.field_errors)
            text = ("Not added to CPSE Portal: " + " ".join(error.field_errors.values())
                    + " Fix the marked fields, click Apply, then click Add New CPSE Portal Provider again.")
        elif isinstance(error, ConcurrentEdit):
            text = f"{not_done}: {error_sentence(error)}"
            self.reload_needed.emit(error.current)
        elif isinstance(error, LinkIncomplete):
            text = error_sentence(error)
            if error.portal_provider_id is not None:  # Add New created it; Try Again links that one
                self._retry_link = error.portal_provider_id
            again = self._retry_link is not None
        elif isinstance(error, LinkRefused):
            text = error_sentence(error)
        else:
            log.info("linking failed: %s", error)
            text = f"{not_done}: {error_sentence(error)}"
            if self._adding and isinstance(error, PortalUnavailable):  # the create may have arrived
                text += (" If CPSE Portal did receive it, Add New CPSE Portal Provider finds it there and "
                         "offers to link it instead of adding it twice.")  # fmt: skip
        self._say(text, problem=True)
        self._show_buttons(link=self.model.rowCount() > 0,
                           add=not (self.result and self.result.has_identifier_match),
                           retry=False, again=again)  # fmt: skip
        self.link_failed.emit(text)

    # -- showing --------------------------------------------------------------------------------------

    def _set_busy(self, busy: bool, text: str) -> None:
        self._busy = busy
        self.ui.portalMatchesBusy.setVisible(busy)
        for button in (self.ui.retryMatchesButton, self.ui.tryLinkAgainButton):
            button.setEnabled(not busy)
        if busy:
            self._say(text)
        else:
            self._update_actions()

    def _say(self, text: str, *, problem: bool = False) -> None:
        self._message = (text, problem)
        self._update_actions()

    def _show_message(self, text: str, *, problem: bool) -> None:
        self.ui.portalMatchesMessage.setText(text)
        set_tone(self.ui.portalMatchesMessage, Tone.PROBLEM if problem else None)
        announce(self.ui.portalMatchesMessage, text, urgent=problem)

    def _show_buttons(self, *, link: bool, add: bool, retry: bool, again: bool) -> None:
        self.ui.linkSelectedButton.setVisible(link)
        self.ui.addNewPortalProviderButton.setVisible(add)
        self.ui.retryMatchesButton.setVisible(retry)
        self.ui.tryLinkAgainButton.setVisible(again)
        self._update_actions()
