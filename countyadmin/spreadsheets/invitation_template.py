"""The invitation batch template a clerk fills in, and the per-row results report (.xlsx, no Qt)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from countyadmin.domain.invitation_batch import (
    ALSO_THERAPIST,
    COLUMNS,
    EMAIL,
    EXAMPLE_ROW,
    FIRST_NAME,
    LAST_NAME,
    LICENSE,
    NO,
    PROFESSION,
    PROVIDER_NPI,
    SED_CODE,
    THERAPIST_NPI,
    YES,
    profession_choice,
)
from countyadmin.domain.professions import PROFESSIONS
from countyadmin.spreadsheets.writer import Column, SheetSpec, write_workbook

TEMPLATE_SHEET = "Invitations"
TEMPLATE_ROWS = 5_000  # rows the drop-downs and text formats cover; the batch limit as well

_NOTES = {
    SED_CODE: "The county provider's 12-digit NYSED code, leading zeros included (the column is text, "
    "so Excel keeps them). Give this or the Provider NPI; both may be given.",
    PROVIDER_NPI: "The provider's 10-digit NPI, when the SED code is not given. An NPI shared by several "
    "county providers needs the SED code too.",
    FIRST_NAME: "The invitee's first name (required).",
    LAST_NAME: "The invitee's last name (required).",
    EMAIL: "Where CPSE Portal sends the invitation (required). Each person once per provider.",
    ALSO_THERAPIST: "Yes when the invitee also gives services (a therapist); blank means No.",
    THERAPIST_NPI: "The therapist's own 10-digit NPI (required when Also Therapist is Yes).",
    PROFESSION: "The therapist's CPSE Portal profession, from the drop-down (the code alone, e.g. SLP, "
    "is accepted too). May be left blank for the provider to add later.",
    LICENSE: "The therapist's New York license number (usually 6 digits; the column is text so leading "
    "zeros stay).",
}


def _template_column(key: str, header: str, identifier: bool) -> Column:
    choices: Sequence[str] | None = None
    if key == ALSO_THERAPIST:
        choices = (YES, NO)
    elif key == PROFESSION:
        choices = tuple(profession_choice(code) for code in PROFESSIONS)
    return Column(header, text=identifier, choices=choices, note=_NOTES[key])


def write_invitation_template(path: Path, prefilled: Sequence[tuple[str | None, str | None]] = ()) -> None:
    """Write the template: header, one example row (never sent), drop-downs, a Notes sheet.

    ``prefilled``: (SED code, provider NPI) of providers to invite for (the onboarding view's "Invite
    for linked providers with no admin"): one row each with those filled in instead of the example.

    Raises:
        SpreadsheetError: the file could not be written (open in Excel, no permission, disk full).
    """
    columns = [_template_column(column.key, column.header, column.identifier) for column in COLUMNS]
    notes = [(column.header, _NOTES[column.key]) for column in COLUMNS]
    if prefilled:
        notes.append((
            "The rows given",
            "Each row names a linked provider with no admin user yet: add the invitee's name and e-mail "
            "(copy a row to invite two people at one provider). Rows left without an e-mail are refused "
            "in the preview and never sent.",
        ))  # fmt: skip
    else:
        notes.append((
            "The example row",
            "Row 2 shows how a row looks. Replace it with your own rows or delete it; it is never sent.",
        ))  # fmt: skip
    notes.append((
        "Before anything is sent",
        "CountyAdmin shows every row with OK or its problems; Accept & Send sends only the OK rows, "
        "Decline & Cancel sends nothing. Blank rows are skipped; extra columns are ignored.",
    ))  # fmt: skip
    sheet = SheetSpec(
        title=TEMPLATE_SHEET,
        columns=columns,
        rows=[_prefilled_row(sed, npi) for sed, npi in prefilled] or [EXAMPLE_ROW],
        validation_rows=TEMPLATE_ROWS,
    )
    write_workbook(path, [sheet], notes=notes)


def _prefilled_row(sed_code: str | None, npi: str | None) -> list[str | None]:
    known = {SED_CODE: sed_code, PROVIDER_NPI: npi}
    return [known.get(column.key) for column in COLUMNS]
