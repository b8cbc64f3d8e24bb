"""SQL Server prerequisites: is an ODBC driver for SQL Server installed, the one the database URL names?

SQLAlchemy reaches SQL Server through pyodbc, and pyodbc through an ODBC driver that Microsoft ships
separately ("ODBC Driver 18 for SQL Server"). Without it the first connection fails with an ODBC error
code a clerk cannot act on; the self-test asks here first and says what to install.

pyodbc is optional (Windows builds carry it): this module imports it only when asked, and says so when
it is missing. ``drivers`` and ``data_sources`` can be given, so tests need neither pyodbc nor a driver.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from sqlalchemy.engine import URL, make_url

RECOMMENDED_DRIVER = "ODBC Driver 18 for SQL Server"
DOWNLOAD_PAGE = "https://learn.microsoft.com/sql/connect/odbc/download-odbc-driver-for-sql-server"
# Microsoft's current drivers; "SQL Server" (the one built into Windows) and "SQL Server Native Client"
# predate TLS 1.2 and are not offered when nothing else is installed.
_MODERN_DRIVER = re.compile(r"^ODBC Driver \d+ for SQL Server$", re.IGNORECASE)
_CONNECT_STRING_PART = re.compile(r"\s*([^=;]+?)\s*=\s*(\{(?:[^}]|\}\})*\}|[^;]*)\s*(?:;|$)")

_GET_IT = f'Install "{RECOMMENDED_DRIVER}" from Microsoft ({DOWNLOAD_PAGE}), then run the self-test again.'


def uses_sql_server_odbc(url: str | URL) -> bool:
    """True for an ``mssql+pyodbc`` URL (SQLAlchemy's default SQL Server driver is pyodbc too)."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "mssql" and parsed.get_driver_name() == "pyodbc"


def _pyodbc_drivers() -> list[str]:
    import pyodbc  # type: ignore[import-not-found,unused-ignore]

    return list(pyodbc.drivers())


def _pyodbc_data_sources() -> dict[str, str]:
    import pyodbc  # type: ignore[import-not-found,unused-ignore]

    return dict(pyodbc.dataSources())


def _connect_string(text: str) -> dict[str, str]:
    """``DRIVER={ODBC Driver 18 for SQL Server};Server=…`` as lower-case keys and unbraced values."""
    parts: dict[str, str] = {}
    for key, value in _CONNECT_STRING_PART.findall(text):
        if value.startswith("{") and value.endswith("}"):
            value = value[1:-1].replace("}}", "}")
        parts[key.strip().lower()] = value.strip()
    return parts


def sql_server_driver_problem(
    url: str | URL,
    *,
    drivers: Callable[[], Sequence[str]] | None = None,
    data_sources: Callable[[], Mapping[str, str]] | None = None,
) -> str | None:
    """A sentence saying what is missing for ``url`` to reach SQL Server, or ``None`` when nothing is.

    Any URL that is not ``mssql+pyodbc`` needs no ODBC driver: ``None``.
    """
    parsed = make_url(url)
    if not uses_sql_server_odbc(parsed):
        return None
    try:
        installed = list((drivers or _pyodbc_drivers)())
    except ImportError:
        return (
            "The database URL uses SQL Server through ODBC, but pyodbc is not installed in this copy of "
            "CountyAdmin. Install the Windows build of CountyAdmin (it carries pyodbc), or "
            '"pip install pyodbc" where CountyAdmin runs from Python.'
        )
    sql_server = [name for name in installed if "sql server" in name.lower()]
    query = {key.lower(): value for key, value in parsed.query.items() if isinstance(value, str)}
    named = query.get("driver")
    dsn = query.get("dsn")
    if "odbc_connect" in query:
        parts = _connect_string(query["odbc_connect"])
        named, dsn = parts.get("driver"), parts.get("dsn")
    elif named is None and parsed.host and not parsed.database:
        dsn = parsed.host  # SQLAlchemy reads a host without a database as the name of an ODBC data source
    if named:
        if named in installed:
            return None
        return (
            f'The database URL asks for the ODBC driver "{named}", which is not installed on this computer '
            f"({_installed_sentence(sql_server)}). Install it, or change driver= in the database URL to an "
            f"installed one. {_GET_IT}"
        )
    if dsn:
        return _data_source_problem(dsn, installed, sql_server, data_sources)
    return (
        "The database URL uses SQL Server through ODBC but does not say which ODBC driver to use. "
        f"Add ?driver={RECOMMENDED_DRIVER.replace(' ', '+')} to the end of the URL"
        + ("." if RECOMMENDED_DRIVER in installed else f". {_GET_IT}")
    )


def _data_source_problem(
    dsn: str,
    installed: Sequence[str],
    sql_server: Sequence[str],
    data_sources: Callable[[], Mapping[str, str]] | None,
) -> str | None:
    try:
        sources = dict((data_sources or _pyodbc_data_sources)())
    except ImportError:  # drivers() answered, so pyodbc is there; a stand-in drivers list in a test
        sources = {}
    driver = sources.get(dsn)
    if driver is None:
        return (
            f'The database URL names the ODBC data source "{dsn}", which is not set up on this computer. '
            'Create it in "ODBC Data Sources (64-bit)" with a SQL Server driver, or write the URL with the '
            f"server, database and driver=: mssql+pyodbc://server/database?driver="
            f"{RECOMMENDED_DRIVER.replace(' ', '+')}."
        )
    if driver in installed:
        return None
    return (
        f'The ODBC data source "{dsn}" uses the driver "{driver}", which is not installed on this computer '
        f"({_installed_sentence(sql_server)}). {_GET_IT}"
    )


def _installed_sentence(sql_server: Sequence[str]) -> str:
    if not sql_server:
        return "no ODBC driver for SQL Server is installed"
    modern = [name for name in sql_server if _MODERN_DRIVER.match(name)]
    listed = ", ".join(f'"{name}"' for name in (modern or sql_server))
    return f"the SQL Server drivers installed are {listed}"
