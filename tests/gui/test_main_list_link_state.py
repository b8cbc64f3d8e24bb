"""The provider list's Portal Link column, the "Not linked yet" filter, next unlinked, and check all."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QCheckBox, QTableView

from countyadmin.gui import announce
from countyadmin.gui.mainwindow.main_window import MainWindow
from countyadmin.gui.mainwindow.provider_table import NAME, PORTAL_LINK
from countyadmin.portal.client import PortalClient
from countyadmin.portal.models import NewPortalProvider
from tests.gui.conftest import KELSEY_NPI, GuiWorld
from tests.gui.portal_helpers import linked_world, portal

__all__ = ["linked_world", "portal"]  # fixtures


def _column(window: MainWindow) -> dict[str, str]:
    model = window.findChild(QTableView, "providerTable").model()
    return {model.index(r, NAME).data(): model.index(r, PORTAL_LINK).data() for r in range(model.rowCount())}


def _window(qtbot, world: GuiWorld) -> MainWindow:  # noqa: ANN001
    window = MainWindow(world.context)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.providers_loaded, timeout=5000):
        window.start()
    return window


def test_check_all_fills_the_column_and_the_filter_hides_linked(
    qtbot, linked_world: GuiWorld, portal: PortalClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    announced: list[str] = []
    monkeypatch.setattr(announce, "announce", lambda _widget, text, **_: announced.append(text) or True)
    kelsey = portal.create_provider(NewPortalProvider("individual", "Kelsey Smith", KELSEY_NPI, None))
    sunrise = portal.create_provider(NewPortalProvider("agency", "Sunrise LC", None, "010203040506"))
    window = _window(qtbot, linked_world)
    assert set(_column(window).values()) == {"Not linked"}
    with qtbot.waitSignal(window.match_check_finished, timeout=20_000) as finished:
        window.ui.actionCheckAllMatches.trigger()
    assert finished.args[0] == "Checked 3 unlinked providers: 2 with a match available."
    assert announced == [finished.args[0]]  # a screen reader hears the result in the status bar too
    assert _column(window) == {"Kelsey Smith PT": "Match available",
                               "Sunrise Learning Center, Inc.": "Match available",
                               "Unset Provider": "Not linked"}  # fmt: skip

    kelsey_id = next(s.id for s in linked_world.providers.list_summaries() if s.npi == KELSEY_NPI)
    linked_world.portal.link(kelsey_id, kelsey.id, expected_version=1)  # type: ignore[union-attr]
    with qtbot.waitSignal(window.providers_loaded, timeout=5000):
        window.refresh()
    assert _column(window)["Kelsey Smith PT"] == f"Linked ({kelsey.id})"
    assert sunrise.id  # the match stays remembered after a reload
    assert _column(window)["Sunrise Learning Center, Inc."] == "Match available"

    window.findChild(QCheckBox, "notLinkedFilter").setChecked(True)
    assert list(_column(window)) == ["Sunrise Learning Center, Inc.", "Unset Provider"]


def test_next_unlinked_opens_the_next_provider(qtbot, linked_world: GuiWorld) -> None:
    window = _window(qtbot, linked_world)
    first = window.model.provider_at(0).id
    dialog = window.open_provider(first)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.record is not None and not dialog.matches.busy() and not dialog.npi.busy(),
                    timeout=10_000)  # fmt: skip
    assert dialog.ui.nextUnlinkedButton.shortcut().toString() == "F8"
    dialog.ui.nextUnlinkedButton.click()
    assert first not in window._details  # closed, and the next one opened
    following = window._details[window.model.provider_at(1).id]
    qtbot.waitUntil(lambda: following.record is not None and not following.matches.busy()
                    and not following.npi.busy(), timeout=10_000)  # fmt: skip
    assert window.ui.providerTable.currentIndex().row() == 1
