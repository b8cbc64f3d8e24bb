"""NpiRegistryClient against a loopback server replaying the real NPPES recordings byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from countyadmin.npi_registry.client import NpiRegistryClient
from countyadmin.npi_registry.errors import NpiNotFound, NpiRegistryRejected, NpiRegistryUnavailable
from tests.fixtures.nppes import FILES, RECORDINGS
from tests.integration.clients.conftest import RecordingSleep
from tests.integration.clients.loopback import Answer, Drop, LoopbackServer


def registry(server: LoopbackServer, sleeps: RecordingSleep) -> NpiRegistryClient:
    return NpiRegistryClient(server.url + "api/", sleep=sleeps)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_lookup_over_each_recording(loopback: LoopbackServer, sleeps: RecordingSleep, path: Path) -> None:
    recorded = path.read_bytes()
    loopback.then(Answer(200, recorded, {"Content-Type": "application/json"}))
    numbers = re.findall(rb'"number":\s*"?(\d{10})', recorded)
    npi = numbers[0].decode() if numbers else "1234567893"
    with registry(loopback, sleeps) as client:
        if b'"Errors"' in recorded:
            with pytest.raises(NpiRegistryRejected, match="The NPI Registry refused the search: "):
                client.lookup(npi)
        elif not numbers:
            with pytest.raises(NpiNotFound) as caught:
                client.lookup(npi)
            assert str(caught.value) == (
                f"The NPI Registry has no provider with NPI {npi}. "
                "New NPIs can take a week to appear; you can still save."
            )
        else:
            record = client.lookup(npi)
            assert record.npi == npi and record.display_name
    (seen,) = loopback.seen
    assert (seen.method, seen.path, seen.query) == ("GET", "/api/", {"version": ["2.1"], "number": [npi]})


def test_lookup_picks_the_asked_npi_from_a_longer_list(
    loopback: LoopbackServer, sleeps: RecordingSleep
) -> None:
    loopback.then(Answer(200, (RECORDINGS / "api-1f9cef.json").read_bytes()))
    with registry(loopback, sleeps) as client:
        record = client.lookup("1992885586")
    assert record.display_name == "MICHAEL D. RANDELL, M.D., P.C." and record.other_names == (
        "OBGYN ATLANTA",
    )


def test_check_accepts_a_found_and_a_not_found_answer(
    loopback: LoopbackServer, sleeps: RecordingSleep
) -> None:
    loopback.then(Answer(200, (RECORDINGS / "api-a2f836.json").read_bytes()))
    loopback.then(Answer(200, (RECORDINGS / "api-8bdc8b.json").read_bytes()))
    with registry(loopback, sleeps) as client:
        client.check()
        client.check()
    assert all(s.query["version"] == ["2.1"] for s in loopback.seen)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            Answer(200, b"<html><body>Scheduled maintenance</body></html>", {"Content-Type": "text/html"}),
            "not its usual data",
        ),
        (Answer(200, b'{"unexpected": true}'), "cannot read"),
        (Answer(404, b"Not Found", {"Content-Type": "text/plain"}), "answered with an error"),
    ],
)
def test_check_fails_on_an_answer_that_is_not_the_registry(
    loopback: LoopbackServer, sleeps: RecordingSleep, answer: Answer, message: str
) -> None:
    loopback.then(answer)
    with registry(loopback, sleeps) as client, pytest.raises(NpiRegistryUnavailable, match=message):
        client.check()


def test_busy_registry_is_retried_then_reported(loopback: LoopbackServer, sleeps: RecordingSleep) -> None:
    loopback.default = Answer(503, b"")
    with registry(loopback, sleeps) as client, pytest.raises(NpiRegistryUnavailable, match="busy") as caught:
        client.lookup("1234567893")
    assert len(loopback.seen) == 3 and len(sleeps.calls) == 2  # max_attempts=3 by default
    assert "try again in a few minutes" in caught.value.user_message.lower()


def test_dropped_connections_are_retried(loopback: LoopbackServer, sleeps: RecordingSleep) -> None:
    loopback.then(Drop(), Answer(200, b'{"result_count": 0, "results": []}'))
    with registry(loopback, sleeps) as client, pytest.raises(NpiNotFound):
        client.lookup("1234567893")
    assert len(loopback.seen) == 2


@pytest.mark.parametrize("npi", ["12345", "1234567893&enumeration_type=NPI-2", "", "１２３４５６７８９３"])
def test_a_malformed_npi_is_refused_before_any_request(
    loopback: LoopbackServer, sleeps: RecordingSleep, npi: str
) -> None:
    with (
        registry(loopback, sleeps) as client,
        pytest.raises(NpiRegistryRejected, match="an NPI is 10 digits"),
    ):
        client.lookup(npi)
    assert loopback.seen == []


def test_plain_http_to_the_internet_is_refused() -> None:
    with pytest.raises(ValueError, match="plain http"):
        NpiRegistryClient("http://npiregistry.cms.hhs.gov/api/")
