"""Column types that behave the same on SQLite, PostgreSQL and MariaDB (and SQL Server)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Dialect, String, Text
from sqlalchemy.types import TypeDecorator, TypeEngine


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime, stored naive in UTC everywhere.

    SQLite and MariaDB have no time zone type, so one storage rule for all three keeps the values
    comparable; values come back aware so no caller can mix local and UTC time by accident.
    """

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[datetime]:
        if dialect.name in ("mysql", "mariadb"):
            from sqlalchemy.dialects import mysql  # only for MariaDB: the SQLite start skips its import

            # MariaDB drops fractional seconds unless asked to keep them.
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime())

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UtcDateTime needs an aware datetime; a naive one has no known zone.")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


# SQL Server's binary collation for VARCHAR: compares code points, as SQLite and PostgreSQL compare.
MSSQL_EXACT_COLLATION = "Latin1_General_BIN2"
MARIADB_EXACT_COLLATION = "utf8mb4_bin"


class PortalId(TypeDecorator[str]):
    """A CPSE Portal id: an opaque string the portal issues, where case matters ('CP-ab' is not 'CP-AB').

    The contract gives ids no pattern, so two may differ only in case. MariaDB's default collation
    (utf8mb4_general_ci) and SQL Server's usual one (SQL_Latin1_General_CP1_CI_AS) compare them equal:
    one provider would show another's admin users, and a page holding both would break a primary key at
    every attempt. So these columns get a binary collation there; SQLite and PostgreSQL compare exactly
    already and get a plain VARCHAR (migration 0009).
    """

    impl = String
    cache_ok = True

    def __init__(self, length: int = 64) -> None:
        super().__init__(length)
        self.length = length

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[str]:
        if dialect.name in ("mysql", "mariadb"):
            from sqlalchemy.dialects import mysql  # only for MariaDB: the SQLite start skips its import

            return dialect.type_descriptor(
                mysql.VARCHAR(self.length, charset="utf8mb4", collation=MARIADB_EXACT_COLLATION)
            )
        if dialect.name == "mssql":
            return dialect.type_descriptor(String(self.length, collation=MSSQL_EXACT_COLLATION))
        return dialect.type_descriptor(String(self.length))


class _JsonText(TypeDecorator[str]):
    """TEXT, and MEDIUMTEXT on MariaDB, chosen when a dialect asks.

    A ``with_variant(mysql.MEDIUMTEXT())`` would import SQLAlchemy's whole MySQL dialect (~20 ms) at every
    start, on SQLite too; the tables and migrations come out the same.
    """

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[str]:
        if dialect.name in ("mysql", "mariadb"):
            from sqlalchemy.dialects import mysql

            return dialect.type_descriptor(mysql.MEDIUMTEXT())
        return super().load_dialect_impl(dialect)


def json_text() -> TypeEngine[str]:
    """JSON kept as text (portable); MEDIUMTEXT on MariaDB, whose TEXT stops at 64 KB."""
    return _JsonText()
