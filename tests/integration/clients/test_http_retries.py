"""countyadmin.http against a scripted loopback server: what is retried, how long it waits, when it stops."""

from __future__ import annotations

import logging
import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from countyadmin import __version__
from countyadmin.http import BearerAuth, HttpClient, TransportError
from tests.integration.clients.conftest import RecordingSleep
from tests.integration.clients.loopback import Answer, Drop, LoopbackServer, Stall

OK = Answer(200, b'{"ok": true}')


def client(server: LoopbackServer, sleeps: RecordingSleep, **options: object) -> HttpClient:
    return HttpClient(server.url, sleep=sleeps, **options)  # type: ignore[arg-type]


def test_get_is_retried_after_5xx_with_growing_backoff(
    loopback: LoopbackServer, sleeps: RecordingSleep
) -> None:
    loopback.then(Answer(503, b""), Answer(502, b""), Answer(500, b""), OK)
    with client(loopback, sleeps, max_attempts=4, backoff=0.5) as http:
        reply = http.request("GET", "county")
    assert (reply.response.status_code, reply.attempts) == (200, 4)
    assert len(loopback.seen) == 4 and len(sleeps.calls) == 3
    assert 0.25 <= sleeps.calls[0] <= 0.5 and 0.5 <= sleeps.calls[1] <= 1.0 and 1.0 <= sleeps.calls[2] <= 2.0


def test_retries_are_bounded_and_the_last_answer_is_returned(
    loopback: LoopbackServer, sleeps: RecordingSleep
) -> None:
    loopback.default = Answer(503, b'{"title": "down"}')
    with client(loopback, sleeps, max_attempts=3) as http:
        reply = http.request("GET", "county")
    assert (reply.response.status_code, reply.attempts, len(loopback.seen), len(sleeps.calls)) == (
        503,
        3,
        3,
        2,
    )


def test_retry_after_seconds_is_honoured_exactly(loopback: LoopbackServer, sleeps: RecordingSleep) -> None:
    loopback.then(Answer(429, b"", {"Retry-After": "7"}), OK)
    with client(loopback, sleeps) as http:
        assert http.request("GET", "providers").response.status_code == 200
    assert sleeps.calls == [7.0]


def test_retry_after_http_date_is_honoured(loopback: LoopbackServer, sleeps: RecordingSleep) -> None:
    now = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    loopback.then(
        Answer(503, b"", {"Retry-After": format_datetime(now + timedelta(seconds=12), usegmt=True)}), OK
    )
    with client(loopback, sleeps, clock=lambda: now) as http:
        assert http.request("GET", "providers").response.status_code == 200
    assert sleeps.calls == [12.0]


def test_a_retry_after_beyond_the_cap_is_not_waited_for(
    loopback: LoopbackServer, sleeps: RecordingSleep
) -> None:
    loopback.then(Answer(429, b"", {"Retry-After": "3600"}), OK)
    with client(loopback, sleeps, max_retry_after=30.0) as http:
        reply = http.request("GET", "providers")
        assert reply.response.status_code == 429
        assert http.retry_after(reply.response) == 600.0  # believed up to ten minutes (MAX_RETRY_AFTER)
    assert sleeps.calls == [] and len(loopback.seen) == 1


def test_post_without_key_is_not_repeated_after_an_error_answer(
    loopback: LoopbackServer, sleeps: RecordingSleep
) -> None:
    loopback.then(Answer(503, b""), OK)
    with client(loopback, sleeps) as http:
        assert http.request("POST", "providers", json={"name": "A"}).response.status_code == 503
    assert len(loopback.seen) == 1 and sleeps.calls == []


def test_post_without_key_is_not_repeated_after_a_dropped_connection(
    loopback: LoopbackServer, sleeps: RecordingSleep
) -> None:
    loopback.then(Drop(), OK)
    with client(loopback, sleeps) as http, pytest.raises(TransportError) as caught:
        http.request("POST", "invitations/INV-1/resend")
    assert (caught.value.kind, caught.value.request_sent, caught.value.attempts) == ("dropped", True, 1)
    assert len(loopback.seen) == 1


def test_post_with_idempotency_key_is_repeated_with_the_same_key(
    loopback: LoopbackServer, sleeps: RecordingSleep
) -> None:
    loopback.then(Drop(), Answer(503, b""), Answer(201, b'{"id": "INV-1"}'))
    with client(loopback, sleeps) as http:
        reply = http.request(
            "POST",
            "providers/CP-1/invitations",
            json={"email": "a@b.org"},
            headers={"Idempotency-Key": "k-123"},
        )
    assert reply.response.status_code == 201 and reply.attempts == 3
    assert [s.headers["idempotency-key"] for s in loopback.seen] == ["k-123"] * 3
    assert len({s.body for s in loopback.seen}) == 1


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_idempotent_methods_are_repeated_after_a_dropped_connection(
    loopback: LoopbackServer, sleeps: RecordingSleep, method: str
) -> None:
    loopback.then(Drop(), Drop(), OK)
    with client(loopback, sleeps) as http:
        assert http.request(method, "providers/CP-1/county-link").response.status_code == 200
    assert [s.method for s in loopback.seen] == [method] * 3


def test_a_request_that_never_left_is_repeated_even_as_a_post(sleeps: RecordingSleep) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with HttpClient(f"http://127.0.0.1:{port}/", sleep=sleeps, max_attempts=3) as http:
        with pytest.raises(TransportError) as caught:
            http.request("POST", "providers")
    assert (caught.value.kind, caught.value.request_sent, caught.value.attempts) == ("connect", False, 3)
    assert len(sleeps.calls) == 2


def test_every_call_has_a_read_timeout(loopback: LoopbackServer, sleeps: RecordingSleep) -> None:
    loopback.default = Stall()
    with client(loopback, sleeps, timeout=(1.0, 0.2), max_attempts=2) as http:
        with pytest.raises(TransportError) as caught:
            http.request("GET", "county")
    assert (caught.value.kind, caught.value.attempts) == ("timeout", 2)


def test_tls_is_verified_and_a_failure_is_not_retried(
    loopback: LoopbackServer, sleeps: RecordingSleep
) -> None:
    # The loopback server speaks plain HTTP: a TLS handshake with it fails, as with a bad certificate.
    https_url = loopback.url.replace("http://", "https://")
    with HttpClient(https_url, sleep=sleeps) as http, pytest.raises(TransportError) as caught:
        http.request("GET", "county")
    assert caught.value.kind == "tls" and caught.value.attempts == 1 and sleeps.calls == []


def test_redirects_are_not_followed(loopback: LoopbackServer, sleeps: RecordingSleep) -> None:
    loopback.then(Answer(302, b"", {"Location": "http://portal.example.org/steal"}))
    with client(loopback, sleeps) as http:
        assert http.request("GET", "county").response.status_code == 302
    assert len(loopback.seen) == 1


def test_user_agent_names_the_app_and_version(loopback: LoopbackServer, sleeps: RecordingSleep) -> None:
    loopback.then(OK)
    with client(loopback, sleeps) as http:
        http.request("GET", "county")
    assert loopback.seen[0].headers["user-agent"] == f"CountyAdmin/{__version__}"


def test_retries_are_logged_without_the_key(
    loopback: LoopbackServer, sleeps: RecordingSleep, caplog: pytest.LogCaptureFixture
) -> None:
    key = "sk-secret-42"
    loopback.then(Drop(), Answer(503, b""), OK)
    with (
        caplog.at_level(logging.DEBUG),
        client(loopback, sleeps, auth=BearerAuth(key), secrets=[key]) as http,
    ):
        http.request("GET", f"providers/{key}")  # the key where no key should be: our lines scrub it
    assert loopback.seen[-1].headers["authorization"] == f"Bearer {key}"
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name == "countyadmin.http")
    assert "retrying" in ours and key not in ours and "[redacted]" in ours
    # Libraries log URLs, never headers: with the key where it belongs, no log line holds it.
    caplog.clear()
    loopback.then(Drop(), Answer(401, b"{}"))
    with (
        caplog.at_level(logging.DEBUG),
        client(loopback, sleeps, auth=BearerAuth(key), secrets=[key]) as http,
    ):
        http.request("GET", "county")
    assert caplog.records and key not in caplog.text
