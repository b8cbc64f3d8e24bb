"""The reliability suite: every test in this folder carries the ``reliability`` marker.

The suite is deselected by the default ``pytest`` run (``addopts`` in pyproject.toml) because it takes
minutes, and ``.ci/run`` runs it as its own step with ``python -m pytest -m reliability``. Each test
records its figures (cases, trials, faults, retries, seconds) in the ``figures`` fixture; they are
printed at the end of the run, for docs/reliability.md, and written as JSON to the file named by
``COUNTYADMIN_RELIABILITY_FIGURES`` when it is set.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

# The invitation tests' fixtures (a sandbox of the test's own, a linked provider, the service, a clock
# the test moves), for the fault tests here.
from tests.integration.invitations.conftest import (  # noqa: F401 (fixtures, used by name)
    clock,
    linked_provider,
    portal_factory,
    service,
    world,
)

HERE = Path(__file__).parent
FIGURES_ENV = "COUNTYADMIN_RELIABILITY_FIGURES"
_FIGURES: dict[str, dict[str, Any]] = {}


@pytest.hookimpl(tryfirst=True)  # before the mark plugin deselects by -m
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.reliability)


class Figures:
    """One test's figures; ``seconds`` is added when the test ends."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.values: dict[str, Any] = {}
        self._started = time.perf_counter()

    def __setitem__(self, key: str, value: Any) -> None:
        self.values[key] = value

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def add(self, key: str, amount: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + amount

    def finish(self) -> None:
        self.values["seconds"] = round(time.perf_counter() - self._started, 2)
        _FIGURES[self.name] = self.values


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Iterator[Figures]:
    recorded = Figures(request.node.nodeid.split("::", 1)[-1])
    yield recorded
    if request.node.stash.get(_PASSED, False):
        recorded.finish()


_PASSED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[_PASSED] = report.passed
    return report


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _FIGURES:
        return
    terminalreporter.section("reliability figures")
    for name, values in _FIGURES.items():
        shown = ", ".join(f"{key}={value}" for key, value in values.items())
        terminalreporter.write_line(f"{name}: {shown}")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    terminalreporter.write_line(f"machine: {machine}; date: {datetime.now(UTC):%Y-%m-%d}")
    target = os.environ.get(FIGURES_ENV)
    if target:
        Path(target).write_text(
            json.dumps({"machine": machine, "date": f"{datetime.now(UTC):%Y-%m-%d}", "figures": _FIGURES},
                       indent=2) + "\n",
            encoding="utf-8",
        )  # fmt: skip
