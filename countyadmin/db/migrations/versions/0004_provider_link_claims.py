"""Link claims on providers: a desk claims the provider's link before calling CPSE Portal.

Two desks linking one record at once both reached the portal before either wrote to the database, so
the portal kept the loser's link. Now the claim is taken first (services/linking.py).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from countyadmin.db.types import UtcDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    ("link_claim_action", lambda: sa.String(16)),
    ("link_claim_portal_id", lambda: sa.String(64)),
    ("link_claim_token", lambda: sa.String(64)),
    ("link_claim_by", lambda: sa.String(200)),
    ("link_claim_at", UtcDateTime),
    ("link_claim_until", UtcDateTime),
)


def upgrade() -> None:
    # Batch mode: SQLite alters a table by copying it; the other engines get plain ALTER TABLE.
    with op.batch_alter_table("providers") as batch:
        for name, column_type in _COLUMNS:
            batch.add_column(sa.Column(name, column_type(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("providers") as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
