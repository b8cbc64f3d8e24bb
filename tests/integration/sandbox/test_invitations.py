"""Invitations: Idempotency-Key, replay without a second email, 409s, expiry, resend, cancel, accept."""

from __future__ import annotations

import json
import uuid

from countyadmin.sandbox.export_openapi import CONTRACT_PATH
from countyadmin.sandbox.process import SandboxProcess
from tests.integration.sandbox.helpers import Api, assert_problem, tool, unique_npi


def outbox_for(process: SandboxProcess, invitation_id: str) -> list[dict[str, str]]:
    response = tool(process, "GET", "/outbox", params={"invitation_id": invitation_id})
    assert response.status_code == 200
    items: list[dict[str, str]] = response.json()["items"]
    return items


def test_missing_idempotency_key_is_400(api: Api) -> None:
    provider = api.linked_provider()
    body = {"first_name": "A", "last_name": "B", "email": "a@example.org", "invited_by": "clerk"}
    assert_problem(api.post(f"/providers/{provider['id']}/invitations", json=body), 400)


def test_create_sends_one_email_and_replay_sends_none(api: Api, sandbox: SandboxProcess) -> None:
    provider = api.linked_provider()
    key = str(uuid.uuid4())
    first = api.invite(
        provider["id"], key, email="pat@example.org", profession="SLP", also_service_provider=True
    )
    assert first.status_code == 201, first.text
    invitation = first.json()
    assert invitation["status"] == "pending" and invitation["role"] == "admin"
    assert "Idempotent-Replayed" not in first.headers
    replay = api.invite(
        provider["id"], key, email="pat@example.org", profession="SLP", also_service_provider=True
    )
    assert replay.status_code == 201
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == invitation
    emails = outbox_for(sandbox, invitation["id"])
    assert len(emails) == 1
    assert emails[0]["to"] == "pat@example.org"
    assert emails[0]["accept_url"].startswith(sandbox.url) and emails[0]["accept_url"] in emails[0]["body"]
    listed = api.get(f"/providers/{provider['id']}/invitations").json()["items"]
    assert [item["id"] for item in listed] == [invitation["id"]]


def test_same_key_different_body_is_422(api: Api) -> None:
    provider = api.linked_provider()
    key = str(uuid.uuid4())
    assert api.invite(provider["id"], key, email="one@example.org").status_code == 201
    body = assert_problem(api.invite(provider["id"], key, email="two@example.org"), 422)
    assert body["errors"][0]["field"] == "header.Idempotency-Key"


def test_pending_duplicate_is_409_with_pending_invitation_id(api: Api) -> None:
    provider = api.linked_provider()
    first = api.invite(provider["id"], email="dup@example.org").json()
    body = assert_problem(api.invite(provider["id"], email="DUP@example.org"), 409)
    assert body["pending_invitation_id"] == first["id"]


def test_invalid_profession_and_npi_are_422(api: Api) -> None:
    provider = api.linked_provider()
    npi = unique_npi()
    bad_npi = npi[:9] + str((int(npi[9]) + 1) % 10)
    body = assert_problem(api.invite(provider["id"], profession="WIZARD", npi=bad_npi, email="nope"), 422)
    assert {error["field"] for error in body["errors"]} == {"profession", "npi", "email"}
    assert_problem(api.invite("CP-999999"), 404)


def test_cancel_keeps_the_record_and_resend_refuses(api: Api) -> None:
    provider = api.linked_provider()
    invitation = api.invite(provider["id"]).json()
    cancelled = api.delete(f"/invitations/{invitation['id']}")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    listed = api.get(f"/providers/{provider['id']}/invitations").json()["items"]
    assert [item["status"] for item in listed] == ["cancelled"]
    assert_problem(api.post(f"/invitations/{invitation['id']}/resend"), 409)
    assert_problem(api.post("/invitations/INV-999999/resend"), 404)


def test_accept_creates_the_admin_user_and_taken_username_is_409(api: Api, sandbox: SandboxProcess) -> None:
    provider = api.linked_provider()
    npi = unique_npi()
    fields = {"also_service_provider": True, "npi": npi, "profession": "OT", "license": "012345"}
    invitation = api.invite(provider["id"], first_name="Rosa", last_name="Lee", **fields).json()
    username = f"rlee{uuid.uuid4().hex[:6]}"
    accepted = tool(sandbox, "POST", f"/invitations/{invitation['id']}/accept", json={"username": username})
    assert accepted.status_code == 200, accepted.text
    users = api.get(f"/providers/{provider['id']}/admin-users").json()["items"]
    assert users == [accepted.json()]
    assert users[0] | {"user_id": None} == {
        "user_id": None, "username": username, "first_name": "Rosa", "last_name": "Lee",
        "email": invitation["email"], "status": "active", "also_service_provider": True, "npi": npi,
        "profession": "OT", "license": "012345",
    }  # fmt: skip
    assert api.get(f"/providers/{provider['id']}/invitations").json()["items"][0]["status"] == "accepted"
    assert_problem(api.post(f"/invitations/{invitation['id']}/resend"), 409)
    assert_problem(api.delete(f"/invitations/{invitation['id']}"), 409)
    again = tool(
        sandbox, "POST", f"/invitations/{invitation['id']}/accept", json={"username": "someone-else"}
    )
    assert_problem(again, 409)  # not pending any more
    other = api.invite(provider["id"]).json()
    taken = tool(sandbox, "POST", f"/invitations/{other['id']}/accept", json={"username": username.upper()})
    assert "taken" in assert_problem(taken, 409)["detail"]


def test_expiry_is_computed_and_resend_renews(fresh_sandbox: SandboxProcess) -> None:
    clock = fresh_sandbox  # it moves the sandbox's clock: not on the shared one
    api = Api(clock, "test-key-a")
    provider = api.linked_provider()
    invitation = api.invite(provider["id"], email="late@example.org").json()
    assert tool(clock, "PUT", "/clock", json={"offset_seconds": 15 * 86400}).status_code == 200
    listed = api.get(f"/providers/{provider['id']}/invitations").json()["items"]
    assert listed[0]["status"] == "expired"
    expired_accept = tool(
        clock, "POST", f"/invitations/{invitation['id']}/accept", json={"username": "late1"}
    )
    assert_problem(expired_accept, 409)
    # An expired invitation no longer blocks a new one for the same email.
    assert api.invite(provider["id"], email="late@example.org").status_code == 201
    resent = api.post(f"/invitations/{invitation['id']}/resend")
    assert resent.status_code == 200
    assert resent.json()["status"] == "pending" and resent.json()["expires_at"] > invitation["expires_at"]
    assert len(outbox_for(clock, invitation["id"])) == 2


def test_pending_duplicate_is_caught_in_any_script_and_composition(api: Api) -> None:
    provider = api.linked_provider()
    first = api.invite(provider["id"], email="Ñina.Åsa@example.org").json()
    for twin in ("ñina.åsa@example.org", "ÑINA.ÅSA@EXAMPLE.ORG", "N\u0303ina.A\u030asa@example.org"):
        body = assert_problem(api.invite(provider["id"], email=twin), 409)
        assert body["pending_invitation_id"] == first["id"], twin
    assert api.invite(provider["id"], email="nina.asa@example.org").status_code == 201  # another address


def test_an_active_admin_users_address_is_409_naming_the_user(api: Api, sandbox: SandboxProcess) -> None:
    provider = api.linked_provider()
    invitation = api.invite(provider["id"], first_name="Ñina", last_name="Ortiz", email="Ñina@Example.org")
    username = f"nina{uuid.uuid4().hex[:6]}"
    accepted = tool(
        sandbox, "POST", f"/invitations/{invitation.json()['id']}/accept", json={"username": username}
    )
    user = accepted.json()
    again = api.invite(provider["id"], first_name="Nina", last_name="O.", email="ñina@example.ORG")
    body = assert_problem(again, 409)
    assert body | {"type": None, "title": None} == {
        "type": None, "title": None, "status": 409,
        "detail": f"ñina@example.ORG is already an administrator of {provider['id']} (Ñina Ortiz).",
        "existing_user_id": user["user_id"], "existing_user_email": "Ñina@Example.org",
        "existing_user_name": "Ñina Ortiz",
    }  # fmt: skip
    users = api.get(f"/providers/{provider['id']}/admin-users").json()["items"]
    assert [u["user_id"] for u in users] == [body["existing_user_id"]]  # the id as the API shows it elsewhere
    assert len(api.get(f"/providers/{provider['id']}/invitations").json()["items"]) == 1  # nothing sent
    # The same address is free for another provider, where the person is no admin.
    assert api.invite(api.linked_provider()["id"], email="ñina@example.org").status_code == 201


def test_the_contract_documents_both_409s_of_invitation_create() -> None:
    contract = json.loads(CONTRACT_PATH.read_text(encoding="utf-8"))
    response = contract["paths"]["/api/v1/providers/{provider_id}/invitations"]["post"]["responses"]["409"]
    ref = response["content"]["application/problem+json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    schemas = contract["components"]["schemas"]
    assert [one["$ref"].rsplit("/", 1)[-1] for one in schemas[ref]["oneOf"]] == [
        "InvitationConflictProblem",
        "AdminUserConflictProblem",
    ]
    assert {"existing_user_id", "existing_user_email", "existing_user_name"} <= set(
        schemas["AdminUserConflictProblem"]["required"]
    )
