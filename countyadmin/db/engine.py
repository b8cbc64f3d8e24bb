"""Engines for SQLite, PostgreSQL and MariaDB, and programmatic Alembic migrations."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from countyadmin.config import data_dir

if TYPE_CHECKING:
    from alembic.config import Config
from countyadmin.db.migrations import HEAD_REVISION, MIGRATIONS_DIR

log = logging.getLogger(__name__)

DATABASE_FILE = "countyadmin.sqlite3"
CONNECT_TIMEOUT_S = 10
SQLITE_BUSY_TIMEOUT_MS = 10_000  # two clerks on one shared file wait for each other instead of failing


class DatabaseNewerThanApp(RuntimeError):
    """The database was upgraded by a newer CountyAdmin than this one."""


class DatabaseNotCountyAdmin(RuntimeError):
    """The database has tables but no CountyAdmin version stamp."""


def default_database_url() -> str:
    """The SQLite file in the user's data folder."""
    return f"sqlite:///{(data_dir() / DATABASE_FILE).as_posix()}"


def create_engine_for(url: str | URL) -> Engine:
    """An engine with the settings each database needs for a desktop app shared by a few clerks."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(parsed)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    connect_args: dict[str, Any] = {}
    if parsed.get_driver_name() == "psycopg2" and "connect_timeout" not in parsed.query:
        # libpq waits forever for a silent host by default; PyMySQL already stops after 10 s.
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    # Servers close idle connections (MariaDB's wait_timeout); a desktop app idles for hours.
    return create_engine(parsed, pool_pre_ping=True, pool_recycle=3600, connect_args=connect_args)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # WAL lets a reader and a writer work at the same time (in-memory databases ignore it).
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def sqlite_file(url: URL) -> Path | None:
    """The file of an SQLite URL, or ``None`` for an in-memory database."""
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):  # URI form: only plain files are handled here
        if "mode=memory" in database:
            return None
        database = database[len("file:") :].split("?", 1)[0]
    return Path(database)


def _alembic_config(connection: Any) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert head is not None, "the migrations folder has no revision"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or ``None`` when it was never migrated."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_up_to_date(engine: Engine) -> bool:
    """True when the database is at HEAD_REVISION; a plain query, without importing Alembic."""
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:  # no alembic_version table: never migrated
        return False
    return versions == [HEAD_REVISION]


def upgrade_database(engine: Engine, *, on_backup: Callable[[Path], None] | None = None) -> None:
    """Bring the tables up to date (Alembic upgrade head).

    An SQLite file that already has tables and is behind is first copied to
    ``<name>.backup-<UTC timestamp>.sqlite3`` beside it; ``on_backup`` is told where.

    Raises:
        DatabaseNewerThanApp: a newer CountyAdmin upgraded the database.
        DatabaseNotCountyAdmin: the database holds someone else's tables.
    """
    if is_up_to_date(engine):
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    current = current_revision(engine)
    if current == head_revision():
        return
    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    if current is not None and current not in {script.revision for script in scripts.walk_revisions()}:
        raise DatabaseNewerThanApp(
            f"This database was upgraded by a newer version of CountyAdmin (database revision {current}). "
            "Install the newest CountyAdmin to use it."
        )
    tables = set(inspect(engine).get_table_names())
    if current is None and "providers" in tables:
        raise DatabaseNotCountyAdmin(
            "This database already has a providers table that CountyAdmin did not create. "
            "Choose an empty database (or CountyAdmin's own) in Settings."
        )
    path = sqlite_file(engine.url)
    if path is not None and tables:
        backup = _backup_sqlite(engine, path)
        log.info("Copied the database to %s before upgrading it", backup)
        if on_backup is not None:
            on_backup(backup)
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")


def _backup_sqlite(engine: Engine, path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.backup-{stamp}.sqlite3")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.stem}.backup-{stamp}-{counter}.sqlite3")
    # The backup API copies a consistent snapshot, including pages still in the WAL file.
    with engine.connect() as connection:
        source = connection.connection.driver_connection
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)  # type: ignore[union-attr]
        finally:
            destination.close()
    return target
