"""Fixtures of the HTTP client tests: a scripted loopback server and a sleep that only records."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.clients.loopback import LoopbackServer, running


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    with running() as server:
        yield server


class RecordingSleep:
    """Stands in for ``time.sleep``: the tests check the waits without waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleeps() -> RecordingSleep:
    return RecordingSleep()
