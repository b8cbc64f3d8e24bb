"""County links (per county, idempotent PUT, 409) and the admin-user list."""

from __future__ import annotations

from tests.integration.sandbox.helpers import Api, assert_problem


def test_link_lifecycle(api: Api) -> None:
    provider = api.create_provider()
    path = f"/providers/{provider['id']}/county-link"
    assert_problem(api.get(path), 404)
    first = api.put(path, json={"county_provider_ref": "1234"})
    assert first.status_code == 201
    assert first.json()["provider_id"] == provider["id"] and first.json()["county_provider_ref"] == "1234"
    again = api.put(path, json={"county_provider_ref": "1234"})
    assert again.status_code == 200 and again.json() == first.json()
    assert api.get(path).json() == first.json()
    conflict = assert_problem(api.put(path, json={"county_provider_ref": "999"}), 409)
    assert conflict["linked_county_provider_ref"] == "1234"
    assert api.delete(path).status_code == 204
    assert_problem(api.get(path), 404)
    assert_problem(api.delete(path), 404)


def test_links_are_per_county(api: Api, api_b: Api) -> None:
    provider = api.create_provider()
    path = f"/providers/{provider['id']}/county-link"
    assert api.put(path, json={"county_provider_ref": "A-1"}).status_code == 201
    assert_problem(api_b.get(path), 404)  # Beta County does not see Alpha County's link
    assert api_b.put(path, json={"county_provider_ref": "B-7"}).status_code == 201
    assert api.get(path).json()["county_provider_ref"] == "A-1"
    assert api_b.delete(path).status_code == 204
    assert api.get(path).status_code == 200


def test_link_to_unknown_provider_or_empty_ref(api: Api) -> None:
    assert_problem(api.put("/providers/CP-999999/county-link", json={"county_provider_ref": "1"}), 404)
    provider = api.create_provider()
    body = assert_problem(
        api.put(f"/providers/{provider['id']}/county-link", json={"county_provider_ref": ""}), 422
    )
    assert body["errors"][0]["field"] == "county_provider_ref"


def test_admin_users_empty_then_404(api: Api) -> None:
    provider = api.linked_provider()
    assert api.get(f"/providers/{provider['id']}/admin-users").json() == {"items": [], "next": None}
    assert_problem(api.get("/providers/CP-999999/admin-users"), 404)
