"""Attacks on the console entry for IT (countyadmin-cli / CountyAdminCLI.exe) and the diagnostics zip, as a
county IT script would meet them: exit codes that lie, passwords printed, a console that cannot show a
name, a hostile log file, a zip path that cannot be written, the relay started oddly or interrupted.

Each test is named after what it tried; each once broke (or is the check that it cannot).
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from countyadmin import diagnostics
from countyadmin.cli import main
from countyadmin.config import AppSettings
from countyadmin.exit_codes import ExitCode
from countyadmin.redact import masked_url, url_secrets
from tests.integration.test_cli import fake_gui_folder, isolated_env

PASSWORD = "S3cretPw-9911"
SHORT = "pw12"  # shorter than redact's MIN_ANYWHERE: replaced only where it stands alone
ODBC_URL = (
    "mssql+pyodbc:///?odbc_connect=DRIVER%3D%7BODBC+Driver+18+for+SQL+Server%7D%3BSERVER%3Dsql01%3B"
    f"UID%3Dclerk%3BPWD%3D{SHORT}"
)
QUERY_URL = f"postgresql+psycopg2://clerk@127.0.0.1:1/preschool?password={PASSWORD}&sslmode=require"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The console entry as a script runs it: a process of its own, bytes decoded as UTF-8."""
    return subprocess.run(
        [sys.executable, "-m", "countyadmin.cli", *args], capture_output=True, timeout=120,
        env={**isolated_env(tmp_path), **env}, check=False, encoding="utf-8", errors="replace",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        (ODBC_URL, SHORT),
        (QUERY_URL, PASSWORD),
        (f"postgresql+psycopg2://clerk:{PASSWORD}@127.0.0.1:notaport/preschool", PASSWORD),
        (f"mysql+pymysql://clerk@127.0.0.1:1/x?PWD={SHORT}", SHORT),
    ],
)
def test_a_password_outside_the_user_info_part_is_never_printed(url: str, secret: str) -> None:
    # db current printed ?password= and an ODBC connection string's PWD= as given (render_as_string hides
    # only the user-info password); a port that is not a number ended in a traceback, exit code 1.
    assert secret in url_secrets(url)
    assert secret not in masked_url(url) and "***" in masked_url(url)
    code, out, err = run("db", "current", "--db", url)
    assert code in (ExitCode.DATABASE_URL_UNUSABLE, ExitCode.DATABASE_UNREACHABLE), out + err
    assert "Traceback" not in err
    assert secret not in out + err


def test_diagnostics_of_an_odbc_connect_url_keep_its_password_out_of_report_and_zip(tmp_path: Path) -> None:
    # The report's "database.url" and "settings.database_url" showed the whole odbc_connect string.
    (tmp_path / "log").mkdir()
    (tmp_path / "log" / diagnostics.LOG_FILE).write_text(
        f"2026-12-03 ERROR pyodbc: login failed for DRIVER={{x}};UID=clerk;PWD={SHORT};\n", encoding="utf-8"
    )
    report = diagnostics.collect(
        settings=AppSettings(database_url=QUERY_URL), database_url=ODBC_URL, toolkit={},
        log_folder=tmp_path / "log", self_test=None,
    )  # fmt: skip
    path = diagnostics.write_zip(report, tmp_path / "d.zip")
    with zipfile.ZipFile(path) as archive:
        texts = {name: archive.read(name).decode() for name in archive.namelist()}
    for name, text in texts.items():
        assert SHORT not in text and PASSWORD not in text, name
    database = json.loads(texts[diagnostics.REPORT_NAME])["database"]
    assert "PWD%3D***" in database["url"]
    assert "password=***" in json.loads(texts[diagnostics.REPORT_NAME])["settings"]["database_url"]


def test_a_name_a_cp1252_console_cannot_show_does_not_fail_the_command(tmp_path: Path) -> None:
    # Through CountyAdminCLI's relay (or any redirect on Windows) stdout is cp1252: a clerk's folder
    # named 张伟 in the database path ended diagnostics with UnicodeEncodeError, exit code 1 ("self-test
    # failed"), the report half printed.
    folder = tmp_path / "张伟"
    folder.mkdir()
    done = cli(tmp_path, "diagnostics", "--no-self-test", "--db", f"sqlite:///{folder}/x.sqlite3",
               PYTHONIOENCODING="cp1252")  # fmt: skip
    assert done.returncode == ExitCode.OK, done.stderr
    assert "\\u5f20\\u4f1f" in done.stdout and "database:" in done.stdout
    done = cli(tmp_path, "diagnostics", "--json", "--no-self-test", "--db", f"sqlite:///{folder}/x.sqlite3",
               PYTHONIOENCODING="cp1252")  # fmt: skip
    assert done.returncode == ExitCode.OK and "张伟" in json.loads(done.stdout)["database"]["url"]


def test_an_unexpected_error_is_not_reported_as_a_failed_self_test(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Any traceback exited 1, which a script reads as "the self-test failed"; its text may quote --db.
    def broken(**_kwargs: object) -> None:
        raise RuntimeError(f"could not read postgresql://clerk:{PASSWORD}@db/x")

    monkeypatch.setattr(diagnostics, "collect", broken)
    code, out, err = run("diagnostics", "--json", "--db", f"postgresql://clerk:{PASSWORD}@db/x")
    assert code == ExitCode.UNEXPECTED == 8
    assert out == ""  # a script parsing stdout as JSON gets nothing, not half an object
    assert "RuntimeError" in err and "could not finish this command" in err
    assert PASSWORD not in err


def test_json_on_stdout_is_only_json_even_when_things_warn(tmp_path: Path) -> None:
    # A policy file that is not JSON, a database that is not there, a zip saved: warnings and "Saved to"
    # go to stderr; stdout parses as one JSON object.
    policy_file = tmp_path / "policy.json"
    policy_file.write_text("{not json", encoding="utf-8")
    target = tmp_path / "out" / "d.zip"
    done = cli(tmp_path, "diagnostics", "--json", "--no-self-test", "--zip", str(target),
               "--db", "postgresql+psycopg2://clerk@127.0.0.1:1/x", COUNTYADMIN_POLICY_FILE=str(policy_file),
               PYTHONWARNINGS="always")  # fmt: skip
    assert done.returncode == ExitCode.OK, done.stderr
    report = json.loads(done.stdout)
    assert report["database"]["error"] and f"Saved to {target}" in done.stderr


def test_a_log_that_is_one_huge_line_does_not_leak_the_tail_of_a_key(tmp_path: Path) -> None:
    # The tail was cut at its first line start; a log whose last line is longer than the tail had none,
    # and the fragment of a key at the cut ("...8Vb6Hs1Jd") escaped scrubbing.
    key = "ck_live_7Qm2Zr9Xw4Lp0Tn8Vb6Hs1Jd"
    (tmp_path / diagnostics.LOG_FILE).write_bytes(b"x" * 1000 + f" Bearer {key} ".encode() + b"y" * 90)
    tail = diagnostics.read_log_tail(tmp_path, limit=100)
    assert "Vb6Hs1Jd" not in tail and "left out" in tail


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_log_that_is_a_pipe_or_a_folder_does_not_hang_diagnostics(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / diagnostics.LOG_FILE)  # opening it for reading waited for a writer forever
    (tmp_path / f"{diagnostics.LOG_FILE}.1").mkdir()
    assert diagnostics.read_log_tail(tmp_path) == ""


def test_a_huge_log_gives_a_bounded_tail(tmp_path: Path) -> None:
    line = b"2026-12-03 INFO countyadmin: " + b"z" * 200 + b"\n"
    with (tmp_path / diagnostics.LOG_FILE).open("wb") as stream:
        stream.truncate(300_000_000)  # sparse: 300 MB of NULs, then lines
        stream.seek(0, os.SEEK_END)
        stream.write(line * 10)
    tail = diagnostics.read_log_tail(tmp_path)
    assert len(tail.encode()) <= diagnostics.MAX_LOG_BYTES and tail.endswith(line.decode())


@pytest.mark.parametrize("where", ["a folder", "an existing zip", "a read-only folder", "inside a file"])
def test_zip_paths_that_cannot_or_must_be_replaced(tmp_path: Path, where: str) -> None:
    target = tmp_path / "target.zip"
    expected = ExitCode.CANNOT_WRITE
    if where == "a folder":
        target.mkdir()
    elif where == "an existing zip":
        target.write_bytes(b"an older diagnostics zip")
        expected = ExitCode.OK
    elif where == "a read-only folder":
        if os.geteuid() == 0:
            pytest.skip("root writes into a read-only folder")
        target.parent.chmod(0o500)
    else:
        (tmp_path / "file").write_text("x", encoding="utf-8")
        target = tmp_path / "file" / "target.zip"
    code, _out, err = run("diagnostics", "--no-self-test", "--zip", str(target))
    assert code == expected, err
    if expected == ExitCode.OK:
        with zipfile.ZipFile(target) as archive:
            assert diagnostics.REPORT_NAME in archive.namelist()
    else:
        assert "could not be saved" in err
    assert not list(tmp_path.glob(".*.tmp"))  # no half-written temporary left behind


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_a_sentence_and_exit_code_6(tmp_path: Path) -> None:
    # The zip is written to a temporary beside the target, then renamed: /dev/full's folder is /dev,
    # which a test cannot fill; a symlinked temporary that points at /dev/full can be.
    target = tmp_path / "full.zip"
    (tmp_path / f".{target.name}.tmp").symlink_to("/dev/full")
    code, _out, err = run("diagnostics", "--no-self-test", "--zip", str(target))
    assert code == ExitCode.CANNOT_WRITE, err
    assert "could not be saved" in err and not target.exists()


@pytest.mark.skipif(os.name == "nt", reason="the stand-in CountyAdmin is a shell script")
def test_relay_arguments_with_spaces_quotes_and_unicode_arrive_whole(tmp_path: Path) -> None:
    folder = fake_gui_folder(tmp_path)
    odd = tmp_path / 'Clerk\'s "data" 张伟 $HOME;'
    odd.mkdir()
    args = ["db", "upgrade", "--db", f"sqlite:///{odd}/c.sqlite3"]
    code = f"from countyadmin.console_relay import relay; raise SystemExit(relay({args!r}, {str(folder)!r}))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=isolated_env(tmp_path), cwd="/", check=False)  # fmt: skip
    assert done.returncode == ExitCode.OK, done.stderr
    assert (odd / "c.sqlite3").is_file()


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_ctrl_c_at_the_relay_ends_the_child_and_exits_130(tmp_path: Path) -> None:
    # Ctrl+C reaches the relay's whole process group: the relay must not hang waiting, nor leave the
    # child running, and says 130.
    folder = tmp_path / "bundle"
    folder.mkdir()
    child = folder / "CountyAdmin"
    child.write_text(f'#!/bin/sh\necho started; exec "{sys.executable}" -c "import time; time.sleep(60)"\n',
                     encoding="utf-8")  # fmt: skip
    child.chmod(0o755)
    code = f"from countyadmin.console_relay import relay; raise SystemExit(relay(['x'], {str(folder)!r}))"
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                               start_new_session=True)  # fmt: skip
    assert process.stdout is not None and process.stdout.readline().strip() == "started"
    started = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=30) == ExitCode.INTERRUPTED
    print(f"relay ended {time.monotonic() - started:.2f} s after Ctrl+C")
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # nothing of the group is left
