"""Two counties on one CPSE Portal: every /api/v1 operation with both keys, against its Access rule.

Alpha (``api``) links a provider and invites; Beta (``api_b``) tries the same provider. What Beta may do
is what the contract says: read and search every provider, add providers, keep its own link; act on a
provider's admin users and invitations only once it has linked it, and then only on the invitations it
sent. Every refusal is a 404, worded as for something that does not exist.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from countyadmin.sandbox.export_openapi import CONTRACT_PATH
from countyadmin.sandbox.process import SandboxProcess
from tests.integration.sandbox.helpers import Api, assert_problem, next_seq, tool


def _outbox(process: SandboxProcess, invitation_id: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = tool(
        process, "GET", "/outbox", params={"invitation_id": invitation_id}
    ).json()["items"]
    return items


def _link(api: Api, provider_id: str) -> None:
    response = api.put(
        f"/providers/{provider_id}/county-link", json={"county_provider_ref": f"b-{next_seq()}"}
    )
    assert response.status_code == 201, response.text


def _accept(process: SandboxProcess, invitation_id: str) -> dict[str, Any]:
    username = f"u{uuid.uuid4().hex[:10]}"
    response = tool(process, "POST", f"/invitations/{invitation_id}/accept", json={"username": username})
    assert response.status_code == 200, response.text
    user: dict[str, Any] = response.json()
    return user


@pytest.fixture
def alphas(api: Api, sandbox: SandboxProcess) -> dict[str, Any]:
    """A provider only Alpha linked, with an admin user (accepted) and a pending invitation, both Alpha's."""
    provider = api.linked_provider()
    accepted = api.invite(provider["id"], email=f"admin.{uuid.uuid4().hex[:6]}@example.org").json()
    user = _accept(sandbox, accepted["id"])
    pending = api.invite(provider["id"], first_name="Secret", email=f"p.{uuid.uuid4().hex[:6]}@example.org")
    assert pending.status_code == 201, pending.text
    return {"provider": provider, "user": user, "pending": pending.json()}


def test_each_key_names_its_own_county(api: Api, api_b: Api) -> None:
    assert api.get("/county").json()["county_id"] != api_b.get("/county").json()["county_id"]


def test_providers_are_public_to_every_county(api: Api, api_b: Api, alphas: dict[str, Any]) -> None:
    provider = alphas["provider"]
    assert api_b.get(f"/providers/{provider['id']}").json() == provider
    hits = api_b.get("/providers", params={"npi": provider["npi"]}).json()["items"]
    assert [hit["id"] for hit in hits] == [provider["id"]]
    created = api_b.create_provider()  # adding is open too, and does not link
    assert_problem(api_b.get(f"/providers/{created['id']}/county-link"), 404)
    assert_problem(api_b.get(f"/providers/{created['id']}/admin-users"), 404)


def test_links_are_per_county(api: Api, api_b: Api, alphas: dict[str, Any]) -> None:
    provider_id = alphas["provider"]["id"]
    alpha_link = api.get(f"/providers/{provider_id}/county-link").json()
    assert_problem(api_b.get(f"/providers/{provider_id}/county-link"), 404)
    assert_problem(api_b.delete(f"/providers/{provider_id}/county-link"), 404)
    assert api.get(f"/providers/{provider_id}/county-link").json() == alpha_link  # Beta removed nothing
    beta_link = api_b.put(f"/providers/{provider_id}/county-link", json={"county_provider_ref": "beta-7"})
    assert beta_link.status_code == 201
    assert api.get(f"/providers/{provider_id}/county-link").json() == alpha_link
    assert api_b.delete(f"/providers/{provider_id}/county-link").status_code == 204
    assert api.get(f"/providers/{provider_id}/county-link").json() == alpha_link


def test_an_unlinked_county_gets_404_for_admin_users_and_invitations(
    api: Api, api_b: Api, alphas: dict[str, Any], sandbox: SandboxProcess
) -> None:
    provider_id = alphas["provider"]["id"]
    pending = alphas["pending"]
    for response in (
        api_b.get(f"/providers/{provider_id}/admin-users"),
        api_b.get(f"/providers/{provider_id}/invitations"),
        api_b.invite(provider_id, email="beta.self@example.org"),
        api_b.post(f"/invitations/{pending['id']}/resend"),
        api_b.delete(f"/invitations/{pending['id']}"),
    ):
        body = assert_problem(response, 404)
        text = json.dumps(body)
        assert pending["email"] not in text and "Secret" not in text and alphas["user"]["email"] not in text
    # Nothing happened: Alpha's invitation is still pending, with its one e-mail, and Beta invited nobody.
    listed = api.get(f"/providers/{provider_id}/invitations").json()["items"]
    assert [(item["id"], item["status"]) for item in listed][-1] == (pending["id"], "pending")
    assert len(listed) == 2
    assert len(_outbox(sandbox, pending["id"])) == 1
    beta_mail = tool(sandbox, "GET", "/outbox", params={"to": "beta.self@example.org"}).json()["items"]
    assert beta_mail == []


def test_another_countys_invitation_reads_like_one_that_does_not_exist(
    api_b: Api, alphas: dict[str, Any]
) -> None:
    _link(api_b, alphas["provider"]["id"])  # even once Beta has linked the provider
    pending_id = alphas["pending"]["id"]
    missing = assert_problem(api_b.post("/invitations/INV-999999/resend"), 404)
    theirs = assert_problem(api_b.post(f"/invitations/{pending_id}/resend"), 404)
    assert theirs["detail"] == missing["detail"].replace("INV-999999", pending_id)
    assert_problem(api_b.delete(f"/invitations/{pending_id}"), 404)


def test_a_linked_county_reads_every_admin_user_but_only_its_own_invitations(
    api: Api, api_b: Api, alphas: dict[str, Any], sandbox: SandboxProcess
) -> None:
    provider_id = alphas["provider"]["id"]
    _link(api_b, provider_id)
    users = api_b.get(f"/providers/{provider_id}/admin-users").json()["items"]
    assert users == [alphas["user"]]  # invited by Alpha, administers the provider for both counties
    assert api_b.get(f"/providers/{provider_id}/invitations").json() == {"items": [], "next": None}
    # Beta's own invitation for the address Alpha has pending: its own, no word of Alpha's.
    own = api_b.invite(provider_id, email=alphas["pending"]["email"].upper())
    assert own.status_code == 201, own.text
    assert alphas["pending"]["id"] not in own.text
    assert [i["id"] for i in api_b.get(f"/providers/{provider_id}/invitations").json()["items"]] == [
        own.json()["id"]
    ]
    alpha_ids = [i["id"] for i in api.get(f"/providers/{provider_id}/invitations").json()["items"]]
    assert own.json()["id"] not in alpha_ids
    assert api_b.post(f"/invitations/{own.json()['id']}/resend").status_code == 200
    assert_problem(api.delete(f"/invitations/{own.json()['id']}"), 404)  # Alpha cannot cancel Beta's
    # The person accepts Alpha's invitation; Beta's can no longer make a second admin user of them.
    _accept(sandbox, alphas["pending"]["id"])
    twin = tool(sandbox, "POST", f"/invitations/{own.json()['id']}/accept", json={"username": "twin-user"})
    assert "already an administrator" in assert_problem(twin, 409)["detail"]
    assert api_b.delete(f"/invitations/{own.json()['id']}").json()["status"] == "cancelled"


def test_unlinking_ends_access_and_linking_again_restores_it(api: Api, alphas: dict[str, Any]) -> None:
    provider_id = alphas["provider"]["id"]
    pending_id = alphas["pending"]["id"]
    ref = api.get(f"/providers/{provider_id}/county-link").json()["county_provider_ref"]
    assert api.delete(f"/providers/{provider_id}/county-link").status_code == 204
    assert_problem(api.get(f"/providers/{provider_id}/admin-users"), 404)
    assert_problem(api.get(f"/providers/{provider_id}/invitations"), 404)
    assert "no longer links" in assert_problem(api.post(f"/invitations/{pending_id}/resend"), 404)["detail"]
    assert_problem(api.delete(f"/invitations/{pending_id}"), 404)
    assert (
        api.put(f"/providers/{provider_id}/county-link", json={"county_provider_ref": ref}).status_code == 201
    )
    assert api.delete(f"/invitations/{pending_id}").json()["status"] == "cancelled"


def test_idempotency_keys_are_per_county(api: Api, api_b: Api) -> None:
    provider = api.linked_provider()
    _link(api_b, provider["id"])
    key = str(uuid.uuid4())
    alpha = api.invite(provider["id"], key, email="same.key@example.org")
    beta = api_b.invite(provider["id"], key, email="same.key@example.org")
    assert alpha.status_code == beta.status_code == 201
    assert "Idempotent-Replayed" not in beta.headers
    assert beta.json()["id"] != alpha.json()["id"]


def test_the_contract_states_each_operations_access_rule() -> None:
    contract = json.loads(CONTRACT_PATH.read_text(encoding="utf-8"))
    for path, operations in contract["paths"].items():
        for method, operation in operations.items():
            assert "Access:" in operation.get("description", ""), f"{method.upper()} {path}"
    scoped = [
        ("/api/v1/providers/{provider_id}/admin-users", "get"),
        ("/api/v1/providers/{provider_id}/invitations", "get"),
        ("/api/v1/providers/{provider_id}/invitations", "post"),
        ("/api/v1/invitations/{invitation_id}/resend", "post"),
        ("/api/v1/invitations/{invitation_id}", "delete"),
    ]
    for path, method in scoped:
        assert "404" in contract["paths"][path][method]["responses"], f"{method.upper()} {path}"
