"""Initial tables: providers, npi_lookups, audit_events.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from countyadmin.db.types import UtcDateTime, json_text

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "providers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("provider_type", sa.String(16), nullable=True),
        sa.Column("sed_code", sa.String(12), nullable=True),
        sa.Column("npi", sa.String(10), nullable=True),
        sa.Column("tax_id", sa.String(20), nullable=True),
        sa.Column("address_1", sa.String(200), nullable=True),
        sa.Column("address_2", sa.String(200), nullable=True),
        sa.Column("city", sa.String(100), nullable=True),
        sa.Column("state", sa.String(50), nullable=True),
        sa.Column("zip", sa.String(10), nullable=True),
        sa.Column("phone", sa.String(30), nullable=True),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("uses_portal", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("portal_provider_id", sa.String(64), nullable=True),
        sa.Column("linked_at", UtcDateTime(), nullable=True),
        sa.Column("linked_by", sa.String(200), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=True),
        sa.Column("updated_by", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_providers"),
        sa.UniqueConstraint("sed_code", name="uq_providers_sed_code"),
    )
    op.create_index("ix_providers_name", "providers", ["name"])
    op.create_index("ix_providers_npi", "providers", ["npi"])

    op.create_table(
        "npi_lookups",
        sa.Column("npi", sa.String(10), nullable=False),
        sa.Column("found", sa.Boolean(), nullable=False),
        sa.Column("payload", json_text(), nullable=True),
        sa.Column("fetched_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("npi", name="pk_npi_lookups"),
    )

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("occurred_at", UtcDateTime(), nullable=False),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("details", json_text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name="fk_audit_events_provider_id_providers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
    )
    op.create_index(
        "ix_audit_events_provider_id_occurred_at", "audit_events", ["provider_id", "occurred_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_audit_events_provider_id_occurred_at", table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_table("npi_lookups")
    op.drop_index("ix_providers_npi", table_name="providers")
    op.drop_index("ix_providers_name", table_name="providers")
    op.drop_table("providers")
