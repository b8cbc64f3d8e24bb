"""County import, attacked through a field's content rather than its length.

A character one engine stores and another refuses makes Accept fail as a whole on that engine only,
which is what the preview's checks exist to prevent: whatever is a Problem, is a Problem on every engine.
Each row is tried on SQLite, PostgreSQL and MariaDB; the preview must say it, and Accept must import the rest.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.domain.county_import_plan import ImportAction
from countyadmin.domain.field_limits import PROVIDER_FIELD_LENGTHS
from countyadmin.services.county_import import CountyImportService
from tests.reliability.conftest import Figures
from tests.reliability.test_spreadsheet_bombs import _sheet, _workbook

UowFactory = Callable[[], SqlAlchemyUnitOfWork]
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _rows(rows: list[tuple[str, str]]) -> str:
    xml = f'<row r="1">{_inline("A1", "SED Code")}{_inline("B1", "Name")}</row>'
    for n, (sed, name) in enumerate(rows, start=2):
        xml += f'<row r="{n}">{_inline(f"A{n}", sed)}{_inline(f"B{n}", name)}</row>'
    return xml


def test_a_nul_or_control_character_in_a_name_is_a_problem_on_every_engine(
    uow_factory: UowFactory, tmp_path: Path, figures: Figures
) -> None:
    # OOXML writes a control character as _xHHHH_ and readers unescape it: "_x0000_" is a NUL, which
    # PostgreSQL refuses in any text ("A string literal cannot contain NUL"), while SQLite keeps it.
    path = _workbook(
        tmp_path / "nul.xlsx",
        [_sheet(header=_rows([
            ("000000000101", "Ann_x0000_Lee"),
            ("000000000102", "Bob_x0001_Ray"),
            ("000000000103", "Cy Dee"),
        ]))],
    )  # fmt: skip
    service = CountyImportService(uow_factory, user="clerk.ann", clock=lambda: NOW)

    preview = service.preview(path)

    actions = {row.number: row.action for row in preview.rows}
    assert actions == {2: ImportAction.PROBLEM, 3: ImportAction.PROBLEM, 4: ImportAction.ADD}, preview.rows
    result = service.apply(preview)
    assert result.added == 1
    figures["rows"] = len(preview.rows)


def test_a_name_at_its_limit_in_decomposed_form_is_stored_as_given(
    uow_factory: UowFactory, tmp_path: Path
) -> None:
    # 200 characters as typed: "é" decomposed is two code points, so the name is 200 code points in
    # NFD and 100 in NFC; whatever the database receives must be what was measured.
    limit = PROVIDER_FIELD_LENGTHS["name"]
    decomposed = unicodedata.normalize("NFD", "é") * (limit // 2)
    over = decomposed + "e"
    path = tmp_path / "nfd.csv"
    path.write_text(f"SED Code,Name\n000000000201,{decomposed}\n000000000202,{over}\n", encoding="utf-8")
    service = CountyImportService(uow_factory, user="clerk.ann", clock=lambda: NOW)

    preview = service.preview(path)

    actions = {row.number: row.action for row in preview.rows}
    assert actions[2] is ImportAction.ADD
    result = service.apply(preview)
    with uow_factory() as uow:
        stored = uow.providers.by_sed_codes({"000000000201"})
    assert len(stored["000000000201"].name) <= limit
    assert result.added + result.problems == 2
