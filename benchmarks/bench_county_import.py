"""County provider import: a 5,000-row export previewed, against openpyxl merely iterating it.

``python -m benchmarks.bench_county_import [--rows N] [--rounds N] [--quick]``

The preview reads the file, checks every cell, looks the SED codes up in a SQLite county database that
already holds half of them (a third of those with other values) and builds the add / change /
unchanged / problem list. The floor, measured in the same run on the same file, is openpyxl's
read-only mode iterating every cell's value and doing nothing with it. Accept (one transaction with an
audit line per provider) is timed once, for information.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import openpyxl

from countyadmin.db.engine import create_engine_for, upgrade_database
from countyadmin.db.unit_of_work import unit_of_work_factory
from countyadmin.domain.county_import_plan import ImportAction
from countyadmin.domain.identifiers import npi_check_digit
from countyadmin.domain.provider import ProviderType
from countyadmin.domain.records import NewProvider
from countyadmin.services.county_import import CountyImportService

HEADERS = ["Provider SED Code", "Provider Name", "Type", "NPI", "Tax ID", "Address", "Address 2", "City",
           "State", "ZIP", "Phone", "Email", "Region"]  # fmt: skip
CITIES = ["Albany", "Troy", "Schenectady", "Saratoga Springs", "Cohoes", "Amsterdam", "Hudson"]


def _row(n: int, rng: random.Random) -> list[object]:
    first_nine = f"{100000000 + n * 7919 % 899999999:09d}"
    return [
        f"{n * 104729 % 10**12:012d}",
        f"Provider {n} Therapy Services LLC",
        rng.choice(["Agency", "Individual"]),
        first_nine + npi_check_digit(first_nine) if n % 5 else None,
        f"{10 + n % 89}-{n * 31 % 10**7:07d}",
        f"{n % 900 + 1} Main St",
        None if n % 3 else f"Suite {n % 40}",
        rng.choice(CITIES),
        "NY",
        f"12{n % 1000:03d}",
        f"(518) 555-{n % 10000:04d}",
        f"office{n}@provider{n}.example.org",
        "Capital",
    ]


def make_export(path: Path, rows: int) -> list[list[object]]:
    rng = random.Random(4410)
    data = [_row(n, rng) for n in range(1, rows + 1)]
    for n in range(0, rows, 250):  # a few rows with problems, as real exports have
        data[n][0] = int(str(data[n][0]))  # a SED code Excel stored as a number
        data[n + 1][11] = "not-an-email"
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Providers")
    sheet.append(HEADERS)
    for row in data:
        sheet.append(row)
    workbook.save(path)
    return data


def seed_county(url: str, data: list[list[object]]) -> Callable[[], object]:
    engine = create_engine_for(url)
    upgrade_database(engine)
    factory = unit_of_work_factory(engine)
    now = datetime.now(UTC)
    with factory() as uow:
        for index, row in enumerate(data[::2]):
            if not isinstance(row[0], str):
                continue
            city = str(row[7]) if index % 3 else "Rensselaer"  # a third differ: changes
            uow.providers.add(NewProvider(
                name=str(row[1]), provider_type=ProviderType(str(row[2]).lower()), sed_code=row[0],
                npi=row[3] if isinstance(row[3], str) else None, tax_id=str(row[4]), address_1=str(row[5]),
                address_2=row[6] if isinstance(row[6], str) else None, city=city, state="NY", zip=str(row[9]),
                phone=str(row[10]), email=str(row[11]),
            ), user="bench", at=now)  # fmt: skip
        uow.commit()
    return factory


def iterate_openpyxl(path: Path) -> int:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for row in workbook.worksheets[0].iter_rows(values_only=True):
        for _value in row:
            cells += 1
    workbook.close()
    return cells


def _median_seconds(function: Callable[[], object], rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="1,000 rows, 3 rounds: a check, not a figure")
    args = parser.parse_args(argv)
    rows, rounds = (1000, 3) if args.quick else (args.rows, args.rounds)
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "county export.xlsx"
        data = make_export(export, rows)
        factory = seed_county(f"sqlite:///{Path(folder, 'county.sqlite3').as_posix()}", data)
        service = CountyImportService(factory, user="bench")  # type: ignore[arg-type]
        preview = service.preview(export)  # warm: imports, the database's first read
        iterate_openpyxl(export)
        floor = _median_seconds(lambda: iterate_openpyxl(export), rounds)
        ours = _median_seconds(lambda: service.preview(export), rounds)
        counts = ", ".join(f"{action.label.lower()} {preview.count(action):,}" for action in ImportAction)
        start = time.perf_counter()
        result = service.apply(preview)
        applied = time.perf_counter() - start
    print(f"county export: {rows:,} rows x {len(HEADERS)} columns ({counts})")
    print(f"openpyxl read-only, iterate only (floor): median {floor * 1000:8.1f} ms over {rounds} rounds")
    print(f"CountyAdmin preview (read, check, look up, diff): median {ours * 1000:8.1f} ms  "
          f"= {ours / floor:.2f}x the floor")  # fmt: skip
    print(f"Accept (added {result.added:,}, changed {result.changed:,}, audited): {applied * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
