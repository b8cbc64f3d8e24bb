"""Fuzzing the spreadsheet reader and the batch invitation checks with generated files and rows.

``read_table`` must answer any bytes — generated workbooks (odd values, merged cells, formulas, blank
rows), workbooks damaged at random places, CSV text in several encodings and delimiters, and plain
random bytes behind a spreadsheet's first bytes — with a ``Table`` or a ``SpreadsheetError`` whose
sentence a clerk can read; never another exception. The batch checks must answer any row with OK or
with problems, each a sentence, and the fast e-mail check must agree with the full e-mail rules.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import string
from pathlib import Path

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from countyadmin.domain.invitation import EmailChecker, normalize_email, validate_email_address
from countyadmin.domain.invitation_batch import (
    COLUMNS,
    ProviderDirectory,
    check_rows,
)
from countyadmin.domain.professions import PROFESSIONS
from countyadmin.domain.provider import ProviderSummary
from countyadmin.spreadsheets.errors import SpreadsheetError
from countyadmin.spreadsheets.reader import Table, read_table
from tests.reliability.conftest import Figures
from tests.reliability.fuzzing import Counter, fuzz

# What openpyxl can store in a cell: no C0 control characters but tab, line feed, carriage return.
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=[chr(c) for c in range(32)
                                                                               if c not in (9, 10, 13)]),
    max_size=30,
)  # fmt: skip
cell_value = st.one_of(
    st.none(),
    cell_text,
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.text(string.digits, min_size=1, max_size=14),
)
formula = st.sampled_from(["=1+1", "=A1", "=SUM(B2:B9)", '="0"&A2'])  # saved by openpyxl without results
grid = st.lists(st.lists(cell_value, max_size=8), max_size=12)


def _refusal_is_a_sentence(error: SpreadsheetError) -> None:
    message = error.user_message
    assert isinstance(message, str) and message.strip() and message.rstrip().endswith("."), repr(message)


def _well_formed(table: Table) -> None:
    assert table.file_kind in ("xlsx", "csv")
    assert table.rows, "a Table always has at least one data row"
    numbers = [row.number for row in table.rows]
    assert numbers == sorted(set(numbers)) and numbers[0] >= 2
    for row in table.rows:
        assert len(row.values) == len(table.headers)
        assert any(v is not None and not (isinstance(v, str) and not v.strip()) for v in row.values)


def _read(path: Path) -> str:
    """ "table" or "refused", asserting what each must look like; anything else raised fails the test."""
    try:
        table = read_table(path, max_rows=50)
    except SpreadsheetError as error:
        _refusal_is_a_sentence(error)
        return "refused"
    _well_formed(table)
    return "table"


def _workbook_bytes(rows: list[list[object]], merge: tuple[int, int] | None, formula: str | None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    if merge is not None:
        top, height = merge
        sheet.merge_cells(start_row=top, start_column=1, end_row=top + height, end_column=2)
    if formula is not None:
        sheet.cell(row=max(2, len(rows)), column=1, value=formula)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_read_table_answers_generated_and_damaged_workbooks(tmp_path: Path, figures: Figures) -> None:
    count = Counter()
    outcomes: dict[str, int] = {}
    names = itertools.count()

    @fuzz(max_examples=500)
    @given(
        grid,
        st.sampled_from(["none", "none", "none", "merge", "formula", "cut", "flip"]),
        st.tuples(st.integers(1, 6), st.integers(0, 2)),
        formula,
        st.floats(0.0, 1.0),
        st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), min_size=1, max_size=8),
    )
    def check(rows: list[list[object]], twist: str, merge: tuple[int, int], formula_text: str, cut: float,
              flips: list[tuple[float, int]]) -> None:  # fmt: skip
        count.case()
        data = _workbook_bytes(rows, merge if twist == "merge" else None,
                               formula_text if twist == "formula" else None)  # fmt: skip
        if twist == "cut":
            data = data[: int(len(data) * cut)]
        elif twist == "flip":
            changed = bytearray(data)
            for where, byte in flips:
                changed[min(len(changed) - 1, int(len(changed) * where))] = byte
            data = bytes(changed)
        path = tmp_path / f"book{next(names)}.xlsx"
        path.write_bytes(data)
        outcome = _read(path)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if outcome == "refused":
            count.rejected()
        path.unlink()

    check()
    figures["cases"], figures["rejections"], figures["tables"] = (
        count.cases,
        count.rejections,
        outcomes["table"],
    )
    # Both answers were seen: the generator makes readable workbooks as well as bad ones.
    assert outcomes.get("table", 0) > 0 and outcomes.get("refused", 0) > 0


def test_read_table_answers_generated_csv_in_any_encoding(tmp_path: Path, figures: Figures) -> None:
    count = Counter()
    names = itertools.count()
    text_cell = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)

    @fuzz(max_examples=500)
    @given(
        st.lists(st.lists(text_cell, max_size=6), max_size=12),
        st.sampled_from([",", ";", "\t"]),
        st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]),
    )
    def check(rows: list[list[str]], delimiter: str, encoding: str) -> None:
        count.case()
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
        data = buffer.getvalue().encode(encoding, errors="replace")
        path = tmp_path / f"file{next(names)}.csv"
        path.write_bytes(data)
        if _read(path) == "refused":
            count.rejected()
        path.unlink()

    check()
    figures["cases"], figures["rejections"] = count.cases, count.rejections


def test_read_table_answers_random_bytes_behind_known_first_bytes(tmp_path: Path, figures: Figures) -> None:
    count = Counter()
    names = itertools.count()
    prefixes = [b"", b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF-1.7\n",
                codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"Email,First Name\n"]  # fmt: skip

    @fuzz(max_examples=400)
    @given(st.sampled_from(prefixes), st.binary(max_size=400), st.sampled_from([".xlsx", ".csv", ".txt"]))
    def check(prefix: bytes, body: bytes, suffix: str) -> None:
        count.case()
        path = tmp_path / f"random{next(names)}{suffix}"
        path.write_bytes(prefix + body)
        if _read(path) == "refused":
            count.rejected()
        path.unlink()

    check()
    figures["cases"], figures["rejections"] = count.cases, count.rejections
    assert count.rejections > 0


PROVIDERS = [
    ProviderSummary(1, "Linked One", None, "012345678901", "1234567893", True, "PRV-1"),
    ProviderSummary(2, "Unlinked Two", None, "000000000002", "1245319599", False, None),
    ProviderSummary(3, "Shared A", None, "111111111111", "1003000126", True, "PRV-3"),
    ProviderSummary(4, "Shared B", None, "222222222222", "1003000126", True, "PRV-4"),
]
DIRECTORY = ProviderDirectory.of(PROVIDERS)
FOUND = {column.key: index for index, column in enumerate(COLUMNS)}
batch_cell = st.one_of(
    cell_value,
    st.sampled_from([p.sed_code for p in PROVIDERS] + [p.npi for p in PROVIDERS] + list(PROFESSIONS)),
    st.sampled_from(["Yes", "No", "Y", "n", "maybe", "ana@example.org", "ANA@Example.org", "bad@", "@x.org"]),
    st.emails().map(str),
)


def test_batch_checks_answer_any_rows(figures: Figures) -> None:
    count = Counter()

    @fuzz(max_examples=400)
    @given(st.lists(st.lists(batch_cell, min_size=0, max_size=len(COLUMNS) + 2), min_size=1, max_size=15))
    def check(rows: list[list[object]]) -> None:
        count.case()
        checked = check_rows(
            list(enumerate(rows, start=2)), FOUND, DIRECTORY, {(1, "ana@example.org"): "Pending."}
        )
        assert [row.number for row in checked] == list(range(2, len(rows) + 2))
        for row in checked:
            assert len(row.cells) == len(COLUMNS)
            for sentence in (*row.problems, *row.warnings):
                assert sentence.strip() and sentence.rstrip()[-1] in ".?", repr(sentence)
            if row.ok:
                assert row.provider is not None and row.provider.portal_provider_id is not None
                assert row.form is not None and validate_email_address(row.form.email) is None
            else:
                count.rejected()
                assert row.problems, "a row that is not OK says why"
        keys = [row.key for row in checked if row.ok]
        assert len(keys) == len(set(keys)), "two OK rows for the same person and provider"

    check()
    figures["cases"], figures["rejections"] = count.cases, count.rejections


def test_fast_email_check_agrees_with_the_full_rules(figures: Figures) -> None:
    count = Counter()
    local = st.text(string.ascii_letters + string.digits + "._%+-!#'", min_size=0, max_size=20)
    domain = st.one_of(st.sampled_from(["example.org", "EXAMPLE.ORG", "xn--mnchen-3ya.de", "münchen.de",
                                        "localhost", "a..b", "-x.org", "x", "123.45", "ex_ample.org"]),
                       st.text(string.ascii_lowercase + ".-", max_size=15))  # fmt: skip
    addresses = st.one_of(st.builds(lambda a, b: f"{a}@{b}", local, domain), st.emails().map(str), cell_text)

    @fuzz(max_examples=500)
    @given(addresses)
    def check(address: str) -> None:
        count.case()
        normalized, problem = EmailChecker().check(address)
        assert problem == validate_email_address(address)
        assert normalized == (normalize_email(address) if problem is None else None)
        if problem is not None:
            count.rejected()

    check()
    figures["cases"], figures["rejections"] = count.cases, count.rejections
