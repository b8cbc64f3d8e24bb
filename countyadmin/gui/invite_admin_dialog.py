"""Invite New Admin User: the form checked as the clerk types, then queued and sent off the GUI thread.

The dialog closes only when CPSE Portal has the invitation or the outbox will deliver it; on a refusal
(409: a pending invitation exists; 422: the portal's field errors) it stays open with everything typed.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QWidget

from countyadmin.domain import invitation as fields
from countyadmin.domain.invitation import InvitationCheck, InvitationForm, check_invitation
from countyadmin.domain.outbox import OutboxItem, OutboxState
from countyadmin.domain.professions import PROFESSIONS
from countyadmin.gui.context import InvitationsLike, error_sentence
from countyadmin.gui.forms.ui_invite_admin_dialog import Ui_InviteAdminDialog
from countyadmin.gui.invitation_table_model import profession_text
from countyadmin.gui.profile_tab import PROBLEM_STYLE
from countyadmin.gui.workers import run_in_background
from countyadmin.portal.models import Invitation

log = logging.getLogger(__name__)

WARNING_STYLE = "color: #854d0e;"
OTHER_SENDER_WAIT = 20.0  # seconds; then the dialog says it is on its way (the sender carries on)
ADD_LATER = "Leave blank — the provider can add it later"


def deliver(invitations: InvitationsLike, provider_id: int, form: InvitationForm,
            refused_item_id: int | None) -> OutboxItem:  # fmt: skip
    """Write the invitation to the outbox, then post it once (on a worker thread).

    A corrected refusal is requeued under its outbox item rather than queued a second time.
    """
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


class InviteAdminDialog(QDialog):
    """Open it with ``open()`` or ``show()``; it closes itself once the invitation is sent or queued.

    Signals:
        invited(object): the OutboxItem after the first try — sent, or queued for the background sender.
        resent(object): the person's pending Invitation was resent instead (after a 409).
        refused(str): CPSE Portal or the outbox refused; the dialog stays open showing this sentence.
    """

    invited = Signal(object)
    resent = Signal(object)
    refused = Signal(str)

    def __init__(self, provider_id: int, provider_name: str, invitations: InvitationsLike,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.ui = Ui_InviteAdminDialog()
        self.ui.setupUi(self)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.provider_id = provider_id
        self._invitations = invitations
        self._touched: set[str] = set()
        self._portal_errors: dict[str, str] = {}  # a 422's field errors, until that field is edited
        self._refused_item: OutboxItem | None = None
        self._sending = False
        ui = self.ui
        ui.inviteIntroLabel.setText(
            f"CPSE Portal e-mails the person a link to choose a username and password as an admin user of "
            f"{provider_name}."
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
        ui.therapistFields.setVisible(False)
        ui.resendPendingButton.hide()
        ui.inviteBusy.hide()
        self._connect_signals()
        self._check()

    # -- wiring ---------------------------------------------------------------------------------------

    def _connect_signals(self) -> None:
        ui = self.ui
        for name, (widget, _label) in self._fields.items():
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _text, n=name: self._edited(n))
        ui.professionCombo.currentIndexChanged.connect(lambda _i: self._edited(fields.PROFESSION))
        ui.alsoTherapistCheck.toggled.connect(self._therapist_toggled)
        ui.inviteAsAdminButton.clicked.connect(self._send)
        ui.resendPendingButton.clicked.connect(self._resend_pending)
        ui.inviteCancelButton.clicked.connect(self.reject)

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
        """Show each field's problem (once it was typed in), warning or portal error; enable Invite."""
        checked = check_invitation(self.form())
        for name, (_widget, label) in self._fields.items():
            problem = self._portal_errors.get(name) or (
                checked.problems.get(name) if name in self._touched else None
            )
            warning = checked.warnings.get(name)
            label.setText(problem or warning or "")
            label.setStyleSheet(PROBLEM_STYLE if problem else WARNING_STYLE if warning else "")
            label.setVisible(bool(problem or warning))
        self.ui.inviteAsAdminButton.setEnabled(checked.ok and not self._portal_errors and not self._sending)
        self._fit()
        return checked

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
        self._set_sending(True, "Sending the invitation to CPSE Portal…")
        run_in_background(deliver, self._invitations, self.provider_id, checked.form, refused_id,
                          on_success=self._on_delivered, on_failure=self._on_failed)  # fmt: skip

    def _on_delivered(self, item: OutboxItem) -> None:
        self._set_sending(False)
        if item.state is not OutboxState.FAILED:  # sent, or queued for the background sender
            self.invited.emit(item)
            self.accept()
            return
        self._refused_item = item
        if item.field_errors:
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
        self.refused.emit(text)

    def _on_failed(self, error: Exception) -> None:
        self._set_sending(False)
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

    def _set_sending(self, sending: bool, text: str | None = None) -> None:
        self._sending = sending
        self.ui.inviteBusy.setVisible(sending)
        if text is not None:
            self._say(text)
        self._check()

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.ui.inviteMessage.setText(text)
        self.ui.inviteMessage.setStyleSheet(PROBLEM_STYLE if problem else "")

    def sending(self) -> bool:
        return self._sending
