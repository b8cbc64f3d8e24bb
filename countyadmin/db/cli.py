"""``countyadmin db upgrade [--db URL]``: upgrade a (shared) database's tables, for IT staff."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from countyadmin.config import load_effective_settings
from countyadmin.db.engine import (
    DatabaseNewerThanApp,
    DatabaseNotCountyAdmin,
    create_engine_for,
    current_revision,
    default_database_url,
    head_revision,
    upgrade_database,
)
from countyadmin.exit_codes import ExitCode
from countyadmin.redact import masked_url, scrub, url_secrets


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="countyadmin db", description="Manage the county database.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("upgrade", "create or upgrade the tables to this version of CountyAdmin"),
        ("current", "show the database's revision"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument(
            "--db", metavar="URL", help="SQLAlchemy URL (default: the one in Settings, else the local file)"
        )
    return parser


def run_db_command(argv: Sequence[str], *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run ``argv`` (the words after ``countyadmin db``); returns the process exit code (ExitCode)."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(list(argv))
    # --db names the database to work on; else the one the desks use (IT's policy, then Settings).
    url = args.db or load_effective_settings().settings.database_url or default_database_url()
    secrets = url_secrets(url)
    shown = masked_url(url)  # never a password: not in the user-info part, not in ?password= or PWD=
    try:
        make_url(url)
        engine = create_engine_for(url)
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as error:
        # The URL may carry a password (given with --db): it is not echoed. ValueError: a port that is
        # not a number, say.
        reason = scrub(str(error), [url, *secrets])
        print(f"The database URL cannot be used ({reason}). Check it and try again.", file=err)
        return ExitCode.DATABASE_URL_UNUSABLE
    try:
        print(f"Database: {shown}", file=out)
        before = current_revision(engine)
        print(f"Revision before: {before or 'none (empty database)'}", file=out)
        if args.command == "current":
            print(f"This CountyAdmin needs revision {head_revision()}.", file=out)
            return ExitCode.OK
        upgrade_database(engine, on_backup=lambda path: print(f"Backup copy: {path}", file=out))
        print(f"Revision after: {current_revision(engine)}", file=out)
        return ExitCode.OK
    except (DatabaseNewerThanApp, DatabaseNotCountyAdmin) as error:
        print(str(error), file=err)
        return ExitCode.DATABASE_REFUSED
    except TypeError as error:  # a driver refusing a query parameter of the URL (?PWD= to PyMySQL, say)
        print(f"The database URL cannot be used ({scrub(str(error), secrets)}). Check it and try again.",
              file=err)  # fmt: skip
        return ExitCode.DATABASE_URL_UNUSABLE
    except DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        print(
            f"Could not use the database at {shown}: {scrub(reason, secrets)}. "
            "Check that the server is running and reachable from this computer, and that the URL is right.",
            file=err,
        )
        return ExitCode.DATABASE_UNREACHABLE
    finally:
        engine.dispose()
