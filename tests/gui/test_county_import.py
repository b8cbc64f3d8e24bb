"""Import County Providers, driven as a clerk would: menu, path, Load, preview, Show, Accept or Decline."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QLineEdit, QPushButton, QTableView

from countyadmin.domain.county_import_plan import ImportAction
from countyadmin.domain.provider import ProviderType
from countyadmin.gui.mainwindow.main_window import MainWindow
from countyadmin.gui.spreadsheets.county_import_dialog import CountyImportDialog
from countyadmin.services.county_import import CountyImportService
from tests.gui.conftest import KELSEY_NPI, GuiWorld, provider_id_by_name

HEADERS = ["Provider SED Code", "Provider Name", "Type", "NPI", "City", "ZIP", "E-mail", "Caseload"]


def _export(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def export(tmp_path: Path) -> Path:
    # The world has Kelsey Smith PT (000123456789, Albany) and Sunrise Learning Center (010203040506).
    return _export(tmp_path / "county providers.xlsx", [
        ["000123456789", "Kelsey Smith PT", "Individual", KELSEY_NPI, "Troy", "12180", None, 12],
        ["010203040506", "Sunrise Learning Center, Inc.", "Agency", None, None, None, None, 40],
        ["099999999999", "Bright Futures Therapy", "Agency", None, "Schenectady", "12305",
         "bf@x.example.org", 3],
        [10203040507, "Zeros Lost Inc", None, None, None, None, None, None],
    ])  # fmt: skip


@pytest.fixture
def window(qtbot, world: GuiWorld) -> Iterator[MainWindow]:  # noqa: ANN001
    service = CountyImportService(world.store.unit_of_work, user="clerk", clock=lambda: datetime.now(UTC))
    context = dataclasses.replace(world.context(), county_import=service)
    main = MainWindow(lambda: context)
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.providers_loaded, timeout=5000):
        main.start()
    yield main


def _open(window: MainWindow) -> CountyImportDialog:
    window.ui.importCountyProvidersAction.trigger()
    dialog = window.findChild(CountyImportDialog, "countyImportDialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def _load(qtbot, dialog: CountyImportDialog, path: Path) -> None:  # noqa: ANN001
    dialog.findChild(QLineEdit, "countyFilePathEdit").setText(str(path))
    with qtbot.waitSignal(dialog.preview_ready, timeout=5000):
        dialog.findChild(QPushButton, "loadCountyFileButton").click()


def _table_rows(dialog: CountyImportDialog) -> list[list[str]]:
    table = dialog.findChild(QTableView, "countyPreviewTable")
    model = table.model()
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(model.rowCount())
    ]


def test_preview_lists_add_change_unchanged_and_problems(qtbot, window: MainWindow, export: Path) -> None:  # noqa: ANN001
    dialog = _open(window)
    _load(qtbot, dialog, export)

    summary = dialog.findChild(QLabel, "countySummaryLabel").text()
    assert summary.startswith(
        "county providers.xlsx: 1 to add, 1 to change, 1 unchanged, 1 row with problems"
    )
    rows = _table_rows(dialog)
    assert rows[0][:4] == ["2", "Change", "000123456789", "Kelsey Smith PT"]
    assert rows[0][4] == "City: Albany → Troy; ZIP: 12207 → 12180"
    assert rows[1][1] == "Unchanged"
    assert rows[2][1] == "Add" and "City: Schenectady" in rows[2][4]
    assert rows[3][1] == "Problem" and "leading zero was dropped" in rows[3][4]
    assert "“Caseload”" in dialog.findChild(QLabel, "countyFileMessage").text()  # the column left out

    combo = dialog.findChild(QComboBox, "countyFilterCombo")
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All rows (4)", "Add (1)", "Change (1)", "Unchanged (1)", "Problem (1)"]  # fmt: skip
    combo.setCurrentIndex(combo.findData(ImportAction.PROBLEM.value))
    assert [row[2] for row in _table_rows(dialog)] == ["10203040507"]
    details = dialog.findChild(QLabel, "countyRowDetails").text()  # the chosen row, in full
    assert details.startswith("Row 5 (Problem): Zeros Lost Inc — 10203040507\n• Excel stored the SED code")
    assert details.endswith("save, and load the file again.")
    assert dialog.findChild(QPushButton, "acceptCountyImportButton").isEnabled()
    combo.setCurrentIndex(0)
    dialog.resize(1000, 560)
    dialog.grab().save("/tmp/county_import_preview.png")


def test_accept_imports_and_the_list_reloads(
    qtbot, window: MainWindow, world: GuiWorld, export: Path
) -> None:  # noqa: ANN001
    dialog = _open(window)
    _load(qtbot, dialog, export)
    accept = dialog.findChild(QPushButton, "acceptCountyImportButton")

    with qtbot.waitSignals([dialog.imported, window.providers_loaded], timeout=5000):
        accept.click()

    result = dialog.findChild(QLabel, "countyResultLabel").text()
    assert result == "Imported: added 1 provider and changed 1. 1 row with problems was left out."
    assert not accept.isEnabled()
    assert dialog.findChild(QPushButton, "declineCountyImportButton").text() == "&Close"
    kelsey = world.providers.get(provider_id_by_name(world, "Kelsey Smith PT"))
    assert (kelsey.city, kelsey.zip) == ("Troy", "12180")
    added = world.providers.get(provider_id_by_name(world, "Bright Futures Therapy"))
    assert added.sed_code == "099999999999" and added.provider_type is ProviderType.AGENCY
    assert window.model.total_count() == 4


def test_decline_imports_nothing(qtbot, window: MainWindow, world: GuiWorld, export: Path) -> None:  # noqa: ANN001
    before = world.providers.list_summaries()
    dialog = _open(window)
    _load(qtbot, dialog, export)

    dialog.findChild(QPushButton, "declineCountyImportButton").click()

    assert not dialog.isVisible()
    assert world.providers.list_summaries() == before
    assert world.store.commits == 3  # the world's three set-up providers, nothing since


def test_a_provider_changed_after_the_preview_is_reported(
    qtbot,
    window: MainWindow,
    world: GuiWorld,
    export: Path,  # noqa: ANN001
) -> None:
    dialog = _open(window)
    _load(qtbot, dialog, export)
    kelsey_id = provider_id_by_name(world, "Kelsey Smith PT")
    with world.store.unit_of_work() as uow:  # another desk saves Kelsey meanwhile
        current = uow.providers.get(kelsey_id)
        assert current is not None
        uow.providers.update(dataclasses.replace(current, city="Cohoes", updated_by="clerk.bob"),
                             expected_version=current.version)  # fmt: skip
        uow.commit()

    with qtbot.waitSignal(dialog.imported, timeout=5000):
        dialog.findChild(QPushButton, "acceptCountyImportButton").click()

    result = dialog.findChild(QLabel, "countyResultLabel").text()
    assert "added 1 provider and changed 0" in result
    assert "Row 2, Kelsey Smith PT (000123456789): Not changed: clerk.bob saved this provider" in result
    assert world.providers.get(kelsey_id).city == "Cohoes"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.4 a scanned list", "PDF document"),
        (b"", "empty (0 bytes)"),
    ],
)
def test_a_bad_file_is_said_under_its_path(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    content: bytes,
    expected: str,  # noqa: ANN001
) -> None:
    bad = tmp_path / "providers.xlsx"
    bad.write_bytes(content)
    dialog = _open(window)
    dialog.findChild(QLineEdit, "countyFilePathEdit").setText(str(bad))
    with qtbot.waitSignal(dialog.load_failed, timeout=5000) as failed:
        dialog.findChild(QPushButton, "loadCountyFileButton").click()

    message = dialog.findChild(QLabel, "countyFileMessage")
    assert expected in failed.args[0] and message.text() == failed.args[0] and message.isVisible()
    assert not dialog.findChild(QPushButton, "acceptCountyImportButton").isEnabled()
    assert dialog.findChild(QLineEdit, "countyFilePathEdit").text() == str(bad)  # what was typed stays


def test_a_missing_sed_code_column_names_the_headers_found(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: ANN001
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Vendor", "Town"])
    sheet.append(["Sunrise", "Albany"])
    workbook.save(tmp_path / "vendors.xlsx")
    dialog = _open(window)
    dialog.findChild(QLineEdit, "countyFilePathEdit").setText(str(tmp_path / "vendors.xlsx"))
    with qtbot.waitSignal(dialog.load_failed, timeout=5000) as failed:
        dialog.findChild(QPushButton, "loadCountyFileButton").click()

    assert "no column for SED code" in failed.args[0] and "“Vendor”, “Town”" in failed.args[0]


def test_no_file_or_a_wrong_path_is_said_at_once(window: MainWindow, tmp_path: Path) -> None:
    dialog = _open(window)
    load = dialog.findChild(QPushButton, "loadCountyFileButton")
    message = dialog.findChild(QLabel, "countyFileMessage")

    load.click()
    assert message.text().startswith("Choose the county's export file first")
    dialog.findChild(QLineEdit, "countyFilePathEdit").setText(str(tmp_path / "nope.xlsx"))
    load.click()
    assert message.text().startswith(f"There is no file at {tmp_path / 'nope.xlsx'}")


def test_browse_picks_the_file_and_loads_it(qtbot, window: MainWindow, export: Path) -> None:  # noqa: ANN001
    dialog = _open(window)
    dialog.findChild(QPushButton, "browseCountyFileButton").click()
    chooser = dialog.findChild(QFileDialog, "countyFileDialog")
    assert chooser is not None and chooser.isVisible()

    with qtbot.waitSignal(dialog.preview_ready, timeout=5000):
        chooser.fileSelected.emit(str(export))

    assert dialog.findChild(QLineEdit, "countyFilePathEdit").text() == str(export)
    chooser.reject()


def test_editing_the_path_after_a_preview_asks_for_a_new_load(
    qtbot, window: MainWindow, export: Path
) -> None:  # noqa: ANN001
    dialog = _open(window)
    _load(qtbot, dialog, export)
    edit = dialog.findChild(QLineEdit, "countyFilePathEdit")
    accept = dialog.findChild(QPushButton, "acceptCountyImportButton")

    qtbot.keyClicks(edit, "x")
    assert not accept.isEnabled()
    assert "preview below is of another file" in dialog.findChild(QLabel, "countySummaryLabel").text()
    qtbot.keyClick(edit, "\b")
    assert accept.isEnabled()
