"""Reading a county Preschool export's rows as provider fields (pure: no I/O, no database).

The export's columns are found by header name, in the spellings county systems use ("SED Code",
"Provider SED Code", "Provider Name"…). Each cell is checked the way the Billing Provider Profile checks
what a clerk types; an identifier Excel turned into a number that lost its leading zeros is reported,
never padded back by guessing. A blank cell means "the export says nothing", so it never erases a
value CountyAdmin holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from countyadmin.domain.field_limits import control_character, too_long
from countyadmin.domain.identifiers import SED_CODE_LENGTH, validate_npi, validate_sed_code
from countyadmin.domain.invitation import EmailChecker
from countyadmin.domain.provider import ProviderType

__all__ = [
    "COLUMN_ALIASES",
    "FIELD_LABELS",
    "IMPORT_FIELDS",
    "REQUIRED_FIELDS",
    "ColumnMap",
    "MissingColumns",
    "ParsedRow",
    "find_columns",
    "parse_row",
]

# The provider fields an export can set, in the order a preview shows them.
IMPORT_FIELDS = ("sed_code", "name", "provider_type", "npi", "tax_id", "address_1", "address_2",
                 "city", "state", "zip", "phone", "email")  # fmt: skip
REQUIRED_FIELDS = ("sed_code", "name")
FIELD_LABELS: Mapping[str, str] = {
    "sed_code": "SED code", "name": "Name", "provider_type": "Type", "npi": "NPI", "tax_id": "Tax ID",
    "address_1": "Address", "address_2": "Address line 2", "city": "City", "state": "State",
    "zip": "ZIP", "phone": "Phone", "email": "Email",
}  # fmt: skip
# Header spellings seen in county exports; compared ignoring case, spaces and punctuation.
COLUMN_ALIASES: Mapping[str, tuple[str, ...]] = {
    "sed_code": ("SED Code", "Provider SED Code", "SED", "SED Number", "SED No", "SED ID", "NYSED Code",
                 "SED Provider Code", "Provider SED"),
    "name": ("Name", "Provider Name", "Provider", "Agency Name", "Agency", "Legal Name", "Business Name",
             "Provider Legal Name"),
    "provider_type": ("Type", "Provider Type", "Agency/Individual", "Agency or Individual", "Entity Type"),
    "npi": ("NPI", "Provider NPI", "NPI Number", "NPI No", "NPI #", "Billing NPI"),
    "tax_id": ("Tax ID", "TIN", "EIN", "Federal Tax ID", "FEIN", "Tax ID Number", "Federal ID"),
    "address_1": ("Address", "Address 1", "Address Line 1", "Street", "Street Address", "Address1",
                  "Mailing Address"),
    "address_2": ("Address 2", "Address Line 2", "Suite", "Address2", "Suite/Unit"),
    "city": ("City", "Town", "City/Town"),
    "state": ("State", "ST"),
    "zip": ("ZIP", "Zip Code", "Postal Code", "ZIP5", "Zipcode", "ZIP+4"),
    "phone": ("Phone", "Phone Number", "Telephone", "Tel", "Phone #", "Office Phone"),
    "email": ("Email", "E-mail", "Email Address", "E-mail Address", "Provider Email"),
}  # fmt: skip

_AGENCY_WORDS = {"agency", "a", "organization", "organisation", "org", "corporation", "corp", "company",
                 "group", "school", "program", "2"}  # fmt: skip
_INDIVIDUAL_WORDS = {"individual", "i", "ind", "person", "independent", "independent provider",
                     "sole proprietor", "1"}  # fmt: skip
_SCIENTIFIC = re.compile(r"^\s*\d+(\.\d+)?[eE][+-]?\d+\s*$")
_ZIP = re.compile(r"^\d{5}(-?\d{4})?$")
_SPACES = re.compile(r"\s+")
# An everyday ASCII address: dot-atom local part, host names of letters, digits and inner hyphens, and a
# top-level domain of letters. Anything else goes to email_validator (which costs ~0.4 ms an address,
# most of a 5,000-row preview).
_TAX_ID_DIGITS = 9
_ZIP_DIGITS = 5
_FIX_TEXT_COLUMN = (
    "CountyAdmin never adds zeros by guessing: in Excel format the column as Text, type the value with "
    "its zeros (or export it again as text), save, and load the file again."
)

ColumnMap = Mapping[str, int]  # field → the column's index in the table


class MissingColumns(ValueError):
    """The export lacks a column CountyAdmin cannot do without; the text says which and what was found."""


def find_columns(column: Callable[..., int | None], headers: Sequence[str]) -> dict[str, int]:
    """Field → column index, for every field whose column the export has.

    ``column`` is ``Table.column`` (finds the first header matching any of the names given).

    Raises:
        MissingColumns: the SED code or the name column is missing.
    """
    found = {field: index for field in IMPORT_FIELDS if (index := column(*COLUMN_ALIASES[field])) is not None}
    missing = [field for field in REQUIRED_FIELDS if field not in found]
    if missing:
        wanted = " and ".join(
            f"{FIELD_LABELS[field]} (a header such as “{COLUMN_ALIASES[field][0]}” or "
            f"“{COLUMN_ALIASES[field][1]}”)"
            for field in missing
        )
        seen = ", ".join(f"“{header}”" for header in headers if header) or "none"
        raise MissingColumns(
            f"The file has no column for {wanted}. Its headers are: {seen}. Rename the column in the first "
            "row, or export the file again with it, then load it again."
        )
    return found


@dataclass(frozen=True, slots=True)
class ParsedRow:
    """One export row read as provider fields.

    ``sed_code`` is the valid code (None when the cell is empty or wrong); ``shown_sed_code`` is what
    the cell showed, so a row with problems can still be recognised. ``values`` holds the usable,
    non-blank fields (text stripped, runs of spaces collapsed); ``problems`` one sentence per cell
    that cannot be used.
    """

    number: int
    sed_code: str | None
    shown_sed_code: str | None
    values: Mapping[str, str | ProviderType]
    problems: tuple[str, ...] = ()


def parse_row(number: int, cells: Sequence[object], columns: ColumnMap) -> ParsedRow:
    """Read one row; ``cells`` as the reader stores them (str, int, float, bool, dates or None)."""
    values: dict[str, str | ProviderType] = {}
    problems: list[str] = []
    shown_sed_code: str | None = None
    for field, index in columns.items():
        raw = cells[index] if index < len(cells) else None
        text = _cell_text(raw)
        if field == "sed_code":
            shown_sed_code = text
        if text is None:
            if field == "sed_code":
                problems.append(
                    "The SED code is empty. CountyAdmin matches providers by SED code, so each row needs one."
                )
            continue
        parse = _PARSERS.get(field)
        value, problem = parse(raw, text) if parse else (text, None)
        if problem is None and isinstance(value, str) and not isinstance(value, ProviderType):
            # The same limit on every engine: PostgreSQL and MariaDB would refuse it at Accept, and
            # PostgreSQL a NUL.
            problem = too_long(field, FIELD_LABELS[field], value) or control_character(
                FIELD_LABELS[field], value
            )
        if problem:
            problems.append(problem)
        elif value is not None:
            values[field] = value
    sed_code = values.get("sed_code")
    return ParsedRow(
        number, sed_code if isinstance(sed_code, str) else None, shown_sed_code, values, tuple(problems)
    )


def _cell_text(value: object) -> str | None:
    if value is None or isinstance(value, bool):
        return None if value is None else ("Yes" if value else "No")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    text = _SPACES.sub(" ", text).strip()
    return text or None


def _as_number(raw: object) -> int | None:
    """The whole number Excel stored, if the cell held a number rather than text."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return None


def _lost_zeros(raw: object, label: str, digits: int) -> str | None:
    number = _as_number(raw)
    if number is None or number < 0 or len(str(number)) >= digits:
        return None
    missing = digits - len(str(number))
    zeros = "zero" if missing == 1 else "zeros"
    return (
        f"Excel stored the {label} as the number {number}, so its leading {zeros} "
        f"{'was' if missing == 1 else 'were'} dropped (a {label} has {digits} digits). {_FIX_TEXT_COLUMN}"
    )


def _scientific(text: str, label: str) -> str | None:
    if _SCIENTIFIC.match(text):
        return (
            f"The {label} reads “{text}”: Excel showed the number in scientific notation and saved it "
            f"that way, so its digits are lost. {_FIX_TEXT_COLUMN}"
        )
    return None


def _parse_sed_code(raw: object, text: str) -> tuple[str | None, str | None]:
    if problem := _lost_zeros(raw, "SED code", SED_CODE_LENGTH) or _scientific(text, "SED code"):
        return None, problem
    if problem := validate_sed_code(text):
        if text.isascii() and text.isdigit() and len(text) < SED_CODE_LENGTH:
            problem += " If the file was saved from Excel, its leading zeros may have been dropped."
        return None, f"{problem} (the cell reads “{text}”)"
    return text, None


def _parse_npi(raw: object, text: str) -> tuple[str | None, str | None]:
    if problem := _scientific(text, "NPI"):
        return None, problem
    if problem := validate_npi(text):
        return None, f"The NPI “{text}” cannot be used: {problem}"
    return text, None


def _parse_tax_id(raw: object, text: str) -> tuple[str | None, str | None]:
    if problem := _lost_zeros(raw, "tax ID", _TAX_ID_DIGITS):
        return None, problem
    digits = text.replace("-", "").replace(" ", "")
    if not (digits.isascii() and digits.isdigit() and len(digits) == _TAX_ID_DIGITS):
        return None, f"A tax ID has 9 digits, like 12-3456789; the cell reads “{text}”."
    return text, None


def _parse_zip(raw: object, text: str) -> tuple[str | None, str | None]:
    number = _as_number(raw)
    if number is not None:
        # Four digits or fewer lost zeros of a ZIP; eight, of a ZIP+4 typed without its dash.
        expected = 9 if len(str(number)) == 8 else _ZIP_DIGITS
        if problem := _lost_zeros(raw, "ZIP code", expected):
            return None, problem
    if not _ZIP.match(text):
        return None, f"A ZIP code has 5 digits, or 9 as ZIP+4 (like 12207-1234); the cell reads “{text}”."
    return text, None


def _parse_email(raw: object, text: str) -> tuple[str | None, str | None]:
    _normalized, problem = _EMAILS.check(text)
    if problem is not None:
        return None, f"“{text}” is not a usable e-mail address. Check it for typing mistakes."
    return text, None


def _parse_type(raw: object, text: str) -> tuple[ProviderType | None, str | None]:
    word = text.casefold().strip(" .")
    if word in _AGENCY_WORDS:
        return ProviderType.AGENCY, None
    if word in _INDIVIDUAL_WORDS:
        return ProviderType.INDIVIDUAL, None
    return None, f"The type “{text}” is neither Agency nor Individual."


# Each domain is asked of the full rules once per session: the verdicts are pure, and an export has few.
_EMAILS = EmailChecker()

_PARSERS: dict[str, Callable[[object, str], tuple[str | ProviderType | None, str | None]]] = {
    "sed_code": _parse_sed_code,
    "npi": _parse_npi,
    "tax_id": _parse_tax_id,
    "zip": _parse_zip,
    "email": _parse_email,
    "provider_type": _parse_type,
}
