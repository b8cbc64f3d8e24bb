"""The invitation outbox's data and rules: an item's states, and when to try again. No Qt, no I/O.

An item is written when the clerk clicks Invite and lives until CPSE Portal confirms it:

    queued ──claim──▶ sending ──2xx──▶ sent
       ▲                 │
       └──unreachable────┤ (5xx, timeout, 401: tried again later with the same Idempotency-Key)
                         └──409/422/404──▶ failed (the clerk decides; nothing typed is lost)

    queued or failed ──the clerk withdraws──▶ withdrawn (never sent; kept for the record, not listed)

A sender *claims* an item by a compare-and-set on its version, and holds it for a lease; a sender
that dies mid-send leaves the lease to expire, and the next claim posts again with the same key, which
the portal answers by replaying the first answer: one invitation, one e-mail.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

FIRST_RETRY = timedelta(seconds=10)
MAX_RETRY = timedelta(minutes=15)
DEFAULT_LEASE = timedelta(minutes=5)  # longer than the client's bounded retries of one post


class OutboxState(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"  # stopped by the clerk before it went out, or a refusal cleared from the list


class OutboxErrorKind(enum.StrEnum):
    """Why the last attempt did not succeed; the first three are retried automatically."""

    UNAVAILABLE = "unavailable"  # unreachable, timed out, 5xx, 429
    UNAUTHORIZED = "unauthorized"  # 401/403: the key in Settings needs fixing
    UNEXPECTED = "unexpected"  # any other answer or local error; tried again later
    PENDING_EXISTS = "pending_exists"  # 409: ``pending_invitation_id`` names the invitation to resend
    ALREADY_ADMIN = "already_admin"  # 409: the address is an active admin user of the provider already
    INVALID = "invalid"  # 422: ``field_errors`` says which fields
    PROVIDER_MISSING = "provider_missing"  # 404: the portal provider is gone


RETRIED_KINDS = frozenset(
    {OutboxErrorKind.UNAVAILABLE, OutboxErrorKind.UNAUTHORIZED, OutboxErrorKind.UNEXPECTED}
)


@dataclass(frozen=True, slots=True)
class NewOutboxItem:
    """An invitation about to be written to the outbox (validated, normalised)."""

    provider_id: int
    portal_provider_id: str
    first_name: str
    last_name: str
    email: str
    invited_by: str
    also_service_provider: bool
    npi: str | None
    profession: str | None
    license: str | None
    idempotency_key: str
    created_at: datetime
    created_by: str


@dataclass(frozen=True, slots=True)
class OutboxItem(NewOutboxItem):
    """One invitation in the outbox, as stored: what was queued, and how its delivery stands.

    ``version`` guards every change (compare-and-set).
    """

    id: int
    state: OutboxState
    attempts: int
    next_attempt_at: datetime | None
    lease_until: datetime | None
    leased_by: str | None
    error_kind: OutboxErrorKind | None
    last_error: str | None  # a sentence for the clerk
    field_errors: Mapping[str, str] = field(default_factory=dict)  # field name → sentence (a 422)
    pending_invitation_id: str | None = None  # the portal's pending invitation (a 409)
    sent_at: datetime | None = None
    portal_invitation_id: str | None = None
    portal_status: str | None = None  # last known: pending | accepted | expired | cancelled
    portal_expires_at: datetime | None = None
    updated_at: datetime | None = None
    version: int = 1

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def is_due(self, now: datetime) -> bool:
        """Whether a sender may claim it at ``now`` (queued and due, or sending with an expired lease)."""
        if self.state is OutboxState.QUEUED:
            return self.next_attempt_at is None or self.next_attempt_at <= now
        if self.state is OutboxState.SENDING:
            return self.lease_until is None or self.lease_until <= now
        return False

    @property
    def can_withdraw(self) -> bool:
        """Queued (not being sent this moment) or refused: the clerk may still stop or clear it."""
        return self.state in (OutboxState.QUEUED, OutboxState.FAILED)

    def due_at(self) -> datetime | None:
        """When it becomes claimable, or ``None`` when it never will (sent or failed)."""
        if self.state is OutboxState.QUEUED:
            return self.next_attempt_at or self.created_at
        if self.state is OutboxState.SENDING:
            return self.lease_until
        return None


def retry_delay(
    attempts: int,
    *,
    retry_after: float | None = None,
    rng: random.Random | None = None,
    first: timedelta = FIRST_RETRY,
    cap: timedelta = MAX_RETRY,
) -> timedelta:
    """How long to wait after ``attempts`` failed attempts: exponential, capped, with "equal jitter".

    Half the delay is fixed and half random, so the outboxes of several desks do not retry in step
    after an outage. A ``Retry-After`` from the portal is a floor (still capped).
    """
    exponent = min(max(attempts, 1) - 1, 30)  # 2**30 × 10 s is far past any cap; no float overflow
    ceiling = min(cap.total_seconds(), first.total_seconds() * 2**exponent)
    delay = ceiling / 2 + (rng or random).uniform(0, ceiling / 2)
    if retry_after is not None and retry_after > delay:
        delay = min(retry_after, cap.total_seconds())
    return timedelta(seconds=delay)
