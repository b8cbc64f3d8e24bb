"""countyadmin.http without a network: URL rules, TLS settings, Retry-After, backoff, scrubbing."""

from __future__ import annotations

import json
import logging
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from countyadmin import __version__
from countyadmin.http import (
    BearerAuth,
    HttpClient,
    UnreadableJson,
    build_session,
    check_base_url,
    decode_json,
    describe_address,
    parse_retry_after,
)
from countyadmin.redact import SecretFilter, remember, scrub


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
    bundle.write_text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    with pytest.raises(ValueError, match="holds no usable certificate"):
        build_session(ca_bundle=bundle)
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
        ("3600", 600.0),  # believed up to ten minutes (MAX_RETRY_AFTER)
        ("1" + "0" * 24, 600.0),
        ("9" * 5000, 600.0),  # float() of it is inf; int() would refuse it
        ("Fri, 31 Dec 9999 23:59:59 GMT", 600.0),
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


@pytest.mark.parametrize(
    "body",
    [b"[" * 200_000 + b"]" * 200_000, b'{"a":' * 65 + b"1" + b"}" * 65, b"[" * 1_000_000],
    ids=["200000 deep", "65 objects deep", "a million openings"],
)
def test_json_nested_deeper_than_the_bound_is_refused_before_parsing(body: bytes) -> None:
    with pytest.raises(UnreadableJson, match="nested too deeply"):
        decode_json(body)


def test_json_within_the_bound_and_brackets_inside_strings_are_fine() -> None:
    assert decode_json(b'{"a":' * 64 + b"1" + b"}" * 64) is not None
    text = "[" * 500 + '"{'  # brackets inside a string, and an escaped quote, do not count
    assert decode_json(json.dumps({"name": text}).encode()) == {"name": text}
    assert decode_json(b'[' + b"[], " * 10_000 + b"[]]") == [[]] * 10_001  # wide, not deep
    with pytest.raises(ValueError):
        decode_json(b"<html>")


def test_an_address_on_this_computer_says_so() -> None:
    assert describe_address("http://127.0.0.1:8000") == "http://127.0.0.1:8000 (on this computer)"
    assert describe_address("https://portal.example.org") == "https://portal.example.org"


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("Authorization: Bearer abc.DEF-123", "Authorization: Bearer [redacted]"),
        ('{"authorization": "Basic dXNlcjpwYXNz"}', '{"authorization": "Basic [redacted]"}'),
        ("proxy-authorization=xyz;", "proxy-authorization=[redacted];"),
        ("sent bearer eyJhbGciOi.x_y", "sent bearer [redacted]"),
        ("key unit-remembered-key-77 refused", "key [redacted] refused"),
        ("key unit-remembered-key-77%20 refused", "key [redacted]%20 refused"),
        ("Nothing secret here.", "Nothing secret here."),
    ],
)
def test_scrub_removes_known_keys_and_credential_shapes(text: str, scrubbed: str) -> None:
    remember("unit-remembered-key-77")
    assert scrub(text) == scrubbed


def test_secret_filter_scrubs_message_arguments_and_tracebacks() -> None:
    remember("unit-filter-key-88")
    try:
        raise RuntimeError("server said unit-filter-key-88")
    except RuntimeError:
        record = logging.getLogger("t").makeRecord(
            "t", logging.WARNING, __file__, 1, "got %s", ("Bearer unit-filter-key-88",), sys.exc_info()
        )
    assert SecretFilter().filter(record)
    text = logging.Formatter().format(record)
    assert "unit-filter-key-88" not in text and "got Bearer [redacted]" in text and "RuntimeError" in text
