"""Each provider's onboarding facts on its own row, so the stage counts read one table.

Counting 100,000 providers' onboarding stages by probing the copy's tables for each linked provider
took 60 ms on PostgreSQL and 200 ms on MariaDB, over the 50 ms goal (docs/performance.md). These columns
hold what the copy said of the portal provider ``onboarding_facts_for`` when the sync last stored them;
``onboarding_facts_behind`` names the portal providers whose copy changed since (db/onboarding_facts.py).
They start empty: until the next sync (at start, a few minutes later at most) fills them, every linked
provider's stage is read from the copy as before — exact, only slower.

A desk still running the previous CountyAdmin would change the copy without marking anything behind, so
the sync lease moves to a new row and the old one is held for ever: such a desk reads, and syncs again
once restarted with this version.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from countyadmin.db.types import UtcDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# 0007's index grown to hold every column the stage counts read: they read the index, not the wide rows.
OLD_COUNTS_INDEX = "ix_providers_portal_provider_id_uses_portal"
COUNTS_INDEX = "ix_providers_onboarding_stage"
COUNTS_COLUMNS = ["portal_provider_id", "uses_portal", "onboarding_facts_for", "onboarding_active_admin",
                  "onboarding_expired_invitation", "onboarding_pending_until"]  # fmt: skip
OLD_LEASE, LEASE = "portal_sync", "portal_sync_0008"
_LEASES = sa.table("portal_sync_lease", sa.column("name"), sa.column("token"), sa.column("holder"),
                   sa.column("lease_until", UtcDateTime()))  # fmt: skip


def upgrade() -> None:
    with op.batch_alter_table("providers") as batch:
        batch.add_column(sa.Column("onboarding_facts_for", sa.String(64), nullable=True))
        batch.add_column(sa.Column("onboarding_active_admin", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))  # fmt: skip
        batch.add_column(sa.Column("onboarding_expired_invitation", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))  # fmt: skip
        batch.add_column(sa.Column("onboarding_pending_until", UtcDateTime(), nullable=True))
    op.create_index(COUNTS_INDEX, "providers", COUNTS_COLUMNS)
    op.drop_index(OLD_COUNTS_INDEX, table_name="providers")
    op.create_table(
        "onboarding_facts_behind",
        sa.Column("portal_provider_id", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("portal_provider_id", name="pk_onboarding_facts_behind"),
    )
    op.bulk_insert(_LEASES, [{"name": LEASE}])
    # Held until the year 9999 by nobody: a 0007 desk's compare-and-set never takes it, and shows this.
    # Made anew when removed by hand (the 0007 code would make it free); every sync holds it again too.
    held = {"token": "held-by-revision-0008", "holder": "a newer CountyAdmin; restart this desk to sync",
            "lease_until": datetime(9999, 12, 31, tzinfo=UTC)}  # fmt: skip
    done = op.get_bind().execute(_LEASES.update().where(_LEASES.c.name == OLD_LEASE).values(**held))
    if done.rowcount == 0:
        op.bulk_insert(_LEASES, [{"name": OLD_LEASE, **held}])


def downgrade() -> None:
    op.execute(_LEASES.delete().where(_LEASES.c.name == LEASE))
    op.execute(_LEASES.update().where(_LEASES.c.name == OLD_LEASE)
               .values(token=None, holder=None, lease_until=None))  # fmt: skip
    op.drop_table("onboarding_facts_behind")
    op.create_index(OLD_COUNTS_INDEX, "providers", ["portal_provider_id", "uses_portal"])
    op.drop_index(COUNTS_INDEX, table_name="providers")
    with op.batch_alter_table("providers") as batch:
        for column in ("onboarding_pending_until", "onboarding_expired_invitation", "onboarding_active_admin",
                       "onboarding_facts_for"):  # fmt: skip
            batch.drop_column(column)
