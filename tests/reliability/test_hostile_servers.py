"""Hostile servers against both HTTP clients: every call ends, no answer floods memory, every failure is
the clerk's usual sentence (issue 13, item 2).

Each server is a loopback socket server (``tests/reliability/hostile.py``). The one deadline and the one
size cap live in ``countyadmin.http``; the timing tests shorten the deadline there (``CALL_DEADLINE``),
the size tests keep every default and run the call in a child process to measure its peak memory.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import countyadmin.http
from countyadmin.domain.invitation import InvitationForm
from countyadmin.domain.outbox import OutboxState
from countyadmin.domain.records import NewProvider
from countyadmin.npi_registry.client import NpiRegistryClient
from countyadmin.npi_registry.errors import NpiRegistryUnavailable
from countyadmin.portal.client import PortalClient
from countyadmin.portal.errors import PortalError, PortalUnavailable
from countyadmin.services.invitations import InvitationService
from countyadmin.services.outbox_sender import OutboxSender
from countyadmin.services.testing import InMemoryStore
from tests.reliability.conftest import Figures
from tests.reliability.hostile import HostileServer, answer, hostile, run_bounded

KEY = "hostile-test-key-5b1e"
DEADLINE = 2.0  # seconds: the tests' CALL_DEADLINE (30 s in the app)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def short_deadline(monkeypatch: pytest.MonkeyPatch) -> float:
    # raising=False: before the deadline existed this set nothing, and the clients hung as in the issue.
    monkeypatch.setattr(countyadmin.http, "CALL_DEADLINE", DEADLINE, raising=False)
    return DEADLINE


def _portal(url: str) -> PortalClient:
    return PortalClient(url, KEY, sleep=lambda _: None)


def _registry(url: str) -> NpiRegistryClient:
    return NpiRegistryClient(url + "/api/", sleep=lambda _: None)


CALLS: dict[str, tuple[Callable[[str], object], type[Exception]]] = {
    "portal": (lambda url: _portal(url).county(), PortalUnavailable),
    "registry": (lambda url: _registry(url).lookup("1234567893"), NpiRegistryUnavailable),
}


def _trickle_headers(server: HostileServer, connection: socket.socket, head: bytes) -> None:
    # A status line, then a header one byte every half second: every read gets a byte, so no per-read
    # timeout ever fires (the server sent one every 5 s against a 15 s read timeout).
    if server.send(connection, b"HTTP/1.1 200 OK\r\n"):
        server.trickle(connection, b"X-Slow: " + b"z" * 10_000, every=0.5)


def _trickle_body(server: HostileServer, connection: socket.socket, head: bytes) -> None:
    headers = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
    if server.send(connection, headers):
        server.trickle(connection, b" " * 100_000, every=0.5)


@pytest.mark.parametrize("client", sorted(CALLS))
@pytest.mark.parametrize("serve", [_trickle_headers, _trickle_body], ids=["headers", "body"])
def test_a_trickling_server_is_given_up_at_the_deadline(
    client: str, serve: Callable[..., None], short_deadline: float, figures: Figures
) -> None:
    call, error = CALLS[client]
    with hostile(serve) as server:
        ended, raised, seconds = run_bounded(lambda: call(server.url), within=short_deadline + 8)
        assert ended, f"the {client} call was still waiting after {seconds:.1f} s"
        assert server.hung_up.wait(5), "the client left the connection open"
    assert isinstance(raised, error), raised
    assert "did not answer in time" in str(raised) and server.url in str(raised)
    assert seconds < short_deadline + 1.5
    figures["seconds_to_give_up"] = round(seconds, 2)


def _child(kind: str, url: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.reliability.hostile_child", kind, url],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    outcome: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return outcome


def refused_without_growing(client: str, server: HostileServer, figures: Figures) -> dict[str, object]:
    """Call ``server`` with ``client`` in a child process; it must refuse with the client's error, and its
    peak memory stay within a few MB of its import baseline (the cap is 4 MB, whatever the server sends)."""
    outcome = _child(client, server.url if client == "portal" else server.url + "/api/")
    figures.values.update(outcome)
    growth = float(str(outcome["peak_rss_mb"])) - float(str(outcome["baseline_rss_mb"]))
    assert growth < 60, f"peak memory grew by {growth:.0f} MB: {outcome}"
    assert outcome["error"] == CALLS[client][1].__name__, outcome
    return outcome


def _flood(declared: bool) -> Callable[[HostileServer, socket.socket, bytes], None]:
    size = 256 * 1024 * 1024
    block = b"A" * (1024 * 1024)

    def serve(server: HostileServer, connection: socket.socket, head: bytes) -> None:
        start = b'{"county_id": "c1", "name": "'
        if declared:  # 256 MB of one JSON object, its length announced
            headers = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n\r\n"
            if not server.send(connection, headers.encode() + start):
                return
            for _ in range(size // len(block) - 1):
                if server.stopping.is_set() or not server.send(connection, block):
                    return
            server.send(connection, b"A" * (len(block) - len(start) - 2) + b'"}')
        else:  # an endless chunked body
            headers = (
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            )
            chunk = f"{len(block):x}\r\n".encode() + block + b"\r\n"
            if server.send(connection, headers.encode() + f"{len(start):x}\r\n".encode() + start + b"\r\n"):
                while not server.stopping.is_set() and server.send(connection, chunk):
                    pass
        connection.close()

    return serve


@pytest.mark.skipif(sys.platform == "win32", reason="peak memory is read with the resource module")
@pytest.mark.parametrize("client", sorted(CALLS))
@pytest.mark.parametrize("declared", [True, False], ids=["256MB", "endless"])
def test_a_flood_is_refused_without_reading_it_into_memory(
    client: str, declared: bool, figures: Figures
) -> None:
    with hostile(_flood(declared)) as server:
        outcome = refused_without_growing(client, server, figures)
    message = str(outcome["message"])
    assert "larger than expected" in message or "far more data" in message, message


def _answer_with(body: bytes, status: int = 200) -> Callable[[HostileServer, socket.socket, bytes], None]:
    def serve(server: HostileServer, connection: socket.socket, head: bytes) -> None:
        server.send(connection, answer(status, body))

    return serve


DEEP = b"[" * 200_000 + b"]" * 200_000


@pytest.mark.parametrize("client", sorted(CALLS))
@pytest.mark.parametrize("status", [200, 422, 503])
def test_json_nested_200000_deep_is_the_usual_sentence(client: str, status: int, figures: Figures) -> None:
    call, error = CALLS[client]
    with hostile(_answer_with(DEEP, status)) as server:
        ended, raised, seconds = run_bounded(lambda: call(server.url), within=20)
    assert ended
    # The portal's usual sentence for the status (a 422 whose problem cannot be read is "did not accept").
    assert isinstance(raised, PortalError if client == "portal" else error), repr(raised)
    assert "recursion" not in str(raised).lower()
    if status == 200:
        assert "nested too deeply" in str(raised) or "not its usual data" in str(raised)
    figures["seconds"] = round(seconds, 2)


@pytest.mark.parametrize(
    "retry_after",
    ["1" + "0" * 24, "9" * 5000, "Fri, 31 Dec 9999 23:59:59 GMT"],
    ids=["1e24 seconds", "5000 digits", "year 9999"],
)
def test_a_huge_retry_after_reads_as_ten_minutes(retry_after: str) -> None:
    def busy(server: HostileServer, connection: socket.socket, head: bytes) -> None:
        server.send(connection, answer(503, b'{"title": "Busy"}', headers={"Retry-After": retry_after}))

    with hostile(busy) as server, PortalClient(server.url, KEY, max_attempts=1) as portal:
        with pytest.raises(PortalUnavailable) as caught:
            portal.county()
    assert caught.value.retry_after == 600.0
    assert str(caught.value) == "CPSE Portal is busy right now. Try again in about 10 minutes."


# --- the invitation outbox keeps sending while one call is stuck ----------------------------------

STUCK = "CP-STUCK"


def _portal_with_one_stuck_provider(server: HostileServer, connection: socket.socket, head: bytes) -> None:
    request_line = head.split(b"\r\n", 1)[0].decode()
    if f"/providers/{STUCK}/" in request_line:
        _trickle_headers(server, connection, head)
        return
    sent = json.loads(head.partition(b"\r\n\r\n")[2])
    provider_id = request_line.split("/providers/")[1].split("/")[0]
    now = datetime.now(UTC)
    invitation = {
        "id": f"INV-{len(server.heads):06d}", "provider_id": provider_id, "first_name": sent["first_name"],
        "last_name": sent["last_name"], "email": sent["email"], "role": "admin",
        "also_service_provider": False, "status": "pending", "created_at": now.isoformat(),
        "expires_at": (now + timedelta(days=14)).isoformat(), "invited_by": sent["invited_by"],
    }  # fmt: skip
    server.send(connection, answer(201, json.dumps(invitation).encode()))


def test_a_stuck_invitation_does_not_hold_up_the_rest_of_the_outbox(
    short_deadline: float, figures: Figures
) -> None:
    store = InMemoryStore()
    with store.unit_of_work() as uow:
        stuck = uow.providers.add(NewProvider(name="Stuck Kids", portal_provider_id=STUCK), user="t",
                                  at=datetime.now(UTC))  # fmt: skip
        fine = uow.providers.add(NewProvider(name="Fine Kids", portal_provider_id="CP-000007"), user="t",
                                 at=datetime.now(UTC))  # fmt: skip
        uow.commit()
    with hostile(_portal_with_one_stuck_provider) as server:
        service = InvitationService(store.unit_of_work, lambda: PortalClient(server.url, KEY), user="jsmith")
        held = service.queue_invitation(stuck, InvitationForm("Sam", "Stuck", "sam@example.org"))
        others = [
            service.queue_invitation(fine, InvitationForm("Ana", "Ortiz", f"ana{i}@example.org"))
            for i in range(3)
        ]
        sent = threading.Event()

        def changed(item: object) -> None:
            if all(store.outbox[o.id].state is OutboxState.SENT for o in others):
                sent.set()

        sender = OutboxSender(service, interval=0.2, on_item_changed=changed)
        sender.start()
        try:
            assert sent.wait(short_deadline + 10), "the other invitations waited behind the stuck one"
        finally:
            assert sender.stop(timeout=short_deadline + 5), "the sender did not stop"
    item = store.outbox[held.id]
    assert item.state is OutboxState.QUEUED and item.attempts >= 1, item
    assert "could not be reached or did not answer" in (item.last_error or "")
    figures["invitations_sent_past_a_stuck_one"] = len(others)
