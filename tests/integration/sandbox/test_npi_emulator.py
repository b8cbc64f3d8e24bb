"""The NPI Registry emulator answers in the NPPES v2.1 shapes recorded from the real one."""

from __future__ import annotations

from typing import Any

import requests

from countyadmin.sandbox.process import SandboxProcess
from tests.fixtures.nppes import load
from tests.integration.sandbox.helpers import assert_problem, tool, unique_npi


def registry(process: SandboxProcess, **params: str) -> dict[str, Any]:
    response = requests.get(f"{process.url}/npi-registry/api/", params=params, timeout=10)
    assert response.status_code == 200  # the real registry answers 200 even to bad requests
    body: dict[str, Any] = response.json()
    return body


def a_record(npi: str) -> dict[str, Any]:
    recorded = load("api-8bdc8b.json")["results"][0]
    return {
        **recorded,
        "enumeration_type": "NPI-2",
        "number": npi,
        "basic": {"organization_name": "TEST ORG LLC"},
    }


def test_added_record_is_found_exactly(sandbox: SandboxProcess) -> None:
    npi = unique_npi("2")
    record = a_record(npi)
    assert tool(sandbox, "POST", "/npi-records", json=record).status_code == 201
    assert registry(sandbox, version="2.1", number=npi) == {"result_count": 1, "results": [record]}


def test_unknown_number_has_no_results(sandbox: SandboxProcess) -> None:
    assert registry(sandbox, version="2.1", number=unique_npi()) == {"result_count": 0, "results": []}


def test_errors_have_the_real_shape(sandbox: SandboxProcess) -> None:
    no_criteria = registry(sandbox, version="2.1")
    assert no_criteria == {
        "Errors": [{"field": "generic", "number": "04", "description": "No valid search criteria provided"}]
    }
    assert registry(sandbox, version="2.1", enumeration_type="NPI-1")["Errors"][0]["number"] == "09"
    assert "results" not in registry(sandbox, number=unique_npi())
    assert registry(sandbox, version="1.0", number=unique_npi())["Errors"][0]["field"] == "version"
    assert registry(sandbox, version="2.1", number="12")["Errors"][0]["field"] == "number"


def test_bad_record_is_refused(sandbox: SandboxProcess) -> None:
    assert_problem(tool(sandbox, "POST", "/npi-records", json={"number": "123"}), 422)
