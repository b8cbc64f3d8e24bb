"""The Billing Provider Profile's own fields: provider type, NPI, SED code, "Uses CPSE Portal", Apply."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from countyadmin.domain.identifiers import validate_sed_code
from countyadmin.domain.profile import profile_diff, profile_problems
from countyadmin.domain.provider import ProfileChanges, ProviderRecord, ProviderType
from countyadmin.gui.announce import announce, announce_when_typing_pauses, describe_problem
from countyadmin.gui.colors import Tone, set_tone
from countyadmin.gui.context import NpiLookupLike, ProviderServiceLike, error_sentence
from countyadmin.gui.forms.ui_provider_details_dialog import Ui_ProviderDetailsDialog
from countyadmin.gui.provider_details.duplicate_warning import DuplicateWarning
from countyadmin.gui.provider_details.npi_field import NpiField
from countyadmin.gui.time_format import local_time
from countyadmin.gui.workers import run_in_background
from countyadmin.services.errors import ConcurrentEdit, ProfileInvalid, ProviderNotFound, describe_time

__all__ = ["ProfileTab"]

log = logging.getLogger(__name__)

_TYPES = (ProviderType.AGENCY, ProviderType.INDIVIDUAL)  # the combo's items, in order
FIX_FIELDS = "Not saved: fix the marked fields, then click Apply again."
NOT_SAVED_YET = "Not saved yet: click Apply to save your changes."


class ProfileTab(QObject):
    """Shows a record in the profile fields and saves them with Apply.

    Signals:
        saved(object): Apply saved this ProviderRecord.
        save_failed(str): Apply did not save; the sentence says why.
        reload_wanted(object): Reload was clicked; the newer ProviderRecord, or None to read it again.
        edited(): a profile field changed (typed, chosen or shown).
    """

    saved = Signal(object)
    save_failed = Signal(str)
    reload_wanted = Signal(object)
    edited = Signal()

    def __init__(
        self,
        ui: Ui_ProviderDetailsDialog,
        providers: ProviderServiceLike,
        npi_lookup: NpiLookupLike,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.ui = ui
        self._providers = providers
        self.record: ProviderRecord | None = None
        self._newer: ProviderRecord | None = None  # what another clerk saved, until Reload
        self.npi = NpiField(npi_lookup, ui.npiEdit, ui.npiBusy, ui.npiRegistryName, ui.npiMessage, self)
        self.duplicates = DuplicateWarning(ui, providers, self)
        for label in (ui.sedCodeMessage, ui.providerTypeMessage):  # the NPI field styles its own message
            set_tone(label, Tone.PROBLEM)
        ui.reloadButton.hide()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.ui.applyButton.clicked.connect(self.apply)
        self.ui.reloadButton.clicked.connect(self._reload)
        self.ui.sedCodeEdit.textChanged.connect(self._on_sed_code_changed)
        self.ui.providerTypeCombo.currentIndexChanged.connect(lambda _i: self.ui.providerTypeMessage.clear())
        for changed in (self.ui.npiEdit.textChanged, self.ui.sedCodeEdit.textChanged,
                        self.ui.providerTypeCombo.currentIndexChanged, self.ui.usesPortalCheck.toggled):
            changed.connect(self._on_edited)  # fmt: skip

    def show_record(self, record: ProviderRecord) -> None:
        self.record = record
        self._newer = None
        combo = self.ui.providerTypeCombo
        combo.setCurrentIndex(_TYPES.index(record.provider_type) if record.provider_type else -1)
        if self.ui.npiEdit.text() != (record.npi or ""):
            self.ui.npiEdit.setText(record.npi or "")
        self.ui.sedCodeEdit.setText(record.sed_code or "")
        self.ui.usesPortalCheck.setChecked(record.uses_portal)
        self.ui.reloadButton.hide()
        self.duplicates.check(record.id, record.npi, record.sed_code)
        self.edited.emit()  # the fields now match the record: whoever showed "unsaved" looks again

    def unsaved_fields(self) -> set[str]:
        """The profile fields whose typed value differs from the record as saved."""
        if self.record is None:
            return set()
        return set(profile_diff(self.record, self.changes()))

    def changes(self) -> ProfileChanges:
        index = self.ui.providerTypeCombo.currentIndex()
        return ProfileChanges(
            provider_type=_TYPES[index] if index >= 0 else None,
            npi=self.npi.value(),
            sed_code=self.ui.sedCodeEdit.text().strip() or None,
            uses_portal=self.ui.usesPortalCheck.isChecked(),
        )

    def show_field_errors(self, field_errors: Mapping[str, str]) -> list[str]:
        """Put each sentence beside its field; return those that belong to no field."""
        labels: dict[str, QLabel] = {
            "provider_type": self.ui.providerTypeMessage,
            "sed_code": self.ui.sedCodeMessage,
        }
        others = []
        for field, sentence in field_errors.items():
            if field == "npi":
                self.npi.show_error(sentence)
            elif field in labels:
                labels[field].setText(sentence)
                announce(labels[field], sentence, urgent=True)
                describe_problem(self.ui.sedCodeEdit if field == "sed_code" else self.ui.providerTypeCombo,
                                 sentence)  # fmt: skip
            else:
                others.append(sentence)
        return others

    def offer_reload(self, newer: ProviderRecord | None) -> None:
        """Someone else saved the provider: keep what was typed, and let Reload show their version."""
        self._newer = newer
        self.ui.reloadButton.show()

    def say(self, text: str, *, problem: bool = False, saved: bool = False) -> None:
        self.ui.saveMessage.setText(text)
        set_tone(self.ui.saveMessage, Tone.PROBLEM if problem else Tone.OK if saved else None)
        announce(self.ui.saveMessage, text, urgent=problem)

    # -- handlers -----------------------------------------------------------------------------------

    def _on_edited(self, *_args: object) -> None:
        # "Fix the marked fields" must not outlive the problems it names.
        if self.ui.saveMessage.text().startswith(FIX_FIELDS) and not self._problems():
            # Typed back to what is saved: there is nothing to save either.
            self.say(NOT_SAVED_YET if self.unsaved_fields() else "")
        self.edited.emit()

    def _problems(self) -> dict[str, str]:
        portal_id = self.record.portal_provider_id if self.record else None
        return profile_problems(self.changes(), portal_provider_id=portal_id)

    def _on_sed_code_changed(self, text: str) -> None:
        value = text.strip()
        sentence = validate_sed_code(value) or "" if value else ""
        self.ui.sedCodeMessage.setText(sentence)
        describe_problem(self.ui.sedCodeEdit, sentence)
        announce_when_typing_pauses(self.ui.sedCodeMessage, sentence)

    def apply(self) -> None:
        if self.record is None:
            return
        sed = self.ui.sedCodeEdit.text().strip()
        if not self.npi.is_acceptable() or (sed and validate_sed_code(sed) is not None):
            self.say(FIX_FIELDS, problem=True)
            return
        self.ui.applyButton.setEnabled(False)
        self.say("Saving…")
        run_in_background(
            self._providers.apply_profile,
            self.record.id,
            self.record.version,
            self.changes(),
            on_success=self._on_saved,
            on_failure=self._on_save_failed,
        )

    def _on_saved(self, record: ProviderRecord) -> None:
        self.ui.applyButton.setEnabled(True)
        self.show_record(record)
        when = f" at {local_time(record.updated_at):%I:%M %p}" if record.updated_at else ""
        self.say(f"Saved{when}.", saved=True)
        self.saved.emit(record)

    def _on_save_failed(self, error: Exception) -> None:
        self.ui.applyButton.setEnabled(True)
        if isinstance(error, ProfileInvalid):
            others = self.show_field_errors(error.field_errors)
            text = " ".join([FIX_FIELDS, *others])
            if "sed_code" in error.field_errors and self.record is not None:  # taken: name and offer it
                typed = self.changes()
                self.duplicates.check(self.record.id, typed.npi, typed.sed_code)
        elif isinstance(error, ConcurrentEdit):
            when = describe_time(error.changed_at) if error.changed_at else "a moment ago"
            text = (
                f"Not saved: {error.changed_by or 'another user'} changed this provider {when} while you "
                "were editing. What you typed is still here; click Reload to replace it with their version."
            )
            self.offer_reload(error.current)
        elif isinstance(error, ProviderNotFound):
            text = "Not saved: this provider is no longer in the county database. Close this window."
        else:
            log.error("saving provider failed", exc_info=error)
            text = f"Not saved: {error_sentence(error)}"
        self.say(text, problem=True)
        self.save_failed.emit(text)

    def _reload(self) -> None:
        self.say("")
        self.reload_wanted.emit(self._newer)
