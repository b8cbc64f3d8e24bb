"""Where every provider stands on CPSE Portal, read from the local copy (services/onboarding.py).

A provider's stage is one CASE over ``providers``: unlinked ones by ``uses_portal``; linked ones by
what the copy holds for their ``portal_provider_id`` — an active admin user, else a pending invitation
not expired by the copy's as-of time, else an expired one, else nothing. What the copy holds is read from
the facts stored on the row (db/onboarding_facts.py) when they are for that link, so counting 100,000
providers is one grouped statement over one table (docs/performance.md); a row whose facts are behind
(linked since the last sync, or edited by hand) is decided by probing the copy's indexes instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from countyadmin.db import onboarding_facts
from countyadmin.db.models import (
    InvitationOutboxRow,
    PortalAdminUserRow,
    PortalInvitationRow,
    ProviderRow,
)
from countyadmin.db.types import UtcDateTime

# Stage numbers (countyadmin.services.onboarding.Stage has the words).
NOT_USING, NOT_LINKED, NO_ADMIN, PENDING, EXPIRED, ACTIVE_ADMIN = range(6)
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class ExpiredInvitationRow:
    """An invitation of the local copy that expired unaccepted, with the county's provider it is for."""

    invitation_id: str
    provider_id: int
    provider_name: str
    portal_provider_id: str
    first_name: str
    last_name: str
    email: str
    expires_at: datetime
    also_service_provider: bool
    npi: str | None
    profession: str | None
    license: str | None


@dataclass(frozen=True, slots=True)
class NoAdminProviderRow:
    provider_id: int
    name: str
    sed_code: str | None
    npi: str | None
    portal_provider_id: str


def _expired(as_of: Any, i: Any = PortalInvitationRow) -> ColumnElement[bool]:
    # Expiry is not a change the feed reports: a pending invitation past its date, as of the copy.
    return or_(i.status == "expired", and_(i.status == "pending", i.expires_at <= as_of))


def _stage(as_of: datetime) -> ColumnElement[int]:
    # Aliases: a statement that also reads the copy's tables outside the EXISTS keeps them apart.
    p, a, i = ProviderRow, aliased(PortalAdminUserRow), aliased(PortalInvitationRow)
    at = literal(as_of, UtcDateTime())
    # The stored facts (db/onboarding_facts.py) when the count may believe them: no other table read.
    stored = case(
        (p.onboarding_active_admin, ACTIVE_ADMIN),
        (p.onboarding_pending_until > at, PENDING),
        (or_(p.onboarding_pending_until.is_not(None), p.onboarding_expired_invitation), EXPIRED),
        else_=NO_ADMIN,
    )
    # Otherwise the copy itself, the same rules: CASE evaluates these probes only for such rows. ``linked``
    # repeats in each probe what the CASE already knows: with a condition on the outer row alone,
    # PostgreSQL cannot turn the probe into a hash of the whole copy table, built at every count once any
    # row is not believed (+25 ms for 500 of 100,000 rows; an index probe each instead, performance.md).
    linked = p.portal_provider_id.is_not(None)
    pid = p.portal_provider_id
    active = exists().where(a.provider_id == pid, a.status == "active", linked)
    pending = exists().where(i.provider_id == pid, i.status == "pending", i.expires_at > at, linked)
    expired = exists().where(i.provider_id == pid, _expired(at, i), linked)
    return case(
        (p.portal_provider_id.is_(None), case((p.uses_portal, NOT_LINKED), else_=NOT_USING)),
        (onboarding_facts.trusted(), stored),
        (active, ACTIVE_ADMIN),
        (pending, PENDING),
        (expired, EXPIRED),
        else_=NO_ADMIN,
    )


class SqlOnboardingRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _plain_plan(self) -> None:
        onboarding_facts.plain_plan(self._session)

    def stage_counts(self, as_of: datetime) -> dict[int, int]:
        """Stage number → how many providers are at it (stages nobody is at are left out)."""
        self._plain_plan()
        # GROUP BY over the CASE, not six SUM(CASE …): the databases inline the subquery's CASE into each
        # sum and evaluate its EXISTS probes six times a row (186 ms SQLite, 584 ms PostgreSQL, measured).
        stage = _stage(as_of).label("stage")
        inner = select(stage).select_from(ProviderRow).subquery()
        rows = self._session.execute(select(inner.c.stage, func.count()).group_by(inner.c.stage))
        return {int(s): int(n) for s, n in rows}

    def stages(self, as_of: datetime) -> dict[int, int]:
        """Provider id → its stage number, for every provider (one statement)."""
        self._plain_plan()
        rows = self._session.execute(select(ProviderRow.id, _stage(as_of)))
        return {int(pid): int(s) for pid, s in rows}

    def ids_at(self, stage: int, as_of: datetime) -> list[int]:
        """The providers at ``stage``, by id."""
        self._plain_plan()
        s = _stage(as_of)
        return list(self._session.scalars(select(ProviderRow.id).where(s == stage).order_by(ProviderRow.id)))

    def expired_invitations(self, as_of: datetime) -> list[ExpiredInvitationRow]:
        """Every expired invitation of a linked provider that has no active admin nor a pending
        invitation (the stage "Invitation expired"), by provider name then e-mail."""
        self._plain_plan()
        p, i = ProviderRow, PortalInvitationRow
        rows = self._session.execute(
            select(i.id, p.id, p.name, p.portal_provider_id, i.first_name, i.last_name, i.email, i.expires_at,
                   i.also_service_provider, i.npi, i.profession, i.license)
            .join(p, p.portal_provider_id == i.provider_id)
            .where(_expired(literal(as_of, UtcDateTime())), _stage(as_of) == EXPIRED)
            .order_by(p.name, p.id, i.email_key, i.id)
        )  # fmt: skip
        return [ExpiredInvitationRow(*row) for row in rows]  # type: ignore[arg-type, call-arg]

    def linked_without_admin(self, as_of: datetime) -> list[NoAdminProviderRow]:
        """Linked providers with no active admin user and no invitation at all, by name."""
        self._plain_plan()
        p = ProviderRow
        rows = self._session.execute(
            select(p.id, p.name, p.sed_code, p.npi, p.portal_provider_id)
            .where(_stage(as_of) == NO_ADMIN).order_by(p.name, p.id)
        )  # fmt: skip
        return [NoAdminProviderRow(*row) for row in rows]  # type: ignore[arg-type]

    def outbox_keys_present(self, keys: Collection[str]) -> set[str]:
        """Which of ``keys`` some outbox item already carries (queued, sending, sent or failed)."""
        wanted: Sequence[str] = sorted(set(keys))
        found: set[str] = set()
        column = InvitationOutboxRow.idempotency_key
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            found.update(self._session.scalars(select(column).where(column.in_(chunk))))
        return found


def resend_key(invitation_id: str) -> str:
    """The outbox Idempotency-Key of the resend of ``invitation_id``: the same for every click and desk,
    so an invitation is resent once however often the coordinator asks (fits the 64-character column)."""
    return "resend-" + hashlib.sha256(invitation_id.encode("utf-8")).hexdigest()[:48]
