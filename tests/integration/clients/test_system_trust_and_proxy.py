"""The county's TLS roots and proxy: the system's certificate store, a PEM from IT's policy, a proxy.

A CPSE Portal sandbox on 127.0.0.1 serves a certificate signed by a test root (its own CA) for the
address 127.0.0.1 and the name portal.county.test. On Linux truststore reads OpenSSL's default paths,
so "the root is in the system store" is ``SSL_CERT_FILE`` naming it (on Windows it would be the
certificate store Group Policy fills; only a Windows runner can show that part).

The proxy is a CONNECT proxy on loopback (a thread) that counts its tunnels and resolves every name to
127.0.0.1, as a county's proxy resolves names the desk cannot: portal.county.test reaches the sandbox
only through it, and TLS is still verified end to end (the proxy only relays bytes).
"""

from __future__ import annotations

import json
import selectors
import socket
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from countyadmin.config import load_effective_settings
from countyadmin.portal.client import PortalClient
from countyadmin.portal.errors import PortalUnavailable
from tests.fixtures.tls import KEY, Certificate, HttpsSandbox, make_certificate

NAME = "portal.county.test"
REFUSED = "could not verify CPSE Portal's security certificate"
_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


class TunnelProxy(socketserver.ThreadingTCPServer):
    """A CONNECT-only proxy on 127.0.0.1 that relays bytes to the sandbox's port and counts tunnels."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, target_port: int) -> None:
        super().__init__(("127.0.0.1", 0), _TunnelHandler)
        self.target_port = target_port
        self.tunnels: list[str] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> TunnelProxy:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


class _TunnelHandler(socketserver.StreamRequestHandler):
    server: TunnelProxy

    def handle(self) -> None:
        request = self.rfile.readline(8192).decode("latin-1").split()
        while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
            pass  # the request's headers
        if len(request) != 3 or request[0] != "CONNECT":
            self.wfile.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        self.server.tunnels.append(request[1])
        with socket.create_connection(("127.0.0.1", self.server.target_port), timeout=10) as upstream:
            self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            self.wfile.flush()
            _relay(self.connection, upstream)


def _relay(one: socket.socket, other: socket.socket) -> None:
    with selectors.DefaultSelector() as selector:
        selector.register(one, selectors.EVENT_READ, other)
        selector.register(other, selectors.EVENT_READ, one)
        while True:
            for key, _ in selector.select(timeout=10):
                data = key.fileobj.recv(65536)  # type: ignore[union-attr]
                if not data:
                    return
                key.data.sendall(data)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No proxy, no policy file and the machine's own OpenSSL paths unless a test sets them."""
    for variable in _PROXY_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
        monkeypatch.delenv(variable.lower(), raising=False)
    for variable in ("SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("COUNTYADMIN_POLICY_FILE", str(tmp_path / "no-policy.json"))


@pytest.fixture
def root(tmp_path: Path) -> Certificate:
    return make_certificate(tmp_path, "county-root", ip="127.0.0.1", dns=NAME)


@pytest.fixture
def sandbox(tmp_path: Path, root: Certificate) -> Iterator[HttpsSandbox]:
    with HttpsSandbox(tmp_path / "sandbox", root) as server:
        yield server


@pytest.fixture
def proxy(sandbox: HttpsSandbox) -> Iterator[TunnelProxy]:
    with TunnelProxy(int(sandbox.url.rsplit(":", 1)[1])) as server:
        yield server


def _county(url: str, ca_bundle: str | None = None) -> str:
    with PortalClient(url, KEY, timeout=(2.0, 5.0), max_attempts=1, ca_bundle=ca_bundle) as client:
        return client.county().name


def _named(sandbox: HttpsSandbox) -> str:
    return sandbox.url.replace("127.0.0.1", NAME)


def test_a_county_root_in_the_system_store_is_trusted_without_a_pem_file(
    sandbox: HttpsSandbox, root: Certificate, monkeypatch: pytest.MonkeyPatch
) -> None:
    # requests' own variable is not a way around the system store: it is not read at all.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(root.cert))
    with pytest.raises(PortalUnavailable, match=REFUSED):
        _county(sandbox.url)
    monkeypatch.setenv("SSL_CERT_FILE", str(root.cert))  # the root "installed" in the system store
    assert _county(sandbox.url) == "TLS County"


def test_the_roots_file_of_the_policy_is_trusted_besides_the_system_store(
    sandbox: HttpsSandbox, root: Certificate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"PortalUrl": sandbox.url, "TlsRootsFile": str(root.cert)}), "utf-8")
    monkeypatch.setenv("COUNTYADMIN_POLICY_FILE", str(policy))
    settings = load_effective_settings(tmp_path / "settings.json").settings
    assert settings.ca_bundle == str(root.cert)
    assert _county(settings.portal_url, settings.ca_bundle) == "TLS County"
    other = make_certificate(tmp_path, "other-root")  # trusting another root is not enough
    with pytest.raises(PortalUnavailable, match=REFUSED):
        _county(sandbox.url, str(other.cert))


def test_https_goes_through_the_system_proxy_and_is_verified_end_to_end(
    sandbox: HttpsSandbox, root: Certificate, proxy: TunnelProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    assert _county(_named(sandbox), str(root.cert)) == "TLS County"
    port = sandbox.url.rsplit(":", 1)[1]
    assert proxy.tunnels == [f"{NAME}:{port}"]
    # The proxy relays bytes; the desk still checks the certificate at the far end of the tunnel.
    with pytest.raises(PortalUnavailable, match=REFUSED):
        _county(_named(sandbox))
    assert len(proxy.tunnels) == 2


def test_no_proxy_and_this_computer_bypass_the_proxy(
    sandbox: HttpsSandbox, root: Certificate, proxy: TunnelProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    # 127.0.0.1 (the demo's sandbox) is never sent to a proxy, even with no NO_PROXY at all.
    assert _county(sandbox.url, str(root.cert)) == "TLS County"
    monkeypatch.setenv("NO_PROXY", NAME)
    with pytest.raises(PortalUnavailable) as direct:
        _county(_named(sandbox), str(root.cert))  # direct: this desk cannot resolve the name itself
    assert REFUSED not in str(direct.value)
    assert proxy.tunnels == []
