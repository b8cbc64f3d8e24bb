"""TLS: a CPSE Portal on 127.0.0.1 with a self-signed certificate is refused until the county trusts it.

The sandbox app is served over HTTPS by uvicorn (``ssl_certfile``/``ssl_keyfile``) with certificates
made at test time. Both clients (portal and NPI Registry) must refuse it with a sentence, send nothing,
and not retry; with the certificate set as the county's CA bundle in Settings, the same calls work; a
trusted certificate for another host name, or another self-signed certificate, is still refused.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from countyadmin.config import AppSettings, load_settings, save_settings
from countyadmin.npi_registry.client import NpiRegistryClient
from countyadmin.npi_registry.errors import NpiNotFound, NpiRegistryUnavailable
from countyadmin.portal.client import PortalClient
from countyadmin.portal.errors import PortalUnavailable
from countyadmin.sandbox.app import create_app
from countyadmin.sandbox.server import bind_socket
from countyadmin.sandbox.store import Store

KEY = "tls-test-key"


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path


def make_certificate(
    folder: Path, name: str, *, ip: str | None = "127.0.0.1", dns: str | None = None
) -> Certificate:
    """A self-signed certificate (its own CA) for ``ip`` and/or ``dns``, as PEM files in ``folder``."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"CountyAdmin test {name}")])
    names: list[x509.GeneralName] = []
    if ip:
        names.append(x509.IPAddress(ipaddress.ip_address(ip)))
    if dns:
        names.append(x509.DNSName(dns))
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    paths = Certificate(folder / f"{name}.pem", folder / f"{name}.key")
    paths.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return paths


class HttpsSandbox:
    """The sandbox app served over TLS by uvicorn on 127.0.0.1 (port 0), in a thread of this process."""

    def __init__(self, data_dir: Path, certificate: Certificate) -> None:
        store = Store(data_dir)
        store.add_api_key(KEY, "TLS County")
        self._store = store
        self._socket = bind_socket("127.0.0.1", 0)
        self.url = f"https://127.0.0.1:{self._socket.getsockname()[1]}"
        config = uvicorn.Config(
            create_app(store), lifespan="off", log_level="critical", access_log=False,
            ssl_certfile=str(certificate.cert), ssl_keyfile=str(certificate.key),
        )  # fmt: skip
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    def __enter__(self) -> HttpsSandbox:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            assert self._thread.is_alive() and time.monotonic() < deadline, "the HTTPS sandbox did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        self._socket.close()
        self._store.close()


@pytest.fixture(autouse=True)
def system_bundle_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many machines (this one, corporate desktops) name the system's bundle in REQUESTS_CA_BUNDLE; the
    CA bundle chosen in Settings must win over it, so every test here runs with it set."""
    import certifi

    for variable in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.setenv(variable, certifi.where())


@pytest.fixture
def certificate(tmp_path: Path) -> Certificate:
    return make_certificate(tmp_path, "portal")


@pytest.fixture
def https_sandbox(tmp_path: Path, certificate: Certificate) -> Iterator[HttpsSandbox]:
    with HttpsSandbox(tmp_path / "sandbox", certificate) as server:
        yield server


def _portal(url: str, ca_bundle: str | None, sleeps: list[float]) -> PortalClient:
    return PortalClient(
        url, KEY, timeout=(2.0, 5.0), max_attempts=3, ca_bundle=ca_bundle, sleep=sleeps.append
    )


def test_self_signed_portal_refused_until_its_certificate_is_trusted(
    https_sandbox: HttpsSandbox, certificate: Certificate, tmp_path: Path
) -> None:
    sleeps: list[float] = []
    with _portal(https_sandbox.url, None, sleeps) as untrusted, pytest.raises(PortalUnavailable) as refused:
        untrusted.county()
    assert str(refused.value) == (
        "CountyAdmin could not verify CPSE Portal's security certificate, so it sent nothing. "
        "Check the portal address; if your county uses its own certificate, add it in Settings."
    )
    assert sleeps == []  # a certificate problem is not retried
    registry_url = f"{https_sandbox.url}/npi-registry/api/"
    with (
        NpiRegistryClient(registry_url, sleep=sleeps.append) as registry,
        pytest.raises(NpiRegistryUnavailable) as no,
    ):
        registry.lookup("1234567893")
    assert "could not verify the NPI Registry's security certificate" in str(no.value)

    # The county's IT adds the certificate in Settings (settings.json keeps its path, not the certificate).
    settings_file = tmp_path / "settings.json"
    save_settings(AppSettings(portal_url=https_sandbox.url, ca_bundle=str(certificate.cert)), settings_file)
    trusted_bundle = load_settings(settings_file).settings.ca_bundle
    assert trusted_bundle == str(certificate.cert)
    with _portal(https_sandbox.url, trusted_bundle, sleeps) as trusted:
        assert trusted.county().name == "TLS County"
    with (
        NpiRegistryClient(registry_url, ca_bundle=trusted_bundle) as registry,
        pytest.raises(NpiNotFound),
    ):
        registry.lookup("1234567893")  # it got through: the emulator just has no such record


def test_trusting_another_certificate_or_host_name_is_not_enough(
    https_sandbox: HttpsSandbox, tmp_path: Path
) -> None:
    other = make_certificate(tmp_path, "other")  # a different self-signed certificate for 127.0.0.1
    sleeps: list[float] = []
    with (
        _portal(https_sandbox.url, str(other.cert), sleeps) as client,
        pytest.raises(PortalUnavailable) as refused,
    ):
        client.county()
    assert "could not verify CPSE Portal's security certificate" in str(refused.value)


def test_a_trusted_certificate_for_another_host_name_is_refused(tmp_path: Path) -> None:
    named = make_certificate(tmp_path, "named", ip=None, dns="portal.example.org")
    with HttpsSandbox(tmp_path / "sandbox", named) as server:
        sleeps: list[float] = []
        with (
            _portal(server.url, str(named.cert), sleeps) as client,
            pytest.raises(PortalUnavailable) as refused,
        ):
            client.county()
    assert "could not verify CPSE Portal's security certificate" in str(refused.value) and sleeps == []
