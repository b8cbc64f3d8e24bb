"""The look for CPSE Portal matches as the match list runs it: two stages, each on a pool thread.

1. The identifier search (NPI or SED code) starts the moment the record is shown, while the NPI field
   asks the NPI Registry: it needs nothing from the registry. Identifier matches are final.
2. Only when none matched: the name + ZIP search, once the registry's "doing business as" names are in
   (every name asked at once). With CPSE Portal and the registry each answering in L seconds, identifier
   matches show after about L, name matches after about 2L (they were 2L and 3L one after the other).

Each answer also says which candidates another county record is already linked to (a database read on
the same worker), so the list never shows, let alone pre-selects, such a row unmarked.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from countyadmin.domain.provider import ProviderRecord, ProviderSummary
from countyadmin.gui.context import PortalWorkLike, ProviderServiceLike
from countyadmin.gui.provider_details.npi_field import NpiField
from countyadmin.services.matching import MatchResult
from countyadmin.services.portal_work import NOT_CONFIGURED, PortalNotConfigured

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MatchAnswer:
    ticket: int
    result: MatchResult | None
    error: Exception | None
    linked: dict[str, ProviderSummary] = field(default_factory=dict)
    final: bool = True  # False: no identifier matched, the name search follows


def other_names(npi: NpiField, record: ProviderRecord) -> Sequence[str]:
    """The NPI Registry's "doing business as" names for the record's NPI, from the NPI field's answer."""
    result = npi.result
    if result is None or result.record is None or result.npi != record.npi:
        return ()
    return tuple(getattr(result.record, "other_names", ()) or ())


def _linked(
    providers: ProviderServiceLike, record: ProviderRecord, result: MatchResult
) -> dict[str, ProviderSummary]:
    ids = [candidate.portal.id for candidate in result.candidates]
    try:
        return providers.linked_elsewhere(record.id, ids) if ids else {}
    except Exception as error:  # the portal's own check (409 on link) still stops a second link
        log.warning("reading which matches are linked already failed: %s", error)
        return {}


def find_identifiers(
    portal: PortalWorkLike | None, providers: ProviderServiceLike, ticket: int, record: ProviderRecord
) -> MatchAnswer:
    # Runs on a pool thread: only services are touched here.
    try:
        if portal is None:
            raise PortalNotConfigured(NOT_CONFIGURED)
        result = portal.find_identifier_matches(record)
    except Exception as error:
        return MatchAnswer(ticket, None, error)
    if not result.candidates:
        return MatchAnswer(ticket, result, None, final=False)
    return MatchAnswer(ticket, result, None, _linked(providers, record, result))


def find_names(
    portal: PortalWorkLike | None,
    providers: ProviderServiceLike,
    ticket: int,
    record: ProviderRecord,
    names: Sequence[str],
) -> MatchAnswer:
    try:
        if portal is None:
            raise PortalNotConfigured(NOT_CONFIGURED)
        result = portal.find_name_matches(record, other_names=names)
    except Exception as error:
        return MatchAnswer(ticket, None, error)
    return MatchAnswer(ticket, result, None, _linked(providers, record, result))


def link_latest(
    providers: ProviderServiceLike, portal: PortalWorkLike, provider_id: int, portal_id: str
) -> ProviderRecord:
    # "Try again" after a half-done link: the clerk repeats it on the record as it is now.
    return portal.link(provider_id, portal_id, expected_version=providers.get(provider_id).version)
