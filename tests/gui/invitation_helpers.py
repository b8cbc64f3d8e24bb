"""Provider Admin Users tests against a real sandbox over HTTP: a linked provider, the service, the sender."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QTableView

from countyadmin.domain.provider import ProviderType
from countyadmin.gui.invitations.invite_admin_dialog import InviteAdminDialog
from countyadmin.gui.invitations.outbox_bridge import OutboxBridge
from countyadmin.gui.provider_details.admin_users_tab import AdminUsersTab
from countyadmin.gui.provider_details.provider_details import ProviderDetailsDialog
from countyadmin.portal.client import PortalClient
from countyadmin.portal.models import NewPortalProvider
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.services.invitations import InvitationService
from tests.gui.conftest import GuiWorld
from tests.gui.portal_helpers import child, click, open_details
from tests.integration.invitations.conftest import Clock


@dataclass
class AdminWorld:
    """A county provider linked to a portal provider of the test's own sandbox, and the services."""

    world: GuiWorld
    sandbox: SandboxProcess
    portal: PortalClient
    clock: Clock
    provider_id: int
    portal_id: str
    portal_factory: Callable[[], Any]

    def service(self) -> InvitationService:
        return InvitationService(self.world.store.unit_of_work, self.portal_factory, user="clerk",
                                 clock=self.clock)  # fmt: skip

    def emails_to(self, address: str) -> list[dict[str, Any]]:
        response = requests.get(f"{self.sandbox.url}/sandbox/outbox", params={"to": address}, timeout=10)
        response.raise_for_status()
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    def accept(self, invitation_id: str, username: str) -> None:
        response = requests.post(f"{self.sandbox.url}/sandbox/invitations/{invitation_id}/accept",
                                 json={"username": username}, timeout=10)  # fmt: skip
        assert response.status_code == 200, response.text


def unique_email(tag: str = "ana") -> str:
    return f"{tag}.{uuid.uuid4().hex[:8]}@example.org"


@pytest.fixture
def admin_world(linked_world: GuiWorld, portal: PortalClient, fresh_sandbox: SandboxProcess) -> AdminWorld:
    new = NewPortalProvider("agency", "Hudson Kids Therapy LLC", None, None, zip="12207")
    created = portal.create_provider(new)
    provider_id = linked_world.add("Hudson Kids Therapy LLC", provider_type=ProviderType.AGENCY,
                                   portal_provider_id=created.id, uses_portal=True, zip="12207")  # fmt: skip
    portal.link_county(created.id, str(provider_id))  # the portal lets a county invite only for its links
    assert linked_world.portal is not None
    factory = linked_world.portal._portal_factory  # the same factory Provider Details uses
    world = AdminWorld(linked_world, fresh_sandbox, portal, Clock(), provider_id, created.id, factory)
    linked_world.invitations = world.service()
    return world


@pytest.fixture
def bridge(admin_world: AdminWorld) -> Iterator[OutboxBridge]:
    """The background sender of ``admin_world``'s service, quick to notice due items."""
    assert admin_world.world.invitations is not None
    bridge = OutboxBridge(admin_world.world.invitations, interval=0.5)
    admin_world.world.outbox = bridge
    bridge.start()
    yield bridge
    assert bridge.stop()


def open_admin_tab(qtbot, admin: AdminWorld) -> ProviderDetailsDialog:  # noqa: ANN001
    return to_admin_tab(qtbot, open_details(qtbot, admin.world, admin.provider_id))


def to_admin_tab(qtbot, dialog: ProviderDetailsDialog) -> ProviderDetailsDialog:  # noqa: ANN001
    child(dialog, "providerTabs").setCurrentWidget(child(dialog, "adminUsersTab"))
    settle_tab(qtbot, dialog)
    return dialog


def settle_tab(qtbot, dialog: ProviderDetailsDialog) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not dialog.admin_users.busy(), timeout=15_000)


def open_invite(qtbot, dialog: ProviderDetailsDialog) -> InviteAdminDialog:  # noqa: ANN001
    tab: AdminUsersTab = dialog.admin_users
    with qtbot.waitSignal(tab.invite_dialog_opened) as opened:
        click(dialog, "inviteAdminButton")
    invite = opened.args[0]
    assert isinstance(invite, InviteAdminDialog) and invite.isVisible()
    assert invite is dialog.findChild(InviteAdminDialog, "InviteAdminDialog")
    return invite


def type_into(qtbot, invite: InviteAdminDialog, name: str, text: str) -> None:  # noqa: ANN001
    """Replace the field's text by typing it, as a clerk would (so the field counts as touched)."""
    edit = child(invite, name, QLineEdit)
    if edit.text():
        edit.selectAll()
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def fill(qtbot, invite: InviteAdminDialog, email: str, first: str = "Ana", last: str = "Ortiz") -> None:  # noqa: ANN001
    type_into(qtbot, invite, "firstNameEdit", first)
    type_into(qtbot, invite, "lastNameEdit", last)
    type_into(qtbot, invite, "emailEdit", email)


def table_rows(dialog: ProviderDetailsDialog, name: str) -> list[list[str]]:  # noqa: ANN001
    model = child(dialog, name, QTableView).model()
    columns = range(model.columnCount())
    return [[model.index(r, c).data() or "" for c in columns] for r in range(model.rowCount())]


def statuses(dialog: ProviderDetailsDialog) -> list[str]:
    return [row[2] for row in table_rows(dialog, "invitationsTable")]


def history_actions(dialog: ProviderDetailsDialog) -> list[str]:
    return [row[2] for row in table_rows(dialog, "historyTable")]


def message_box(dialog: ProviderDetailsDialog, name: str) -> QMessageBox:
    box = dialog.findChild(QMessageBox, name)
    assert box is not None and box.isVisible(), name
    return box
