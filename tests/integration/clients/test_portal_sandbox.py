"""PortalClient against the real CPSE Portal sandbox over HTTP on 127.0.0.1: every status of the contract."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
import requests

from countyadmin.portal.client import PortalClient
from countyadmin.portal.errors import Conflict, NotFound, Unauthorized, ValidationFailed
from countyadmin.portal.models import InvitationRequest, NewPortalProvider, PortalProvider
from countyadmin.sandbox.process import SandboxProcess
from tests.integration.clients.conftest import RecordingSleep
from tests.integration.sandbox.helpers import unique_npi, unique_sed


@pytest.fixture
def portal(sandbox: SandboxProcess, sandbox_api_key: str, sleeps: RecordingSleep) -> PortalClient:
    return PortalClient(sandbox.url, sandbox_api_key, sleep=sleeps)


def new_provider(client: PortalClient, name: str | None = None, **fields: Any) -> PortalProvider:
    fields.setdefault("npi", unique_npi("2"))
    fields.setdefault("sed_code", unique_sed())
    body = NewPortalProvider("agency", name or f"Sunny {uuid.uuid4().hex[:8]} Kids, L.L.C.", **fields)
    return client.create_provider(body)


def invitation_for(email: str | None = None) -> InvitationRequest:
    return InvitationRequest(
        "Ana", "Reyes", email or f"ana.{uuid.uuid4().hex[:8]}@example.org", "clerk@alpha.gov"
    )


def outbox(sandbox: SandboxProcess, invitation_id: str) -> list[dict[str, Any]]:
    answer = requests.get(
        f"{sandbox.url}/sandbox/outbox", params={"invitation_id": invitation_id}, timeout=10
    )
    answer.raise_for_status()
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def test_each_key_names_its_county(sandbox: SandboxProcess, sleeps: RecordingSleep) -> None:
    for key, county in {"test-key-a": "Alpha County", "test-key-b": "Beta County"}.items():
        with PortalClient(sandbox.url, key, sleep=sleeps) as client:
            assert client.county().name == county


def test_a_wrong_key_is_401_with_the_settings_sentence(
    sandbox: SandboxProcess, sleeps: RecordingSleep
) -> None:
    with (
        PortalClient(sandbox.url, "not-a-key", sleep=sleeps) as client,
        pytest.raises(Unauthorized) as caught,
    ):
        client.county()
    assert caught.value.status == 401
    assert str(caught.value) == "CPSE Portal did not accept the API key. Check it in Settings → CPSE Portal."
    assert "not-a-key" not in str(caught.value) and sleeps.calls == []


def test_create_then_get_a_provider(portal: PortalClient) -> None:
    created = new_provider(portal, zip="12207", state="NY", email="office@sunny.example.org")
    assert created.id and created.created_at.tzinfo is not None and created.status == "active"
    assert portal.get_provider(created.id) == created


def test_an_unknown_provider_is_404(portal: PortalClient) -> None:
    with pytest.raises(NotFound, match="CPSE Portal has no provider CP-999999"):
        portal.get_provider("CP-999999")


def test_an_npi_already_on_the_portal_is_409_with_the_existing_id(portal: PortalClient) -> None:
    first = new_provider(portal)
    with pytest.raises(Conflict) as caught:
        new_provider(portal, npi=first.npi)
    assert caught.value.existing_id == first.id and caught.value.problem["status"] == 409
    assert f"({first.id})" in str(caught.value) and "Link the county record" in str(caught.value)


def test_invalid_fields_are_422_with_field_errors(portal: PortalClient) -> None:
    with pytest.raises(ValidationFailed) as caught:
        new_provider(portal, npi="1234567890", sed_code="123")
    fields = {error.field for error in caught.value.field_errors}
    assert caught.value.status == 422 and {"npi", "sed_code"} <= {f.rsplit(".", 1)[-1] for f in fields}
    assert str(caught.value).startswith("CPSE Portal did not accept these details: ")


def test_search_pages_follow_the_cursor_to_the_end(portal: PortalClient) -> None:
    token = uuid.uuid4().hex[:10]
    made = {new_provider(portal, name=f"Paging {token} Center {i}").id for i in range(5)}
    first = portal.search_providers_page(name=f"Paging {token}", limit=2)
    assert len(first.items) == 2 and first.next_cursor is not None
    seen = [m.provider.id for m in first.items]
    cursor = first.next_cursor
    while cursor is not None:
        page = portal.search_providers_page(name=f"Paging {token}", limit=2, cursor=cursor)
        seen += [m.provider.id for m in page.items]
        cursor = page.next_cursor
    assert sorted(seen) == sorted(made)
    every = portal.search_providers(name=f"paging {token}")
    assert {m.provider.id for m in every} == made and all(m.matched_on == ("name",) for m in every)


def test_search_by_npi_or_sed_code_says_what_matched(portal: PortalClient) -> None:
    provider = new_provider(portal)
    assert provider.npi and provider.sed_code
    (by_npi,) = portal.search_providers(npi=provider.npi)
    assert by_npi.provider == provider and by_npi.matched_on == ("npi",)
    (both,) = portal.search_providers(npi=provider.npi, sed_code=provider.sed_code)
    assert both.matched_on == ("npi", "sed_code")
    with pytest.raises(ValueError):
        portal.search_providers(zip="12207")


def test_county_link_lifecycle(portal: PortalClient, sandbox: SandboxProcess, sleeps: RecordingSleep) -> None:
    provider = new_provider(portal)
    assert portal.get_county_link(provider.id) is None
    link = portal.link_county(provider.id, "ALPHA-17")
    assert (link.provider_id, link.county_provider_ref) == (provider.id, "ALPHA-17")
    assert link.linked_at.tzinfo is not None
    assert portal.link_county(provider.id, "ALPHA-17") == link  # the same again: 200, unchanged
    with pytest.raises(Conflict) as caught:
        portal.link_county(provider.id, "ALPHA-99")
    assert caught.value.existing_id == "ALPHA-17" and "(ALPHA-17)" in str(caught.value)
    with PortalClient(sandbox.url, "test-key-b", sleep=sleeps) as beta:  # links are per county
        assert beta.get_county_link(provider.id) is None
        assert beta.link_county(provider.id, "BETA-1").county_provider_ref == "BETA-1"
    assert portal.get_county_link(provider.id) == link
    portal.unlink_county(provider.id)
    assert portal.get_county_link(provider.id) is None
    with pytest.raises(NotFound, match="no link"):
        portal.unlink_county(provider.id)
    with pytest.raises(NotFound):
        portal.link_county("CP-999999", "ALPHA-1")


def test_invitation_replay_conflict_resend_cancel(portal: PortalClient, sandbox: SandboxProcess) -> None:
    provider = new_provider(portal)
    portal.link_county(provider.id, "ALPHA-" + uuid.uuid4().hex[:6])  # only a linking county invites
    request = invitation_for()
    first = portal.create_invitation(provider.id, request, idempotency_key="k-" + uuid.uuid4().hex)
    key = "k-" + uuid.uuid4().hex
    invitation = portal.create_invitation(provider.id, invitation_for(), idempotency_key=key)
    assert not invitation.replayed and invitation.status == "pending"
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    again = portal.create_invitation(provider.id, invitation_for(invitation.email), idempotency_key=key)
    assert again.replayed and again == invitation
    assert len(outbox(sandbox, invitation.id)) == 1  # the replay sent no second email
    with pytest.raises(ValidationFailed):  # the same key with a different body
        portal.create_invitation(provider.id, invitation_for(), idempotency_key=key)
    with pytest.raises(Conflict) as caught:  # a pending invitation for that email already
        portal.create_invitation(provider.id, request, idempotency_key="k-" + uuid.uuid4().hex)
    assert caught.value.existing_id == first.id
    assert {i.id for i in portal.list_invitations(provider.id)} == {first.id, invitation.id}

    resent = portal.resend_invitation(invitation.id)
    assert resent.id == invitation.id and resent.expires_at >= invitation.expires_at
    assert len(outbox(sandbox, invitation.id)) == 2
    cancelled = portal.cancel_invitation(invitation.id)
    assert cancelled.status == "cancelled"
    with pytest.raises(Conflict, match="cannot be resent"):
        portal.resend_invitation(invitation.id)
    with pytest.raises(NotFound):
        portal.cancel_invitation("INV-999999")


def test_an_accepted_invitation_makes_an_admin_user(portal: PortalClient, sandbox: SandboxProcess) -> None:
    provider = new_provider(portal)
    portal.link_county(provider.id, "ALPHA-" + uuid.uuid4().hex[:6])  # only a linking county invites
    assert portal.list_admin_users(provider.id) == []
    invitation = portal.create_invitation(provider.id, invitation_for(), idempotency_key=uuid.uuid4().hex)
    username = "ana" + uuid.uuid4().hex[:8]
    accepted = requests.post(
        f"{sandbox.url}/sandbox/invitations/{invitation.id}/accept", json={"username": username}, timeout=10
    )
    assert accepted.status_code == 200
    (user,) = portal.list_admin_users(provider.id)
    assert (user.username, user.email, user.status) == (username, invitation.email, "active")
    with pytest.raises(Conflict, match="cannot be cancelled"):
        portal.cancel_invitation(invitation.id)
    (listed,) = portal.list_invitations(provider.id)
    assert listed.status == "accepted"
