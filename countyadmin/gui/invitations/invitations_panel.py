"""``invitationsBox``: the provider's invitations (statuses from CPSE Portal), Resend, Cancel, Withdraw.

Withdraw stops a queued invitation before it goes out, or clears a refused ("Not sent") one from the
list; History keeps both. Every disabled button's tooltip says why it cannot be clicked.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelection, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from countyadmin.domain.outbox import OutboxItem
from countyadmin.gui.announce import announce
from countyadmin.gui.colors import Tone, set_tone
from countyadmin.gui.context import InvitationsLike, error_sentence
from countyadmin.gui.forms.ui_provider_details_dialog import Ui_ProviderDetailsDialog
from countyadmin.gui.invitations.invitation_table_model import InvitationsModel
from countyadmin.gui.invitations.invite_admin_dialog import queued_sentence, withdraw, withdrawn_sentence
from countyadmin.gui.invitations.outbox_bridge import OutboxBridge
from countyadmin.gui.message_boxes import confirm_box
from countyadmin.gui.table_models import attach_model
from countyadmin.gui.workers import Tagged, run_in_background, tagged
from countyadmin.portal.models import Invitation
from countyadmin.services.invitation_list import InvitationEntry, InvitationList

log = logging.getLogger(__name__)

# Several outbox changes arrive per send (claimed, then sent): one refresh answers them all.
REFRESH_DELAY_MS = 250
RESEND_TIP = "E-mail the selected invitation again; it is then valid for 14 more days."
CANCEL_TIP = "Cancel the selected invitation on CPSE Portal: the link in its e-mail stops working."
WITHDRAW_TIP = ("Stop the selected queued invitation before it goes out, or remove a refused (Not sent) "
                "one from the list. History keeps it.")  # fmt: skip


def _why_not_resend(entry: InvitationEntry) -> str:
    if entry.portal_invitation_id is None:
        return "It has not reached CPSE Portal yet, so there is nothing to resend."
    if entry.status == "accepted":
        return "It was accepted: the person has an admin user already."
    return "It was cancelled; invite the person again if they still need an admin user."


def _why_not_cancel(entry: InvitationEntry) -> str:
    if entry.portal_invitation_id is None:
        return "It has not reached CPSE Portal yet: use Withdraw to stop it."
    if entry.status == "accepted":
        return "It was accepted, so it cannot be cancelled; the admin user can be disabled on CPSE Portal."
    return "It is cancelled already."


def _why_not_withdraw(entry: InvitationEntry) -> str:
    if entry.portal_invitation_id is not None:
        return "It is on CPSE Portal already: use Cancel Invitation instead."
    if entry.status == "sending":
        return "It is being sent this moment; wait for the result."
    return "Only a queued or refused (Not sent) invitation can be withdrawn."


def _set_button(button: QPushButton, why_not: str | None, tip: str) -> None:
    """Enable ``button``, or disable it with the reason as its tooltip (a disabled button says why)."""
    button.setEnabled(why_not is None)
    button.setToolTip(tip if why_not is None else why_not)


class InvitationsPanel(QObject):
    """Lists the invitations and acts on the selected one; refreshes when the outbox changes.

    Signals:
        refreshed(int): the table now shows this many invitations.
        action_done(str): an invitation was resent, cancelled or withdrawn (the sentence shown); History
            changed.
        action_failed(str): Resend, Cancel or Withdraw did not complete; the sentence is shown.
    """

    refreshed = Signal(int)
    action_done = Signal(str)
    action_failed = Signal(str)

    def __init__(self, ui: Ui_ProviderDetailsDialog, invitations: InvitationsLike | None,
                 outbox: OutboxBridge | None, dialog: QWidget) -> None:  # fmt: skip
        super().__init__(dialog)
        self.ui = ui
        self._invitations = invitations
        self._dialog = dialog
        self.provider_id: int | None = None
        self.confirm_box: QMessageBox | None = None
        self._ticket = 0
        self._acting = False
        self._portal_error: str | None = None
        # (sentence, is it a problem) of the last Resend/Cancel/Withdraw, kept across the refresh after it
        self._notice: tuple[str, bool] | None = None
        self._restoring = False  # re-selecting the row after a refresh is not the clerk choosing another
        self.model = InvitationsModel(parent=self)
        attach_model(ui.invitationsTable, self.model)
        # Made here rather than in the shared provider_details_dialog.ui, beside Cancel Invitation.
        self.withdraw_button = QPushButton("&Withdraw…", ui.invitationsBox)
        self.withdraw_button.setObjectName("withdrawInvitationButton")
        self.withdraw_button.setAccessibleName("Withdraw Invitation")
        self.withdraw_button.setAutoDefault(False)
        ui.invitationsButtons.addWidget(self.withdraw_button)
        ui.invitationsBusy.hide()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        if outbox is not None:
            # Bound methods: Qt drops the connections when this window closes.
            outbox.item_changed.connect(self._on_item_changed)
            outbox.sender_error.connect(self._on_sender_error)
        self._connect_signals()
        self._update_buttons()

    def _connect_signals(self) -> None:
        self.ui.refreshInvitationsButton.clicked.connect(self.refresh)
        self.ui.resendInvitationButton.clicked.connect(self._resend)
        self.ui.cancelInvitationButton.clicked.connect(self._confirm_cancel)
        self.withdraw_button.clicked.connect(self._confirm_withdraw)
        self.ui.invitationsTable.selectionModel().selectionChanged.connect(self._on_selection)

    def show_for(self, provider_id: int) -> None:
        self.provider_id = provider_id
        self.refresh()

    def busy(self) -> bool:
        return self.ui.invitationsBusy.isVisible() or self._refresh_timer.isActive() or self._acting

    def refresh(self) -> None:
        """Read the invitations again (the outbox here, statuses from CPSE Portal) off the GUI thread."""
        if self._invitations is None or self.provider_id is None:
            return
        self._refresh_timer.stop()
        self._ticket += 1
        self.ui.invitationsBusy.show()
        run_in_background(tagged, self._ticket, self._invitations.list_for_provider, self.provider_id,
                          on_success=self._on_list)  # fmt: skip

    def _on_list(self, answer: Tagged) -> None:
        ticket, listing = answer
        if ticket != self._ticket:
            return  # an older refresh; a newer one is on its way
        self.ui.invitationsBusy.hide()
        if isinstance(listing, Exception):
            self._say(f"The invitations could not be read: {error_sentence(listing)}", problem=True)
            return
        assert isinstance(listing, InvitationList)
        chosen = self.selected()
        self._restoring = True
        try:
            self.model.set_rows(listing.entries)
            if chosen is not None:
                row = self.model.row_of(chosen.portal_invitation_id,
                                        chosen.outbox_item.id if chosen.outbox_item else None)  # fmt: skip
                if row is not None:
                    self.ui.invitationsTable.selectRow(row)
        finally:
            self._restoring = False
        self._portal_error = listing.portal_error
        self._show_state()
        self.refreshed.emit(len(listing.entries))

    def _show_state(self) -> None:
        """The sentence beside the table: what the clerk's last action did (until another row is chosen),
        else the portal's trouble, else the selected row's reason."""
        entry = self.selected()
        if self._notice and self._portal_error:  # the last action's outcome, and that the list is old now
            self._say(f"{self._notice[0]} {self._portal_error}", problem=True)
        elif self._notice:
            text, problem = self._notice
            self._say(text, problem=problem, saved=not problem)
        elif self._portal_error:
            self._say(self._portal_error, problem=True)
        elif entry is not None and entry.message:
            self._say(self._entry_message(entry), problem=entry.status == "failed")
        elif not self.model.rowCount():
            self._say("No invitations yet.")
        else:
            self._say("")
        self._update_buttons()

    @staticmethod
    def _entry_message(entry: InvitationEntry) -> str:
        item = entry.outbox_item
        if entry.status == "queued" and item is not None:
            return queued_sentence(item)
        return entry.message or ""

    def _on_item_changed(self, item: OutboxItem) -> None:
        if item.provider_id == self.provider_id:
            self._refresh_timer.start()

    def _on_sender_error(self, message: str) -> None:
        if any(e.status in ("queued", "sending") for e in self._entries()):
            self._say(message, problem=True)

    def _entries(self) -> list[InvitationEntry]:
        return [self.model.row_item(row) for row in range(self.model.rowCount())]

    # -- selection and actions ------------------------------------------------------------------------

    def selected(self) -> InvitationEntry | None:
        rows = self.ui.invitationsTable.selectionModel().selectedRows()
        return self.model.row_item(rows[0].row()) if rows else None

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if not self._restoring:
            self._notice = None
        self._show_state()

    def _update_buttons(self) -> None:
        entry = self.selected()
        busy = ("Wait: the last action on an invitation is still running." if self._acting
                else "CPSE Portal is not set up." if self._invitations is None else None)  # fmt: skip
        none = "Select an invitation in the list first."
        buttons = ((self.ui.resendInvitationButton, RESEND_TIP, "can_resend", _why_not_resend),
                   (self.ui.cancelInvitationButton, CANCEL_TIP, "can_cancel", _why_not_cancel),
                   (self.withdraw_button, WITHDRAW_TIP, "can_withdraw", _why_not_withdraw))  # fmt: skip
        for button, tip, allowed, why in buttons:
            reason = busy or (none if entry is None else None)
            if reason is None and entry is not None and not getattr(entry, allowed):
                reason = why(entry)
            _set_button(button, reason, tip)

    def _resend(self) -> None:
        entry = self.selected()
        if entry is None or not entry.can_resend or entry.portal_invitation_id is None:
            return
        self._act("resend", entry, f"Resending the invitation to {entry.email}…")

    def _confirm_cancel(self) -> None:
        entry = self.selected()
        if entry is None or not entry.can_cancel:
            return
        doing = f"Cancelling the invitation to {entry.email}…"
        self.confirm_box = confirm_box(
            self._dialog,
            title="Cancel invitation",
            text=f"Cancel the invitation to {entry.email}?\n\nThe link in their e-mail stops working. The "
            "invitation stays in the list as cancelled, and you can invite them again later.",
            name="cancelInvitationConfirmBox", confirm="Cancel Invitation",
            confirm_name="confirmCancelInvitationButton", keep="Keep It", keep_name="keepInvitationButton",
            on_confirm=lambda: self._act("cancel", entry, doing),
        )  # fmt: skip

    def _confirm_withdraw(self) -> None:
        entry = self.selected()
        if entry is None or not entry.can_withdraw or entry.outbox_item is None:
            return
        item = entry.outbox_item
        if entry.status == "failed":
            text = (f"Remove the refused invitation to {entry.email} from the list?\n\nCPSE Portal did not "
                    "take it, so nothing was sent. History keeps a line about it.")  # fmt: skip
        else:
            text = (f"Withdraw the invitation to {entry.email}?\n\nIt is still waiting in the outbox; "
                    "withdrawn, it is never sent. History keeps a line about it, and you can invite the "
                    "person again with the right details.")  # fmt: skip
        self.confirm_box = confirm_box(
            self._dialog, title="Withdraw invitation", text=text, name="withdrawInvitationConfirmBox",
            confirm="Withdraw", confirm_name="confirmWithdrawInvitationButton", keep="Keep It",
            keep_name="keepQueuedInvitationButton", on_confirm=lambda: self._withdraw(item),
        )  # fmt: skip

    def _withdraw(self, item: OutboxItem) -> None:
        if self._invitations is None:
            return
        self._notice = None
        self._acting = True
        self._update_buttons()
        self.ui.invitationsBusy.show()
        self._say(f"Withdrawing the invitation to {item.email}…")
        run_in_background(withdraw, self._invitations, item.id, on_success=self._on_withdrawn,
                          on_failure=self._on_act_failed)  # fmt: skip

    def _on_withdrawn(self, item: OutboxItem) -> None:
        self._acting = False
        self._done(f"Withdrawn: {withdrawn_sentence(item)} History keeps a line about it.")

    def _act(self, kind: str, entry: InvitationEntry, doing: str) -> None:
        """``kind`` is "resend" or "cancel"; the service audits it, so History is refreshed after."""
        if self._invitations is None or self.provider_id is None or entry.portal_invitation_id is None:
            return
        action = self._invitations.resend if kind == "resend" else self._invitations.cancel
        self._notice = None
        self._acting = True
        self._update_buttons()
        self.ui.invitationsBusy.show()
        self._say(doing)
        run_in_background(action, self.provider_id, entry.portal_invitation_id,
                          on_success=self._on_acted, on_failure=self._on_act_failed)  # fmt: skip

    def _on_acted(self, invitation: Invitation) -> None:
        self._acting = False
        if invitation.status == "cancelled":
            text = f"The invitation to {invitation.email} is cancelled; it stays in the list."
        else:
            text = f"The invitation to {invitation.email} was e-mailed again; it is valid for 14 more days."
        self._done(text)

    def _done(self, text: str) -> None:
        self._notice = (text, False)
        self._say(text, saved=True)
        self.refresh()
        self.action_done.emit(text)

    def _on_act_failed(self, error: Exception) -> None:
        self._acting = False
        text = f"Not done: {error_sentence(error)}"
        self._notice = (text, True)
        self.refresh()  # the portal may know better (accepted meanwhile, say)
        self._say(text, problem=True)
        self._update_buttons()
        self.action_failed.emit(text)

    def _say(self, text: str, *, problem: bool = False, saved: bool = False) -> None:
        self.ui.invitationsMessage.setText(text)
        announce(self.ui.invitationsMessage, text, urgent=problem)
        set_tone(self.ui.invitationsMessage, Tone.PROBLEM if problem else Tone.OK if saved else None)
