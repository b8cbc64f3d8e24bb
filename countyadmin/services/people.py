"""People across providers: search one person by name, e-mail or NPI in the local copy of CPSE Portal's
data, and list what looks like one person under two identities, for the county coordinator to sort out.

Reads only the local copy (kept current by services/portal_sync.py), never the portal: a search answers
in milliseconds and works while the portal is away. Every result carries the copy's "as of" time.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from countyadmin.db.portal_copy_repository import FeedPosition
from countyadmin.domain.people import (
    MANY_PROVIDERS,
    IdentityFinding,
    PeopleQuery,
    Person,
    PersonEntry,
    group_people,
    names_finding,
    npi_finding,
    providers_finding,
    query_problem,
)
from countyadmin.services.portal_sync import copy_as_of

SEARCH_LIMIT = 200  # admin users and invitations each; a longer list asks for more letters instead
FINDING_LIMIT = 200  # of each kind


class PeopleRepository(Protocol):
    """``countyadmin.db.people_repository.SqlPeopleRepository``."""

    def search(
        self, query: PeopleQuery, *, as_of: datetime | None, limit: int
    ) -> tuple[list[PersonEntry], bool]: ...
    def npis_with_several_emails(self, limit: int) -> list[str]: ...
    def emails_with_several_names(self, limit: int) -> list[str]: ...
    def emails_invited_at_many(self, minimum: int, limit: int) -> list[str]: ...
    def entries_for(
        self, *, as_of: datetime | None, npis: Collection[str] = (), email_keys: Collection[str] = (),
        invitations: Sequence[str] = ...,
    ) -> list[PersonEntry]: ...  # fmt: skip


class _Positions(Protocol):
    def positions(self) -> dict[str, FeedPosition]: ...


class PeopleUnitOfWork(Protocol):
    @property
    def people(self) -> PeopleRepository: ...
    @property
    def portal_copy(self) -> _Positions: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class PeopleSearch:
    """A search's answer. ``note``: a sentence to show instead of, or under, the people."""

    typed: str
    people: tuple[Person, ...]
    as_of: datetime | None
    note: str = ""
    more: bool = False  # the limit cut the list


@dataclass(frozen=True, slots=True)
class IdentityReport:
    findings: tuple[IdentityFinding, ...]
    as_of: datetime | None


class PeopleService:
    """Safe to call from a worker thread: each call opens its own unit of work."""

    def __init__(self, uow_factory: Callable[[], PeopleUnitOfWork], *, limit: int = SEARCH_LIMIT) -> None:
        self._uow_factory = uow_factory
        self._limit = limit

    def search(self, typed: str) -> PeopleSearch:
        query = PeopleQuery.parse(typed)
        with self._uow_factory() as uow:
            as_of = copy_as_of(uow.portal_copy.positions())
            if query is None:
                return PeopleSearch(typed, (), as_of, query_problem(typed) if typed.strip() else "")
            entries, more = uow.people.search(query, as_of=as_of, limit=self._limit)
        people = tuple(group_people(entries))
        if not people:
            note = f"Nobody found with {query.hint()}."
            if as_of is None:
                note += (" The CPSE Portal data has not been synced yet: use Providers → Sync with CPSE "
                         "Portal now.")  # fmt: skip
            return PeopleSearch(typed, (), as_of, note)
        note = f"Showing the first {len(people)} people: type more to narrow the search." if more else ""
        return PeopleSearch(typed, people, as_of, note, more)

    def identities(self) -> IdentityReport:
        """Same NPI under several addresses, same address under several names, one address invited at
        MANY_PROVIDERS providers or more; each with the sentence the coordinator reads."""
        with self._uow_factory() as uow:
            repo = uow.people
            as_of = copy_as_of(uow.portal_copy.positions())
            npis = repo.npis_with_several_emails(FINDING_LIMIT)
            named = repo.emails_with_several_names(FINDING_LIMIT)
            many = repo.emails_invited_at_many(MANY_PROVIDERS, FINDING_LIMIT)
            by_npi = repo.entries_for(as_of=as_of, npis=npis)
            by_email = repo.entries_for(as_of=as_of, email_keys=named)
            invited = repo.entries_for(as_of=as_of, email_keys=many,
                                       invitations=("pending", "expired", "accepted"))  # fmt: skip
        findings: list[IdentityFinding] = []
        for npi in npis:
            findings.append(npi_finding(npi, [e for e in by_npi if e.npi == npi]))
        for key in named:
            findings.append(names_finding(_with_key(by_email, key)))
        for key in many:
            findings.append(providers_finding([e for e in _with_key(invited, key) if e.kind == "invitation"]))
        return IdentityReport(tuple(findings), as_of)


def _with_key(entries: Sequence[PersonEntry], key: str) -> list[PersonEntry]:
    return [e for e in entries if e.email_key == key]
