"""The provider list's Stage column and stage filter (the onboarding view's clicks), from memory.

The filter must combine with the search text and "Not linked yet" exactly as a fresh computation would,
keep list order, survive a sort, and follow a new stage map (a sync moved providers on).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from countyadmin.domain.provider import ProviderSummary, ProviderType
from countyadmin.gui.mainwindow.provider_table import NAME, STAGE, ProviderTableModel

LABELS = (
    "Not using portal",
    "Not linked",
    "No admin",
    "Invitation pending",
    "Invitation expired",
    "Active admin",
)


def _providers() -> list[ProviderSummary]:
    return [
        ProviderSummary(
            id=n + 1,
            name=f"{'Ada Bright Kids'.split()[n % 3]} Therapy {n}",
            provider_type=ProviderType.AGENCY,
            sed_code=f"{n:012d}",
            npi=None,
            uses_portal=n % 6 != 0,
            portal_provider_id=f"CP-{n}" if n % 6 >= 2 else None,
        )
        for n in range(120)
    ]


def _stages(providers: list[ProviderSummary], shift: int = 0) -> dict[int, str]:
    return {p.id: LABELS[(p.id - 1 + shift) % 6] for p in providers}


def _shown(model: ProviderTableModel) -> list[tuple[str, str]]:
    return [(model.index(r, NAME).data(), model.index(r, STAGE).data()) for r in range(model.rowCount())]


def _expected(providers, stages, stage, text="", unlinked=False) -> list[tuple[str, str]]:  # noqa: ANN001
    rows = [
        (p.name, stages[p.id])
        for p in providers
        if (stage is None or stages[p.id] == stage)
        and text.lower() in p.name.lower()
        and not (unlinked and p.portal_provider_id)
    ]
    return sorted(rows, key=lambda row: row[0].casefold())


@pytest.mark.parametrize("stage", [*LABELS, None])
def test_the_stage_filter_with_search_and_not_linked_yet(qtbot, stage: str | None) -> None:  # noqa: ANN001
    providers = _providers()
    stages = _stages(providers)
    model = ProviderTableModel()
    model.set_providers(providers)
    model.sort(NAME, Qt.SortOrder.AscendingOrder)
    counts: list[tuple[int, int]] = []
    model.visible_count_changed.connect(lambda shown, total: counts.append((shown, total)))
    model.set_stages(stages)  # no filter yet: only the column's cells change
    assert counts == []
    model.set_stage_filter(stage)
    assert counts == ([] if stage is None else [(model.rowCount(), len(providers))])
    assert model.headerData(STAGE, Qt.Orientation.Horizontal) == "Stage"
    assert _shown(model) == _expected(providers, stages, stage)
    model.set_filter_text("kids")
    assert _shown(model) == _expected(providers, stages, stage, "kids")
    model.set_only_unlinked(True)
    assert _shown(model) == _expected(providers, stages, stage, "kids", unlinked=True)
    # A sync moved everyone on one stage: the same filter now shows the new set.
    moved = _stages(providers, shift=1)
    model.set_stages(moved)
    assert _shown(model) == _expected(providers, moved, stage, "kids", unlinked=True)
    model.set_only_unlinked(False)
    model.set_filter_text("")
    model.set_stage_filter(None)
    assert model.rowCount() == len(providers)


def test_sorting_by_stage_groups_the_stages_and_keeps_the_filter(qtbot) -> None:  # noqa: ANN001
    providers = _providers()
    stages = _stages(providers)
    model = ProviderTableModel()
    model.set_providers(providers)
    model.set_stages(stages)
    model.sort(STAGE, Qt.SortOrder.AscendingOrder)
    shown = _shown(model)
    assert [stage for _name, stage in shown] == sorted(stages.values())
    model.set_stage_filter("No admin")
    model.sort(NAME, Qt.SortOrder.DescendingOrder)
    assert [name for name, _ in _shown(model)] == sorted(
        (p.name for p in providers if stages[p.id] == "No admin"), key=str.casefold, reverse=True
    )
