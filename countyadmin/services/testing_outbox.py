"""The in-memory invitation outbox of ``countyadmin.services.testing`` (same rules as the SQL one)."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from countyadmin.domain.outbox import NewOutboxItem, OutboxItem, OutboxState


class FakeOutboxRepository:
    def __init__(self, rows: dict[int, OutboxItem], providers: dict[int, Any]) -> None:
        self._rows = rows
        self._providers = providers

    def add(self, new: NewOutboxItem) -> OutboxItem:
        # The database's constraints: a known provider, and a key used once.
        if new.provider_id not in self._providers:
            raise ValueError(f"provider #{new.provider_id} does not exist")
        if any(r.idempotency_key == new.idempotency_key for r in self._rows.values()):
            raise ValueError("idempotency_key is already used")
        item = OutboxItem(
            id=max(self._rows, default=0) + 1,
            **asdict(new),
            state=OutboxState.QUEUED,
            attempts=0,
            next_attempt_at=new.created_at,
            lease_until=None,
            leased_by=None,
            error_kind=None,
            last_error=None,
            updated_at=new.created_at,
            version=1,
        )
        self._rows[item.id] = item
        return item

    def get(self, item_id: int) -> OutboxItem | None:
        return self._rows.get(item_id)

    def for_provider(self, provider_id: int) -> list[OutboxItem]:
        mine = [r for r in self._rows.values() if r.provider_id == provider_id]
        return sorted(mine, key=lambda r: (r.created_at, r.id), reverse=True)

    def active_for_email(self, provider_id: int, email: str) -> list[OutboxItem]:
        active = (OutboxState.QUEUED, OutboxState.SENDING)
        return [
            r for r in self._rows.values()
            if r.provider_id == provider_id and r.email.lower() == email.lower() and r.state in active
        ]  # fmt: skip

    def due(self, now: datetime, *, limit: int = 50) -> list[OutboxItem]:
        due = [r for r in self._rows.values() if r.is_due(now)]
        return sorted(due, key=lambda r: (r.next_attempt_at or now, r.id))[:limit]

    def next_due_at(self) -> datetime | None:
        moments = [m for r in self._rows.values() if (m := r.due_at()) is not None]
        return min(moments, default=None)

    def update(self, item: OutboxItem, *, expected_version: int) -> OutboxItem | None:
        stored = self._rows.get(item.id)
        if stored is None or stored.version != expected_version:
            return None
        saved = replace(item, version=expected_version + 1, created_at=stored.created_at,
                        created_by=stored.created_by, provider_id=stored.provider_id)  # fmt: skip
        self._rows[item.id] = saved
        return saved
