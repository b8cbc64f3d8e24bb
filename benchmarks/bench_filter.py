"""Search filtering: keystrokes in providerSearch over 50,000 and 100,000 providers, p95 per keystroke.

Each keystroke is timed from setText to the end of the event processing it causes (search, model reset,
view layout and repaint). Every round types different texts (other names, another provider's SED code
and NPI), so no round replays a search an earlier one kept. The figure is taken once the search index
covers every row; the keystrokes typed while it is still being built, right after loading, are printed
beside it. The floor is the same keystrokes through a trivial pass-through that shows every row (same
window, same reset, no matching), measured in the same run for each list size.
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
from countyadmin.gui.mainwindow.main_window import MainWindow  # noqa: E402
from countyadmin.gui.mainwindow.provider_table import ProviderTableModel  # noqa: E402

WORDS = ("Little", "Learners", "Bright", "Steps", "Therapy", "Kelsey", "Smith", "Center", "Sunrise", "Hudson")


def queries(round_no: int, rows: list[ProviderSummary]) -> list[str]:
    """What a clerk types in one round (about 33 keystrokes): two words of a name letter by letter, then back;
    the first five digits of a SED code; of an NPI, with a correction; another word, with a correction.
    Each round its own words and provider."""
    first, second, third = (WORDS[(3 * round_no + k) % len(WORDS)].lower() for k in range(3))
    chosen = rows[(round_no * 7919 + 13) % len(rows)]
    sed_code, npi = chosen.sed_code or "", chosen.npi or ""
    typed: list[str] = []

    def type_in(text: str) -> None:
        typed.extend(text[:end] for end in range(1, len(text) + 1))

    name = f"{first} {second[:2]}"
    type_in(name)
    typed.extend((name[:-1], name[:-2], first[:-1], ""))
    type_in(sed_code[:5])
    typed.append("")
    type_in(npi[:5])
    typed.extend((npi[:4], ""))
    type_in(third[:5])
    typed.extend((third[:4], ""))
    return typed


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


def measure(app: QApplication, window: MainWindow, rounds: range, rows: list[ProviderSummary]) -> list[float]:
    search = window.ui.providerSearch
    samples = []
    for round_no in rounds:
        for query in queries(round_no, rows):
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


def wait_for_index(app: QApplication, model: ProviderTableModel) -> None:
    while not model.search_indexed():
        app.processEvents()


def measure_size(app: QApplication, count: int, rounds: int) -> None:
    """Print the figures for a list of ``count`` providers, against the floor measured beside them."""
    rows = providers(count)
    loaded = time.perf_counter()
    real = window_with(app, ProviderTableModel(), rows)
    while_indexing = measure(app, real, range(-1, 0), rows)  # typed at once, into a list just loaded
    wait_for_index(app, real.model)
    indexed_after = time.perf_counter() - loaded
    measure(app, real, range(-2, -1), rows)  # warm-up
    filtered = measure(app, real, range(rounds), rows)
    floor_window = window_with(app, PassThrough(), rows)
    wait_for_index(app, floor_window.model)  # built and never used: kept out of the floor's keystrokes
    measure(app, floor_window, range(-2, -1), rows)
    floor = measure(app, floor_window, range(rounds), rows)
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
    i50, i95 = percentile(while_indexing, 0.5) * 1000, percentile(while_indexing, 0.95) * 1000
    print(f"  search index built while idle, complete {indexed_after:.2f} s after loading; the "
          f"{len(while_indexing)} keystrokes typed meanwhile: "
          f"p50 {i50:6.2f} ms   p95 {i95:6.2f} ms")  # fmt: skip


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
