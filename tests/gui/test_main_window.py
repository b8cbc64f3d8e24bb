"""The provider list: loading, searching, sorting, and the ways into Provider Details."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView

from countyadmin.gui.mainwindow.main_window import MainWindow
from countyadmin.gui.mainwindow.provider_table import NAME, NPI, SED_CODE
from countyadmin.gui.provider_details.provider_details import ProviderDetailsDialog
from tests.gui.conftest import KELSEY_NPI, GuiWorld


def _table(window: MainWindow) -> QTableView:
    return window.findChild(QTableView, "providerTable")


def _search(window: MainWindow) -> QLineEdit:
    return window.findChild(QLineEdit, "providerSearch")


def _names(window: MainWindow) -> list[str]:
    model = _table(window).model()
    return [model.index(row, NAME).data() for row in range(model.rowCount())]


def _details(window: MainWindow) -> list[ProviderDetailsDialog]:
    return [d for d in window.findChildren(ProviderDetailsDialog, "ProviderDetailsDialog") if d.isVisible()]


def test_window_lists_the_providers_with_their_columns(main_window: MainWindow) -> None:
    assert main_window.windowTitle() == "CPSE Portal User Management"
    model = _table(main_window).model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Name", "Type", "SED Code", "NPI", "Uses CPSE Portal", "Portal Link", "Stage"]
    assert _names(main_window) == ["Kelsey Smith PT", "Sunrise Learning Center, Inc.", "Unset Provider"]
    assert model.index(0, SED_CODE).data() == "000123456789"  # leading zeros kept
    assert main_window.findChild(QLabel, "providerCount").text() == "3 providers"


def test_search_filters_by_name_sed_code_and_npi_as_you_type(qtbot, main_window: MainWindow) -> None:
    search = _search(main_window)
    qtbot.keyClicks(search, "sun")
    assert _names(main_window) == ["Sunrise Learning Center, Inc."]
    search.setText("0001234")
    assert _names(main_window) == ["Kelsey Smith PT"]
    search.setText(KELSEY_NPI[:6])
    assert _names(main_window) == ["Kelsey Smith PT"]
    search.setText("nobody")
    assert _names(main_window) == []
    assert "0 of 3 providers" in main_window.findChild(QLabel, "providerCount").text()
    search.clear()
    assert len(_names(main_window)) == 3


def test_ctrl_f_focuses_the_search_box(qtbot, main_window: MainWindow) -> None:
    _table(main_window).setFocus()
    main_window.activateWindow()
    main_window.ui.actionFind.trigger()
    assert _search(main_window).hasFocus()
    assert main_window.ui.actionFind.shortcut().toString() == "Ctrl+F"


def test_clicking_a_header_sorts(qtbot, main_window: MainWindow) -> None:
    table = _table(main_window)
    table.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)
    assert _names(main_window)[0] == "Unset Provider"
    table.sortByColumn(NPI, Qt.SortOrder.AscendingOrder)
    assert _names(main_window)[0] == "Kelsey Smith PT"  # the only one with an NPI; empty ones last


def test_double_click_opens_provider_details(qtbot, main_window: MainWindow) -> None:
    table = _table(main_window)
    rect = table.visualRect(table.model().index(0, NAME))
    # A real double-click starts with a press; QTest's double-click event alone does not send it.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: len(_details(main_window)) == 1)
    dialog = _details(main_window)[0]
    qtbot.waitUntil(lambda: dialog.record is not None)
    assert dialog.record.name == "Kelsey Smith PT"
    assert not dialog.isModal()
    qtbot.waitUntil(lambda: not dialog.npi.busy())


def test_enter_opens_provider_details_and_twice_opens_one(qtbot, main_window: MainWindow) -> None:
    table = _table(main_window)
    table.setFocus()
    table.setCurrentIndex(table.model().index(1, NAME))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(_details(main_window)) == 1)
    dialog = _details(main_window)[0]
    qtbot.waitUntil(lambda: dialog.record is not None)
    assert dialog.record.name == "Sunrise Learning Center, Inc."


def test_column_widths_are_remembered(qtbot, world: GuiWorld, main_window: MainWindow) -> None:
    _table(main_window).horizontalHeader().resizeSection(NAME, 412)
    main_window.close()
    again = MainWindow(world.context)
    qtbot.addWidget(again)
    assert _table(again).horizontalHeader().sectionSize(NAME) == 412


def test_status_bar_shows_the_demo(qtbot, world: GuiWorld) -> None:
    context = world.context()
    context.demo_note = "Demo — CPSE Portal sandbox at http://127.0.0.1:1"
    window = MainWindow(lambda: context)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.providers_loaded):
        window.start()
    assert window.findChild(QLabel, "demoNote").text() == context.demo_note


def test_a_failed_start_is_said_in_the_status_bar(qtbot) -> None:
    def broken():
        raise RuntimeError("The database server did not answer. Check the address in Settings")

    window = MainWindow(broken)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.startup_failed) as blocker:
        window.start()
    assert "did not answer" in blocker.args[0]
    assert not window.ui.actionSettings.isEnabled()


def test_the_list_shows_while_start_up_goes_on_and_an_early_open_waits_for_it(qtbot, world: GuiWorld) -> None:
    import threading

    context = world.context()
    release = threading.Event()

    def slow_start():
        # As app.start_services does: the list as soon as the database is read, then the slow clients.
        window.show_startup_list((context.providers.list_summaries(), {}))
        release.wait(10)
        return context

    window = MainWindow(slow_start)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.providers_loaded) as loaded:
        window.start()
    assert loaded.args == [3]
    assert window.context is None  # still starting
    assert _names(window) == ["Kelsey Smith PT", "Sunrise Learning Center, Inc.", "Unset Provider"]
    _search(window).setText("sun")  # searching works before start-up has ended
    assert _names(window) == ["Sunrise Learning Center, Inc."]

    table = _table(window)
    table.setCurrentIndex(table.model().index(0, NAME))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert _details(window) == []
    assert "finished starting" in window.findChild(QLabel, "providerCount").text()
    with qtbot.assertNotEmitted(window.providers_loaded), qtbot.waitSignal(window.started):
        release.set()  # no second load of the same list once start-up ends
    qtbot.waitUntil(lambda: len(_details(window)) == 1)
    dialog = _details(window)[0]
    qtbot.waitUntil(lambda: dialog.record is not None)
    assert dialog.record.name == "Sunrise Learning Center, Inc."
    assert window.findChild(QLabel, "providerCount").text() == "1 of 3 providers match the search"
    qtbot.waitUntil(lambda: not dialog.npi.busy())


_FIRST_PAINT_PROBE = """
import os, sys
from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from countyadmin.app import build_main_window
window = build_main_window(["--db", sys.argv[1]])
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print("built" if "Qt" in QtCore.__dict__ else "not built", flush=True)
            os._exit(0)
        return False
probe = FirstPaint()
window.installEventFilter(probe)
app.exec()
"""


def test_the_first_paint_does_not_build_the_qt_namespace(tmp_path) -> None:  # noqa: ANN001
    """Building ``Qt``'s ~90 Python enums costs the first paint ~10-20 ms (docs/performance.md): the
    provider model and the shortcuts wait for the paint, and no module on the way may name ``Qt``."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    database = f"sqlite:///{(tmp_path / 'paint.sqlite3').as_posix()}"
    result = subprocess.run(
        [sys.executable, "-c", _FIRST_PAINT_PROBE, database],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    assert result.stdout.strip() == "not built", result.stdout + result.stderr


def test_shortcuts_are_set_once_the_window_has_painted(main_window: MainWindow) -> None:
    shortcuts = {
        action.objectName(): action.shortcut().toString()
        for action in (main_window.ui.actionQuit, main_window.ui.actionOpenProvider,
                       main_window.ui.actionFind, main_window.ui.actionRefresh)
    }  # fmt: skip
    assert shortcuts == {"actionQuit": "Ctrl+Q", "actionOpenProvider": "Ctrl+O", "actionFind": "Ctrl+F",
                         "actionRefresh": "F5"}  # fmt: skip


def test_the_e_mail_rules_are_loaded_off_the_gui_thread_once_started(qtbot, world: GuiWorld, monkeypatch) -> None:  # noqa: ANN001,E501
    # Compiling them took ~30 ms of the GUI thread at the session's first Invite New Admin User.
    import threading

    import countyadmin.domain.invitation as invitation

    loaded_on: list[threading.Thread] = []
    record = lambda: loaded_on.append(threading.current_thread())  # noqa: E731
    monkeypatch.setattr(invitation, "prepare_email_rules", record)
    context = world.context()
    window = MainWindow(lambda: context)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.started):
        window.start()
    qtbot.waitUntil(lambda: bool(loaded_on))
    assert loaded_on[0] is not threading.main_thread()
