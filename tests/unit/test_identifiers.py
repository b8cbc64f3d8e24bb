"""NPI and SED code validation: the CMS worked example and every message a clerk can see."""

from __future__ import annotations

import pytest

from countyadmin.domain.identifiers import (
    is_valid_npi,
    is_valid_sed_code,
    luhn_check_digit,
    npi_check_digit,
    validate_npi,
    validate_sed_code,
)


def test_cms_worked_example() -> None:
    # CMS: the NPI 123456789? gets check digit 3 (Luhn over 80840123456789).
    assert npi_check_digit("123456789") == "3"
    assert validate_npi("1234567893") is None
    assert is_valid_npi("1234567893")
    assert not is_valid_npi("1234567890")


def test_luhn_digit_of_a_known_card_number() -> None:
    assert luhn_check_digit("7992739871") == "3"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter the 10-digit NPI."),
        ("   ", "Enter the 10-digit NPI."),
        ("12345678A3", "An NPI has digits only — remove letters, spaces and dashes."),
        ("123-456-7893", "An NPI has digits only — remove letters, spaces and dashes."),
        ("１２３４５６７８９３", "An NPI has digits only — remove letters, spaces and dashes."),  # full-width
        ("123456789", "An NPI has 10 digits; this has 9."),
        ("12345678931", "An NPI has 10 digits; this has 11."),
        ("3234567893", "An NPI starts with 1 (a person) or 2 (an organization)."),
        ("1234567890", "The NPI's check digit does not match — is a digit mistyped?"),
    ],
)
def test_npi_messages(text: str, message: str) -> None:
    assert validate_npi(text) == message


def test_surrounding_spaces_are_forgiven() -> None:
    assert validate_npi(" 1234567893 ") is None
    assert validate_sed_code(" 012345678901\t") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter the 12-digit SED code."),
        ("01234567890A", "A SED code has digits only — remove letters, spaces and dashes."),
        ("0123-4567-8901", "A SED code has digits only — remove letters, spaces and dashes."),
        ("12345678901", "A SED code has exactly 12 digits (leading zeros count); this has 11."),
        ("1234567890123", "A SED code has exactly 12 digits (leading zeros count); this has 13."),
    ],
)
def test_sed_messages(text: str, message: str) -> None:
    assert validate_sed_code(text) == message


def test_leading_zeros_are_part_of_a_sed_code() -> None:
    assert is_valid_sed_code("000000000001")
    assert not is_valid_sed_code("1")
