"""People search and identity checks on the local copy of CPSE Portal's data (migration 0005).

Everything is a query: a search uses the copy's indexes on ``npi``, ``email_key`` and ``name_key`` (an
NPI or an address exactly or by its start; a name by words it contains, walked in ``name_key`` order and
cut at the limit), and the identity checks are GROUP BY … HAVING over admin users and open invitations.
The places found are then named from the county's providers table through the link (one IN query).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from countyadmin.db.models import PortalAdminUserRow, PortalInvitationRow, PortalLinkRow, ProviderRow
from countyadmin.domain.people import (
    PeopleQuery,
    PersonEntry,
    ProviderPlace,
    QueryKind,
    invitation_state,
)

OPEN = ("pending", "expired")  # the invitations a person still has to act on
_IN_CHUNK = 500
_ESCAPE = "/"


def _like_text(text: str) -> str:
    return text.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace("_", _ESCAPE + "_")


class SqlPeopleRepository:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._dialect = session.get_bind().dialect.name

    # -- search ----------------------------------------------------------------------------------------

    def search(
        self, query: PeopleQuery, *, as_of: datetime | None, limit: int
    ) -> tuple[list[PersonEntry], bool]:
        """Admin users and open invitations matching ``query``, at most ``limit`` of each kind; True when
        there were more."""
        rows: list[Any] = []
        more = False
        for table in (PortalAdminUserRow, PortalInvitationRow):
            statement = self._entries(table).where(self._matches(table, query))
            found = list(self._session.execute(statement.order_by(table.name_key, table.email_key)
                                               .limit(limit + 1)))  # fmt: skip
            more = more or len(found) > limit
            rows.extend(found[:limit])
        return self._to_entries(rows, as_of), more

    def _matches(self, table: Any, query: PeopleQuery) -> ColumnElement[bool]:
        if query.kind is QueryKind.NPI:
            return table.npi == query.text  # type: ignore[no-any-return]
        if query.kind is QueryKind.EMAIL:
            return self._starts_with(table.email_key, query.text)
        words = and_(*(table.name_key.like(f"%{_like_text(w)}%", escape=_ESCAPE) for w in query.words))
        return or_(words, self._starts_with(table.email_key, query.email_prefix))

    def _starts_with(self, column: Any, prefix: str) -> ColumnElement[bool]:
        like = column.like(_like_text(prefix) + "%", escape=_ESCAPE)
        if self._dialect != "sqlite":
            return like  # type: ignore[no-any-return]
        # SQLite's LIKE ignores ASCII case, so it cannot use the (binary) index: a range on the index
        # finds the candidates and LIKE keeps the exact ones. Binary order is code-point order in UTF-8.
        # The next code point past the last character bounds the range (past the surrogates, which are
        # no text); after U+10FFFF nothing does.
        following = ord(prefix[-1]) + 1
        following = 0xE000 if 0xD800 <= following <= 0xDFFF else following
        if following > 0x10FFFF:
            return and_(column >= prefix, like)
        return and_(column >= prefix, column < prefix[:-1] + chr(following), like)

    # -- identities ------------------------------------------------------------------------------------

    def npis_with_several_emails(self, limit: int) -> list[str]:
        people = self._people().subquery()
        statement = (
            select(people.c.npi).where(people.c.npi.is_not(None)).group_by(people.c.npi)
            .having(func.count(self._exact(people.c.email_key).distinct()) > 1)
            .order_by(people.c.npi).limit(limit)
        )  # fmt: skip
        return [str(npi) for npi in self._session.scalars(statement)]

    def emails_with_several_names(self, limit: int) -> list[str]:
        people = self._people().subquery()
        key = self._exact(people.c.email_key)
        statement = (
            select(key).group_by(key).having(func.count(self._exact(people.c.name_key).distinct()) > 1)
            .order_by(key).limit(limit)
        )  # fmt: skip
        return [str(k) for k in self._session.scalars(statement)]

    def emails_invited_at_many(self, minimum: int, limit: int) -> list[str]:
        t = PortalInvitationRow
        key = self._exact(t.email_key)
        statement = (
            select(key).where(t.status != "cancelled").group_by(key)
            .having(func.count(t.provider_id.distinct()) >= minimum).order_by(key).limit(limit)
        )  # fmt: skip
        return [str(k) for k in self._session.scalars(statement)]

    def entries_for(
        self, *, as_of: datetime | None, npis: Collection[str] = (), email_keys: Collection[str] = (),
        invitations: Sequence[str] = OPEN,
    ) -> list[PersonEntry]:  # fmt: skip
        """Admin users, and invitations in one of ``invitations``' states, with these NPIs or addresses."""
        rows: list[Any] = []
        for column, values in (("npi", sorted(set(npis))), ("email_key", sorted(set(email_keys)))):
            for start in range(0, len(values), _IN_CHUNK):
                chunk = values[start : start + _IN_CHUNK]
                for table in (PortalAdminUserRow, PortalInvitationRow):
                    statement = self._entries(table, invitations).where(getattr(table, column).in_(chunk))
                    rows.extend(self._session.execute(statement))
        return self._to_entries(rows, as_of)

    def _people(self) -> Any:
        """(npi, email_key, name_key) of every admin user and open invitation."""
        parts = [select(t.npi, t.email_key, t.name_key) for t in (PortalAdminUserRow, PortalInvitationRow)]
        return union_all(parts[0], parts[1].where(PortalInvitationRow.status.in_(OPEN)))

    def _exact(self, column: Any) -> Any:
        # MariaDB's default collation ignores case and accents: josé@… and jose@… are two addresses.
        return column.collate("utf8mb4_bin") if self._dialect in ("mysql", "mariadb") else column

    # -- rows into entries -----------------------------------------------------------------------------

    def _entries(self, table: Any, invitations: Sequence[str] = OPEN) -> Select[Any]:
        admin = table is PortalAdminUserRow
        statement = select(
            literal("admin" if admin else "invitation").label("kind"),
            (table.user_id if admin else table.id).label("entry_id"),
            table.provider_id, table.first_name, table.last_name, table.email, table.email_key,
            table.name_key, table.npi, table.profession, table.status,
            (literal(None) if admin else table.expires_at).label("expires_at"),
            PortalLinkRow.county_provider_ref,
        ).outerjoin(PortalLinkRow, PortalLinkRow.provider_id == table.provider_id)  # fmt: skip
        return statement if admin else statement.where(table.status.in_(invitations))

    def _to_entries(self, rows: Sequence[Any], as_of: datetime | None) -> list[PersonEntry]:
        places = self._places({(r.provider_id, r.county_provider_ref) for r in rows})
        entries = []
        for r in rows:
            status = r.status
            if r.kind == "invitation":
                status = invitation_state(r.status, r.expires_at, as_of) or r.status
            entries.append(PersonEntry(
                kind=r.kind, entry_id=r.entry_id, place=places[r.provider_id], first_name=r.first_name,
                last_name=r.last_name, email=r.email, email_key=r.email_key, name_key=r.name_key,
                npi=r.npi, profession=r.profession, status=status,
                expires_at=r.expires_at if r.kind == "invitation" else None,
            ))  # fmt: skip
        return entries

    def _places(self, links: set[tuple[str, str | None]]) -> dict[str, ProviderPlace]:
        """Each portal provider named from the county record its link points to (the ref is its id)."""
        ordered = sorted({i for _, ref in links if (i := _county_id(ref)) is not None})
        records: dict[int, Any] = {}
        for start in range(0, len(ordered), _IN_CHUNK):
            chunk = ordered[start : start + _IN_CHUNK]
            statement = select(ProviderRow.id, ProviderRow.name, ProviderRow.sed_code, ProviderRow.npi)
            records.update(
                {r.id: r for r in self._session.execute(statement.where(ProviderRow.id.in_(chunk)))}
            )
        places = {}
        for portal_id, ref in links:
            record = records.get(_county_id(ref))  # type: ignore[arg-type]
            places[portal_id] = (
                ProviderPlace(portal_id, record.name, record.sed_code, record.npi) if record is not None
                else ProviderPlace(portal_id)
            )  # fmt: skip
        return places


def _county_id(ref: str | None) -> int | None:
    # services/linking.py: the link's ref is the county record's id; anything else names no record.
    return int(ref) if ref is not None and ref.isascii() and ref.isdigit() and len(ref) < 12 else None
