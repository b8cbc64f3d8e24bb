"""Remembered match checks: the provider list's "Match available" without asking the portal per row.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from countyadmin.db.types import UtcDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "portal_match_checks",
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", UtcDateTime(), nullable=False),
        sa.Column("best_match_kind", sa.String(16), nullable=True),
        sa.Column("candidate_count", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name="fk_portal_match_checks_provider_id_providers"
        ),
        sa.PrimaryKeyConstraint("provider_id", name="pk_portal_match_checks"),
    )


def downgrade() -> None:
    op.drop_table("portal_match_checks")
