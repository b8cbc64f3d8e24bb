"""Each provider's onboarding facts, stored on its ``providers`` row (migration 0008).

The stage counts of 100,000 providers must come back within 50 ms; probing the copy's tables for every
linked provider took 60–200 ms (docs/performance.md). So the three facts a linked provider's stage is
decided by are stored on its row — an active admin user; a status-expired invitation; the latest expiry
of its pending invitations — and the counts read ``providers`` alone.

When the count believes them (``trusted``): the facts are for the row's own link
(``onboarding_facts_for = portal_provider_id``) and that portal provider is not in
``onboarding_facts_behind``. Every sync page that changes the copy names the portal providers it touched
there, in the page's own transaction, so the copy and the mark are seen together or not at all; nothing
else has to cooperate (a link, an unlink, an import or a hand edit that changes ``portal_provider_id``
leaves ``onboarding_facts_for`` behind). Any row not believed is decided from the copy itself — exact, a
little slower. The sync's page transactions never write ``providers`` (no lock a clerk's save could meet).

At the end of each walk the sync stores the facts again where they are not the copy's — every row it finds
by comparing, whatever put it there (a page, a link at a desk, a row restored from a dump, an older desk)
— in short transactions by primary key, then clears the marks it read before. A copy emptied (another
portal, a refused watermark, a migration) marks every portal provider any row has facts for.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import and_, case, delete, exists, func, insert, or_, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from countyadmin.db.models import (
    OnboardingFactsBehindRow,
    PortalAdminUserRow,
    PortalInvitationRow,
    ProviderRow,
)

CHUNK = 500  # rows per statement (the sync commits every FACTS_PER_TRANSACTION, services/portal_sync.py)


def _copy_says(portal_id: Any) -> tuple[ColumnElement[Any], ColumnElement[Any], ColumnElement[Any]]:
    """What the copy holds now for ``portal_id`` (a column of the row): active admin, status-expired
    invitation, latest pending expiry. CASE around EXISTS: SQL Server takes EXISTS only as a condition."""
    a, i = PortalAdminUserRow, PortalInvitationRow
    active = exists().where(a.provider_id == portal_id, a.status == "active")
    expired = exists().where(i.provider_id == portal_id, i.status == "expired")
    pending = select(func.max(i.expires_at)).where(i.provider_id == portal_id, i.status == "pending")
    return case((active, True), else_=False), case((expired, True), else_=False), pending.scalar_subquery()


def trusted() -> ColumnElement[bool]:
    """The rows whose stored facts the count believes."""
    p = ProviderRow
    behind = select(OnboardingFactsBehindRow.portal_provider_id)
    return and_(p.onboarding_facts_for == p.portal_provider_id, p.portal_provider_id.not_in(behind))


def mark_behind(session: Session, portal_ids: Collection[str]) -> None:
    """The copy of ``portal_ids`` changed in this transaction: their stored facts are not believed."""
    behind = OnboardingFactsBehindRow.portal_provider_id
    wanted = sorted(set(portal_ids))
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        new = set(chunk) - set(session.scalars(select(behind).where(behind.in_(chunk))))
        if new:  # only the sync holding the lease writes here: no other insert can race this one
            rows = [{"portal_provider_id": pid} for pid in sorted(new)]
            session.execute(insert(OnboardingFactsBehindRow), rows)


def mark_all_behind(session: Session) -> None:
    """The copy was emptied: no stored facts are believed until stored again."""
    p = ProviderRow
    mark_behind(session, list(session.scalars(select(p.onboarding_facts_for).distinct().where(
        p.onboarding_facts_for.is_not(None)))))  # fmt: skip


def behind(session: Session) -> list[str]:
    return list(session.scalars(select(OnboardingFactsBehindRow.portal_provider_id)))


def caught_up(session: Session, portal_ids: Sequence[str]) -> None:
    """The facts of ``portal_ids`` are stored again: believe them."""
    column = OnboardingFactsBehindRow.portal_provider_id
    wanted = sorted(set(portal_ids))
    for start in range(0, len(wanted), CHUNK):
        session.execute(delete(OnboardingFactsBehindRow).where(column.in_(wanted[start : start + CHUNK])))


def plain_plan(session: Session) -> None:
    """PostgreSQL: no JIT for the onboarding statements in this transaction. Once its statistics know the
    tables, the planner's estimate for a CASE over 100,000 providers passes jit_above_cost, and compiling
    it took 400 ms of a 450 ms count that runs in 48 ms without (performance.md)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))


def not_the_copys(session: Session) -> list[int]:
    """Every provider whose stored facts are not what the copy says of its link now, by id: one read,
    without locks (a plain SELECT), probing the copy's indexes for each linked row."""
    plain_plan(session)
    p = ProviderRow
    active, expired, pending_until = _copy_says(p.portal_provider_id)
    # IS DISTINCT FROM: NULL-safe (facts for no link, no pending expiry), on every engine.
    wrong = or_(
        p.onboarding_facts_for.is_distinct_from(p.portal_provider_id),
        and_(p.portal_provider_id.is_not(None),
             or_(p.onboarding_active_admin != active, p.onboarding_expired_invitation != expired,
                 p.onboarding_pending_until.is_distinct_from(pending_until))),
    )  # fmt: skip
    return list(session.scalars(select(p.id).where(wrong).order_by(p.id)))


def store(session: Session, provider_ids: Sequence[int]) -> None:
    """Store the copy's facts of their link on ``provider_ids`` (none on an unlinked row). By primary
    key, ascending: only these rows are locked, in the order every other writer of many rows uses."""
    p = ProviderRow
    active, expired, pending_until = _copy_says(p.portal_provider_id)
    ids = sorted(provider_ids)
    for start in range(0, len(ids), CHUNK):
        session.execute(
            update(p).where(p.id.in_(ids[start : start + CHUNK]))
            .values(onboarding_facts_for=p.portal_provider_id, onboarding_active_admin=active,
                    onboarding_expired_invitation=expired, onboarding_pending_until=pending_until)
            .execution_options(synchronize_session=False)
        )  # fmt: skip


def refresh(session: Session) -> int:
    """All of the end of a walk in this one transaction, for tests and the benchmark: how many rows were
    stored. The sync runs the same steps in short transactions under its lease (services/portal_sync.py)."""
    marked = behind(session)
    wrong = not_the_copys(session)
    store(session, wrong)
    caught_up(session, marked)
    return len(wrong)
