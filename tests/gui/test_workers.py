"""The background workers: slow portal calls in flight never hold up a quick local read."""

from __future__ import annotations

import threading

from countyadmin.gui.workers import run_in_background

PORTAL_CALLS_IN_FLIGHT = 8  # "Check all", two open dialogs' lookups and match searches, a batch


def test_a_quick_read_runs_while_portal_calls_wait(qtbot) -> None:  # noqa: ANN001 - pytest-qt's fixture
    answer = threading.Event()  # the portal "answers" when set
    finished: list[object] = []
    for _ in range(PORTAL_CALLS_IN_FLIGHT):
        run_in_background(answer.wait, 10, on_success=finished.append)
    read: list[object] = []
    try:
        run_in_background(lambda: "the provider's record", on_success=read.append)
        qtbot.waitUntil(lambda: bool(read), timeout=2000)
        assert read == ["the provider's record"]
        assert finished == []  # the portal calls were still waiting meanwhile
    finally:
        answer.set()
    qtbot.waitUntil(lambda: len(finished) == PORTAL_CALLS_IN_FLIGHT, timeout=5000)
    assert finished == [True] * PORTAL_CALLS_IN_FLIGHT
