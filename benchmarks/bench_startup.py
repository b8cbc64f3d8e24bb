"""Start-up: first paint of the main window, and the interactive 10,000-provider list.

Each start is timed in a fresh interpreter, against a floor measured in the same run:
- first paint: a bare PySide6 QMainWindow shown and painted;
- interactive list: the same bare window after importing sqlalchemy.orm and requests (what any
  database + HTTP desktop app pays before it can list anything).
Targets: first paint ≤ 1.5× its floor; interactive 10,000-provider list ≤ 1.25× its floor.

The variants take turns, a round at a time, and the ratio is the median of the rounds' own ratios: on a
shared machine a slow moment lasts seconds and slows a round's app and floor alike, while two medians
taken apart can each catch a different one (the ratio of medians is printed too).

The package's bytecode is compiled first, as installing it (pip, or the frozen app) does: where
PYTHONDONTWRITEBYTECODE is set, as in some development shells, every start would otherwise compile the
app's modules from source, a cost no clerk's installation pays (about 20 ms of first paint here).
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import tempfile
from datetime import UTC, datetime
from operator import truediv
from pathlib import Path

from benchmarks._common import REPO, median_ms, time_child

# The child reports on the event loop's first turn after the window's first paint event.
_REPORT = """
import os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
def report():
    print("ready", flush=True)
    os._exit(0)
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, report)
            watched.removeEventFilter(self)
        return False
"""

BARE = (
    _REPORT
    + """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
{imports}
window = QMainWindow()
window.resize(1040, 640)
window.setWindowTitle("bare")
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
"""
)

APP = (
    _REPORT
    + """
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from countyadmin.app import build_main_window
window = build_main_window(["--db", sys.argv[1]])
if sys.argv[2] == "paint":
    watcher = FirstPaint()
    window.installEventFilter(watcher)
else:
    window.providers_loaded.connect(lambda n: QTimer.singleShot(0, report))
app.exec()
"""
)


def prepare_database(folder: Path, count: int) -> str:
    """An up-to-date SQLite database with ``count`` providers (made once, outside the timing)."""
    from countyadmin.db.engine import create_engine_for, upgrade_database
    from countyadmin.db.unit_of_work import unit_of_work_factory
    from countyadmin.domain.identifiers import npi_check_digit
    from countyadmin.domain.provider import ProviderType
    from countyadmin.domain.records import NewProvider

    url = f"sqlite:///{(folder / 'bench.sqlite3').as_posix()}"
    engine = create_engine_for(url)
    upgrade_database(engine)
    now = datetime.now(UTC)
    with unit_of_work_factory(engine)() as uow:
        for i in range(count):
            first_nine = f"1{i:08d}"
            uow.providers.add(
                NewProvider(
                    name=f"Provider {i:05d} Therapy Services",
                    provider_type=ProviderType.AGENCY if i % 3 else ProviderType.INDIVIDUAL,
                    sed_code=f"{i:012d}",
                    npi=first_nine + npi_check_digit(first_nine),
                    uses_portal=i % 2 == 0,
                ),
                user="bench",
                at=now,
            )
        uow.commit()
    engine.dispose()
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--providers", type=int, default=10_000)
    args = parser.parse_args(argv)
    if not compileall.compile_dir(REPO / "countyadmin", quiet=1):
        raise RuntimeError("the countyadmin package did not compile")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {
            var: str(folder / var.lower()) for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")
        }
        os.environ.update(env)  # prepare_database must not touch the real profile either
        url = prepare_database(folder, args.providers)
        bare = BARE.format(imports="")
        bare_heavy = BARE.format(imports="import sqlalchemy.orm, requests")
        samples: dict[str, list[float]] = {k: [] for k in ("bare", "app", "bare_heavy", "list")}
        time_child(bare, env=env)  # warm the file cache once, for every variant alike
        time_child(APP, [url, "list"], env=env)
        for _ in range(args.runs):  # interleaved, so a busy moment hurts every variant alike
            samples["bare"].append(time_child(bare, env=env))
            samples["app"].append(time_child(APP, [url, "paint"], env=env))
            samples["bare_heavy"].append(time_child(bare_heavy, env=env))
            samples["list"].append(time_child(APP, [url, "list"], env=env))
    m = {key: median_ms(values) for key, values in samples.items()}
    paint = statistics.median(map(truediv, samples["app"], samples["bare"]))
    listed = statistics.median(map(truediv, samples["list"], samples["bare_heavy"]))
    print(f"start-up, {args.runs} rounds of fresh interpreters, medians (countyadmin's bytecode compiled)")
    print(f"  floor: bare PySide6 window, first paint            {m['bare']:8.1f} ms")
    print(f"  CountyAdmin main window, first paint               {m['app']:8.1f} ms")
    print(f"  ratio, median of the rounds' (target <= 1.5)       {paint:8.2f}x   (of the medians "
          f"{m['app'] / m['bare']:.2f}x)")  # fmt: skip
    print(f"  floor: bare window + sqlalchemy.orm + requests     {m['bare_heavy']:8.1f} ms")
    print(f"  CountyAdmin, {args.providers:,} providers listed and interactive {m['list']:8.1f} ms")
    print(f"  ratio, median of the rounds' (target <= 1.25)      {listed:8.2f}x   (of the medians "
          f"{m['list'] / m['bare_heavy']:.2f}x)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
