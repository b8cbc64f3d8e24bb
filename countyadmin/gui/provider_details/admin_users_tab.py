"""The Provider Admin Users tab: Retrieve Admin Users, Invite New Admin User, and the invitations.

Until the provider is linked the tab says honestly that linking comes first; its controls appear once it
is. Every CPSE Portal call runs off the GUI thread; trouble is a sentence beside the table it concerns.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from countyadmin.domain.outbox import OutboxItem
from countyadmin.domain.provider import ProviderRecord
from countyadmin.domain.wording import ending_sentence
from countyadmin.gui.announce import announce
from countyadmin.gui.colors import Tone, set_tone
from countyadmin.gui.context import InvitationsLike, error_sentence
from countyadmin.gui.forms.ui_provider_details_dialog import Ui_ProviderDetailsDialog
from countyadmin.gui.invitations.invitation_table_model import AdminUsersModel
from countyadmin.gui.invitations.invitations_panel import InvitationsPanel
from countyadmin.gui.invitations.invite_admin_dialog import InviteAdminDialog
from countyadmin.gui.invitations.outbox_bridge import OutboxBridge
from countyadmin.gui.message_boxes import info_box
from countyadmin.gui.table_models import attach_model
from countyadmin.gui.time_format import local_time
from countyadmin.gui.workers import Tagged, run_in_background, tagged
from countyadmin.portal.models import AdminUser, Invitation

log = logging.getLogger(__name__)

NONE_YET = "No admin users yet — invite one."
NOT_SET_UP = (
    "CPSE Portal is not set up in this window, so admin users cannot be retrieved or invited. "
    "Set the CPSE Portal address and API key in Settings, then open the provider again."
)
LINK_FIRST = (
    "Admin users belong to a provider on CPSE Portal, and this provider is not linked to CPSE Portal yet.\n\n"
    "Link it first: on the Billing Provider Profile tab, set the provider type, NPI and SED code, check "
    "“Provider Uses CPSE Portal” and click Apply; then link it to the matching CPSE Portal provider listed "
    "at the bottom of that tab, or add it to CPSE Portal. Once it is linked, you can retrieve its admin "
    "users and invite new ones here."
)


class AdminUsersTab(QObject):
    """Controls ``adminUsersTab``; ``show_for(record)`` after every load, link or unlink.

    Signals:
        admin_users_shown(int): the admin users table now shows this many users.
        admin_users_failed(str): Retrieve Admin Users failed; the sentence is shown beside the table.
        invite_dialog_opened(object): the InviteAdminDialog just opened.
        history_changed(): an invitation was queued, sent, resent, cancelled or withdrawn; History should
            refresh.
    """

    admin_users_shown = Signal(int)
    admin_users_failed = Signal(str)
    invite_dialog_opened = Signal(object)
    history_changed = Signal()

    def __init__(self, ui: Ui_ProviderDetailsDialog, invitations: InvitationsLike | None,
                 outbox: OutboxBridge | None, dialog: QWidget) -> None:  # fmt: skip
        super().__init__(dialog)
        self.ui = ui
        self._invitations = invitations
        self._outbox = outbox  # the Invite dialog follows its queued item through it
        self._dialog = dialog
        self.record: ProviderRecord | None = None
        self.invite_dialog: InviteAdminDialog | None = None
        self.done_box: QMessageBox | None = None
        self._ticket = 0
        self._admin_users: list[AdminUser] | None = None  # as last retrieved, for the Invite dialog's check
        self.model = AdminUsersModel(parent=self)
        attach_model(ui.adminUsersTable, self.model)
        ui.adminUsersBusy.hide()
        self.invitations = InvitationsPanel(ui, invitations, outbox, dialog)
        self._connect_signals()
        self._set_linked(False)

    def _connect_signals(self) -> None:
        self.ui.retrieveAdminUsersButton.clicked.connect(self.retrieve)
        self.ui.inviteAdminButton.clicked.connect(self.open_invite_dialog)
        self.invitations.action_done.connect(self.history_changed)

    def show_for(self, record: ProviderRecord) -> None:
        changed = self.record is None or self.record.portal_provider_id != record.portal_provider_id
        self.record = record
        if not record.is_linked:
            self.ui.adminUsersStatus.setText(LINK_FIRST)
            self._set_linked(False)
            return
        linked = f" since {local_time(record.linked_at):%B %d, %Y}" if record.linked_at else ""
        self.ui.adminUsersStatus.setText(
            f"This provider is linked to CPSE Portal provider {record.portal_provider_id}{linked}. Retrieve "
            "its admin users to see who can sign in for it; if there are none, invite someone."
        )
        self._set_linked(True)
        if self._invitations is None:
            self._say(NOT_SET_UP, problem=True)
            return
        if changed:
            self._admin_users = None
            self.model.set_rows([])
            self._say("Click Retrieve Admin Users to ask CPSE Portal.")
            self.invitations.show_for(record.id)

    def _set_linked(self, linked: bool) -> None:
        ui = self.ui
        ui.adminUsersBox.setVisible(linked)
        ui.invitationsBox.setVisible(linked)
        usable = linked and self._invitations is not None
        ui.adminUsersBox.setEnabled(usable)
        ui.invitationsBox.setEnabled(usable)

    def busy(self) -> bool:
        return self.ui.adminUsersBusy.isVisible() or self.invitations.busy()

    # -- Retrieve Admin Users ---------------------------------------------------------------------------

    def retrieve(self) -> None:
        if self._invitations is None or self.record is None or not self.record.is_linked:
            return
        self._ticket += 1
        self.ui.retrieveAdminUsersButton.setEnabled(False)
        self.ui.retrieveAdminUsersButton.setToolTip("Wait: the admin users are being retrieved.")
        self.ui.adminUsersBusy.show()
        self._say("Retrieving the admin users from CPSE Portal…")
        run_in_background(tagged, self._ticket, self._invitations.admin_users, self.record.id,
                          on_success=self._on_admin_users)  # fmt: skip

    def _on_admin_users(self, answer: Tagged) -> None:
        ticket, users = answer
        if ticket != self._ticket:
            return
        self.ui.retrieveAdminUsersButton.setEnabled(True)
        self.ui.retrieveAdminUsersButton.setToolTip("")
        self.ui.adminUsersBusy.hide()
        if isinstance(users, Exception):
            text = (f"The admin users could not be retrieved: {error_sentence(users)} "
                    "Click Retrieve Admin Users to try again.")  # fmt: skip
            self._say(text, problem=True)
            self.admin_users_failed.emit(text)
            return
        self._show_users(users)

    def _show_users(self, users: list[AdminUser]) -> None:
        self._admin_users = list(users)
        self.model.set_rows(users)
        count = len(users)
        self._say(NONE_YET if not users else f"{count} admin user{'s' if count != 1 else ''} on CPSE Portal.")
        self.admin_users_shown.emit(count)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.ui.adminUsersMessage.setText(text)
        announce(self.ui.adminUsersMessage, text, urgent=problem)
        set_tone(self.ui.adminUsersMessage, Tone.PROBLEM if problem else None)

    # -- Invite New Admin User --------------------------------------------------------------------------

    def open_invite_dialog(self) -> InviteAdminDialog | None:
        if self._invitations is None or self.record is None or not self.record.is_linked:
            return None
        if self.invite_dialog is not None and self.invite_dialog.isVisible():
            self.invite_dialog.raise_()
            self.invite_dialog.activateWindow()
            return self.invite_dialog
        if self.invite_dialog is not None and not self.invite_dialog.sending():
            # Nameless at once (deletion waits for the event loop): automation finds only the new one.
            self.invite_dialog.setObjectName("")
            self.invite_dialog.deleteLater()
        dialog = InviteAdminDialog(self.record.id, self.record.name, self._invitations, self._dialog,
                                   admin_users=self._admin_users, outbox=self._outbox)  # fmt: skip
        dialog.invited.connect(self._on_invited)
        dialog.queued.connect(self._on_changed)
        dialog.withdrawn.connect(self._on_changed)
        dialog.withdraw_refused.connect(self._on_changed)
        dialog.sent_meanwhile.connect(self._on_changed)
        dialog.resent.connect(self._on_resent)
        dialog.refused.connect(self._on_refused)
        dialog.admins_checked.connect(self._show_users)  # retrieved for the check: shown here too
        self.invite_dialog = dialog
        dialog.open()  # window-modal, not exec(): automation finds it by objectName
        self.invite_dialog_opened.emit(dialog)
        return dialog

    def _on_invited(self, item: OutboxItem) -> None:
        self._tell("Invitation sent", "invitationSentBox",
                   f"CPSE Portal has e-mailed an invitation to {item.email} to become an admin user of "
                   f"{ending_sentence(self.record.name if self.record else 'this provider')}")  # fmt: skip
        self._on_changed(item)

    def _on_changed(self, _item: OutboxItem) -> None:
        # Queued or withdrawn: the Invite dialog stays open and says so itself; the list and History follow.
        self.invitations.refresh()
        self.history_changed.emit()

    def _on_resent(self, invitation: Invitation) -> None:
        self._tell("Invitation resent", "invitationResentBox",
                   f"{invitation.email} already had a pending invitation; it was e-mailed again and is valid "
                   "for 14 more days.")  # fmt: skip
        self.invitations.refresh()
        self.history_changed.emit()

    def _on_refused(self, _text: str) -> None:
        # A refusal is recorded on its outbox item (and a queued one in History): show both.
        self.invitations.refresh()
        self.history_changed.emit()

    def _tell(self, title: str, name: str, text: str) -> None:
        self.done_box = info_box(self._dialog, title=title, text=text, name=name)
        announce(self.done_box, f"{title}. {text}")
