"""``countyadmin --self-test``: prove that this installation has everything CountyAdmin needs.

Made for the frozen app (``CountyAdmin --self-test`` after a PyInstaller build, in CI and on a county PC
when IT wonders whether an install is whole), and it runs the same from source. It opens the main window
offscreen on a temporary SQLite database (so the migrations run), sets up every compiled form, loads every
icon, starts the CPSE Portal sandbox the demo uses, and checks that a keyring backend, the database
drivers and the HTTP/TLS stack import. It prints one line and returns 0, or names what is missing and
returns 1. It never touches the clerk's database, keyring entries or window layout.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

DEFAULT_TIMEOUT_S = 60.0


class CheckFailed(Exception):
    """A check found something missing; ``str()`` says what."""


def run_self_test(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(prog="countyadmin --self-test", description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds per slow check")
    parser.add_argument(
        "--db", metavar="URL", help="the database whose prerequisites to check (default: the one in Settings)"
    )
    args = parser.parse_args(list(argv))

    # Offscreen unless told otherwise: a self-test must not flash a window on a clerk's screen.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from countyadmin import __version__

    passed: list[str] = []
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="countyadmin-self-test-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        database_url = f"sqlite:///{(folder / 'self-test.sqlite3').as_posix()}"
        checks: list[tuple[str, Callable[[], str]]] = [
            ("package", _check_package),
            ("window", lambda: _check_window(database_url, folder / "qsettings", args.timeout)),
            ("forms", _check_forms),
            ("icons", _check_icons),
            ("migrations", lambda: _check_migrations(database_url)),
            ("keyring", _check_keyring),
            ("HTTP stack", _check_http_stack),
            ("databases", _check_database_drivers),
            ("SQL Server driver", lambda: _check_sql_server_driver(args.db)),
            ("text", _check_text),
            ("sandbox", lambda: _check_sandbox(folder / "sandbox", args.timeout)),
        ]
        for name, check in checks:
            try:
                result = check()
            except CheckFailed as failure:
                problems.append(f"{name}: {failure}")
            except Exception as error:  # any crash is a finding, and the other checks still run
                problems.append(f"{name}: {type(error).__name__}: {error}")
                if sys.stderr is not None:
                    traceback.print_exc()
            else:
                if result:
                    passed.append(result)

    if problems:
        _say(f"CountyAdmin {__version__} self-test: FAILED — " + "; ".join(problems))
        return 1
    _say(f"CountyAdmin {__version__} self-test: OK — " + ", ".join(passed))
    return 0


def _say(line: str) -> None:
    # A windowed (GUI-subsystem) Windows app has no stdout unless the caller redirected it.
    stream = sys.stdout or sys.stderr
    if stream is not None:
        print(line, file=stream, flush=True)


# -- the checks: each returns its part of the report line, or raises CheckFailed --------------------------


def _check_package() -> str:
    from countyadmin import __version__

    # The version comes from the package metadata; a frozen app without it would report 0.0.0.
    if __version__ == "0.0.0":
        raise CheckFailed("the countyadmin package metadata (its version) is missing")
    return ""


# What the offscreen platform says whenever a window is shown or raised; noise in a self-test's log.
_OFFSCREEN_REMARKS = (
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",
)


def _application() -> QApplication:
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_qt_message)
        app = QApplication([sys.argv[0] if sys.argv else "countyadmin"])
    assert isinstance(app, QApplication)
    return app


def _qt_message(_kind: object, _context: object, message: str) -> None:
    if message not in _OFFSCREEN_REMARKS and sys.stderr is not None:
        print(message, file=sys.stderr)


def _check_window(database_url: str, settings_folder: Path, timeout: float) -> str:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QLabel

    from countyadmin.app import build_main_window

    app = _application()
    settings_folder.mkdir(parents=True, exist_ok=True)
    _redirect_qsettings(settings_folder)

    window = build_main_window(["--db", database_url])
    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def finish(key: str, value: object) -> None:
        outcome.setdefault(key, value)
        loop.quit()

    window.providers_loaded.connect(lambda count: finish("providers", count))
    window.startup_failed.connect(lambda message: finish("failed", message))
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(int(timeout * 1000))
    loop.exec()
    timer.stop()
    status = window.findChild(QLabel, "providerCount")
    status_text = status.text() if status is not None else ""
    window.close()  # closes the services and disposes of the engine
    window.deleteLater()
    app.processEvents()

    if "failed" in outcome:
        raise CheckFailed(str(outcome["failed"]))
    if "providers" not in outcome:
        raise CheckFailed(f"the window did not load its provider list within {timeout:g} s ({status_text})")
    return "window"


def _check_migrations(database_url: str) -> str:
    from countyadmin.db.engine import create_engine_for, current_revision, head_revision

    # The window's start-up ran them; the database must now stand at the newest shipped revision.
    engine = create_engine_for(database_url)
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    head = head_revision()
    if revision != head:
        raise CheckFailed(f"the database stands at revision {revision}, not at the newest, {head}")
    return f"migrations at {revision}"


def _redirect_qsettings(folder: Path) -> None:
    from PySide6.QtCore import QSettings

    # The main window saves its layout on close: into a throw-away folder here, never the clerk's
    # (on Windows the native format is the registry, so the format changes too).
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


def _host_widget(form_class_name: str) -> object:
    from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

    # Designer's top-level class decides what setupUi() may call (setCentralWidget, button boxes…).
    if form_class_name.endswith("MainWindow"):
        return QMainWindow()
    if form_class_name.endswith("Dialog"):
        return QDialog()
    return QWidget()


def _check_forms() -> str:
    import countyadmin.gui.forms as forms_package

    _application()
    names = sorted(
        info.name for info in pkgutil.iter_modules(forms_package.__path__) if info.name.startswith("ui_")
    )
    if not names:
        raise CheckFailed("no compiled form (countyadmin/gui/forms/ui_*.py) is in this installation")
    broken: list[str] = []
    for name in names:
        try:
            module = importlib.import_module(f"{forms_package.__name__}.{name}")
            for attribute, form_class in vars(module).items():
                if attribute.startswith("Ui_") and isinstance(form_class, type):
                    host = _host_widget(attribute)
                    form_class().setupUi(host)
                    host.deleteLater()  # type: ignore[attr-defined]
        except Exception as error:  # a form that cannot be set up names itself in the report
            broken.append(f"{name} ({type(error).__name__}: {error})")
    if broken:
        raise CheckFailed("these forms did not load: " + ", ".join(broken))
    return f"{len(names)} forms"


def icons_folder() -> Path:
    """The folder the app loads its icons from."""
    try:
        from countyadmin.resources import resource_path  # type: ignore[import-not-found,unused-ignore]

        return Path(resource_path("icons"))
    except ImportError:
        from countyadmin.gui.icons import ICONS_DIR

        return Path(ICONS_DIR)


def _check_icons() -> str:
    from PySide6.QtGui import QIcon

    _application()
    folder = icons_folder()
    files = sorted(path for path in folder.glob("*") if path.is_file()) if folder.is_dir() else []
    if not files:
        raise CheckFailed(f"no icon files in {folder}")
    # An SVG icon needs Qt's svg icon engine and image plugin: a build without them gives null icons.
    bad = [path.name for path in files if QIcon(str(path)).pixmap(32, 32).isNull()]
    if bad:
        raise CheckFailed("these icons do not load (Qt's SVG plugins missing?): " + ", ".join(bad))
    return f"{len(files)} icons"


def _check_keyring() -> str:
    import keyring

    backend = keyring.get_keyring()
    if sys.platform == "win32":
        # The frozen app must carry the Windows Credential Manager backend and win32ctypes under it;
        # without them keyring silently falls back to "no keyring" and the API key cannot be saved.
        from keyring.backends import Windows

        if Windows.WinVaultKeyring.priority <= 0:  # type: ignore[operator,unused-ignore]
            raise CheckFailed("the Windows Credential Manager backend is not usable")
    kind = type(backend)
    return f"keyring {kind.__module__.removeprefix('keyring.backends.')}.{kind.__name__}"


def _check_http_stack() -> str:
    import ssl

    import certifi
    import requests
    import urllib3

    bundle = Path(certifi.where())
    if not bundle.is_file():
        raise CheckFailed(f"the TLS certificate bundle {bundle} is missing")
    ssl.create_default_context(cafile=str(bundle))  # raises when the bundle is unreadable or empty
    del requests, urllib3  # imported only to prove they are there
    return "TLS bundle"


def _check_text() -> str:
    from PySide6.QtCore import QCollator, QLocale

    from countyadmin.domain.invitation import normalize_email
    from countyadmin.domain.matching import NAME_MATCH_THRESHOLD, name_similarity

    # The libraries under the rules a clerk meets, as the bundle has them: rapidfuzz scores names (its
    # C++ scorers; the spec leaves some of its parts out), email_validator checks invitees' addresses
    # (without its DNS half), and Qt's ICU data sorts (on Linux the bundle carries a slimmed copy).
    score = name_similarity(["Albany Therapy Associates, LLC"], "Therapy Associates of Albany")
    if score < NAME_MATCH_THRESHOLD:
        raise CheckFailed(f"name matching scored two spellings of one name {score:.0f} of 100")
    if normalize_email("Ana.Lopez@Example.ORG ") != "Ana.Lopez@example.org":
        raise CheckFailed("checking an e-mail address gave a wrong answer")
    words = sorted(["Zebra", "école", "apple"], key=QCollator(QLocale("en_US")).sortKey)
    if words != ["apple", "école", "Zebra"]:
        raise CheckFailed(f"Qt's locale data (ICU) sorts English words as {words}")
    return "names+e-mail+collation"


# (URL scheme, what to call it): SQLite is required; the others are reported when their driver is there.
_DRIVERS = (
    ("sqlite://", "sqlite"),
    ("postgresql+psycopg2://", "postgresql"),
    ("mysql+pymysql://", "mysql"),
    ("mssql+pyodbc://", "mssql"),
)


def _check_database_drivers() -> str:
    from sqlalchemy import create_engine

    available: list[str] = []
    for url, name in _DRIVERS:
        try:
            create_engine(url).dispose()  # imports the dialect and its driver; connects to nothing
        except ImportError:
            if name == "sqlite":
                raise CheckFailed("the SQLite driver is missing") from None
            continue
        available.append(name)
    return "databases " + "+".join(available)


def _check_sql_server_driver(url: str | None) -> str:
    from countyadmin.config import load_settings
    from countyadmin.db.odbc import sql_server_driver_problem, uses_sql_server_odbc

    # The clerk's own database URL (never connected to here): SQL Server needs Microsoft's ODBC driver.
    url = url or load_settings().settings.database_url
    if not url or not uses_sql_server_odbc(url):
        return ""
    problem = sql_server_driver_problem(url)
    if problem:
        raise CheckFailed(problem)
    return "SQL Server ODBC driver"


def _check_sandbox(data_dir: Path, timeout: float) -> str:
    import requests

    from countyadmin.sandbox import DEMO_API_KEY, DEMO_COUNTY_NAME
    from countyadmin.sandbox.process import SandboxProcess, SandboxStartError

    # The demo's own start: a child process (the frozen exe runs it with --run-sandbox) seeded from the
    # shipped demo dataset, answering on loopback.
    try:
        sandbox = SandboxProcess.start(
            data_dir, {DEMO_API_KEY: DEMO_COUNTY_NAME}, seed="demo", startup_timeout=timeout
        )
    except SandboxStartError as error:
        raise CheckFailed(f"the CPSE Portal sandbox did not start: {error}") from None
    with sandbox:
        answer = requests.get(
            f"{sandbox.url}/api/v1/county",
            headers={"Authorization": f"Bearer {DEMO_API_KEY}"},
            timeout=timeout,
        )
        if answer.status_code != 200 or answer.json().get("name") != DEMO_COUNTY_NAME:
            raise CheckFailed(f"the sandbox answered {answer.status_code}: {answer.text[:200]}")
    return "sandbox"
