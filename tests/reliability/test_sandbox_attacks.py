"""Requests that once made the sandbox answer 500, or accept what its contract refuses (issue 13, item 8).

Each test is an attack that worked: a cursor holding a 30-digit position, a non-ASCII digit in the NPI
Registry emulator's ``limit``, an absurd clock offset (kept across restarts), control characters in text
that reach an invitation e-mail's subject, an identifier with a trailing newline, a 405 whose ``Allow``
named one method of three, and an undocumented 400 for a body that is not UTF-8.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from countyadmin.sandbox.export_openapi import CONTRACT_PATH
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.sandbox.store import Store
from tests.integration.sandbox.helpers import Api, assert_problem, tool, unique_name, unique_npi

KEY = "attack-key"
CONTROL_TEXTS = ["Sunrise\x00Therapy", "Sunrise\r\nBcc: everyone@example.org", "Sunrise\u2028Therapy", "\t"]


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxProcess]:
    with SandboxProcess.start(tmp_path_factory.mktemp("attacked"), {KEY: "Attack County"}) as process:
        yield process


@pytest.fixture
def api(attacked: SandboxProcess) -> Api:
    return Api(attacked, KEY)


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _new_provider(api: Api, **fields: Any) -> dict[str, Any]:
    body = {"provider_type": "agency", "name": unique_name(), "npi": unique_npi("2"), **fields}
    response = api.post("/providers", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


@pytest.mark.parametrize(
    "position", ["9" * 30, "9" * 19, "-1", "١٢", "²", "12 ", "0x10"], ids=lambda p: repr(p)
)
def test_a_cursor_position_out_of_range_or_not_ascii_is_a_422(api: Api, position: str) -> None:
    # Before: "9" * 30 reached SQLite as an integer parameter and the sandbox answered 500 (OverflowError).
    response = api.get("/providers", params={"npi": unique_npi(), "next": _cursor(f"after:{position}")})
    body = assert_problem(response, 422)
    assert body["errors"][0]["field"] == "query.next"


def test_a_cursor_the_sandbox_issued_still_pages(api: Api) -> None:
    name = unique_name("Paged")
    for _ in range(3):
        _new_provider(api, name=name)
    first = api.get("/providers", params={"name": name, "limit": 2}).json()
    second = api.get("/providers", params={"name": name, "limit": 2, "next": first["next"]}).json()
    assert len(first["items"]) == 2 and len(second["items"]) == 1 and second["next"] is None


@pytest.mark.parametrize("limit", ["²", "١", "٥٠", "1e3", "-5", "9" * 40])
def test_npi_registry_limit_with_a_non_ascii_digit_answers(attacked: SandboxProcess, limit: str) -> None:
    # Before: "²".isdigit() is True and int("²") raises, so the emulator answered 500.
    response = requests.get(
        f"{attacked.url}/npi-registry/api/",
        params={"version": "2.1", "last_name": "Nobody", "limit": limit},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"result_count": 0, "results": []}


@pytest.mark.parametrize("number", ["１２３４５６７８９３", "١٢٣٤٥٦٧٨٩٣"])
def test_npi_registry_number_in_other_digits_is_refused_like_the_real_one(
    attacked: SandboxProcess, number: str
) -> None:
    response = requests.get(
        f"{attacked.url}/npi-registry/api/", params={"version": "2.1", "number": number}, timeout=10
    )
    assert response.status_code == 200
    assert response.json()["Errors"][0]["field"] == "number"


@pytest.mark.parametrize("offset", [1e300, -1e300, 10.0**10, -(10.0**10), math.inf, math.nan])
def test_an_absurd_clock_offset_is_refused_and_every_call_still_works(
    attacked: SandboxProcess, api: Api, offset: float
) -> None:
    # Before: 1e300 was stored, and every later call that asked for "now" answered 500.
    body = assert_problem(
        tool(attacked, "PUT", "/clock", data=json.dumps({"offset_seconds": offset}),
             headers={"Content-Type": "application/json"}),
        422,
    )  # fmt: skip
    assert body["errors"][0]["field"] == "offset_seconds"
    assert tool(attacked, "GET", "/clock").json()["offset_seconds"] == 0.0
    assert api.get("/county").status_code == 200
    _new_provider(api)


def test_a_reasonable_clock_offset_still_works(attacked: SandboxProcess) -> None:
    thirty_days = 30 * 86_400
    try:
        assert tool(attacked, "PUT", "/clock", json={"offset_seconds": thirty_days}).status_code == 200
        assert tool(attacked, "GET", "/clock").json()["offset_seconds"] == thirty_days
    finally:
        tool(attacked, "PUT", "/clock", json={"offset_seconds": 0})


def test_an_absurd_clock_offset_saved_by_an_older_sandbox_is_ignored(fresh_sandbox: SandboxProcess) -> None:
    # Before: the offset is kept in the data dir, so a restart did not heal a sandbox that answered 500.
    fresh_sandbox.stop()
    store = Store(Path(fresh_sandbox.data_dir))
    store.set_clock_offset(1e300)
    store.close()
    fresh_sandbox.restart()
    api = Api(fresh_sandbox, "test-key-a")
    assert tool(fresh_sandbox, "GET", "/clock").json()["offset_seconds"] == 0.0
    provider = _new_provider(api)
    assert api.get(f"/providers/{provider['id']}").status_code == 200


PROVIDER_TEXT_FIELDS = ["name", "tax_id", "address_1", "address_2", "city", "phone", "email"]


@pytest.mark.parametrize("text", CONTROL_TEXTS, ids=repr)
@pytest.mark.parametrize("field", PROVIDER_TEXT_FIELDS)
def test_control_characters_in_a_provider_field_are_refused_with_a_field_error(
    api: Api, field: str, text: str
) -> None:
    # Before: a name with CR/LF or NUL was stored, and reached the subject of the invitation e-mail.
    value = text if field != "email" else text.replace("Sunrise", "ana@") + ".org"
    body = {"provider_type": "agency", "name": unique_name(), field: value}
    problem = assert_problem(api.post("/providers", json=body), 422)
    assert [error["field"] for error in problem["errors"]] == [field]


@pytest.mark.parametrize("text", CONTROL_TEXTS, ids=repr)
@pytest.mark.parametrize("field", ["first_name", "last_name", "invited_by", "license", "email"])
def test_control_characters_in_an_invitation_field_are_refused_with_a_field_error(
    api: Api, field: str, text: str
) -> None:
    provider = _new_provider(api)
    value = text if field != "email" else text.replace("Sunrise", "ana@") + ".org"
    body = {
        "first_name": "Ana", "last_name": "Ortiz", "email": "ana@example.org",
        "invited_by": "clerk@county.example", field: value,
    }  # fmt: skip
    response = api.post(
        f"/providers/{provider['id']}/invitations", json=body, headers={"Idempotency-Key": "k1"}
    )
    problem = assert_problem(response, 422)
    assert [error["field"] for error in problem["errors"]] == [field]


@pytest.mark.parametrize("text", CONTROL_TEXTS, ids=repr)
def test_control_characters_in_a_county_record_reference_are_refused(api: Api, text: str) -> None:
    provider = _new_provider(api)
    response = api.put(f"/providers/{provider['id']}/county-link", json={"county_provider_ref": text})
    assert [e["field"] for e in assert_problem(response, 422)["errors"]] == ["county_provider_ref"]


def test_a_name_with_accents_and_punctuation_is_still_accepted(api: Api) -> None:
    provider = _new_provider(api, name="Señora O'Brien-Łukasz & Co., L.L.C.", city="Cañon")
    assert provider["name"] == "Señora O'Brien-Łukasz & Co., L.L.C."


@pytest.mark.parametrize("suffix", ["%0A", "%0D%0A", "%00", "%20", "x"])
def test_an_identifier_is_matched_exactly(api: Api, suffix: str) -> None:
    # Before: "CP-000108%0A" was read as CP-000108 (re.match with "$" lets a final newline through).
    provider = _new_provider(api)
    assert api.get(f"/providers/{provider['id']}").status_code == 200
    assert_problem(api.get(f"/providers/{provider['id']}{suffix}"), 404)


@pytest.mark.parametrize("spelled", ["CP-０００００１", "cp-000001", "CP-1\n"])
def test_an_identifier_in_other_digits_or_case_names_nothing(api: Api, spelled: str) -> None:
    _new_provider(api)
    assert_problem(api.get(f"/providers/{requests.utils.quote(spelled)}"), 404)


@pytest.mark.parametrize("method", ["PATCH", "OPTIONS", "POST"])
def test_a_405_names_every_method_of_the_resource(api: Api, method: str) -> None:
    # Before: county-link is served by three routes and Allow named only the first one's (GET, HEAD).
    provider = _new_provider(api)
    response = api.request(method, f"/providers/{provider['id']}/county-link")
    assert_problem(response, 405)
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert {"GET", "PUT", "DELETE"} <= allowed and method not in allowed


def test_a_body_that_is_not_utf8_is_the_documented_400(api: Api) -> None:
    response = api.post("/providers", data=b'{"name": "\xff"}', headers={"Content-Type": "application/json"})
    assert_problem(response, 400)
    contract = json.loads(CONTRACT_PATH.read_text(encoding="utf-8"))
    for path, operations in contract["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                assert "400" in operation["responses"], f"{method.upper()} {path} does not document 400"
