"""PortalClient against the sandbox with faults: bounded retries, Retry-After, exactly-once invitations."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests

from countyadmin.npi_registry.client import NpiRegistryClient
from countyadmin.npi_registry.errors import NpiRegistryUnavailable
from countyadmin.portal.client import PortalClient
from countyadmin.portal.errors import PortalUnavailable
from countyadmin.portal.models import InvitationRequest, NewPortalProvider
from countyadmin.sandbox.process import SandboxProcess
from tests.integration.clients.conftest import RecordingSleep
from tests.integration.clients.test_portal_sandbox import outbox
from tests.integration.sandbox.helpers import unique_npi, unique_sed

Faults = Callable[..., dict[str, Any]]


@pytest.fixture
def portal(sandbox: SandboxProcess, sandbox_api_key: str, sleeps: RecordingSleep) -> PortalClient:
    return PortalClient(sandbox.url, sandbox_api_key, sleep=sleeps, max_attempts=4)


def test_503_with_retry_after_is_waited_then_reported(
    portal: PortalClient, sandbox_faults: Faults, sleeps: RecordingSleep
) -> None:
    sandbox_faults(error_rate=1.0, error_status=503, retry_after=2)
    with pytest.raises(PortalUnavailable) as caught:
        portal.county()
    assert sleeps.calls == [2.0, 2.0, 2.0]  # four attempts, each wait as the portal asked
    assert caught.value.retry_after == 2.0 and caught.value.status == 503
    assert str(caught.value) == "CPSE Portal is busy right now. Try again in about 2 seconds."


def test_429_asking_too_long_is_reported_at_once(
    portal: PortalClient, sandbox_faults: Faults, sleeps: RecordingSleep
) -> None:
    sandbox_faults(error_rate=1.0, error_status=429, retry_after=120)
    with pytest.raises(PortalUnavailable, match="Try again in about 2 minutes") as caught:
        portal.county()
    assert caught.value.retry_after == 120.0 and sleeps.calls == []


def test_500s_are_retried_with_backoff_then_reported(
    portal: PortalClient, sandbox_faults: Faults, sleeps: RecordingSleep
) -> None:
    sandbox_faults(error_rate=1.0, error_status=500, retry_after=0)
    with pytest.raises(PortalUnavailable, match=r"CPSE Portal had a problem \(HTTP 500\)"):
        portal.search_providers(name="Anything")
    assert len(sleeps.calls) == 3 and sleeps.calls[0] < sleeps.calls[2]


def test_dropped_connections_give_unavailable_after_bounded_retries(
    portal: PortalClient, sandbox_faults: Faults, sleeps: RecordingSleep
) -> None:
    sandbox_faults(drop_rate=1.0)
    with pytest.raises(PortalUnavailable, match="CPSE Portal could not be reached"):
        portal.county()
    assert len(sleeps.calls) == 3


def test_a_slow_portal_times_out(
    sandbox: SandboxProcess, sandbox_api_key: str, sandbox_faults: Faults, sleeps: RecordingSleep
) -> None:
    sandbox_faults(latency_ms=2000)
    with PortalClient(
        sandbox.url, sandbox_api_key, sleep=sleeps, timeout=(3.05, 0.3), max_attempts=2
    ) as client:
        with pytest.raises(PortalUnavailable, match="did not answer in time"):
            client.county()
    assert len(sleeps.calls) == 1


def test_an_invitation_retried_through_a_dropped_connection_is_created_once(
    sandbox: SandboxProcess, sandbox_api_key: str, sandbox_faults: Faults
) -> None:
    with PortalClient(sandbox.url, sandbox_api_key) as setup:
        provider = setup.create_provider(
            NewPortalProvider("agency", "Exactly Once LLC", unique_npi("2"), unique_sed())
        )
        setup.link_county(provider.id, "ALPHA-" + uuid.uuid4().hex[:6])  # only a linking county invites
    waits: list[float] = []

    def heal_then_record(seconds: float) -> None:
        # The first answer was lost after the portal processed it; the retry must not invite twice.
        sandbox_faults()
        waits.append(seconds)

    sandbox_faults(drop_rate=1.0)
    email = f"once.{uuid.uuid4().hex[:8]}@example.org"
    with PortalClient(sandbox.url, sandbox_api_key, sleep=heal_then_record) as client:
        invitation = client.create_invitation(
            provider.id,
            InvitationRequest("Ona", "Once", email, "clerk@alpha.gov"),
            idempotency_key=uuid.uuid4().hex,
        )
        assert len(waits) == 1 and invitation.replayed  # the answer came from the first attempt's record
        assert [i.id for i in client.list_invitations(provider.id)] == [invitation.id]
    assert len(outbox(sandbox, invitation.id)) == 1


def test_a_provider_create_lost_in_transit_is_not_repeated_and_the_message_is_true(
    portal: PortalClient, sandbox_faults: Faults, sleeps: RecordingSleep
) -> None:
    npi = unique_npi("2")
    sandbox_faults(drop_rate=1.0)
    with pytest.raises(PortalUnavailable, match="it may have been"):
        portal.create_provider(NewPortalProvider("agency", "Lost Answer LLC", npi, unique_sed()))
    sandbox_faults()
    assert sleeps.calls == []
    assert [m.provider.name for m in portal.search_providers(npi=npi)] == ["Lost Answer LLC"]


def test_npi_registry_emulator_and_its_faults(
    sandbox: SandboxProcess, sandbox_faults: Faults, sleeps: RecordingSleep
) -> None:
    npi = unique_npi("1")
    record = {
        "number": npi,
        "enumeration_type": "NPI-1",
        "last_updated_epoch": "1700000000000",
        "basic": {"first_name": "KELSEY", "last_name": "SMITH", "credential": "PT", "status": "A"},
        "addresses": [
            {
                "address_purpose": "LOCATION",
                "address_1": "1 MAIN ST",
                "city": "ALBANY",
                "state": "NY",
                "postal_code": "122070001",
                "country_code": "US",
            }
        ],
        "taxonomies": [
            {
                "code": "225100000X",
                "desc": "Physical Therapist",
                "primary": True,
                "state": "NY",
                "license": "012345",
            }
        ],
        "other_names": [],
    }
    requests.post(f"{sandbox.url}/sandbox/npi-records", json=record, timeout=10).raise_for_status()
    with NpiRegistryClient(f"{sandbox.url}/npi-registry/api/", sleep=sleeps) as registry:
        registry.check()
        found = registry.lookup(npi)
        assert (found.npi, found.display_name, found.is_active) == (npi, "KELSEY SMITH PT", True)
        assert found.primary_taxonomy is not None and found.primary_taxonomy.license == "012345"
        sandbox_faults(error_rate=1.0, error_status=503, retry_after=1)
        with pytest.raises(NpiRegistryUnavailable, match="busy"):
            registry.lookup(npi)
        assert sleeps.calls == [1.0, 1.0]
