"""Hypothesis settings for the reliability suite's fuzz tests, so every run (and CI) is repeatable.

``derandomize=True`` draws the same examples on every run from each test's own name; no example database
is kept, so a run never depends on an earlier one; ``deadline=None`` because a 2-core CI machine that is
busy with something else must not turn a slow example into a failure.

Use ``@fuzz(max_examples=N)`` on a ``@given`` test and count its cases with ``Counter``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings

PROFILE = "countyadmin-reliability"
settings.register_profile(
    PROFILE,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

F = TypeVar("F", bound=Callable[..., Any])


def fuzz(max_examples: int) -> Callable[[F], F]:
    """The suite's profile with ``max_examples`` examples (use above ``@given``)."""
    return settings(settings.get_profile(PROFILE), max_examples=max_examples)


class Counter:
    """Counts the examples a fuzz test really ran (Hypothesis may stop early on a small search space)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.cases = 0
        self.rejections = 0

    def case(self) -> None:
        with self._lock:
            self.cases += 1

    def rejected(self) -> None:
        with self._lock:
            self.rejections += 1
