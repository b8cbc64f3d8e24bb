"""Provider Details: the Billing Provider Profile (with the CPSE Portal match list or the linked
provider's details), the Provider Admin Users tab and the History tab.

This module is the window; each area has its controller: ``profile_tab``, ``portal_match_panel``,
``portal_details_panel``, ``admin_users_tab`` (with ``invitations_panel``) and ``history_tab``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from countyadmin.domain.profile import PROFILE_FIELDS
from countyadmin.domain.provider import ProfileChanges, ProviderRecord
from countyadmin.gui.context import (
    InvitationsLike,
    NpiLookupLike,
    PortalWorkLike,
    ProviderServiceLike,
    error_sentence,
)
from countyadmin.gui.forms.ui_provider_details_dialog import Ui_ProviderDetailsDialog
from countyadmin.gui.invitations.outbox_bridge import OutboxBridge
from countyadmin.gui.message_boxes import close_discarding, reject_unless_typed
from countyadmin.gui.provider_details.admin_users_tab import AdminUsersTab
from countyadmin.gui.provider_details.history_tab import HistoryTab
from countyadmin.gui.provider_details.npi_field import NpiField
from countyadmin.gui.provider_details.portal_details_panel import PortalDetailsPanel
from countyadmin.gui.provider_details.portal_match_panel import PortalMatchPanel
from countyadmin.gui.provider_details.profile_tab import ProfileTab
from countyadmin.gui.time_format import address_text, local_time
from countyadmin.gui.workers import run_in_background
from countyadmin.services.errors import ProviderNotFound

log = logging.getLogger(__name__)

_FIELD_NAMES = {"provider_type": "provider type", "npi": "NPI", "sed_code": "SED code",
                "uses_portal": "“Provider Uses CPSE Portal”"}  # fmt: skip

__all__ = ["ProviderDetailsDialog", "address_text", "local_time"]


class ProviderDetailsDialog(QDialog):
    """One county provider. Non-modal: open it with ``show()``; several can be open at once.

    Signals:
        provider_loaded(object): the ProviderRecord shown (after opening or Reload).
        provider_saved(object): Apply, a link or an unlink saved this ProviderRecord.
        save_failed(str): Apply did not save; the sentence says why.
        linked(object): the provider was linked to CPSE Portal (the ProviderRecord after it).
        unlinked(object): the provider was unlinked (the ProviderRecord after it).
        matches_checked(object): a MatchCheck of this provider, for the provider list.
        next_unlinked_requested(int): the clerk asked for the next unlinked provider after this id.
        open_provider_requested(int): the clerk asked to open this other county record (a duplicate).
    """

    provider_loaded = Signal(object)
    provider_saved = Signal(object)
    save_failed = Signal(str)
    linked = Signal(object)
    unlinked = Signal(object)
    matches_checked = Signal(object)
    next_unlinked_requested = Signal(int)
    open_provider_requested = Signal(int)

    def __init__(
        self,
        provider_id: int,
        providers: ProviderServiceLike,
        npi_lookup: NpiLookupLike,
        parent: QWidget | None = None,
        *,
        portal: PortalWorkLike | None = None,
        invitations: InvitationsLike | None = None,
        outbox: OutboxBridge | None = None,
    ) -> None:
        super().__init__(parent)
        self.provider_id = provider_id
        self.record: ProviderRecord | None = None
        self.completed_box: QMessageBox | None = None
        self._providers = providers
        # The record is read on a worker while this thread builds the form (about 15 ms): it is usually
        # there for the dialog's first paint. Its answer is queued, so it arrives after this constructor.
        self._load()
        self.ui = Ui_ProviderDetailsDialog()
        self.ui.setupUi(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.profile = ProfileTab(self.ui, providers, npi_lookup, self)
        self.matches = PortalMatchPanel(self.ui, providers, portal, self.profile, self)
        self.portal_details = PortalDetailsPanel(self.ui, portal, self)
        self.history = HistoryTab(self.ui, providers, self)
        self.admin_users = AdminUsersTab(self.ui, invitations, outbox, self)
        font = self.ui.providerNameLabel.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.ui.providerNameLabel.setFont(font)
        self.ui.portalMatchesBox.hide()  # shown for an unlinked provider, never empty
        self.ui.portalDetailsBox.hide()
        self.ui.profileTab.setEnabled(False)
        self._connect_signals()

    def reject(self) -> None:
        # Esc, Close and the title bar's × all come here (QDialog's closeEvent calls reject()).
        unsaved = self.profile.unsaved_fields()
        named = " and ".join(_FIELD_NAMES[field] for field in PROFILE_FIELDS if field in unsaved)
        who = self.record.name if self.record is not None else "this provider"
        text = (f"You changed the {named} of {who} and did not click Apply. Close Provider Details and "
                "lose the change?")
        reject_unless_typed(self, typed=bool(unsaved), text=text, reject=super().reject)

    def has_unsaved_changes(self) -> bool:
        return bool(self.profile.unsaved_fields())

    def discard_and_close(self) -> None:
        """Close without asking, dropping what was typed and not applied."""
        close_discarding(self)

    @property
    def npi(self) -> NpiField:
        return self.profile.npi

    def changes(self) -> ProfileChanges:
        return self.profile.changes()

    # -- wiring -------------------------------------------------------------------------------------

    def _connect_signals(self) -> None:
        self.ui.buttonBox.rejected.connect(self.close)
        self.ui.nextUnlinkedButton.clicked.connect(self._next_unlinked)
        self.profile.saved.connect(self._on_saved)
        self.profile.save_failed.connect(self.save_failed)
        self.profile.reload_wanted.connect(self._reload)
        self.profile.duplicates.open_requested.connect(self.open_provider_requested)
        self.matches.linked.connect(self._on_linked)
        self.matches.matches_checked.connect(self.matches_checked)
        self.matches.reload_needed.connect(self.profile.offer_reload)
        self.matches.profile_invalid.connect(self.profile.show_field_errors)
        self.portal_details.unlinked.connect(self._on_unlinked)
        self.portal_details.reload_needed.connect(self.profile.offer_reload)
        self.admin_users.history_changed.connect(self._refresh_history)

    def _load(self) -> None:
        run_in_background(
            self._providers.get,
            self.provider_id,
            on_success=self._show_record,
            on_failure=self._on_load_failed,
        )

    # -- showing a record ---------------------------------------------------------------------------

    def _show_record(self, record: ProviderRecord, *, check_matches: bool = True) -> None:
        self.record = record
        self.setWindowTitle(f"Provider Details — {record.name}")
        self.ui.providerNameLabel.setText(record.name)
        self.ui.providerAddressLabel.setText(address_text(record))
        self.profile.show_record(record)
        self.ui.profileTab.setEnabled(True)
        self._show_link_state(record, check_matches=check_matches)
        self.history.refresh(record.id)
        self.provider_loaded.emit(record)

    def _show_link_state(self, record: ProviderRecord, *, check_matches: bool = True) -> None:
        if record.is_linked:
            self.matches.hide()
            self.portal_details.show_for(record)
        else:
            self.portal_details.hide()
            if check_matches:
                self.matches.check(record)
        self.admin_users.show_for(record)

    def _on_load_failed(self, error: Exception) -> None:
        log.error("opening provider %s failed", self.provider_id, exc_info=error)
        if isinstance(error, ProviderNotFound):
            text = (
                "This provider is no longer in the county database. Close this window and refresh the list."
            )
        else:
            text = f"The provider could not be opened: {error_sentence(error)}"
        self.ui.providerNameLabel.setText(text)

    # -- after actions --------------------------------------------------------------------------------

    def _on_saved(self, record: ProviderRecord) -> None:
        # The guide's "future version": Apply looks for matches again, no closing and reopening.
        self._show_record(record)
        self.provider_saved.emit(record)

    def _reload(self, newer: ProviderRecord | None) -> None:
        if newer is not None:
            self._show_record(newer)
        else:
            self._load()

    def _on_linked(self, record: ProviderRecord) -> None:
        self._show_record(record, check_matches=False)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Link completed",
            f"“{record.name}” is now linked to CPSE Portal provider {record.portal_provider_id}.",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("linkCompletedBox")
        box.setTextFormat(Qt.TextFormat.PlainText)  # the name is data, never markup
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.completed_box = box
        box.open()  # not exec(): nothing waits on it, and automation can find and close it
        self.linked.emit(record)
        self.provider_saved.emit(record)

    def _on_unlinked(self, record: ProviderRecord) -> None:
        self._show_record(record)
        self.profile.say("Unlinked from CPSE Portal; looking for matches again.", saved=True)
        self.unlinked.emit(record)
        self.provider_saved.emit(record)

    def _refresh_history(self) -> None:
        self.history.refresh(self.provider_id)

    def _next_unlinked(self) -> None:
        self.next_unlinked_requested.emit(self.provider_id)
