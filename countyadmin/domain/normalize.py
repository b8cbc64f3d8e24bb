"""Normalisation of the free-text fields two databases spell differently.

Used to compare a county record with a portal record (and for name search): the screen always shows
the raw values; only comparisons go through these functions.
"""

from __future__ import annotations

import re
import unicodedata

US_STATES: dict[str, str] = {
    "ALABAMA": "AL", "ALASKA": "AK", "ARIZONA": "AZ", "ARKANSAS": "AR", "CALIFORNIA": "CA",
    "COLORADO": "CO", "CONNECTICUT": "CT", "DELAWARE": "DE", "DISTRICT OF COLUMBIA": "DC",
    "FLORIDA": "FL", "GEORGIA": "GA", "HAWAII": "HI", "IDAHO": "ID", "ILLINOIS": "IL", "INDIANA": "IN",
    "IOWA": "IA", "KANSAS": "KS", "KENTUCKY": "KY", "LOUISIANA": "LA", "MAINE": "ME", "MARYLAND": "MD",
    "MASSACHUSETTS": "MA", "MICHIGAN": "MI", "MINNESOTA": "MN", "MISSISSIPPI": "MS", "MISSOURI": "MO",
    "MONTANA": "MT", "NEBRASKA": "NE", "NEVADA": "NV", "NEW HAMPSHIRE": "NH", "NEW JERSEY": "NJ",
    "NEW MEXICO": "NM", "NEW YORK": "NY", "NORTH CAROLINA": "NC", "NORTH DAKOTA": "ND", "OHIO": "OH",
    "OKLAHOMA": "OK", "OREGON": "OR", "PENNSYLVANIA": "PA", "RHODE ISLAND": "RI", "SOUTH CAROLINA": "SC",
    "SOUTH DAKOTA": "SD", "TENNESSEE": "TN", "TEXAS": "TX", "UTAH": "UT", "VERMONT": "VT",
    "VIRGINIA": "VA", "WASHINGTON": "WA", "WEST VIRGINIA": "WV", "WISCONSIN": "WI", "WYOMING": "WY",
    "PUERTO RICO": "PR", "GUAM": "GU", "VIRGIN ISLANDS": "VI", "AMERICAN SAMOA": "AS",
    "NORTHERN MARIANA ISLANDS": "MP",
}  # fmt: skip

# Legal suffixes written with or without dots and spaces ("L.L.C.", "LLC", "P. C.") compare equal.
LEGAL_SUFFIXES = ("LLC", "PLLC", "INC", "CORP", "CO", "LTD", "PC", "LLP", "DPC")
_SUFFIX_PATTERNS = [
    re.compile(r"\b" + r"\s*\.?\s*".join(suffix) + r"\b\.?", re.IGNORECASE) for suffix in LEGAL_SUFFIXES
]
_NON_ALNUM = re.compile(r"[^0-9A-Z]+")
_SPACES = re.compile(r"\s+")


def blank_to_none(value: str | None) -> str | None:
    """``None`` for a missing or whitespace-only value, else the value stripped."""
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None


def _ascii_upper(value: str) -> str:
    # Accents are dropped so "José" and "Jose" compare equal, as county staff type both.
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()


def normalize_text(value: str | None) -> str:
    """Case, accents and runs of spaces ignored."""
    return _SPACES.sub(" ", _ascii_upper(value or "")).strip()


def normalize_name(value: str | None) -> str:
    """Case, punctuation, accents and the spelling of legal suffixes ignored ("Sunrise Therapy, L.L.C.")."""
    text = _ascii_upper(value or "")
    for suffix, pattern in zip(LEGAL_SUFFIXES, _SUFFIX_PATTERNS, strict=True):
        text = pattern.sub(" " + suffix + " ", text)
    return _SPACES.sub(" ", _NON_ALNUM.sub(" ", text)).strip()


def digits_only(value: str | None) -> str:
    return "".join(ch for ch in (value or "") if ch.isascii() and ch.isdigit())


def normalize_phone(value: str | None) -> str:
    """Punctuation ignored, and a leading US country code 1 dropped."""
    digits = digits_only(value)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits


def normalize_zip(value: str | None) -> str:
    """ZIP+4 and ZIP5 compare on the five-digit ZIP ("12207-1234", "122071234", "12207")."""
    digits = digits_only(value)
    return digits[:5] if len(digits) in (5, 9) else digits


def normalize_state(value: str | None) -> str:
    """A spelled-out state ("GEORGIA", "New York") compares equal to its postal code."""
    text = normalize_text(value).replace(".", "")
    return US_STATES.get(text, text)


def normalize_email(value: str | None) -> str:
    return (value or "").strip().lower()


def normalize_identifier(value: str | None) -> str:
    """Identifiers (NPI, SED code, tax id) compare on their digits; leading zeros are kept."""
    return digits_only(value)
