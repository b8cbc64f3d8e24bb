"""``countyadmin-cli`` (``CountyAdminCLI.exe`` in the Windows bundle): CountyAdmin's console entry for IT.

    countyadmin-cli db upgrade [--db URL]      create or upgrade the database's tables (from/to revision)
    countyadmin-cli db current [--db URL]      show the database's revision and the one this app needs
    countyadmin-cli --self-test [--db URL]     prove this installation is whole (one line; exit code)
    countyadmin-cli diagnostics [--json] [--zip PATH] [--db URL] [--no-self-test]

Results go to stdout, sentences about failures to stderr, and the exit code (countyadmin.exit_codes,
listed in docs/deployment.md) tells a script what happened. The windowed CountyAdmin.exe has no console,
which is why this entry exists; the app's own start (countyadmin.__main__) never imports this module.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from countyadmin.exit_codes import ExitCode

PROG = "countyadmin-cli"
EXIT_CODES_HELP = "exit codes: " + ", ".join(f"{code.value} {code.name.lower()}" for code in ExitCode)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="CountyAdmin for IT staff: upgrade the database, test the installation, diagnostics.",
        epilog=EXIT_CODES_HELP,
    )
    parser.add_argument("--version", action="store_true", help="print CountyAdmin's version")
    parser.add_argument("--self-test", action="store_true", help="check that this installation is whole")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("db", help="db upgrade | db current [--db URL] (see: db --help)", add_help=False)
    diagnostics = commands.add_parser(
        "diagnostics", help="versions, platform, settings (no secrets), self-test"
    )
    diagnostics.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    diagnostics.add_argument("--zip", metavar="PATH", type=Path, help="also write the zip a clerk would send")
    diagnostics.add_argument("--db", metavar="URL", help="the database URL (default: the one in Settings)")
    diagnostics.add_argument("--no-self-test", action="store_true", help="leave the self-test out (faster)")
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command in ``argv`` (default: the process's arguments); returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    err = err or sys.stderr
    for stream in (out, err, sys.stdout, sys.stderr):
        # A Windows console or a file a script redirects to is often cp1252 (through CountyAdminCLI's relay
        # always): a path or a name it cannot encode is written as \uXXXX, never a crash that exits 1.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # detached or closed: leave it as it is
                pass
    try:
        return int(_run(args, out, err))
    except KeyboardInterrupt:
        print("Interrupted.", file=err)
        return ExitCode.INTERRUPTED
    except Exception as error:
        # Never exit 1 (the self-test's code) by a traceback; never echo a password given with --db.
        import traceback

        from countyadmin.redact import scrub, url_secrets

        secrets = [secret for arg in args for secret in url_secrets(arg)]
        print(scrub("".join(traceback.format_exception(error)), secrets), file=err)
        print(f"CountyAdmin could not finish this command ({type(error).__name__}). Send the text above "
              "to whoever supports CountyAdmin.", file=err)  # fmt: skip
        return ExitCode.UNEXPECTED


def _run(args: list[str], out: TextIO, err: TextIO) -> int:
    # The self-test and db keep their own argument parsers (the GUI entry shares them).
    if args[:1] == ["--self-test"]:
        from countyadmin.selftest import run_self_test

        return run_self_test(args[1:])
    if args[:1] == ["db"]:
        from countyadmin.db.cli import run_db_command

        return run_db_command(args[1:], out=out, err=err)
    options = _parser().parse_args(args)
    if options.version:
        from countyadmin import __version__

        print(__version__, file=out)
        return ExitCode.OK
    if options.self_test:  # "--self-test" after another option
        from countyadmin.selftest import run_self_test

        return run_self_test([])
    if options.command == "diagnostics":
        return _diagnostics(options, out, err)
    _parser().print_help(err)
    return ExitCode.USAGE


def toolkit_versions() -> dict[str, str]:
    """PySide6's and Qt's versions, or why they are not known."""
    try:
        import PySide6
        from PySide6.QtCore import qVersion
    except ImportError as error:
        return {"PySide6": f"not usable ({error})"}
    return {"PySide6": PySide6.__version__, "Qt": qVersion()}


def _diagnostics(options: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from countyadmin import diagnostics

    report = diagnostics.collect(
        database_url=options.db,
        toolkit=toolkit_versions(),
        self_test=None if options.no_self_test else diagnostics.run_self_test_process,
    )
    if options.json:
        print(report.as_json(), file=out)
    else:
        for line in diagnostics.summary_lines(report):
            print(line, file=out)
    if options.zip is not None:
        try:
            path = diagnostics.write_zip(report, options.zip)
        except OSError as error:
            print(f"The diagnostics could not be saved to {options.zip} ({error}). "
                  "Choose a folder you can write to and try again.", file=err)  # fmt: skip
            return ExitCode.CANNOT_WRITE
        print(f"Saved to {path}", file=err if options.json else out)
    if report.self_test is not None and not report.self_test.passed:
        print("The self-test failed: see its output above (docs/deployment.md says what to do).", file=err)
        return ExitCode.SELF_TEST_FAILED
    return ExitCode.OK


if __name__ == "__main__":
    raise SystemExit(main())
