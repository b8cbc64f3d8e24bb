"""A large county's provider list comes back whole and in order through list_summaries().

How fast is measured by the benchmarks (benchmarks/), never asserted here: CI machines are shared and noisy.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, insert

from countyadmin.db.models import ProviderRow
from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork

ROWS = 20_000


@pytest.mark.slow
def test_list_summaries_of_a_large_county(
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

    with uow_factory() as uow:
        summaries = uow.providers.list_summaries()

    assert len(summaries) == ROWS
    assert summaries[0].name == "Provider 000000" and summaries[0].sed_code == "000000000000"
    assert summaries[-1].name == f"Provider {ROWS - 1:06d}" and len({s.id for s in summaries}) == ROWS
