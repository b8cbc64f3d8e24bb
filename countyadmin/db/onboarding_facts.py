"""Each provider's onboarding facts, stored on its ``providers`` row (migration 0008).

The stage counts of 100,000 providers must come back within 50 ms; probing the copy's tables for every
linked provider took 60–200 ms (docs/performance.md). So the three facts a linked provider's stage is
decided by are kept on its row — an active admin user; a status-expired invitation; the latest expiry of
its pending invitations — and the counts read ``providers`` alone.

The rule that keeps them true: a row's facts describe what the copy holds *now* for the portal provider
``onboarding_facts_for``. Only the sync writes the copy, and every write of it refreshes, in the same
transaction, every row whose facts are for a portal provider it touched (``refresh_for``). Nothing else
has to cooperate: a link, an unlink, an import or a hand edit that changes ``portal_provider_id`` leaves
``onboarding_facts_for`` behind, the stage of that row is then decided from the copy itself (exact, a little
slower), and the end of each sync brings such rows up to date (``refresh_stale``). A row unlinked and linked
again to the same portal provider keeps facts that stayed true, since they were refreshed while unlinked.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from countyadmin.db.models import PortalAdminUserRow, PortalInvitationRow, ProviderRow

_CHUNK = 500


def _facts_of(portal_id: Any) -> dict[str, Any]:
    """The SET values that make a row's facts those of ``portal_id`` (a column of the row)."""
    a, i = PortalAdminUserRow, PortalInvitationRow
    active = exists().where(a.provider_id == portal_id, a.status == "active")
    expired = exists().where(i.provider_id == portal_id, i.status == "expired")
    pending = select(func.max(i.expires_at)).where(i.provider_id == portal_id, i.status == "pending")
    # CASE around EXISTS: SQL Server takes EXISTS only as a condition, never as a value.
    return {
        "onboarding_facts_for": portal_id,
        "onboarding_active_admin": case((active, True), else_=False),
        "onboarding_expired_invitation": case((expired, True), else_=False),
        "onboarding_pending_until": pending.scalar_subquery(),
    }


def stale() -> ColumnElement[bool]:
    """A linked row whose stored facts are not for the portal provider it is linked to."""
    p = ProviderRow
    return and_(
        p.portal_provider_id.is_not(None),
        or_(p.onboarding_facts_for.is_(None), p.onboarding_facts_for != p.portal_provider_id),
    )


def refresh_for(session: Session, portal_ids: Collection[str]) -> None:
    """After the copy changed for ``portal_ids``: every row whose facts are for one of them, and every row
    linked to one of them, gets the copy's facts of now. Both by index (0008's, 0007's), so a page of the
    sync locks only the rows it changes."""
    p = ProviderRow
    wanted = sorted(set(portal_ids))
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        session.execute(
            update(p).where(p.onboarding_facts_for.in_(chunk)).values(**_facts_of(p.onboarding_facts_for))
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        session.execute(
            update(p).where(p.portal_provider_id.in_(chunk), stale())
            .values(**_facts_of(p.portal_provider_id))
            .execution_options(synchronize_session=False)
        )  # fmt: skip


def refresh_stale(session: Session) -> int:
    """Bring every stale row's facts up to date; how many there were. The ids are read first, without
    locks, and updated by id, so MariaDB does not hold every scanned row until commit."""
    p = ProviderRow
    ids = list(session.scalars(select(p.id).where(stale()).order_by(p.id)))
    for start in range(0, len(ids), _CHUNK):
        session.execute(
            update(p).where(p.id.in_(ids[start : start + _CHUNK]), stale())
            .values(**_facts_of(p.portal_provider_id))
            .execution_options(synchronize_session=False)
        )  # fmt: skip
    return len(ids)


def forget_all(session: Session) -> None:
    """The copy was emptied: no stored facts hold any more (each row falls back to the copy itself)."""
    p = ProviderRow
    session.execute(
        update(p).where(p.onboarding_facts_for.is_not(None)).values(onboarding_facts_for=None)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
