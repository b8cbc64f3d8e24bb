"""Issue 17's views with key events alone: the onboarding dock, its resend preview, People Across Providers.

The whole demo through the real entry point (its database, its CPSE Portal sandbox, the sync after start).
No mouse call appears in this file (a test below reads it): each step is a key a clerk presses — Tab,
Alt+<mnemonic>, arrows, Enter, Space, Esc — and the focus is checked where it matters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from countyadmin.gui.mainwindow.provider_table import STAGE
from countyadmin.gui.onboarding.people_window import PeopleDialog
from countyadmin.services.onboarding import Stage
from tests.accessibility.keyboard_app import active_window, focus_is, focused, menu, press, type_text
from tests.accessibility.test_keyboard_only import MENUS, back_to, tab_to
from tests.fixtures.demo_app import started_demo

pytestmark = [MENUS, pytest.mark.slow]
Key = Qt.Key


@pytest.fixture
def demo(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:  # noqa: ANN001
    """``countyadmin --demo`` once its start-up sync has reached the onboarding view."""
    with started_demo(qtbot, tmp_path, monkeypatch) as window:
        qtbot.waitUntil(lambda: getattr(window, "onboarding_view", None) is not None, timeout=10_000)
        sync, view = window.portal_sync_controller, window.onboarding_view
        qtbot.waitUntil(lambda: sync.as_of is not None and not sync.running, timeout=30_000)
        qtbot.waitUntil(lambda: view.stage_map is not None and view.stage_map.counts.as_of is not None
                        and not view._loading, timeout=30_000)  # fmt: skip
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        yield window


def _mnemonics(texts: list[str]) -> list[str]:
    return [match.group(1).lower() for text in texts if (match := re.search(r"&([^&])", text))]


def test_the_providers_menu_mnemonics_do_not_clash(demo: Any) -> None:
    texts = [action.text() for action in demo.ui.menuProviders.actions() if action.text()]
    assert "Onboarding &Progress" in texts and "People &Across Providers…" in texts
    letters = _mnemonics(texts)
    assert len(letters) == len(texts), texts  # every entry has one
    assert len(set(letters)) == len(letters), texts


def test_reach_the_dock_choose_a_stage_and_cancel_the_resend_preview(qtbot, demo: Any) -> None:  # noqa: ANN001
    window, view = demo, demo.onboarding_view
    chart, model = view.chart, window.model
    # The dock is in the Tab order, right after the list it stands above (the ring comes round to it).
    press(qtbot, Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focus_is("providerSearch")
    tab_to(qtbot, "onboardingChart", limit=6)
    # Hidden by its menu entry, then shown by it again: the keyboard goes to the chart.
    menu(qtbot, window, "p", "p")
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=5000)
    back_to(qtbot, window)
    menu(qtbot, window, "p", "p")
    qtbot.waitUntil(lambda: view.isVisible() and focus_is("onboardingChart"), timeout=5000)

    # Arrows to the expired stage, Enter: the list shows those providers only, and says which.
    for _ in range((Stage.EXPIRED.value - chart.current) % len(Stage)):
        press(qtbot, Key.Key_Down)
    assert chart.current == Stage.EXPIRED.value
    assert chart.accessibleDescription().startswith(f"At {Stage.EXPIRED.label}: ")
    press(qtbot, Key.Key_Return)
    expired = view.stage_map.counts.by_stage[Stage.EXPIRED]
    assert view.chosen is Stage.EXPIRED and expired >= 1
    assert model.rowCount() == expired
    assert {model.index(r, STAGE).data() for r in range(model.rowCount())} == {Stage.EXPIRED.short_label}
    assert f"The list shows {Stage.EXPIRED.label}." in chart.accessibleDescription()

    # Resend Every Expired Invitation…: Space on it opens the preview; Esc cancels it, nothing is queued.
    tab_to(qtbot, "onboardingResendButton", limit=6)
    press(qtbot, Key.Key_Space)
    preview = active_window(qtbot, QDialog)
    assert preview.objectName() == "resendExpiredDialog" and focused().window() is preview
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not shiboken6.isValid(preview) or not preview.isVisible(), timeout=5000)
    assert window.context.onboarding.expired_invitations()  # still waiting: the preview sent nothing
    back_to(qtbot, window)

    # Show All Providers, by keyboard too.
    tab_to(qtbot, "onboardingShowAllButton", limit=8)
    press(qtbot, Key.Key_Space)
    assert view.chosen is None and model.rowCount() == model.total_count()


def test_people_across_providers_by_its_mnemonic_search_tab_to_results_esc_closes(qtbot, demo: Any) -> None:  # noqa: ANN001
    window = demo
    menu(qtbot, window, "p", "a")  # Providers → People &Across Providers…
    people = active_window(qtbot, PeopleDialog)
    assert focus_is("peopleSearchEdit")
    type_text(qtbot, "jo")  # two people in the demo's CPSE Portal copy
    qtbot.waitUntil(lambda: people.model.rowCount() >= 1, timeout=15_000)
    tab_to(qtbot, "peopleTable", limit=4)
    table = people.ui.peopleTable
    press(qtbot, Key.Key_Down)
    assert table.currentIndex().isValid()
    assert "jo" in table.model().index(table.currentIndex().row(), 0).data().lower()
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not people.isVisible(), timeout=5000)
    assert QApplication.activeWindow() is not people


def test_no_mouse_call_in_this_file() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    calls = ["mouse" + "Click", "mouse" + "Press", "mouse" + "DClick", "." + "click(", "clicked" + ".emit",
             "." + "trigger(", "." + "toggle(", "set" + "Checked(", "set" + "CurrentIndex(",
             "set" + "Text(", "." + "choose(", "set" + "Focus("]  # fmt: skip
    found = [call for call in calls if call in source]
    assert not found, f"a test of keyboard use calls {found}"
