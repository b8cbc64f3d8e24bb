"""Another county's API key against a provider only Alpha County linked (issue 13, item 5).

Each test is an attack that worked before the sandbox enforced the contract's Access rules: with Beta
County's key, list Alpha's invitations (names, e-mail addresses, who invited), list the provider's admin
users, cancel or resend Alpha's invitation, invite Beta's own address (which, once accepted, made it an
active admin of Alpha's provider), and probe Alpha's invitations through the duplicate check. Now every
one is a 404 problem that names nothing of Alpha's, and nothing changes on the portal.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import requests

from countyadmin.sandbox.process import SandboxProcess
from tests.integration.sandbox.helpers import Api, tool

ALPHA_KEY, BETA_KEY = "test-key-a", "test-key-b"


@pytest.fixture
def victim(sandbox: SandboxProcess) -> dict[str, Any]:
    """Alpha's provider with an admin user and a pending invitation; Beta has not linked it."""
    alpha = Api(sandbox, ALPHA_KEY)
    provider = alpha.linked_provider()
    first = alpha.invite(provider["id"], email=f"admin.{uuid.uuid4().hex[:8]}@alpha.example").json()
    username = f"alpha{uuid.uuid4().hex[:8]}"
    user = tool(sandbox, "POST", f"/invitations/{first['id']}/accept", json={"username": username}).json()
    pending = alpha.invite(
        provider["id"], first_name="Confidential", last_name="Person", invited_by="alpha.clerk@alpha.example",
        email=f"pending.{uuid.uuid4().hex[:8]}@alpha.example",
    ).json()  # fmt: skip
    return {"alpha": alpha, "provider": provider, "user": user, "pending": pending}


def _refused(response: requests.Response, victim: dict[str, Any]) -> None:
    assert response.status_code == 404, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    text = json.dumps(response.json())
    for secret in (victim["pending"]["email"], "Confidential", "alpha.clerk", victim["user"]["email"]):
        assert secret not in text


def _alpha_unchanged(victim: dict[str, Any], sandbox: SandboxProcess) -> None:
    alpha, provider_id, pending = victim["alpha"], victim["provider"]["id"], victim["pending"]
    listed = alpha.get(f"/providers/{provider_id}/invitations").json()["items"]
    assert [(item["id"], item["status"]) for item in listed][1:] == [(pending["id"], "pending")]
    assert alpha.get(f"/providers/{provider_id}/admin-users").json()["items"] == [victim["user"]]
    mail = tool(sandbox, "GET", "/outbox", params={"invitation_id": pending["id"]}).json()["items"]
    assert len(mail) == 1


@pytest.mark.parametrize("listing", ["invitations", "admin-users"])
def test_other_county_lists_the_providers(
    sandbox: SandboxProcess, victim: dict[str, Any], figures: Any, listing: str
) -> None:
    beta = Api(sandbox, BETA_KEY)
    _refused(beta.get(f"/providers/{victim['provider']['id']}/{listing}"), victim)
    figures["cases"] = 1


def test_other_county_cancels_and_resends_an_invitation(
    sandbox: SandboxProcess, victim: dict[str, Any], figures: Any
) -> None:
    beta = Api(sandbox, BETA_KEY)
    pending_id = victim["pending"]["id"]
    _refused(beta.delete(f"/invitations/{pending_id}"), victim)
    _refused(beta.post(f"/invitations/{pending_id}/resend"), victim)
    _alpha_unchanged(victim, sandbox)
    figures["cases"] = 2


def test_other_county_invites_itself_as_admin(
    sandbox: SandboxProcess, victim: dict[str, Any], figures: Any
) -> None:
    beta = Api(sandbox, BETA_KEY)
    own_address = f"intruder.{uuid.uuid4().hex[:8]}@beta.example"
    _refused(beta.invite(victim["provider"]["id"], email=own_address), victim)
    assert tool(sandbox, "GET", "/outbox", params={"to": own_address}).json()["items"] == []
    _alpha_unchanged(victim, sandbox)
    figures["cases"] = 1


def test_other_county_probes_invitations_through_the_duplicate_check(
    sandbox: SandboxProcess, victim: dict[str, Any], figures: Any
) -> None:
    # Even with a link of its own, Beta learns nothing of Alpha's pending invitation from its own invite.
    beta = Api(sandbox, BETA_KEY)
    provider_id = victim["provider"]["id"]
    linked = beta.put(f"/providers/{provider_id}/county-link", json={"county_provider_ref": "beta-probe"})
    assert linked.status_code == 201
    guessed = victim["pending"]["email"].upper()
    answer = beta.invite(provider_id, email=guessed)
    assert answer.status_code == 201, answer.text
    assert victim["pending"]["id"] not in answer.text
    assert beta.delete(f"/invitations/{answer.json()['id']}").status_code == 200
    _alpha_unchanged(victim, sandbox)
    figures["cases"] = 1
