"""Attacks on central configuration: a clerk getting around IT's policy, a hostile or broken policy or
settings file, and a hostile network between the desk and the portal (proxy, TLS, redirects).

Each test is named after what it tried; each once broke (or is the check that it cannot).
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

import countyadmin.http
from countyadmin import policy
from countyadmin.config import AppSettings, load_effective_settings, load_settings, save_settings
from countyadmin.npi_registry.client import NpiRegistryClient
from countyadmin.npi_registry.errors import NpiRegistryUnavailable
from countyadmin.policy import POLICY_FILE_ENV, read_policy
from countyadmin.portal.client import PortalClient
from countyadmin.portal.errors import PortalUnavailable
from countyadmin.services.portal_work import configured_portal
from tests.fixtures.tls import KEY, Certificate, HttpsSandbox, make_certificate
from tests.reliability.conftest import Figures
from tests.reliability.hostile import HostileServer, answer, header, hostile, run_bounded

PORTAL = "https://cpse.county.example/"
DEADLINE = 2.0  # the tests' CALL_DEADLINE (30 s in the app)
_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


def _no_registry(hive: str) -> dict[str, str]:
    return {}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in _PROXY_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
        monkeypatch.delenv(variable.lower(), raising=False)


@pytest.fixture
def machine_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The machine's policy file (%ProgramData%\\CountyAdmin\\policy.json), moved to tmp_path."""
    path = tmp_path / "ProgramData" / "policy.json"
    path.parent.mkdir()
    monkeypatch.setattr(policy, "machine_policy_file", lambda: path)
    return path


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# --- a clerk getting around the policy --------------------------------------------------------------


def test_the_policy_file_variable_cannot_replace_the_machines_policy(
    machine_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clerk sets COUNTYADMIN_POLICY_FILE (a user variable, no administrator needed) to an empty file:
    IT's policy.json must still apply. Before, the variable named a file *instead of* IT's."""
    _write(machine_file, {"PortalUrl": PORTAL, "DatabaseUrl": "postgresql+psycopg2://db/preschool"})
    mine = _write(tmp_path / "mine.json", {"PortalUrl": "https://elsewhere.example/",
                                            "NpiRegistryUrl": "https://npi.mine.example/"})  # fmt: skip
    monkeypatch.setenv(POLICY_FILE_ENV, str(mine))
    read = read_policy(registry=_no_registry)
    assert read.values["portal_url"] == PORTAL  # IT's file wins over the clerk's
    assert read.sources["portal_url"] == str(machine_file)
    assert read.values["database_url"] == "postgresql+psycopg2://db/preschool"
    # What IT's file leaves unset may still come from the named file (IT trying a policy out).
    assert read.values["npi_registry_url"] == "https://npi.mine.example/"
    monkeypatch.setenv(POLICY_FILE_ENV, str(tmp_path / "nothing.json"))
    assert read_policy(registry=_no_registry).values["portal_url"] == PORTAL


def test_the_command_line_and_a_hand_edited_settings_file_lose_to_the_policy(
    machine_file: Path, tmp_path: Path
) -> None:
    settings_file = tmp_path / "settings.json"
    _write(settings_file, {"portal_url": "https://elsewhere.example/", "ca_bundle": None,
                           "database_url": "sqlite:///mine.db"})  # fmt: skip
    _write(machine_file, {"PortalUrl": PORTAL, "DatabaseUrl": "postgresql+psycopg2://db/preschool"})
    loaded = load_effective_settings(
        settings_file, overrides={"portal_url": "https://typed.example/", "database_url": "sqlite:///x.db"}
    )
    assert loaded.settings.portal_url == PORTAL
    assert loaded.settings.database_url == "postgresql+psycopg2://db/preschool"
    assert set(loaded.locked) == {"portal_url", "database_url"}


# --- a hostile or broken policy / settings file -------------------------------------------------------


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_a_policy_file_nested_deeper_than_python_can_parse_is_a_sentence(
    machine_file: Path, opener: str
) -> None:
    # Under 64 KB, far past the parser's recursion limit.
    machine_file.write_text(opener * (60_000 // len(opener)), encoding="utf-8")
    read = read_policy(registry=_no_registry)
    assert read.values == {}
    (problem,) = read.problems
    assert problem.startswith(f"The policy file {machine_file} ") and "none of its settings" in problem


def test_a_hand_edited_settings_file_nested_too_deep_starts_with_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("[" * 200_000, encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings == AppSettings()
    assert loaded.warning is not None and str(path) in loaded.warning


def test_a_huge_settings_file_is_not_read_into_memory(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    with path.open("wb") as stream:
        stream.truncate(512 * 1024 * 1024)  # sparse: half a gigabyte of NULs, no disk used
    loaded = load_settings(path)
    assert loaded.settings == AppSettings()
    assert loaded.warning is not None and "larger than" in loaded.warning


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PortalUrl", "https://cpse\u0000.county.example/"),
        ("PortalUrl", "https://cpse.county.example/\r\nX-Injected: 1"),
        ("NpiRegistryUrl", "https://npi .example/"),
        ("TlsRootsFile", "/etc/ssl/roots\u0000.pem"),
    ],
    ids=["nul-in-host", "crlf", "space-in-host", "nul-in-path"],
)
def test_control_characters_in_a_policy_value_are_refused(machine_file: Path, name: str, value: str) -> None:
    _write(machine_file, {name: value})
    read = read_policy(registry=_no_registry)
    assert read.values == {}
    (problem,) = read.problems
    assert problem.startswith(f"The policy setting {name} in {machine_file} was ignored: ")


@pytest.mark.parametrize("value", [3, True, None, ["https://x.example/"], {"url": PORTAL}])
def test_a_policy_value_of_the_wrong_type_is_a_sentence(machine_file: Path, value: object) -> None:
    _write(machine_file, {"PortalUrl": value})
    read = read_policy(registry=_no_registry)
    assert read.values == {}
    assert read.problems == (
        f"The policy setting PortalUrl in {machine_file} is not text, so it was ignored.",
    )


def test_a_policy_file_that_is_a_pipe_does_not_hang_the_start(machine_file: Path) -> None:
    os.mkfifo(machine_file)  # nobody ever writes to it: opening it to read would wait forever
    ended, raised, _ = run_bounded(lambda: read_policy(registry=_no_registry), within=10)
    assert ended, "reading the policy waited on a pipe"
    assert raised is None
    read = read_policy(registry=_no_registry)
    assert read.values == {} and "is not a file" in read.problems[0]


def test_a_policy_file_in_a_symlink_loop_or_a_folder_is_a_sentence(
    machine_file: Path, tmp_path: Path
) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(machine_file)
    machine_file.symlink_to(loop)
    read = read_policy(registry=_no_registry)
    assert read.values == {} and read.problems[0].startswith(f"The policy file {machine_file} ")
    machine_file.unlink()
    machine_file.mkdir()
    read = read_policy(registry=_no_registry)
    assert read.values == {} and read.problems[0].startswith(f"The policy file {machine_file} ")


@pytest.mark.parametrize(
    "content",
    [
        b"not a certificate\n",
        b"\x00" * 100,
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    ],
    ids=["text", "nul-bytes", "broken-pem"],
)
def test_a_roots_file_that_is_not_pem_is_left_out_and_the_desk_still_starts(
    machine_file: Path, tmp_path: Path, content: bytes
) -> None:
    """Before, the policy passed any existing file on, and building the NPI Registry client at start-up
    raised: "CountyAdmin could not start", Settings disabled, on every desk the policy reached."""
    roots = tmp_path / "roots.pem"
    roots.write_bytes(content)
    _write(machine_file, {"TlsRootsFile": str(roots), "PortalUrl": PORTAL})
    loaded = load_effective_settings(tmp_path / "settings.json")
    assert loaded.settings.ca_bundle is None and loaded.settings.portal_url == PORTAL
    assert loaded.warning is not None
    assert f"The policy setting TlsRootsFile in {machine_file} was ignored: " in loaded.warning
    assert "PEM" in loaded.warning
    NpiRegistryClient(loaded.settings.npi_registry_url, ca_bundle=loaded.settings.ca_bundle).close()


@pytest.mark.parametrize("value", ["file:///etc/ssl/roots.pem", "//server/share/roots.pem", "roots.pem"])
def test_a_roots_file_given_as_a_url_or_share_or_relative_path_is_refused(
    machine_file: Path, value: str
) -> None:
    _write(machine_file, {"TlsRootsFile": value})
    read = read_policy(registry=_no_registry)
    assert read.values == {}
    (problem,) = read.problems
    assert "TlsRootsFile" in problem and "was ignored" in problem


def test_a_hand_edited_roots_file_in_settings_does_not_stop_the_start(
    machine_file: Path, tmp_path: Path
) -> None:
    """settings.json has no field in Settings for the roots file, so a bad one edited by hand must not
    stop the start (Settings is disabled then, and the clerk could never repair it)."""
    settings_file = tmp_path / "settings.json"
    for bad in (str(tmp_path / "missing.pem"), str(settings_file)):
        save_settings(AppSettings(portal_url=PORTAL, ca_bundle=bad), settings_file)
        loaded = load_effective_settings(settings_file)
        assert loaded.settings.ca_bundle is None and loaded.settings.portal_url == PORTAL
        assert loaded.warning is not None and bad in loaded.warning and str(settings_file) in loaded.warning


# --- the key goes only where it was saved for ----------------------------------------------------------


def test_a_policy_moving_the_portal_does_not_send_the_old_portals_key_to_the_new_one(
    machine_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = {"https://old.county.example/": "old-portal-key-0123456789"}
    settings_file = tmp_path / "settings.json"
    save_settings(AppSettings(portal_url="https://old.county.example/"), settings_file)
    built: list[tuple[str, str]] = []
    factory = configured_portal(
        lambda: load_effective_settings(settings_file).settings.portal_url,
        keys.get,
        lambda url, key: built.append((url, key)),  # type: ignore[func-returns-value]
    )
    factory()
    assert built == [("https://old.county.example/", "old-portal-key-0123456789")]
    _write(machine_file, {"PortalUrl": "https://new.county.example/"})
    with pytest.raises(Exception, match="API key"):
        factory()
    assert len(built) == 1


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
