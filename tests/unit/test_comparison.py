"""The link confirmation's field comparison: normalised statuses, raw values shown."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from countyadmin.domain.comparison import FieldStatus, compare_providers
from countyadmin.domain.normalize import (
    normalize_name,
    normalize_phone,
    normalize_state,
    normalize_zip,
)


@dataclass(frozen=True)
class Record:
    provider_type: str | None = "agency"
    name: str = "Sunrise Pediatric Therapy, LLC"
    npi: str | None = "1234567893"
    sed_code: str | None = "012345678901"
    tax_id: str | None = "12-3456789"
    address_1: str | None = "12 State St"
    address_2: str | None = "Suite 4"
    city: str | None = "Albany"
    state: str | None = "NY"
    zip: str | None = "12207"
    phone: str | None = "(518) 555-0100"
    email: str | None = "office@sunrise.example"


def _statuses(preschool: Record, portal: Record) -> dict[str, FieldStatus]:
    return {row.label: row.status for row in compare_providers(preschool, portal)}


def test_identical_records_highlight_nothing() -> None:
    rows = compare_providers(Record(), Record())
    assert [row.label for row in rows] == [
        "Provider type",
        "Name",
        "NPI",
        "SED code",
        "Tax ID",
        "Address",
        "City",
        "State",
        "ZIP",
        "Phone",
        "Email",
    ]
    assert not any(row.differs for row in rows)


def test_spelling_differences_are_the_same_but_raw_values_are_kept() -> None:
    portal = Record(
        name="SUNRISE PEDIATRIC THERAPY L.L.C.",
        state="New York",
        zip="12207-1234",
        phone="518.555.0100",
        email="Office@Sunrise.example ",
        city="ALBANY",
        tax_id="123456789",
    )
    rows = {row.label: row for row in compare_providers(Record(), portal)}
    assert {label: row.status for label, row in rows.items()} == dict.fromkeys(rows, FieldStatus.SAME)
    assert rows["ZIP"].portal_value == "12207-1234"
    assert rows["State"].portal_value == "New York"


def test_missing_npi_in_preschool_is_highlighted_as_the_guide_describes() -> None:
    statuses = _statuses(Record(npi=None), Record())
    assert statuses["NPI"] is FieldStatus.MISSING_IN_PRESCHOOL
    assert [label for label, status in statuses.items() if status is not FieldStatus.SAME] == ["NPI"]


def test_missing_on_portal_and_different() -> None:
    statuses = _statuses(
        Record(), replace(Record(), phone="  ", address_1="99 Main St", provider_type="individual")
    )
    assert statuses["Phone"] is FieldStatus.MISSING_ON_PORTAL
    assert statuses["Address"] is FieldStatus.DIFFERENT
    assert statuses["Provider type"] is FieldStatus.DIFFERENT


def test_sed_code_leading_zeros_matter() -> None:
    assert _statuses(Record(sed_code="012345678901"), Record(sed_code="12345678901"))["SED code"] is (
        FieldStatus.DIFFERENT
    )


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Kids First, Inc.", "KIDS FIRST INC"),
        ("Bright Start P.C.", "Bright Start PC"),
        ("Bright Start P. C.", "bright start, pc"),
        ("José Álvarez", "JOSE ALVAREZ"),
    ],
)
def test_name_normalisation(left: str, right: str) -> None:
    assert normalize_name(left) == normalize_name(right)


def test_name_normalisation_keeps_words_that_merely_start_like_suffixes() -> None:
    assert normalize_name("Incredible Kids Corp.") == "INCREDIBLE KIDS CORP"
    assert normalize_name("Company of Friends") == "COMPANY OF FRIENDS"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12207", "12207"), ("12207-1234", "12207"), ("122071234", "12207"), ("1220", "1220"), (None, "")],
)
def test_zip(raw: str | None, expected: str) -> None:
    assert normalize_zip(raw) == expected


def test_state_and_phone() -> None:
    assert normalize_state("GEORGIA") == "GA"
    assert normalize_state("ny") == "NY"
    assert normalize_phone("1-518-555-0100") == normalize_phone("(518) 555 0100") == "5185550100"
