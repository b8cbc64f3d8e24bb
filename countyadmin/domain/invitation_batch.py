"""A spreadsheet of admin-user invitations, checked row by row before anything is sent. No Qt, no I/O.

Each row names a county provider (by SED code, NPI or both) and an invitee. A row is OK when the
provider is known and linked to CPSE Portal, the invitation form passes the same rules as the Invite
New Admin User dialog (``countyadmin.domain.invitation``), the row is not a repeat of an earlier row,
and the invitee has no invitation pending for that provider already. Otherwise it carries its problems,
each a sentence a clerk can act on. Values are never repaired silently: an identifier Excel stored as a
number, and so cut short of its leading zeros, is a problem, not something padded back.

A row is identified by (county provider, e-mail address in lower case): the same pair in a later row is
a duplicate, and after a file was sent, loading it again finds every sent row pending already.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from countyadmin.domain.identifiers import SED_CODE_LENGTH, validate_npi, validate_sed_code
from countyadmin.domain.invitation import (
    NY_LICENSE_DIGITS,
    EmailChecker,
    InvitationForm,
    admin_key,
    license_warning,
    validate_license,
    validate_name,
    validate_profession,
    validate_therapist_npi,
)
from countyadmin.domain.professions import PROFESSIONS
from countyadmin.domain.provider import ProviderSummary

# Row keys: the columns of the template, in its order.
SED_CODE = "sed_code"
PROVIDER_NPI = "provider_npi"
FIRST_NAME = "first_name"
LAST_NAME = "last_name"
EMAIL = "email"
ALSO_THERAPIST = "also_therapist"
THERAPIST_NPI = "therapist_npi"
PROFESSION = "profession"
LICENSE = "license"

YES, NO = "Yes", "No"
_YES_WORDS = frozenset({"y", "yes", "true", "1", "x"})
_NO_WORDS = frozenset({"", "n", "no", "false", "0"})


@dataclass(frozen=True, slots=True)
class BatchColumn:
    """One column of the batch file: its key, the template's header, other headers accepted."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    identifier: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


COLUMNS: tuple[BatchColumn, ...] = (
    BatchColumn(SED_CODE, "Provider SED Code", ("SED Code", "SED", "Provider SED"), identifier=True),
    BatchColumn(PROVIDER_NPI, "Provider NPI", ("Agency NPI", "Organization NPI"), identifier=True),
    BatchColumn(FIRST_NAME, "First Name", ("First", "Given Name"), required=True),
    BatchColumn(LAST_NAME, "Last Name", ("Last", "Surname", "Family Name"), required=True),
    BatchColumn(EMAIL, "Email", ("E-mail", "Email Address", "E-mail Address"), required=True),
    BatchColumn(ALSO_THERAPIST, "Also Therapist (Y/N)", ("Also Therapist", "Also Service Provider")),
    BatchColumn(THERAPIST_NPI, "Therapist NPI", ("Service Provider NPI",), identifier=True),
    BatchColumn(PROFESSION, "Profession Code", ("Profession",)),
    BatchColumn(LICENSE, "NY License", ("NY License Number", "License", "License Number"), identifier=True),
)
COLUMN_BY_KEY: Mapping[str, BatchColumn] = {column.key: column for column in COLUMNS}


EXAMPLE_EMAIL = "jane.example@example.org"
# The template's row 2: how a row looks. Loading it back is a problem of its own, so it is never sent.
EXAMPLE_ROW: tuple[str, ...] = (
    "000000000000", "", "Jane", "Example", EXAMPLE_EMAIL, "Yes", "1234567893",
    "SLP - Speech-Language Pathologist", "012345",
)  # fmt: skip
EXAMPLE_ROW_PROBLEM = (
    "This is the template's example row. Delete it, or replace it with a real invitation; it is never sent."
)


def missing_columns(found: Mapping[str, int | None]) -> list[str]:
    """Sentences for the columns a batch file must have, given where each key was found (or None)."""
    problems = [
        f"The file has no “{column.header}” column."
        for column in COLUMNS
        if column.required and found.get(column.key) is None
    ]
    if found.get(SED_CODE) is None and found.get(PROVIDER_NPI) is None:
        problems.insert(0, "The file has neither a “Provider SED Code” nor a “Provider NPI” column.")
    return problems


def profession_choice(code: str) -> str:
    """How a profession appears in the template's drop-down: "SLP - Speech-Language Pathologist"."""
    return f"{code} - {PROFESSIONS[code]}"


_PROFESSION_BY_NAME = {name.casefold(): code for code, name in PROFESSIONS.items()}


def profession_code(text: str) -> str:
    """The code a clerk meant: "SLP", "slp", "SLP - Speech-Language Pathologist" or the name itself."""
    value = text.strip()
    code = value.split(" - ", 1)[0].strip().upper()
    if code in PROFESSIONS:
        return code
    return _PROFESSION_BY_NAME.get(value.casefold(), value.upper())


@dataclass(frozen=True, slots=True)
class ProviderDirectory:
    """The county's providers by SED code and by NPI (an NPI may belong to several records)."""

    by_sed_code: Mapping[str, ProviderSummary]
    by_npi: Mapping[str, Sequence[ProviderSummary]]

    @classmethod
    def of(cls, providers: Iterable[ProviderSummary]) -> ProviderDirectory:
        by_sed: dict[str, ProviderSummary] = {}
        by_npi: dict[str, list[ProviderSummary]] = {}
        for provider in providers:
            if provider.sed_code:
                by_sed.setdefault(provider.sed_code, provider)
            if provider.npi:
                by_npi.setdefault(provider.npi, []).append(provider)
        return cls(by_sed, by_npi)


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One non-blank row of the file, checked.

    ``cells`` is what the row holds in each of ``COLUMNS`` (as text, for the preview); ``form`` is the
    invitation as it would be sent (normalised) and ``provider`` the county provider, both set when the
    row is OK. ``warnings`` do not stop a row (an unusual license number).
    """

    number: int
    cells: tuple[str, ...]
    provider: ProviderSummary | None
    form: InvitationForm | None
    problems: tuple[str, ...]
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and self.form is not None and self.provider is not None

    @property
    def key(self) -> tuple[int, str] | None:
        """(county provider id, e-mail as CPSE Portal compares it): what makes two rows the same invitation.

        Folded as the portal folds (``admin_key``), not lower-cased: "STRASSE@…" and "straße@…" are one
        address to the portal, which refuses the second as pending after the first went out."""
        if self.provider is None or self.form is None:
            return None
        return self.provider.id, admin_key(self.form.email)

    def with_problem(self, problem: str) -> BatchRow:
        return BatchRow(self.number, self.cells, self.provider, self.form, (*self.problems, problem),
                        self.warnings)  # fmt: skip


InvitationKey = tuple[int, str]


def check_rows(
    rows: Iterable[tuple[int, Sequence[object]]],
    found: Mapping[str, int | None],
    directory: ProviderDirectory,
    pending: Mapping[InvitationKey, str] | None = None,
) -> list[BatchRow]:
    """Check each ``(row number, values)``; ``found`` maps a column key to its index in ``values``.

    ``pending`` maps (provider id, e-mail in lower case) to a sentence about an invitation that is
    already queued or pending for that pair (from the outbox or from CPSE Portal).
    """
    emails = EmailChecker()
    first_row_of: dict[InvitationKey, int] = {}
    indexes = [(column, found.get(column.key)) for column in COLUMNS]
    checked: list[BatchRow] = []
    for number, values in rows:
        raw = {column.key: (values[index] if index is not None and index < len(values) else None)
               for column, index in indexes}  # fmt: skip
        email_cell = raw[EMAIL]
        if isinstance(email_cell, str) and email_cell.strip().lower() == EXAMPLE_EMAIL:
            cells = tuple(_cell_text(column, raw[column.key])[0] for column in COLUMNS)
            checked.append(BatchRow(number, cells, None, None, (EXAMPLE_ROW_PROBLEM,)))
            continue
        row = _check_row(number, raw, directory, emails)
        key = row.key
        if key is not None:
            earlier = first_row_of.setdefault(key, number)
            if earlier != number:
                row = row.with_problem(
                    f"Duplicate of row {earlier}: the same person is invited for the same provider. "
                    "Delete one of the two rows."
                )
            elif pending and key in pending:
                row = row.with_problem(pending[key])
        checked.append(row)
    return checked


def _check_row(
    number: int, raw: Mapping[str, object], directory: ProviderDirectory, emails: EmailChecker
) -> BatchRow:
    problems: list[str] = []
    warnings: list[str] = []
    text: dict[str, str] = {}
    for column in COLUMNS:
        value, problem = _cell_text(column, raw[column.key])
        text[column.key] = value
        if problem:
            problems.append(problem)
    cells = tuple(text[column.key] for column in COLUMNS)

    provider = _provider(text[SED_CODE], raw[SED_CODE], text[PROVIDER_NPI], directory, problems)
    for key, which in ((FIRST_NAME, "first"), (LAST_NAME, "last")):
        if problem := validate_name(text[key], which=which):
            problems.append(problem)
    email, problem = emails.check(text[EMAIL])
    if problem:
        problems.append(problem)

    therapist = _yes_no(text[ALSO_THERAPIST])
    if therapist is None:
        problems.append(
            f"“{text[ALSO_THERAPIST]}” in Also Therapist (Y/N) is not Yes or No. Write Yes, No, or leave it "
            "blank for No."
        )
        therapist = False
    npi = profession = license_number = ""
    if therapist:
        npi = text[THERAPIST_NPI]
        profession = profession_code(text[PROFESSION]) if text[PROFESSION] else ""
        if problem := validate_therapist_npi(npi, profession):
            problems.append(f"Therapist NPI: {problem}")
        if problem := validate_profession(profession):
            problems.append(f"“{text[PROFESSION]}” is not a CPSE Portal profession. {problem}")
        license_number = text[LICENSE]
        if problem := validate_license(license_number):
            problems.append(problem)
        elif warning := license_warning(license_number):
            warnings.append(warning)
    elif any(text[key] for key in (THERAPIST_NPI, PROFESSION, LICENSE)):
        warnings.append("Therapist NPI, profession and license are ignored because Also Therapist is No.")

    form = None
    if email is not None:
        form = InvitationForm(
            first_name=text[FIRST_NAME], last_name=text[LAST_NAME], email=email,
            also_service_provider=therapist, npi=npi, profession=profession, license=license_number,
        )  # fmt: skip
    return BatchRow(number, cells, provider, form, tuple(problems), tuple(warnings))


def _provider(
    sed_code: str, sed_raw: object, npi: str, directory: ProviderDirectory, problems: list[str]
) -> ProviderSummary | None:
    """The county provider the row names, or None with the reason added to ``problems``."""
    if not sed_code and not npi:
        problems.append("Give the provider's SED code or NPI, so CountyAdmin knows whom to invite for.")
        return None
    by_sed: ProviderSummary | None = None
    if sed_code:
        if _is_number(sed_raw) and len(sed_code) < SED_CODE_LENGTH:
            return None  # the lost leading zeros have been said; never guess them back
        if problem := validate_sed_code(sed_code):
            problems.append(f"Provider SED Code: {problem}")
            return None
        by_sed = directory.by_sed_code.get(sed_code)
        if by_sed is None:
            problems.append(
                f"No provider in CountyAdmin has SED code {sed_code}. Check the code, or import the "
                "provider first."
            )
            return None
    if npi:
        if problem := validate_npi(npi):
            problems.append(f"Provider NPI: {problem}")
            return None
        if by_sed is not None:
            if by_sed.npi and by_sed.npi != npi:
                problems.append(
                    f"SED code {sed_code} is {by_sed.name}, whose NPI in CountyAdmin is {by_sed.npi}, "
                    f"not {npi}. Correct whichever is wrong."
                )
                return None
        else:
            by_npi = directory.by_npi.get(npi, ())
            if not by_npi:
                problems.append(
                    f"No provider in CountyAdmin has NPI {npi}. Check the NPI, or give the provider's "
                    "SED code."
                )
                return None
            if len(by_npi) > 1:
                problems.append(
                    f"NPI {npi} belongs to {len(by_npi)} providers in CountyAdmin. Give the SED code too, "
                    "so CountyAdmin knows which one is meant."
                )
                return None
            by_sed = by_npi[0]
    provider = by_sed
    assert provider is not None
    if provider.portal_provider_id is None:
        problems.append(
            f"{provider.name} is not linked to CPSE Portal yet, so its admin users cannot be invited. "
            "Link it on the Billing Provider Profile tab first."
        )
    return provider


# --- cells ---------------------------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_DIGITS = {SED_CODE: SED_CODE_LENGTH, LICENSE: NY_LICENSE_DIGITS}


def _cell_text(column: BatchColumn, value: object) -> tuple[str, str | None]:
    """The cell as text, and a problem when its stored type loses information."""
    if value is None:
        return "", None
    if isinstance(value, str):
        return value.strip(), None
    if isinstance(value, bool):
        return (YES if value else NO), None
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        shown = value.isoformat() if not isinstance(value, dt.timedelta) else str(value)
        return shown, f"{column.header} holds a date or time ({shown}); type the value as text."
    if isinstance(value, float) and not value.is_integer():
        shown = f"{value:g}"
        if column.identifier:
            return shown, (
                f"Excel stored {column.header} as the number {shown}, not as the identifier's digits. "
                "Format the column as Text, type the value again, and load the file again."
            )
        return shown, None
    if isinstance(value, (int, float)):
        digits = str(int(value))
        expected = _DIGITS.get(column.key)
        if column.identifier and expected is not None and len(digits) < expected:
            return digits, (
                f"Excel stored {column.header} as the number {digits}, which has {len(digits)} digits "
                f"instead of {expected}: its leading zeros were lost. Format the column as Text, type the "
                "value again with its zeros, and load the file again."
            )
        return digits, None
    return str(value).strip(), None


def _yes_no(text: str) -> bool | None:
    word = text.strip().casefold()
    if word in _YES_WORDS:
        return True
    if word in _NO_WORDS:
        return False
    return None
