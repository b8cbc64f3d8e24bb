"""County export rows → provider fields, and the add / change / unchanged / problem preview (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from countyadmin.domain.county_import import MissingColumns, find_columns, parse_row
from countyadmin.domain.county_import_plan import ImportAction, plan_import
from countyadmin.domain.identifiers import npi_check_digit
from countyadmin.domain.provider import ProviderRecord, ProviderType
from countyadmin.spreadsheets.reader import SheetRow, Table

NPI = "123456789" + npi_check_digit("123456789")
HEADERS = ("Provider SED Code", "Provider Name", "Type", "NPI", "Address", "City", "ZIP", "E-mail", "Notes")


def _table(*rows: tuple[object, ...], headers: tuple[str, ...] = HEADERS) -> Table:
    return Table(headers, tuple(SheetRow(n, row) for n, row in enumerate(rows, start=2)), "xlsx", "Sheet1")


def _columns(table: Table) -> dict[str, int]:
    return find_columns(table.column, table.headers)


def _record(**fields: object) -> ProviderRecord:
    base: dict[str, object] = dict(
        id=7, name="Sunrise Therapy LLC", provider_type=ProviderType.AGENCY, sed_code="012345678901",
        npi=None, tax_id=None, address_1="1 Main St", address_2=None, city="Albany", state="NY",
        zip="12207", phone=None, email=None, uses_portal=False, portal_provider_id=None, linked_at=None,
        linked_by=None, version=3, updated_at=datetime(2026, 1, 5, tzinfo=UTC), updated_by="maria",
    )  # fmt: skip
    base.update(fields)
    return ProviderRecord(**base)  # type: ignore[arg-type]


def test_columns_are_found_by_their_common_spellings() -> None:
    table = _table(
        headers=("sed code", "NAME", "Provider Type", "NPI #", "Street Address", "Zip Code", "Email")
    )
    assert _columns(table) == {
        "sed_code": 0, "name": 1, "provider_type": 2, "npi": 3, "address_1": 4, "zip": 5, "email": 6,
    }  # fmt: skip


def test_a_missing_sed_code_column_names_what_was_found() -> None:
    table = _table(headers=("Provider Name", "NPI"))
    with pytest.raises(MissingColumns) as raised:
        _columns(table)
    message = str(raised.value)
    assert "SED code" in message and "“Provider Name”, “NPI”" in message


def test_a_good_row_is_read_as_fields() -> None:
    table = _table(("012345678901", "  Sunrise   Therapy LLC ", "Agency", NPI, "1 Main St", "Albany",
                    "12207-1234", "office@sunrise.example.org", "ignored"))  # fmt: skip
    row = parse_row(2, table.rows[0].values, _columns(table))

    assert row.problems == ()
    assert row.sed_code == "012345678901"
    assert row.values["name"] == "Sunrise Therapy LLC"
    assert row.values["provider_type"] is ProviderType.AGENCY
    assert row.values["npi"] == NPI
    assert row.values["zip"] == "12207-1234"


@pytest.mark.parametrize(
    ("sed", "expected"),
    [
        (12345678901, "Excel stored the SED code as the number 12345678901, so its leading zero was dropped"),
        (45678901.0, "leading zeros were dropped"),
        ("1.23457E+11", "scientific notation"),
        ("12345678901", "If the file was saved from Excel, its leading zeros may have been dropped"),
        ("0123-4567-890", "digits only"),
        (None, "The SED code is empty"),
    ],
)
def test_sed_code_problems_are_said_and_never_padded(sed: object, expected: str) -> None:
    table = _table((sed, "Sunrise", None, None, None, None, None, None, None))
    row = parse_row(2, table.rows[0].values, _columns(table))

    assert row.sed_code is None
    assert any(expected in problem for problem in row.problems), row.problems
    assert "sed_code" not in row.values


def test_a_whole_number_sed_code_with_twelve_digits_is_fine() -> None:
    table = _table((412345678901, "Sunrise", None, None, None, None, None, None, None))
    assert parse_row(2, table.rows[0].values, _columns(table)).sed_code == "412345678901"


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("NPI", "1234567890", "check digit"),
        ("ZIP", 6830, "Excel stored the ZIP code as the number 6830"),
        ("ZIP", 12207123, "dropped (a ZIP code has 9 digits)"),
        ("ZIP", "1220", "A ZIP code has 5 digits"),
        ("E-mail", "office.sunrise.example.org", "not a usable e-mail address"),
        ("E-mail", "office@", "not a usable e-mail address"),
        ("Type", "Hospital", "neither Agency nor Individual"),
    ],
)
def test_cell_problems(column: str, value: object, expected: str) -> None:
    cells: list[object] = ["012345678901", "Sunrise", None, None, None, None, None, None, None]
    cells[HEADERS.index(column)] = value
    table = _table(tuple(cells))
    row = parse_row(2, table.rows[0].values, _columns(table))

    assert any(expected in problem for problem in row.problems), row.problems


@pytest.mark.parametrize(
    "address",
    ["office@sunrise.example.org", "Ana.Diaz+cpse@Mail.Example.COM", "o'brien@x-y.example.net",
     "a..b@example.org", ".a@example.org", "a@example", "a@-x.example.org", "a@x.test", "ana@bücher.example",
     "a" * 65 + "@example.org", "ana@example.org.", "ana @example.org"],
)  # fmt: skip
def test_the_quick_email_check_agrees_with_email_validator(address: str) -> None:
    from countyadmin.domain.county_import import _parse_email
    from countyadmin.domain.invitation import normalize_email

    value, problem = _parse_email(address, address)
    assert (problem is None) == (normalize_email(address) is not None), (value, problem)


def test_numbers_excel_kept_are_read_as_their_digits() -> None:
    table = _table((412345678901, "Sunrise", "individual", int(NPI), None, None, 12207, None, None))
    row = parse_row(2, table.rows[0].values, _columns(table))

    assert row.problems == ()
    assert row.values["npi"] == NPI and row.values["zip"] == "12207"
    assert row.values["provider_type"] is ProviderType.INDIVIDUAL


def _plan(table: Table, *records: ProviderRecord):  # type: ignore[no-untyped-def]
    columns = _columns(table)
    parsed = [parse_row(r.number, r.values, columns) for r in table.rows]
    stored = {r.sed_code: r for r in records if r.sed_code}
    return plan_import("export.xlsx", parsed, stored, columns={})


def test_add_change_unchanged_and_problem() -> None:
    stored_same = _record(id=1, sed_code="111111111111", name="Same Co", city="Albany", version=2)
    stored_changed = _record(
        id=2, sed_code="222222222222", name="Old Name", city="Albany", zip="12207", version=5
    )
    table = _table(
        ("111111111111", "Same Co", "Agency", None, "1 Main St", "Albany", "12207", None, None),
        ("222222222222", "New Name", None, None, None, "Troy", "12207", None, None),
        ("333333333333", "Brand New Therapy", "Individual", NPI, None, "Troy", None, None, None),
        ("44444444444", "Bad Row", None, None, None, None, None, None, None),
    )
    preview = _plan(table, stored_same, stored_changed)

    assert [row.action for row in preview.rows] == [
        ImportAction.UNCHANGED, ImportAction.CHANGE, ImportAction.ADD, ImportAction.PROBLEM,
    ]  # fmt: skip
    change = preview.rows[1]
    assert [c.text() for c in change.changes] == ["Name: Old Name → New Name", "City: Albany → Troy"]
    assert (change.provider_id, change.expected_version) == (2, 5)
    added = preview.rows[2].new_provider()
    assert (
        added.name == "Brand New Therapy"
        and added.npi == NPI
        and added.provider_type is ProviderType.INDIVIDUAL
    )
    assert preview.rows[3].sed_code == "44444444444"  # what the cell showed, to recognise the row
    assert preview.counts == {ImportAction.ADD: 1, ImportAction.CHANGE: 1, ImportAction.UNCHANGED: 1,
                              ImportAction.PROBLEM: 1}  # fmt: skip
    assert preview.has_work


def test_blank_cells_never_erase_and_padded_spaces_are_no_change() -> None:
    stored = _record(sed_code="111111111111", name="Same Co", email="a@b.example.org", address_1="1 Main St")
    table = _table(("111111111111", "Same  Co ", None, None, "1 Main St", None, None, None, None))

    assert _plan(table, stored).rows[0].action is ImportAction.UNCHANGED


def test_a_change_of_case_is_a_change() -> None:
    stored = _record(sed_code="111111111111", name="SUNRISE THERAPY")
    table = _table(("111111111111", "Sunrise Therapy", None, None, None, None, None, None, None))

    (change,) = _plan(table, stored).rows[0].changes
    assert change.text() == "Name: SUNRISE THERAPY → Sunrise Therapy"


def test_duplicate_sed_codes_are_problems_on_every_row() -> None:
    table = _table(
        ("111111111111", "One", None, None, None, None, None, None, None),
        ("222222222222", "Two", None, None, None, None, None, None, None),
        ("111111111111", "One again", None, None, None, None, None, None, None),
    )
    rows = _plan(table).rows

    assert [row.action for row in rows] == [ImportAction.PROBLEM, ImportAction.ADD, ImportAction.PROBLEM]
    assert "also on row 4" in rows[0].problems[0]
    assert "also on row 2" in rows[2].problems[0]


def test_a_new_provider_needs_a_name_an_existing_one_does_not() -> None:
    stored = _record(sed_code="111111111111", name="Kept", city="Albany")
    table = _table(
        ("111111111111", None, None, None, None, "Troy", None, None, None),
        ("222222222222", None, None, None, None, "Troy", None, None, None),
    )
    rows = _plan(table, stored).rows

    assert rows[0].action is ImportAction.CHANGE and rows[0].name == "Kept"
    assert rows[1].action is ImportAction.PROBLEM
    assert "needs a name" in rows[1].problems[0]
