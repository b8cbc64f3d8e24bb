"""The invitation outbox: invitations kept locally until CPSE Portal confirms them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from countyadmin.db.types import UtcDateTime, json_text

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invitation_outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("portal_provider_id", sa.String(64), nullable=False),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("last_name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("invited_by", sa.String(200), nullable=False),
        sa.Column("also_service_provider", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("npi", sa.String(10), nullable=True),
        sa.Column("profession", sa.String(16), nullable=True),
        sa.Column("license", sa.String(32), nullable=True),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=True),
        sa.Column("lease_until", UtcDateTime(), nullable=True),
        sa.Column("leased_by", sa.String(100), nullable=True),
        sa.Column("error_kind", sa.String(32), nullable=True),
        sa.Column("last_error", sa.String(1000), nullable=True),
        sa.Column("field_errors", json_text(), nullable=True),
        sa.Column("pending_invitation_id", sa.String(64), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("sent_at", UtcDateTime(), nullable=True),
        sa.Column("portal_invitation_id", sa.String(64), nullable=True),
        sa.Column("portal_status", sa.String(16), nullable=True),
        sa.Column("portal_expires_at", UtcDateTime(), nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name="fk_invitation_outbox_provider_id_providers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_invitation_outbox"),
        sa.UniqueConstraint("idempotency_key", name="uq_invitation_outbox_idempotency_key"),
    )
    op.create_index("ix_invitation_outbox_provider_id", "invitation_outbox", ["provider_id"])
    op.create_index(
        "ix_invitation_outbox_portal_invitation_id", "invitation_outbox", ["portal_invitation_id"]
    )
    op.create_index(
        "ix_invitation_outbox_state_next_attempt_at", "invitation_outbox", ["state", "next_attempt_at"]
    )


def downgrade() -> None:
    # Dropping the table drops its indexes; MariaDB refuses to drop the provider_id index on its own
    # while the foreign key needs it.
    op.drop_table("invitation_outbox")
