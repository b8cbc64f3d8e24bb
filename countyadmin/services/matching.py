"""Use-case: find the CPSE Portal providers that may be this county provider.

Asked when Provider Details opens for an unlinked provider and again after every Apply. The portal is
asked for the same NPI or SED code; only when neither matches does a name + ZIP search offer weaker
"possible" candidates, scored by name similarity (legal and "doing business as" names).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from countyadmin.domain.identifiers import is_valid_npi, is_valid_sed_code
from countyadmin.domain.matching import (
    NAME_MATCH_THRESHOLD,
    MatchCandidate,
    MatchKind,
    identifier_match_kind,
    name_similarity,
    rank_candidates,
)
from countyadmin.domain.normalize import normalize_zip
from countyadmin.domain.provider import ProviderRecord
from countyadmin.portal.models import PortalProvider, ProviderMatch


class ProviderSearch(Protocol):
    """The part of the portal client this use-case needs."""

    def search_providers(
        self,
        *,
        npi: str | None = None,
        sed_code: str | None = None,
        name: str | None = None,
        zip: str | None = None,
    ) -> list[ProviderMatch]: ...


@dataclass(frozen=True, slots=True)
class MatchResult:
    candidates: Sequence[MatchCandidate[PortalProvider]]
    searched_npi: str | None
    searched_sed_code: str | None

    @property
    def has_identifier_match(self) -> bool:
        return any(candidate.kind.is_identifier_match for candidate in self.candidates)


NameSearch = Callable[[str], Sequence[ProviderMatch]]
"""Ask the portal for one name in the record's ZIP."""
MapNames = Callable[[NameSearch, Iterable[str]], Iterable[Sequence[ProviderMatch]]]
"""How the names are asked: ``map`` (one after another) or an executor's ``map`` (all at once)."""


def find_portal_matches(
    portal: ProviderSearch,
    record: ProviderRecord,
    *,
    other_names: Sequence[str] = (),
) -> MatchResult:
    """Ask the portal for providers that may be ``record``, strongest first.

    ``other_names`` are the provider's "doing business as" names (from the NPI Registry); an
    organization is also looked for under them. Invalid identifiers are not sent: they could only
    match by accident.
    """
    result = find_identifier_matches(portal, record)
    if result.candidates or not record.zip:
        return result

    def search(name: str) -> Sequence[ProviderMatch]:
        return portal.search_providers(name=name, zip=record.zip)

    return find_name_matches(search, record, other_names=other_names)


def find_identifier_matches(portal: ProviderSearch, record: ProviderRecord) -> MatchResult:
    """The first, stronger half: portal providers with the record's NPI or SED code (one request).

    Needs nothing from the NPI Registry, so Provider Details asks it while the registry is asked.
    """
    npi, sed_code = _searchable(record)
    candidates: dict[str, MatchCandidate[PortalProvider]] = {}
    if npi or sed_code:
        for match in portal.search_providers(npi=npi, sed_code=sed_code):
            kind = identifier_match_kind(match.matched_on)
            if kind is not None:
                candidates[match.provider.id] = MatchCandidate(match.provider, kind)
    return MatchResult(rank_candidates(candidates.values()), npi, sed_code)


def find_name_matches(
    search: NameSearch,
    record: ProviderRecord,
    *,
    other_names: Sequence[str] = (),
    map_names: MapNames = map,
) -> MatchResult:
    """The second half, when no identifier matched: similar names in the record's ZIP.

    Each distinct name is one request; ``map_names`` may ask them all at once (each with a client of
    its own), so a provider with "doing business as" names waits for one round trip, not one a name.
    """
    npi, sed_code = _searchable(record)
    if not record.zip:
        return MatchResult((), npi, sed_code)
    names = [name for name in (record.name, *other_names) if name and name.strip()]
    county_zip = normalize_zip(record.zip)
    found: dict[str, MatchCandidate[PortalProvider]] = {}
    distinct = list(dict.fromkeys(names))  # each distinct name once, in order
    for matches in map_names(search, distinct):
        for match in matches:
            provider = match.provider
            # The portal narrows by ZIP already; checking again keeps a lenient portal honest.
            if normalize_zip(provider.zip) != county_zip:
                continue
            score = name_similarity(names, provider.name)
            if score < NAME_MATCH_THRESHOLD:
                continue
            best = found.get(provider.id)
            if best is None or (best.score or 0.0) < score:
                found[provider.id] = MatchCandidate(provider, MatchKind.NAME_AND_ZIP, score)
    return MatchResult(rank_candidates(found.values()), npi, sed_code)


def _searchable(record: ProviderRecord) -> tuple[str | None, str | None]:
    npi = record.npi if record.npi and is_valid_npi(record.npi) else None
    sed_code = record.sed_code if record.sed_code and is_valid_sed_code(record.sed_code) else None
    return npi, sed_code
