"""TLS: a CPSE Portal on 127.0.0.1 with a self-signed certificate is refused until the county trusts it.

The sandbox app is served over HTTPS by uvicorn (``ssl_certfile``/``ssl_keyfile``) with certificates
made at test time. Both clients (portal and NPI Registry) must refuse it with a sentence, send nothing,
and not retry; with the certificate set as the county's CA bundle in Settings, the same calls work; a
trusted certificate for another host name, or another self-signed certificate, is still refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from countyadmin.config import AppSettings, load_settings, save_settings
from countyadmin.npi_registry.client import NpiRegistryClient
from countyadmin.npi_registry.errors import NpiNotFound, NpiRegistryUnavailable
from countyadmin.portal.client import PortalClient
from countyadmin.portal.errors import PortalUnavailable
from tests.fixtures.tls import KEY, Certificate, HttpsSandbox, make_certificate


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
        "Check the portal address; if your county uses its own certificate, ask IT to install it in "
        "this computer's certificate store."
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
