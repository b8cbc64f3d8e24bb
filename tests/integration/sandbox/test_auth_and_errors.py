"""401s, county identity, and problem+json for every kind of error."""

from __future__ import annotations

from countyadmin.sandbox.process import SandboxProcess
from tests.integration.sandbox.helpers import Api, assert_problem


def test_missing_key_is_401_with_bearer_challenge(sandbox: SandboxProcess) -> None:
    response = Api(sandbox, None).get("/county")
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_wrong_key_is_401(sandbox: SandboxProcess) -> None:
    response = Api(sandbox, "not-a-key").get("/providers/CP-000001")
    body = assert_problem(response, 401)
    assert "not-a-key" not in body["detail"]
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_key_identifies_county(api: Api, api_b: Api) -> None:
    assert api.get("/county").json() == {"county_id": "alpha", "name": "Alpha County"}
    assert api_b.get("/county").json() == {"county_id": "beta", "name": "Beta County"}


def test_unknown_route_and_method_are_problems(api: Api) -> None:
    assert_problem(api.get("/no-such-thing"), 404)
    assert_problem(api.request("PATCH", "/county"), 405)


def test_unknown_provider_is_404(api: Api) -> None:
    assert_problem(api.get("/providers/CP-999999"), 404)
    assert_problem(api.get("/providers/not-an-id"), 404)


def test_framework_validation_errors_are_problems_with_field_errors(api: Api) -> None:
    body = assert_problem(api.get("/providers", params={"npi": "1", "limit": 0}), 422)
    assert {"field": "query.limit", "message": body["errors"][0]["message"]} in body["errors"]
    body = assert_problem(
        api.post("/providers", data="not json", headers={"content-type": "application/json"}), 422
    )
    assert body["errors"]
