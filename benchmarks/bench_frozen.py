"""Frozen app: the one-folder bundle's size and its cold start to first paint, each against a floor.

Builds CountyAdmin with build_installer.spec (PyInstaller) into build/bench_frozen/, and the floor: a bare
PySide6 window (bench_startup's) frozen by the same spec with ``-- --floor``, so with every exclusion,
plugin filter and the slim ICU data, and nothing of CountyAdmin's. Both builds take a few minutes on two
cores; ``--no-build`` measures the bundles already there.

First paint is taken from outside, the same way for both, because a frozen app runs no benchmark code:
Qt's ``qt.widgets.painting`` log category reports on stderr when a window's painted pixels are flushed
("Flushing …"); the time from starting the executable to the first such line is its first paint.
Each start is a fresh process (a cold start of the app, the file cache warm: one untimed start of each
first), offscreen, interleaved so a busy moment hurts both alike; the figure is the median.
Targets: the Linux bundle ≤ 120 MB (the issue's budget); no target for the start-up ratio of the frozen
app yet — bench_startup's ≤ 1.5× for a source install is the comparison.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from benchmarks._common import REPO, median_ms

BUDGET_MB = 120
WORK = REPO / "build" / "bench_frozen"
DIST = WORK / "dist"
APP = DIST / "CountyAdmin" / "CountyAdmin"
FLOOR_SCRIPT = WORK / "bare_window.py"
FLOOR = DIST / FLOOR_SCRIPT.stem / FLOOR_SCRIPT.stem

# bench_startup's floor window, without its in-process report (the log line below reports for both).
BARE_WINDOW = """import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1040, 640)
window.setWindowTitle("bare")
window.show()
sys.exit(app.exec())
"""
# Logged when a window's painted pixels go to the screen: "Flushing top level …" (a window with child
# widgets) or "Flushing QRegion(…) of QMainWindow(…)" (the bare one), whichever comes first.
PAINTING_LOG = "qt.widgets.painting"
FIRST_FLUSH = f"{PAINTING_LOG}: Flushing "
PROFILE = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")


def build(name: str, extra: Sequence[str] = ()) -> float:
    """Freeze with build_installer.spec; seconds taken. The log goes to build/bench_frozen/<name>.log."""
    log = WORK / f"{name}.log"
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(WORK / f"work-{name}"), str(REPO / "build_installer.spec"),
        *(["--", *extra] if extra else []),
    ]  # fmt: skip
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as output:
        status = subprocess.call(command, cwd=REPO, stdout=output, stderr=subprocess.STDOUT)
    if status != 0:
        raise RuntimeError(f"PyInstaller failed building {name}; see {log}")
    return time.perf_counter() - start


def bundle_bytes(folder: Path) -> int:
    """What ``du -sb`` says (.ci/build-frozen's measure): files, links and folders, as stored."""
    total = folder.lstat().st_size
    for root, dirs, files in os.walk(folder):
        total += sum((Path(root) / name).lstat().st_size for name in (*dirs, *files))
    return total


def first_paint(command: Sequence[str], env: Mapping[str, str], timeout: float = 60.0) -> float:
    """Seconds from starting ``command`` until Qt logs the first flush of a window's pixels."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=dict(env), cwd=WORK
    )
    assert process.stderr is not None
    watchdog = threading.Timer(timeout, process.kill)  # a window that never paints ends the read
    watchdog.start()
    try:
        for line in process.stderr:
            if line.startswith(FIRST_FLUSH):
                return time.perf_counter() - start
        raise RuntimeError(f"{command[0]} painted no window within {timeout:g} s (exit {process.wait()})")
    finally:
        watchdog.cancel()
        process.kill()
        process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--providers", type=int, default=10_000, help="in the app's database")
    parser.add_argument("--no-build", action="store_true", help="measure the bundles in build/bench_frozen")
    args = parser.parse_args(argv)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("bench_frozen skipped: PyInstaller is not installed (python -m pip install -e '.[build]')")
        return 0
    if not sys.platform.startswith("linux"):
        print("bench_frozen skipped: the size budget and this measurement are for the Linux build")
        return 0

    WORK.mkdir(parents=True, exist_ok=True)
    if not args.no_build:
        FLOOR_SCRIPT.write_text(BARE_WINDOW, encoding="utf-8")
        for name, extra in (("CountyAdmin", ()), ("floor", ("--floor", str(FLOOR_SCRIPT)))):
            print(f"building {name} with build_installer.spec …", flush=True)
            print(f"  {build(name, extra):.0f} s", flush=True)
    for executable in (APP, FLOOR):
        if not executable.is_file():
            raise SystemExit(f"{executable} is missing: run without --no-build")

    from benchmarks.bench_startup import prepare_database

    with tempfile.TemporaryDirectory() as tmp:
        # The apps' settings, logs and window layout (and prepare_database's) in a throw-away profile.
        os.environ.update({var: f"{tmp}/{var.lower()}" for var in PROFILE})
        url = prepare_database(Path(tmp), args.providers)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_LOGGING_RULES": f"{PAINTING_LOG}.debug=true"}
        commands = {"floor": [str(FLOOR)], "app": [str(APP), "--db", url]}
        samples: dict[str, list[float]] = {key: [] for key in commands}
        for command in commands.values():  # warm the file cache once, for both alike
            first_paint(command, env)
        for _ in range(args.runs):
            for key, command in commands.items():
                samples[key].append(first_paint(command, env))

    floor_mb, app_mb = (bundle_bytes(executable.parent) / 1e6 for executable in (FLOOR, APP))
    m = {key: median_ms(values) for key, values in samples.items()}
    print(f"frozen (PyInstaller one-folder, Linux), median of {args.runs} fresh starts each, offscreen")
    print(f"  floor: bare PySide6 window, same spec, size        {floor_mb:8.1f} MB")
    print(f"  CountyAdmin bundle, size (budget {BUDGET_MB} MB)            {app_mb:8.1f} MB")
    print(f"  ratio                                              {app_mb / floor_mb:8.2f}x")
    print(f"  floor: bare PySide6 window, first paint            {m['floor']:8.1f} ms")
    print(f"  CountyAdmin main window, first paint               {m['app']:8.1f} ms")
    print(f"  ratio (bench_startup's target from source: 1.5)    {m['app'] / m['floor']:8.2f}x")
    return 0 if app_mb <= BUDGET_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
