"""Provider Details open with 100,000 providers in the database, on SQLite and on PostgreSQL: p50/p95/max.

The app is started through its real entry point (``build_main_window(["--demo", "--db", URL])``: the
services, a CPSE Portal sandbox and the NPI Registry emulator on 127.0.0.1) with the database seeded
with 100,000 providers, and the list loaded. Each open is timed from ``MainWindow.open_provider(id)``
(what a double-click or Enter in the list calls) to the end of the first paint of the provider's name in
the dialog: construction, the record read on a worker through the provider service's unit of work, the
profile filled and painted. The NPI lookup, the look for portal matches and the History read that the
open starts run on after that point; they are waited for between opens, as a clerk reads the screen.

Floor, measured in the same run on the same database and the same random providers, interleaved: a
bare QDialog built from the same compiled form (the same widgets), shown, a plain
``SELECT … FROM providers WHERE id = :id`` through SQLAlchemy Core on a pool thread, its name, address
and profile fields set, painted. That is what any Qt app showing this form for one row pays; the rest is
CountyAdmin's (its controllers, the ORM read and the unit of work). Target: p95 ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, Signal  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget  # noqa: E402
from sqlalchemy import Engine, create_engine, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from benchmarks._common import percentile, spread  # noqa: E402
from benchmarks._qt import PaintedWith, private_profile, settle, wait_signal  # noqa: E402
from countyadmin.db.engine import create_engine_for, upgrade_database  # noqa: E402
from countyadmin.db.models import AuditEventRow, ProviderRow  # noqa: E402
from countyadmin.domain.identifiers import npi_check_digit  # noqa: E402

DEFAULT_POSTGRES_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
POSTGRES_ENV = ("COUNTYADMIN_BENCH_POSTGRES_URL", "COUNTYADMIN_TEST_POSTGRES_URL")
TARGET_P95_MS = 50.0
BATCH = 10_000
TOWNS = (("Albany", "12207"), ("Troy", "12180"), ("Kingston", "12401"), ("Hudson", "12534"))
WORDS = ("Little", "Learners", "Bright", "Steps", "Therapy", "Kelsey", "Smith", "Center", "Sunrise", "Hudson")


# -- the database ------------------------------------------------------------------------------------


def provider_rows(count: int) -> Iterator[list[dict[str, Any]]]:
    """``count`` providers, in batches: every field a clerk sees is filled, as in a county's database."""
    batch: list[dict[str, Any]] = []
    for i in range(1, count + 1):
        first_nine = f"1{(i * 7919) % 100_000_000:08d}"
        town, zip_code = TOWNS[i % len(TOWNS)]
        batch.append({
            "id": i, "name": f"{WORDS[i % 10]} {WORDS[(i // 10) % 10]} {i} {'Inc.' if i % 2 else 'LLC'}",
            "provider_type": "agency" if i % 3 else "individual", "sed_code": f"{i:012d}",
            "npi": first_nine + npi_check_digit(first_nine), "tax_id": f"{i % 10**9:09d}",
            "address_1": f"{i % 900 + 1} Main St", "address_2": "Suite 2" if i % 7 == 0 else None,
            "city": town, "state": "NY", "zip": zip_code, "phone": f"518-555-{i % 10_000:04d}",
            "email": f"office{i}@example.org", "uses_portal": i % 2 == 0, "version": 1,
        })  # fmt: skip
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def seed(url: str, count: int) -> None:
    """Migrate and fill the database in bulk: ``count`` providers, and History for one in ten."""
    engine = create_engine_for(url)
    try:
        upgrade_database(engine)
        start = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
        with engine.begin() as connection:
            for batch in provider_rows(count):
                connection.execute(insert(ProviderRow), batch)
            events = [
                {"occurred_at": start + timedelta(minutes=i), "user_name": "clerk", "provider_id": i,
                 "action": "profile_applied",
                 "details": json.dumps({"changes": {"uses_portal": {"before": False, "after": True}}})}
                for i in range(1, count + 1, 10)
            ]  # fmt: skip
            for first in range(0, len(events), BATCH):
                connection.execute(insert(AuditEventRow), events[first : first + BATCH])
    finally:
        engine.dispose()


def postgres_url() -> str:
    return next((os.environ[name] for name in POSTGRES_ENV if os.environ.get(name)), DEFAULT_POSTGRES_URL)


@contextmanager
def postgres_schema(base_url: str) -> Iterator[str]:
    """A schema of its own on the server, dropped afterwards (other runs and tests never see it)."""
    base = make_url(base_url)
    name = f"countyadmin_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
        try:
            yield base.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(
                hide_password=False
            )
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
    finally:
        admin.dispose()


# -- timing one open ---------------------------------------------------------------------------------


def time_open(open_dialog: Callable[[], QDialog], shown: Callable[[QDialog], bool]) -> float:
    """Seconds from ``open_dialog()`` to the first paint of its name label showing the record."""
    start = time.perf_counter()
    dialog = open_dialog()
    label = dialog.findChild(QLabel, "providerNameLabel")
    assert label is not None
    painted = PaintedWith(label, lambda: shown(dialog))
    wait_signal(painted.done, 10_000, "the provider's name painted")
    elapsed = painted.at - start
    dialog.close()
    settle()  # the open's lookups finish, and the closed dialog is deleted, before the next open
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return elapsed


# -- the floor ---------------------------------------------------------------------------------------


class _RowSignals(QObject):
    """Signals: loaded(object): the row's columns, as a dict."""

    loaded = Signal(object)


class _SelectRow(QRunnable):
    def __init__(self, engine: Engine, provider_id: int, signals: _RowSignals) -> None:
        super().__init__()
        self._engine, self._id, self._signals = engine, provider_id, signals

    def run(self) -> None:
        table = ProviderRow.__table__
        with self._engine.connect() as connection:
            row = connection.execute(select(table).where(table.c.id == self._id)).one()
        self._signals.loaded.emit(dict(row._mapping))


class FloorDialog(QDialog):
    """A bare dialog from the same compiled form, filled from one row read on a pool thread."""

    def __init__(self, engine: Engine, provider_id: int, parent: QWidget) -> None:
        from countyadmin.gui.forms.ui_provider_details_dialog import Ui_ProviderDetailsDialog

        super().__init__(parent)
        self.name: str | None = None
        self._signals = _RowSignals(self)
        self._signals.loaded.connect(self._show)
        # Read while the form is built, as the app does: the row is usually there for the first paint.
        QThreadPool.globalInstance().start(_SelectRow(engine, provider_id, self._signals))
        self.ui = Ui_ProviderDetailsDialog()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call]  # generated by pyside6-uic
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def _show(self, row: Mapping[str, Any]) -> None:
        ui = self.ui
        ui.providerNameLabel.setText(row["name"])
        ui.providerAddressLabel.setText(f"{row['address_1']}\n{row['city']}, {row['state']} {row['zip']}")
        ui.providerTypeCombo.setCurrentIndex(0 if row["provider_type"] == "agency" else 1)
        ui.npiEdit.setText(row["npi"] or "")
        ui.sedCodeEdit.setText(row["sed_code"] or "")
        ui.usesPortalCheck.setChecked(row["uses_portal"])
        self.name = row["name"]


# -- one database ------------------------------------------------------------------------------------


def run_database(label: str, url: str, count: int, opens: int, folder: Path) -> None:
    from countyadmin.app import build_main_window
    from countyadmin.gui.mainwindow.main_window import MainWindow
    from countyadmin.gui.provider_details.provider_details import ProviderDetailsDialog

    began = time.perf_counter()
    seed(url, count)
    seeded = time.perf_counter() - began
    window = build_main_window(["--demo", "--demo-dir", str(folder / f"demo-{label}"), "--db", url])
    try:
        (listed,) = wait_signal(window.providers_loaded, 120_000, "the provider list")
        settle()
        floor_engine = create_engine_for(url)
        ids = random.Random(4410).sample(range(1, count + 1), opens + 1)

        def open_app(pid: int) -> Callable[[], QDialog]:
            def opened() -> QDialog:
                dialog = window.open_provider(pid)
                assert dialog is not None, "the services did not start"
                return dialog

            return opened

        def app_shown(dialog: QDialog) -> bool:
            assert isinstance(dialog, ProviderDetailsDialog)
            record = dialog.record
            return record is not None and dialog.ui.providerNameLabel.text() == record.name

        def floor_open(pid: int, parent: MainWindow) -> Callable[[], QDialog]:
            def opened() -> QDialog:
                dialog = FloorDialog(floor_engine, pid, parent)
                dialog.show()
                return dialog

            return opened

        def floor_shown(dialog: QDialog) -> bool:
            assert isinstance(dialog, FloorDialog)
            return dialog.name is not None and dialog.ui.providerNameLabel.text() == dialog.name

        first = time_open(open_app(ids[0]), app_shown)  # imports Provider Details' modules
        time_open(floor_open(ids[0], window), floor_shown)
        app_times, floor_times = [], []
        for pid in ids[1:]:  # interleaved, so a busy moment hurts both alike
            floor_times.append(time_open(floor_open(pid, window), floor_shown))
            app_times.append(time_open(open_app(pid), app_shown))
        floor_engine.dispose()
    finally:
        window.close()
        settle()
    report(label, count, listed, seeded, first, floor_times, app_times)


def report(label: str, count: int, listed: object, seeded: float, first: float,
           floor: list[float], app: list[float]) -> None:  # fmt: skip
    f95, p95 = percentile(floor, 0.95) * 1000, percentile(app, 0.95) * 1000
    print(f"Provider Details open on {label}, {count:,} providers (seeded in {seeded:.1f} s, "
          f"{listed:,} listed), {len(app)} opens of random providers")  # fmt: skip
    print(f"  floor (same form, bare QDialog + SELECT by id): {spread(floor)}")
    print(f"  CountyAdmin open_provider:                      {spread(app)}")
    print(f"  first open of the session, not in the figures (it imports the dialog's modules): "
          f"{first * 1000:.1f} ms")  # fmt: skip
    print(f"  ratio of p95s {p95 / f95:5.2f}x; target p95 <= {TARGET_P95_MS:g} ms: "
          f"{'met' if p95 <= TARGET_P95_MS else 'NOT met'}")  # fmt: skip


def postgres_reachable(url: str) -> str | None:
    """None when the server answers, else the reason it is skipped."""
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except Exception as error:  # any failure to connect is a reason to skip, printed
        return f"{type(error).__name__}: {str(error).strip().splitlines()[0]}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=100_000)
    parser.add_argument("--opens", type=int, default=50)
    engines = ("sqlite", "postgres")
    parser.add_argument("--databases", nargs="+", choices=engines, default=list(engines))
    parser.add_argument("--quick", action="store_true", help="15 opens per database")
    args = parser.parse_args(argv)
    opens = 15 if args.quick else args.opens
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        private_profile(folder)
        app = QApplication.instance() or QApplication([])
        assert isinstance(app, QApplication)
        if "sqlite" in args.databases:
            url = f"sqlite:///{(folder / 'county.sqlite3').as_posix()}"
            run_database("SQLite", url, args.providers, opens, folder)
        if "postgres" in args.databases:
            base = postgres_url()
            reason = postgres_reachable(base)
            if reason is not None:
                shown = make_url(base).render_as_string(hide_password=True)
                print(f"Provider Details open on PostgreSQL: skipped, {shown} is unreachable ({reason})")
            else:
                with postgres_schema(base) as url:
                    run_database("PostgreSQL", url, args.providers, opens, folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
