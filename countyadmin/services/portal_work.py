"""Use-cases of Provider Details that talk to CPSE Portal: find matches, link, add, unlink, show.

A ``requests.Session`` is not guaranteed to be thread-safe, and the GUI runs these calls on pool
threads, so every call opens a portal client of its own and closes it when done. The client is built
from the current settings each time, so a key entered in Settings works without a restart, and a
missing address or key is a sentence (``PortalNotConfigured``), never a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Protocol

from countyadmin.domain.match_check import MatchCheck
from countyadmin.domain.provider import ProviderRecord
from countyadmin.portal.models import PortalProvider, ProviderMatch
from countyadmin.services.errors import ProviderNotFound, ServiceError
from countyadmin.services.linking import LinkService, PortalLinks
from countyadmin.services.matching import (
    MatchResult,
    ProviderSearch,
    find_identifier_matches,
    find_name_matches,
    find_portal_matches,
)
from countyadmin.services.unit_of_work import UnitOfWorkFactory

NOT_CONFIGURED = "Set the CPSE Portal address and API key in Settings to look for matches."


class PortalNotConfigured(ServiceError):
    """The CPSE Portal address or API key is not set (or cannot be read); the sentence says what to do."""


class PortalCalls(ProviderSearch, PortalLinks, Protocol):
    """The portal client as these use-cases use it (``countyadmin.portal.client.PortalClient``)."""

    def close(self) -> None: ...


PortalFactory = Callable[[], PortalCalls]


def configured_portal(
    url: Callable[[], str | None],
    api_key: Callable[[str], str | None],
    build: Callable[[str, str], PortalCalls],
) -> PortalFactory:
    """A factory that reads the address and key when called and builds a fresh client from them.

    ``api_key`` may raise (no keyring): its sentence becomes the PortalNotConfigured message.
    """

    def factory() -> PortalCalls:
        address = (url() or "").strip()
        if not address:
            raise PortalNotConfigured(NOT_CONFIGURED)
        try:
            key = api_key(address)
        except Exception as error:  # a keyring that cannot be read: say why, where the matches would be
            raise PortalNotConfigured(f"{NOT_CONFIGURED} {getattr(error, 'user_message', error)}") from error
        if not key:
            raise PortalNotConfigured(NOT_CONFIGURED)
        try:
            return build(address, key)
        except ValueError as error:  # PortalClient refuses a malformed key with a sentence
            raise PortalNotConfigured(str(error)) from error

    return factory


class PortalWorkService:
    """Everything Provider Details asks CPSE Portal, as ``user``; safe to call from several threads."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        portal_factory: PortalFactory,
        *,
        user: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._uow_factory = uow_factory
        self._portal_factory = portal_factory
        self._user = user
        self._clock = clock

    @contextmanager
    def _portal(self) -> Iterator[PortalCalls]:
        client = self._portal_factory()
        try:
            yield client
        finally:
            client.close()

    def _links(self, portal: PortalCalls) -> LinkService:
        return LinkService(self._uow_factory, portal, user=self._user, clock=self._clock)

    def find_matches(self, record: ProviderRecord, *, other_names: Sequence[str] = ()) -> MatchResult:
        """The portal's candidates for ``record``; the outcome is remembered for the provider list."""
        with self._portal() as portal:
            result = find_portal_matches(portal, record, other_names=other_names)
        return self._remember(record, result)

    def find_identifier_matches(self, record: ProviderRecord) -> MatchResult:
        """``find_matches``' first half (NPI or SED code, one request); remembered when it found some."""
        with self._portal() as portal:
            result = find_identifier_matches(portal, record)
        return self._remember(record, result) if result.candidates else result

    def find_name_matches(self, record: ProviderRecord, *, other_names: Sequence[str] = ()) -> MatchResult:
        """``find_matches``' second half: every name asked at once, each on a client of its own."""

        def search(name: str) -> list[ProviderMatch]:
            with self._portal() as portal:
                return portal.search_providers(name=name, zip=record.zip)

        with ThreadPoolExecutor(max_workers=4, thread_name_prefix="name-search") as pool:
            result = find_name_matches(search, record, other_names=other_names, map_names=pool.map)
        return self._remember(record, result)

    def _remember(self, record: ProviderRecord, result: MatchResult) -> MatchResult:
        best = result.candidates[0].kind if result.candidates else None
        check = MatchCheck(record.id, self._clock(), best, len(result.candidates))
        with self._uow_factory() as uow:
            if uow.providers.get(record.id) is not None:  # deleted meanwhile: nothing to remember
                uow.match_checks.save(check)
                uow.commit()
        return result

    def check_provider(self, provider_id: int) -> MatchCheck:
        """Look for matches of one stored provider (the list's "Check all unlinked providers")."""
        with self._uow_factory() as uow:
            record = uow.providers.get(provider_id)
        if record is None:
            raise ProviderNotFound(provider_id)
        result = self.find_matches(record)
        best = result.candidates[0].kind if result.candidates else None
        return MatchCheck(provider_id, self._clock(), best, len(result.candidates))

    def portal_provider(self, portal_provider_id: str) -> PortalProvider:
        with self._portal() as portal:
            return portal.get_provider(portal_provider_id)

    def link(self, provider_id: int, portal_provider_id: str, *, expected_version: int) -> ProviderRecord:
        with self._portal() as portal:
            links = self._links(portal)
            return links.link(provider_id, portal_provider_id, expected_version=expected_version)

    def add_to_portal(self, provider_id: int, *, expected_version: int) -> ProviderRecord:
        with self._portal() as portal:
            return self._links(portal).add_to_portal(provider_id, expected_version=expected_version)

    def unlink(self, provider_id: int, *, expected_version: int) -> ProviderRecord:
        with self._portal() as portal:
            return self._links(portal).unlink(provider_id, expected_version=expected_version)
