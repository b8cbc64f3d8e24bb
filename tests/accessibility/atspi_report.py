"""Reads every window of the demo over AT-SPI from another process and prints what a screen reader gets.

    python -m tests.accessibility.atspi_report [--json FILE]

Starts Xvfb, a D-Bus session with the AT-SPI bus, the demo under tests/accessibility/app_driver.py (Qt's
xcb platform with its accessibility bridge on), and tests/accessibility/atspi_walker.py under Debian's
python3 with pyatspi. Prints, per window, the focusable controls walked, those without a name and the
table columns without a header, then the announcements heard. test_atspi_tree.py asserts on the same data.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
RUN_TIMEOUT_S = 420


def missing_tools() -> str | None:
    """Why the outside reader cannot run here (None: it can)."""
    for tool in ("Xvfb", "dbus-run-session"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install xvfb dbus at-spi2-core python3-pyatspi)"
    if not os.access(BUS_LAUNCHER, os.X_OK):
        return f"{BUS_LAUNCHER} is missing (apt-get install at-spi2-core)"
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        return f"{SYSTEM_PYTHON} is missing"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, timeout=60)
    if probe.returncode != 0:
        return "Debian's python3 has no pyatspi (apt-get install python3-pyatspi)"
    return None


class Xvfb:
    """A virtual display for the run; its number is chosen by Xvfb itself (-displayfd)."""

    def __init__(self) -> None:
        read, write = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1200x24", "-nolisten", "tcp"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            self.process.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def run_walk() -> dict[str, Any]:
    """Run the driver and the walker once; their JSON findings."""
    display = Xvfb()
    try:
        with tempfile.TemporaryDirectory(prefix="countyadmin-atspi-") as scratch:
            out = Path(scratch) / "atspi.json"
            env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "AT_SPI"))}
            env.update(DISPLAY=display.display, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
                       NO_AT_BRIDGE="0", PYTHONPATH=str(ROOT))  # fmt: skip
            driver = [sys.executable, "-m", "tests.accessibility.app_driver", str(Path(scratch) / "demo")]
            command = ["dbus-run-session", "--", SYSTEM_PYTHON, str(HERE / "atspi_walker.py"),
                       "--out", str(out), "--", *driver]  # fmt: skip
            completed = subprocess.run(command, cwd=ROOT, env=env, timeout=RUN_TIMEOUT_S,
                                       capture_output=True, text=True)  # fmt: skip
            if not out.exists():
                raise RuntimeError(f"the walker wrote nothing (exit {completed.returncode}):\n"
                                   f"{completed.stderr[-4000:]}")  # fmt: skip
            result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
            result["stderr_tail"] = completed.stderr[-4000:]
            return result
    finally:
        display.stop()


def summary(result: dict[str, Any]) -> str:
    lines = [f"{'window':34} {'controls':>8} {'unnamed':>7} {'tables':>6} {'cols w/o header':>15}"]
    totals = [0, 0, 0, 0]
    for window in result["windows"]:
        tables = window.get("tables", [])
        unlabeled = sum(len(t["table"].get("unlabeled_columns", [])) for t in tables)
        row = [len(window.get("controls", [])), len(window.get("unnamed", [])), len(tables), unlabeled]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        found = "" if window["found"] else "  (NOT FOUND)"
        lines.append(f"{window['key']:34} {row[0]:>8} {row[1]:>7} {row[2]:>6} {row[3]:>15}{found}")
        for control in window.get("unnamed", []):
            lines.append(f"    unnamed {control['role']}: {control['path']}")
        for table in tables:
            for column in table["table"].get("unlabeled_columns", []):
                lines.append(f"    no header: column {column} of {table['role']} '{table['name']}'")
    lines.append(f"{'all windows':34} {totals[0]:>8} {totals[1]:>7} {totals[2]:>6} {totals[3]:>15}")
    lines.append("")
    lines.append(f"announcements heard over AT-SPI: {len(result['announcements'])}")
    for heard in result["announcements"]:
        lines.append(f"    [{heard['step']}] {heard['text']}")
    for error in result["errors"]:
        lines.append(f"ERROR: {error}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the full findings (every control) here")
    parser.add_argument("--controls", action="store_true", help="list every control with role and states")
    args = parser.parse_args(argv)
    why = missing_tools()
    if why:
        print(f"cannot read the tree from outside: {why}", file=sys.stderr)
        return 2
    result = run_walk()
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    if args.controls:
        for window in result["windows"]:
            print(f"== {window['key']} ({window['title']})")
            for control in window.get("controls", []):
                print(f"   {control['role']:16} {control['name']!r:44} {','.join(control['states'])}"
                      + (f"  — {control['description']}" if control["description"] else ""))  # fmt: skip
    print(summary(result))
    return 0 if not result["errors"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
