"""The local copy of the county's CPSE Portal data: links, invitations, admin users, and where the
change feeds stand, plus the lease that lets one desk sync at a time (services/portal_sync.py).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from countyadmin.db.types import UtcDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SYNC_LEASE_NAME = "portal_sync"


def _person_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("provider_id", sa.String(64), nullable=False),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("last_name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("email_key", sa.String(254), nullable=False),
        sa.Column("name_key", sa.String(201), nullable=False),
        sa.Column("npi", sa.String(10), nullable=True),
        sa.Column("profession", sa.String(16), nullable=True),
        sa.Column("license", sa.String(64), nullable=True),
        sa.Column("also_service_provider", sa.Boolean(), server_default=sa.false(), nullable=False),
    ]


def _person_indexes(table: str) -> None:
    for column in ("email_key", "name_key", "npi"):
        op.create_index(f"ix_{table}_{column}", table, [column])


def upgrade() -> None:
    op.create_table(
        "portal_links",
        sa.Column("provider_id", sa.String(64), nullable=False),
        sa.Column("county_provider_ref", sa.String(100), nullable=False),
        sa.Column("linked_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("provider_id", name="pk_portal_links"),
    )
    op.create_index("ix_portal_links_county_provider_ref", "portal_links", ["county_provider_ref"])
    op.create_table(
        "portal_invitations",
        sa.Column("id", sa.String(64), nullable=False),
        *_person_columns(),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("invited_by", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_portal_invitations"),
    )
    _person_indexes("portal_invitations")
    op.create_index(
        "ix_portal_invitations_provider_id_status",
        "portal_invitations",
        ["provider_id", "status", "expires_at"],
    )
    op.create_table(
        "portal_admin_users",
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        *_person_columns(),
        sa.Column("status", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_portal_admin_users"),
    )
    _person_indexes("portal_admin_users")
    op.create_index(
        "ix_portal_admin_users_provider_id_status", "portal_admin_users", ["provider_id", "status"]
    )
    op.create_table(
        "portal_sync_feeds",
        sa.Column("feed", sa.String(32), nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("watermark", sa.String(500), nullable=True),
        sa.Column("cursor", sa.String(500), nullable=True),
        sa.Column("as_of", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("feed", name="pk_portal_sync_feeds"),
    )
    lease = op.create_table(
        "portal_sync_lease",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("token", sa.String(64), nullable=True),
        sa.Column("holder", sa.String(100), nullable=True),
        sa.Column("lease_until", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name", name="pk_portal_sync_lease"),
    )
    # The one row every desk's compare-and-set competes for.
    op.bulk_insert(lease, [{"name": SYNC_LEASE_NAME}])


def downgrade() -> None:
    for table in ("portal_sync_lease", "portal_sync_feeds", "portal_admin_users", "portal_invitations",
                  "portal_links"):  # fmt: skip
        op.drop_table(table)
