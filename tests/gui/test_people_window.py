"""People Across Providers against a real sandbox: the world is built through the county API, synced
into a real database by the real sync, and searched through the window as a clerk would, by keyboard.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QLineEdit, QListWidget, QTableView, QWidget

from countyadmin.db.engine import create_engine_for, upgrade_database
from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork, unit_of_work_factory
from countyadmin.gui.mainwindow.main_window import MainWindow
from countyadmin.gui.onboarding.onboarding_view import install_onboarding
from countyadmin.gui.onboarding.people_window import PeopleDialog
from countyadmin.gui.onboarding.sync_controller import as_of_text, install_portal_sync
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.services.onboarding import OnboardingService
from countyadmin.services.people import PeopleService
from countyadmin.services.portal_sync import PortalSyncService
from tests.fixtures.people_world import PeopleWorld, build_people_world, sync
from tests.gui.conftest import GuiWorld

UowFactory = Callable[[], SqlAlchemyUnitOfWork]
HEADERS = ["Person", "E-mail", "NPI", "Profession", "Admin at", "Invitations pending/expired"]


@pytest.fixture
def county(tmp_path: Path) -> Iterator[UowFactory]:
    engine = create_engine_for(f"sqlite:///{(tmp_path / 'county.sqlite3').as_posix()}")
    upgrade_database(engine)
    yield unit_of_work_factory(engine)
    engine.dispose()


@pytest.fixture
def people(fresh_sandbox: SandboxProcess, county: UowFactory) -> tuple[PeopleWorld, object]:
    built = build_people_world(fresh_sandbox, county)
    result = sync(built, county)
    return built, result.as_of


@pytest.fixture
def dialog(qtbot, people: tuple[PeopleWorld, object], county: UowFactory) -> PeopleDialog:  # noqa: ANN001
    window = PeopleDialog(PeopleService(county))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.identities_shown, timeout=10_000):
        window.show()
    return window


def _rows(table: QTableView) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_typing_a_name_shows_the_person_at_every_provider(qtbot, dialog: PeopleDialog, people) -> None:  # noqa: ANN001
    world, as_of = people
    table = dialog.findChild(QTableView, "peopleTable")
    edit = dialog.findChild(QLineEdit, "peopleSearchEdit")
    model = table.model()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == HEADERS
    edit.setFocus()
    with qtbot.waitSignal(dialog.searched, timeout=10_000) as searched:
        qtbot.keyClicks(edit, "ortiz ANA")  # one search once the typing pauses, not one per key
    assert searched.args[0].typed == "ortiz ANA"
    rows = {row[1]: row for row in _rows(table)}
    ana = rows[world.email("ana")]
    assert ana[:4] == ["Ana Ortiz", world.email("ana"), world.ana_npi, "Speech-Language Pathologist"]
    assert ana[4] == f"Sunrise LC (SED {world.sed_codes['Sunrise LC']})"
    assert ana[5].startswith(f"Kids P.C. (SED {world.sed_codes['Kids P.C.']}): pending until ")
    assert set(rows) == {world.email("ana"), world.email("a.ortiz")}
    assert dialog.ui.peopleAsOfLabel.text() == as_of_text(as_of)
    assert dialog.ui.peopleMessage.text() == "2 people found."


def test_the_same_person_under_two_identities_is_listed_and_enter_shows_them(
    qtbot, dialog: PeopleDialog, people
) -> None:  # noqa: ANN001,E501
    world, _ = people
    box = dialog.findChild(QListWidget, "identityList")
    sentences = [box.item(i).text() for i in range(box.count())]
    pat = f"{world.email('pat')} is used under two names: Pat Lee at Kids P.C., Patricia Lee at Bright Start."
    assert pat in sentences
    assert any(s.startswith(f"NPI {world.ana_npi} is used by two e-mail addresses") for s in sentences)
    assert (
        f"{world.email('office')} was invited at three providers: Kids P.C., Little Steps and Sunrise LC."
        in sentences
    )
    assert dialog.ui.identityMessage.text() == "3 to sort out: press Enter on one to see the people it names."
    box.setFocus()
    box.setCurrentRow(sentences.index(pat))
    with qtbot.waitSignal(dialog.searched, timeout=10_000):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    table = dialog.findChild(QTableView, "peopleTable")
    assert sorted((r[0], r[5].split(" (")[0]) for r in _rows(table)) == [
        ("Pat Lee", "Kids P.C."), ("Patricia Lee", "Bright Start")]  # fmt: skip
    assert table.hasFocus() and dialog.isVisible()


def test_keyboard_enter_searches_at_once_and_never_closes(qtbot, dialog: PeopleDialog, people) -> None:  # noqa: ANN001
    world, _ = people
    edit = dialog.ui.peopleSearchEdit
    edit.setFocus()
    edit.setText("eve early")
    with qtbot.waitSignal(dialog.searched, timeout=10_000):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.ui.peopleTable.hasFocus()
    (eve,) = _rows(dialog.ui.peopleTable)
    assert eve[5].startswith("Little Steps (SED ") and ": expired " in eve[5]
    # Tab goes search → table → findings → Close.
    order = [edit]
    widget: QWidget = edit
    for _ in range(3):
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or not widget.isVisible():
            widget = widget.nextInFocusChain()
        order.append(widget)
    close = dialog.ui.peopleButtons.button(QDialogButtonBox.StandardButton.Close)
    assert order[1:] == [dialog.ui.peopleTable, dialog.ui.identityList, close]
    with qtbot.waitSignal(dialog.searched, timeout=10_000):
        edit.setText("12345")
    assert dialog.ui.peopleMessage.text() == "An NPI has 10 digits: type all ten to find who uses it."


def test_every_control_has_an_accessible_name_and_text_stays_text(
    qtbot, dialog: PeopleDialog, people
) -> None:  # noqa: ANN001
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, (QLineEdit, QTableView, QListWidget, QAbstractButton)) and widget.isVisible():
            assert widget.accessibleName(), widget.objectName()
    assert dialog.ui.peopleMessage.textFormat() == Qt.TextFormat.PlainText


def test_the_providers_menu_opens_one_people_window(qtbot, world: GuiWorld, county: UowFactory) -> None:  # noqa: ANN001
    context = world.context()
    context.people = PeopleService(county)
    window = MainWindow(lambda: context)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.providers_loaded, timeout=10_000):
        window.start()
    qtbot.waitUntil(lambda: window.context is not None)
    # What start-up adds to the Providers menu too: the sync's action and the onboarding view's toggle.
    install_portal_sync(window, PortalSyncService(county, lambda: None), window.ui.menuProviders).stop()
    install_onboarding(window, OnboardingService(county, user="clerk"), None)
    action = window.ui.peopleAcrossProvidersAction
    assert action in window.ui.menuProviders.actions()
    mnemonics = [
        a.text().split("&")[1][0].casefold() for a in window.ui.menuProviders.actions() if "&" in a.text()
    ]
    assert len(mnemonics) == len(set(mnemonics))
    action.trigger()
    opened = window.people_dialog
    assert opened is not None and opened.isVisible()
    assert opened.findChild(QLineEdit, "peopleSearchEdit") is not None
    qtbot.waitUntil(
        lambda: opened.ui.peopleAsOfLabel.text() == "CPSE Portal data not synced yet", timeout=10_000
    )
    action.trigger()
    assert window.people_dialog is opened
