"""Column types that behave the same on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Dialect, Text
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
