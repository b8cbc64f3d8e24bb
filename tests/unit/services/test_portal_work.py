"""PortalWorkService: a client per call, closed after; matches remembered; missing settings a sentence."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from countyadmin.domain.match_check import MatchCheck
from countyadmin.domain.matching import MatchKind
from countyadmin.domain.records import NewProvider
from countyadmin.portal.models import PortalProvider, ProviderMatch
from countyadmin.services.portal_work import (
    NOT_CONFIGURED,
    PortalNotConfigured,
    PortalWorkService,
    configured_portal,
)
from countyadmin.services.providers import ProviderService
from countyadmin.services.testing import InMemoryStore

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
NPI = "1234567893"


class CountingPortal:
    opened: list[CountingPortal] = []

    def __init__(self) -> None:
        self.closed = False
        CountingPortal.opened.append(self)

    def search_providers(self, **criteria: str | None) -> list[ProviderMatch]:
        provider = PortalProvider(
            "CP-000001", "agency", "Sunrise", NPI, None, None, None, None, None, None, None, None, None,
            "active", NOW,
        )  # fmt: skip
        return [ProviderMatch(provider, ("npi",))] if criteria.get("npi") == NPI else []

    def close(self) -> None:
        self.closed = True


def test_matches_are_remembered_and_each_call_has_its_own_client() -> None:
    store = InMemoryStore()
    with store.unit_of_work() as uow:
        provider_id = uow.providers.add(NewProvider(name="Sunrise", npi=NPI), user="t", at=NOW)
        uow.commit()
    service = PortalWorkService(store.unit_of_work, CountingPortal, user="clerk", clock=lambda: NOW)  # type: ignore[arg-type]
    CountingPortal.opened.clear()
    assert service.check_provider(provider_id) == MatchCheck(provider_id, NOW, MatchKind.NPI, 1)
    service.check_provider(provider_id)
    assert len(CountingPortal.opened) == 2 and all(p.closed for p in CountingPortal.opened)
    _, remembered = ProviderService(store.unit_of_work, user="clerk").list_with_match_checks()
    assert remembered == {provider_id: MatchCheck(provider_id, NOW, MatchKind.NPI, 1)}


@pytest.mark.parametrize(("url", "key"), [("", "k"), ("https://portal.test", None)])
def test_missing_address_or_key_is_a_sentence(url: str, key: str | None) -> None:
    factory = configured_portal(lambda: url, lambda _url: key, lambda _u, _k: CountingPortal())  # type: ignore[arg-type,return-value]
    with pytest.raises(PortalNotConfigured, match="Set the CPSE Portal address and API key in Settings"):
        factory()
    assert NOT_CONFIGURED.endswith("to look for matches.")


def test_an_unreadable_keyring_says_why() -> None:
    def broken(_url: str) -> str:
        raise RuntimeError("no keyring is available")

    factory = configured_portal(lambda: "https://portal.test", broken, lambda _u, _k: CountingPortal())  # type: ignore[arg-type,return-value]
    with pytest.raises(PortalNotConfigured, match="no keyring is available"):
        factory()
