"""Validation of the identifiers a county clerk types: NPI and the 12-digit SED code.

Each validator returns ``None`` for a good value or a sentence saying what is wrong, so the
screen can show it beside the field as it is.
"""

from __future__ import annotations

# An NPI is a Luhn number over the card-issuer prefix 80840 followed by the NPI's first nine digits
# (CMS, "Requirements for the NPI check digit").
_NPI_ISSUER_PREFIX = "80840"


def luhn_check_digit(payload: str) -> str:
    """Return the Luhn check digit for ``payload`` (a string of digits)."""
    total = 0
    # Walking from the right, every second digit starting with the rightmost payload digit is doubled.
    for position, char in enumerate(reversed(payload)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def npi_check_digit(first_nine: str) -> str:
    """Return the check digit of an NPI whose first nine digits are ``first_nine``."""
    return luhn_check_digit(_NPI_ISSUER_PREFIX + first_nine)


def validate_npi(text: str) -> str | None:
    """Return a problem with ``text`` as an NPI, or ``None`` when it is a valid NPI."""
    value = text.strip()
    if not value:
        return "Enter the 10-digit NPI."
    if not value.isascii() or not value.isdigit():
        return "An NPI has digits only — remove letters, spaces and dashes."
    if len(value) != 10:
        return f"An NPI has 10 digits; this has {len(value)}."
    if value[0] not in "12":
        return "An NPI starts with 1 (a person) or 2 (an organization)."
    if npi_check_digit(value[:9]) != value[9]:
        return "The NPI's check digit does not match — is a digit mistyped?"
    return None


def is_valid_npi(text: str) -> bool:
    return validate_npi(text) is None


SED_CODE_LENGTH = 12


def validate_sed_code(text: str) -> str | None:
    """Return a problem with ``text`` as a NYSED provider code, or ``None`` when it is valid.

    The code is text: leading zeros are part of it and must never be dropped.
    """
    value = text.strip()
    if not value:
        return "Enter the 12-digit SED code."
    if not value.isascii() or not value.isdigit():
        return "A SED code has digits only — remove letters, spaces and dashes."
    if len(value) != SED_CODE_LENGTH:
        return f"A SED code has exactly 12 digits (leading zeros count); this has {len(value)}."
    return None


def is_valid_sed_code(text: str) -> bool:
    return validate_sed_code(text) is None
