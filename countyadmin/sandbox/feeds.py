"""Change feeds: each county's links, invitations and admin users, changed since a watermark.

Every write that can change what a county sees calls :func:`refresh` for the providers it touched, in
the same transaction. Refresh works out what each county may see of those providers now (the Access
rules: its own link; every admin user of a provider it links; the invitations it sent for a provider it
links) and compares it with what that county last saw (``feed_entry``). An item whose stored fields
changed, or that came into view, gets the county's next sequence number; an item that left the view
(an unlink, an admin user removed) becomes a tombstone with its next number. So:

- a county's feed is the entries with ``seq`` above its watermark, in ``seq`` order, paged by ``seq``;
- an item changed while a county walks its pages gets a number above every page read so far, so it
  comes again on a later page rather than being skipped;
- the sandbox runs one transaction at a time (the store's lock), so numbers are committed in order and
  the county's counter, read with the last page, is a watermark below which nothing can still appear.
  (A portal with concurrent writers would issue the highest number below which all are committed.)

An invitation's ``expired`` is computed from ``expires_at`` at each answer, not stored: expiry is not a
change, and a reader compares ``expires_at`` with the page's ``as_of``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from countyadmin.sandbox import schemas, views
from countyadmin.sandbox.problems import validation_problem
from countyadmin.sandbox.store import Store, format_id, utc
from countyadmin.sandbox.tables import (
    AdminUserRow,
    CountyLinkRow,
    FeedCounterRow,
    FeedEntryRow,
    InvitationRow,
    MetaRow,
    ProviderRow,
)

LINK, INVITATION, ADMIN_USER = "link", "invitation", "admin_user"
KINDS = (LINK, INVITATION, ADMIN_USER)
_BACKFILLED_KEY = "feeds_backfilled"
_CHUNK = 500
_TOKEN = re.compile(r"(cursor|watermark):([0-9]{1,18})")

Key = tuple[str, str, int]  # county, kind, item pk


def _digest(values: dict[str, Any]) -> str:
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _link_fields(row: CountyLinkRow) -> dict[str, Any]:
    return {"ref": row.county_provider_ref, "at": row.linked_at}


def _row_fields(row: Any) -> dict[str, Any]:
    # Stored columns only: an invitation's computed "expired" is not a change (module docstring).
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


def refresh(session: Session, provider_pks: Iterable[int]) -> int:
    """Bring every county's entries for these providers in line with what it may see now; returns how
    many entries changed."""
    changed = 0
    pks = sorted(set(provider_pks))
    for start in range(0, len(pks), _CHUNK):
        changed += _refresh_chunk(session, pks[start : start + _CHUNK])
    return changed


def _refresh_chunk(session: Session, pks: list[int]) -> int:
    links = session.scalars(select(CountyLinkRow).where(CountyLinkRow.provider_pk.in_(pks))).all()
    counties_of: dict[int, list[str]] = {}
    wanted: dict[Key, tuple[int, str]] = {}
    for link in links:
        counties_of.setdefault(link.provider_pk, []).append(link.county_id)
        wanted[(link.county_id, LINK, link.provider_pk)] = (link.provider_pk, _digest(_link_fields(link)))
    for user in session.scalars(select(AdminUserRow).where(AdminUserRow.provider_pk.in_(pks))):
        digest = _digest(_row_fields(user))
        for county_id in counties_of.get(user.provider_pk, ()):
            wanted[(county_id, ADMIN_USER, user.pk)] = (user.provider_pk, digest)
    for invitation in session.scalars(select(InvitationRow).where(InvitationRow.provider_pk.in_(pks))):
        county = invitation.county_id
        if county is not None and county in counties_of.get(invitation.provider_pk, ()):
            key = (county, INVITATION, invitation.pk)
            wanted[key] = (invitation.provider_pk, _digest(_row_fields(invitation)))
    seen = {
        (e.county_id, e.kind, e.item_pk): e
        for e in session.scalars(select(FeedEntryRow).where(FeedEntryRow.provider_pk.in_(pks)))
    }
    counters: dict[str, FeedCounterRow] = {}

    def next_seq(county_id: str) -> int:
        counter = counters.get(county_id) or session.get(FeedCounterRow, county_id)
        if counter is None:
            counter = FeedCounterRow(county_id=county_id, last_seq=0)
            session.add(counter)
        counters[county_id] = counter
        counter.last_seq += 1
        return counter.last_seq

    changed = 0
    for key, (provider_pk, digest) in sorted(wanted.items()):
        entry = seen.get(key)
        if entry is None:
            county_id, kind, item_pk = key
            seq = next_seq(county_id)
            session.add(
                FeedEntryRow(county_id=county_id, kind=kind, item_pk=item_pk, provider_pk=provider_pk,
                             seq=seq, digest=digest)  # fmt: skip
            )
            changed += 1
        elif entry.digest != digest:
            entry.seq, entry.digest = next_seq(key[0]), digest
            changed += 1
    for key, entry in sorted(seen.items()):
        if key not in wanted and entry.digest is not None:  # left the county's view: a tombstone
            entry.seq, entry.digest = next_seq(key[0]), None
            changed += 1
    session.flush()
    return changed


def backfill(store: Store) -> None:
    """Entries for a data dir made before the feeds existed (once; later writes refresh as they go)."""
    with store.transaction() as session:
        if session.get(MetaRow, _BACKFILLED_KEY) is not None:
            return
        refresh(session, session.scalars(select(ProviderRow.pk)).all())
        session.add(MetaRow(key=_BACKFILLED_KEY, value="1"))


# --- reading a feed --------------------------------------------------------------------------------


def encode_token(kind: str, seq: int) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{seq}".encode()).decode().rstrip("=")


def decode_token(token: str, kind: str, field: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (ValueError, UnicodeDecodeError, binascii.Error):
        text = ""
    match = _TOKEN.fullmatch(text)
    if match is None or match.group(1) != kind:
        what = "watermark" if kind == "watermark" else "cursor"
        raise validation_problem([(field, f"This {what} was not issued by this feed.")])
    return int(match.group(2))


@dataclass(frozen=True, slots=True)
class FeedPage:
    entries: list[tuple[FeedEntryRow, Any]]  # (entry, the current row, or None for a tombstone)
    next_cursor: str | None
    watermark: str | None
    as_of: datetime | None


_ROWS: dict[str, Callable[[Session, str, Collection[int]], dict[int, Any]]] = {
    LINK: lambda s, county_id, pks: {r.provider_pk: r for r in s.scalars(select(CountyLinkRow).where(
        CountyLinkRow.county_id == county_id, CountyLinkRow.provider_pk.in_(pks)))},
    INVITATION: lambda s, _, pks: {r.pk: r for r in s.scalars(
        select(InvitationRow).where(InvitationRow.pk.in_(pks)))},
    ADMIN_USER: lambda s, _, pks: {r.pk: r for r in s.scalars(
        select(AdminUserRow).where(AdminUserRow.pk.in_(pks)))},
}  # fmt: skip


def read_page(
    store: Store, county_id: str, kind: str, *, since: str | None, cursor: str | None, limit: int
) -> FeedPage:
    """One page of ``county_id``'s ``kind`` feed: after ``cursor`` if given, else after ``since``."""
    with store.transaction() as session:
        counter = session.get(FeedCounterRow, county_id)
        issued = counter.last_seq if counter else 0
        if cursor is not None:
            after = decode_token(cursor, "cursor", "query.next")
        elif since is not None:
            after = decode_token(since, "watermark", "query.updated_since")
        else:
            after = 0
        if after > issued:  # not a number this portal gave this county (another portal, a reset sandbox)
            raise validation_problem(
                [("query.updated_since" if cursor is None else "query.next",
                  "This watermark was not issued to your county; sync again from the start.")]
            )  # fmt: skip
        entries = session.scalars(
            select(FeedEntryRow)
            .where(FeedEntryRow.county_id == county_id, FeedEntryRow.kind == kind, FeedEntryRow.seq > after)
            .order_by(FeedEntryRow.seq)
            .limit(limit + 1)
        ).all()
        more = len(entries) > limit
        entries = entries[:limit]
        live = [e.item_pk for e in entries if e.digest is not None]
        rows = _ROWS[kind](session, county_id, live) if live else {}
        paired = [(e, rows.get(e.item_pk) if e.digest is not None else None) for e in entries]
        if more:
            return FeedPage(paired, encode_token("cursor", entries[-1].seq), None, None)
        return FeedPage(paired, None, encode_token("watermark", issued), utc(store.now()))


def link_change(entry: FeedEntryRow, row: CountyLinkRow | None) -> schemas.LinkChange:
    return schemas.LinkChange(
        provider_id=format_id("CP", entry.item_pk),
        removed=row is None,
        link=views.county_link(row) if row is not None else None,
    )


def invitation_change(
    entry: FeedEntryRow, row: InvitationRow | None, now: datetime
) -> schemas.InvitationChange:
    return schemas.InvitationChange(
        id=format_id("INV", entry.item_pk),
        provider_id=format_id("CP", entry.provider_pk),
        removed=row is None,
        invitation=views.invitation(row, now) if row is not None else None,
    )


def admin_user_change(entry: FeedEntryRow, row: AdminUserRow | None) -> schemas.AdminUserChange:
    return schemas.AdminUserChange(
        user_id=format_id("U", entry.item_pk),
        provider_id=format_id("CP", entry.provider_pk),
        removed=row is None,
        admin_user=views.admin_user(row) if row is not None else None,
    )
