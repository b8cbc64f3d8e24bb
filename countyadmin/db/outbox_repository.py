"""SQL repository of the invitation outbox (table invitation_outbox, migration 0002)."""

from __future__ import annotations

import json
from dataclasses import asdict, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from countyadmin.db.models import InvitationOutboxRow
from countyadmin.domain.outbox import NewOutboxItem, OutboxErrorKind, OutboxItem, OutboxState
from countyadmin.redact import scrub, scrub_json

_KINDS = {kind.value: kind for kind in OutboxErrorKind}
_FIELDS = tuple(f.name for f in fields(OutboxItem))
# What update() writes: everything but the key, the creation facts and the lock itself.
_WRITABLE = tuple(
    name for name in _FIELDS if name not in ("id", "provider_id", "created_at", "created_by", "version")
)
_ACTIVE = (OutboxState.QUEUED.value, OutboxState.SENDING.value)


def _item(row: InvitationOutboxRow) -> OutboxItem:
    # The columns carry the dataclass's names; three need converting from their stored form.
    values: dict[str, Any] = {name: getattr(row, name) for name in _FIELDS}
    values["state"] = OutboxState(row.state)
    # An unknown kind (written by a newer app) reads as "unexpected" rather than failing the list.
    values["error_kind"] = _KINDS.get(row.error_kind, OutboxErrorKind.UNEXPECTED) if row.error_kind else None
    values["field_errors"] = json.loads(row.field_errors) if row.field_errors else {}
    return OutboxItem(**values)


def _column_values(item: OutboxItem) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(item, name) for name in _WRITABLE}
    values["state"] = item.state.value
    values["error_kind"] = item.error_kind.value if item.error_kind else None
    # Server text reaches these two columns, which every desk reads: scrubbed of keys once more here.
    values["field_errors"] = json.dumps(scrub_json(dict(item.field_errors))) if item.field_errors else None
    if values["last_error"] is not None:
        values["last_error"] = scrub(values["last_error"])[:1000]  # the column's size; sentences are shorter
    return values


class SqlOutboxRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, new: NewOutboxItem) -> OutboxItem:
        row = InvitationOutboxRow(
            **asdict(new),
            state=OutboxState.QUEUED.value,
            attempts=0,
            next_attempt_at=new.created_at,
            updated_at=new.created_at,
            version=1,
        )
        self._session.add(row)
        self._session.flush()
        return _item(row)

    def get(self, item_id: int) -> OutboxItem | None:
        row = self._session.get(InvitationOutboxRow, item_id, populate_existing=True)
        return None if row is None else _item(row)

    def for_provider(self, provider_id: int) -> list[OutboxItem]:
        """The provider's items, newest first."""
        rows = self._session.scalars(
            select(InvitationOutboxRow)
            .where(InvitationOutboxRow.provider_id == provider_id)
            .order_by(InvitationOutboxRow.created_at.desc(), InvitationOutboxRow.id.desc())
            .execution_options(populate_existing=True)
        )
        return [_item(row) for row in rows]

    def active_for_email(self, provider_id: int, email: str) -> list[OutboxItem]:
        """Items to ``email`` (any case) for the provider that are still queued or being sent."""
        rows = self._session.scalars(
            select(InvitationOutboxRow)
            .where(
                InvitationOutboxRow.provider_id == provider_id,
                func.lower(InvitationOutboxRow.email) == email.lower(),
                InvitationOutboxRow.state.in_(_ACTIVE),
            )
            .execution_options(populate_existing=True)
        )
        return [_item(row) for row in rows]

    def due(self, now: datetime, *, limit: int = 50) -> list[OutboxItem]:
        """Items a sender may claim at ``now``, the longest waiting first."""
        t = InvitationOutboxRow
        rows = self._session.scalars(
            select(t)
            .where(
                or_(
                    and_(t.state == OutboxState.QUEUED.value,
                         or_(t.next_attempt_at.is_(None), t.next_attempt_at <= now)),
                    and_(t.state == OutboxState.SENDING.value,
                         or_(t.lease_until.is_(None), t.lease_until <= now)),
                )
            )  # fmt: skip
            .order_by(t.next_attempt_at, t.id)
            .limit(limit)
            .execution_options(populate_existing=True)
        )
        return [_item(row) for row in rows]

    def next_due_at(self) -> datetime | None:
        """The earliest moment any queued or sending item becomes claimable."""
        t = InvitationOutboxRow
        queued = self._session.scalar(
            select(func.min(t.next_attempt_at)).where(t.state == OutboxState.QUEUED.value)
        )
        leased = self._session.scalar(
            select(func.min(t.lease_until)).where(t.state == OutboxState.SENDING.value)
        )
        # min() keeps the column's type, so the values come back as aware UTC datetimes.
        moments = [m for m in (queued, leased) if m is not None]
        return min(moments) if moments else None

    def update(self, item: OutboxItem, *, expected_version: int) -> OutboxItem | None:
        """Write ``item`` if the stored version is still ``expected_version``; else ``None``, nothing written.

        The WHERE on version is the lock: of two senders claiming the same item, one updates a row and
        the other none (PostgreSQL and MariaDB re-check the WHERE after waiting for the first).
        """
        result = self._session.execute(
            update(InvitationOutboxRow)
            .where(InvitationOutboxRow.id == item.id, InvitationOutboxRow.version == expected_version)
            .values(**_column_values(item), version=expected_version + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None
        return replace(item, version=expected_version + 1)
