"""Invite New Admin User: the form checked as the clerk types, then queued and sent off the GUI thread.

Before anything is sent the address is checked against the provider's active admin users on CPSE Portal
(the list the tab retrieved, else retrieved when the dialog opens): such a person can sign in already.
The dialog closes once CPSE Portal has the invitation. When it is only queued (the portal is down) the
dialog stays open showing what was queued, so a mistyped address can be withdrawn before it goes out,
and follows that outbox item through the background sender's news (``OutboxBridge.item_changed``): once
sent it says so and Withdraw turns off; once refused the form is given back as typed. On a refusal (409:
a pending invitation or an existing admin user; 422: the portal's field errors) it stays open with
everything typed.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Protocol, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QWidget

from countyadmin.domain import invitation as fields
from countyadmin.domain.invitation import InvitationCheck, InvitationForm, KnownAdmin, check_invitation
from countyadmin.domain.outbox import OutboxErrorKind, OutboxItem, OutboxState
from countyadmin.domain.professions import PROFESSIONS, needs_npi
from countyadmin.domain.wording import ending_sentence
from countyadmin.gui.announce import announce, announce_when_typing_pauses, describe_problem
from countyadmin.gui.colors import Tone, set_tone
from countyadmin.gui.context import InvitationsLike, error_sentence
from countyadmin.gui.forms.ui_invite_admin_dialog import Ui_InviteAdminDialog
from countyadmin.gui.invitations.invitation_table_model import profession_text
from countyadmin.gui.invitations.outbox_bridge import OutboxBridge
from countyadmin.gui.message_boxes import reject_unless_typed
from countyadmin.gui.time_format import when_text
from countyadmin.gui.workers import run_in_background
from countyadmin.portal.models import AdminUser, Invitation
from countyadmin.services.invitations import active_admins

log = logging.getLogger(__name__)

OTHER_SENDER_WAIT = 20.0  # seconds; then the dialog says it is on its way (the sender carries on)
ADD_LATER = "Leave blank — the provider can add it later"
SEND_TIP = "Send the invitation to CPSE Portal, which e-mails it to the person."
NPI_LABEL, NPI_IF_ANY_LABEL = "&NPI:", "&NPI (if they have one):"


class _Withdraws(Protocol):
    def withdraw(self, item_id: int) -> OutboxItem: ...


def withdraw(invitations: InvitationsLike, item_id: int) -> OutboxItem:
    """``InvitationService.withdraw`` (on a worker thread): stop a queued invitation or clear a refused one.

    Through a protocol of its own: ``InvitationsLike`` (gui/context.py) does not list it yet.
    """
    return cast(_Withdraws, invitations).withdraw(item_id)


def _in_about(seconds: float) -> str:
    if seconds < 90:
        return f"in about {max(1, round(seconds))} seconds"
    minutes = round(seconds / 60)
    return f"in about {minutes} minutes" if minutes < 90 else f"in about {round(minutes / 60)} hours"


def next_try_sentence(item: OutboxItem, now: datetime | None = None) -> str:
    """When the background sender tries a queued item again, said relative to now (never a past time)."""
    due = item.next_attempt_at
    left = (due - (now or datetime.now(UTC))).total_seconds() if due is not None else 0.0
    if left <= 1:
        return "It is due to be tried again now."
    return f"Next try {_in_about(left)}."


# What a refused ("Not sent") item's last attempt was: CPSE Portal answered and made nothing.
REFUSALS = frozenset({OutboxErrorKind.PENDING_EXISTS, OutboxErrorKind.ALREADY_ADMIN, OutboxErrorKind.INVALID,
                      OutboxErrorKind.PROVIDER_MISSING})  # fmt: skip


def withdrawn_sentence(item: OutboxItem) -> str:
    """What withdrawing did: never sent, or, when a post went unanswered before, maybe sent already."""
    if item.attempts and item.error_kind is not None and item.error_kind not in REFUSALS:
        tries = "an earlier try" if item.attempts == 1 else f"{item.attempts} earlier tries"
        return (f"the invitation to {item.email} will not be sent again, but CPSE Portal did not answer "
                f"{tries}, so it may have e-mailed it. If it shows as Pending once CPSE Portal answers, "
                "cancel it there.")  # fmt: skip
    return f"the invitation to {item.email} was not sent and will not be."


def queued_sentence(item: OutboxItem, now: datetime | None = None) -> str:
    """Why a queued invitation waits and when it is tried again: one sentence and its time, said once."""
    why = item.last_error or (
        f"The invitation to {item.email} is waiting in the outbox; CountyAdmin will send it by itself."
    )
    return f"{why} {next_try_sentence(item, now)}"


def sent_sentence(item: OutboxItem) -> str:
    """That a queued invitation went out: to whom (as History names them) and when."""
    when = f" on {when_text(item.sent_at)}" if item.sent_at is not None else ""
    return f"Sent: CPSE Portal e-mailed the invitation to {item.display_name} ({item.email}){when}."


class AdminAlready(Exception):
    """``deliver`` asked the provider's admin users first and found the address among them; nothing queued."""

    def __init__(self, users: list[AdminUser]) -> None:
        super().__init__("already an admin user")
        self.users = users


def deliver(invitations: InvitationsLike, provider_id: int, form: InvitationForm,
            refused_item_id: int | None, *, check_admins: bool = False) -> OutboxItem:  # fmt: skip
    """Write the invitation to the outbox, then post it once (on a worker thread).

    ``check_admins``: the dialog's own check had no answer yet, so ask the provider's admin users here,
    before anything is written (if the portal cannot say, it checks again itself when posting).
    A corrected refusal is requeued under its outbox item rather than queued a second time.
    """
    if check_admins:
        try:
            users = invitations.admin_users(provider_id)
        except Exception:  # the portal is down: the invitation is queued, and checked when posted
            log.info("admin users could not be asked before inviting", exc_info=True)
        else:
            if not check_invitation(form, active_admins(users)).ok:
                raise AdminAlready(users)
    if refused_item_id is not None:
        item = invitations.requeue(refused_item_id, form)
    else:
        item = invitations.queue_invitation(provider_id, form)
    after = invitations.send_now(item.id)
    # The background sender is woken by the same queueing and may have claimed the item first: wait a
    # little for its outcome, so the clerk hears "sent" (or the refusal) rather than "queued".
    deadline = time.monotonic() + OTHER_SENDER_WAIT
    while after.state is OutboxState.SENDING and time.monotonic() < deadline:
        time.sleep(0.1)
        after = invitations.outbox_item(item.id)
    return after


def _has_typing(form: InvitationForm) -> bool:
    typed = (form.first_name, form.last_name, form.email, form.npi, form.license)
    return any(value.strip() for value in typed)


class InviteAdminDialog(QDialog):
    """Open it with ``open()`` or ``show()``; it closes itself once the invitation is sent or queued.

    Signals:
        invited(object): the OutboxItem CPSE Portal accepted (sent); the dialog closes.
        queued(object): the OutboxItem was queued for the background sender; the dialog stays open.
        withdrawn(object): the queued OutboxItem was withdrawn; the form can be corrected and sent.
        sent_meanwhile(object): the queued OutboxItem was sent by the background sender; the dialog says so
            and can be closed (a refusal by CPSE Portal is ``refused``, the form given back).
        withdraw_refused(object): Withdraw found the OutboxItem changed (sent meanwhile, or it had reached
            CPSE Portal through an unanswered post); the list should show it as it is now.
        resent(object): the person's pending Invitation was resent instead (after a 409).
        refused(str): CPSE Portal or the outbox refused; the dialog stays open showing this sentence.
        admins_checked(object): the provider's admin users (list of AdminUser) it retrieved for the check.
    """

    invited = Signal(object)
    queued = Signal(object)
    withdrawn = Signal(object)
    sent_meanwhile = Signal(object)
    withdraw_refused = Signal(object)
    resent = Signal(object)
    refused = Signal(str)
    admins_checked = Signal(object)

    def __init__(self, provider_id: int, provider_name: str, invitations: InvitationsLike,
                 parent: QWidget | None = None, *,
                 admin_users: list[AdminUser] | None = None,
                 outbox: OutboxBridge | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.ui = Ui_InviteAdminDialog()
        self.ui.setupUi(self)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.provider_id = provider_id
        self._invitations = invitations
        self._touched: set[str] = set()
        self._portal_errors: dict[str, str] = {}  # a 422's field errors, until that field is edited
        self._refused_item: OutboxItem | None = None
        self._queued_item: OutboxItem | None = None  # queued, shown read-only until withdrawn or closed
        self._sending = False
        # The provider's active admin users by casefolded e-mail; None while they are being retrieved.
        self._admins: dict[str, KnownAdmin] | None = (
            active_admins(admin_users) if admin_users is not None else None
        )
        ui = self.ui
        ui.inviteIntroLabel.setText(
            f"CPSE Portal e-mails the person a link to choose a username and password as an admin user of "
            f"{ending_sentence(provider_name)}"
        )
        ui.professionCombo.addItem(ADD_LATER, "")
        for code in PROFESSIONS:
            ui.professionCombo.addItem(profession_text(code), code)
        self._fields: dict[str, tuple[QWidget, QLabel]] = {
            fields.FIRST_NAME: (ui.firstNameEdit, ui.firstNameMessage),
            fields.LAST_NAME: (ui.lastNameEdit, ui.lastNameMessage),
            fields.EMAIL: (ui.emailEdit, ui.emailMessage),
            fields.NPI: (ui.therapistNpiEdit, ui.therapistNpiMessage),
            fields.PROFESSION: (ui.professionCombo, ui.professionMessage),
            fields.LICENSE: (ui.licenseEdit, ui.licenseMessage),
        }
        self._submitted: InvitationForm | None = None
        ui.therapistFields.setVisible(False)
        ui.resendPendingButton.hide()
        ui.withdrawQueuedButton.hide()
        ui.inviteBusy.hide()
        self._connect_signals()
        if outbox is not None:
            # A bound method: Qt drops the connection when the dialog is deleted.
            outbox.item_changed.connect(self._follow)
        # Asked again even when the tab has a list: someone may have accepted an invitation since.
        if self._admins is None:
            self._say("Checking who is already an admin user of this provider on CPSE Portal…")
        run_in_background(invitations.admin_users, provider_id, on_success=self._on_admins,
                          on_failure=self._on_admins_failed)  # fmt: skip
        self._check()

    # -- wiring ---------------------------------------------------------------------------------------

    def reject(self) -> None:
        # Esc, Cancel and the title bar's × come here: typing that was never sent is not dropped unasked.
        typed = self.form()
        text = "The invitation you typed has not been sent. Close and lose it?"
        reject_unless_typed(self, typed=typed != self._submitted and _has_typing(typed), text=text,
                            reject=super().reject)  # fmt: skip

    def _connect_signals(self) -> None:
        ui = self.ui
        for name, (widget, _label) in self._fields.items():
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _text, n=name: self._edited(n))
        ui.professionCombo.currentIndexChanged.connect(lambda _i: self._edited(fields.PROFESSION))
        ui.alsoTherapistCheck.toggled.connect(self._therapist_toggled)
        ui.inviteAsAdminButton.clicked.connect(self._send)
        ui.resendPendingButton.clicked.connect(self._resend_pending)
        ui.withdrawQueuedButton.clicked.connect(self._withdraw_queued)
        ui.inviteCancelButton.clicked.connect(self.reject)

    # -- the provider's admin users -------------------------------------------------------------------

    def _on_admins(self, users: list[AdminUser]) -> None:
        self._admins = active_admins(users)
        if self.ui.inviteMessage.text().startswith("Checking who is already"):
            self._say("")
        self._check()
        self.admins_checked.emit(users)

    def _on_admins_failed(self, error: Exception) -> None:
        if self._admins is not None:
            return  # the list the tab retrieved stands; CPSE Portal checks again when posting
        self._admins = {}
        why = error_sentence(error).rstrip(".")
        self._say(f"CountyAdmin could not ask CPSE Portal who is already an admin user ({why}); CPSE Portal "
                  "checks again when the invitation is sent.")  # fmt: skip
        self._check()

    # -- the form -------------------------------------------------------------------------------------

    def form(self) -> InvitationForm:
        ui = self.ui
        return InvitationForm(
            first_name=ui.firstNameEdit.text(), last_name=ui.lastNameEdit.text(), email=ui.emailEdit.text(),
            also_service_provider=ui.alsoTherapistCheck.isChecked(), npi=ui.therapistNpiEdit.text(),
            profession=str(ui.professionCombo.currentData() or ""), license=ui.licenseEdit.text(),
        )  # fmt: skip

    def _edited(self, name: str) -> None:
        self._touched.add(name)
        self._portal_errors.pop(name, None)
        if name == fields.EMAIL and self._refused_item is not None:
            # The pending invitation belongs to the address typed before; offer it no longer.
            item = self._refused_item
            same = self.ui.emailEdit.text().strip().lower() == item.email.lower()
            self.ui.resendPendingButton.setVisible(same and item.pending_invitation_id is not None)
        self._check()

    def _therapist_toggled(self, checked: bool) -> None:
        self.ui.therapistFields.setVisible(checked)
        if checked:
            self.ui.therapistNpiEdit.setFocus()
        if not checked:
            self.adjustSize()  # give back the room the therapist fields took
        self._check()

    def _check(self) -> InvitationCheck:
        """Show each field's problem (once it was typed in), warning or portal error; enable Invite.

        An address that is already an admin user is said at once, typed in or not.
        """
        form = self.form()
        checked = check_invitation(form, self._admins)
        admin_problem = checked.problems.get(fields.EMAIL) if self._is_admin_already(form) else None
        for name, (_widget, label) in self._fields.items():
            problem = self._portal_errors.get(name) or (
                checked.problems.get(name) if name in self._touched else None
            ) or (admin_problem if name == fields.EMAIL else None)
            warning = checked.warnings.get(name)
            label.setText(problem or warning or "")
            describe_problem(_widget, problem or "")
            announce_when_typing_pauses(label, problem or warning or "")
            set_tone(label, Tone.PROBLEM if problem else Tone.WARNING if warning else None)
            label.setVisible(bool(problem or warning))
        profession = str(self.ui.professionCombo.currentData() or "")
        self.ui.therapistNpiLabel.setText(NPI_LABEL if needs_npi(profession) else NPI_IF_ANY_LABEL)
        why = self._why_not(checked)
        button = self.ui.inviteAsAdminButton
        button.setEnabled(why is None)
        button.setToolTip(why or SEND_TIP)  # a disabled button says why
        self._fit()
        return checked

    def _is_admin_already(self, form: InvitationForm) -> bool:
        return bool(self._admins) and fields.admin_key(form.email) in (self._admins or {})

    def _why_not(self, checked: InvitationCheck) -> str | None:
        """Why Invite as Admin cannot be clicked now, or None when it can."""
        if self._sending:
            return "Wait: the invitation is being sent to CPSE Portal."
        if self._portal_errors:
            return "Correct the fields CPSE Portal marked first: " + " ".join(self._portal_errors.values())
        if not checked.ok:
            return "Not yet: " + " ".join(checked.problems.values())
        return None

    def _fit(self) -> None:
        """Grow (never shrink while typing) so a sentence that appeared is not clipped."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        width = max(self.width(), self.minimumSizeHint().width())
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        needed = max(needed, layout.totalMinimumSize().height())
        if needed > self.height() or width > self.width():
            self.resize(width, max(needed, self.height()))

    # -- sending --------------------------------------------------------------------------------------

    def _send(self) -> None:
        checked = self._check()
        if not checked.ok or self._sending:
            self._touched.update(self._fields)  # say what is missing everywhere
            self._check()
            return
        refused_id = self._refused_item.id if self._refused_item is not None else None
        self._submitted = checked.form  # handed to the outbox: closing now loses nothing
        self._set_sending(True, "Sending the invitation to CPSE Portal…")
        run_in_background(deliver, self._invitations, self.provider_id, checked.form, refused_id,
                          check_admins=self._admins is None, on_success=self._on_delivered,
                          on_failure=self._on_failed)  # fmt: skip

    def _on_delivered(self, item: OutboxItem) -> None:
        self._set_sending(False)
        if item.state is OutboxState.SENT:
            self.invited.emit(item)
            self.accept()
            return
        if item.state is not OutboxState.FAILED:  # queued (or another sender is on it)
            self._show_queued(item)
            self.queued.emit(item)
            return
        self.refused.emit(self._show_refused(item))

    def _show_refused(self, item: OutboxItem) -> str:
        """CPSE Portal refused ``item``: its sentence beside the field it concerns; the form is editable."""
        self._refused_item = item
        if item.error_kind is OutboxErrorKind.ALREADY_ADMIN:
            self._portal_errors = {fields.EMAIL: item.last_error or "Already an admin user."}
            self._touched.add(fields.EMAIL)
            # The sentence itself is beside the address; said once, not twice in a row.
            text = ("Not sent: CPSE Portal says the e-mail address marked above is an admin user already. "
                    "Type another address and click Invite as Admin, or click Cancel.")  # fmt: skip
        elif item.field_errors:
            known = {name: text for name, text in item.field_errors.items() if name in self._fields}
            self._portal_errors = known
            self._touched.update(known)
            others = " ".join(text for name, text in item.field_errors.items() if name not in known)
            text = ("CPSE Portal did not accept the fields marked below. Correct them and click Invite as "
                    f"Admin again. {others}").strip()  # fmt: skip
        else:
            text = item.last_error or "CPSE Portal did not accept the invitation."
        self.ui.resendPendingButton.setVisible(item.pending_invitation_id is not None)
        self._say(text, problem=True)
        self._check()
        return text

    def _on_failed(self, error: Exception) -> None:
        self._set_sending(False)
        if isinstance(error, AdminAlready):  # said beside the address, as if the check had come first
            self._on_admins(error.users)
            self._touched.add(fields.EMAIL)
            checked = self._check()
            text = checked.problems.get(fields.EMAIL, "This address is an admin user already.")
            self._say(f"Nothing was sent: {text}", problem=True)
            self.refused.emit(text)
            return
        field_errors = getattr(error, "field_errors", None)
        if isinstance(field_errors, dict):  # InvitationInvalid: the same rules as ours, from the service
            self._touched.update(field_errors)
            self._check()
        text = f"The invitation was not sent: {error_sentence(error)}"
        self._say(text, problem=True)
        self.refused.emit(text)

    def _resend_pending(self) -> None:
        item = self._refused_item
        if item is None or item.pending_invitation_id is None:
            return
        self._set_sending(True, f"Resending the pending invitation {item.pending_invitation_id}…")
        self.ui.resendPendingButton.setEnabled(False)
        run_in_background(self._invitations.resend, self.provider_id, item.pending_invitation_id,
                          on_success=self._on_resent, on_failure=self._on_resend_failed)  # fmt: skip

    def _on_resent(self, invitation: Invitation) -> None:
        self._set_sending(False)
        self.ui.resendPendingButton.setEnabled(True)
        self.resent.emit(invitation)
        self.accept()

    def _on_resend_failed(self, error: Exception) -> None:
        self._set_sending(False)
        self.ui.resendPendingButton.setEnabled(True)
        text = f"The pending invitation was not resent: {error_sentence(error)}"
        self._say(text, problem=True)
        self.refused.emit(text)

    # -- queued: shown read-only, withdrawable ----------------------------------------------------------

    def _show_queued(self, item: OutboxItem) -> None:
        self._queued_item = item
        self._set_form_editable(False)
        self._say(queued_sentence(item))

    def _follow(self, item: OutboxItem) -> None:
        """The background sender's news of an outbox item: the queued one shown here moves with it.

        Ignored while the dialog's own call runs (its answer says what happened) and for older versions
        (a signal queued before one already shown).
        """
        own = self._queued_item
        if own is None or item.id != own.id or item.version <= own.version or self._sending:
            return
        self._queued_item = item
        withdraw = self.ui.withdrawQueuedButton
        if item.state is OutboxState.QUEUED:  # tried and not reached again: when it is tried next
            self._show_queued(item)
            withdraw.setToolTip("")
        elif item.state is OutboxState.SENDING:
            withdraw.setEnabled(False)
            withdraw.setToolTip("Wait: CountyAdmin is sending it to CPSE Portal this moment.")
            self._say(f"CountyAdmin is sending the invitation to {item.email} to CPSE Portal now…")
        elif item.state is OutboxState.SENT:
            withdraw.setEnabled(False)
            withdraw.setToolTip(f"It cannot be withdrawn: CPSE Portal has already sent it to {item.email}.")
            self._say(sent_sentence(item))
            self.sent_meanwhile.emit(item)
        elif item.state is OutboxState.FAILED:  # refused: the form back, as typed, to correct
            self._queued_item = None
            self._set_form_editable(True)
            withdraw.setToolTip("")
            self.refused.emit(self._show_refused(item))
        elif item.state is OutboxState.WITHDRAWN:
            self._on_withdrawn(item)

    def _set_form_editable(self, editable: bool) -> None:
        ui = self.ui
        for widget in (ui.firstNameEdit, ui.lastNameEdit, ui.emailEdit, ui.alsoTherapistCheck,
                       ui.therapistFields):  # fmt: skip
            widget.setEnabled(editable)
        ui.inviteAsAdminButton.setVisible(editable)
        ui.withdrawQueuedButton.setVisible(not editable)
        ui.withdrawQueuedButton.setEnabled(not editable)
        ui.inviteCancelButton.setText("Cancel" if editable else "Close")
        ui.inviteCancelButton.setAccessibleName("Cancel" if editable else "Close")

    def _withdraw_queued(self) -> None:
        item = self._queued_item
        if item is None or not item.can_withdraw or self._sending:
            return
        self.ui.withdrawQueuedButton.setEnabled(False)
        self.ui.withdrawQueuedButton.setToolTip("Wait: withdrawing the invitation.")
        self._set_sending(True, f"Withdrawing the invitation to {item.email}…")
        run_in_background(withdraw, self._invitations, item.id, on_success=self._on_withdrawn,
                          on_failure=self._on_withdraw_failed)  # fmt: skip

    def _on_withdrawn(self, item: OutboxItem) -> None:
        self._set_sending(False)
        self._queued_item = None
        self._refused_item = None
        self._set_form_editable(True)
        self.ui.withdrawQueuedButton.setToolTip("")
        self._say(f"Withdrawn: {withdrawn_sentence(item)} Correct the "
                  "details and click Invite as Admin, or click Cancel.")  # fmt: skip
        self._check()
        self.withdrawn.emit(item)

    def _on_withdraw_failed(self, error: Exception) -> None:
        self._set_sending(False)
        item = getattr(error, "item", None)
        still_queued = isinstance(item, OutboxItem) and item.can_withdraw
        own = self._queued_item
        if isinstance(item, OutboxItem) and own is not None and item.id == own.id:
            self._queued_item = item  # as it is now: older news of it is ignored
        self.ui.withdrawQueuedButton.setEnabled(still_queued)
        self.ui.withdrawQueuedButton.setToolTip(
            "" if still_queued else "It can no longer be withdrawn; the sentence beside it says why."
        )
        self._say(f"Not withdrawn: {error_sentence(error)}", problem=True)
        if isinstance(item, OutboxItem):
            self.withdraw_refused.emit(item)

    def _set_sending(self, sending: bool, text: str | None = None) -> None:
        self._sending = sending
        self.ui.inviteBusy.setVisible(sending)
        if text is not None:
            self._say(text)
        self._check()

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.ui.inviteMessage.setText(text)
        announce(self.ui.inviteMessage, text, urgent=problem)
        set_tone(self.ui.inviteMessage, Tone.PROBLEM if problem else None)

    def sending(self) -> bool:
        return self._sending
