"""What IT needs to help a desk: versions, platform, settings, the self-test, the recent log. No secrets.

Shared by Help → Save Diagnostics… (a zip a clerk e-mails to IT) and ``countyadmin-cli diagnostics``.
No Qt here: the GUI passes its toolkit versions in, and the self-test runs as a child process (it opens a
window offscreen, which cannot happen on a worker thread of the running app).

Every secret is removed: the API key is never written (only whether the keyring holds one), a database
URL's password is masked, and every text that goes into the report or the zip passes through
``countyadmin.redact.scrub`` with the API key and the database password (and their URL-quoted and
base64 forms), last of all as the zip is written.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from countyadmin.config import AppSettings, LoadedSettings, load_effective_settings, log_dir
from countyadmin.redact import masked_url, scrub, scrub_json, url_secrets

LOG_FILE = "countyadmin.log"  # countyadmin.__main__.LOG_FILE (not imported: that is the GUI's start path)
MAX_LOG_BYTES = 512_000
SELF_TEST_TIMEOUT_S = 240.0
REPORT_NAME = "diagnostics.json"
SELF_TEST_NAME = "self-test.txt"
LOG_NAME = "countyadmin-log-tail.txt"


@dataclass(frozen=True)
class SelfTestResult:
    """The self-test's exit code (``None``: it did not finish) and what it printed."""

    exit_code: int | None
    output: str

    @property
    def passed(self) -> bool:
        return self.exit_code == 0


@dataclass
class Diagnostics:
    report: dict[str, Any]
    log_tail: str
    self_test: SelfTestResult | None
    secrets: list[str] = field(default_factory=list, repr=False)  # what to scrub; never written

    def as_json(self) -> str:
        return json.dumps(scrub_json(self.report, self.secrets), indent=2, sort_keys=True)


def self_test_command(database_url: str | None = None) -> list[str]:
    """The command that runs this installation's self-test: the frozen app itself, or this Python."""
    if getattr(sys, "frozen", False):
        command = [sys.executable, "--self-test"]
    else:
        command = [sys.executable, "-m", "countyadmin", "--self-test"]
    return command + (["--db", database_url] if database_url else [])


# Self-test children still running: a clerk may close CountyAdmin (or an installer upgrading it may ask it
# to close) during Save Diagnostics, and the process must not stay alive for minutes waiting for one.
_RUNNING: set[subprocess.Popen[str]] = set()
_STOPPED: set[subprocess.Popen[str]] = set()
_RUNNING_LOCK = threading.Lock()


def run_self_test_process(
    database_url: str | None = None, timeout: float = SELF_TEST_TIMEOUT_S
) -> SelfTestResult:
    """Run the self-test as a child process (offscreen) and keep what it printed."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console window flashes up
    try:
        child = subprocess.Popen(
            self_test_command(database_url), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            encoding="utf-8", errors="replace", stdin=subprocess.DEVNULL, env=env, creationflags=flags,
        )  # fmt: skip
    except OSError as error:
        return SelfTestResult(None, f"The self-test could not be started ({error}).")
    with _RUNNING_LOCK:
        _RUNNING.add(child)
    try:
        output, _ = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return SelfTestResult(None, f"The self-test did not finish within {timeout:g} seconds.")
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard(child)
            stopped = child in _STOPPED
            _STOPPED.discard(child)
    if stopped:
        return SelfTestResult(None, "The self-test was stopped because CountyAdmin was closing.")
    return SelfTestResult(child.returncode, output.strip())


def stop_self_tests() -> int:
    """End every self-test child still running (CountyAdmin is closing); how many were ended."""
    with _RUNNING_LOCK:
        children = list(_RUNNING)
        _STOPPED.update(children)
    for child in children:
        child.kill()
    return len(children)


def url_password(url: str | None) -> str | None:
    """The first password ``url`` carries (its user-info part's, else its query's), if any."""
    found = url_secrets(url)
    return found[0] if found else None


def _settings_report(settings: AppSettings) -> dict[str, Any]:
    values = asdict(settings)
    return {key: masked_url(value) if isinstance(value, str) else value for key, value in values.items()}


def _versions(toolkit: Mapping[str, str]) -> dict[str, str]:
    import sqlalchemy

    from countyadmin import __version__

    found = {
        "CountyAdmin": __version__,
        "Python": sys.version.replace("\n", " "),
        "SQLAlchemy": sqlalchemy.__version__,
    }
    for name in ("alembic", "requests", "urllib3", "keyring", "certifi", "platformdirs"):
        try:
            found[name] = str(
                getattr(__import__(name), "__version__", "") or importlib.metadata.version(name)
            )
        except (ImportError, importlib.metadata.PackageNotFoundError):
            found[name] = "not installed or version unknown"
    return {**found, **toolkit}


def _platform() -> dict[str, str]:
    return {
        "system": platform.platform(),
        "machine": platform.machine(),
        "frozen": "yes" if getattr(sys, "frozen", False) else "no",
        "executable": sys.executable,
    }


def _api_key(
    settings: AppSettings, read_api_key: Callable[[str], str | None] | None
) -> tuple[str, str | None]:
    """What to say about the API key, and the key itself (to scrub it; never written)."""
    if not settings.portal_url:
        return "no CPSE Portal address is set", None
    from countyadmin.secrets import ApiKeyStore, KeyringUnavailable

    try:
        key = (read_api_key or ApiKeyStore().get)(settings.portal_url)
    except KeyringUnavailable as error:
        return f"unknown: {error}", None
    return ("kept in the keyring" if key else "not set"), key


def _database(url: str) -> dict[str, str]:
    from sqlalchemy.engine import make_url

    from countyadmin.db.engine import create_engine_for, current_revision, head_revision, sqlite_file
    from countyadmin.db.odbc import sql_server_driver_problem

    info = {"url": masked_url(url), "this app needs revision": head_revision()}
    try:
        path = sqlite_file(make_url(url))
        if path is not None and not path.exists():  # looking must not create an empty database
            info["revision"] = f"none (the file {path} does not exist yet)"
            return info
        problem = sql_server_driver_problem(url)
        if problem:
            info["ODBC"] = problem
            return info
        engine = create_engine_for(url)
        try:
            info["revision"] = current_revision(engine) or "none (empty database)"
        finally:
            engine.dispose()
    except Exception as error:  # the report says why, whatever it is
        info["error"] = f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error) else ''}"
    return info


def read_log_tail(folder: Path | None = None, limit: int = MAX_LOG_BYTES) -> str:
    """The last ``limit`` bytes of the log, whole lines (the rotated file first if the current is short)."""
    folder = folder or log_dir()
    data = b""
    for path in (folder / f"{LOG_FILE}.1", folder / LOG_FILE):
        if not path.is_file():  # missing, a folder, or a pipe that would never end a read
            continue
        try:
            with path.open("rb") as stream:
                size = stream.seek(0, os.SEEK_END)
                stream.seek(max(0, size - limit))
                data = (data + stream.read())[-limit:]
        except OSError:
            continue
    if len(data) == limit:
        # Cut where a line starts: a secret split in two would escape scrubbing. A last line longer than
        # the whole tail has no start to cut at: it is left out, not sent as a fragment.
        if b"\n" not in data:
            return f"[The log's last line is longer than {limit} bytes; it is left out.]\n"
        data = data[data.index(b"\n") + 1 :]
    return data.decode("utf-8", errors="replace")


def collect(
    *,
    settings: AppSettings | LoadedSettings | None = None,
    database_url: str | None = None,
    toolkit: Mapping[str, str] | None = None,
    read_api_key: Callable[[str], str | None] | None = None,
    log_folder: Path | None = None,
    self_test: Callable[[str | None], SelfTestResult] | None = run_self_test_process,
) -> Diagnostics:
    """Gather the report: ``settings`` default to this desk's (IT's policy, then the settings file);
    ``database_url`` overrides theirs; ``self_test=None`` leaves the self-test out (several seconds)."""
    chosen = load_effective_settings() if settings is None else settings
    loaded = chosen if isinstance(chosen, LoadedSettings) else LoadedSettings(chosen)
    desk = loaded.settings
    url = database_url or desk.database_url
    key_status, key = _api_key(desk, read_api_key)
    secrets = [value for value in (key, *url_secrets(url), *url_secrets(desk.database_url)) if value]
    from countyadmin.db.engine import default_database_url

    report: dict[str, Any] = {
        "made": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": _versions(toolkit or {}),
        "platform": _platform(),
        "settings": _settings_report(desk),
        "settings warning": loaded.warning,
        "set by IT's policy": dict(loaded.locked),
        "CPSE Portal API key": key_status,
        "database": _database(url or default_database_url()),
    }
    result = self_test(database_url) if self_test is not None else None
    if result is not None:
        report["self-test"] = {
            "passed": result.passed, "exit code": result.exit_code, "output": result.output
        }  # fmt: skip
    return Diagnostics(report, read_log_tail(log_folder), result, secrets)


def write_zip(diagnostics: Diagnostics, path: Path) -> Path:
    """Write the zip (atomically: a half-written file never stays under the chosen name)."""
    members = {REPORT_NAME: diagnostics.as_json() + "\n", LOG_NAME: diagnostics.log_tail}
    if diagnostics.self_test is not None:
        members[SELF_TEST_NAME] = diagnostics.self_test.output + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, text in members.items():
                archive.writestr(name, scrub(text, diagnostics.secrets))
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def default_zip_name() -> str:
    return f"CountyAdmin diagnostics {datetime.now().strftime('%Y-%m-%d %H%M')}.zip"


def summary_lines(diagnostics: Diagnostics) -> Iterable[str]:
    """The report as lines a person reads (the CLI's output without --json)."""
    report = scrub_json(diagnostics.report, diagnostics.secrets)
    for section, value in report.items():
        if isinstance(value, dict):
            yield f"{section}:"
            for key, item in value.items():
                text = str(item).replace("\n", "\n    ")
                yield f"  {key}: {text}"
        elif value is not None:
            yield f"{section}: {value}"
