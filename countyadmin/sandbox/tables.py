"""The sandbox's own SQLite tables (unrelated to the app's ``countyadmin.db`` package)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class CountyRow(Base):
    __tablename__ = "county"

    county_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class ApiKeyRow(Base):
    __tablename__ = "api_key"

    # Only a digest is stored: the data dir may be copied around for training.
    key_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    county_id: Mapped[str] = mapped_column(ForeignKey("county.county_id"))


class ProviderRow(Base):
    __tablename__ = "provider"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    provider_type: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    name_compact: Mapped[str] = mapped_column(String(300), index=True)
    npi: Mapped[str | None] = mapped_column(String(10), unique=True)
    sed_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    tax_id: Mapped[str | None] = mapped_column(String(20))
    address_1: Mapped[str | None] = mapped_column(String(200))
    address_2: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(20))
    zip: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="active")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class CountyLinkRow(Base):
    __tablename__ = "county_link"

    provider_pk: Mapped[int] = mapped_column(ForeignKey("provider.pk"), primary_key=True)
    county_id: Mapped[str] = mapped_column(ForeignKey("county.county_id"), primary_key=True)
    county_provider_ref: Mapped[str] = mapped_column(String(100))
    linked_at: Mapped[datetime] = mapped_column(DateTime)


class AdminUserRow(Base):
    __tablename__ = "admin_user"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_pk: Mapped[int] = mapped_column(ForeignKey("provider.pk"), index=True)
    username: Mapped[str] = mapped_column(String(100))
    # Usernames are unique regardless of case, as on the real portal.
    username_folded: Mapped[str] = mapped_column(String(100), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="active")
    also_service_provider: Mapped[bool] = mapped_column(Boolean, default=False)
    npi: Mapped[str | None] = mapped_column(String(10))
    profession: Mapped[str | None] = mapped_column(String(10))
    license: Mapped[str | None] = mapped_column(String(50))


class InvitationRow(Base):
    __tablename__ = "invitation"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_pk: Mapped[int] = mapped_column(ForeignKey("provider.pk"), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="admin")
    also_service_provider: Mapped[bool] = mapped_column(Boolean, default=False)
    npi: Mapped[str | None] = mapped_column(String(10))
    profession: Mapped[str | None] = mapped_column(String(10))
    license: Mapped[str | None] = mapped_column(String(50))
    # Stored status is pending | accepted | cancelled; "expired" is computed from expires_at vs now.
    status: Mapped[str] = mapped_column(String(20), default="pending")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    invited_by: Mapped[str] = mapped_column(String(200))
    # The county that sent it: only that county lists, resends or cancels it (null: sent before counties
    # were told apart and nobody linked the provider then; no county may act on it).
    county_id: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)


class IdempotencyRow(Base):
    __tablename__ = "idempotency"
    __table_args__ = (UniqueConstraint("county_id", "key"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    county_id: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(300))
    # A digest of method, path and body: the same key with anything else is a client bug (422).
    request_sha256: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_json: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class OutboxRow(Base):
    __tablename__ = "outbox"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    to: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    invitation_pk: Mapped[int] = mapped_column(ForeignKey("invitation.pk"))
    sent_at: Mapped[datetime] = mapped_column(DateTime)


class NpiRecordRow(Base):
    __tablename__ = "npi_record"

    npi: Mapped[str] = mapped_column(String(10), primary_key=True)
    # The NPPES result object exactly as given (number may be a string or an int, as in the wild).
    record: Mapped[dict[str, object]] = mapped_column(JSON)


class MetaRow(Base):
    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class FeedEntryRow(Base):
    """What one county last saw of one item in one change feed (sandbox/feeds.py).

    ``seq`` comes from the county's own counter and moves on whenever what the county sees of the item
    changes; ``digest`` is of the stored fields it saw, null for a tombstone (the item left its view).
    """

    __tablename__ = "feed_entry"

    county_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # link | invitation | admin_user
    item_pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_pk: Mapped[int] = mapped_column(Integer, index=True)
    seq: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str | None] = mapped_column(String(64), nullable=True)


Index(
    "ix_feed_entry_county_kind_seq", FeedEntryRow.county_id, FeedEntryRow.kind, FeedEntryRow.seq, unique=True
)


class FeedCounterRow(Base):
    """Each county's change sequence: one counter per county, so a watermark says nothing of others."""

    __tablename__ = "feed_counter"

    county_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
