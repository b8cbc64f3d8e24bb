"""Provider search, get, create: matched_on, name normalisation, ZIP narrowing, 409 and 422, paging."""

from __future__ import annotations

from tests.integration.sandbox.helpers import Api, assert_problem, unique_npi, unique_sed


def test_create_then_get(api: Api) -> None:
    created = api.create_provider(sed_code="000123" + unique_sed()[6:], state="NY", zip="12180-1234")
    fetched = api.get(f"/providers/{created['id']}")
    assert fetched.status_code == 200
    assert fetched.json() == created
    assert created["sed_code"].startswith("000123")  # leading zeros are kept: SED codes are text
    assert created["status"] == "active" and created["created_at"].endswith("Z")


def test_duplicate_npi_or_sed_is_409_with_existing_id(api: Api) -> None:
    first = api.create_provider(sed_code=unique_sed())
    same_npi = api.post("/providers", json={"provider_type": "agency", "name": "Other", "npi": first["npi"]})
    assert assert_problem(same_npi, 409)["existing_id"] == first["id"]
    same_sed = api.post(
        "/providers", json={"provider_type": "agency", "name": "Other", "sed_code": first["sed_code"]}
    )
    assert assert_problem(same_sed, 409)["existing_id"] == first["id"]


def test_invalid_fields_are_422_with_field_errors(api: Api) -> None:
    npi = unique_npi()
    wrong_check = npi[:9] + str((int(npi[9]) + 1) % 10)
    response = api.post(
        "/providers",
        json={"provider_type": "school", "name": "X", "npi": wrong_check, "sed_code": "12345"},
    )
    body = assert_problem(response, 422)
    fields = {error["field"]: error["message"] for error in body["errors"]}
    assert set(fields) == {"provider_type", "npi", "sed_code"}
    assert "check digit" in fields["npi"]


def test_search_is_or_over_criteria_with_matched_on(api: Api) -> None:
    by_npi = api.create_provider()
    by_sed = api.create_provider(sed_code=unique_sed(), npi=None)
    response = api.get("/providers", params={"npi": by_npi["npi"], "sed_code": by_sed["sed_code"]})
    assert response.status_code == 200
    hits = {item["id"]: item["matched_on"] for item in response.json()["items"]}
    assert hits == {by_npi["id"]: ["npi"], by_sed["id"]: ["sed_code"]}


def test_matched_on_lists_npi_and_sed_first(api: Api) -> None:
    both = api.create_provider(sed_code=unique_sed())
    response = api.get(
        "/providers", params={"name": both["name"], "sed_code": both["sed_code"], "npi": both["npi"]}
    )
    assert response.json()["items"][0]["matched_on"] == ["npi", "sed_code", "name"]


def test_name_search_ignores_case_punctuation_and_suffix_spacing(api: Api) -> None:
    token = unique_sed()
    created = api.create_provider(name=f"Sunrise {token} Pediatric Therapy, L.L.C.")
    for query in (
        f"SUNRISE {token} PEDIATRIC THERAPY LLC",
        f"sunrise {token} pediatric therapy l l c",
        token,
    ):
        ids = [item["id"] for item in api.get("/providers", params={"name": query}).json()["items"]]
        assert ids == [created["id"]], query
    inc = api.create_provider(name=f"Kids {token} Inc.")
    ids = [item["id"] for item in api.get("/providers", params={"name": f"kids {token} inc"}).json()["items"]]
    assert ids == [inc["id"]]


def test_zip_narrows_only_the_name_criterion(api: Api) -> None:
    token = unique_sed()
    albany = api.create_provider(name=f"Bright {token} Steps", zip="12207")
    buffalo = api.create_provider(name=f"Bright {token} Steps Too", zip="14201-2233")
    hits = api.get("/providers", params={"name": f"bright {token}", "zip": "14201"}).json()["items"]
    assert [item["id"] for item in hits] == [buffalo["id"]]
    # An NPI match is not hidden by the ZIP.
    hits = api.get("/providers", params={"name": f"bright {token}", "zip": "14201", "npi": albany["npi"]})
    assert {item["id"]: item["matched_on"] for item in hits.json()["items"]} == {
        albany["id"]: ["npi"],
        buffalo["id"]: ["name"],
    }


def test_search_without_criteria_is_422(api: Api) -> None:
    assert assert_problem(api.get("/providers"), 422)["errors"]
    assert assert_problem(api.get("/providers", params={"zip": "12207"}), 422)["errors"]


def test_pagination_walks_every_hit_once(api: Api) -> None:
    token = unique_sed()
    created = {api.create_provider(name=f"Paged {token} Agency {n}")["id"] for n in range(7)}
    seen: list[str] = []
    params: dict[str, str | int] = {"name": f"paged {token}", "limit": 3}
    pages = 0
    while True:
        body = api.get("/providers", params=params).json()
        pages += 1
        seen += [item["id"] for item in body["items"]]
        if body["next"] is None:
            break
        params["next"] = body["next"]
    assert pages == 3
    assert len(seen) == len(set(seen)) and set(seen) == created


def test_bad_cursor_is_422(api: Api) -> None:
    body = assert_problem(api.get("/providers", params={"npi": unique_npi(), "next": "garbage!"}), 422)
    assert body["errors"][0]["field"] == "query.next"
