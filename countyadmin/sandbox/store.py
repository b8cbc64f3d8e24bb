"""Persistent sandbox state: one SQLite file in the data dir, one lock around every transaction.

Uvicorn runs the sync endpoints in a thread pool; SQLite has one writer at a time anyway, so a single
re-entrant lock keeps check-then-write sequences (unique NPIs, idempotency keys) atomic and simple.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Select, create_engine, event, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from countyadmin.sandbox.names import compact_name, zip5
from countyadmin.sandbox.problems import ApiProblem, validation_problem
from countyadmin.sandbox.tables import (
    ApiKeyRow,
    Base,
    CountyLinkRow,
    CountyRow,
    InvitationRow,
    MetaRow,
    NpiRecordRow,
    ProviderRow,
)

DB_FILE_NAME = "sandbox.sqlite3"
# Identifiers and cursors are matched whole (fullmatch) and in ASCII digits only: "CP-000108\n" or a
# fullwidth "CP-０１" names nothing, and a position always fits SQLite's 64-bit integer.
_ID_PATTERN = re.compile(r"([A-Z]+)-([0-9]{1,12})")
_CURSOR_PATTERN = re.compile(r"after:([0-9]{1,18})")
_CLOCK_KEY = "clock_offset_seconds"
# Far enough to expire any invitation, near enough that "now" stays a valid date (years 1-9999).
MAX_CLOCK_OFFSET_SECONDS = 100 * 366 * 86_400

R = TypeVar("R")


def utc(value: datetime) -> datetime:
    """SQLite keeps naive datetimes; every one we store is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def format_id(prefix: str, pk: int) -> str:
    return f"{prefix}-{pk:06d}"


def parse_id(prefix: str, text: str) -> int | None:
    """The key of an identifier written exactly as :func:`format_id` writes it: "CP-1", "CP-0000001"
    or "cp-000001" name nothing, so one resource has one identifier."""
    match = _ID_PATTERN.fullmatch(text)
    if match is None or match.group(1) != prefix:
        return None
    pk = int(match.group(2))
    return pk if format_id(prefix, pk) == text else None


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"after:{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        match = _CURSOR_PATTERN.fullmatch(text)
        if match is None:
            raise ValueError(text)
        return int(match.group(1))
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise validation_problem([("query.next", "This cursor was not issued by this list.")]) from None


def key_digest(api_key: str) -> str:
    return hashlib.sha256(api_key.encode()).hexdigest()


def county_id_for(name: str) -> str:
    """ "Alpha County" -> "alpha", "St. Lawrence County" -> "st-lawrence"."""
    base = re.sub(r"\s+county$", "", name.strip(), flags=re.IGNORECASE)
    slug = re.sub(r"[^0-9a-z]+", "-", base.lower()).strip("-")
    return slug or "county"


class Store:
    """All sandbox state. Methods raise :class:`ApiProblem` for the client's mistakes."""

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir
        self.engine: Engine = create_engine(
            f"sqlite:///{data_dir / DB_FILE_NAME}", connect_args={"check_same_thread": False}
        )
        event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)
        _upgrade(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._lock = threading.RLock()

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One atomic unit of work: commits on success, rolls back on any exception."""
        with self._lock, self._sessions.begin() as session:
            yield session

    # --- clock (lets tests and training expire invitations without waiting 14 days) ---

    def now(self) -> datetime:
        return datetime.now(UTC).replace(tzinfo=None) + timedelta(seconds=self.clock_offset())

    def clock_offset(self) -> float:
        with self.transaction() as session:
            row = session.get(MetaRow, _CLOCK_KEY)
            value = float(row.value) if row else 0.0
        # A data dir saved by an older sandbox may hold an absurd offset: it would break every call.
        return value if abs(value) <= MAX_CLOCK_OFFSET_SECONDS else 0.0

    def set_clock_offset(self, seconds: float) -> None:
        with self.transaction() as session:
            session.merge(MetaRow(key=_CLOCK_KEY, value=repr(float(seconds))))

    # --- counties and keys ---

    def add_api_key(self, api_key: str, county_name: str, county_id: str | None = None) -> str:
        cid = county_id or county_id_for(county_name)
        with self.transaction() as session:
            county = session.get(CountyRow, cid)
            if county is None:
                session.add(CountyRow(county_id=cid, name=county_name))
            else:
                county.name = county_name
            session.merge(ApiKeyRow(key_sha256=key_digest(api_key), county_id=cid))
        return cid

    def county_for_key(self, api_key: str) -> CountyRow | None:
        with self.transaction() as session:
            key = session.get(ApiKeyRow, key_digest(api_key))
            return session.get(CountyRow, key.county_id) if key else None

    # --- providers ---

    def is_empty(self) -> bool:
        with self.transaction() as session:
            return session.scalar(select(func.count()).select_from(ProviderRow)) == 0

    def provider_row(self, session: Session, provider_id: str) -> ProviderRow:
        pk = parse_id("CP", provider_id)
        row = session.get(ProviderRow, pk) if pk is not None else None
        if row is None:
            raise ApiProblem(404, f"There is no portal provider {provider_id}.")
        return row

    # --- who may act on what (the contract's "Access" rules; every refusal is a 404) ---

    def linked_provider_row(self, session: Session, county_id: str, provider_id: str) -> ProviderRow:
        """The provider, when ``county_id`` has linked it; a county acts only on providers it linked."""
        row = self.provider_row(session, provider_id)
        if session.get(CountyLinkRow, (row.pk, county_id)) is None:
            raise ApiProblem(
                404,
                f"Your county has not linked portal provider {provider_id}; link it to a county record "
                "before managing its administrators.",
            )
        return row

    def county_invitation_row(self, session: Session, county_id: str, invitation_id: str) -> InvitationRow:
        """An invitation ``county_id`` sent, for a provider it still links.

        Another county's invitation is answered exactly like one that does not exist, so a county
        learns nothing about invitations it did not send.
        """
        pk = parse_id("INV", invitation_id)
        row = session.get(InvitationRow, pk) if pk is not None else None
        if row is None or row.county_id != county_id:
            raise ApiProblem(404, f"There is no invitation {invitation_id}.")
        if session.get(CountyLinkRow, (row.provider_pk, county_id)) is None:
            provider_id = format_id("CP", row.provider_pk)
            raise ApiProblem(
                404,
                f"Your county no longer links portal provider {provider_id}; link it again to manage "
                f"invitation {invitation_id}.",
            )
        return row

    def get_provider(self, provider_id: str) -> ProviderRow:
        with self.transaction() as session:
            return self.provider_row(session, provider_id)

    def search_providers(
        self,
        *,
        npi: str | None,
        sed_code: str | None,
        name: str | None,
        zip_code: str | None,
        cursor: str | None,
        limit: int,
    ) -> tuple[list[tuple[ProviderRow, list[str]]], str | None]:
        errors: list[tuple[str, str]] = []
        wanted_name = compact_name(name) if name is not None else None
        wanted_zip = zip5(zip_code) if zip_code is not None else None
        if name is not None and not wanted_name:
            errors.append(("query.name", "Give at least one letter or digit of the name."))
        if zip_code is not None and len(wanted_zip or "") != 5:
            errors.append(("query.zip", "A ZIP code has 5 digits (ZIP+4 is accepted)."))
        if not (npi or sed_code or name):
            errors.append(("query", "Give at least one of npi, sed_code or name."))
        if errors:
            raise validation_problem(errors)
        criteria = []
        if npi:
            criteria.append(ProviderRow.npi == npi)
        if sed_code:
            criteria.append(ProviderRow.sed_code == sed_code)
        if wanted_name:
            by_name = ProviderRow.name_compact.contains(wanted_name)
            # zip narrows only the name criterion: an identifier match is never hidden by an old ZIP.
            if wanted_zip:
                by_name = by_name & ProviderRow.zip.startswith(wanted_zip)
            criteria.append(by_name)
        rows, next_cursor = self.page(
            select(ProviderRow).where(or_(*criteria)), ProviderRow.pk, cursor, limit
        )
        hits = []
        for row in rows:
            matched = []
            if npi and row.npi == npi:
                matched.append("npi")
            if sed_code and row.sed_code == sed_code:
                matched.append("sed_code")
            if wanted_name and wanted_name in row.name_compact:
                if not wanted_zip or zip5(row.zip) == wanted_zip:
                    matched.append("name")
            hits.append((row, matched))
        return hits, next_cursor

    def create_provider(self, fields: dict[str, Any], *, pk: int | None = None) -> ProviderRow:
        with self.transaction() as session:
            for column in ("npi", "sed_code"):
                value = fields.get(column)
                if value is None:
                    continue
                existing = session.scalar(select(ProviderRow).where(getattr(ProviderRow, column) == value))
                if existing is not None:
                    label = "NPI" if column == "npi" else "SED code"
                    existing_id = format_id("CP", existing.pk)
                    raise ApiProblem(
                        409,
                        f"The portal already has a provider with {label} {value}: {existing_id}.",
                        extensions={"existing_id": existing_id},
                    )
            if pk is None:
                pk = (session.scalar(select(func.max(ProviderRow.pk))) or 0) + 1
            row = ProviderRow(
                pk=pk,
                name_compact=compact_name(fields["name"]),
                status=fields.get("status", "active"),
                created_at=fields.get("created_at") or self.now(),
                **{k: v for k, v in fields.items() if k not in ("status", "created_at", "id")},
            )
            session.add(row)
            return row

    def page(
        self, query: Select[Any], pk_column: Any, cursor: str | None, limit: int
    ) -> tuple[Sequence[Any], str | None]:
        """Keyset pagination on an integer key: no duplicates or gaps while rows are added."""
        after = decode_cursor(cursor)
        with self.transaction() as session:
            rows = session.scalars(query.where(pk_column > after).order_by(pk_column).limit(limit + 1)).all()
        if len(rows) > limit:
            rows = rows[:limit]
            return rows, encode_cursor(rows[-1].pk)
        return rows, None

    # --- NPI registry emulator records ---

    def put_npi_record(self, record: dict[str, Any]) -> str:
        npi = str(record.get("number", "")).strip()
        with self.transaction() as session:
            session.merge(NpiRecordRow(npi=npi, record=record))
        return npi

    def all_npi_records(self) -> list[dict[str, Any]]:
        with self.transaction() as session:
            return [
                dict(row.record) for row in session.scalars(select(NpiRecordRow).order_by(NpiRecordRow.npi))
            ]

    def npi_record(self, npi: str) -> dict[str, Any] | None:
        with self.transaction() as session:
            row = session.get(NpiRecordRow, npi)
            return dict(row.record) if row else None


def _upgrade(engine: Engine) -> None:
    """Bring a data dir made by an older sandbox up to date (create_all adds tables, not columns)."""
    with engine.begin() as connection:
        columns = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(invitation)")}
        if "county_id" in columns:
            return
        connection.exec_driver_sql("ALTER TABLE invitation ADD COLUMN county_id VARCHAR(64)")
        # Older invitations did not record their county: give each to the county that linked its
        # provider first, the one that could have sent it; with no link it stays nobody's.
        connection.exec_driver_sql(
            "UPDATE invitation SET county_id = (SELECT county_id FROM county_link"
            " WHERE county_link.provider_pk = invitation.provider_pk ORDER BY linked_at LIMIT 1)"
        )
        connection.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_invitation_county_id ON invitation (county_id)"
        )


def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
