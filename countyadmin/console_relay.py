"""CountyAdminCLI.exe: the console half of the frozen bundle, a relay to CountyAdmin.exe beside it.

PyInstaller embeds the Python archive (every module of the app, ~10 MB) in each executable; a second
full executable would have doubled it and broken the bundle's size budget. So the console executable
carries only this script (standard library alone, so PyInstaller collects nothing else for it) and runs
``CountyAdmin --cli ARGS`` — the windowed app, which then runs countyadmin.cli — with this console's own
standard input, output and error handed to it explicitly (a windowed Windows program receives them
only that way), waits for it and exits with its exit code. A script sees an ordinary console program.
"""

from __future__ import annotations

import os
import subprocess
import sys

NO_GUI_EXECUTABLE = (
    7  # countyadmin.exit_codes.ExitCode.NO_GUI_EXECUTABLE (this script imports no countyadmin)
)
INTERRUPTED = 130
GUI_NAME = "CountyAdmin"


def gui_executable(folder: str | None = None) -> str:
    """CountyAdmin(.exe) in the folder of this executable."""
    # os.path, not pathlib: pathlib would bring urllib and more into this executable (build_installer.spec).
    folder = folder or os.path.dirname(os.path.realpath(sys.executable))
    return os.path.join(folder, f"{GUI_NAME}.exe" if os.name == "nt" else GUI_NAME)


def _stream(stream: object, fallback: int) -> int | None:
    try:
        return stream.fileno() if stream is not None else None  # type: ignore[attr-defined]
    except (OSError, ValueError, AttributeError):
        return fallback if fallback >= 0 else None


def relay(argv: list[str], folder: str | None = None) -> int:
    target = gui_executable(folder)
    if not os.path.isfile(target):
        print(f"{target} is missing: CountyAdminCLI must stay in the CountyAdmin folder. Repair or "
              "reinstall CountyAdmin.", file=sys.stderr)  # fmt: skip
        return NO_GUI_EXECUTABLE
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    try:
        child = subprocess.Popen(
            [target, "--cli", *argv],
            stdin=_stream(sys.stdin, 0), stdout=_stream(sys.stdout, 1), stderr=_stream(sys.stderr, 2),
        )  # fmt: skip
    except OSError as error:
        print(f"{target} could not be started ({error}). Repair or reinstall CountyAdmin.", file=sys.stderr)
        return NO_GUI_EXECUTABLE
    try:
        return child.wait()
    except KeyboardInterrupt:
        # Ctrl+C reaches only console programs: the windowed child is asked to end, then waited for.
        child.terminate()
        child.wait()
        return INTERRUPTED


if __name__ == "__main__":
    raise SystemExit(relay(sys.argv[1:]))
