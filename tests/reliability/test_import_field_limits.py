"""County import: every field's length is checked in the preview, the same way on every engine.

A 38-character phone or a 201-character name made Accept fail as a whole on PostgreSQL and MariaDB
("Another clerk may have been importing at the same time — load the file again", which could never
succeed) while SQLite imported them. Each field is tried one character over its column and exactly at
it (in 4-byte characters too, since MariaDB counts characters in utf8mb4), on SQLite, PostgreSQL and
MariaDB; the limits are compared with the columns the migrations really created; and a database error
no check foresaw says what it was instead of blaming another clerk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect

from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.domain.county_import import FIELD_LABELS, IMPORT_FIELDS
from countyadmin.domain.county_import_plan import ImportAction
from countyadmin.domain.field_limits import PROVIDER_FIELD_LENGTHS
from countyadmin.services.county_import import CountyImportService, ImportFailed
from tests.reliability.conftest import Figures

UowFactory = Callable[[], SqlAlchemyUnitOfWork]
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
# Free-text fields: any characters pass their own checks, so only the length can refuse them.
FREE_TEXT = ("name", "address_1", "address_2", "city", "state", "phone")


def _csv(path: Path, rows: list[dict[str, str]]) -> Path:
    fields = ["sed_code", *FREE_TEXT]
    headers = [FIELD_LABELS[field] for field in fields]
    lines = [",".join(headers)]
    lines += [",".join('"' + row.get(field, "").replace('"', '""') + '"' for field in fields) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _sed(n: int) -> str:
    return f"{n:012d}"


def test_every_field_one_over_its_column_is_a_problem_and_at_it_imports(
    uow_factory: UowFactory, tmp_path: Path, figures: Figures
) -> None:
    service = CountyImportService(uow_factory, user="clerk.ann", clock=lambda: NOW)
    rows: list[dict[str, str]] = []
    expected: dict[int, ImportAction] = {}
    for n, field in enumerate(FREE_TEXT):
        limit = PROVIDER_FIELD_LENGTHS[field]
        over = {"sed_code": _sed(100 + n), "name": f"Over {field}", field: "x" * (limit + 1)}
        at = {"sed_code": _sed(200 + n), "name": f"At {field}", field: "x" * limit}
        wide = {"sed_code": _sed(300 + n), "name": f"Wide {field}", field: "🧒" * limit}
        for values, action in (
            (over, ImportAction.PROBLEM),
            (at, ImportAction.ADD),
            (wide, ImportAction.ADD),
        ):
            rows.append(values)
            expected[len(rows) + 1] = action
    preview = service.preview(_csv(tmp_path / "lengths.csv", rows))

    assert {row.number: row.action for row in preview.rows} == expected
    for row in preview.rows:
        if row.action is ImportAction.PROBLEM:
            assert len(row.problems) == 1 and "characters long; CountyAdmin keeps at most" in row.problems[0]
    result = service.apply(preview)
    assert result.conflicts == ()
    assert (result.added, result.problems) == (2 * len(FREE_TEXT), len(FREE_TEXT))
    with uow_factory() as uow:
        stored = uow.providers.by_sed_codes({_sed(300 + n) for n in range(len(FREE_TEXT))})
    for n, field in enumerate(FREE_TEXT):
        assert getattr(stored[_sed(300 + n)], field) == "🧒" * PROVIDER_FIELD_LENGTHS[field]
    figures["rows"] = len(rows)
    figures["problems"] = result.problems


def test_the_limits_are_the_columns_the_migrations_made(engine: Engine, figures: Figures) -> None:
    columns = {column["name"]: column["type"] for column in inspect(engine).get_columns("providers")}

    for field in IMPORT_FIELDS:
        assert getattr(columns[field], "length", None) == PROVIDER_FIELD_LENGTHS[field], field
    figures["fields"] = len(IMPORT_FIELDS)


def test_a_database_error_no_check_foresaw_says_what_it_was(
    uow_factory: UowFactory, tmp_path: Path, engine: Engine
) -> None:
    service = CountyImportService(uow_factory, user="clerk.ann", clock=lambda: NOW)
    preview = service.preview(_csv(tmp_path / "ok.csv", [{"sed_code": _sed(7), "name": "Fine"}]))
    # A value past every check (as if the column were narrower than the limits say).
    row = preview.rows[0]
    forced = replace(preview, rows=(replace(row, values={**row.values, "phone": "5" * 4000}),))
    if engine.dialect.name == "sqlite":
        pytest.skip("SQLite keeps a value of any length, so it has no error to report here")

    with pytest.raises(ImportFailed) as caught:
        service.apply(forced)

    message = caught.value.args[0]
    assert "at row 2" in message and "too long" in message.lower(), message  # the database's own words
    assert "Another clerk" not in message
    with uow_factory() as uow:
        assert uow.providers.count() == 0
