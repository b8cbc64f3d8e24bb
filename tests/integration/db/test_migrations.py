"""Migrations create the schema the models describe, on every engine, and protect existing data."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from countyadmin.db import engine as engine_module
from countyadmin.db.cli import run_db_command
from countyadmin.db.engine import (
    DatabaseNewerThanApp,
    DatabaseNotCountyAdmin,
    create_engine_for,
    current_revision,
    head_revision,
    upgrade_database,
)
from countyadmin.db.migrations import HEAD_REVISION, MIGRATIONS_DIR
from countyadmin.db.models import Base
from countyadmin.exit_codes import ExitCode

TABLES = {
    "providers", "npi_lookups", "audit_events", "invitation_outbox", "portal_match_checks", "alembic_version",
    "portal_links", "portal_invitations", "portal_admin_users", "portal_sync_feeds", "portal_sync_lease",
    "onboarding_facts_behind",
}
_AT = datetime(2026, 12, 5, tzinfo=UTC)


def test_upgrade_from_empty_creates_every_table(empty_engine: Engine) -> None:
    assert current_revision(empty_engine) is None
    upgrade_database(empty_engine)
    assert current_revision(empty_engine) == head_revision()
    assert set(inspect(empty_engine).get_table_names()) == TABLES
    upgrade_database(empty_engine)  # a second start changes nothing
    assert current_revision(empty_engine) == head_revision()


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_sqlite_pragmas(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10_000


def test_a_database_from_a_newer_app_is_refused(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    with pytest.raises(DatabaseNewerThanApp, match="newer version of CountyAdmin"):
        upgrade_database(engine)


def test_someone_elses_providers_table_is_refused(empty_engine: Engine) -> None:
    with empty_engine.begin() as connection:
        connection.execute(text("CREATE TABLE providers (code VARCHAR(10))"))
    with pytest.raises(DatabaseNotCountyAdmin, match="did not create"):
        upgrade_database(empty_engine)


def _with_second_revision(tmp_path: Path) -> Path:
    """The migrations plus one revision on top of the head, as the next release would ship."""
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9999_note.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f"revision = '9999'\ndown_revision = '{HEAD_REVISION}'\nbranch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade() -> None:\n"
        "    with op.batch_alter_table('providers') as batch:\n"
        "        batch.add_column(sa.Column('note', sa.String(200), nullable=True))\n\n\n"
        "def downgrade() -> None:\n"
        "    with op.batch_alter_table('providers') as batch:\n"
        "        batch.drop_column('note')\n",
        encoding="utf-8",
    )
    return folder


def test_sqlite_file_behind_head_is_copied_aside_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data" / "countyadmin.sqlite3"
    engine = create_engine_for(f"sqlite:///{path.as_posix()}")
    upgrade_database(engine)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO providers (name) VALUES ('Sunrise Therapy LLC')"))
    assert list(path.parent.glob("*.backup-*")) == []  # no copy when creating tables from nothing

    monkeypatch.setattr(engine_module, "MIGRATIONS_DIR", _with_second_revision(tmp_path))
    monkeypatch.setattr(engine_module, "HEAD_REVISION", "9999")  # as the new release would say
    told: list[Path] = []
    upgrade_database(engine, on_backup=told.append)
    engine.dispose()

    assert current_revision(engine) == "9999"
    backups = list(path.parent.glob("countyadmin.backup-*.sqlite3"))
    assert backups == told and len(backups) == 1
    assert backups[0].name.startswith("countyadmin.backup-20") and backups[0].name.endswith("Z.sqlite3")
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT name FROM providers").fetchall() == [("Sunrise Therapy LLC",)]
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD_REVISION,)]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name, note FROM providers")).all() == [
            ("Sunrise Therapy LLC", None)
        ]


def test_url_folder_is_created(tmp_path: Path) -> None:
    engine = create_engine_for(f"sqlite:///{(tmp_path / 'a' / 'b' / 'c.sqlite3').as_posix()}")
    upgrade_database(engine)
    assert (tmp_path / "a" / "b" / "c.sqlite3").is_file()


def test_in_memory_sqlite_is_never_backed_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    upgrade_database(create_engine_for("sqlite://"))
    assert list(tmp_path.iterdir()) == []


def test_cli_upgrade_prints_revisions(database_url: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run_db_command(["upgrade", "--db", database_url], out=out, err=err) == 0, err.getvalue()
    assert "Revision before: none (empty database)" in out.getvalue()
    assert f"Revision after: {head_revision()}" in out.getvalue()


def test_cli_names_an_unreachable_server() -> None:
    out, err = io.StringIO(), io.StringIO()
    url = "postgresql+psycopg2://nobody@127.0.0.1:1/none"
    code = run_db_command(["upgrade", "--db", url], out=out, err=err)
    assert code == ExitCode.DATABASE_UNREACHABLE == 4
    assert "Could not use the database at postgresql+psycopg2://nobody@127.0.0.1:1/none" in err.getvalue()
    assert "Check that the server is running" in err.getvalue()


def test_cli_hides_the_password_and_refuses_a_bad_url() -> None:
    out, err = io.StringIO(), io.StringIO()
    run_db_command(["current", "--db", "postgresql+psycopg2://clerk:s3cret@127.0.0.1:1/x"], out=out, err=err)
    assert "s3cret" not in out.getvalue() + err.getvalue()
    assert run_db_command(["upgrade", "--db", "nonsense"], out=out, err=err) == ExitCode.DATABASE_URL_UNUSABLE
    assert "cannot be used" in err.getvalue()


def test_cli_without_db_works_on_the_database_it_policy_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = tmp_path / "policy.json"
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    policy.write_text(json.dumps({"DatabaseUrl": url}), encoding="utf-8")
    monkeypatch.setenv("COUNTYADMIN_POLICY_FILE", str(policy))
    out, err = io.StringIO(), io.StringIO()
    assert run_db_command(["upgrade"], out=out, err=err) == ExitCode.OK, err.getvalue()
    assert f"Database: {url}" in out.getvalue() and (tmp_path / "shared.db").is_file()


def test_the_start_up_shortcut_knows_the_newest_revision() -> None:
    # upgrade_database skips Alembic when the database is at HEAD_REVISION: a stale constant would
    # leave a database un-upgraded after a new migration is added.
    from countyadmin.db.migrations import HEAD_REVISION

    assert HEAD_REVISION == head_revision()


def test_is_up_to_date_without_alembic(empty_engine: Engine) -> None:
    from countyadmin.db.engine import is_up_to_date

    assert not is_up_to_date(empty_engine)
    upgrade_database(empty_engine)
    assert is_up_to_date(empty_engine)


def test_0008_on_a_county_with_data_then_back_and_forth(empty_engine: Engine) -> None:
    """Migration 0008 on a 0007 database holding a county: its providers keep every column, their stages
    come from the copy until a sync stores the facts, and 0008 goes down to 0007 and up again cleanly."""
    from datetime import UTC, datetime, timedelta

    from alembic import command

    from countyadmin.db.engine import _alembic_config
    from countyadmin.db.unit_of_work import unit_of_work_factory
    from countyadmin.services.onboarding import OnboardingService, Stage

    def migrate(step: str, revision: str) -> None:
        with empty_engine.begin() as connection:
            getattr(command, step)(_alembic_config(connection), revision)

    migrate("upgrade", "0007")
    soon = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=3)
    providers = (
        "INSERT INTO providers (id, name, uses_portal, portal_provider_id, version) VALUES "
        "(1, 'Linked Pending', :t, 'P1', 4), (2, 'Linked Nothing', :t, 'P2', 1), (3, 'Unlinked', :t, NULL, 1)"
    )
    invitation = (
        "INSERT INTO portal_invitations (id, provider_id, first_name, last_name, email, email_key, "
        "name_key, also_service_provider, status, created_at, expires_at, invited_by) VALUES ('i1', 'P1', "
        "'Ana', 'Ruiz', 'a@example.org', 'a@example.org', 'ana ruiz', :f, 'pending', :c, :e, 't')"
    )
    with empty_engine.begin() as connection:  # what a 0007 desk wrote: plain SQL, no code of 0008's
        connection.execute(text(providers), {"t": True})
        connection.execute(text(invitation), {"f": False, "c": soon - timedelta(days=10), "e": soon})
    migrate("upgrade", "head")
    factory = unit_of_work_factory(empty_engine)
    expected = {1: Stage.PENDING, 2: Stage.NO_ADMIN, 3: Stage.NOT_LINKED}
    assert OnboardingService(factory).stage_map().stages == expected  # read from the copy
    with factory() as uow:
        assert uow.portal_copy.refresh_onboarding_facts() == 2
        uow.commit()
    assert OnboardingService(factory).stage_map().stages == expected  # read from the stored facts
    with empty_engine.connect() as connection:
        query = "SELECT name, version, onboarding_facts_for FROM providers WHERE id = 1"
        row = connection.execute(text(query)).one()
    assert tuple(row) == ("Linked Pending", 4, "P1")  # storing the facts never bumps the lock's version
    migrate("downgrade", "0007")
    columns = {c["name"] for c in inspect(empty_engine).get_columns("providers")}
    assert not any(name.startswith("onboarding_") for name in columns)
    assert {i["name"] for i in inspect(empty_engine).get_indexes("providers")} >= {
        "ix_providers_portal_provider_id_uses_portal"
    }
    migrate("upgrade", "head")
    assert current_revision(empty_engine) == head_revision()
    assert OnboardingService(factory).stage_map().stages == expected


def _exact_columns(engine: Engine) -> set[tuple[str, str]]:
    """The columns MariaDB compares byte for byte (utf8mb4_bin)."""
    query = (
        "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS "
        "WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME = 'utf8mb4_bin'"
    )
    with engine.connect() as connection:
        return {(table, column) for table, column in connection.execute(text(query))}


def test_portal_ids_differing_only_in_case_are_two_ids(engine: Engine) -> None:
    """CPSE Portal ids are opaque and case-sensitive: 'u-x' and 'U-X' are two admin users, 'CP-ab' and
    'CP-AB' two links (migration 0009). MariaDB's default collation compared them equal."""
    from countyadmin.db.models import PortalAdminUserRow, PortalLinkRow
    from countyadmin.db.types import PortalId

    if engine.dialect.name in ("mysql", "mariadb"):
        # Alembic's comparison cannot see a collation missing from the database: ask MariaDB itself.
        portal_id_columns = {(table.name, column.name) for table in Base.metadata.sorted_tables
                             for column in table.columns if isinstance(column.type, PortalId)}  # fmt: skip
        assert _exact_columns(engine) == portal_id_columns
    admins = [
        {"user_id": user, "username": user, "provider_id": provider, "first_name": "A", "last_name": "B",
         "email": "a@x.org", "email_key": "a@x.org", "name_key": "a b", "status": "active",
         "also_service_provider": False}
        for user, provider in (("u-x", "CP-ab"), ("U-X", "CP-AB"))
    ]  # fmt: skip
    links = [{"provider_id": "CP-ab", "county_provider_ref": "1", "linked_at": _AT},
             {"provider_id": "CP-AB", "county_provider_ref": "2", "linked_at": _AT}]  # fmt: skip
    with engine.begin() as connection:
        connection.execute(PortalAdminUserRow.__table__.insert(), admins)
        connection.execute(PortalLinkRow.__table__.insert(), links)
    admin_users, portal_links = PortalAdminUserRow.__table__, PortalLinkRow.__table__
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM portal_admin_users")).scalar() == 2
        of_ab = admin_users.select().with_only_columns(admin_users.c.user_id)
        users_of_ab = connection.execute(of_ab.where(admin_users.c.provider_id == "CP-ab")).scalars().all()
        assert users_of_ab == ["u-x"]
        ref = portal_links.select().with_only_columns(portal_links.c.county_provider_ref)
        assert connection.execute(ref.where(portal_links.c.provider_id == "CP-AB")).scalar_one() == "2"
        assert connection.execute(ref.where(portal_links.c.provider_id == "CP-ab")).scalar_one() == "1"


def test_0009_on_a_database_with_data_then_back_and_forth(empty_engine: Engine) -> None:
    """Migration 0009 keeps a 0008 database's rows; going back refuses (changing nothing) while the copy
    holds ids an older revision could not keep apart, and works once they are gone."""
    from alembic import command

    from countyadmin.db.engine import _alembic_config

    def migrate(step: str, revision: str) -> None:
        with empty_engine.begin() as connection:
            getattr(command, step)(_alembic_config(connection), revision)

    mariadb = empty_engine.dialect.name in ("mysql", "mariadb")
    migrate("upgrade", "0008")
    admin = (
        "INSERT INTO portal_admin_users (user_id, username, provider_id, first_name, last_name, email, "
        "email_key, name_key, also_service_provider, status) VALUES (:u, :u, :p, 'A', 'B', 'a@x.org', "
        "'a@x.org', 'a b', :f, 'active')"
    )
    with empty_engine.begin() as connection:  # what a 0008 desk wrote: plain SQL
        providers = ("INSERT INTO providers (id, name, uses_portal, portal_provider_id, version) "
                     "VALUES (1, 'Linked', :t, 'CP-ab', 3), (2, 'Unlinked', :t, NULL, 1)")  # fmt: skip
        connection.execute(text(providers), {"t": True})
        connection.execute(text(admin), {"u": "u-x", "p": "CP-ab", "f": False})
        connection.execute(text("INSERT INTO portal_links (provider_id, county_provider_ref, linked_at) "
                                "VALUES ('CP-ab', '1', :at)"), {"at": _AT.replace(tzinfo=None)})
        connection.execute(text("INSERT INTO onboarding_facts_behind (portal_provider_id) VALUES ('CP-ab')"))
    if mariadb:
        assert _exact_columns(empty_engine) == set()

    joined = (
        "SELECT p.id, p.name, p.version, p.portal_provider_id, a.user_id, l.county_provider_ref "
        "FROM providers p LEFT JOIN portal_admin_users a ON a.provider_id = p.portal_provider_id "
        "LEFT JOIN portal_links l ON l.provider_id = p.portal_provider_id ORDER BY p.id"
    )

    def rows() -> list[tuple[object, ...]]:
        with empty_engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(joined))]

    before = [(1, "Linked", 3, "CP-ab", "u-x", "1"), (2, "Unlinked", 1, None, None, None)]
    assert rows() == before
    migrate("upgrade", "0009")
    assert current_revision(empty_engine) == "0009" and rows() == before
    if mariadb:
        assert ("portal_admin_users", "user_id") in _exact_columns(empty_engine)

    with empty_engine.begin() as connection:  # possible only from 0009 on, on MariaDB
        connection.execute(text(admin), {"u": "U-X", "p": "CP-AB", "f": False})
    if mariadb:
        with pytest.raises(RuntimeError, match=r"portal_admin_users: 'U-X' / 'u-x'"):
            migrate("downgrade", "0008")
        assert current_revision(empty_engine) == "0009"
        assert ("portal_admin_users", "user_id") in _exact_columns(empty_engine)  # nothing changed
    with empty_engine.begin() as connection:
        connection.execute(text("DELETE FROM portal_admin_users WHERE user_id = 'U-X'"))
    migrate("downgrade", "0008")
    assert current_revision(empty_engine) == "0008" and rows() == before
    if mariadb:
        assert _exact_columns(empty_engine) == set()
    migrate("upgrade", "head")
    assert current_revision(empty_engine) == head_revision() and rows() == before
