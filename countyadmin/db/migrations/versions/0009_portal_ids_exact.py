"""CPSE Portal ids compared exactly: 'CP-ab' and 'CP-AB' are two ids on every engine.

The portal's ids are opaque, case-sensitive strings (the contract gives them no pattern). MariaDB's
default collation (utf8mb4_general_ci) compares 'CP-ab' and 'CP-AB' equal, so a provider linked to one
showed the other's admin users, and a sync page holding admin users 'u-x' and 'U-X' broke the primary key
(1062) at every attempt: the sync stood still. Every column holding a portal id gets a binary collation
(utf8mb4_bin); length, nullability, primary keys and indexes stay as they were. Rows already there are
fine: ids differing only in case could only ever have been one row.

SQLite and PostgreSQL compare exactly already: nothing to do there. SQL Server's usual default collation
(SQL_Latin1_General_CP1_CI_AS) has the same flaw; there a column's collation cannot change while an index
or primary key covers it, so those are dropped, the columns altered to Latin1_General_BIN2 and the
indexes and keys created again, in one transaction. That path is written from Microsoft's documentation
and has NOT run against a SQL Server (none is available to the tests); try it on a copy first.

Downgrade gives the columns back the table's default collation. It refuses, before changing anything,
when the copy holds two ids in one primary key that differ only in case (they could not be two rows
under the old collation); MariaDB cannot roll back DDL, so checking first leaves the database as it was.
The message names the table and ids.

On MariaDB each table is rebuilt once (one ALTER TABLE per table): on 100,000 providers that is the
cost of copying the providers table.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MARIADB_COLLATION = "utf8mb4_bin"
MSSQL_COLLATION = "Latin1_General_BIN2"

# table -> (column, length, nullable): every column holding an id CPSE Portal issued, as 0001–0008 made it.
COLUMNS: dict[str, tuple[tuple[str, int, bool], ...]] = {
    "providers": (
        ("portal_provider_id", 64, True),
        ("link_claim_portal_id", 64, True),
        ("onboarding_facts_for", 64, True),
    ),
    "invitation_outbox": (
        ("portal_provider_id", 64, False),
        ("pending_invitation_id", 64, True),
        ("portal_invitation_id", 64, True),
    ),
    "portal_links": (("provider_id", 64, False),),
    "portal_invitations": (("id", 64, False), ("provider_id", 64, False)),
    "portal_admin_users": (("user_id", 64, False), ("provider_id", 64, False)),
    "onboarding_facts_behind": (("portal_provider_id", 64, False),),
}
# The primary keys over those columns (name, column), and the indexes covering one (name, columns).
PRIMARY_KEYS: dict[str, tuple[str, str]] = {
    "portal_links": ("pk_portal_links", "provider_id"),
    "portal_invitations": ("pk_portal_invitations", "id"),
    "portal_admin_users": ("pk_portal_admin_users", "user_id"),
    "onboarding_facts_behind": ("pk_onboarding_facts_behind", "portal_provider_id"),
}
INDEXES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "providers": (
        ("ix_providers_onboarding_stage", (
            "portal_provider_id", "uses_portal", "onboarding_facts_for", "onboarding_active_admin",
            "onboarding_expired_invitation", "onboarding_pending_until")),
    ),
    "invitation_outbox": (("ix_invitation_outbox_portal_invitation_id", ("portal_invitation_id",)),),
    "portal_invitations": (
        ("ix_portal_invitations_provider_id_status", ("provider_id", "status", "expires_at")),
    ),
    "portal_admin_users": (("ix_portal_admin_users_provider_id_status", ("provider_id", "status")),),
}  # fmt: skip


def _null(nullable: bool) -> str:
    return "NULL" if nullable else "NOT NULL"


def _mariadb(exact: bool) -> None:
    # MODIFY restates the whole column (NOT NULL included); without a collation it takes the table's.
    collate = f" CHARACTER SET utf8mb4 COLLATE {MARIADB_COLLATION}" if exact else ""
    for table, columns in COLUMNS.items():
        modify = ", ".join(f"MODIFY `{name}` VARCHAR({length}){collate} {_null(nullable)}"
                           for name, length, nullable in columns)  # fmt: skip
        op.execute(f"ALTER TABLE `{table}` {modify}")


def _mssql(exact: bool) -> None:
    # A column's collation cannot change under an index or key: drop them, alter, create them again.
    collate = f" COLLATE {MSSQL_COLLATION}" if exact else ""  # none: the database's default collation
    for table, columns in COLUMNS.items():
        for index, _ in INDEXES.get(table, ()):
            op.execute(f"DROP INDEX [{index}] ON [{table}]")
        if table in PRIMARY_KEYS:
            op.execute(f"ALTER TABLE [{table}] DROP CONSTRAINT [{PRIMARY_KEYS[table][0]}]")
        for name, length, nullable in columns:
            column_type = f"VARCHAR({length}){collate} {_null(nullable)}"
            op.execute(f"ALTER TABLE [{table}] ALTER COLUMN [{name}] {column_type}")
        if table in PRIMARY_KEYS:
            key, column = PRIMARY_KEYS[table]
            op.execute(f"ALTER TABLE [{table}] ADD CONSTRAINT [{key}] PRIMARY KEY ([{column}])")
        for index, indexed in INDEXES.get(table, ()):
            op.execute(f"CREATE INDEX [{index}] ON [{table}] ({', '.join(f'[{c}]' for c in indexed)})")


def upgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect in ("mysql", "mariadb"):
        _mariadb(exact=True)
    elif dialect == "mssql":
        _mssql(exact=True)


def _refuse_keys_differing_only_in_case(dialect: str) -> None:
    """Two ids in one primary key that the table's default collation compares equal cannot both stay."""
    bind = op.get_bind()
    clashes = []
    for table, (_key, column) in PRIMARY_KEYS.items():
        if dialect == "mssql":
            name, grouped = f"[{column}]", f"[{column}] COLLATE DATABASE_DEFAULT"
        else:
            collation = bind.execute(
                sa.text("SELECT TABLE_COLLATION FROM information_schema.TABLES "
                        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :t"), {"t": table}
            ).scalar_one()  # fmt: skip
            charset = collation.split("_", 1)[0]
            name, grouped = f"`{column}`", f"CONVERT(`{column}` USING {charset}) COLLATE {collation}"
        query = f"SELECT MIN({name}), MAX({name}) FROM {table} GROUP BY {grouped} HAVING COUNT(*) > 1"
        clashes += [f"{table}: {low!r} / {high!r}" for low, high in bind.execute(sa.text(query)).all()]
    if clashes:
        raise RuntimeError(
            "Cannot go back below revision 0009: the local copy of CPSE Portal holds ids that differ only in "
            "case, which the older revision cannot keep apart (" + "; ".join(clashes[:10]) + "); its sync "
            "would fail on them at every attempt. Stay on this version."
        )


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect in ("mysql", "mariadb"):
        _refuse_keys_differing_only_in_case(dialect)
        _mariadb(exact=False)
    elif dialect == "mssql":
        _refuse_keys_differing_only_in_case(dialect)
        _mssql(exact=False)
