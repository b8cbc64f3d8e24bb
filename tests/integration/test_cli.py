"""``countyadmin-cli``: db upgrade on every database, --self-test, diagnostics, and their exit codes.

Also CountyAdminCLI's relay (countyadmin/console_relay.py) to the windowed app, run from source here;
.ci/build-frozen runs the frozen pair.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text

from countyadmin.cli import main
from countyadmin.db.engine import create_engine_for, head_revision
from countyadmin.exit_codes import ExitCode


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def isolated_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for variable in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "APPDATA", "LOCALAPPDATA"):
        env[variable] = str(tmp_path / variable.lower())
    return env


def test_db_upgrade_shows_from_and_to_revision_then_nothing_to_do(database_url: str) -> None:
    code, out, err = run("db", "upgrade", "--db", database_url)
    assert code == ExitCode.OK, err
    assert "Revision before: none (empty database)" in out
    assert f"Revision after: {head_revision()}" in out
    code, out, err = run("db", "upgrade", "--db", database_url)
    assert code == ExitCode.OK, err
    assert f"Revision before: {head_revision()}" in out and f"Revision after: {head_revision()}" in out


def test_db_upgrade_refuses_a_newer_apps_database(database_url: str) -> None:
    assert run("db", "upgrade", "--db", database_url)[0] == ExitCode.OK
    engine = create_engine_for(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    code, _out, err = run("db", "upgrade", "--db", database_url)
    assert code == ExitCode.DATABASE_REFUSED == 5
    assert "upgraded by a newer version of CountyAdmin" in err


@pytest.mark.parametrize(
    ("args", "expected", "said"),
    [
        (("db", "upgrade", "--db", "nonsense"), ExitCode.DATABASE_URL_UNUSABLE, "cannot be used"),
        (("db", "upgrade", "--db", "postgresql+psycopg2://clerk:Pw0rd-Secret@127.0.0.1:1/x"),
         ExitCode.DATABASE_UNREACHABLE, "Check that the server is running"),
        (("db", "upgrade", "--db", "oracle+cx_oracle://h/x"),
         ExitCode.DATABASE_URL_UNUSABLE, "cannot be used"),
    ],
)  # fmt: skip
def test_db_failures_have_their_own_exit_codes(args: tuple[str, ...], expected: int, said: str) -> None:
    code, out, err = run(*args)
    assert code == expected
    assert said in err
    assert "Pw0rd-Secret" not in out + err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["no-such-command"])
    assert exit_info.value.code == ExitCode.USAGE == 2
    assert "invalid choice" in capsys.readouterr().err


def test_help_lists_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "exit codes: 0 ok, 1 self_test_failed, 2 usage" in capsys.readouterr().out


def test_diagnostics_without_self_test_prints_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    code, out, err = run("diagnostics", "--json", "--no-self-test", "--db", f"sqlite:///{tmp_path}/x.sqlite3")
    assert code == ExitCode.OK, err
    report = json.loads(out)
    assert "self-test" not in report
    assert report["versions"]["Qt"] and report["database"]["revision"].startswith("none")


def test_diagnostics_cannot_write_its_zip(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, _out, err = run("diagnostics", "--no-self-test", "--zip", str(blocker / "d.zip"))
    assert code == ExitCode.CANNOT_WRITE == 6
    assert "could not be saved" in err


@pytest.mark.slow
def test_the_console_script_runs_the_self_test_inside_diagnostics(tmp_path: Path) -> None:
    # A fresh process, as IT runs it: the JSON on stdout, "Saved to" on stderr, exit code 0.
    target = tmp_path / "diag.zip"
    done = subprocess.run(
        [sys.executable, "-m", "countyadmin.cli", "diagnostics", "--json", "--zip", str(target)],
        capture_output=True, text=True, timeout=300, env=isolated_env(tmp_path), check=False,
    )  # fmt: skip
    assert done.returncode == ExitCode.OK, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["self-test"]["passed"] is True
    assert "self-test: OK" in report["self-test"]["output"]
    assert f"Saved to {target}" in done.stderr
    with zipfile.ZipFile(target) as archive:
        assert "self-test: OK" in archive.read("self-test.txt").decode()


def test_the_self_test_names_a_missing_sql_server_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    from countyadmin import selftest

    for name in ("package", "window", "forms", "icons", "migrations", "keyring", "http_stack",
                 "database_drivers", "text", "sandbox"):  # fmt: skip
        monkeypatch.setattr(selftest, f"_check_{name}", lambda *_args: "")
    url = "mssql+pyodbc://sql01/preschool?driver=ODBC+Driver+18+for+SQL+Server"
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    code = run("--self-test", "--db", url)[0]
    assert code == ExitCode.SELF_TEST_FAILED
    assert "SQL Server driver: " in out.getvalue()
    assert "pyodbc is not installed" in out.getvalue() or "ODBC Driver 18 for SQL Server" in out.getvalue()


def fake_gui_folder(tmp_path: Path) -> Path:
    """A folder whose CountyAdmin is this Python running countyadmin, as the frozen CountyAdmin would."""
    folder = tmp_path / "bundle"
    folder.mkdir()
    script = folder / ("CountyAdmin.exe" if os.name == "nt" else "CountyAdmin")
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m countyadmin "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return folder


def relay(folder: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    call = f"relay({list(args)!r}, {str(folder)!r})"
    code = f"from countyadmin.console_relay import relay; raise SystemExit({call})"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env, check=False
    )


@pytest.mark.skipif(os.name == "nt", reason="the stand-in CountyAdmin is a shell script")
def test_the_console_relay_passes_output_and_exit_codes_through(tmp_path: Path) -> None:
    folder, env = fake_gui_folder(tmp_path), isolated_env(tmp_path)
    done = relay(folder, "--version", env=env)
    assert (done.returncode, done.stdout.strip()) == (0, __import__("countyadmin").__version__), done.stderr
    done = relay(folder, "db", "upgrade", "--db", "nonsense", env=env)
    assert done.returncode == ExitCode.DATABASE_URL_UNUSABLE and "cannot be used" in done.stderr
    assert done.stdout == ""
    done = relay(folder, "db", "upgrade", "--db", f"sqlite:///{tmp_path}/relay.sqlite3", env=env)
    assert done.returncode == 0 and f"Revision after: {head_revision()}" in done.stdout


def test_the_console_relay_says_when_countyadmin_is_missing(tmp_path: Path) -> None:
    done = relay(tmp_path, "--version", env=isolated_env(tmp_path))
    assert done.returncode == ExitCode.NO_GUI_EXECUTABLE == 7
    assert "must stay in the CountyAdmin folder" in done.stderr
