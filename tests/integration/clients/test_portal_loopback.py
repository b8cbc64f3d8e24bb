"""PortalClient cases the sandbox cannot stage: lost answers, broken bodies, and where the key must not go."""

from __future__ import annotations

import logging

import pytest

from countyadmin.portal.client import PortalClient
from countyadmin.portal.errors import PortalError, PortalUnavailable, Unauthorized
from countyadmin.portal.models import NewPortalProvider
from tests.integration.clients.conftest import RecordingSleep
from tests.integration.clients.loopback import Answer, Drop, LoopbackServer, Stall

KEY = "ca-live-7f3e9b2c4d"
COUNTY = b'{"county_id": "alpha", "name": "Alpha County"}'


def portal(server: LoopbackServer, sleeps: RecordingSleep, **options: object) -> PortalClient:
    return PortalClient(server.url, KEY, sleep=sleeps, **options)  # type: ignore[arg-type]


def chain(error: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    item: BaseException | None = error
    while item is not None and item not in found:
        found.append(item)
        item = item.__cause__ or item.__context__
    return found


@pytest.mark.parametrize("base", ["", "api/v1", "api/v1/"])
def test_the_site_or_the_api_root_may_be_given(
    loopback: LoopbackServer, sleeps: RecordingSleep, base: str
) -> None:
    loopback.then(Answer(200, COUNTY))
    with PortalClient(loopback.url + base, KEY, sleep=sleeps) as client:
        assert client.county().name == "Alpha County"
    assert loopback.seen[0].path == "/api/v1/county"
    assert loopback.seen[0].headers["authorization"] == f"Bearer {KEY}"


def test_identifiers_cannot_change_the_path(loopback: LoopbackServer, sleeps: RecordingSleep) -> None:
    loopback.then(Answer(404, b"{}"))
    with portal(loopback, sleeps) as client, pytest.raises(PortalError):
        client.get_provider("../county?x=1")
    assert loopback.seen[0].path == "/api/v1/providers/..%2Fcounty%3Fx%3D1"


def test_the_key_is_in_no_message_repr_log_or_chained_exception(
    loopback: LoopbackServer, sleeps: RecordingSleep, caplog: pytest.LogCaptureFixture
) -> None:
    loopback.then(
        Answer(401, b'{"title": "Unauthorized", "detail": "bad key"}'), Drop(), Drop(), Drop(), Drop()
    )
    loopback.then(Stall())
    errors: list[BaseException] = []
    with (
        caplog.at_level(logging.DEBUG),
        portal(loopback, sleeps, timeout=(1.0, 0.2), max_attempts=4) as client,
    ):
        assert KEY not in repr(client) and KEY not in str(vars(client))
        for _ in range(3):  # 401; four drops; a stall (then the script's 500s)
            with pytest.raises(PortalError) as caught:
                client.county()
            errors.append(caught.value)
    assert isinstance(errors[0], Unauthorized)
    assert str(errors[0]) == "CPSE Portal did not accept the API key. Check it in Settings → CPSE Portal."
    assert isinstance(errors[1], PortalUnavailable) and isinstance(errors[2], PortalUnavailable)
    for error in errors:
        assert chain(error) == [error]  # nothing chained: a requests exception would hold the headers
        assert KEY not in str(error) and KEY not in repr(error) and KEY not in repr(error.problem)
    assert caplog.records and KEY not in caplog.text


@pytest.mark.parametrize("key", ["", "   ", "two words", "line\nbreak", "naïve-key"])
def test_an_impossible_key_is_refused_without_quoting_it(key: str) -> None:
    with pytest.raises(ValueError, match="Paste it again in Settings") as caught:
        PortalClient("https://portal.example.org", key)
    assert not key.strip() or key not in str(caught.value)


def test_a_lost_create_answer_is_not_repeated_and_says_so(
    loopback: LoopbackServer, sleeps: RecordingSleep
) -> None:
    loopback.then(Drop())
    with portal(loopback, sleeps) as client, pytest.raises(PortalUnavailable) as caught:
        client.create_provider(NewPortalProvider("agency", "Sunny Kids LLC", npi="1234567893", sed_code=None))
    assert len(loopback.seen) == 1
    assert str(caught.value) == (
        "CPSE Portal did not confirm that the provider was added, but it may have been. "
        "Search the portal for its NPI or SED code before trying again."
    )


def test_a_lost_resend_is_not_repeated(loopback: LoopbackServer, sleeps: RecordingSleep) -> None:
    loopback.then(Drop())
    with (
        portal(loopback, sleeps) as client,
        pytest.raises(PortalUnavailable, match="email may have gone out"),
    ):
        client.resend_invitation("INV-000001")
    assert len(loopback.seen) == 1


def test_unlink_whose_first_answer_was_lost_is_done(loopback: LoopbackServer, sleeps: RecordingSleep) -> None:
    loopback.then(Drop(), Answer(404, b'{"status": 404, "title": "Not Found"}'))
    with portal(loopback, sleeps) as client:
        assert client.unlink_county("CP-000001") is None
    assert [s.method for s in loopback.seen] == ["DELETE", "DELETE"]


@pytest.mark.parametrize(
    ("answer", "attempts"),
    [
        (Answer(200, b"<html>Maintenance</html>", {"Content-Type": "text/html"}), 4),  # not JSON: retried
        (Answer(200, b'{"county_id": 7}'), 1),  # JSON of the wrong shape: asking again will not help
        (Answer(200, b"[]"), 1),
    ],
)
def test_unreadable_answers_are_unavailable(
    loopback: LoopbackServer, sleeps: RecordingSleep, answer: Answer, attempts: int
) -> None:
    loopback.default = answer
    with portal(loopback, sleeps) as client, pytest.raises(PortalUnavailable, match="cannot read"):
        client.county()
    assert len(loopback.seen) == attempts


def test_a_truncated_body_is_read_again(loopback: LoopbackServer, sleeps: RecordingSleep) -> None:
    loopback.then(Answer(200, COUNTY[:20]), Answer(200, COUNTY))
    with portal(loopback, sleeps) as client:
        assert client.county().county_id == "alpha"
    assert len(loopback.seen) == 2 and len(sleeps.calls) == 1


def test_a_truncated_body_after_a_post_without_key_is_not_sent_again(
    loopback: LoopbackServer, sleeps: RecordingSleep
) -> None:
    loopback.then(Answer(200, b'{"id": "INV-1", "sta'), Answer(200, b"{}"))
    with portal(loopback, sleeps) as client, pytest.raises(PortalUnavailable, match="may have gone out"):
        client.resend_invitation("INV-1")
    assert len(loopback.seen) == 1


def test_a_long_retry_after_is_reported_not_waited(loopback: LoopbackServer, sleeps: RecordingSleep) -> None:
    loopback.then(
        Answer(503, b'{"status": 503}', {"Retry-After": "600", "Content-Type": "application/problem+json"})
    )
    with portal(loopback, sleeps) as client, pytest.raises(PortalUnavailable) as caught:
        client.county()
    assert caught.value.retry_after == 600.0 and caught.value.status == 503 and sleeps.calls == []
    assert str(caught.value) == "CPSE Portal is busy right now. Try again in about 10 minutes."


def test_a_redirect_is_an_unexpected_answer(loopback: LoopbackServer, sleeps: RecordingSleep) -> None:
    loopback.then(Answer(301, b"", {"Location": "http://portal.example.org/api/v1/county"}))
    with portal(loopback, sleeps) as client, pytest.raises(PortalError, match="Check the portal address"):
        client.county()


def test_pages_that_repeat_a_cursor_stop(loopback: LoopbackServer, sleeps: RecordingSleep) -> None:
    loopback.default = Answer(200, b'{"items": [], "next": "same"}')
    with portal(loopback, sleeps) as client, pytest.raises(PortalUnavailable, match="repeats itself"):
        client.search_providers(name="Sunny")
    assert len(loopback.seen) == 2
