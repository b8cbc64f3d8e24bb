"""``countyadmin [--demo] [--db URL] [--portal-url URL] [--npi-registry-url URL]`` and
``countyadmin db upgrade [--db URL]``; ``python -m countyadmin`` does the same."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from collections.abc import Sequence
from pathlib import Path

from countyadmin.redact import SecretFilter

LOG_FILE = "countyadmin.log"


def configure_logging(folder: Path) -> Path:
    """Log to a rotating file in ``folder``. Nothing logged anywhere includes the API key."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    # The last line of defence: server text quoting a key is scrubbed where it enters, and again here.
    handler.addFilter(SecretFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
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
    log_path = configure_logging(log_folder())
    logging.getLogger(__name__).info("CountyAdmin starting; log file %s", log_path)
    app = QApplication(sys.argv[:1])
    window = build_main_window(args)
    app.aboutToQuit.connect(window.close)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
