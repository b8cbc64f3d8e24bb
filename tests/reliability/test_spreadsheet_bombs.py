"""Small files built to take the process down: each is read by ``read_table`` in a child process.

A reader that allocates what a file declares can be made to ask for hundreds of gigabytes (Rust then
aborts the process with SIGABRT, which Python cannot catch), so each file is read in a child process
limited to 2 GiB of address space: a regression fails the test instead of killing pytest or the machine.
The child reports its peak resident memory (VmHWM: ``ru_maxrss`` would include the pytest process it
was forked from, since Linux keeps the larger of the two across exec). For each file the child must answer
with a table or a one-sentence refusal, peak memory under 300 MB, and refusals within 5 s.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest

from tests.reliability.conftest import Figures

PEAK_RSS_MB = 300
REFUSAL_SECONDS = 5.0
_CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
from pathlib import Path
from countyadmin.spreadsheets.errors import SpreadsheetError
from countyadmin.spreadsheets.reader import read_table
started = time.perf_counter()
try:
    table = read_table(Path(sys.argv[1]))
    answer = {"outcome": "table", "rows": len(table.rows), "columns": len(table.headers)}
except SpreadsheetError as error:
    answer = {"outcome": "refused", "message": error.user_message}
answer["seconds"] = time.perf_counter() - started
status = Path("/proc/self/status").read_text()
answer["peak_mb"] = int(status.split("VmHWM:")[1].split()[0]) // 1024
print(json.dumps(answer))
"""

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEADER_ROWS = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>Ann Lee</t></is></c></row>'
)


def _sheet(rows: str = "", *, header: str = _HEADER_ROWS) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">'
        f"<sheetData>{header}{rows}</sheetData></worksheet>"
    )


def _workbook(
    path: Path, sheets: Iterable[str], *, shared: str | None = None, workbook: str | None = None
) -> Path:
    """A minimal .xlsx holding ``sheets`` (XML texts), the first one visible first."""
    sheets = list(sheets)
    entries = "".join(f'<sheet name="S{n}" sheetId="{n}" r:id="rId{n}"/>' for n in range(1, len(sheets) + 1))
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    if shared is not None:
        rels += f'<Relationship Id="rIdS" Type="{_DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        package.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        package.writestr(
            "xl/workbook.xml",
            workbook
            or f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}"><sheets>{entries}</sheets></workbook>',
        )
        package.writestr(
            "xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{_RELS}">{rels}</Relationships>'
        )
        for n, xml in enumerate(sheets, start=1):
            package.writestr(f"xl/worksheets/sheet{n}.xml", xml)
        if shared is not None:
            package.writestr("xl/sharedStrings.xml", shared)
    return path


def _read_in_child(path: Path) -> dict[str, object]:
    """``read_table(path)`` in a child process: its answer, exit status and peak memory (MB)."""
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    answer: dict[str, object] = {"outcome": None, "peak_mb": None, "seconds": None}
    if child.returncode == 0 and child.stdout.strip():
        answer.update(json.loads(child.stdout))
    answer.update(exit=child.returncode, stderr=child.stderr[-400:])
    return answer


def _assert_within_budget(answer: dict[str, object], name: str, figures: Figures) -> None:
    assert answer["exit"] == 0, f"{name}: the reader died (exit {answer['exit']}): {answer['stderr']}"
    assert answer["outcome"] in ("table", "refused"), answer
    assert isinstance(answer["peak_mb"], int) and answer["peak_mb"] < PEAK_RSS_MB, f"{name}: {answer}"
    if answer["outcome"] == "refused":
        message = answer["message"]
        assert isinstance(message, str) and message.endswith(".") and "\n" not in message, answer
        assert isinstance(answer["seconds"], float) and answer["seconds"] < REFUSAL_SECONDS, (
            f"{name}: {answer}"
        )
    figures[name] = f"{answer['outcome']}, {answer['peak_mb']} MB, {float(answer['seconds']):.2f} s"  # type: ignore[arg-type]
    figures["peak_mb"] = max(int(figures.values.get("peak_mb", 0)), answer["peak_mb"])


def _refused(path: Path, figures: Figures) -> str:
    answer = _read_in_child(path)
    _assert_within_budget(answer, path.stem, figures)
    assert answer["outcome"] == "refused", answer
    return str(answer["message"])


def test_a_value_far_from_a1_is_refused_before_the_grid_is_built(tmp_path: Path, figures: Figures) -> None:
    far = '<row r="{row}"><c r="{ref}"><v>1</v></c></row>'
    cases = {
        "xfd1048576": _sheet(far.format(row=1048576, ref="XFD1048576")),
        "zz200000": _sheet(far.format(row=200000, ref="ZZ200000")),
        # The same cell where the fast reading gives way to the exact one (a comment, a prefix, an
        # attribute hiding a ">", a cell without r placed by its row and position).
        "after_a_comment": _sheet("<!-- exported -->" + far.format(row=1048576, ref="XFD1048576")),
        "prefixed": _sheet().replace(
            "</sheetData>",
            '<x:row xmlns:x="' + _MAIN + '" r="900000">'
            '<x:c r="AAA900000"><x:v>1</x:v></x:c></x:row></sheetData>',
        ),
        "quoted_angle": _sheet('<row r="1048576"><c s=">" r="XFD1048576"><v>1</v></c></row>'),
        "no_r": _sheet('<row r="1048576">' + "<c><v>1</v></c>" * 3 + "</row>"),
    }
    for name, xml in cases.items():
        message = _refused(_workbook(tmp_path / f"{name}.xlsx", [xml]), figures)
        assert "too large to read" in message and "1,500,000 cells" in message, (name, message)
    figures["cases"] = len(cases)


def test_a_zip_that_unpacks_to_a_gigabyte_is_refused_from_its_directory(
    tmp_path: Path, figures: Figures
) -> None:
    plain = _workbook(tmp_path / "plain.xlsx", [_sheet()])
    rebuilt = tmp_path / "zip_ratio.xlsx"
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out,
    ):
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                out.writestr(item.filename, source.read(item.filename))
        # 1 GiB of spaces between the sheet's rows: valid XML, about 1 MB packed.
        head, tail = _sheet().split("</sheetData>")
        with out.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(head.encode())
            spaces = b" " * (1 << 20)
            for _ in range(1024):
                member.write(spaces)
            member.write(b"</sheetData>" + tail.encode())
    figures["bomb_bytes"] = rebuilt.stat().st_size

    assert "unpacks to far more data" in _refused(rebuilt, figures)

    many = _workbook(tmp_path / "many_parts.xlsx", [_sheet()] + [_sheet()] * 2_000)
    assert "unpacks to far more data" in _refused(many, figures)


def test_shared_string_bombs_are_refused(tmp_path: Path, figures: Figures) -> None:
    sst = f'<sst xmlns="{_MAIN}" uniqueCount="{{count}}"><si><t>Name</t></si><si><t>{{text}}</t></si></sst>'
    declared = _workbook(
        tmp_path / "declared_count.xlsx", [_sheet()], shared=sst.format(count=4_000_000_000, text="x")
    )
    assert "is damaged" in _refused(declared, figures)

    # One 32,000-character string used by 200,000 cells: 6.4 GB once copied into each cell.
    cells = "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>1</v></c></row>' for n in range(3, 200_003))
    copied = _workbook(
        tmp_path / "copied_string.xlsx", [_sheet(cells)], shared=sst.format(count=2, text="x" * 32_000)
    )
    assert "MB of text" in _refused(copied, figures)

    laughs = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + f']><sst xmlns="{_MAIN}"><si><t>&i;</t></si></sst>'
    )
    assert "is damaged" in _refused(_workbook(tmp_path / "laughs.xlsx", [_sheet()], shared=laughs), figures)


def test_deep_xml_is_refused(tmp_path: Path, figures: Figures) -> None:
    # 100,000 levels: under the 1 MB from which the packing ratio is checked, so depth is what refuses.
    deep = "<x>" * 100_000 + "</x>" * 100_000
    in_sheet = _workbook(tmp_path / "deep_sheet.xlsx", [_sheet(deep)])
    sheets = '<sheets><sheet name="S1" sheetId="1" r:id="rId1"/></sheets>'
    workbook = f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">{deep}{sheets}</workbook>'
    in_workbook = _workbook(tmp_path / "deep_workbook.xlsx", [_sheet()], workbook=workbook)

    assert "is damaged" in _refused(in_sheet, figures)
    assert "is damaged" in _refused(in_workbook, figures)


def test_many_sheets_read_only_the_first(tmp_path: Path, figures: Figures) -> None:
    far = _sheet('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    path = _workbook(tmp_path / "many_sheets.xlsx", [_sheet()] + [far] * 1_000)

    answer = _read_in_child(path)

    _assert_within_budget(answer, "many_sheets", figures)
    assert answer["outcome"] == "table" and answer["rows"] == 1, answer


def test_a_county_sized_workbook_is_still_read(tmp_path: Path, figures: Figures) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Providers")
    sheet.append([f"Column {n}" for n in range(30)])
    for row in range(10_000):
        sheet.append([f"{row:012d}"] + [f"value {row} {n}" for n in range(1, 30)])
    path = tmp_path / "county.xlsx"
    workbook.save(path)

    answer = _read_in_child(path)

    _assert_within_budget(answer, "county_10000x30", figures)
    assert answer["outcome"] == "table" and answer["rows"] == 10_000 and answer["columns"] == 30, answer


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("one_giant_line", "Name,Email\n" + "a" * 20_000_000 + "\n", "characters long"),
        ("twenty_million_columns", "Name,Email\nAnn,a@b.org\n" + "," * 20_000_000 + "\n", "characters long"),
        ("line_breaks_only", "Name\nAnn\n" + "\n" * 20_000_000, "lines"),
        ("wide_header", ",".join(f"h{n}" for n in range(120_000)) + "\n" + "x,\n" * 20, "cells"),
    ],
)
def test_hostile_csv_is_refused_within_budget(
    tmp_path: Path, figures: Figures, name: str, text: str, said: str
) -> None:
    path = tmp_path / f"{name}.csv"
    path.write_text(text, encoding="utf-8")

    assert said in _refused(path, figures)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path, figures: Figures) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.write(b"Name\nAnn\n")
        handle.truncate(20 * 1024 * 1024 + 1)  # one byte over; sparse: no disk space used

    assert "up to 20 MB" in _refused(path, figures)
