from __future__ import annotations

import pytest

from countyadmin.npi_registry.errors import NpiRegistryUnavailable
from countyadmin.portal.errors import Unauthorized
from countyadmin.portal.models import CountyInfo
from countyadmin.services.connection import check_portal, check_registry


class Portal:
    def __init__(self, answer: CountyInfo | Exception) -> None:
        self.answer = answer

    def county(self) -> CountyInfo:
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


class Registry:
    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.checked = 0

    def check(self) -> None:
        self.checked += 1
        if self.error:
            raise self.error


def test_check_portal_returns_the_county() -> None:
    assert check_portal(Portal(CountyInfo("demo", "Demo County"))) == CountyInfo("demo", "Demo County")
    with pytest.raises(Unauthorized):
        check_portal(Portal(Unauthorized("The API key was refused.")))


def test_check_registry() -> None:
    registry = Registry()
    check_registry(registry)
    assert registry.checked == 1
    with pytest.raises(NpiRegistryUnavailable):
        check_registry(Registry(NpiRegistryUnavailable("down")))
