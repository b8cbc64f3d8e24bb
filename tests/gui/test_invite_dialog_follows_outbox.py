"""The Invite dialog of a queued invitation follows its outbox item (issue 14 item 4).

The portal is down, so the invitation is queued and the dialog stays open, read-only, with Withdraw. When
the background sender later sends the item, the dialog says so and Withdraw turns off with the reason;
when CPSE Portal refuses it, the refusal is said beside the field and the form is given back as typed.
Real sandbox over HTTP, through automation names.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from PySide6.QtWidgets import QLabel, QPushButton

from countyadmin.domain.outbox import OutboxItem, OutboxState
from countyadmin.gui.invitations.invite_admin_dialog import InviteAdminDialog
from countyadmin.gui.invitations.outbox_bridge import OutboxBridge
from countyadmin.gui.time_format import when_text
from countyadmin.portal.models import InvitationRequest
from tests.gui.invitation_helpers import (
    AdminWorld,
    admin_world,
    bridge,
    fill,
    history_actions,
    open_admin_tab,
    open_invite,
    settle_tab,
    statuses,
    table_rows,
    unique_email,
)
from tests.gui.portal_helpers import child, click, linked_world, portal

__all__ = ["admin_world", "bridge", "linked_world", "portal"]  # fixtures


def _queue(qtbot, admin_world: AdminWorld, email: str):  # noqa: ANN001, ANN202
    """Provider Details and an Invite dialog whose invitation to ``email`` is queued (the portal is down)."""
    dialog = open_admin_tab(qtbot, admin_world)
    admin_world.sandbox.kill()
    invite = open_invite(qtbot, dialog)
    fill(qtbot, invite, email, "Ana Maria", "Ortiz")
    with qtbot.waitSignal(invite.queued, timeout=15_000) as queued:
        click(invite, "inviteAsAdminButton")
    assert not child(invite, "emailEdit").isEnabled()
    assert child(invite, "withdrawQueuedButton", QPushButton).isEnabled()
    return dialog, invite, queued.args[0]


def _deliver(qtbot, admin_world: AdminWorld, bridge: OutboxBridge, state: OutboxState) -> OutboxItem:  # noqa: ANN001
    """Bring the portal back and let the background sender try the queued item (past its backoff)."""
    admin_world.sandbox.restart()
    admin_world.clock.advance()
    with qtbot.waitSignal(bridge.item_changed, timeout=20_000,
                          check_params_cb=lambda item: item.state is state) as changed:  # fmt: skip
        bridge.wake()
    item: OutboxItem = changed.args[0]
    return item


def _said(invite: InviteAdminDialog) -> str:
    return child(invite, "inviteMessage", QLabel).text()


def test_the_dialog_says_when_the_sender_sent_its_queued_invitation(
    qtbot, admin_world: AdminWorld, bridge: OutboxBridge  # noqa: ANN001
) -> None:
    email = unique_email("followed")
    dialog, invite, _item = _queue(qtbot, admin_world, email)
    assert "waiting" in _said(invite) or "could not be reached" in _said(invite)

    sent = _deliver(qtbot, admin_world, bridge, OutboxState.SENT)
    withdraw = child(invite, "withdrawQueuedButton", QPushButton)
    qtbot.waitUntil(lambda: _said(invite).startswith("Sent:"), timeout=10_000)
    said = _said(invite)
    # One sentence: who it went to, and when.
    assert sent.sent_at is not None
    assert f"Ana Maria Ortiz ({email}) on {when_text(sent.sent_at)}." in said, said
    assert "waiting" not in said and "Next try" not in said, said
    assert "problem" not in child(invite, "inviteMessage", QLabel).styleSheet()
    assert not withdraw.isEnabled() and "already sent" in withdraw.toolTip(), withdraw.toolTip()
    assert invite.isVisible() and child(invite, "emailEdit").text() == email  # still shows what went out
    assert not child(invite, "emailEdit").isEnabled()
    close = child(invite, "inviteCancelButton", QPushButton)
    assert close.isEnabled() and close.text() == "Close"
    invite.grab().save("/tmp/invite_followed.png")

    qtbot.waitUntil(lambda: statuses(dialog) == ["Pending"], timeout=10_000)
    qtbot.waitUntil(lambda: history_actions(dialog)[:1] == ["Invitation sent"], timeout=10_000)
    click(invite, "inviteCancelButton")
    assert not invite.isVisible()
    settle_tab(qtbot, dialog)
    assert len(admin_world.emails_to(email)) == 1


def test_the_dialog_gives_the_form_back_when_the_portal_refuses_its_queued_invitation(
    qtbot, admin_world: AdminWorld, bridge: OutboxBridge  # noqa: ANN001
) -> None:
    email = unique_email("refused")
    dialog, invite, _item = _queue(qtbot, admin_world, email)
    # Meanwhile someone else invites the same person on CPSE Portal, and they accept: an admin user now.
    admin_world.sandbox.restart()
    made = admin_world.portal.create_invitation(
        admin_world.portal_id, InvitationRequest("Ana", "Ortiz", email, "Another Desk"),
        idempotency_key=uuid.uuid4().hex,
    )  # fmt: skip
    admin_world.accept(made.id, f"ana{uuid.uuid4().hex[:6]}")

    _deliver(qtbot, admin_world, bridge, OutboxState.FAILED)
    email_message = child(invite, "emailMessage", QLabel)
    qtbot.waitUntil(lambda: child(invite, "emailEdit").isEnabled(), timeout=10_000)
    # The refusal beside the address it concerns; everything typed kept and editable again.
    assert email_message.isVisible() and "admin" in email_message.text().lower(), email_message.text()
    assert child(invite, "firstNameEdit").text() == "Ana Maria" and child(invite, "emailEdit").text() == email
    assert child(invite, "firstNameEdit").isEnabled()
    assert _said(invite).startswith("Not sent:") and "Next try" not in _said(invite), _said(invite)
    assert child(invite, "inviteAsAdminButton").isVisible()
    assert not child(invite, "withdrawQueuedButton").isVisible()
    assert child(invite, "inviteCancelButton", QPushButton).text() == "Cancel"
    invite.grab().save("/tmp/invite_followed_refused.png")
    qtbot.waitUntil(lambda: any(row[0] == email for row in table_rows(dialog, "invitationsTable")),
                    timeout=10_000)  # fmt: skip
    settle_tab(qtbot, dialog)
    assert admin_world.emails_to(email) and len(admin_world.emails_to(email)) == 1  # only the other desk's


def test_a_dialog_ignores_other_items_and_older_news(qtbot, admin_world: AdminWorld, bridge) -> None:  # noqa: ANN001
    email = unique_email("own")
    dialog, invite, own = _queue(qtbot, admin_world, email)
    said = _said(invite)
    # Another invitation's news, and an older version of its own, change nothing (the bridge lives on
    # this thread, so an emission here is delivered at once).
    bridge.item_changed.emit(replace(own, id=own.id + 1000, state=OutboxState.SENT))
    bridge.item_changed.emit(replace(own, version=own.version - 1, state=OutboxState.SENT))
    assert _said(invite) == said and child(invite, "withdrawQueuedButton").isEnabled()
    settle_tab(qtbot, dialog)
