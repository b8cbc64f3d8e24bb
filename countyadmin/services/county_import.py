"""Import or update county providers from the county's Preschool export, keyed on SED code.

``preview`` reads the file and says, row by row, what Accept would do; it writes nothing. ``apply``
writes the preview's additions and changes in one transaction, each with an audit line. A provider
another clerk saved after the preview was computed is reported and left as they saved it (its
version moved on); Decline is simply not calling ``apply``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from countyadmin.domain.county_import import (
    COLUMN_ALIASES,
    IMPORT_FIELDS,
    MissingColumns,
    find_columns,
    parse_row,
)
from countyadmin.domain.county_import_plan import (
    FieldChange,
    ImportAction,
    ImportPreview,
    PlannedRow,
    plan_import,
)
from countyadmin.domain.provider import ProviderRecord, ProviderType
from countyadmin.services.errors import ServiceError, describe_time
from countyadmin.services.providers import utc_now
from countyadmin.services.unit_of_work import UnitOfWork, UnitOfWorkFactory
from countyadmin.spreadsheets.reader import Table, header_key, read_table

log = logging.getLogger(__name__)

COUNTY_IMPORT_ADDED = "county_import_added"
COUNTY_IMPORT_CHANGED = "county_import_changed"

__all__ = ["COUNTY_IMPORT_ADDED", "COUNTY_IMPORT_CHANGED", "CountyImportService", "ImportConflict",
           "ImportFileInvalid", "ImportFailed", "ImportResult", "preview_table"]  # fmt: skip


class ImportFileInvalid(ServiceError):
    """The file can be read but cannot be imported (a column CountyAdmin needs is missing)."""


class ImportFailed(ServiceError):
    """The database refused the import; nothing was written."""


@dataclass(frozen=True, slots=True)
class ImportConflict:
    """A row Accept did not apply because the stored provider moved on since the preview."""

    number: int
    sed_code: str | None
    name: str
    message: str


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    changed: int
    conflicts: tuple[ImportConflict, ...]
    unchanged: int
    problems: int  # rows with problems, not imported


Stored = dict[str, ProviderRecord]  # SED code → the record holding it
_WRITES = (ImportAction.ADD, ImportAction.CHANGE)


def preview_table(table: Table, file_name: str, stored_lookup: Callable[[set[str]], Stored]) -> ImportPreview:
    """The preview of ``table`` against the records ``stored_lookup`` finds for the file's SED codes."""
    try:
        columns = find_columns(table.column, table.headers)
    except MissingColumns as error:
        raise ImportFileInvalid(f"{file_name}: {error}") from error
    parsed = [parse_row(row.number, row.values, columns) for row in table.rows]
    codes = {row.sed_code for row in parsed if row.sed_code is not None}
    used = {index for index in columns.values()}
    known = {header_key(alias) for aliases in COLUMN_ALIASES.values() for alias in aliases}
    ignored = tuple(
        header for index, header in enumerate(table.headers)
        if header and index not in used and header_key(header) not in known
    )  # fmt: skip
    return plan_import(
        file_name,
        parsed,
        stored_lookup(codes),
        columns={field: table.headers[index] for field, index in columns.items()},
        ignored_headers=ignored,
        notice=table.notice,
    )


class CountyImportService:
    """Previews and applies county exports as ``user`` (the name in the audit trail); thread-safe."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, *, user: str, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self._uow_factory = uow_factory
        self._user = user
        self._clock = clock

    def preview(self, path: Path, *, cancelled: Callable[[], bool] | None = None) -> ImportPreview:
        """Read ``path`` (.xlsx or .csv) and say what importing it would do. Writes nothing.

        Raises:
            SpreadsheetError: the file cannot be read (its ``user_message`` says why).
            ImportFileInvalid: the SED code or name column is missing.
        """
        table = read_table(path, cancelled=cancelled)
        return preview_table(table, path.name, self._stored)

    def _stored(self, codes: set[str]) -> dict[str, ProviderRecord]:
        with self._uow_factory() as uow:
            return uow.providers.by_sed_codes(codes)

    def apply(self, preview: ImportPreview) -> ImportResult:
        """Add and change what ``preview`` lists, in one transaction, with an audit line per provider.

        A provider saved by someone else since the preview (or one added meanwhile with a new row's SED
        code) is not touched; it comes back in ``conflicts``.

        Raises:
            ImportFailed: the database refused the changes; nothing was written.
        """
        now = self._clock()
        conflicts: list[ImportConflict] = []
        added = changed = 0
        row: PlannedRow | None = None  # the row being written, named if the database refuses it
        with self._uow_factory() as uow:
            try:
                # What the database holds now under the file's codes, read once (not a query per row).
                stored = uow.providers.by_sed_codes(
                    {row.sed_code for row in preview.rows if row.sed_code and row.action in _WRITES}
                )
                for row in _in_lock_order(preview.rows):
                    if row.action is ImportAction.ADD:
                        problem = self._add(uow, row, stored, preview.file_name, now)
                        added += problem is None
                    elif row.action is ImportAction.CHANGE:
                        problem = self._change(uow, row, stored, preview.file_name, now)
                        changed += problem is None
                    else:
                        continue
                    if problem is not None:
                        conflicts.append(ImportConflict(row.number, row.sed_code, row.name, problem))
                uow.commit()
                conflicts.sort(key=lambda conflict: conflict.number)  # as the file lists them
            except Exception as error:  # the database's own refusal: roll back all, say it plainly
                log.exception("county import of %s failed", preview.file_name)
                raise ImportFailed(_refusal_sentence(error, row)) from error
        return ImportResult(added, changed, tuple(conflicts), preview.count(ImportAction.UNCHANGED),
                            preview.count(ImportAction.PROBLEM))  # fmt: skip

    def _add(
        self, uow: UnitOfWork, row: PlannedRow, stored: Stored, file_name: str, now: datetime
    ) -> str | None:
        assert row.sed_code is not None
        if (owner := stored.get(row.sed_code)) is not None:
            return (
                f"Not added: “{owner.name}” (provider #{owner.id}) got SED code {row.sed_code} after the "
                "preview. Load the file again to see what would change."
            )
        provider_id = uow.providers.add(row.new_provider(), user=self._user, at=now)
        # As changes from nothing, so the History tab shows what the export brought (“City: (empty) → Troy”).
        values = {
            name: {"before": None, "after": _plain(row.values.get(name))}
            for name in IMPORT_FIELDS
            if name in row.values
        }
        uow.audit.add(
            occurred_at=now,
            user_name=self._user,
            provider_id=provider_id,
            action=COUNTY_IMPORT_ADDED,
            details={"file": file_name, "row": row.number, "changes": values},
        )
        return None

    def _change(
        self, uow: UnitOfWork, row: PlannedRow, stored: Stored, file_name: str, now: datetime
    ) -> str | None:
        assert row.provider_id is not None and row.expected_version is not None and row.sed_code
        current = stored.get(row.sed_code)
        if current is None or current.id != row.provider_id:  # its SED code changed, or it is gone
            current = uow.providers.get(row.provider_id)
        if current is None:
            return "Not changed: the provider was deleted after the preview."
        if current.version != row.expected_version or current.sed_code != row.sed_code:
            return _moved_on(current)
        changed: dict[str, object] = {change.field: change.new for change in row.changes}
        wanted = replace(current, **changed, updated_at=now, updated_by=self._user)  # type: ignore[arg-type]
        if uow.providers.update(wanted, expected_version=row.expected_version) is None:
            return _moved_on(current)
        uow.audit.add(
            occurred_at=now,
            user_name=self._user,
            provider_id=row.provider_id,
            action=COUNTY_IMPORT_CHANGED,
            details={"file": file_name, "row": row.number, "changes": _audit_changes(row.changes)},
        )
        return None


def _refusal_sentence(error: Exception, row: PlannedRow | None) -> str:
    """What the database said, in one sentence; only a duplicate SED code is another clerk's doing."""
    original = getattr(error, "orig", None) or error
    said = " ".join(str(original).split())[:200] or type(original).__name__
    where = f" at row {row.number}" if row is not None else ""
    # IntegrityError is the DB-API's name (and SQLAlchemy's) for a broken unique rule: here, a SED code
    # another clerk's import added meanwhile. Matched by name, so services stay free of the database.
    if any(kind.__name__ == "IntegrityError" for kind in type(error).__mro__):
        return (
            f"Nothing was imported: the county database refused the changes{where} ({said}). Another clerk "
            "may have been importing at the same time — load the file again and review the preview."
        )
    return (
        f"Nothing was imported: the county database refused the changes{where} ({type(original).__name__}: "
        f"{said}). Check that row in the file, then load it again; if it happens again, show this message "
        "to whoever looks after the county database."
    )


def _moved_on(current: ProviderRecord) -> str:
    who = current.updated_by or "Someone else"
    when = f" {describe_time(current.updated_at)}" if current.updated_at is not None else ""
    return (
        f"Not changed: {who} saved this provider{when}, after the preview. Their changes were kept; "
        "load the file again to see what the export would still change."
    )


def _plain(value: str | ProviderType | None) -> str | None:
    return value.value if isinstance(value, ProviderType) else value


def _audit_changes(changes: tuple[FieldChange, ...]) -> dict[str, dict[str, str | None]]:
    # The same shape as "profile_applied", so the History tab shows before → after.
    return {c.field: {"before": _plain(c.old), "after": _plain(c.new)} for c in changes}


def _in_lock_order(rows: Sequence[PlannedRow]) -> list[PlannedRow]:
    """The changes to existing providers by id, then the new ones in the file's order: every writer of
    many providers in one transaction locks them in ascending id (the sync storing onboarding facts does,
    db/onboarding_facts.py), so two of them never wait for each other in a circle (a deadlock)."""
    changes = sorted((r for r in rows if r.action is ImportAction.CHANGE),
                     key=lambda r: (r.provider_id or 0, r.number))  # fmt: skip
    return [*changes, *(r for r in rows if r.action is not ImportAction.CHANGE)]
