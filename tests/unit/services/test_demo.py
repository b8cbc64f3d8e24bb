"""Demo seeding on the in-memory unit of work, and where the dataset is found."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from countyadmin.domain.provider import ProviderType
from countyadmin.resources import resources_root
from countyadmin.services import demo
from countyadmin.services.demo import demo_dataset_path, load_demo_dataset, seed_demo_database
from countyadmin.services.testing import InMemoryStore

NOW = datetime(2026, 3, 3, tzinfo=UTC)


def _county(name: str, **extra: Any) -> dict[str, Any]:
    fields = dict.fromkeys(("provider_type", "sed_code", "npi", "tax_id", "address_1", "address_2", "city",
                            "state", "zip", "phone", "email"))  # fmt: skip
    return {**fields, "name": name, "uses_portal": False, **extra}


DATASET: dict[str, Any] = {
    "county": {"county_id": "demo", "name": "Demo County"},
    "providers": [
        {
            "scenario": "npi_only",
            "county": _county("Sunrise Therapy LLC", npi="1234567893", provider_type="agency"),
            "portal": None,
        },  # fmt: skip
        {
            "scenario": "linked",
            "county_ref": 40,
            "portal": {"id": "CP-000040", "name": "Bright Start"},
            "county": _county("Bright Start Inc", sed_code="012345678901", address_2=""),
        },  # fmt: skip
        {"scenario": "none", "county": _county("Little Steps"), "portal": None},
    ],
    "portal_only": [],
    "npi_registry": [],
}


def test_seeding_fills_an_empty_database_once() -> None:
    store = InMemoryStore()
    assert seed_demo_database(store.unit_of_work, DATASET, now=NOW) == 3
    assert seed_demo_database(store.unit_of_work, DATASET, now=NOW) == 0
    assert len(store.providers) == 3

    linked = store.providers[40]
    assert (linked.name, linked.portal_provider_id, linked.uses_portal) == (
        "Bright Start Inc",
        "CP-000040",
        True,
    )
    assert (linked.linked_at, linked.linked_by, linked.sed_code, linked.address_2) == (
        NOW,
        "demo",
        "012345678901",
        None,
    )
    others = {r.name: r for r in store.providers.values() if r.id != 40}
    assert others["Sunrise Therapy LLC"].provider_type is ProviderType.AGENCY
    assert others["Sunrise Therapy LLC"].portal_provider_id is None
    assert others["Little Steps"].provider_type is None


def test_a_database_in_use_is_left_alone() -> None:
    store = InMemoryStore()
    seed_demo_database(store.unit_of_work, {"providers": DATASET["providers"][:1]}, now=NOW)
    assert seed_demo_database(store.unit_of_work, DATASET, now=NOW) == 0
    assert len(store.providers) == 1


def test_dataset_path_in_the_source_tree_and_in_a_bundle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("COUNTYADMIN_DEMO_DATASET", raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    repo = Path(demo.__file__).resolve().parents[2]
    assert demo_dataset_path() == repo / "resources" / "demo" / "demo_dataset.json"
    (tmp_path / "resources" / "demo").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    resources_root.cache_clear()
    try:
        assert demo_dataset_path() == tmp_path / "resources" / "demo" / "demo_dataset.json"
    finally:
        monkeypatch.delattr(sys, "_MEIPASS")
        resources_root.cache_clear()
    monkeypatch.setenv("COUNTYADMIN_DEMO_DATASET", str(tmp_path / "mine.json"))
    assert demo_dataset_path() == tmp_path / "mine.json"


def test_load_demo_dataset(tmp_path: Path) -> None:
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(DATASET), encoding="utf-8")
    assert load_demo_dataset(path) == DATASET


def test_the_shipped_dataset_seeds_when_present() -> None:
    path = demo_dataset_path()
    if not path.exists():
        pytest.skip(f"{path} is not there yet")
    dataset = load_demo_dataset(path)
    store = InMemoryStore()
    assert seed_demo_database(store.unit_of_work, dataset, now=NOW) == len(dataset["providers"])
    linked = [e for e in dataset["providers"] if e["scenario"] == "linked"]
    assert {r.portal_provider_id for r in store.providers.values() if r.portal_provider_id} == {
        e["portal"]["id"] for e in linked
    }
