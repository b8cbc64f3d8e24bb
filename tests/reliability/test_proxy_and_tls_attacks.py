"""Attacks on the network between the desk and the portal, as central configuration sets it up: a proxy
that refuses, trickles or forges, a TLS handshake that trickles, a redirect away from the portal, and
ways to switch verification off. (The policy and settings-file attacks are in test_policy_attacks.py.)
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

import countyadmin.http
from countyadmin.npi_registry.client import NpiRegistryClient
from countyadmin.npi_registry.errors import NpiRegistryUnavailable
from countyadmin.portal.client import PortalClient
from countyadmin.portal.errors import PortalUnavailable
from tests.fixtures.tls import KEY, Certificate, HttpsSandbox, make_certificate
from tests.reliability.conftest import Figures
from tests.reliability.hostile import HostileServer, answer, header, hostile, run_bounded

DEADLINE = 2.0  # the tests' CALL_DEADLINE (30 s in the app)
_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in _PROXY_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
        monkeypatch.delenv(variable.lower(), raising=False)


# --- a hostile network -----------------------------------------------------------------------------


@pytest.fixture
def short_deadline(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setattr(countyadmin.http, "CALL_DEADLINE", DEADLINE)
    return DEADLINE


def _portal_call(url: str = "https://portal.county.test/") -> Callable[[], object]:
    return lambda: PortalClient(url, KEY, sleep=lambda _: None).county()


@pytest.mark.parametrize(
    ("status", "reason"),
    [(407, "Proxy Authentication Required"), (500, "Internal Server Error"), (403, "Forbidden")],  # fmt: skip
)
def test_a_proxy_refusing_the_tunnel_is_said_as_the_proxy_and_nothing_was_sent(
    monkeypatch: pytest.MonkeyPatch, status: int, reason: str, figures: Figures
) -> None:
    def refuse(server: HostileServer, connection: socket.socket, head: bytes) -> None:
        server.send(connection, f"HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\n\r\n".encode())

    with hostile(refuse) as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        with pytest.raises(PortalUnavailable) as refused:
            _portal_call()()
        heads = list(proxy.heads)
        with pytest.raises(NpiRegistryUnavailable) as registry:
            NpiRegistryClient("https://npi.county.test/api/", sleep=lambda _: None).lookup("1234567893")
    assert all(head.startswith(b"CONNECT ") for head in heads)
    assert all(header(head, "Authorization") is None for head in proxy.heads)  # the key stays in the tunnel
    for sentence in (str(refused.value), str(registry.value)):
        assert "proxy" in sentence and "IT department" in sentence, sentence
    figures["connect_attempts"] = len(heads)


def test_a_proxy_refusal_means_the_request_never_left_this_computer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A POST through a proxy that refuses the tunnel never reached the portal: it must not be reported
    as "may have been sent" (the outbox would hold the invitation as uncertain)."""

    def refuse(server: HostileServer, connection: socket.socket, head: bytes) -> None:
        server.send(connection, b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")

    with hostile(refuse) as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        client = countyadmin.http.HttpClient("https://portal.county.test/", max_attempts=1)
        with pytest.raises(countyadmin.http.TransportError) as failed:
            client.request("POST", "api/v1/invitations", json={})
    assert failed.value.request_sent is False
    assert failed.value.kind == "proxy"


def _trickle_connect(server: HostileServer, connection: socket.socket, head: bytes) -> None:
    if server.send(connection, b"HTTP/1.1 200 Connection established\r\n"):
        server.trickle(connection, b"X-Slow: " + b"z" * 10_000, every=0.5)


def test_a_proxy_trickling_its_connect_answer_is_given_up_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch, short_deadline: float, figures: Figures
) -> None:
    with hostile(_trickle_connect) as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        ended, raised, seconds = run_bounded(_portal_call(), within=short_deadline + 8)
    assert ended, f"still waiting for the proxy after {seconds:.1f} s"
    assert isinstance(raised, PortalUnavailable), raised
    assert seconds < short_deadline + 1.5, seconds
    figures["seconds_to_give_up"] = round(seconds, 2)


class _TrickleTls:
    """A server on 127.0.0.1 that starts a TLS record (16 KB announced) and sends it one byte every half
    second: OpenSSL waits for the whole record, and each byte resets the per-read timeout."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"https://127.0.0.1:{self._listener.getsockname()[1]}/"
        self._stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self._listener.settimeout(0.2)
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._trickle, args=(connection,), daemon=True).start()

    def _trickle(self, connection: socket.socket) -> None:
        with connection:
            try:
                connection.recv(65536)  # the ClientHello
                connection.sendall(b"\x16\x03\x03\x40\x00")
                while not self._stop.wait(0.5):
                    connection.sendall(b"\x02")
            except OSError:
                return

    def close(self) -> None:
        self._stop.set()
        self._listener.close()


@pytest.fixture
def trickling_tls() -> Iterator[_TrickleTls]:
    server = _TrickleTls()
    yield server
    server.close()


def test_a_server_trickling_the_tls_handshake_is_given_up_at_the_deadline(
    trickling_tls: _TrickleTls, short_deadline: float, figures: Figures
) -> None:
    ended, raised, seconds = run_bounded(_portal_call(trickling_tls.url), within=short_deadline + 8)
    assert ended, f"still in the TLS handshake after {seconds:.1f} s"
    assert isinstance(raised, PortalUnavailable), raised
    assert "did not answer in time" in str(raised)
    assert seconds < short_deadline + 1.5, seconds
    figures["seconds_to_give_up"] = round(seconds, 2)


@pytest.fixture
def root(tmp_path: Path) -> Certificate:
    return make_certificate(tmp_path, "county-root", ip="127.0.0.1", dns="portal.county.test")


@pytest.fixture
def sandbox(tmp_path: Path, root: Certificate) -> Iterator[HttpsSandbox]:
    with HttpsSandbox(tmp_path / "sandbox", root) as server:
        yield server


def test_a_proxy_forging_the_portals_certificate_gets_no_key(
    tmp_path: Path, root: Certificate, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An inspecting proxy whose root the county did not install: it answers CONNECT and then speaks
    TLS itself with a certificate for the portal's name signed by its own root."""
    forged = make_certificate(tmp_path, "forged", ip=None, dns="portal.county.test")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(forged.cert, forged.key)
    seen: list[bytes] = []

    def intercept(server: HostileServer, connection: socket.socket, head: bytes) -> None:
        server.send(connection, b"HTTP/1.1 200 Connection established\r\n\r\n")
        try:
            with context.wrap_socket(connection, server_side=True) as tls:
                seen.append(tls.recv(65536))
        except (ssl.SSLError, OSError):
            return

    with hostile(intercept) as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        with pytest.raises(PortalUnavailable, match="could not verify CPSE Portal's security certificate"):
            PortalClient(
                "https://portal.county.test/", KEY, ca_bundle=str(root.cert), max_attempts=1
            ).county()
    assert not any(KEY.encode() in data for data in seen)


@pytest.mark.parametrize("location", ["http://portal.county.test/api/v1/county", "https://elsewhere.test/x"])
def test_a_redirect_away_from_the_portal_is_not_followed_with_the_key(
    location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def redirect(server: HostileServer, connection: socket.socket, head: bytes) -> None:
        server.send(connection, answer(302, b"", headers={"Location": location}))

    with hostile(redirect) as server:
        client = PortalClient(server.url, KEY, sleep=lambda _: None, max_attempts=1)
        with pytest.raises(Exception):  # noqa: B017, PT011 - any refusal, as long as nothing follows
            client.county()
    assert len(server.heads) == 1  # the one request to the portal, none to the Location


def test_tls_verification_cannot_be_switched_off_by_environment_or_session(
    sandbox: HttpsSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CURL_CA_BUNDLE", "")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "")
    monkeypatch.setenv("PYTHONHTTPSVERIFY", "0")
    with pytest.raises(PortalUnavailable, match="could not verify"):
        PortalClient(sandbox.url, KEY, max_attempts=1).county()
    session = countyadmin.http.build_session()
    with pytest.raises(ValueError, match="cannot be switched off"):
        session.get(sandbox.url + "/api/v1/county", verify=False, timeout=5)
    with pytest.raises(requests.exceptions.SSLError):
        session.get(sandbox.url + "/api/v1/county", verify="", timeout=5)
    session.close()
