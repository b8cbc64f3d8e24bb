"""``countyadmin [--demo] [--db URL] [--portal-url URL] [--npi-registry-url URL]`` and
``countyadmin db upgrade [--db URL]``; ``python -m countyadmin`` does the same."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path

LOG_FILE = "countyadmin.log"


class EarlyRecords(logging.Handler):
    """Keeps what is logged before the log file opens, for configure_logging to write first.

    The app opens its log file after the window's first paint: the rotating handler brings
    ``logging.handlers`` (with socket and pickle), the folder ``platformdirs`` and the secret filter
    its regular expressions, about 15 ms of the frozen app's first paint (docs/packaging.md, Start-up).
    """

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def install(self) -> EarlyRecords:
        root = logging.getLogger()
        root.addHandler(self)
        root.setLevel(logging.INFO)
        return self


def configure_logging(folder: Path, early: EarlyRecords | None = None) -> Path:
    """Log to a rotating file in ``folder``, ``early``'s records first; never the API key."""
    import logging.handlers

    from countyadmin.redact import SecretFilter  # here: not needed before the log file opens

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    # The last line of defence: server text quoting a key is scrubbed where it enters, and again here.
    handler.addFilter(SecretFilter())
    root = logging.getLogger()
    held: list[logging.LogRecord] = []
    if early is not None:
        early.acquire()  # a record logged meanwhile goes to one of the two handlers, once
        try:
            root.addHandler(handler)
            root.removeHandler(early)
            held, early.records = early.records, []
        finally:
            early.release()
    else:
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    for record in held:
        handler.handle(record)
    return path


def log_folder() -> Path:
    # The same folder as countyadmin.config.log_dir(); that module imports SQLAlchemy, which would
    # delay the first window by a tenth of a second.
    import platformdirs

    return Path(platformdirs.user_log_dir("CountyAdmin", "CountyAdmin"))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # Packaging (build_installer.spec): the installation's self-test, and the demo's sandbox child process,
    # which a frozen app must serve itself (it has no interpreter for "-m countyadmin.sandbox").
    if args[:1] == ["--self-test"]:
        from countyadmin.selftest import run_self_test

        return run_self_test(args[1:])
    if args[:1] == ["--run-sandbox"]:
        from countyadmin.sandbox.cli import main as run_sandbox

        return run_sandbox(args[1:])
    if args[:1] == ["db"]:
        from countyadmin.db.cli import run_db_command

        return run_db_command(args[1:])
    if args[:1] == ["--cli"]:  # CountyAdminCLI.exe's relay (countyadmin/console_relay.py)
        from countyadmin.cli import main as run_cli

        return run_cli(args[1:])

    from PySide6.QtWidgets import QApplication

    from countyadmin.app import build_main_window, parse_arguments

    parse_arguments(args)  # --help and bad arguments end here, before any window
    early = EarlyRecords().install()
    logging.getLogger(__name__).info("CountyAdmin starting")

    def open_log() -> None:  # on the start-up thread, after the first paint
        log_path = configure_logging(log_folder(), early)
        logging.getLogger(__name__).info("log file %s", log_path)

    app = QApplication(sys.argv[:1])
    window = build_main_window(args, before_services=open_log)
    app.aboutToQuit.connect(window.close_for_quit)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
