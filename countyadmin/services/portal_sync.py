"""County-wide sync: keep the local copy of CPSE Portal's links, invitations and admin users current.

Three change feeds, each walked from the watermark the portal issued at the end of the last walk. Each
page is applied in one transaction together with where the walk stands (the next cursor, or on the last
page the new watermark and the portal's as-of time), so a walk the portal cuts off resumes at the page
it lost, and a page applied twice changes nothing (rows are replaced by id). The same transaction renews
the desk's lease: on a database shared by several desks one syncs at a time, the others read the copy.
A desk whose lease was taken over (it stalled past the lease) writes nothing more.

The portal's answers are data, not orders: a walk that repeats a cursor, or runs past ``max_pages`` pages,
stops with a sentence (what was read is kept; the next sync goes on from the stored cursor), and the
"as of" time is never later than the database's clock, so a portal clock far ahead cannot make pending
invitations look expired (and resent).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Protocol, Self, cast

from countyadmin.db.portal_copy_repository import FeedPosition, LeaseHolder
from countyadmin.portal.errors import PortalUnavailable, ValidationFailed
from countyadmin.portal.models import (
    AdminUserChange,
    ChangePage,
    InvitationChange,
    LinkChange,
)
from countyadmin.services.errors import ServiceError
from countyadmin.services.invitations_outbox import default_sender_id

FEEDS = ("links", "invitations", "admin_users")
# Ten times the longest a page may take (http.CALL_DEADLINE, 30 s), as for link claims; renewed per page.
SYNC_LEASE = timedelta(minutes=5)
PAGE_SIZE = 1000
log = logging.getLogger(__name__)

# Pages of one feed in one sync: a million changes, fifty times the largest county's invitations. A walk
# stopped here is not lost: every page read is kept and the next sync goes on from its cursor.
MAX_PAGES = 1000
# Providers whose onboarding facts one transaction stores at the end of a walk: a clerk saving one of them
# waits for this many rows' updates at most.
FACTS_PER_TRANSACTION = 500


class SyncPortal(Protocol):
    """``countyadmin.portal.client.PortalClient`` as the sync uses it."""

    address: str

    def link_changes(
        self, *, updated_since: str | None = None, cursor: str | None = None, limit: int = ...
    ) -> ChangePage[LinkChange]: ...

    def invitation_changes(
        self, *, updated_since: str | None = None, cursor: str | None = None, limit: int = ...
    ) -> ChangePage[InvitationChange]: ...

    def admin_user_changes(
        self, *, updated_since: str | None = None, cursor: str | None = None, limit: int = ...
    ) -> ChangePage[AdminUserChange]: ...

    def close(self) -> None: ...


class PortalCopy(Protocol):
    """``countyadmin.db.portal_copy_repository.SqlPortalCopyRepository``."""

    def apply_links(self, changes: Sequence[LinkChange]) -> None: ...
    def apply_invitations(self, changes: Sequence[InvitationChange]) -> None: ...
    def apply_admin_users(self, changes: Sequence[AdminUserChange]) -> None: ...
    def clear(self) -> None: ...
    def clear_feed(self, feed: str) -> None: ...
    def onboarding_facts_behind(self) -> list[str]: ...
    def onboarding_facts_to_store(self) -> list[int]: ...
    def store_onboarding_facts(self, provider_ids: Sequence[int]) -> None: ...
    def onboarding_facts_caught_up(self, portal_ids: Sequence[str]) -> None: ...
    def mark_all_onboarding_facts_behind(self) -> None: ...
    def positions(self) -> dict[str, FeedPosition]: ...
    def save_position(self, position: FeedPosition) -> None: ...
    def take_lease(self, token: str, holder: str, lease: timedelta) -> bool: ...
    def renew_lease(self, token: str, lease: timedelta) -> bool: ...
    def fence_older_desks(self) -> None: ...
    def release_lease(self, token: str) -> None: ...
    def lease_holder(self) -> LeaseHolder | None: ...
    def database_time(self) -> datetime: ...


class SyncUnitOfWork(Protocol):
    @property
    def portal_copy(self) -> PortalCopy: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None: ...
    def commit(self) -> None: ...


class FeedRunaway(PortalUnavailable):
    """The portal's feed repeated a cursor or did not end: a portal fault, reported as the portal being
    unusable for now (the same handling, the same "try again later")."""

    def __init__(self, feed: str, why: str) -> None:
        what = {"links": "links", "invitations": "invitations", "admin_users": "administrators"}[feed]
        super().__init__(
            f"CPSE Portal's list of changed {what} {why}, so the sync stopped there; what was read is "
            "kept and the next sync goes on from it. Try again later; if it keeps happening, tell your "
            "IT support."
        )


class SyncOvertaken(ServiceError):
    def __init__(self) -> None:
        super().__init__(
            "Another desk took over the sync with CPSE Portal while this one was slow; its copy is used. "
            "Nothing needs doing."
        )


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What a sync did. ``as_of``: the portal's time the whole copy is current to (None: never synced)."""

    as_of: datetime | None
    synced: bool  # False: another desk holds the lease and syncs; this one only read the copy
    changes: int = 0
    requests: int = 0
    other_desk: str | None = None  # who holds the lease when ``synced`` is False


def copy_as_of(positions: dict[str, FeedPosition]) -> datetime | None:
    """The oldest of the feeds' as-of times: the copy is current to at least then (None: incomplete)."""
    times = [positions[f].as_of for f in FEEDS if f in positions]
    if len(times) < len(FEEDS) or any(t is None for t in times):
        return None
    return min(t for t in times if t is not None)


class PortalSyncService:
    """Safe to call from a worker thread; each call opens its own units of work and portal client."""

    def __init__(
        self,
        uow_factory: Callable[[], SyncUnitOfWork],
        portal_factory: Callable[[], object],
        *,
        holder: str | None = None,
        lease: timedelta = SYNC_LEASE,
        page_size: int = PAGE_SIZE,
        max_pages: int = MAX_PAGES,
    ) -> None:
        self._uow_factory = uow_factory
        # ``configured_portal`` builds PortalClients, which have the feed methods as well.
        self._portal_factory = cast(Callable[[], SyncPortal], portal_factory)
        self._holder = holder or default_sender_id()
        self._lease = lease
        self._page_size = page_size
        self._max_pages = max_pages

    def as_of(self) -> datetime | None:
        with self._uow_factory() as uow:
            return copy_as_of(uow.portal_copy.positions())

    def sync(self) -> SyncResult:
        """Bring the copy up to date from the last watermark (everything, the first time).

        Raises:
            PortalError: the portal could not be asked; what was applied so far is kept and the next
                sync resumes from there.
            PortalNotConfigured: no portal address or key in Settings.
        """
        token = uuid.uuid4().hex
        with self._uow_factory() as uow:
            if not uow.portal_copy.take_lease(token, self._holder, self._lease):
                holder = uow.portal_copy.lease_holder()
                as_of = copy_as_of(uow.portal_copy.positions())
                return SyncResult(as_of, False, other_desk=holder.holder if holder else None)
            uow.portal_copy.fence_older_desks()
            uow.commit()
        walk = _Walk(self, token)
        try:
            client = self._portal_factory()
            try:
                walk.run(client)
            finally:
                client.close()
        except BaseException:
            # What the pages applied before the portal went away, and rows put wrong by anyone since the
            # last walk, are stored now rather than after the next walk that reaches its end.
            walk.store_onboarding_facts_quietly()
            raise
        else:
            walk.store_onboarding_facts()
        finally:
            with self._uow_factory() as uow:
                uow.portal_copy.release_lease(token)
                uow.commit()
        return SyncResult(self.as_of(), True, walk.changes, walk.requests)


_APPLY: dict[str, Callable[[PortalCopy, Sequence[Any]], None]] = {
    "links": lambda copy, items: copy.apply_links(items),
    "invitations": lambda copy, items: copy.apply_invitations(items),
    "admin_users": lambda copy, items: copy.apply_admin_users(items),
}


def _fetch(client: SyncPortal, feed: str) -> Callable[..., ChangePage[Any]]:
    fetchers: dict[str, Callable[..., ChangePage[Any]]] = {
        "links": client.link_changes,
        "invitations": client.invitation_changes,
        "admin_users": client.admin_user_changes,
    }
    return fetchers[feed]


class _Walk:
    def __init__(self, service: PortalSyncService, token: str) -> None:
        self._service = service
        self._token = token
        self.changes = 0
        self.requests = 0

    def run(self, client: SyncPortal) -> None:
        source = client.address
        with self._service._uow_factory() as uow:
            positions = uow.portal_copy.positions()
        if any(p.source != source for p in positions.values()):
            # Another portal's watermarks mean nothing here, nor does its data: start afresh.
            with self._lease() as copy:
                copy.clear()
            positions = {}
        if any(feed not in positions for feed in FEEDS):
            # A walk from the start brings what exists now, never a tombstone for what went meanwhile (the
            # copy emptied by hand or by a migration): no stored fact is believed until stored again.
            with self._lease() as copy:
                copy.mark_all_onboarding_facts_behind()
        for feed in FEEDS:
            self._feed(client, feed, source, positions.get(feed))

    def store_onboarding_facts_quietly(self) -> None:
        """store_onboarding_facts after a walk that failed: its own failure (the lease lost, the
        database gone) is logged, never raised over the walk's."""
        try:
            self.store_onboarding_facts()
        except SyncOvertaken:
            pass
        except Exception:  # noqa: BLE001 - the walk's error is the one the clerk must see
            log.warning("storing the onboarding facts after a failed walk failed", exc_info=True)

    def store_onboarding_facts(self) -> None:
        """Store each provider's onboarding facts where they are not the copy's (db/onboarding_facts.py):
        rows the pages touched, rows linked at a desk since, rows anything else put wrong. Short
        transactions by primary key, so a clerk's save waits for a few hundred rows at most."""
        with self._lease() as copy:
            marked = copy.onboarding_facts_behind()
            wrong = copy.onboarding_facts_to_store()
        for start in range(0, len(wrong), FACTS_PER_TRANSACTION):
            chunk = wrong[start : start + FACTS_PER_TRANSACTION]
            with self._lease() as copy:
                copy.store_onboarding_facts(chunk)
        with self._lease() as copy:
            copy.onboarding_facts_caught_up(marked)

    @contextmanager
    def _lease(self) -> Iterator[PortalCopy]:
        """One transaction of the walk, committed at the end, if this desk still holds the lease: renewed
        by its own token only, so a desk overtaken never takes it back, even once released."""
        with self._service._uow_factory() as uow:
            if not uow.portal_copy.renew_lease(self._token, self._service._lease):
                raise SyncOvertaken()
            yield uow.portal_copy
            uow.commit()

    def _feed(self, client: SyncPortal, feed: str, source: str, position: FeedPosition | None) -> None:
        since = position.watermark if position else None
        cursor = position.cursor if position else None
        as_of = position.as_of if position else None
        restarted = False
        fetch = _fetch(client, feed)
        cursors: set[str] = set()
        while True:
            if len(cursors) >= self._service._max_pages:
                raise FeedRunaway(feed, f"went on past {self._service._max_pages} pages")
            try:
                self.requests += 1
                page = fetch(updated_since=since, cursor=cursor, limit=self._service._page_size)
            except ValidationFailed:
                if restarted or (since is None and cursor is None):
                    raise
                # The portal no longer knows our watermark or cursor (reset, restored from a backup):
                # this feed is read again from the start, its old rows dropped with the first page.
                restarted, since, cursor, as_of = True, None, None, None
                cursors.clear()  # a walk from the start may pass the same cursors again
                with self._lease() as copy:  # never under another desk's lease
                    copy.clear_feed(feed)
                continue
            last = page.next_cursor is None
            with self._lease() as copy:
                _APPLY[feed](copy, page.items)
                if last and page.as_of is not None:
                    as_of = min(page.as_of, copy.database_time())  # never ahead of our own clock
                copy.save_position(FeedPosition(
                    feed, source, watermark=page.watermark if last else since, cursor=page.next_cursor,
                    as_of=as_of,
                ))  # fmt: skip
            self.changes += len(page.items)
            if last:
                return
            cursor, previous = page.next_cursor, cursor
            if cursor is None or cursor in cursors or cursor == previous:
                raise FeedRunaway(feed, "came back to a page it had already sent")
            cursors.add(cursor)
