"""What a county export would do to the county database: add, change (old → new), leave, or refuse.

Pure: the service hands in the parsed rows and the stored records with those SED codes, and gets the
preview a clerk reads before Accept. Each change carries the version of the record it was computed
from, so Accept can tell when another clerk saved the provider in between.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from countyadmin.domain.county_import import FIELD_LABELS, IMPORT_FIELDS, ParsedRow
from countyadmin.domain.provider import ProviderRecord, ProviderType
from countyadmin.domain.records import NewProvider

__all__ = ["FieldChange", "ImportAction", "ImportPreview", "PlannedRow", "plan_import", "value_text"]

_SPACES = re.compile(r"\s+")


class ImportAction(enum.StrEnum):
    ADD = "add"
    CHANGE = "change"
    UNCHANGED = "unchanged"
    PROBLEM = "problem"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    ImportAction.ADD: "Add",
    ImportAction.CHANGE: "Change",
    ImportAction.UNCHANGED: "Unchanged",
    ImportAction.PROBLEM: "Problem",
}


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: str | ProviderType | None
    new: str | ProviderType

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]

    def text(self) -> str:
        """“City: Albany → Troy”, as the preview and the audit trail say it."""
        return f"{self.label}: {value_text(self.old)} → {value_text(self.new)}"


def value_text(value: str | ProviderType | None) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, ProviderType):
        return value.label
    return value


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """One row of the preview.

    ``provider_id`` and ``expected_version`` name the stored record a change or an unchanged row is
    about; ``values`` are the export's usable fields (what Add writes; Change writes only ``changes``).
    """

    number: int
    action: ImportAction
    sed_code: str | None
    name: str
    values: Mapping[str, str | ProviderType] = field(default_factory=dict)
    changes: tuple[FieldChange, ...] = ()
    problems: tuple[str, ...] = ()
    provider_id: int | None = None
    expected_version: int | None = None

    def new_provider(self) -> NewProvider:
        """The record Add inserts (only for ADD rows)."""
        assert self.action is ImportAction.ADD
        provider_type = self.values.get("provider_type")

        def text(name: str) -> str | None:
            value = self.values.get(name)
            return value if isinstance(value, str) else None

        return NewProvider(
            name=text("name") or "",
            provider_type=provider_type if isinstance(provider_type, ProviderType) else None,
            sed_code=text("sed_code"),
            npi=text("npi"),
            tax_id=text("tax_id"),
            address_1=text("address_1"),
            address_2=text("address_2"),
            city=text("city"),
            state=text("state"),
            zip=text("zip"),
            phone=text("phone"),
            email=text("email"),
        )


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """Every non-blank row of the export, in file order, with what Accept would do with it."""

    file_name: str
    rows: tuple[PlannedRow, ...]
    columns: Mapping[str, str]  # field → the header it was read from
    ignored_headers: tuple[str, ...] = ()
    notice: str | None = None  # e.g. the reader's note about the CSV encoding it assumed

    def count(self, action: ImportAction) -> int:
        return sum(1 for row in self.rows if row.action is action)

    @property
    def counts(self) -> dict[ImportAction, int]:
        tally = Counter(row.action for row in self.rows)
        return {action: tally.get(action, 0) for action in ImportAction}

    @property
    def has_work(self) -> bool:
        return any(row.action in (ImportAction.ADD, ImportAction.CHANGE) for row in self.rows)


def plan_import(
    file_name: str,
    rows: Sequence[ParsedRow],
    stored: Mapping[str, ProviderRecord],
    *,
    columns: Mapping[str, str],
    ignored_headers: Iterable[str] = (),
    notice: str | None = None,
) -> ImportPreview:
    """The preview of importing ``rows`` into a database holding ``stored`` (SED code → record)."""
    seen_on: dict[str, list[int]] = {}
    for row in rows:
        if row.sed_code is not None:
            seen_on.setdefault(row.sed_code, []).append(row.number)
    planned = [_plan_row(row, stored, seen_on) for row in rows]
    return ImportPreview(file_name, tuple(planned), dict(columns), tuple(ignored_headers), notice)


def _plan_row(
    row: ParsedRow, stored: Mapping[str, ProviderRecord], seen_on: Mapping[str, list[int]]
) -> PlannedRow:
    record = stored.get(row.sed_code) if row.sed_code is not None else None
    name = _display_name(row, record)
    sed_code = row.sed_code or row.shown_sed_code
    problems = list(row.problems)
    if row.sed_code is not None and len(others := seen_on[row.sed_code]) > 1:
        elsewhere = ", ".join(str(n) for n in others if n != row.number)
        problems.append(
            f"SED code {row.sed_code} is also on row{'s' if len(others) > 2 else ''} {elsewhere}. "
            "Keep one row per provider; none of these rows is imported."
        )
    if record is None and not problems and "name" not in row.values:
        problems.append("The name is empty. A provider new to CountyAdmin needs a name.")
    if problems:
        return PlannedRow(row.number, ImportAction.PROBLEM, sed_code, name, row.values, (), tuple(problems),
                          record.id if record else None, record.version if record else None)  # fmt: skip
    if record is None:
        return PlannedRow(row.number, ImportAction.ADD, sed_code, name, row.values)
    changes = tuple(
        FieldChange(name_, getattr(record, name_), value)
        for name_ in IMPORT_FIELDS
        if (value := row.values.get(name_)) is not None and not _same(getattr(record, name_), value)
    )
    action = ImportAction.CHANGE if changes else ImportAction.UNCHANGED
    return PlannedRow(row.number, action, sed_code, name, row.values, changes, (), record.id, record.version)


def _display_name(row: ParsedRow, record: ProviderRecord | None) -> str:
    name = row.values.get("name")
    if isinstance(name, str):
        return name
    return record.name if record is not None else ""


def _same(stored: object, new: str | ProviderType) -> bool:
    if isinstance(new, ProviderType) or stored is None:
        return stored == new
    # Spaces a system pads or doubles are not a change; everything else (case included) is.
    return _SPACES.sub(" ", str(stored)).strip() == new
