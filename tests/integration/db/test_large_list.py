"""The provider list must open fast on a large county: 100,000 rows through list_summaries()."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, insert

from countyadmin.db.models import ProviderRow
from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork

ROWS = 100_000
BUDGET_S = 3.0  # generous for slow CI machines; the measured figure is printed with -s


@pytest.mark.slow
def test_list_summaries_of_100000_providers(
    engine: Engine, uow_factory: Callable[[], SqlAlchemyUnitOfWork]
) -> None:
    rows = [
        {"name": f"Provider {i:06d}", "npi": None if i % 3 else "1234567893",
         "sed_code": f"{i:012d}", "provider_type": "agency" if i % 2 else None, "uses_portal": i % 5 == 0}
        for i in range(ROWS)
    ]  # fmt: skip
    with engine.begin() as connection:
        for start in range(0, ROWS, 10_000):
            connection.execute(insert(ProviderRow), rows[start : start + 10_000])

    started = time.perf_counter()
    with uow_factory() as uow:
        summaries = uow.providers.list_summaries()
    elapsed = time.perf_counter() - started

    print(f"\nlist_summaries on {engine.dialect.name}: {ROWS:,} rows in {elapsed:.3f} s")
    assert len(summaries) == ROWS
    assert summaries[0].name == "Provider 000000" and summaries[0].sed_code == "000000000000"
    assert elapsed < BUDGET_S
