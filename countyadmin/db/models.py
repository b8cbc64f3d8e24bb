"""The county database's tables as SQLAlchemy 2 typed models.

Lengths are explicit because MariaDB needs them for VARCHAR (and for indexes); identifiers are text so
leading zeros survive. The migration in ``migrations/versions`` creates exactly these tables.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, MetaData, String, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from countyadmin.db.types import PortalId, UtcDateTime, json_text
from countyadmin.domain.field_limits import PROVIDER_FIELD_LENGTHS

# Named constraints let later migrations drop or alter them on every engine (SQLite batch mode included).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Provider field lengths live in the domain, so the import checks the same limits on every engine.
_LENGTH = PROVIDER_FIELD_LENGTHS
NAME_LENGTH = _LENGTH["name"]
USER_LENGTH = 200


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


_ONBOARDING_STAGE_COLUMNS = ("portal_provider_id", "uses_portal", "onboarding_facts_for",
                             "onboarding_active_admin", "onboarding_expired_invitation",
                             "onboarding_pending_until")  # fmt: skip


class ProviderRow(Base):
    __tablename__ = "providers"
    # The onboarding stage counts read only this index of this table (migration 0008).
    __table_args__ = (
        Index("ix_providers_onboarding_stage", *_ONBOARDING_STAGE_COLUMNS),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), index=True)
    # "agency" | "individual"
    provider_type: Mapped[str | None] = mapped_column(String(_LENGTH["provider_type"]))
    sed_code: Mapped[str | None] = mapped_column(String(_LENGTH["sed_code"]), unique=True)
    npi: Mapped[str | None] = mapped_column(String(_LENGTH["npi"]), index=True)
    tax_id: Mapped[str | None] = mapped_column(String(_LENGTH["tax_id"]))
    address_1: Mapped[str | None] = mapped_column(String(_LENGTH["address_1"]))
    address_2: Mapped[str | None] = mapped_column(String(_LENGTH["address_2"]))
    city: Mapped[str | None] = mapped_column(String(_LENGTH["city"]))
    state: Mapped[str | None] = mapped_column(String(_LENGTH["state"]))
    zip: Mapped[str | None] = mapped_column(String(_LENGTH["zip"]))
    phone: Mapped[str | None] = mapped_column(String(_LENGTH["phone"]))
    email: Mapped[str | None] = mapped_column(String(_LENGTH["email"]))
    uses_portal: Mapped[bool] = mapped_column(default=False, server_default=false())
    portal_provider_id: Mapped[str | None] = mapped_column(PortalId(64))
    linked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    linked_by: Mapped[str | None] = mapped_column(String(USER_LENGTH))
    # Optimistic locking: every write is UPDATE … WHERE version = :expected (see repositories.py).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    updated_by: Mapped[str | None] = mapped_column(String(USER_LENGTH))
    # A link or unlink in progress (domain/link_claim.py): set before CPSE Portal is called, cleared by
    # the final write. Not part of ProviderRecord, so update() never touches it.
    link_claim_action: Mapped[str | None] = mapped_column(String(16))  # "link" | "unlink" | "add"
    link_claim_portal_id: Mapped[str | None] = mapped_column(PortalId(64))
    link_claim_token: Mapped[str | None] = mapped_column(String(64))
    link_claim_by: Mapped[str | None] = mapped_column(String(USER_LENGTH))
    # Both by the database server's clock, never a desk's (db/repositories.py, database_now).
    link_claim_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    link_claim_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # What the local copy of CPSE Portal said of the portal provider ``onboarding_facts_for`` when the sync
    # last stored them (db/onboarding_facts.py), so the stage counts read no other table. Believed only
    # while ``onboarding_facts_for`` equals ``portal_provider_id`` and that portal provider is not in
    # ``onboarding_facts_behind``; any other row is decided from the copy itself. Derived data: never part
    # of ProviderRecord, never bumps ``version``.
    onboarding_facts_for: Mapped[str | None] = mapped_column(PortalId(64))
    onboarding_active_admin: Mapped[bool] = mapped_column(default=False, server_default=false())
    onboarding_expired_invitation: Mapped[bool] = mapped_column(default=False, server_default=false())
    onboarding_pending_until: Mapped[datetime | None] = mapped_column(UtcDateTime())


class NpiLookupRow(Base):
    __tablename__ = "npi_lookups"

    npi: Mapped[str] = mapped_column(String(10), primary_key=True)
    found: Mapped[bool]
    payload: Mapped[str | None] = mapped_column(json_text())  # the registry's raw result object
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AuditEventRow(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_provider_id_occurred_at", "provider_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime())
    user_name: Mapped[str] = mapped_column(String(USER_LENGTH))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    action: Mapped[str] = mapped_column(String(64))
    details: Mapped[str] = mapped_column(json_text())


class InvitationOutboxRow(Base):
    """An invitation typed by a clerk, kept until CPSE Portal has it (see services/invitations.py).

    ``idempotency_key`` is chosen once, when the clerk clicks Invite, and every attempt reuses it, so
    the portal creates the invitation exactly once however often the post is repeated.
    """

    __tablename__ = "invitation_outbox"
    __table_args__ = (
        # The sender's question: which items are due? (state, then time)
        Index("ix_invitation_outbox_state_next_attempt_at", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    portal_provider_id: Mapped[str] = mapped_column(PortalId(64))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    invited_by: Mapped[str] = mapped_column(String(USER_LENGTH))
    also_service_provider: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    npi: Mapped[str | None] = mapped_column(String(10))
    profession: Mapped[str | None] = mapped_column(String(16))
    license: Mapped[str | None] = mapped_column(String(32))
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(16))  # queued | sending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    leased_by: Mapped[str | None] = mapped_column(String(100))
    error_kind: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(String(1000))
    field_errors: Mapped[str | None] = mapped_column(json_text())  # [{"field", "message"}] from a 422
    pending_invitation_id: Mapped[str | None] = mapped_column(PortalId(64))  # from a 409
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(String(USER_LENGTH))
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    portal_invitation_id: Mapped[str | None] = mapped_column(PortalId(64), index=True)
    portal_status: Mapped[str | None] = mapped_column(String(16))
    portal_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Compare-and-set on every state change, so two desks' senders never both claim an item.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class PortalMatchCheckRow(Base):
    """The outcome of the last look for CPSE Portal matches, per provider (the list's "Match available")."""

    __tablename__ = "portal_match_checks"

    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), primary_key=True)
    checked_at: Mapped[datetime] = mapped_column(UtcDateTime())
    best_match_kind: Mapped[str | None] = mapped_column(String(16))  # a MatchKind name, None: no match
    candidate_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


# --- the local copy of the county's CPSE Portal data (services/portal_sync.py, migration 0005) -------
# Kept in step by the change feeds; the onboarding view and people search read it, never the portal.
# ``*_key`` columns are the case-folded forms searched on (e-mail; "first last").


class PortalLinkRow(Base):
    __tablename__ = "portal_links"

    provider_id: Mapped[str] = mapped_column(PortalId(64), primary_key=True)
    county_provider_ref: Mapped[str] = mapped_column(String(100), index=True)
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime())


class _PortalPerson:
    """The columns an invitation and an admin user share: who, and what people search looks up."""

    provider_id: Mapped[str] = mapped_column(PortalId(64))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    email_key: Mapped[str] = mapped_column(String(254), index=True)
    name_key: Mapped[str] = mapped_column(String(201), index=True)
    npi: Mapped[str | None] = mapped_column(String(10), index=True)
    profession: Mapped[str | None] = mapped_column(String(16))
    license: Mapped[str | None] = mapped_column(String(64))
    also_service_provider: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class PortalInvitationRow(_PortalPerson, Base):
    __tablename__ = "portal_invitations"
    __table_args__ = (
        # The onboarding stages: per provider, pending (and when it expires) or not.
        Index("ix_portal_invitations_provider_id_status", "provider_id", "status", "expires_at"),
    )

    id: Mapped[str] = mapped_column(PortalId(64), primary_key=True)
    # As the portal stored it (pending | accepted | cancelled, or expired if it said so): "expired" is
    # expires_at <= the copy's as-of time, since expiry is not a change the feed reports.
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    invited_by: Mapped[str] = mapped_column(String(USER_LENGTH))


class PortalAdminUserRow(_PortalPerson, Base):
    __tablename__ = "portal_admin_users"
    __table_args__ = (Index("ix_portal_admin_users_provider_id_status", "provider_id", "status"),)

    user_id: Mapped[str] = mapped_column(PortalId(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16))  # active | disabled


class PortalSyncFeedRow(Base):
    """Where each feed stands: the portal's watermark after the last complete walk, the cursor of a
    walk in progress (written with each page's rows, so a walk cut off resumes there), and as of when."""

    __tablename__ = "portal_sync_feeds"

    feed: Mapped[str] = mapped_column(String(32), primary_key=True)  # links | invitations | admin_users
    source: Mapped[str] = mapped_column(String(500))  # the portal address the copy came from
    watermark: Mapped[str | None] = mapped_column(String(500))
    cursor: Mapped[str | None] = mapped_column(String(500))
    as_of: Mapped[datetime | None] = mapped_column(UtcDateTime())  # the portal's time of the last page


class OnboardingFactsBehindRow(Base):
    """A portal provider whose copy changed since the facts stored on the providers linked to it: written
    in the transaction of the sync page that changed it, removed once the sync stored them again."""

    __tablename__ = "onboarding_facts_behind"

    portal_provider_id: Mapped[str] = mapped_column(PortalId(64), primary_key=True)


class PortalSyncLeaseRow(Base):
    """One desk syncs at a time: who holds the lease, until when by the database's clock."""

    __tablename__ = "portal_sync_lease"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    token: Mapped[str | None] = mapped_column(String(64))
    holder: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
