"""countyadmin.http without a network: URL rules, TLS settings, Retry-After, backoff, scrubbing."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from countyadmin import __version__
from countyadmin.http import BearerAuth, HttpClient, build_session, check_base_url, parse_retry_after


@pytest.mark.parametrize(
    "url",
    [
        "https://portal.example.org",
        "https://portal.example.org/api/v1/",
        "http://127.0.0.1:8000",
        "http://127.5.6.7/",
        "http://localhost:1234/x",
        "http://LOCALHOST",
        "http://[::1]:9000/",
    ],
)
def test_https_anywhere_and_http_only_to_loopback(url: str) -> None:
    assert check_base_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "http://portal.example.org",
        "http://10.0.0.5:8000",
        "http://128.0.0.1",
        "http://localhost.evil.com",
        "http://[::2]/",
        "http://0.0.0.0:8000",
    ],
)
def test_plain_http_elsewhere_is_refused_with_a_sentence(url: str) -> None:
    with pytest.raises(
        ValueError, match=r"plain http, which would send the API key unencrypted\. Use the https"
    ):
        check_base_url(url)


@pytest.mark.parametrize("url", ["ftp://portal.example.org", "portal.example.org", "https://", ""])
def test_not_a_web_address(url: str) -> None:
    with pytest.raises(ValueError, match="is not a web address"):
        check_base_url(url)


def test_credentials_in_the_address_are_refused() -> None:
    with pytest.raises(ValueError, match="user name or password"):
        check_base_url("https://clerk:secret@portal.example.org")


def test_session_always_verifies_tls_and_says_who_it_is(tmp_path: Path) -> None:
    session = build_session()
    assert session.verify is True
    assert session.headers["User-Agent"] == f"CountyAdmin/{__version__}"
    bundle = tmp_path / "county-ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    assert build_session(ca_bundle=bundle).verify == str(bundle)
    with pytest.raises(ValueError, match="does not exist"):
        build_session(ca_bundle=tmp_path / "missing.pem")


NOW = datetime(2024, 3, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        (" 120 ", 120.0),
        ("0", 0.0),
        ("Fri, 01 Mar 2024 12:00:30 GMT", 30.0),
        ("Fri, 01 Mar 2024 11:00:00 GMT", 0.0),
        (None, None),
        ("soon", None),
        ("-5", None),
        ("1.5", None),
    ],
)
def test_retry_after_as_seconds_or_http_date(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds


def test_backoff_grows_exponentially_with_jitter_and_is_capped() -> None:
    client = HttpClient("https://portal.example.org", backoff=0.5, max_backoff=4.0, rng=random.Random(1))
    for attempt, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 4.0), (9, 4.0)]:
        delays = {client.backoff_delay(attempt) for _ in range(50)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1  # jitter: clients that failed together do not retry together


def test_the_key_is_not_in_session_headers_or_any_repr() -> None:
    key = "sk-live-0123456789"
    client = HttpClient("https://portal.example.org", auth=BearerAuth(key), secrets=[key])
    assert key not in repr(client)
    assert key not in repr(client._session.auth)
    assert key not in repr(client._session.headers)
    assert client.scrub(f"Bearer {key} failed") == "Bearer [redacted] failed"


def test_max_attempts_must_allow_one_attempt() -> None:
    with pytest.raises(ValueError):
        HttpClient("https://portal.example.org", max_attempts=0)
