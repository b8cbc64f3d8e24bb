"""Attack round on issue 15: Alt+letter across the menu bar and the widgets once start-up has added its
dynamic entries and the onboarding dock; the selection in an inactive window in every palette the tour
uses; the dock's Tab ring with its buttons disabled."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QWidget

from countyadmin.gui.colors import MINIMUM_CONTRAST, contrast_ratio, follow_theme
from tests.accessibility.test_keyboard_structure import MNEMONIC, tab_cycle
from tests.accessibility.window_tour import palette_named
from tests.fixtures.demo_app import started_demo


@pytest.fixture
def demo(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:  # noqa: ANN001
    with started_demo(qtbot, tmp_path, monkeypatch) as window:
        qtbot.waitUntil(lambda: getattr(window, "onboarding_view", None) is not None, timeout=10_000)
        view = window.onboarding_view
        qtbot.waitUntil(lambda: view.stage_map is not None and not view._loading, timeout=30_000)
        yield window


def _letter(text: str) -> str | None:
    match = MNEMONIC.search(text.replace("&&", ""))
    return match.group(1).lower() if match else None


def test_no_widget_of_the_main_window_takes_a_menu_bars_alt_letter(demo: Any) -> None:
    # Alt+F once went to "Find provider" instead of the File menu; the check per window compares widgets
    # with widgets and menus with menus, never the two, and ran before start-up docked the onboarding view.
    bar = demo.menuBar().actions()
    menus = {letter: action.text() for action in bar if (letter := _letter(action.text()))}
    taken: dict[str, list[str]] = defaultdict(list)
    seen: list[str] = []
    for widget in demo.findChildren(QWidget):
        if not widget.isVisibleTo(demo):
            continue
        text = None
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        letter = _letter(text) if text else None
        seen += [letter] if letter else []
        if letter in menus:
            taken[letter].append(f"{widget.objectName() or text} takes Alt+{letter} from {menus[letter]}")
    assert len(menus) >= 4 and "d" in seen  # the menus and the widgets were read ("Fin&d provider")
    assert dict(taken) == {}


def test_every_palette_keeps_the_selection_readable_in_an_inactive_window(qapp: QApplication) -> None:
    # Fusion greys an inactive window's selection to 3.0 : 1; the dark and high-contrast palettes of the
    # tour set only the active colours. Held: follow_theme lifts both groups.
    original = QGuiApplication.palette()
    try:
        for name in ("light", "dark", "high contrast"):
            palette = palette_named(name)
            if palette is not None:
                qapp.setPalette(palette)
            follow_theme(qapp)
            now = QGuiApplication.palette()
            for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
                ratio = contrast_ratio(now.color(group, QPalette.ColorRole.HighlightedText),
                                       now.color(group, QPalette.ColorRole.Highlight))  # fmt: skip
                assert ratio >= MINIMUM_CONTRAST, (name, group, ratio)
    finally:
        qapp.setPalette(original)


def test_tab_goes_round_the_main_window_with_the_docks_buttons_disabled(qtbot, demo: Any) -> None:  # noqa: ANN001
    view = demo.onboarding_view
    view.resend_button.setEnabled(False)
    view.invite_button.setEnabled(False)  # the dock hands Tab on from Invite, now skipped
    demo.activateWindow()
    qtbot.waitUntil(demo.isActiveWindow, timeout=5000)
    view.chart.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.chart)
    stops = tab_cycle(qtbot)
    assert demo.ui.providerSearch in stops and view.show_all_button in stops
