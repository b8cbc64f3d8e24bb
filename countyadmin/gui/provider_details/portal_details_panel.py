"""``portalDetailsBox``: the CPSE Portal provider a linked county provider is linked to, and Unlink."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from countyadmin.domain.provider import ProviderRecord
from countyadmin.gui.announce import announce
from countyadmin.gui.colors import Tone, set_tone
from countyadmin.gui.context import PortalWorkLike, error_sentence
from countyadmin.gui.forms.ui_provider_details_dialog import Ui_ProviderDetailsDialog
from countyadmin.gui.message_boxes import confirm_box
from countyadmin.gui.time_format import address_text, when_text
from countyadmin.gui.workers import Tagged, run_in_background, tagged
from countyadmin.portal.models import PortalProvider
from countyadmin.services.errors import ConcurrentEdit
from countyadmin.services.portal_work import PortalNotConfigured

log = logging.getLogger(__name__)


class PortalDetailsPanel(QObject):
    """Shows the linked CPSE Portal provider (fetched in the background) and unlinks it.

    Signals:
        details_shown(object): the PortalProvider now shown.
        details_failed(str): the portal's copy could not be fetched; the local link is still shown.
        unlinked(object): the ProviderRecord after Unlink completed.
        unlink_failed(str): Unlink did not complete; the sentence is shown in the box.
        reload_needed(object): someone else saved the provider; the newer ProviderRecord.
    """

    details_shown = Signal(object)
    details_failed = Signal(str)
    unlinked = Signal(object)
    unlink_failed = Signal(str)
    reload_needed = Signal(object)

    def __init__(self, ui: Ui_ProviderDetailsDialog, portal: PortalWorkLike | None, dialog: QWidget) -> None:
        super().__init__(dialog)
        self.ui = ui
        self._portal = portal
        self._dialog = dialog
        self.record: ProviderRecord | None = None
        self.confirm_box: QMessageBox | None = None
        self._ticket = 0
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.ui.unlinkButton.clicked.connect(self._confirm_unlink)

    def show_for(self, record: ProviderRecord) -> None:
        self.record = record
        self._ticket += 1
        self.ui.portalDetailsBox.show()
        self.ui.portalProviderIdLabel.setText(record.portal_provider_id or "")
        linked = "Linked"
        if record.linked_at is not None:
            linked += f" {when_text(record.linked_at)}"
        if record.linked_by:
            linked += f" by {record.linked_by}"
        self.ui.portalLinkedLabel.setText(linked + ".")
        for label in self._portal_labels():
            label.setText("…")
        self._say("Reading the provider from CPSE Portal…")
        self.ui.unlinkButton.setEnabled(True)
        if self._portal is None or record.portal_provider_id is None:
            self._on_details_failed(self._ticket, PortalNotConfigured(
                "Set the CPSE Portal address and API key in Settings to see the CPSE Portal details."))
            return
        run_in_background(tagged, self._ticket, self._portal.portal_provider, record.portal_provider_id,
                          on_success=self._on_details)  # fmt: skip

    def hide(self) -> None:
        self._ticket += 1
        self.ui.portalDetailsBox.hide()

    def _portal_labels(self) -> tuple[QLabel, ...]:
        ui = self.ui
        return (ui.portalNameLabel, ui.portalTypeLabel, ui.portalNpiLabel, ui.portalSedCodeLabel,
                ui.portalAddressLabel, ui.portalStatusLabel)  # fmt: skip

    def _on_details(self, answer: Tagged) -> None:
        ticket, portal = answer
        if isinstance(portal, Exception):
            self._on_details_failed(ticket, portal)
            return
        if ticket != self._ticket or not isinstance(portal, PortalProvider):
            return
        ui = self.ui
        ui.portalNameLabel.setText(portal.name)
        ui.portalTypeLabel.setText(portal.provider_type.capitalize())
        ui.portalNpiLabel.setText(portal.npi or "None on CPSE Portal")
        ui.portalSedCodeLabel.setText(portal.sed_code or "None on CPSE Portal")
        ui.portalAddressLabel.setText(address_text(portal))
        ui.portalStatusLabel.setText(portal.status.capitalize())
        self._say("")
        self.details_shown.emit(portal)

    def _on_details_failed(self, ticket: int, error: Exception) -> None:
        if ticket != self._ticket:
            return
        for label in self._portal_labels():
            label.setText("—")
        text = (f"The CPSE Portal details could not be read: {error_sentence(error)} "
                "The link itself is recorded in Preschool.")  # fmt: skip
        self._say(text, problem=True)
        self.details_failed.emit(text)

    # -- unlink ---------------------------------------------------------------------------------------

    def _confirm_unlink(self) -> None:
        if self.record is None or self.record.portal_provider_id is None:
            return
        self.confirm_box = confirm_box(
            self._dialog,
            title="Unlink from CPSE Portal",
            text=f"Unlink “{self.record.name}” from CPSE Portal provider "
            f"{self.record.portal_provider_id}?\n\nThe provider stays on CPSE Portal; only the link between "
            "the two records is removed, on CPSE Portal and in Preschool. You can link it again later.",
            name="unlinkConfirmBox", confirm="Unlink", confirm_name="confirmUnlinkButton",
            on_confirm=self._unlink,
        )  # fmt: skip

    def _unlink(self) -> None:
        if self.record is None or self._portal is None:
            return
        self.ui.unlinkButton.setEnabled(False)
        self._say("Unlinking…")
        run_in_background(self._portal.unlink, self.record.id, expected_version=self.record.version,
                          on_success=self._on_unlinked, on_failure=self._on_unlink_failed)  # fmt: skip

    def _on_unlinked(self, record: ProviderRecord) -> None:
        self.ui.unlinkButton.setEnabled(True)
        self.unlinked.emit(record)

    def _on_unlink_failed(self, error: Exception) -> None:
        self.ui.unlinkButton.setEnabled(True)
        if isinstance(error, ConcurrentEdit):
            self.reload_needed.emit(error.current)
        text = f"Not unlinked: {error_sentence(error)}"
        self._say(text, problem=True)
        self.unlink_failed.emit(text)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.ui.portalDetailsMessage.setText(text)
        set_tone(self.ui.portalDetailsMessage, Tone.PROBLEM if problem else None)
        announce(self.ui.portalDetailsMessage, text, urgent=problem)
