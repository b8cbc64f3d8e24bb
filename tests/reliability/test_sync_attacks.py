"""Attacks on the county-wide sync (issue 17): a hostile portal, another county, a clock far off.

The hostile portal is a loopback server (tests/reliability/hostile.py) that answers the three change
feeds from a script; the other-county attacks run against the real sandbox with its two county keys.
Each test is named after what it tried; the copy must end as the contract says or the sync must stop
with the clerk's usual sentence, in bounded time, keeping what it had.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import insert, select

from countyadmin.db.models import PortalAdminUserRow, PortalInvitationRow, ProviderRow
from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.domain.people import FindingKind
from countyadmin.portal.client import PortalClient
from countyadmin.portal.errors import PortalUnavailable, ValidationFailed
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.services.onboarding import OnboardingService, Stage
from countyadmin.services.people import PeopleService
from countyadmin.services.portal_sync import PortalSyncService
from tests.integration.sandbox.helpers import Api, accept
from tests.reliability.hostile import HostileServer, answer, hostile, run_bounded

UowFactory = Callable[[], SqlAlchemyUnitOfWork]
Script = Callable[[str, dict[str, str]], dict[str, Any]]  # (feed, query) -> the page's JSON
KEY = "hostile-sync-key-7c2d"
NOW = datetime.now(UTC).replace(microsecond=0)
FEED_OF = {"/api/v1/county/links": "links", "/api/v1/county/invitations": "invitations",
           "/api/v1/county/admin-users": "admin_users"}  # fmt: skip


def _scripted(script: Script) -> Callable[[HostileServer, socket.socket, bytes], None]:
    def serve(server: HostileServer, connection: socket.socket, head: bytes) -> None:
        target = head.split(b" ", 2)[1].decode()
        parts = urlsplit(target)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        body = json.dumps(script(FEED_OF[parts.path], query)).encode()
        server.send(connection, answer(200, body))

    return serve


def _last(items: list[Any], as_of: datetime = NOW) -> dict[str, Any]:
    return {"items": items, "next": None, "watermark": "w1", "as_of": as_of.isoformat()}


def _person(first: str = "Ana", last: str = "Ortiz", email: str = "ana@example.org") -> dict[str, Any]:
    return {"first_name": first, "last_name": last, "email": email, "also_service_provider": False,
            "npi": None, "profession": None, "license": None}  # fmt: skip


def _invitation(iid: str, pid: str = "CP-1", *, expires: datetime, status: str = "pending",
                **person: str) -> dict[str, Any]:  # fmt: skip
    invitation = {"id": iid, "provider_id": pid, "role": "admin", "status": status,
                  "created_at": (NOW - timedelta(days=1)).isoformat(), "expires_at": expires.isoformat(),
                  "invited_by": "clerk", **_person(**person)}  # fmt: skip
    return {"id": iid, "provider_id": pid, "removed": False, "invitation": invitation}


def _admin(uid: str, pid: str = "CP-1", **person: str) -> dict[str, Any]:
    user = {"user_id": uid, "username": uid, "status": "active", **_person(**person)}
    return {"user_id": uid, "provider_id": pid, "removed": False, "admin_user": user}


def _empty_but(feed: str, pages: Callable[[dict[str, str]], dict[str, Any]]) -> Script:
    return lambda asked, query: pages(query) if asked == feed else _last([])


def _service(server: HostileServer, uow_factory: UowFactory, **kwargs: Any) -> PortalSyncService:
    return PortalSyncService(
        uow_factory, lambda: PortalClient(server.url, KEY, max_attempts=1, sleep=lambda _: None),
        holder="desk-a", **kwargs,
    )  # fmt: skip


def _invitation_ids(uow_factory: UowFactory) -> list[str]:
    with uow_factory() as uow:
        return sorted(uow.session.scalars(select(PortalInvitationRow.id)))


# --- a hostile portal ----------------------------------------------------------------------------------


def test_a_feed_whose_next_cursor_repeats_ends_with_a_sentence(uow_factory: UowFactory) -> None:
    loop = _empty_but("invitations", lambda q: {"items": [], "next": "c-again", "watermark": None,
                                                "as_of": None})  # fmt: skip
    with hostile(_scripted(loop)) as server:
        ended, raised, _ = run_bounded(lambda: _service(server, uow_factory).sync(), within=60)
        assert ended, "the sync followed a repeating cursor for ever"
    assert isinstance(raised, PortalUnavailable)
    assert "CPSE Portal" in str(raised) and "cursor" not in str(raised)
    with uow_factory() as uow:
        assert uow.portal_copy.lease_holder() is None  # released: the next sync can start


def test_a_feed_that_never_ends_stops_and_goes_on_next_time(uow_factory: UowFactory) -> None:
    asked: list[str] = []

    def pages(query: dict[str, str]) -> dict[str, Any]:
        n = int(query.get("next", "c0")[1:]) + 1
        asked.append(query.get("next", ""))
        item = _invitation(f"INV-{n}", expires=NOW + timedelta(days=9))
        return {"items": [item], "next": f"c{n}", "watermark": None, "as_of": None}

    with hostile(_scripted(_empty_but("invitations", pages))) as server:
        service = _service(server, uow_factory, max_pages=40)
        ended, raised, _ = run_bounded(service.sync, within=60)
        assert ended, "the sync walked a never-ending feed for ever"
        assert isinstance(raised, PortalUnavailable) and "Try again later" in str(raised)
        kept = _invitation_ids(uow_factory)
        assert len(kept) == 40  # what it read is kept …
        asked.clear()
        run_bounded(service.sync, within=60)
        assert asked[0] == "c40"  # … and the next sync goes on from where it stopped, nothing repeated
    assert service.as_of() is None  # never finished: no "as of" claimed


def test_a_page_of_a_million_items_is_refused_and_nothing_applied(uow_factory: UowFactory) -> None:
    flood = [{"id": f"I{n}", "provider_id": "P", "removed": True} for n in range(1_000_000)]
    with hostile(_scripted(_empty_but("invitations", lambda q: _last(flood)))) as server:
        ended, raised, _ = run_bounded(lambda: _service(server, uow_factory).sync(), within=60)
    assert ended and isinstance(raised, PortalUnavailable)
    with uow_factory() as uow:
        assert "invitations" not in uow.portal_copy.positions()


def test_duplicate_ids_and_tombstones_of_things_never_seen(uow_factory: UowFactory) -> None:
    later = NOW + timedelta(days=9)
    first = [
        _invitation("INV-1", expires=later),
        {"id": "INV-1", "provider_id": "CP-1", "removed": True},
        _invitation("INV-2", expires=later, first="Old"),
        _invitation("INV-2", expires=later, first="Mid"),
    ]
    second = [_invitation("INV-2", expires=later, first="New"),
              {"id": "INV-404", "provider_id": "CP-9", "removed": True}]  # fmt: skip

    def pages(query: dict[str, str]) -> dict[str, Any]:
        if "next" not in query:
            return {"items": first, "next": "p2", "watermark": None, "as_of": None}
        return _last(second)

    with hostile(_scripted(_empty_but("invitations", pages))) as server:
        assert _service(server, uow_factory).sync().synced
    with uow_factory() as uow:
        rows = [(r.id, r.first_name) for r in uow.session.scalars(select(PortalInvitationRow))]
    assert rows == [("INV-2", "New")]


def test_an_item_whose_body_names_another_invitation_or_provider_is_unreadable(
    uow_factory: UowFactory,
) -> None:
    forged = _invitation("INV-1", "CP-1", expires=NOW + timedelta(days=9))
    forged["invitation"]["provider_id"] = "CP-other"
    with hostile(_scripted(_empty_but("invitations", lambda q: _last([forged])))) as server:
        with pytest.raises(PortalUnavailable, match="Try again later"):
            _service(server, uow_factory).sync()
    assert _invitation_ids(uow_factory) == []


def _linked_provider(uow_factory: UowFactory, portal_id: str = "CP-1") -> None:
    with uow_factory() as uow:
        uow.session.execute(insert(ProviderRow).values(id=1, name="Sunrise LC", uses_portal=True,
                                                       portal_provider_id=portal_id, version=1))  # fmt: skip
        uow.commit()


@pytest.mark.parametrize("as_of", [datetime(2999, 1, 1, tzinfo=UTC), datetime(1971, 1, 1, tzinfo=UTC)])
def test_an_as_of_far_off_never_makes_a_pending_invitation_resent(
    uow_factory: UowFactory, as_of: datetime
) -> None:
    _linked_provider(uow_factory)
    pending = _invitation("INV-1", expires=NOW + timedelta(days=20))
    expired = _invitation("INV-2", expires=NOW - timedelta(days=2), email="bo@example.org", first="Bo")

    def script(feed: str, query: dict[str, str]) -> dict[str, Any]:
        return _last([pending, expired] if feed == "invitations" else [], as_of)

    with hostile(_scripted(script)) as server:
        result = _service(server, uow_factory).sync()
    assert result.as_of is not None and result.as_of <= datetime.now(UTC) + timedelta(minutes=5)
    onboarding = OnboardingService(uow_factory)
    resend = [r.invitation_id for r in onboarding.expired_invitations()]
    # A pending invitation is never sent again because the portal's clock says 2999.
    assert "INV-1" not in resend


HOSTILE_TEXT = ["Ana\u202e gro.elpmaxe@evil", "Ana\x00Nul", "Ana\u2066\u2067x", "Ana\ud800", "Ana\x1b[31m"]


def test_control_and_bidi_characters_from_the_portal_never_reach_a_sentence(uow_factory: UowFactory) -> None:
    _linked_provider(uow_factory)
    admins = [_admin(f"U-{n}", email="same@example.org", first=name) for n, name in enumerate(HOSTILE_TEXT)]
    admins.append(_admin("U-x", email="other\u202e@example.org", first="Ana"))
    admins[-1]["admin_user"]["npi"] = "1234567893"
    admins[0]["admin_user"]["npi"] = "1234567893"

    def script(feed: str, query: dict[str, str]) -> dict[str, Any]:
        return _last(admins if feed == "admin_users" else [])

    with hostile(_scripted(script)) as server:
        assert _service(server, uow_factory).sync().synced  # kept, on every engine, not a failed sync
    report = PeopleService(uow_factory).identities()
    sentences = " ".join(f.sentence for f in report.findings)
    assert {f.kind for f in report.findings} >= {FindingKind.EMAIL_NAMES, FindingKind.NPI_EMAILS}
    for bad in ("\u202e", "\x00", "\u2066", "\u2067", "\ud800", "\x1b"):
        assert bad not in sentences
    people = PeopleService(uow_factory).search("same@example.org").people
    assert people and all(ch.isprintable() or ch == " " for p in people for ch in p.name + p.email)


# --- another county --------------------------------------------------------------------------------


def test_another_countys_cursor_or_a_forged_watermark_shows_only_ones_own(
    fresh_sandbox: SandboxProcess,
) -> None:
    alpha, beta = Api(fresh_sandbox, "test-key-a"), Api(fresh_sandbox, "test-key-b")
    mine = alpha.linked_provider()["id"]
    alpha.invite(mine)
    for _ in range(3):
        theirs = beta.linked_provider()["id"]
        accept(fresh_sandbox, beta.invite(theirs).json()["id"])
    a = PortalClient(fresh_sandbox.url, "test-key-a", max_attempts=1)
    b = PortalClient(fresh_sandbox.url, "test-key-b", max_attempts=1)
    try:
        beta_page = b.admin_user_changes(limit=1)
        assert beta_page.next_cursor is not None
        seen: list[str] = []
        try:  # Beta's cursor in Alpha's walk: Alpha's own items after that number, or a refusal
            seen += [c.provider_id for c in a.admin_user_changes(cursor=beta_page.next_cursor).items]
        except ValidationFailed as error:
            assert "sync again" in str(error)
        with pytest.raises(ValidationFailed, match="sync again"):  # a number past what Alpha was issued
            a.link_changes(updated_since="d2F0ZXJtYXJrOjk5OTk")  # "watermark:9999"
        forged = a.invitation_changes(updated_since="d2F0ZXJtYXJrOjA", limit=1000)  # "watermark:0"
        seen += [c.provider_id for c in forged.items]
        assert set(seen) <= {mine}
    finally:
        a.close()
        b.close()


def test_a_link_moving_to_another_county_mid_walk_leaves_nothing_of_it(
    fresh_sandbox: SandboxProcess, uow_factory: UowFactory
) -> None:
    alpha, beta = Api(fresh_sandbox, "test-key-a"), Api(fresh_sandbox, "test-key-b")
    moving = alpha.linked_provider()["id"]
    accept(fresh_sandbox, alpha.invite(moving).json()["id"])
    alpha.invite(moving)
    for _ in range(2):
        alpha.linked_provider()
    moved = {"done": False}

    def portal() -> PortalClient:
        client = PortalClient(fresh_sandbox.url, "test-key-a", max_attempts=1)
        real = client.admin_user_changes

        def admin_user_changes(**kwargs: Any) -> Any:
            page = real(**kwargs)
            if not moved["done"]:  # after Alpha's first page: Alpha unlinks, Beta links and invites
                moved["done"] = True
                assert alpha.delete(f"/providers/{moving}/county-link").status_code == 204
                put = beta.put(f"/providers/{moving}/county-link", json={"county_provider_ref": "b-1"})
                assert put.status_code == 201, put.text
                accept(fresh_sandbox, beta.invite(moving).json()["id"])
            return page

        client.admin_user_changes = admin_user_changes  # type: ignore[method-assign]
        return client

    service = PortalSyncService(uow_factory, portal, holder="desk-a", page_size=1)
    service.sync()
    service.sync()  # the next walk brings the tombstones of what moved
    with uow_factory() as uow:
        s = uow.session
        assert moving not in set(s.scalars(select(PortalInvitationRow.provider_id)))
        assert moving not in set(s.scalars(select(PortalAdminUserRow.provider_id)))
    assert OnboardingService(uow_factory).counts().by_stage[Stage.ACTIVE_ADMIN] == 0
