"""The provider list's model on its own: searching as typed (and backspaced), sorting, "Not linked yet"."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView

from countyadmin.domain.provider import ProviderSummary, ProviderType
from countyadmin.gui.mainwindow.provider_table import NAME, NPI, ProviderTableModel

NAMES = ["Little Learners", "Little Steps", "Bright Steps", "Kelsey Smith PT", "Sunrise Center", "Hudson"]


def _providers() -> list[ProviderSummary]:
    return [
        ProviderSummary(
            id=n + 1,
            name=f"{name} {n}",
            provider_type=ProviderType.AGENCY,
            sed_code=f"{n * 7919:012d}",
            npi=f"1{n:09d}",
            uses_portal=n % 2 == 0,
            portal_provider_id=f"CP-{n}" if n % 3 == 0 else None,
        )
        for n, name in enumerate(NAMES * 5)
    ]


def _names(model: ProviderTableModel) -> list[str]:
    return [model.index(row, NAME).data() for row in range(model.rowCount())]


def _expected(providers: list[ProviderSummary], text: str, *, unlinked: bool = False) -> list[str]:
    needle = text.strip().lower()
    return sorted(
        (
            p.name
            for p in providers
            if needle in f"{p.name.lower()}\0{p.sed_code}\0{p.npi}"
            and not (unlinked and p.portal_provider_id is not None)
        ),
        key=str.casefold,
    )


@pytest.fixture(params=["search index being built", "search index complete"])
def model(request, qtbot) -> ProviderTableModel:  # noqa: ANN001 - pytest's and pytest-qt's fixtures
    """The model before its search index covers any row (every search tests rows one by one), and after."""
    model = ProviderTableModel()
    model.set_providers(_providers())
    if request.param == "search index complete":
        qtbot.waitUntil(model.search_indexed, timeout=5000)
    else:
        assert not model.search_indexed()
    return model


def test_typing_backspacing_and_retyping_show_what_a_fresh_search_shows(model: ProviderTableModel) -> None:
    providers = _providers()
    rng = random.Random(7)
    targets = ["little learners", "little steps 1", "steps", "0000", "kelsey smith", "1000000", "center 4"]
    typed, target = "", rng.choice(targets)
    for _ in range(400):  # words typed letter by letter, corrections, and new searches
        roll = rng.random()
        if roll < 0.25 and typed:
            typed = typed[: -rng.randint(1, 3)]  # backspace
        elif roll < 0.30:
            typed = typed[1:]  # the first letter deleted
        elif roll < 0.35 or typed == target:
            typed, target = "", rng.choice(targets)
        else:
            typed = target[: len(typed) + 1] if target.startswith(typed) else typed + rng.choice("ls0 e")
        model.set_filter_text(typed)
        assert _names(model) == _expected(providers, typed), typed


def test_search_text_matches_within_one_field_only(model: ProviderTableModel) -> None:
    model.set_filter_text("0 1")  # the end of a name and the start of an NPI
    assert _names(model) == []


def test_not_linked_yet_and_search_combine_in_any_order(model: ProviderTableModel) -> None:
    providers = _providers()
    model.set_filter_text("little")
    model.set_only_unlinked(True)
    assert _names(model) == _expected(providers, "little", unlinked=True)
    model.set_filter_text("little s")
    assert _names(model) == _expected(providers, "little s", unlinked=True)
    model.set_filter_text("little")  # back to a search shown before the filter changed
    assert _names(model) == _expected(providers, "little", unlinked=True)
    model.set_only_unlinked(False)
    assert _names(model) == _expected(providers, "little")


def test_sorting_keeps_the_search_and_a_later_backspace(model: ProviderTableModel) -> None:
    providers = _providers()
    model.set_filter_text("steps")
    model.sort(NAME, Qt.SortOrder.DescendingOrder)
    assert _names(model) == _expected(providers, "steps")[::-1]
    model.set_filter_text("step")
    assert _names(model) == _expected(providers, "step")[::-1]
    model.set_filter_text("")
    assert _names(model) == _expected(providers, "")[::-1]


def test_sorting_keeps_the_selected_provider_selected(qtbot, model: ProviderTableModel) -> None:  # noqa: ANN001
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    model.set_filter_text("s")
    row = _names(model).index("Kelsey Smith PT 3")
    view.selectionModel().setCurrentIndex(
        model.index(row, NAME), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    model.sort(NPI, Qt.SortOrder.DescendingOrder)
    assert model.provider_at(view.currentIndex().row()).name == "Kelsey Smith PT 3"


def test_row_of_follows_the_search(model: ProviderTableModel) -> None:
    kelsey = next(p for p in _providers() if p.name == "Kelsey Smith PT 3")
    model.set_filter_text("kelsey")
    assert model.provider_at(model.row_of(kelsey.id) or 0).id == kelsey.id
    model.set_filter_text("sunrise")
    assert model.row_of(kelsey.id) is None
    assert model.row_of(10_000) is None


def test_the_role_and_orientation_numbers_are_qts() -> None:
    # provider_table keeps them as plain ints so that importing it does not build the Qt namespace.
    from PySide6.QtCore import Qt

    from countyadmin.gui.mainwindow import provider_table

    assert provider_table._DISPLAY == Qt.ItemDataRole.DisplayRole.value
    assert provider_table._TOOLTIP == Qt.ItemDataRole.ToolTipRole.value
    assert provider_table.PROVIDER_ID_ROLE == Qt.ItemDataRole.UserRole.value + 1
    assert provider_table._HORIZONTAL == Qt.Orientation.Horizontal.value
