"""The Invite New Admin User form's rules: problems per field, warnings apart, never an exception."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from countyadmin.domain.identifiers import npi_check_digit, validate_npi
from countyadmin.domain.invitation import (
    InvitationForm,
    check_invitation,
    license_warning,
    normalize_email,
    validate_email_address,
    validate_license,
    validate_name,
    validate_profession,
)
from countyadmin.domain.professions import PROFESSIONS

GOOD_NPI = "123456789" + npi_check_digit("123456789")


def _form(**fields: object) -> InvitationForm:
    base: dict[str, object] = {"first_name": "Ana", "last_name": "Ortiz", "email": "ana@example.org"}
    return InvitationForm(**{**base, **fields})  # type: ignore[arg-type]


def test_a_plain_admin_passes_and_is_normalised() -> None:
    checked = check_invitation(_form(first_name="  Ana ", email=" Ana.Ortiz@Example.ORG "))
    assert checked.ok and checked.problems == {} and checked.warnings == {}
    assert checked.form.first_name == "Ana"
    assert checked.form.email == "Ana.Ortiz@example.org"  # the domain in lower case, the mailbox kept


def test_each_missing_field_gets_its_own_sentence() -> None:
    checked = check_invitation(InvitationForm(first_name=" ", last_name="", email=""))
    assert set(checked.problems) == {"first_name", "last_name", "email"}
    assert checked.problems["first_name"] == "Enter the invitee's first name."
    assert all(message.endswith(".") for message in checked.problems.values())
    assert not checked.ok


@pytest.mark.parametrize(
    ("email", "words"),
    [
        ("ana.example.org", "@"),
        ("ana@", "after the @-sign"),
        ("ana@example", "period"),
        ("ana ortiz@example.org", "invalid characters"),
        ("ana..o@example.org", "two periods"),
    ],
)
def test_email_problems_say_what_is_wrong(email: str, words: str) -> None:
    problem = validate_email_address(email)
    assert problem is not None and words in problem


def test_therapist_fields_count_only_when_ticked() -> None:
    junk = {"npi": "12", "profession": "WIZARD", "license": "x" * 40}
    assert check_invitation(_form(**junk)).ok
    assert check_invitation(_form(**junk)).form.npi == ""  # not sent when the box is not ticked
    checked = check_invitation(_form(also_service_provider=True, **junk))
    assert set(checked.problems) == {"npi", "profession", "license"}


def test_a_therapist_needs_a_valid_npi_but_profession_and_license_may_wait() -> None:
    checked = check_invitation(_form(also_service_provider=True, npi=GOOD_NPI))
    assert checked.ok and checked.form.profession == "" and checked.form.license == ""
    wrong = GOOD_NPI[:9] + str((int(GOOD_NPI[9]) + 1) % 10)
    assert "check digit" in check_invitation(_form(also_service_provider=True, npi=wrong)).problems["npi"]


def test_profession_code_is_normalised_and_checked() -> None:
    checked = check_invitation(_form(also_service_provider=True, npi=GOOD_NPI, profession=" slp "))
    assert checked.ok and checked.form.profession == "SLP"
    assert validate_profession("SLP") is None and validate_profession("") is None
    assert validate_profession("XYZ") == (
        "Choose a profession from the list, or leave it blank for the provider to add later."
    )


def test_an_odd_license_is_a_warning_not_a_problem() -> None:
    checked = check_invitation(_form(also_service_provider=True, npi=GOOD_NPI, license="12-345A"))
    assert checked.ok
    assert "6 digits" in checked.warnings["license"]
    assert check_invitation(_form(also_service_provider=True, npi=GOOD_NPI, license="012345")).warnings == {}


# --- properties: the validators never raise, and every rejection is a sentence ------------------

emails = st.one_of(
    st.text(max_size=80),
    st.emails().map(str),
    st.builds(lambda a, b: f"{a}@{b}", st.text(max_size=20), st.text(max_size=20)),
)


@given(emails)
def test_email_validator_never_raises_and_explains(text: str) -> None:
    problem = validate_email_address(text)
    normalized = normalize_email(text)
    if problem is None:
        assert normalized is not None and "@" in normalized
        assert normalize_email(normalized) == normalized  # normalising twice changes nothing
    else:
        assert problem.strip().endswith(".") and len(problem) > 20


@given(st.emails().map(str))
def test_every_well_formed_address_passes(address: str) -> None:
    if len(address) <= 200 and normalize_email(address) is not None:
        assert validate_email_address(address) is None


@given(st.text(max_size=40))
def test_license_checks_never_raise(text: str) -> None:
    problem = validate_license(text)
    warning = license_warning(text)
    assert problem is None or problem.endswith(".")
    assert warning is None or warning.endswith(".")
    if text.strip().isdigit() and text.strip().isascii() and len(text.strip()) == 6:
        assert warning is None


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_npi_with_its_check_digit_passes_and_others_fail(first_nine: str) -> None:
    good = first_nine + npi_check_digit(first_nine)
    problem = validate_npi(good)
    assert (problem is None) == (first_nine[0] in "12")
    for digit in "0123456789":
        if digit != good[9]:
            assert validate_npi(first_nine + digit) is not None


@given(
    st.text(max_size=30),
    st.text(max_size=30),
    emails,
    st.booleans(),
    st.text(max_size=12),
    st.sampled_from(["", *PROFESSIONS, "bad", "slp"]),
    st.text(max_size=40),
)
def test_check_invitation_never_raises(
    first: str, last: str, email: str, therapist: bool, npi: str, profession: str, license: str
) -> None:
    checked = check_invitation(InvitationForm(first, last, email, therapist, npi, profession, license))
    for message in [*checked.problems.values(), *checked.warnings.values()]:
        assert message.endswith(".")
    assert set(checked.problems) <= {"first_name", "last_name", "email", "npi", "profession", "license"}
    assert not set(checked.problems) & set(checked.warnings)
    if checked.ok:
        assert check_invitation(checked.form).ok  # the normalised form passes again


@pytest.mark.parametrize(
    "name",
    ["\u0645\u0647\u200c\u0633\u0627", "\u0915\u094d\u200d\u0937", "Dr. 👩\u200d⚕\ufe0f Ana"],
    ids=["Persian with a non-joiner", "Devanagari with a joiner", "an emoji sequence"],
)
def test_names_spelled_with_joiners_are_accepted(name: str) -> None:
    assert validate_name(name, which="first") is None


@pytest.mark.parametrize(
    "name", ["Ana\u200bOrtiz", "\u202eAna", "Ana\u2066Ortiz", "Ana\u200fOrtiz", "Ana\tOrtiz"]
)
def test_other_invisible_characters_are_refused(name: str) -> None:
    assert "cannot be printed" in (validate_name(name, which="last") or "")
