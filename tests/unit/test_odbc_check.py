"""SQL Server prerequisites (countyadmin.db.odbc): the ODBC driver the database URL needs is installed."""

from __future__ import annotations

import importlib.util

import pytest

from countyadmin.db.odbc import RECOMMENDED_DRIVER, sql_server_driver_problem, uses_sql_server_odbc

DRIVER_18 = "ODBC Driver 18 for SQL Server"
WINDOWS_DEFAULTS = ["SQL Server", "Microsoft Access Driver (*.mdb, *.accdb)"]


def drivers(*names: str):
    return lambda: list(names)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mssql+pyodbc://server/db?driver=ODBC+Driver+18+for+SQL+Server", True),
        ("mssql://server/db", True),  # SQLAlchemy's default SQL Server driver is pyodbc
        ("mssql+pymssql://server/db", False),
        ("postgresql+psycopg2://server/db", False),
        ("sqlite:///x.sqlite3", False),
    ],
)
def test_which_urls_need_an_odbc_driver(url: str, expected: bool) -> None:
    assert uses_sql_server_odbc(url) is expected


def test_other_databases_need_no_driver() -> None:
    assert sql_server_driver_problem("postgresql+psycopg2://h/db", drivers=drivers()) is None


def test_the_named_driver_installed_passes() -> None:
    url = "mssql+pyodbc://sql01.county.local/preschool?driver=ODBC+Driver+18+for+SQL+Server"
    assert sql_server_driver_problem(url, drivers=drivers(*WINDOWS_DEFAULTS, DRIVER_18)) is None


def test_no_sql_server_driver_at_all_names_driver_18_and_where_to_get_it() -> None:
    url = "mssql+pyodbc://sql01.county.local/preschool?driver=ODBC+Driver+18+for+SQL+Server"
    problem = sql_server_driver_problem(url, drivers=drivers("Microsoft Access Driver (*.mdb, *.accdb)"))
    assert problem is not None
    assert f'asks for the ODBC driver "{DRIVER_18}", which is not installed' in problem
    assert "no ODBC driver for SQL Server is installed" in problem
    assert f'Install "{RECOMMENDED_DRIVER}" from Microsoft' in problem
    assert "learn.microsoft.com" in problem


def test_a_named_driver_missing_lists_the_ones_installed() -> None:
    url = "mssql+pyodbc://sql01/preschool?driver=ODBC+Driver+17+for+SQL+Server"
    problem = sql_server_driver_problem(url, drivers=drivers(*WINDOWS_DEFAULTS, DRIVER_18))
    assert problem is not None
    assert '"ODBC Driver 17 for SQL Server", which is not installed' in problem
    # The legacy built-in "SQL Server" driver is not offered when a current one is there.
    assert f'the SQL Server drivers installed are "{DRIVER_18}"' in problem
    assert "change driver= in the database URL" in problem


def test_a_url_without_driver_says_what_to_add() -> None:
    problem = sql_server_driver_problem("mssql+pyodbc://sql01/preschool", drivers=drivers(DRIVER_18))
    assert problem is not None
    assert "does not say which ODBC driver" in problem
    assert "?driver=ODBC+Driver+18+for+SQL+Server" in problem


def test_odbc_connect_strings_are_read() -> None:
    connect = "DRIVER={ODBC Driver 18 for SQL Server};SERVER=sql01;DATABASE=preschool;Encrypt=yes"
    url = f"mssql+pyodbc:///?odbc_connect={connect.replace(' ', '+').replace(';', '%3B')}"
    assert sql_server_driver_problem(url, drivers=drivers(DRIVER_18)) is None
    problem = sql_server_driver_problem(url, drivers=drivers("SQL Server"))
    assert problem is not None and f'"{DRIVER_18}", which is not installed' in problem


def test_a_data_source_name_is_checked_against_the_odbc_data_sources() -> None:
    url = "mssql+pyodbc://clerk@CountyPreschool"  # a host without a database: an ODBC data source name
    ok = sql_server_driver_problem(
        url, drivers=drivers(DRIVER_18), data_sources=lambda: {"CountyPreschool": DRIVER_18}
    )
    assert ok is None
    missing = sql_server_driver_problem(url, drivers=drivers(DRIVER_18), data_sources=lambda: {})
    assert missing is not None and 'data source "CountyPreschool", which is not set up' in missing
    stale = sql_server_driver_problem(
        url, drivers=drivers("SQL Server"), data_sources=lambda: {"CountyPreschool": DRIVER_18}
    )
    assert stale is not None and f'uses the driver "{DRIVER_18}", which is not installed' in stale


@pytest.mark.skipif(importlib.util.find_spec("pyodbc") is not None, reason="pyodbc is installed here")
def test_without_pyodbc_the_check_says_so() -> None:
    problem = sql_server_driver_problem("mssql+pyodbc://sql01/preschool?driver=ODBC+Driver+18+for+SQL+Server")
    assert problem is not None and "pyodbc is not installed" in problem


def test_postgres_and_sqlite_never_import_pyodbc() -> None:
    def fail() -> list[str]:
        raise AssertionError("asked for ODBC drivers for a database that needs none")

    assert sql_server_driver_problem("sqlite:///x.sqlite3", drivers=fail) is None
