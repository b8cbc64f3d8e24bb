"""read_table: what a clerk's files look like once read, and one clear sentence for each file it refuses.

The files are made here, in the test's temporary folder, with openpyxl, zipfile or raw bytes.
"""

from __future__ import annotations

import codecs
import datetime
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from countyadmin.spreadsheets.errors import SpreadsheetError
from countyadmin.spreadsheets.reader import SheetRow, Table, header_key, read_table

HEADERS = ["Provider SED Code", "Provider NPI", "Email"]


def _xlsx(path: Path, rows: list[list[object]], *, title: str = "Invitations") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _refusal(path: Path, **kwargs: object) -> str:
    with pytest.raises(SpreadsheetError) as caught:
        read_table(path, **kwargs)  # type: ignore[arg-type]
    message = caught.value.user_message
    assert message.endswith(".")
    return message


# --- what comes back ---------------------------------------------------------------------------------


def test_xlsx_rows_keep_their_excel_numbers_and_types(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "batch.xlsx",
        [
            HEADERS,
            ["012345678901", 1234567893, "a@b.org"],
            [None, None, None],
            [12345678901, "1234567893", None],
            ["   ", None, None],
            [True, 3.5, datetime.datetime(2024, 5, 1, 9, 30)],
        ],
    )

    table = read_table(path)

    assert table.headers == tuple(HEADERS)
    assert table.file_kind == "xlsx"
    assert table.sheet_name == "Invitations"
    assert table.notice is None
    assert table.rows == (
        SheetRow(2, ("012345678901", 1234567893, "a@b.org")),
        SheetRow(4, (12345678901, "1234567893", None)),
        SheetRow(6, (True, 3.5, datetime.datetime(2024, 5, 1, 9, 30))),
    )
    # A whole number stays a number: the leading zero Excel dropped is not put back here.
    assert isinstance(table.rows[1].values[0], int)


def test_table_placed_lower_down_keeps_excel_row_numbers(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["B3"], sheet["C3"] = "Email", "NPI"
    sheet["B5"] = "x@y.org"
    workbook.save(tmp_path / "low.xlsx")

    table = read_table(tmp_path / "low.xlsx")

    assert table.column("email") == 1
    assert [row.number for row in table.rows] == [5]
    assert table.rows[0].values[table.column("email") or 0] == "x@y.org"


def test_short_rows_are_padded_and_values_past_the_last_header_dropped(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "ragged.xlsx", [["A", "B", "C"], ["1"], ["1", "2", "3", "extra", "more"]])

    table = read_table(path)

    assert [row.values for row in table.rows] == [("1", None, None), ("1", "2", "3")]


def test_first_visible_sheet_is_read(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    hidden = workbook.active
    assert hidden is not None
    hidden.title = "Old"
    hidden.append(["Old header"])
    hidden.append(["old"])
    hidden.sheet_state = "hidden"
    current = workbook.create_sheet("Current")
    current.append(["Email"])
    current.append(["a@b.org"])
    workbook.create_sheet("Notes").append(["notes", "here"])
    workbook.save(tmp_path / "sheets.xlsx")

    table = read_table(tmp_path / "sheets.xlsx")

    assert table.sheet_name == "Current"
    assert table.rows == (SheetRow(2, ("a@b.org",)),)


def test_a_chartsheet_and_the_1904_date_system_survive_the_checked_copy(tmp_path: Path) -> None:
    # calamine reads a copy of the measured parts: the copy keeps the workbook's date system, and a
    # chart sheet before the table is not taken for it.
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    workbook = openpyxl.Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    table_sheet = workbook.active
    assert table_sheet is not None
    table_sheet.title = "Dates"
    workbook.create_chartsheet("Chart", 0)
    table_sheet.append(["Start", "Name 💡"])
    table_sheet.append([datetime.date(2026, 3, 2), "Ann & <Lee>"])
    workbook.save(tmp_path / "dates.xlsx")

    table = read_table(tmp_path / "dates.xlsx")

    assert table.sheet_name == "Dates"
    assert table.headers == ("Start", "Name 💡")
    start, name = table.rows[0].values
    assert isinstance(start, datetime.date) and start.isoformat().startswith("2026-03-02")
    assert name == "Ann & <Lee>"


def test_column_matches_header_ignoring_case_spaces_and_punctuation() -> None:
    table = Table(
        headers=("Provider SED Code", "Also Therapist (Y/N)", "E-mail"),
        rows=(),
        file_kind="xlsx",
        sheet_name="S",
    )

    assert table.column("provider sed code") == 0
    assert table.column("ALSO THERAPIST Y/N") == 1
    assert table.column("Email") == 2
    assert table.column("Mail", "E mail") == 2
    assert table.column("Therapist NPI") is None
    assert header_key(" Provider-NPI ") == "providernpi"


def test_formulas_saved_with_their_results_are_read_as_values(tmp_path: Path) -> None:
    # What Excel writes: the formula and its last result side by side.
    sheet_xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Total</t></is></c></row>'
        '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c></row>'
        "</sheetData></worksheet>"
    )
    path = _patched_xlsx(tmp_path / "cached.xlsx", sheet_xml)

    assert read_table(path).rows == (SheetRow(2, (2,)),)


# --- CSV -------------------------------------------------------------------------------------------------


def test_csv_utf8_with_bom_semicolons_and_quoted_line_breaks(tmp_path: Path) -> None:
    text = 'Name;Email\r\n"Ann\r\nLee";ann@x.org\r\n;\r\nJosé;jose@x.org\r\n'
    path = tmp_path / "b.csv"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))

    table = read_table(path)

    assert table.file_kind == "csv" and table.sheet_name is None and table.notice is None
    assert table.headers == ("Name", "Email")
    # Row numbers are the lines a text editor shows: the quoted name spans lines 2-3.
    assert table.rows == (SheetRow(2, ("Ann\r\nLee", "ann@x.org")), SheetRow(5, ("José", "jose@x.org")))


def test_csv_in_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_bytes("Name\tEmail\nZoë\tz@x.org\n".encode("utf-16"))

    table = read_table(path)

    assert table.rows == (SheetRow(2, ("Zoë", "z@x.org")),)
    assert table.notice is None


def test_csv_in_windows_1252_is_read_and_the_guess_is_said(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes("Name,Email\nJosé Muñoz,j@x.org\n".encode("cp1252"))

    table = read_table(path)

    assert table.rows[0].values == ("José Muñoz", "j@x.org")
    assert table.notice is not None and "Windows-1252" in table.notice


def test_csv_keeps_identifiers_as_text(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("SED,NPI\n012345678901,1234567893\n", encoding="utf-8")

    assert read_table(path).rows[0].values == ("012345678901", "1234567893")


def test_csv_that_is_no_known_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b"Name\n\x81\x8d\x8f\n")

    assert "CSV UTF-8" in _refusal(path)


# --- files refused -----------------------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")

    assert "empty" in _refusal(path)


def test_missing_file(tmp_path: Path) -> None:
    assert "was not found" in _refusal(tmp_path / "nowhere.xlsx")


def test_word_document_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")

    assert "is a Word document, not an Excel workbook" in _refusal(path)


def test_pdf_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "scan.xlsx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")

    assert "is a PDF document" in _refusal(path)


def test_text_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("just some notes", encoding="utf-8")

    assert "is not an Excel workbook" in _refusal(path)


def test_binary_file_named_csv(tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    assert "not a spreadsheet" in _refusal(path)


def _ole(streams: list[str]) -> bytes:
    """An OLE compound file as far as read_table looks: the signature and directory entry names.

    A password-protected .xlsx (Excel's "Encrypt with Password") is not a zip: it is an OLE compound
    file whose directory lists the streams EncryptionInfo and EncryptedPackage (MS-OFFCRYPTO).
    """
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    header = header.ljust(512, b"\xff")
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\x00") + bytes(64) for name in streams)
    return header + directory


def test_password_protected_workbook(tmp_path: Path) -> None:
    path = tmp_path / "secret.xlsx"
    path.write_bytes(_ole(["Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]))

    message = _refusal(path)

    assert "protected with a password" in message
    assert "remove the password" in message


@pytest.mark.parametrize(
    ("name", "streams", "said"),
    [
        ("old.xls", ["Root Entry", "Workbook", "\x05SummaryInformation"], "Excel 97-2003"),
        ("letter.doc", ["Root Entry", "WordDocument"], "older Microsoft Office document"),
    ],
)
def test_other_ole_files(tmp_path: Path, name: str, streams: list[str], said: str) -> None:
    path = tmp_path / name
    path.write_bytes(_ole(streams))

    assert said in _refusal(path)


def test_truncated_workbook_is_called_damaged(tmp_path: Path) -> None:
    good = _xlsx(tmp_path / "good.xlsx", [HEADERS, ["1", "2", "3"]])
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])

    assert "is damaged" in _refusal(path)


def test_workbook_with_a_broken_sheet_is_called_damaged(tmp_path: Path) -> None:
    path = _patched_xlsx(tmp_path / "broken.xlsx", "<worksheet><sheetData><row r=")

    assert "is damaged" in _refusal(path)


def test_empty_sheet(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "blank.xlsx", [])

    assert "“Invitations” in blank.xlsx is empty" in _refusal(path)


def test_header_row_only(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "header.xlsx", [HEADERS, [None, None, None], ["  ", None, None]])

    assert "has only the header row (row 1)" in _refusal(path)


def test_csv_header_only_and_blank_csv(tmp_path: Path) -> None:
    header_only = tmp_path / "h.csv"
    header_only.write_text("Name,Email\n,\n", encoding="utf-8")
    blank = tmp_path / "b.csv"
    blank.write_text("\n\n  \n", encoding="utf-8")

    assert "only the header row" in _refusal(header_only)
    assert "is empty" in _refusal(blank)


def test_more_rows_than_allowed_is_refused_without_reading_them_all(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "many.xlsx", [HEADERS] + [[str(n), "x", "y"] for n in range(30)])

    assert "more than 25 rows of data" in _refusal(path, max_rows=25)
    assert len(read_table(path, max_rows=30).rows) == 30


def test_csv_with_more_rows_than_allowed(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("A\n" + "x\n" * 11, encoding="utf-8")

    assert "more than 10 rows" in _refusal(path, max_rows=10)


def _patched_xlsx(path: Path, sheet_xml: str) -> Path:
    """A workbook made by openpyxl whose first sheet's XML is replaced by ``sheet_xml``."""
    source = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.save(source)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as patched:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode("utf-8")
            patched.writestr(item, data)
    return path


def test_formulas_without_values(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "formulas.xlsx", [HEADERS, ["123", '=A2&"0"', "a@b.org"]])

    message = _refusal(path)

    assert "formulas without their results (first at B2)" in message
    assert "Paste Special > Values" in message


def test_merged_cells_in_the_table(tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [HEADERS, ["1", "2", "a@b.org"], ["3", None, None]]:
        sheet.append(row)
    sheet.merge_cells("B2:B3")
    workbook.save(path)

    assert "merged cells (B2:B3)" in _refusal(path)


def test_merged_title_above_the_header_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "titled.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "Invitations for Monroe County"
    sheet.merge_cells("A1:C1")
    sheet.append([])
    sheet["A3"], sheet["A4"] = "Email", "a@b.org"
    workbook.save(path)

    table = read_table(path)

    assert table.headers == ("Email",)
    assert table.rows == (SheetRow(4, ("a@b.org",)),)


def test_cancel_while_reading(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "long.xlsx", [HEADERS] + [[str(n), "x", "y"] for n in range(2000)])

    assert _refusal(path, cancelled=lambda: True) == "Reading the file was cancelled."
