"""The local copy of the county's CPSE Portal data (migration 0005): rows, feed positions, the lease.

A page of a change feed is applied as delete-then-insert of the ids it names, so applying the same page
twice (a walk resumed after the portal went away) leaves one row per id, and a tombstone only deletes.
The lease is one row taken by compare-and-set on the database server's clock (``database_now``, the
clock the link claims use), never a desk's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, type_coerce, update
from sqlalchemy.orm import Session

from countyadmin.db import onboarding_facts
from countyadmin.db.models import (
    PortalAdminUserRow,
    PortalInvitationRow,
    PortalLinkRow,
    PortalSyncFeedRow,
    PortalSyncLeaseRow,
)
from countyadmin.db.repositories import database_now
from countyadmin.db.types import UtcDateTime
from countyadmin.domain.people import email_key, name_key, portal_text
from countyadmin.portal.models import AdminUserChange, InvitationChange, LinkChange

SYNC_LEASE_NAME = "portal_sync_0008"  # the row migration 0008 inserts
# 0005's row, which desks running CountyAdmin before 0008 compete for: held for ever (migration 0008).
OLDER_DESKS_LEASE, OLDER_DESKS_FENCE = "portal_sync", "held-by-revision-0008"
OLDER_DESKS_HOLDER = "a newer CountyAdmin; restart this desk to sync"
_FOREVER = datetime(9999, 12, 31, tzinfo=UTC)
_CHUNK = 500
_COPY_TABLES = (PortalLinkRow, PortalInvitationRow, PortalAdminUserRow)


@dataclass(frozen=True, slots=True)
class FeedPosition:
    feed: str
    source: str
    watermark: str | None
    cursor: str | None
    as_of: datetime | None


@dataclass(frozen=True, slots=True)
class LeaseHolder:
    holder: str | None
    lease_until: datetime
    seen_at: datetime  # the database's time of the read


@dataclass(frozen=True, slots=True)
class CopyCounts:
    links: int
    invitations: int
    admin_users: int


def _clip(value: str | None, column: Any) -> str | None:
    # The portal's text is data: one longer than the column is cut, not a failed sync on MariaDB/PostgreSQL;
    # a character the contract forbids (NUL, a bidi override, a lone surrogate) is dropped, not stored.
    return value if value is None else portal_text(value)[: column.type.length]


def _person(change_id: str, provider_id: str, person: Any, table: Any) -> dict[str, Any]:
    c = table.__table__.c
    first, last, email = (portal_text(v) for v in (person.first_name, person.last_name, person.email))
    return {
        "provider_id": provider_id,
        "first_name": _clip(first, c.first_name),
        "last_name": _clip(last, c.last_name),
        "email": _clip(email, c.email),
        # Folded as people search folds what is typed (domain/people.py): accents too, in names.
        "email_key": _clip(email_key(email), c.email_key),
        "name_key": _clip(name_key(first, last), c.name_key),
        "npi": _clip(person.npi, c.npi),
        "profession": _clip(person.profession, c.profession),
        "license": _clip(person.license, c.license),
        "also_service_provider": bool(person.also_service_provider),
        "status": _clip(person.status, c.status),
    }


class SqlPortalCopyRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # -- rows ------------------------------------------------------------------------------------------

    def apply_links(self, changes: Sequence[LinkChange]) -> None:
        t = PortalLinkRow.__table__.c
        rows = [
            {"provider_id": c.provider_id, "county_provider_ref": _clip(c.link.county_provider_ref,
             t.county_provider_ref), "linked_at": c.link.linked_at}
            for c in _last_of_each(changes, lambda c: c.provider_id) if c.link is not None
        ]  # fmt: skip
        self._replace(PortalLinkRow, PortalLinkRow.provider_id, [c.provider_id for c in changes], rows)

    def apply_invitations(self, changes: Sequence[InvitationChange]) -> None:
        c = PortalInvitationRow.__table__.c
        rows = []
        for change in _last_of_each(changes, lambda ch: ch.invitation_id):
            if (inv := change.invitation) is not None:
                rows.append({
                    "id": change.invitation_id,
                    **_person(change.invitation_id, change.provider_id, inv, PortalInvitationRow),
                    "created_at": inv.created_at, "expires_at": inv.expires_at,
                    "invited_by": _clip(inv.invited_by, c.invited_by),
                })  # fmt: skip
        ids = [ch.invitation_id for ch in changes]
        gone = self._replace(PortalInvitationRow, PortalInvitationRow.id, ids, rows)
        self._mark_facts_behind(gone | {ch.provider_id for ch in changes})

    def apply_admin_users(self, changes: Sequence[AdminUserChange]) -> None:
        c = PortalAdminUserRow.__table__.c
        rows = []
        for change in _last_of_each(changes, lambda ch: ch.user_id):
            if (user := change.admin_user) is not None:
                rows.append({
                    "user_id": change.user_id, "username": _clip(user.username, c.username),
                    **_person(change.user_id, change.provider_id, user, PortalAdminUserRow),
                })  # fmt: skip
        gone = self._replace(PortalAdminUserRow, PortalAdminUserRow.user_id, [ch.user_id for ch in changes],
                             rows)  # fmt: skip
        self._mark_facts_behind(gone | {ch.provider_id for ch in changes})

    def _replace(self, table: Any, key: Any, ids: Sequence[str], rows: list[dict[str, Any]]) -> set[str]:
        """Delete the rows of ``ids``, insert ``rows``; the portal providers the deleted rows were of
        (an invitation or admin user may have moved to another provider since)."""
        unique = sorted(set(ids))
        gone: set[str] = set()
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            gone.update(self._session.scalars(select(table.provider_id).where(key.in_(chunk))))
            self._session.execute(delete(table).where(key.in_(chunk)))
        if rows:
            self._session.execute(insert(table), rows)
        return gone

    def _mark_facts_behind(self, portal_ids: set[str]) -> None:
        # In the page's own transaction: the copy changes and its stored facts stop being believed at once.
        onboarding_facts.mark_behind(self._session, portal_ids)

    # -- the onboarding facts stored on providers (db/onboarding_facts.py) -----------------------------

    def refresh_onboarding_facts(self) -> int:
        """Store every provider's facts that are not the copy's, in this transaction; how many. For tests
        and the benchmark: the sync calls the steps below, in short transactions."""
        return onboarding_facts.refresh(self._session)

    def onboarding_facts_behind(self) -> list[str]:
        return onboarding_facts.behind(self._session)

    def onboarding_facts_to_store(self) -> list[int]:
        return onboarding_facts.not_the_copys(self._session)

    def store_onboarding_facts(self, provider_ids: Sequence[int]) -> None:
        onboarding_facts.store(self._session, provider_ids)

    def onboarding_facts_caught_up(self, portal_ids: Sequence[str]) -> None:
        onboarding_facts.caught_up(self._session, portal_ids)

    def mark_all_onboarding_facts_behind(self) -> None:
        onboarding_facts.mark_all_behind(self._session)

    def clear(self) -> None:
        """Forget the whole copy and every feed position (another portal, or a watermark refused)."""
        for table in (*_COPY_TABLES, PortalSyncFeedRow):
            self._session.execute(delete(table))
        onboarding_facts.mark_all_behind(self._session)

    def clear_feed(self, feed: str) -> None:
        table = {"links": PortalLinkRow, "invitations": PortalInvitationRow,
                 "admin_users": PortalAdminUserRow}[feed]  # fmt: skip
        self._session.execute(delete(table))
        self._session.execute(delete(PortalSyncFeedRow).where(PortalSyncFeedRow.feed == feed))
        if table is not PortalLinkRow:
            onboarding_facts.mark_all_behind(self._session)

    def counts(self) -> CopyCounts:
        def count(table: Any) -> int:
            return int(self._session.scalar(select(func.count()).select_from(table)) or 0)

        return CopyCounts(count(PortalLinkRow), count(PortalInvitationRow), count(PortalAdminUserRow))

    # -- feed positions --------------------------------------------------------------------------------

    def positions(self) -> dict[str, FeedPosition]:
        rows = self._session.scalars(select(PortalSyncFeedRow).execution_options(populate_existing=True))
        return {r.feed: FeedPosition(r.feed, r.source, r.watermark, r.cursor, r.as_of) for r in rows}

    def save_position(self, position: FeedPosition) -> None:
        values = {"source": position.source, "watermark": position.watermark, "cursor": position.cursor,
                  "as_of": position.as_of}  # fmt: skip
        t = PortalSyncFeedRow
        done = self._session.execute(update(t).where(t.feed == position.feed).values(**values))
        if done.rowcount != 1:  # type: ignore[attr-defined]
            self._session.execute(insert(t).values(feed=position.feed, **values))

    # -- the lease: one desk syncs at a time -----------------------------------------------------------

    def take_lease(self, token: str, holder: str, lease: timedelta) -> bool:
        """Hold the sync lease for ``lease`` from the database's now: when nobody holds it, its lease
        has ended, or ``token`` holds it already (a renewal). False when another desk holds it."""
        t = PortalSyncLeaseRow
        now = self._now()
        free = or_(t.token.is_(None), t.token == token, t.lease_until.is_(None), t.lease_until <= now)
        done = self._session.execute(
            update(t).where(t.name == SYNC_LEASE_NAME, free)
            .values(token=token, holder=holder[:100], lease_until=self._now(lease))
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        if done.rowcount == 1:  # type: ignore[attr-defined]
            return True
        if self._session.get(t, SYNC_LEASE_NAME) is None:  # the row was removed by hand: make it again
            self._session.execute(insert(t).values(name=SYNC_LEASE_NAME))
            return self.take_lease(token, holder, lease)
        return False

    def renew_lease(self, token: str, lease: timedelta) -> bool:
        """Hold the lease ``lease`` longer, only if ``token`` holds it still: a desk another one overtook
        (even one that since released it) never takes it back mid-walk (SyncOvertaken)."""
        t = PortalSyncLeaseRow
        done = self._session.execute(
            update(t).where(t.name == SYNC_LEASE_NAME, t.token == token).values(lease_until=self._now(lease))
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        return bool(done.rowcount == 1)  # type: ignore[attr-defined]

    def fence_older_desks(self) -> None:
        """Hold 0005's lease row for ever, as migration 0008 does, again: a desk running CountyAdmin before
        0008 makes that row anew when it is removed by hand, then would change the copy without marking
        the onboarding facts behind (db/onboarding_facts.py)."""
        t = PortalSyncLeaseRow
        held = {"token": OLDER_DESKS_FENCE, "holder": OLDER_DESKS_HOLDER, "lease_until": _FOREVER}
        done = self._session.execute(
            update(t).where(t.name == OLDER_DESKS_LEASE, or_(t.token.is_(None), t.token != OLDER_DESKS_FENCE))
            .values(**held).execution_options(synchronize_session=False)
        )  # fmt: skip
        if done.rowcount == 0 and self._session.get(t, OLDER_DESKS_LEASE) is None:  # type: ignore[attr-defined]
            self._session.execute(insert(t).values(name=OLDER_DESKS_LEASE, **held))

    def release_lease(self, token: str) -> None:
        t = PortalSyncLeaseRow
        self._session.execute(
            update(t).where(t.name == SYNC_LEASE_NAME, t.token == token)
            .values(token=None, holder=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )  # fmt: skip

    def lease_holder(self) -> LeaseHolder | None:
        """Who holds the lease now (by the database's clock), or None when it is free."""
        t = PortalSyncLeaseRow
        seen = type_coerce(self._now(), UtcDateTime()).label("seen_at")
        row = self._session.execute(
            select(t.holder, t.lease_until, seen).where(t.name == SYNC_LEASE_NAME, t.token.is_not(None))
        ).first()
        if row is None or row.lease_until is None or row.lease_until <= row.seen_at:
            return None
        return LeaseHolder(row.holder, row.lease_until, row.seen_at)

    def database_time(self) -> datetime:
        """The database server's time now (the lease's clock), never a desk's."""
        now = self._session.scalar(select(type_coerce(self._now(), UtcDateTime())))
        assert isinstance(now, datetime)
        return now

    def _now(self, plus: timedelta = timedelta(0)) -> Any:
        return database_now(self._session.get_bind().dialect.name, plus)


def _last_of_each(changes: Iterable[Any], key: Any) -> list[Any]:
    """One change per id, the last in the page (an item changed mid-walk may come twice)."""
    last: dict[str, Any] = {}
    for change in changes:
        last[key(change)] = change
    return list(last.values())
