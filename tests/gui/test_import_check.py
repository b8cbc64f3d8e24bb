"""The faster PySide6 import check gives PySide6's own answer for every kind of module."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
from pathlib import Path

import PySide6.QtWidgets  # noqa: F401 - the check exists once PySide6 is imported
import pytest

from countyadmin.gui.import_check import speed_up_pyside_import_check, uses_pyside_fast


def _pyside_answer(module) -> bool:  # noqa: ANN001
    # What PySide6's own check computes (shibokensupport.feature._mod_uses_pyside).
    try:
        return "PySide6" in inspect.getsource(module)
    except (TypeError, OSError, SyntaxError):
        return False


@pytest.mark.parametrize(
    "name",
    [
        "countyadmin.gui.mainwindow.main_window",  # uses PySide6
        "countyadmin.gui.import_check",  # names it in its text only
        "countyadmin.domain.identifiers",  # does not
        "json",  # standard library, source
        "sys",  # built in: no source
        "math",  # extension module: no source
        "sqlalchemy.orm",  # a package's __init__.py
    ],
)
def test_same_answer_as_pyside(name: str) -> None:
    module = importlib.import_module(name)
    assert uses_pyside_fast(module, _pyside_answer) == _pyside_answer(module)


def test_installed_where_pyside_has_the_check_and_still_answers() -> None:
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not hasattr(feature, "_mod_uses_pyside"):
        assert speed_up_pyside_import_check() is False
        return
    assert speed_up_pyside_import_check() is True
    assert speed_up_pyside_import_check() is True  # twice is harmless
    check = feature._mod_uses_pyside
    assert check.countyadmin_fast
    assert check(importlib.import_module("countyadmin.gui.mainwindow.main_window")) is True
    assert check(importlib.import_module("countyadmin.domain.identifiers")) is False
    assert check(sys) is False


def test_frozen_module_without_source_is_answered_without_the_slow_check(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A PyInstaller bundle: __file__ names a .py that is not on disk; PySide6's own check finds no source.
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("frozen_example", loader=None))
    module.__file__ = str(tmp_path / "frozen_example.py")
    asked: list[str] = []

    def slow(checked) -> bool:  # noqa: ANN001
        asked.append(checked.__name__)
        return _pyside_answer(checked)

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert uses_pyside_fast(module, slow) is False
    assert asked == []
    assert _pyside_answer(module) is False  # the same answer PySide6 gives
    monkeypatch.delattr(sys, "frozen")
    assert uses_pyside_fast(module, slow) is False  # from source, a missing file still asks PySide6
    assert asked == ["frozen_example"]
