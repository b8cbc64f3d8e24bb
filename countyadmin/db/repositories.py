"""SQLAlchemy repositories. They return domain dataclasses, never ORM objects."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, fields, replace
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, func, insert, literal_column, or_, select, text, type_coerce, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from countyadmin.db.models import AuditEventRow, NpiLookupRow, ProviderRow
from countyadmin.db.types import UtcDateTime
from countyadmin.domain.link_claim import LinkAction, LinkClaim, LinkClaimRequest
from countyadmin.domain.provider import ProviderRecord, ProviderSummary, ProviderType
from countyadmin.domain.records import AuditEntry, CachedNpiLookup, NewProvider

_PROVIDER_TYPES: dict[str | None, ProviderType | None] = {None: None, **{t.value: t for t in ProviderType}}
_T = ProviderRow.__table__.c
_SUMMARY_COLUMNS = (_T.id, _T.name, _T.provider_type, _T.sed_code, _T.npi, _T.uses_portal,
                    _T.portal_provider_id)  # fmt: skip
# What update() writes: everything but the key and the lock itself.
_WRITABLE = tuple(f.name for f in fields(ProviderRecord) if f.name not in ("id", "version"))
_IN_CHUNK = 1000
_CLAIM_COLUMNS = (_T.link_claim_action, _T.link_claim_portal_id, _T.link_claim_token, _T.link_claim_by,
                  _T.link_claim_at, _T.link_claim_until)  # fmt: skip
_NO_CLAIM: dict[str, Any] = {column.name: None for column in _CLAIM_COLUMNS}
_ADVANCE_PG_SEQUENCE = text(
    "SELECT setval(pg_get_serial_sequence('providers', 'id'), (SELECT max(id) FROM providers))"
)


def _record(row: ProviderRow) -> ProviderRecord:
    return ProviderRecord(
        id=row.id,
        name=row.name,
        provider_type=_PROVIDER_TYPES[row.provider_type],
        sed_code=row.sed_code,
        npi=row.npi,
        tax_id=row.tax_id,
        address_1=row.address_1,
        address_2=row.address_2,
        city=row.city,
        state=row.state,
        zip=row.zip,
        phone=row.phone,
        email=row.email,
        uses_portal=row.uses_portal,
        portal_provider_id=row.portal_provider_id,
        linked_at=row.linked_at,
        linked_by=row.linked_by,
        version=row.version,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


def _summary(row: Sequence[Any]) -> ProviderSummary:
    return ProviderSummary(row[0], row[1], _PROVIDER_TYPES[row[2]], row[3], row[4], bool(row[5]), row[6])


class SqlProviderRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, provider_id: int) -> ProviderRecord | None:
        row = self._session.get(ProviderRow, provider_id, populate_existing=True)
        return None if row is None else _record(row)

    def list_summaries(self) -> list[ProviderSummary]:
        # Core rows of seven columns: no ORM identity map, no object per row (100,000 rows load fast).
        result = self._session.execute(select(*_SUMMARY_COLUMNS).order_by(_T.name, _T.id))
        return [_summary(row) for row in result]

    def find_by_sed_code(self, sed_code: str) -> ProviderSummary | None:
        row = self._session.execute(select(*_SUMMARY_COLUMNS).where(_T.sed_code == sed_code)).first()
        return None if row is None else _summary(row)

    def sharing(
        self, *, npi: str | None = None, sed_code: str | None = None, portal_ids: Collection[str] = ()
    ) -> list[ProviderSummary]:
        """Providers with this NPI, this SED code or one of these CPSE Portal links, by name."""
        wanted = [_T.npi == npi] if npi else []
        wanted += [_T.sed_code == sed_code] if sed_code else []
        wanted += [_T.portal_provider_id.in_(sorted(set(portal_ids))[:_IN_CHUNK])] if portal_ids else []
        if not wanted:
            return []
        rows = self._session.execute(select(*_SUMMARY_COLUMNS).where(or_(*wanted)).order_by(_T.name, _T.id))
        return [_summary(row) for row in rows]

    def by_sed_codes(self, sed_codes: Collection[str]) -> dict[str, ProviderRecord]:
        codes = sorted(set(sed_codes))
        found: dict[str, ProviderRecord] = {}
        # In chunks: SQL Server takes at most 2,100 parameters per statement.
        for start in range(0, len(codes), _IN_CHUNK):
            chunk = codes[start : start + _IN_CHUNK]
            # Core rows, not ORM objects: an import looks up thousands at once (about 5x faster).
            rows = self._session.execute(select(*_T).where(_T.sed_code.in_(chunk)))
            found.update((row.sed_code, _record(cast(ProviderRow, row))) for row in rows)
        return found

    def count(self) -> int:
        return self._session.execute(select(func.count()).select_from(ProviderRow)).scalar_one()

    def add(
        self, provider: NewProvider, *, user: str, at: datetime, provider_id: int | None = None
    ) -> int:
        values = asdict(provider)
        values["provider_type"] = provider.provider_type.value if provider.provider_type else None
        row = ProviderRow(**values, id=provider_id, version=1, updated_at=at, updated_by=user)
        self._session.add(row)
        self._session.flush()
        if provider_id is not None and self._session.get_bind().dialect.name == "postgresql":
            # PostgreSQL's sequence does not see explicit ids; move it past them (SQLite and MariaDB do).
            self._session.execute(_ADVANCE_PG_SEQUENCE)
        return row.id

    def update(self, record: ProviderRecord, *, expected_version: int) -> ProviderRecord | None:
        values: dict[str, Any] = {name: getattr(record, name) for name in _WRITABLE}
        values["provider_type"] = record.provider_type.value if record.provider_type else None
        # Compare-and-set: the WHERE on version is the lock, so two sessions cannot both win.
        result = self._session.execute(
            update(ProviderRow)
            .where(ProviderRow.id == record.id, ProviderRow.version == expected_version)
            .values(**values, version=expected_version + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None
        return replace(record, version=expected_version + 1)

    # -- link claims (see countyadmin/domain/link_claim.py and services/linking.py) ------------------
    # Every time a claim holds is the database server's (database_now): the lease is judged on one clock.

    def claim_link(
        self, provider_id: int, claim: LinkClaimRequest, *, expected_version: int, lease: timedelta
    ) -> bool:
        """Take ``claim`` if the provider is at ``expected_version`` and unclaimed; the version moves on.

        One compare-and-set, like update(): of two desks claiming from the same version, one wins. Its
        start and lease are the database's time, not the desk's.
        """
        now = self._now()
        return self._set_where(
            (_T.version == expected_version, _T.link_claim_token.is_(None)),
            provider_id,
            {**_request_values(claim), "link_claim_at": now, "link_claim_until": self._now(lease),
             "version": expected_version + 1, "updated_at": now, "updated_by": claim.claimed_by},
        )  # fmt: skip

    def get_with_link_claim(self, provider_id: int) -> tuple[ProviderRecord, LinkClaim | None] | None:
        """The record and its claim read in one statement, so both show the same moment (on READ
        COMMITTED two statements could see a claim another desk committed in between, not its version).
        The claim carries the database's time of the read (``seen_at``) to judge its lease by."""
        seen = type_coerce(self._now(), UtcDateTime()).label("seen_at")
        row = self._session.execute(select(*_T, seen).where(_T.id == provider_id)).first()
        if row is None:
            return None
        record = _record(cast(ProviderRow, row))
        if row.link_claim_token is None:
            return record, None
        return record, LinkClaim(
            action=cast(LinkAction, row.link_claim_action),
            portal_provider_id=row.link_claim_portal_id,
            token=row.link_claim_token,
            claimed_by=row.link_claim_by,
            claimed_at=row.link_claim_at,
            lease_until=row.link_claim_until,
            seen_at=row.seen_at,
        )

    def release_link_claim(self, provider_id: int, token: str, *, only_if_ended: bool = False) -> bool:
        """Release the claim holding ``token`` (``only_if_ended``: only once its lease has ended)."""
        ended = (_T.link_claim_until <= self._now(),) if only_if_ended else ()
        return self._set_where((_T.link_claim_token == token, *ended), provider_id, _NO_CLAIM)

    def renew_link_claim(
        self, provider_id: int, token: str, new: LinkClaimRequest, *, lease: timedelta
    ) -> bool:
        """Make the claim holding ``token`` into ``new`` with a lease of ``lease`` from now (zero ends it
        at once); its start is kept. False if it is not held."""
        values = {**_request_values(new), "link_claim_until": self._now(lease)}
        return self._set_where((_T.link_claim_token == token,), provider_id, values)

    def take_over_link_claim(
        self, provider_id: int, token: str, new: LinkClaimRequest, *, lease: timedelta
    ) -> bool:
        """Take over the claim holding ``token`` if its lease has ended; False if it has not (or is gone)."""
        values = {**_request_values(new), "link_claim_at": self._now(),
                  "link_claim_until": self._now(lease)}  # fmt: skip
        conditions = (_T.link_claim_token == token, _T.link_claim_until <= self._now())
        return self._set_where(conditions, provider_id, values)

    def finish_link_claim(
        self, provider_id: int, token: str, *, portal_provider_id: str | None, linked_by: str | None,
        user: str, at: datetime,
    ) -> ProviderRecord | None:  # fmt: skip
        """Write the link (or its removal) and release the claim holding ``token``, in one statement.

        Only the link columns are written, so a profile applied while the claim was held is kept. Returns
        the record as stored, or ``None`` when the claim is no longer held (nothing is written then).
        """
        link: dict[str, Any] = {"portal_provider_id": portal_provider_id, "linked_by": linked_by,
                                "linked_at": at if portal_provider_id else None}  # fmt: skip
        if portal_provider_id is not None:
            link["uses_portal"] = True
        values = {**link, **_NO_CLAIM, "version": ProviderRow.version + 1,
                  "updated_at": at, "updated_by": user}  # fmt: skip
        if not self._set_where((_T.link_claim_token == token,), provider_id, values):
            return None
        return self.get(provider_id)

    def _now(self, plus: timedelta = timedelta(0)) -> ColumnElement[Any]:
        return database_now(self._session.get_bind().dialect.name, plus)

    def _set_where(self, conditions: Sequence[Any], provider_id: int, values: Mapping[str, Any]) -> bool:
        result = self._session.execute(
            update(ProviderRow)
            .where(ProviderRow.id == provider_id, *conditions)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def _request_values(claim: LinkClaimRequest) -> dict[str, Any]:
    return {
        "link_claim_action": claim.action,
        "link_claim_portal_id": claim.portal_provider_id,
        "link_claim_token": claim.token,
        "link_claim_by": claim.claimed_by,
    }


def database_now(dialect: str, plus: timedelta) -> ColumnElement[Any]:
    """The database server's time plus ``plus``, in the form UtcDateTime stores: naive UTC, microseconds.

    Compared in SQL with the stored claim times, like with like: PostgreSQL's ``timestamp`` (naive) gets
    now() in UTC; MariaDB's DATETIME(6) gets UTC_TIMESTAMP(6) (NOW() would be the server's zone, and whole
    seconds); SQLite's text gets 'YYYY-MM-DD HH:MM:SS.ffffff' as SQLAlchemy writes it (CURRENT_TIMESTAMP
    has whole seconds and no fraction, so it would not compare as text). SQLite has no server: its clock is
    the computer's that runs the statement.
    """
    micros = round(plus.total_seconds() * 1_000_000)
    if dialect == "postgresql":
        return func.timezone("UTC", func.now()) + func.make_interval(0, 0, 0, 0, 0, 0, micros / 1_000_000)
    if dialect in ("mysql", "mariadb"):
        return func.timestampadd(literal_column("MICROSECOND"), micros, func.utc_timestamp(6))
    if dialect == "sqlite":
        # 'now' is the same for every use within one statement; %f gives milliseconds: pad to six digits.
        moved = f"{micros / 1_000_000:+.6f} seconds"
        return func.strftime("%Y-%m-%d %H:%M:%f", "now", moved).concat("000")
    raise NotImplementedError(f"link claims need the database's clock, not known for {dialect}")


class SqlNpiLookupRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, npi: str) -> CachedNpiLookup | None:
        row = self._session.get(NpiLookupRow, npi, populate_existing=True)
        if row is None:
            return None
        payload = json.loads(row.payload) if row.payload is not None else None
        return CachedNpiLookup(npi=row.npi, found=row.found, payload=payload, fetched_at=row.fetched_at)

    def save(self, lookup: CachedNpiLookup) -> None:
        """Insert or replace in one statement: two desks (or two lookups) saving the same NPI at once
        must not collide, as SELECT-then-INSERT (merge) would."""
        values = {
            "npi": lookup.npi,
            "found": lookup.found,
            "payload": json.dumps(lookup.payload) if lookup.payload is not None else None,
            "fetched_at": lookup.fetched_at,
        }
        changed = {key: value for key, value in values.items() if key != "npi"}
        dialect = self._session.get_bind().dialect.name
        # Each dialect's insert is imported here: importing all three cost every start ~25 ms.
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            statement = sqlite_insert(NpiLookupRow).values(values)
            self._session.execute(statement.on_conflict_do_update(index_elements=["npi"], set_=changed))
        elif dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as postgresql_insert

            statement_pg = postgresql_insert(NpiLookupRow).values(values)
            self._session.execute(statement_pg.on_conflict_do_update(index_elements=["npi"], set_=changed))
        elif dialect in ("mysql", "mariadb"):
            from sqlalchemy.dialects.mysql import insert as mysql_insert

            statement_my = mysql_insert(NpiLookupRow).values(values)
            self._session.execute(statement_my.on_duplicate_key_update(**changed))
        else:  # other servers (SQL Server): try the insert in a savepoint, update when it is taken
            try:
                with self._session.begin_nested():
                    self._session.execute(insert(NpiLookupRow).values(values))
            except IntegrityError:
                self._session.execute(
                    update(NpiLookupRow).where(NpiLookupRow.npi == lookup.npi).values(changed)
                )
        self._session.expire_all()  # a later get() in this unit of work reads the new row


class SqlAuditRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        *,
        occurred_at: datetime,
        user_name: str,
        provider_id: int | None,
        action: str,
        details: Mapping[str, Any],
    ) -> None:
        self._session.add(
            AuditEventRow(
                occurred_at=occurred_at,
                user_name=user_name,
                provider_id=provider_id,
                action=action,
                details=json.dumps(details, default=str),
            )
        )
        self._session.flush()

    def for_provider(self, provider_id: int) -> list[AuditEntry]:
        rows = self._session.scalars(
            select(AuditEventRow)
            .where(AuditEventRow.provider_id == provider_id)
            .order_by(AuditEventRow.occurred_at.desc(), AuditEventRow.id.desc())
        )
        return [
            AuditEntry(
                id=row.id,
                occurred_at=row.occurred_at,
                user_name=row.user_name,
                provider_id=row.provider_id,
                action=row.action,
                details=json.loads(row.details),
            )
            for row in rows
        ]
