"""The installed PySide6 must not eat references to None (PySide6 6.12 on Python 3.11 does, then aborts)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_calls_returning_none_keep_none_alive(qtbot) -> None:  # noqa: ANN001 - pytest-qt's fixture
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2_000):
        label.setText("x")  # returns None
    # On 3.12+ None is immortal and its count is fixed; on 3.11 a leak would show as a drop of ~2,000.
    assert sys.getrefcount(None) >= before - 50, "PySide6 releases None it never took (pyproject.toml)"
