"""Look-alike addresses and identifiers against the sandbox (issue 13 items 5 and 8, issue 14 item 5).

An outside attacker's second pass over the sandbox's duplicate and already-admin checks: an address that
a person reads as the admin user's own (another Unicode spelling of it, an invisible character in it, a
fullwidth letter, a trailing dot or a punycode form of its domain, a quoted local part) must meet the
same 409 as the address itself; text that reorders what a reader sees (bidi controls) is refused like any
other control character; an identifier is matched exactly as the portal writes it ('CP-1' is not
'CP-000001'); and another county's Idempotency-Key never replays Alpha's answer.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from countyadmin.sandbox.process import SandboxProcess
from tests.integration.sandbox.helpers import Api, assert_problem, tool

ALPHA_KEY, BETA_KEY = "test-key-a", "test-key-b"


def _admin(sandbox: SandboxProcess, alpha: Api, email: str) -> dict[str, Any]:
    """A provider Alpha linked whose active admin user has ``email``."""
    provider = alpha.linked_provider()
    invited = alpha.invite(provider["id"], email=email)
    assert invited.status_code == 201, invited.text
    username = f"u{uuid.uuid4().hex[:10]}"
    path = f"/invitations/{invited.json()['id']}/accept"
    accepted = tool(sandbox, "POST", path, json={"username": username})
    assert accepted.status_code == 200, accepted.text
    return provider


# (the admin user's address, a look-alike a clerk would read as the same address)
LOOKALIKES = {
    # U+1E69 vs U+1E9B U+0323: both are "ṩ" once folded, but NFC-then-casefold leaves them apart.
    "casefold-not-normalized": ("\u1e69{tag}@example.org", "\u1e9b\u0323{tag}@example.org"),
    "fullwidth": ("ana{tag}@example.org", "\uff41\uff4e\uff41{tag}@example.org"),
    "ligature": ("fina{tag}@example.org", "\ufb01na{tag}@example.org"),
    "trailing-dot-domain": ("ana{tag}@example.org", "ana{tag}@example.org."),
    "idn-punycode": ("ana{tag}@b\u00fccher.example", "ana{tag}@xn--bcher-kva.example"),
    "quoted-local-part": ("ana{tag}@example.org", '"ana{tag}"@example.org'),
}


@pytest.mark.parametrize("case", sorted(LOOKALIKES))
def test_lookalike_of_an_admin_address_is_refused(sandbox: SandboxProcess, figures: Any, case: str) -> None:
    tag = uuid.uuid4().hex[:8]
    original, lookalike = (text.format(tag=tag) for text in LOOKALIKES[case])
    alpha = Api(sandbox, ALPHA_KEY)
    provider = _admin(sandbox, alpha, original)
    problem = assert_problem(alpha.invite(provider["id"], email=lookalike), 409)
    assert problem["existing_user_email"] == original
    figures["cases"] = 1


@pytest.mark.parametrize("invisible", ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e"])
def test_invisible_character_in_an_address_is_refused(
    sandbox: SandboxProcess, figures: Any, invisible: str
) -> None:
    # "an\u200ba@..." shows as the admin's own address; it would slip past the already-admin check.
    tag = uuid.uuid4().hex[:8]
    alpha = Api(sandbox, ALPHA_KEY)
    provider = alpha.linked_provider()
    problem = assert_problem(alpha.invite(provider["id"], email=f"an{invisible}a{tag}@example.org"), 422)
    assert [error["field"] for error in problem["errors"]] == ["email"]
    figures["cases"] = 1


@pytest.mark.parametrize("bidi", [*"\u202a\u202b\u202d\u202e\u2066\u2067\u2068\u2069"])
def test_bidi_control_in_a_name_is_refused(sandbox: SandboxProcess, figures: Any, bidi: str) -> None:
    # A right-to-left override in a provider name reorders the invitation e-mail's subject as read.
    alpha = Api(sandbox, ALPHA_KEY)
    body = {"provider_type": "agency", "name": f"Sunny {bidi}fdp.exe Therapy"}
    problem = assert_problem(alpha.post("/providers", json=body), 422)
    assert [error["field"] for error in problem["errors"]] == ["name"]
    figures["cases"] = 1


def test_direction_marks_in_a_name_are_kept(sandbox: SandboxProcess, figures: Any) -> None:
    # An Arabic name beside a Latin word needs its right-to-left and left-to-right marks; they reorder
    # nothing beyond themselves, unlike an override.
    alpha = Api(sandbox, ALPHA_KEY)
    arabic = "\u0645\u0631\u0643\u0632 \u200f\u0627\u0644\u0623\u0637\u0641\u0627\u0644\u200e Care \u061c"
    created = alpha.create_provider(name=f"{arabic} {uuid.uuid4().hex[:6]}")
    assert created["name"].startswith(arabic)
    figures["cases"] = 1


def test_joiners_in_a_name_are_kept(sandbox: SandboxProcess, figures: Any) -> None:
    # Persian names need the zero-width non-joiner; refusing bidi controls must not refuse it.
    alpha = Api(sandbox, ALPHA_KEY)
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    created = alpha.create_provider(name=f"{persian} {uuid.uuid4().hex[:6]}")
    assert "\u200c" in created["name"]
    figures["cases"] = 1


@pytest.mark.parametrize("spelling", ["CP-{n}", "CP-0{full}", "CP-{full}0"])
def test_identifier_is_matched_exactly(sandbox: SandboxProcess, figures: Any, spelling: str) -> None:
    alpha = Api(sandbox, ALPHA_KEY)
    provider = alpha.create_provider()
    number = int(provider["id"].split("-")[1])
    other = spelling.format(n=number, full=provider["id"].split("-")[1])
    assert other != provider["id"]
    assert_problem(alpha.get(f"/providers/{other}"), 404)
    figures["cases"] = 1


def test_invitation_identifier_is_matched_exactly(sandbox: SandboxProcess, figures: Any) -> None:
    alpha = Api(sandbox, ALPHA_KEY)
    provider = alpha.linked_provider()
    invitation = alpha.invite(provider["id"]).json()
    number = int(invitation["id"].split("-")[1])
    assert_problem(alpha.delete(f"/invitations/INV-{number}"), 404)
    assert_problem(alpha.post(f"/invitations/INV-0{invitation['id'][4:]}/resend"), 404)
    assert alpha.get(f"/providers/{provider['id']}/invitations").json()["items"][0]["status"] == "pending"
    figures["cases"] = 2


def test_other_county_replaying_an_idempotency_key_gets_nothing_of_alphas(
    sandbox: SandboxProcess, figures: Any
) -> None:
    alpha, beta = Api(sandbox, ALPHA_KEY), Api(sandbox, BETA_KEY)
    provider = alpha.linked_provider()
    key = str(uuid.uuid4())
    secret = f"secret.{uuid.uuid4().hex[:8]}@alpha.example"
    first = alpha.invite(provider["id"], key=key, email=secret, first_name="Confidential")
    assert first.status_code == 201
    linked = beta.put(f"/providers/{provider['id']}/county-link", json={"county_provider_ref": "beta-1"})
    assert linked.status_code == 201
    replay = beta.invite(provider["id"], key=key, email=secret, first_name="Confidential")
    assert replay.status_code == 201, replay.text
    assert "Idempotent-Replayed" not in replay.headers
    assert replay.json()["id"] != first.json()["id"]
    figures["cases"] = 1
