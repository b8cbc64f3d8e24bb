"""County provider import from real .xlsx/.csv files into a real database (SQLite, PostgreSQL, MariaDB)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.domain.county_import_plan import ImportAction
from countyadmin.domain.identifiers import npi_check_digit
from countyadmin.domain.provider import ProviderRecord, ProviderType
from countyadmin.domain.records import NewProvider
from countyadmin.services.county_import import (
    COUNTY_IMPORT_ADDED,
    COUNTY_IMPORT_CHANGED,
    CountyImportService,
    ImportFileInvalid,
)
from countyadmin.spreadsheets.errors import SpreadsheetError

UowFactory = Callable[[], SqlAlchemyUnitOfWork]
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
NPI = "123456789" + npi_check_digit("123456789")
HEADERS = ["SED Code", "Provider Name", "Type", "NPI", "Address", "City", "State", "ZIP", "Phone", "Email"]


def _xlsx(path: Path, rows: list[list[object]], headers: list[str] = HEADERS) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _add(uow_factory: UowFactory, **fields: object) -> int:
    with uow_factory() as uow:
        provider_id = uow.providers.add(NewProvider(**fields), user="setup", at=NOW)  # type: ignore[arg-type]
        uow.commit()
    return provider_id


def _get(uow_factory: UowFactory, provider_id: int) -> ProviderRecord:
    with uow_factory() as uow:
        record = uow.providers.get(provider_id)
    assert record is not None
    return record


@pytest.fixture
def service(uow_factory: UowFactory) -> CountyImportService:
    return CountyImportService(uow_factory, user="clerk.ann", clock=lambda: NOW)


@pytest.fixture
def county(uow_factory: UowFactory) -> dict[str, int]:
    return {
        "same": _add(uow_factory, name="Same Therapy Inc", provider_type=ProviderType.AGENCY,
                     sed_code="011111111111", city="Albany", zip="12207"),
        "changed": _add(uow_factory, name="Old Name LLC", provider_type=ProviderType.AGENCY,
                        sed_code="022222222222", city="Albany", phone="(518) 555-0100",
                        email="old@x.example.org"),
    }  # fmt: skip


def _export(tmp_path: Path) -> Path:
    return _xlsx(tmp_path / "county export.xlsx", [
        ["011111111111", "Same Therapy Inc", "Agency", None, None, "Albany", None, 12207, None, None],
        ["022222222222", "New Name LLC", "Agency", None, None, "Troy", "NY", None, None, "new@x.example.org"],
        ["033333333333", "Brand New Speech", "Individual", NPI, "9 Elm St", "Troy", "NY", "12180",
         5185550199, "ana@x.example.org"],
        [44444444444, "Lost Zero Co", None, None, None, None, None, None, None, None],
        [],
        ["055555555555", "Twice", None, None, None, None, None, None, None, None],
        ["055555555555", "Twice again", None, None, None, None, None, None, None, None],
        ["066666666666", "Bad Email", None, None, None, None, None, None, None, "nobody-at-example"],
    ])  # fmt: skip


def test_preview_says_what_would_be_added_changed_and_left(
    service: CountyImportService, county: dict[str, int], tmp_path: Path, uow_factory: UowFactory
) -> None:
    preview = service.preview(_export(tmp_path))

    by_row = {row.number: row for row in preview.rows}
    assert by_row[2].action is ImportAction.UNCHANGED
    assert by_row[3].action is ImportAction.CHANGE
    assert [c.text() for c in by_row[3].changes] == [
        "Name: Old Name LLC → New Name LLC", "City: Albany → Troy", "State: (empty) → NY",
        "Email: old@x.example.org → new@x.example.org",
    ]  # fmt: skip
    assert by_row[4].action is ImportAction.ADD
    assert by_row[5].action is ImportAction.PROBLEM and "leading zero was dropped" in by_row[5].problems[0]
    assert 6 not in by_row  # the blank row
    assert by_row[7].action is by_row[8].action is ImportAction.PROBLEM
    assert "not a usable e-mail address" in by_row[9].problems[0]
    assert preview.counts == {ImportAction.ADD: 1, ImportAction.CHANGE: 1, ImportAction.UNCHANGED: 1,
                              ImportAction.PROBLEM: 4}  # fmt: skip
    assert preview.file_name == "county export.xlsx"
    # The preview wrote nothing.
    with uow_factory() as uow:
        assert uow.providers.count() == 2
    assert _get(uow_factory, county["changed"]).name == "Old Name LLC"


def test_accept_adds_and_changes_with_audit_lines_and_leaves_the_rest(
    service: CountyImportService, county: dict[str, int], tmp_path: Path, uow_factory: UowFactory
) -> None:
    before_same = _get(uow_factory, county["same"])
    result = service.apply(service.preview(_export(tmp_path)))

    assert (result.added, result.changed, result.conflicts, result.unchanged, result.problems) == (
        1,
        1,
        (),
        1,
        4,
    )
    changed = _get(uow_factory, county["changed"])
    assert (changed.name, changed.city, changed.state, changed.email) == ("New Name LLC", "Troy", "NY",
                                                                          "new@x.example.org")  # fmt: skip
    assert changed.phone == "(518) 555-0100"  # no phone column value: kept
    assert changed.version == 2 and changed.updated_by == "clerk.ann"
    assert _get(uow_factory, county["same"]) == before_same
    with uow_factory() as uow:
        summary = uow.providers.find_by_sed_code("033333333333")
        assert summary is not None
        added = uow.providers.get(summary.id)
        assert uow.providers.find_by_sed_code("44444444444") is None
        assert uow.providers.count() == 3
        (added_entry,) = uow.audit.for_provider(summary.id)
        (changed_entry,) = uow.audit.for_provider(county["changed"])
        assert uow.audit.for_provider(county["same"]) == []
    assert added is not None
    assert (added.name, added.provider_type, added.npi, added.zip, added.phone) == (
        "Brand New Speech", ProviderType.INDIVIDUAL, NPI, "12180", "5185550199")  # fmt: skip
    assert added_entry.action == COUNTY_IMPORT_ADDED and added_entry.user_name == "clerk.ann"
    assert added_entry.details["file"] == "county export.xlsx" and added_entry.details["row"] == 4
    assert added_entry.details["changes"]["city"] == {"before": None, "after": "Troy"}
    assert changed_entry.action == COUNTY_IMPORT_CHANGED
    assert changed_entry.details["changes"]["name"] == {"before": "Old Name LLC", "after": "New Name LLC"}


def test_importing_the_same_file_again_changes_nothing(
    service: CountyImportService, county: dict[str, int], tmp_path: Path
) -> None:
    service.apply(service.preview(_export(tmp_path)))
    again = service.preview(_export(tmp_path))

    assert again.count(ImportAction.ADD) == again.count(ImportAction.CHANGE) == 0
    assert again.count(ImportAction.UNCHANGED) == 3
    assert not again.has_work


def test_decline_changes_nothing(
    service: CountyImportService, county: dict[str, int], tmp_path: Path, uow_factory: UowFactory
) -> None:
    before = [_get(uow_factory, provider_id) for provider_id in county.values()]
    service.preview(_export(tmp_path))  # the clerk reads it, then declines: apply is never called

    assert [_get(uow_factory, provider_id) for provider_id in county.values()] == before
    with uow_factory() as uow:
        assert uow.providers.count() == 2


def test_a_provider_another_clerk_saved_after_the_preview_is_reported_not_overwritten(
    service: CountyImportService, county: dict[str, int], tmp_path: Path, uow_factory: UowFactory
) -> None:
    preview = service.preview(_export(tmp_path))
    # Meanwhile, at another desk:
    current = _get(uow_factory, county["changed"])
    with uow_factory() as uow:
        theirs = replace(current, city="Schenectady", updated_by="clerk.bob", updated_at=NOW)
        assert uow.providers.update(theirs, expected_version=current.version) is not None
        uow.providers.add(NewProvider(name="Raced In", sed_code="033333333333"), user="clerk.bob", at=NOW)
        uow.commit()

    result = service.apply(preview)

    assert (result.added, result.changed) == (0, 0)
    messages = {conflict.number: conflict.message for conflict in result.conflicts}
    assert "clerk.bob saved this provider" in messages[3] and "Their changes were kept" in messages[3]
    assert "“Raced In”" in messages[4] and "got SED code 033333333333 after the preview" in messages[4]
    kept = _get(uow_factory, county["changed"])
    assert (kept.city, kept.name, kept.updated_by) == ("Schenectady", "Old Name LLC", "clerk.bob")
    with uow_factory() as uow:
        assert uow.audit.for_provider(county["changed"]) == []


def test_a_csv_export_in_windows_1252(
    service: CountyImportService, county: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "export.csv"
    text = (
        "Provider SED Code,Name,City\r\n022222222222,Old Name LLC,Montréal\r\n077777777777,Café Kids,Troy\r\n"
    )
    path.write_bytes(text.encode("cp1252"))
    preview = service.preview(path)

    assert [(row.action, row.name) for row in preview.rows] == [
        (ImportAction.CHANGE, "Old Name LLC"), (ImportAction.ADD, "Café Kids")]  # fmt: skip
    assert preview.rows[0].changes[0].text() == "City: Albany → Montréal"
    assert preview.notice  # the reader says which encoding it assumed


def test_a_file_without_a_sed_code_column_is_refused_with_its_headers(
    service: CountyImportService, tmp_path: Path
) -> None:
    path = _xlsx(tmp_path / "export.xlsx", [["Sunrise", "Albany"]], headers=["Provider Name", "City"])
    with pytest.raises(ImportFileInvalid) as raised:
        service.preview(path)
    assert "export.xlsx: The file has no column for SED code" in raised.value.user_message
    assert "“Provider Name”, “City”" in raised.value.user_message


def test_a_file_that_is_not_a_spreadsheet_is_the_readers_sentence(
    service: CountyImportService, tmp_path: Path
) -> None:
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"%PDF-1.7 not a workbook")
    with pytest.raises(SpreadsheetError, match="PDF"):
        service.preview(path)


def test_a_field_longer_than_its_column_is_a_problem_and_the_rest_imports(
    service: CountyImportService, tmp_path: Path, uow_factory: UowFactory
) -> None:
    # PostgreSQL and MariaDB refused these at Accept and the whole import failed; SQLite kept them.
    path = _xlsx(tmp_path / "long.xlsx", [
        ["077777777777", "Fits Fine", None, None, None, None, None, None, "(518) 555-0199", None],
        ["088888888888", "Front Desk Co", None, None, None, None, None, None,
         "(518) 555-0199 ext. 12345 (front desk)", None],
        ["099999999999", "N" * 201, None, None, None, None, None, None, None, None],
    ])  # fmt: skip

    preview = service.preview(path)

    actions = {row.number: row.action for row in preview.rows}
    assert actions == {2: ImportAction.ADD, 3: ImportAction.PROBLEM, 4: ImportAction.PROBLEM}
    problems = {row.number: row.problems for row in preview.rows}
    assert problems[3] == (
        "The phone “(518) 555-0199 ext. 12345 (front desk)” is 38 characters long; CountyAdmin keeps at "
        "most 30. Shorten it in the file, then load it again.",
    )
    assert "is 201 characters long; CountyAdmin keeps at most 200" in problems[4][0]
    result = service.apply(preview)
    assert (result.added, result.problems) == (1, 2)
    with uow_factory() as uow:
        assert uow.providers.count() == 1
