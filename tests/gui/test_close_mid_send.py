"""Closing CountyAdmin while the invitation outbox is posting: the post finishes, it is not cut off.

This is what an upgrade does to a running CountyAdmin (issue 16): Inno Setup's Restart Manager asks the
app to close (Windows' end-session messages; Qt then emits aboutToQuit, which closes the main window),
and the Windows workflow checks the installed app did close. Here the main window is closed while the
background sender is in the middle of a slow post to the real sandbox: the close waits for it, so the
item is recorded as sent, CPSE Portal has exactly one invitation, and the sender's thread has ended.
"""

from __future__ import annotations

import logging

import pytest
import requests

from countyadmin.domain.invitation import InvitationForm
from countyadmin.domain.outbox import OutboxItem, OutboxState
from countyadmin.gui.context import AppContext
from countyadmin.gui.invitations.outbox_bridge import start_invitations
from countyadmin.gui.mainwindow.main_window import MainWindow
from tests.gui.invitation_helpers import AdminWorld, admin_world, unique_email
from tests.gui.portal_helpers import linked_world, portal

__all__ = ["admin_world", "linked_world", "portal"]  # fixtures

POST_SECONDS = 2.0  # the sandbox's answer time: well within what closing waits for (the sender's stop)


def test_closing_mid_send_lets_the_post_finish(
    qtbot,
    admin_world: AdminWorld,
    caplog: pytest.LogCaptureFixture,  # noqa: ANN001
) -> None:
    closers: list = []
    service, bridge = start_invitations(admin_world.world.store.unit_of_work, admin_world.portal_factory,
                                        user="clerk", closers=closers, interval=0.5)  # fmt: skip
    admin_world.world.invitations, admin_world.world.outbox = service, bridge

    def context() -> AppContext:
        made = admin_world.world.context()
        made.closers.extend(closers)  # as app start-up registers the sender's stop
        return made

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.providers_loaded, timeout=10_000):
        window.start()

    faults = requests.put(f"{admin_world.sandbox.url}/sandbox/faults",
                          json={"latency_ms": int(POST_SECONDS * 1000)}, timeout=10)  # fmt: skip
    assert faults.status_code == 200, faults.text
    email = unique_email("closing")

    def posting(item: OutboxItem) -> bool:
        return item.state is OutboxState.SENDING

    with qtbot.waitSignal(bridge.item_changed, timeout=20_000, check_params_cb=posting) as sending:
        queued = service.queue_invitation(admin_world.provider_id, InvitationForm("Ana", "Ortiz", email))
    claimed: OutboxItem = sending.args[0]
    assert claimed.id == queued.id

    with caplog.at_level(logging.INFO, logger="countyadmin.gui.mainwindow.main_window"):
        assert window.close()  # as at quit, or when an installer's Restart Manager asks
    assert "CountyAdmin is closing" in caplog.text

    assert not bridge.outbox_sender.running  # the sender finished; nothing was left mid-post
    item = service.outbox_item(queued.id)
    assert item.state is OutboxState.SENT, item
    requests.put(f"{admin_world.sandbox.url}/sandbox/faults", json={}, timeout=10)
    assert len(admin_world.emails_to(email)) == 1  # exactly one invitation went out
