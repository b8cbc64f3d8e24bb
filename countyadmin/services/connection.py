"""Settings' "Test connection" buttons: one call each, errors left as the clients raise them."""

from __future__ import annotations

from typing import Protocol

from countyadmin.portal.models import CountyInfo


class PortalProbe(Protocol):
    def county(self) -> CountyInfo: ...


class RegistryProbe(Protocol):
    def check(self) -> None: ...


def check_portal(client: PortalProbe) -> CountyInfo:
    """Which county the API key belongs to; raises the portal client's errors (Unauthorized, …)."""
    return client.county()


def check_registry(client: RegistryProbe) -> None:
    """Returns when the NPI Registry answers; raises NpiRegistryUnavailable otherwise."""
    client.check()
