"""write_workbook: what a clerk opening the file gets, read back from the file itself."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from countyadmin.spreadsheets import writer
from countyadmin.spreadsheets.errors import SpreadsheetError
from countyadmin.spreadsheets.writer import Column, SheetSpec, safe_cell_value, write_workbook

DANGEROUS = [
    '=HYPERLINK("http://evil.example","click")',
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "#N/A",
]


def _sheet_xml(path: Path, number: int = 1) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(f"xl/worksheets/sheet{number}.xml").decode("utf-8")


def _write(tmp_path: Path, *specs: SheetSpec, **kwargs: object) -> Path:
    target = tmp_path / "out.xlsx"
    write_workbook(target, list(specs), **kwargs)  # type: ignore[arg-type]
    return target


def test_text_that_looks_like_a_formula_is_stored_as_text(tmp_path: Path) -> None:
    spec = SheetSpec("Providers", [Column("Name"), Column("Email")], [[text, text] for text in DANGEROUS])
    target = _write(tmp_path, spec)

    xml = _sheet_xml(target)
    assert "<f>" not in xml and "<f " not in xml
    assert 't="e"' not in xml
    sheet = openpyxl.load_workbook(target)["Providers"]
    for row_number, text in enumerate(DANGEROUS, start=2):
        cell = sheet.cell(row=row_number, column=1)
        assert cell.data_type == "s"
        assert cell.value == text.replace("\r", "\n") if text.startswith("\r") else cell.value == text
        # Excel keeps the quote prefix as text even when the clerk edits the cell.
        assert cell.quotePrefix is bool(writer.is_formula_like(text))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from("=+-@\t#!ABC1( )|'\""), min_size=1, max_size=12))
def test_no_text_ever_becomes_a_formula(tmp_path: Path, text: str) -> None:
    target = _write(tmp_path, SheetSpec("S", [Column("Value")], [[text]]))

    xml = _sheet_xml(target)
    assert "<f>" not in xml and "<f " not in xml
    cell = openpyxl.load_workbook(target)["S"]["A2"]
    assert cell.data_type == "s"


def test_identifier_columns_are_text_and_keep_leading_zeros(tmp_path: Path) -> None:
    spec = SheetSpec(
        "Providers",
        [Column("SED Code", text=True), Column("NPI", text=True), Column("Count")],
        [["012345678901", 1234567893, 7], ["000000000001", 1234567893.0, 8]],
    )
    target = _write(tmp_path, spec)

    sheet = openpyxl.load_workbook(target)["Providers"]
    assert sheet["A2"].value == "012345678901"
    assert sheet["A2"].number_format == "@"
    assert sheet["B2"].value == "1234567893" and sheet["B2"].data_type == "s"
    assert sheet["B3"].value == "1234567893"
    assert sheet["C2"].value == 7 and sheet["C2"].data_type == "n"
    # The column's own format, so what the clerk types further down stays text as well.
    assert sheet.column_dimensions["A"].number_format == "@"
    assert sheet.column_dimensions["C"].number_format == "General"


def test_header_frozen_filtered_and_bold(tmp_path: Path) -> None:
    spec = SheetSpec("Providers", [Column("Name"), Column("City")], [["A", "B"], ["C", "D"], ["E", "F"]])
    target = _write(tmp_path, spec)

    sheet = openpyxl.load_workbook(target)["Providers"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B4"
    assert [cell.value for cell in sheet[1]] == ["Name", "City"]
    assert sheet["A1"].font.bold


def test_freeze_and_filter_can_be_left_out(tmp_path: Path) -> None:
    spec = SheetSpec("S", [Column("Name")], [["A"]], freeze_header=False, auto_filter=False)
    sheet = openpyxl.load_workbook(_write(tmp_path, spec))["S"]

    assert sheet.freeze_panes is None
    assert not sheet.auto_filter.ref


def test_widths_follow_the_values_with_a_cap_and_a_floor(tmp_path: Path) -> None:
    spec = SheetSpec(
        "S",
        [Column("Name"), Column("ID"), Column("Notes"), Column("Fixed", width=12.5)],
        [["Sunrise Therapy Associates, LLC", "7", "x" * 500, "a"]],
    )
    sheet = openpyxl.load_workbook(_write(tmp_path, spec))["S"]

    name_width = sheet.column_dimensions["A"].width
    assert len("Sunrise Therapy Associates, LLC") <= name_width <= len("Sunrise Therapy Associates, LLC") + 5
    assert sheet.column_dimensions["B"].width == writer.MIN_WIDTH
    assert sheet.column_dimensions["C"].width == writer.MAX_WIDTH
    assert sheet.column_dimensions["D"].width == 12.5


def test_drop_downs_cover_the_data_and_the_rows_below(tmp_path: Path) -> None:
    spec = SheetSpec(
        "Invitations",
        [Column("Email"), Column("Also Therapist (Y/N)", choices=["Y", "N"])],
        [["a@example.org", "Y"]],
        validation_rows=500,
    )
    sheet = openpyxl.load_workbook(_write(tmp_path, spec))["Invitations"]

    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"Y,N"'
    assert str(validation.sqref) == "B2:B501"
    assert validation.showErrorMessage


def test_a_long_list_of_choices_goes_on_a_hidden_sheet(tmp_path: Path) -> None:
    choices = [f"Choice number {n}, long enough" for n in range(30)]
    spec = SheetSpec("S", [Column("Pick", choices=choices)], [["Choice number 1, long enough"]])
    workbook = openpyxl.load_workbook(_write(tmp_path, spec))

    lists = workbook["Lists"]
    assert lists.sheet_state == "hidden"
    assert [row[0] for row in lists.iter_rows(values_only=True)] == choices
    (validation,) = workbook["S"].data_validations.dataValidation
    assert validation.formula1 == "'Lists'!$A$1:$A$30"


def test_notes_sheet_from_the_columns(tmp_path: Path) -> None:
    spec = SheetSpec(
        "Providers",
        [Column("SED Code", note="The 12-digit code NYSED gave the provider."), Column("Name")],
        [],
    )
    workbook = openpyxl.load_workbook(_write(tmp_path, spec))

    assert workbook.sheetnames == ["Providers", "Notes"]
    rows = list(workbook["Notes"].iter_rows(values_only=True))
    assert rows == [("Column", "What it means"), ("SED Code", "The 12-digit code NYSED gave the provider.")]


def test_explicit_notes_win_and_no_notes_means_no_sheet(tmp_path: Path) -> None:
    spec = SheetSpec("S", [Column("A", note="ignored")], [])
    workbook = openpyxl.load_workbook(_write(tmp_path, spec, notes=[("About", "=not a formula")]))
    assert list(workbook["Notes"].iter_rows(values_only=True))[1] == ("About", "=not a formula")
    assert "<f>" not in _sheet_xml(tmp_path / "out.xlsx", 2)

    plain = openpyxl.load_workbook(_write(tmp_path, SheetSpec("S", [Column("A")], [])))
    assert plain.sheetnames == ["S"]


def test_values_keep_their_types(tmp_path: Path) -> None:
    aware = dt.datetime(2026, 3, 4, 15, 30, tzinfo=dt.UTC)
    spec = SheetSpec(
        "S",
        [Column("When"), Column("Day"), Column("Yes"), Column("Amount"), Column("Short row")],
        [[aware, dt.date(2026, 3, 4), True, 12.5], [None, None, None, float("nan"), "x", "extra"]],
    )
    sheet = openpyxl.load_workbook(_write(tmp_path, spec))["S"]

    assert sheet["A2"].value == aware.astimezone().replace(tzinfo=None)
    assert sheet["B2"].value == dt.datetime(2026, 3, 4)
    assert sheet["C2"].value is True
    assert sheet["D2"].value == 12.5
    assert sheet["E2"].value is None
    assert sheet["D3"].value == "nan"
    assert sheet.max_column == 5  # the extra value of a too-long row is not written


def test_safe_cell_value_cleans_text_without_changing_it() -> None:
    assert safe_cell_value("=1+1") == "=1+1"
    assert safe_cell_value("bell\x07 and\ttab\nnewline") == "bell and\ttab\nnewline"
    assert safe_cell_value("x" * 40_000) == "x" * writer.MAX_CELL_TEXT
    assert safe_cell_value(12) == 12
    assert safe_cell_value(float("inf")) == "inf"
    assert safe_cell_value(Path("a")) == "a"


def test_sheet_titles_are_made_valid_and_unique(tmp_path: Path) -> None:
    specs = [
        SheetSpec("Link status: 2026/03", [Column("A")], []),
        SheetSpec("Link status  2026 03", [Column("A")], []),
    ]
    workbook = openpyxl.load_workbook(_write(tmp_path, *specs))

    assert workbook.sheetnames == ["Link status  2026 03", "Link status  2026 03 (2)"]


def test_replaces_an_existing_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    write_workbook(target, [SheetSpec("S", [Column("A")], [["new"]])])

    assert openpyxl.load_workbook(target)["S"]["A2"].value == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_a_locked_target_is_a_clear_error_and_the_old_file_survives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"the clerk's previous report")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(SpreadsheetError) as raised:
        write_workbook(target, [SheetSpec("S", [Column("A")], [["x"]])])

    assert "report.xlsx" in raised.value.user_message
    assert "open in another program such as Excel" in raised.value.user_message
    assert target.read_bytes() == b"the clerk's previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]


def test_a_full_disk_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(SpreadsheetError, match="disk is full"):
        write_workbook(tmp_path / "r.xlsx", [SheetSpec("S", [Column("A")], [])])
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_or_a_folder_as_target_is_a_clear_error(tmp_path: Path) -> None:
    spec = SheetSpec("S", [Column("A")], [])
    with pytest.raises(SpreadsheetError, match=re.escape(f"The folder {tmp_path / 'nope'} does not exist")):
        write_workbook(tmp_path / "nope" / "r.xlsx", [spec])
    with pytest.raises(SpreadsheetError, match="is a folder"):
        write_workbook(tmp_path, [spec])


def test_an_unwritable_folder_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(SpreadsheetError, match="Close the file \\(or choose another name or folder\\)"):
        write_workbook(tmp_path / "r.xlsx", [SheetSpec("S", [Column("A")], [])])
