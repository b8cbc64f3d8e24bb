"""Search filtering: keystrokes in providerSearch over 50,000 and 100,000 providers, p95 per keystroke.

Each keystroke is timed from setText to the end of the event processing it causes (model reset,
view layout and repaint). The floor is the same keystrokes through a trivial pass-through that shows
every row (same window, same reset, no matching), measured in the same run for each list size.
Target: p95 ≤ 16 ms at every size.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks._common import percentile  # noqa: E402
from countyadmin.domain.identifiers import npi_check_digit  # noqa: E402
from countyadmin.domain.provider import ProviderSummary, ProviderType  # noqa: E402
from countyadmin.gui.main_window import MainWindow  # noqa: E402
from countyadmin.gui.provider_table import ProviderTableModel  # noqa: E402

WORDS = ("Little", "Learners", "Bright", "Steps", "Therapy", "Kelsey", "Smith", "Center", "Sunrise", "Hudson")
# What a clerk types: a name letter by letter, corrections, a SED code and an NPI.
QUERIES = ["l", "li", "lit", "litt", "littl", "little", "little ", "little l", "little le", "little l",
           "little", "littl", "", "0", "00", "001", "0012", "00123", "", "1", "12", "123", "1234",
           "12345", "", "s", "sm", "smi", "smit", "smith", "smit", "", "c", "ce", "cen", "cent"]  # fmt: skip


def providers(count: int) -> list[ProviderSummary]:
    rows = []
    for i in range(count):
        first_nine = f"1{(i * 7919) % 100_000_000:08d}"
        rows.append(
            ProviderSummary(
                id=i + 1,
                name=f"{WORDS[i % 10]} {WORDS[(i // 10) % 10]} {i} {'Inc.' if i % 2 else 'LLC'}",
                provider_type=ProviderType.AGENCY if i % 3 else ProviderType.INDIVIDUAL,
                sed_code=f"{(i * 104729) % 10**12:012d}",
                npi=first_nine + npi_check_digit(first_nine),
                uses_portal=i % 2 == 0,
                portal_provider_id=f"CP-{i:06d}" if i % 5 == 0 else None,
            )
        )
    return rows


class PassThrough(ProviderTableModel):
    """The floor: every keystroke resets the rows, but every row always matches."""

    def set_filter_text(self, text: str) -> None:
        self.beginResetModel()
        self.endResetModel()
        self._announce()


def measure(app: QApplication, window: MainWindow, rounds: int) -> list[float]:
    search = window.ui.providerSearch
    samples = []
    for _ in range(rounds):
        for query in QUERIES:
            start = time.perf_counter()
            search.setText(query)
            app.processEvents()
            samples.append(time.perf_counter() - start)
    search.clear()
    app.processEvents()
    return samples


def window_with(app: QApplication, model: ProviderTableModel, rows: list[ProviderSummary]) -> MainWindow:
    window = MainWindow(lambda: None)  # type: ignore[arg-type,return-value]  # never started
    window.model = model
    window.ui.providerTable.setModel(model)
    model.set_providers(rows)
    window.resize(1040, 640)
    window.show()
    app.processEvents()
    return window


def measure_size(app: QApplication, count: int, rounds: int) -> None:
    """Print the figures for a list of ``count`` providers, against the floor measured beside them."""
    rows = providers(count)
    real = window_with(app, ProviderTableModel(), rows)
    measure(app, real, 1)  # warm-up
    filtered = measure(app, real, rounds)
    floor_window = window_with(app, PassThrough(), rows)
    measure(app, floor_window, 1)
    floor = measure(app, floor_window, rounds)
    for window in (real, floor_window):
        window.close()
        window.deleteLater()
    app.processEvents()
    n = len(filtered)
    print(f"search filtering over {count:,} providers, {n} keystrokes")
    f50, f95 = percentile(floor, 0.5) * 1000, percentile(floor, 0.95) * 1000
    p50, p95 = percentile(filtered, 0.5) * 1000, percentile(filtered, 0.95) * 1000
    print(f"  floor (pass-through): p50 {f50:6.2f} ms   p95 {f95:6.2f} ms")
    worst = max(filtered) * 1000
    print(f"  CountyAdmin filter:   p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   max {worst:6.2f} ms")
    print(f"  ratio of p95s {p95 / f95:5.2f}x; target p95 <= 16 ms: {'met' if p95 <= 16 else 'NOT met'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, nargs="+", default=[50_000, 100_000], metavar="N")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="one round of keystrokes per size")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    rounds = 1 if args.quick else args.rounds
    for count in args.providers:
        measure_size(app, count, rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
