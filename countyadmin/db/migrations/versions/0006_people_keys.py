"""People search folds accents in names and compares e-mail addresses as CPSE Portal does (NFKC,
case-folded): the copy's ``name_key`` and ``email_key`` written by 0005's rules (case-folded only) are
not what a search now looks for. The copy is only a copy: empty it and forget the feed positions, so the
next sync (at start, a few minutes later at most) fetches it all again with the new keys.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("portal_admin_users", "portal_invitations", "portal_links", "portal_sync_feeds"):
        op.execute(f"DELETE FROM {table}")


def downgrade() -> None:
    # Nothing to undo: 0005's code searches nothing by these keys, and its next sync rewrites them.
    pass
