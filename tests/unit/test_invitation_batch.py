"""The batch rows' checks: every problem kind a clerk can meet, in plain words, and what an OK row sends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from countyadmin.domain.invitation import (
    EmailChecker,
    InvitationForm,
    normalize_email,
    validate_email_address,
)
from countyadmin.domain.invitation_batch import (
    COLUMNS,
    EXAMPLE_ROW,
    EXAMPLE_ROW_PROBLEM,
    BatchRow,
    ProviderDirectory,
    check_rows,
    missing_columns,
    profession_code,
)
from countyadmin.domain.provider import ProviderSummary

LINKED = ProviderSummary(1, "Bright Steps Therapy", None, "012345678901", "1234567893", True, "PRV-1")
UNLINKED = ProviderSummary(2, "Little Learners", None, "000000000123", "1245319599", False, None)
SHARED_NPI_A = ProviderSummary(3, "Kids First East", None, "111111111111", "1003000126", True, "PRV-3")
SHARED_NPI_B = ProviderSummary(4, "Kids First West", None, "222222222222", "1003000126", True, "PRV-4")
DIRECTORY = ProviderDirectory.of([LINKED, UNLINKED, SHARED_NPI_A, SHARED_NPI_B])
FOUND = {column.key: index for index, column in enumerate(COLUMNS)}


def _row(**cells: object) -> list[object]:
    values: dict[str, object] = {
        "sed_code": "012345678901", "provider_npi": None, "first_name": "Ana", "last_name": "Ortiz",
        "email": "ana@example.org", "also_therapist": None, "therapist_npi": None, "profession": None,
        "license": None,
    }  # fmt: skip
    values.update(cells)
    return [values[column.key] for column in COLUMNS]


def _check(*rows: Sequence[object], pending: dict[tuple[int, str], str] | None = None) -> list[BatchRow]:
    return check_rows(((n, row) for n, row in enumerate(rows, start=2)), FOUND, DIRECTORY, pending)


def _problems(**cells: object) -> str:
    [row] = _check(_row(**cells))
    assert not row.ok
    return " ".join(row.problems)


def test_ok_row_becomes_the_normalised_form_for_its_provider() -> None:
    [row] = _check(_row(email=" Ana@Example.ORG ", also_therapist="yes", therapist_npi=1234567893,
                        profession="SLP - Speech-Language Pathologist", license="012345"))  # fmt: skip

    assert row.ok and row.problems == () and row.warnings == ()
    assert row.provider == LINKED
    assert row.form == InvitationForm("Ana", "Ortiz", "Ana@example.org", True, "1234567893", "SLP", "012345")
    assert row.key == (1, "ana@example.org")
    assert row.cells[0] == "012345678901"


def test_provider_found_by_npi_alone() -> None:
    [row] = _check(_row(sed_code=None, provider_npi="1234567893"))

    assert row.ok and row.provider == LINKED


@pytest.mark.parametrize(
    ("cells", "said"),
    [
        ({"sed_code": "999999999999"}, "No provider in CountyAdmin has SED code 999999999999"),
        ({"sed_code": None, "provider_npi": "1588667638"}, "No provider in CountyAdmin has NPI 1588667638"),
        ({"sed_code": None, "provider_npi": None}, "Give the provider's SED code or NPI"),
        ({"sed_code": "000000000123"}, "Little Learners is not linked to CPSE Portal yet"),
        ({"sed_code": "12345-678901"}, "A SED code has digits only"),
        (
            {"sed_code": None, "provider_npi": "1234567890"},
            "Provider NPI: The NPI's check digit does not match",
        ),
        ({"provider_npi": "1003000126"}, "whose NPI in CountyAdmin is 1234567893, not 1003000126"),
        ({"sed_code": None, "provider_npi": "1003000126"}, "NPI 1003000126 belongs to 2 providers"),
        ({"email": "ana.example.org"}, "An e-mail address has an @"),
        ({"email": "ana@exa mple.org"}, "This is not a usable e-mail address"),
        ({"email": None}, "Enter the e-mail address"),
        ({"first_name": None}, "Enter the invitee's first name."),
        ({"last_name": "x" * 101}, "A last name can have up to 100 characters"),
        ({"also_therapist": "maybe"}, "“maybe” in Also Therapist (Y/N) is not Yes or No"),
        ({"also_therapist": "Y", "therapist_npi": "123"}, "Therapist NPI: An NPI has 10 digits; this has 3."),
        ({"also_therapist": "Y", "therapist_npi": "3234567893"}, "An NPI starts with 1 (a person) or 2"),
        (
            {"also_therapist": "Y", "therapist_npi": "1234567893", "profession": "Wizard"},
            "“Wizard” is not a CPSE Portal profession. Choose a profession from the list",
        ),
        (
            {"also_therapist": "Y", "therapist_npi": "1234567893", "license": "1" * 33},
            "A license number can have up to 32 characters",
        ),
    ],
)
def test_each_problem_is_said_in_plain_words(cells: dict[str, object], said: str) -> None:
    assert said in _problems(**cells)


def test_identifiers_excel_stored_as_numbers_lost_their_zeros_and_are_never_padded() -> None:
    message = _problems(sed_code=12345678901)

    assert (
        "Excel stored Provider SED Code as the number 12345678901, which has 11 digits instead of 12"
        in message
    )
    assert "leading zeros were lost" in message
    # Nothing else is guessed from the shortened code (no "unknown provider" for a padded one).
    assert "No provider" not in message

    license_message = _problems(also_therapist=True, therapist_npi="1234567893", license=12345)
    assert "Excel stored NY License as the number 12345, which has 5 digits instead of 6" in license_message


def test_a_twelve_digit_number_is_a_sed_code_with_nothing_lost() -> None:
    provider = ProviderSummary(9, "No Zeros", None, "512345678901", None, True, "PRV-9")
    rows = check_rows([(2, _row(sed_code=512345678901))], FOUND, ProviderDirectory.of([provider]))

    assert rows[0].ok and rows[0].provider == provider


def test_other_stored_types_say_what_they_are() -> None:
    assert "holds a date or time (2024-05-01)" in _problems(first_name=dt.date(2024, 5, 1))
    assert "as the number 1.23457e+11" in _problems(sed_code=123456789012.5)


def test_duplicate_rows_name_the_first_one() -> None:
    first, other, repeat = _check(
        _row(), _row(email="bo@example.org"), _row(email="ANA@example.org", first_name="Ann")
    )

    assert first.ok and other.ok
    assert not repeat.ok
    assert repeat.problems == (
        "Duplicate of row 2: the same person is invited for the same provider. Delete one of the two rows.",
    )


def test_same_person_for_another_provider_is_not_a_duplicate() -> None:
    rows = _check(_row(), _row(sed_code="111111111111"))

    assert [row.ok for row in rows] == [True, True]


def test_pending_invitation_already_exists() -> None:
    [row] = _check(
        _row(), pending={(1, "ana@example.org"): "ana@example.org already has a pending invitation."}
    )

    assert row.problems == ("ana@example.org already has a pending invitation.",)


def test_therapist_fields_without_also_therapist_are_a_warning_not_sent() -> None:
    [row] = _check(_row(therapist_npi="1234567893", profession="SLP"))

    assert row.ok and row.form is not None and row.form.npi == "" and row.form.profession == ""
    assert row.warnings == (
        "Therapist NPI, profession and license are ignored because Also Therapist is No.",
    )


def test_unusual_license_is_a_warning() -> None:
    [row] = _check(_row(also_therapist="Yes", therapist_npi="1234567893", license="R-1"))

    assert row.ok and "usually have 6 digits" in row.warnings[0]


def test_the_templates_example_row_is_never_sent() -> None:
    [row] = check_rows([(2, list(EXAMPLE_ROW))], FOUND, DIRECTORY)

    assert row.problems == (EXAMPLE_ROW_PROBLEM,)


def test_missing_columns_by_header_name() -> None:
    found = {**FOUND, "email": None, "sed_code": None, "provider_npi": None}

    assert missing_columns(found) == [
        "The file has neither a “Provider SED Code” nor a “Provider NPI” column.",
        "The file has no “Email” column.",
    ]
    assert missing_columns({**FOUND, "profession": None, "sed_code": None}) == []


def test_columns_found_anywhere_and_extra_columns_ignored() -> None:
    # The same row with the columns shuffled and a column nobody asked for in the middle.
    order = [c.key for c in COLUMNS][::-1]
    found = {key: (index if index < 4 else index + 1) for index, key in enumerate(order)}
    values: list[object] = [None] * (len(order) + 1)
    for key, value in zip([c.key for c in COLUMNS], _row(), strict=True):
        values[found[key]] = value
    values[4] = "a note for the clerk"

    [row] = check_rows([(2, values)], found, DIRECTORY)

    assert row.ok and row.provider == LINKED


@pytest.mark.parametrize(
    ("typed", "code"),
    [("SLP", "SLP"), ("slp", "SLP"), ("SLP - Speech-Language Pathologist", "SLP"),
     ("physical therapist", "PT"), ("Wizard", "WIZARD")],
)  # fmt: skip
def test_profession_code_from_what_was_typed(typed: str, code: str) -> None:
    assert profession_code(typed) == code


@pytest.mark.parametrize(
    "address",
    ["ana@example.org", "Ana.Ortiz+cpse@Example.ORG", "a@b.c", "ana@localhost", "ana@exa_mple.org",
     "ana..b@example.org", "ana@münchen.de", "\"a b\"@example.org", "ana@-example.org", "ana@example",
     "x@" + "a" * 250 + ".org", "ü@example.org", "ana@123.45"],
)  # fmt: skip
def test_fast_email_check_agrees_with_the_full_rules(address: str) -> None:
    normalized, problem = EmailChecker().check(address)

    assert problem == validate_email_address(address)
    assert normalized == (normalize_email(address) if problem is None else None)
