"""The demo dataset is deterministic, covers its scenarios, and seeds the sandbox faithfully."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
import requests

from countyadmin.domain.identifiers import is_valid_npi, is_valid_sed_code
from countyadmin.resources import demo_dataset_path, load_demo_dataset
from countyadmin.sandbox.names import compact_name, zip5
from countyadmin.sandbox.process import SandboxProcess
from tests.integration.sandbox.helpers import Api


@pytest.fixture(scope="module")
def dataset() -> dict[str, Any]:
    return load_demo_dataset()


def test_committed_dataset_is_what_the_generator_makes(dataset: dict[str, Any]) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "gen", demo_dataset_path().with_name("generate_demo_dataset.py")
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert json.loads(json.dumps(module.generate())) == dataset, "run resources/demo/generate_demo_dataset.py"


def test_scenarios_and_identifiers(dataset: dict[str, Any]) -> None:
    entries = dataset["providers"]
    assert 280 <= len(entries) <= 320 and len(dataset["portal_only"]) >= 45
    kinds = Counter(entry["scenario"] for entry in entries)
    assert set(kinds) == {
        "npi_only",
        "sed_only",
        "both_same",
        "both_differing",
        "name_only",
        "none",
        "linked",
    }
    registry = {str(record["number"]) for record in dataset["npi_registry"]}
    assert {type(record["number"]) for record in dataset["npi_registry"]} == {int, str}
    missing = 0
    for entry in entries:
        county, portal = entry["county"], entry["portal"]
        for record in filter(None, (county, portal)):
            assert record["npi"] is None or is_valid_npi(record["npi"])
            assert record["sed_code"] is None or is_valid_sed_code(record["sed_code"])
        if county["npi"] and county["npi"] not in registry:
            missing += 1
        kind = entry["scenario"]
        if kind == "none":
            assert portal is None
        elif kind == "npi_only":
            assert portal["npi"] == county["npi"] and portal["sed_code"] != county["sed_code"]
        elif kind == "sed_only":
            assert portal["sed_code"] == county["sed_code"]
            assert portal["npi"] is None or portal["npi"] != county["npi"]
        elif kind in ("both_same", "linked"):
            assert {k: v for k, v in portal.items() if k in county} == {
                k: v for k, v in county.items() if k != "uses_portal"
            }
        elif kind == "both_differing":
            assert (portal["npi"], portal["sed_code"]) == (county["npi"], county["sed_code"])
            assert any(
                portal[k] != county[k]
                for k in ("name", "address_1", "address_2", "phone", "zip", "state", "email")
            )
        elif kind == "name_only":
            assert portal["npi"] is None and portal["sed_code"] is None
            assert compact_name(portal["name"]) == compact_name(county["name"])
            assert zip5(portal["zip"]) == zip5(county["zip"])
    assert 1 <= missing <= 10
    assert any(sed.startswith("0") for sed in (e["county"]["sed_code"] for e in entries))
    assert any(not e["county"]["npi"] for e in entries)


def test_demo_sandbox_serves_the_seed(
    demo_sandbox: SandboxProcess, demo_api_key: str, dataset: dict[str, Any]
) -> None:
    api = Api(demo_sandbox, demo_api_key)
    assert api.get("/county").json() == {"county_id": "demo", "name": "Demo County"}
    linked = next(e for e in dataset["providers"] if e["scenario"] == "linked")
    link = api.get(f"/providers/{linked['portal']['id']}/county-link").json()
    assert link["county_provider_ref"] == linked["county_ref"]
    name_only = next(e for e in dataset["providers"] if e["scenario"] == "name_only")
    hits = api.get(
        "/providers", params={"name": name_only["county"]["name"], "zip": name_only["county"]["zip"]}
    )
    assert name_only["portal"]["id"] in [item["id"] for item in hits.json()["items"]]
    # Admin users and invitations are the linking county's to read (the contract's Access rules).
    linked_portals = [e["portal"] for e in dataset["providers"] if e["scenario"] == "linked"]
    with_users = next(p for p in linked_portals if p.get("admin_users"))
    users = api.get(f"/providers/{with_users['id']}/admin-users").json()["items"]
    assert [u["username"] for u in users] == [u["username"] for u in with_users["admin_users"]]
    not_linked = next(p for p in dataset["portal_only"] if p.get("admin_users"))
    assert api.get(f"/providers/{not_linked['id']}/admin-users").status_code == 404
    statuses: Counter[str] = Counter()
    for portal in linked_portals:
        if portal.get("invitations"):
            items = api.get(f"/providers/{portal['id']}/invitations").json()["items"]
            statuses.update(item["status"] for item in items)
    assert {"pending", "expired", "cancelled"} <= set(statuses)
    record = dataset["npi_registry"][0]
    query = {"version": "2.1", "number": str(record["number"])}
    found = requests.get(f"{demo_sandbox.url}/npi-registry/api/", params=query, timeout=10)
    assert found.json() == {"result_count": 1, "results": [record]}


def test_seed_is_loaded_once(tmp_path: Any, demo_api_key: str) -> None:
    with SandboxProcess.start(tmp_path / "d", {}, seed="demo") as process:
        api = Api(process, demo_api_key)
        created = api.create_provider()
        process.restart()
        assert (
            api.get(f"/providers/{created['id']}").status_code == 200
        )  # the restart did not re-seed over it
        entry = load_demo_dataset()["portal_only"][0]
        assert api.get(f"/providers/{entry['id']}").json()["name"] == entry["name"]
