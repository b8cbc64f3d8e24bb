"""Attacks on the Admin Users tab (issue 14): lost answers, withdraw, and the sentence beside the list."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QTableView

from tests.fixtures.sandbox import set_faults
from tests.gui.invitation_helpers import (
    AdminWorld,
    admin_world,
    fill,
    history_actions,
    message_box,
    open_admin_tab,
    open_invite,
    settle_tab,
    statuses,
    table_rows,
    unique_email,
)
from tests.gui.portal_helpers import child, click, linked_world, portal

__all__ = ["admin_world", "linked_world", "portal"]  # fixtures


def test_withdraw_in_the_form_after_a_lost_answer_says_it_reached_the_portal(
    qtbot, admin_world: AdminWorld  # noqa: ANN001
) -> None:
    """CPSE Portal took the post and e-mailed the person, but its answer was lost, so the form shows it
    queued. Withdraw must not say 'was not sent and will not be': the e-mail went out."""
    dialog = open_admin_tab(qtbot, admin_world)
    invite = open_invite(qtbot, dialog)
    qtbot.waitUntil(lambda: not child(invite, "inviteMessage", QLabel).text().startswith("Checking"),
                    timeout=10_000)  # fmt: skip
    email = unique_email("lost")
    fill(qtbot, invite, email)
    set_faults(admin_world.sandbox, drop_rate=1.0)
    with qtbot.waitSignal(invite.queued, timeout=30_000):
        click(invite, "inviteAsAdminButton")
    set_faults(admin_world.sandbox)
    assert len(admin_world.emails_to(email)) == 1  # it did go out
    click(invite, "withdrawQueuedButton")
    said = child(invite, "inviteMessage", QLabel)
    qtbot.waitUntil(lambda: said.text().startswith("Not withdrawn"), timeout=15_000)
    QApplication.processEvents()  # the layout request the new sentence posted
    invite.grab().save("/tmp/attack_withdraw_lost_answer.png")
    assert "reached CPSE Portal" in said.text() and "Cancel Invitation" in said.text(), said.text()
    click(invite, "inviteCancelButton")
    qtbot.waitUntil(lambda: statuses(dialog) == ["Pending"], timeout=10_000)  # one row, the sent one
    settle_tab(qtbot, dialog)
    assert "Invitation withdrawn" not in history_actions(dialog)
    assert len(admin_world.emails_to(email)) == 1


def test_the_portal_going_down_after_a_resend_is_said_beside_the_list(qtbot, admin_world: AdminWorld) -> None:
    """The Resend sentence is kept across refreshes; when a later refresh finds CPSE Portal unreachable,
    the sentence beside the list must say that (the rows are now last-seen), not the old success."""
    dialog = open_admin_tab(qtbot, admin_world)
    invite = open_invite(qtbot, dialog)
    email = unique_email()
    fill(qtbot, invite, email)
    with qtbot.waitSignal(invite.invited, timeout=15_000):
        click(invite, "inviteAsAdminButton")
    message_box(dialog, "invitationSentBox").close()
    qtbot.waitUntil(lambda: statuses(dialog) == ["Pending"], timeout=10_000)
    settle_tab(qtbot, dialog)
    child(dialog, "invitationsTable", QTableView).selectRow(0)
    panel = dialog.admin_users.invitations
    with qtbot.waitSignal(panel.action_done, timeout=15_000):
        click(dialog, "resendInvitationButton")
    settle_tab(qtbot, dialog)
    admin_world.sandbox.kill()
    with qtbot.waitSignal(panel.refreshed, timeout=15_000):
        click(dialog, "refreshInvitationsButton")
    settle_tab(qtbot, dialog)
    rows = table_rows(dialog, "invitationsTable")
    assert rows[0][2].startswith("Pending (last seen "), rows
    text = child(dialog, "invitationsMessage", QLabel).text()
    QApplication.processEvents()
    dialog.grab().save("/tmp/attack_resend_then_down.png")
    assert "could not be reached" in text and admin_world.sandbox.url.split("//")[1] in text, text
