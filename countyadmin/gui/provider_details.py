"""Provider Details: the Billing Provider Profile and, once linked, the provider's portal admin users."""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from countyadmin.domain.identifiers import validate_sed_code
from countyadmin.domain.provider import ProfileChanges, ProviderRecord, ProviderType
from countyadmin.gui.context import NpiLookupLike, ProviderServiceLike, error_sentence
from countyadmin.gui.forms.ui_provider_details_dialog import Ui_ProviderDetailsDialog
from countyadmin.gui.npi_field import NpiField
from countyadmin.gui.workers import run_in_background
from countyadmin.services.errors import ConcurrentEdit, ProfileInvalid, ProviderNotFound, describe_time

log = logging.getLogger(__name__)

_TYPES = (ProviderType.AGENCY, ProviderType.INDIVIDUAL)  # the combo's items, in order
_PROBLEM_STYLE = "color: #9a3412;"
_SAVED_STYLE = "color: #166534;"


def local_time(moment: datetime) -> datetime:
    """``moment`` on this computer's clock (the database keeps UTC)."""
    return moment.astimezone() if moment.tzinfo is not None else moment


def address_text(record: ProviderRecord) -> str:
    street = ", ".join(part for part in (record.address_1, record.address_2) if part)
    place = " ".join(part for part in (record.state, record.zip) if part)
    town = ", ".join(part for part in (record.city, place) if part)
    lines = [line for line in (street, town) if line]
    contact = " · ".join(part for part in (record.phone, record.email) if part)
    if contact:
        lines.append(contact)
    return "\n".join(lines) or "No address on file."


class ProviderDetailsDialog(QDialog):
    """One county provider. Non-modal: open it with ``show()``; several can be open at once.

    Signals:
        provider_loaded(object): the ProviderRecord shown (after opening or Reload).
        provider_saved(object): Apply saved this ProviderRecord.
        save_failed(str): Apply did not save; the sentence says why.
    """

    provider_loaded = Signal(object)
    provider_saved = Signal(object)
    save_failed = Signal(str)

    def __init__(
        self,
        provider_id: int,
        providers: ProviderServiceLike,
        npi_lookup: NpiLookupLike,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_ProviderDetailsDialog()
        self.ui.setupUi(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.provider_id = provider_id
        self.record: ProviderRecord | None = None
        self._providers = providers
        self._newer: ProviderRecord | None = None  # what another clerk saved, until Reload
        self.npi = NpiField(
            npi_lookup, self.ui.npiEdit, self.ui.npiBusy, self.ui.npiRegistryName, self.ui.npiMessage, self
        )
        font = self.ui.providerNameLabel.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.ui.providerNameLabel.setFont(font)
        for label in (self.ui.npiMessage, self.ui.sedCodeMessage, self.ui.providerTypeMessage):
            label.setStyleSheet(_PROBLEM_STYLE)
        self.ui.reloadButton.hide()
        self.ui.portalMatchesBox.hide()  # filled by the match-and-link work; never shown empty
        self.ui.profileTab.setEnabled(False)
        self._connect_signals()
        self._load()

    # -- wiring -------------------------------------------------------------------------------------

    def _connect_signals(self) -> None:
        self.ui.buttonBox.rejected.connect(self.close)
        self.ui.applyButton.clicked.connect(self._apply)
        self.ui.reloadButton.clicked.connect(self._reload)
        self.ui.sedCodeEdit.textChanged.connect(self._on_sed_code_changed)
        self.ui.providerTypeCombo.currentIndexChanged.connect(self._on_type_changed)

    def _load(self) -> None:
        run_in_background(
            self._providers.get,
            self.provider_id,
            on_success=self._show_record,
            on_failure=self._on_load_failed,
        )

    # -- showing a record ---------------------------------------------------------------------------

    def _show_record(self, record: ProviderRecord) -> None:
        self.record = record
        self._newer = None
        self.setWindowTitle(f"Provider Details — {record.name}")
        self.ui.providerNameLabel.setText(record.name)
        self.ui.providerAddressLabel.setText(address_text(record))
        combo = self.ui.providerTypeCombo
        combo.setCurrentIndex(_TYPES.index(record.provider_type) if record.provider_type else -1)
        if self.ui.npiEdit.text() != (record.npi or ""):
            self.ui.npiEdit.setText(record.npi or "")
        self.ui.sedCodeEdit.setText(record.sed_code or "")
        self.ui.usesPortalCheck.setChecked(record.uses_portal)
        self.ui.reloadButton.hide()
        self.ui.profileTab.setEnabled(True)
        self._show_admin_users_status(record)
        self.provider_loaded.emit(record)

    def _show_admin_users_status(self, record: ProviderRecord) -> None:
        if record.is_linked:
            linked = f" on {local_time(record.linked_at):%B %d, %Y}" if record.linked_at else ""
            text = (
                f"This provider is linked to CPSE Portal provider {record.portal_provider_id}{linked}.\n\n"
                "Retrieving the provider's CPSE Portal admin users and inviting new ones is not in this "
                "version of CountyAdmin yet. Until it is, manage admin users on CPSE Portal itself."
            )
        else:
            text = (
                "Admin users belong to a provider on CPSE Portal, and this provider is not linked to "
                "CPSE Portal yet.\n\n"
                "Link it first: on the Billing Provider Profile tab, set the provider type, NPI and SED "
                "code, check \u201cProvider Uses CPSE Portal\u201d and click Apply. Finding the matching "
                "CPSE Portal provider and linking it from this screen comes in the next version of "
                "CountyAdmin; then this tab will list the provider's admin users and let you invite one."
            )
        self.ui.adminUsersStatus.setText(text)

    def _on_load_failed(self, error: Exception) -> None:
        log.error("opening provider %s failed", self.provider_id, exc_info=error)
        if isinstance(error, ProviderNotFound):
            text = (
                "This provider is no longer in the county database. Close this window and refresh the list."
            )
        else:
            text = f"The provider could not be opened: {error_sentence(error)}"
        self.ui.providerNameLabel.setText(text)

    # -- checking as the clerk types ------------------------------------------------------------------

    def _on_sed_code_changed(self, text: str) -> None:
        value = text.strip()
        self.ui.sedCodeMessage.setText(validate_sed_code(value) or "" if value else "")

    def _on_type_changed(self, _index: int) -> None:
        self.ui.providerTypeMessage.clear()

    # -- Apply ----------------------------------------------------------------------------------------

    def changes(self) -> ProfileChanges:
        index = self.ui.providerTypeCombo.currentIndex()
        return ProfileChanges(
            provider_type=_TYPES[index] if index >= 0 else None,
            npi=self.npi.value(),
            sed_code=self.ui.sedCodeEdit.text().strip() or None,
            uses_portal=self.ui.usesPortalCheck.isChecked(),
        )

    def _apply(self) -> None:
        if self.record is None:
            return
        sed = self.ui.sedCodeEdit.text().strip()
        if not self.npi.is_acceptable() or (sed and validate_sed_code(sed) is not None):
            self._say("Not saved: fix the marked fields, then click Apply again.", problem=True)
            return
        self.ui.applyButton.setEnabled(False)
        self._say("Saving…")
        run_in_background(
            self._providers.apply_profile,
            self.provider_id,
            self.record.version,
            self.changes(),
            on_success=self._on_saved,
            on_failure=self._on_save_failed,
        )

    def _on_saved(self, record: ProviderRecord) -> None:
        self.ui.applyButton.setEnabled(True)
        self._show_record(record)
        when = f" at {local_time(record.updated_at):%I:%M %p}" if record.updated_at else ""
        self._say(f"Saved{when}.", saved=True)
        self.provider_saved.emit(record)

    def _on_save_failed(self, error: Exception) -> None:
        self.ui.applyButton.setEnabled(True)
        if isinstance(error, ProfileInvalid):
            labels: dict[str, QLabel] = {
                "provider_type": self.ui.providerTypeMessage,
                "npi": self.ui.npiMessage,
                "sed_code": self.ui.sedCodeMessage,
            }
            others = []
            for field, sentence in error.field_errors.items():
                if field in labels:
                    labels[field].setText(sentence)
                else:
                    others.append(sentence)
            text = " ".join(["Not saved: fix the marked fields, then click Apply again.", *others])
        elif isinstance(error, ConcurrentEdit):
            self._newer = error.current
            when = describe_time(error.changed_at) if error.changed_at else "a moment ago"
            text = (
                f"Not saved: {error.changed_by or 'another user'} changed this provider {when} while you "
                "were editing. What you typed is still here; click Reload to replace it with their version."
            )
            self.ui.reloadButton.show()
        elif isinstance(error, ProviderNotFound):
            text = "Not saved: this provider is no longer in the county database. Close this window."
        else:
            log.error("saving provider %s failed", self.provider_id, exc_info=error)
            text = f"Not saved: {error_sentence(error)}"
        self._say(text, problem=True)
        self.save_failed.emit(text)

    def _reload(self) -> None:
        self._say("")
        if self._newer is not None:
            self._show_record(self._newer)
        else:
            self._load()

    def _say(self, text: str, *, problem: bool = False, saved: bool = False) -> None:
        self.ui.saveMessage.setText(text)
        self.ui.saveMessage.setStyleSheet(_PROBLEM_STYLE if problem else _SAVED_STYLE if saved else "")
