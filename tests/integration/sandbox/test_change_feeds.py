"""The county change feeds (GET /county/links, /county/invitations, /county/admin-users) over HTTP.

Two counties on one fresh sandbox: each feed holds only what the calling county may see, removals come
as tombstones to that county alone, and a walk that meets writes between its pages loses nothing: the
last version of every item equals what the per-provider calls say, and the watermark the last page
issues brings exactly the changes made after it.
"""

from __future__ import annotations

from typing import Any

import pytest

from countyadmin.sandbox.export_openapi import CONTRACT_PATH
from countyadmin.sandbox.process import SandboxProcess
from tests.integration.sandbox.helpers import Api, accept, assert_problem, tool

FEEDS = ("links", "invitations", "admin-users")
_KEY = {"links": "provider_id", "invitations": "id", "admin-users": "user_id"}
_BODY = {"links": "link", "invitations": "invitation", "admin-users": "admin_user"}


def walk(api: Api, feed: str, since: str | None = None, limit: int = 1000,
         between: Any = None) -> tuple[dict[str, dict[str, Any]], str, int]:  # fmt: skip
    """Every item of the feed (the last version of each), the watermark, and the number of pages."""
    seen: dict[str, dict[str, Any]] = {}
    params: dict[str, Any] = {"limit": limit}
    if since is not None:
        params["updated_since"] = since
    pages = 0
    while True:
        response = api.get(f"/county/{feed}", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        pages += 1
        for item in body["items"]:
            seen[item[_KEY[feed]]] = item
        if body["next"] is None:
            assert body["watermark"] and body["as_of"]
            return seen, body["watermark"], pages
        assert body["watermark"] is None  # only the last page issues one
        if between is not None:
            between(pages)
        params = {"limit": limit, "next": body["next"]}


def live(items: dict[str, dict[str, Any]], feed: str) -> dict[str, Any]:
    return {key: item[_BODY[feed]] for key, item in items.items() if not item["removed"]}


@pytest.fixture
def two(fresh_sandbox: SandboxProcess) -> tuple[Api, Api]:
    return Api(fresh_sandbox, "test-key-a"), Api(fresh_sandbox, "test-key-b")


def test_each_county_sees_only_its_own_links_invitations_and_admins(
    two: tuple[Api, Api], fresh_sandbox: SandboxProcess
) -> None:
    alpha, beta = two
    shared = alpha.linked_provider()
    ref = beta.put(f"/providers/{shared['id']}/county-link", json={"county_provider_ref": "b-1"})
    assert ref.status_code == 201
    alpha_invite = alpha.invite(shared["id"], first_name="Alphaonly").json()
    beta_invite = beta.invite(shared["id"], first_name="Betaonly").json()
    user = accept(fresh_sandbox, alpha_invite["id"])  # an admin of the shared provider: both see them
    alpha_only = alpha.linked_provider()
    secret = alpha.invite(alpha_only["id"], first_name="Secret").json()
    secret_user = accept(fresh_sandbox, secret["id"])

    a = {feed: live(walk(alpha, feed)[0], feed) for feed in FEEDS}
    b = {feed: live(walk(beta, feed)[0], feed) for feed in FEEDS}
    assert set(a["links"]) == {shared["id"], alpha_only["id"]} and set(b["links"]) == {shared["id"]}
    assert b["links"][shared["id"]]["county_provider_ref"] == "b-1"
    assert set(a["invitations"]) == {alpha_invite["id"], secret["id"]}
    assert set(b["invitations"]) == {beta_invite["id"]}
    assert set(a["admin-users"]) == {user["user_id"], secret_user["user_id"]}
    assert set(b["admin-users"]) == {user["user_id"]}

    # Alpha unlinks its own provider: tombstones for Alpha only; Beta's feed says nothing at all.
    _, beta_mark, _ = walk(beta, "links")
    marks = {feed: walk(alpha, feed)[1] for feed in FEEDS}
    assert alpha.delete(f"/providers/{alpha_only['id']}/county-link").status_code == 204
    after = {feed: walk(alpha, feed, marks[feed])[0] for feed in FEEDS}
    assert after["links"] == {
        alpha_only["id"]: {"provider_id": alpha_only["id"], "removed": True, "link": None}
    }
    assert {k: v["removed"] for k, v in after["invitations"].items()} == {secret["id"]: True}
    assert {k: v["removed"] for k, v in after["admin-users"].items()} == {secret_user["user_id"]: True}
    for feed in FEEDS:
        assert (
            walk(beta, feed, beta_mark if feed == "links" else None)[0]
            .keys()
            .isdisjoint({alpha_only["id"], secret["id"], secret_user["user_id"]})
        )


def test_relinking_brings_the_items_back_and_a_removed_admin_is_a_tombstone(
    two: tuple[Api, Api], fresh_sandbox: SandboxProcess
) -> None:
    alpha, _ = two
    provider = alpha.linked_provider()
    invitation = alpha.invite(provider["id"]).json()
    user = accept(fresh_sandbox, invitation["id"])
    _, mark, _ = walk(alpha, "admin-users")
    assert tool(fresh_sandbox, "DELETE", f"/admin-users/{user['user_id']}").status_code == 204
    changed, mark, _ = walk(alpha, "admin-users", mark)
    assert changed == {user["user_id"]: {"user_id": user["user_id"], "provider_id": provider["id"],
                                         "removed": True, "admin_user": None}}  # fmt: skip
    _, inv_mark, _ = walk(alpha, "invitations")
    assert alpha.delete(f"/providers/{provider['id']}/county-link").status_code == 204
    relink = alpha.put(f"/providers/{provider['id']}/county-link", json={"county_provider_ref": "again"})
    assert relink.status_code == 201
    back = live(walk(alpha, "invitations", inv_mark)[0], "invitations")
    assert back[invitation["id"]]["status"] == "accepted"
    assert walk(alpha, "admin-users", mark)[0] == {}  # a removed user stays removed


def test_a_walk_with_writes_between_pages_loses_nothing(
    two: tuple[Api, Api], fresh_sandbox: SandboxProcess
) -> None:
    alpha, _ = two
    providers = [alpha.linked_provider() for _ in range(3)]
    invitations = [alpha.invite(p["id"]).json() for p in providers for _ in range(4)]
    _, start, _ = walk(alpha, "invitations")
    added: list[str] = []

    def write(page: int) -> None:
        # An item already read changes, one not yet read changes, and a new one is added.
        if page > 4:
            return
        assert alpha.delete(f"/invitations/{invitations[page - 1]['id']}").status_code == 200
        assert alpha.post(f"/invitations/{invitations[-page]['id']}/resend").status_code == 200
        added.append(alpha.invite(providers[page % 3]["id"]).json()["id"])

    seen, mark, pages = walk(alpha, "invitations", limit=3, between=write)
    assert pages > 3
    truth = {
        item["id"]: item
        for p in providers
        for item in alpha.get(f"/providers/{p['id']}/invitations", params={"limit": 200}).json()["items"]
    }
    assert live(seen, "invitations") == truth
    assert set(added) <= set(truth)
    # The watermark covers everything written during the walk: from it, nothing is new...
    assert walk(alpha, "invitations", mark)[0] == {}
    # ...and a change after it comes, alone.
    alpha.delete(f"/invitations/{invitations[5]['id']}")
    later = walk(alpha, "invitations", mark)[0]
    assert set(later) == {invitations[5]["id"]}
    assert later[invitations[5]["id"]]["invitation"]["status"] == "cancelled"
    assert walk(alpha, "invitations", start)[0].keys() >= {invitations[0]["id"], *added}


def test_watermarks_and_cursors_are_the_portals_own(two: tuple[Api, Api]) -> None:
    alpha, beta = two
    for _ in range(2):
        provider = alpha.linked_provider()
        alpha.invite(provider["id"])
    _, alpha_mark, _ = walk(alpha, "invitations")
    cursor = alpha.get("/county/invitations", params={"limit": 1}).json()["next"]
    body = assert_problem(alpha.get("/county/links", params={"updated_since": cursor}), 422)
    assert body["errors"][0]["field"] == "query.updated_since"
    assert_problem(alpha.get("/county/links", params={"next": alpha_mark}), 422)
    assert_problem(alpha.get("/county/links", params={"updated_since": "2026-12-01T00:00:00Z"}), 422)
    # Beta has made no change: Alpha's watermark is not one Beta's counter ever issued.
    body = assert_problem(beta.get("/county/invitations", params={"updated_since": alpha_mark}), 422)
    assert "sync again from the start" in body["errors"][0]["message"]
    assert_problem(alpha.get("/county/links", params={"limit": 1001}), 422)


def test_an_unknown_key_reads_no_feed(fresh_sandbox: SandboxProcess) -> None:
    for feed in FEEDS:
        assert_problem(Api(fresh_sandbox, "not-a-key").get(f"/county/{feed}"), 401)


def test_the_contract_lists_the_three_feeds_with_their_parameters() -> None:
    import json

    paths = json.loads(CONTRACT_PATH.read_text(encoding="utf-8"))["paths"]
    for feed in FEEDS:
        operation = paths[f"/api/v1/county/{feed}"]["get"]
        assert {p["name"] for p in operation["parameters"]} == {"updated_since", "next", "limit"}
        assert operation["description"].startswith("Access:")
