"""Two desks race on one provider in PostgreSQL, 200 times: no update is lost, every loser is told.

Each trial, both desks (each with its own engine, so its own connections and transactions) read the
provider, wait at a barrier, then at the same moment Apply a random Billing Provider Profile, link it to
a portal provider, or unlink it, all against the version they read. Afterwards:

- at most one of them wrote, and exactly one when both asked for a real change;
- the row in the database is the winner's record, field for field (no mixture, no lost update);
- the audit history grew by exactly the writes that succeeded, with the winner's name and action;
- the loser got the clerk-facing conflict, naming the winner ("Desk A changed this provider …"; for a
  link or unlink "Desk A linked this provider to CP-… at … while you were unlinking it; …").

A link or unlink moves the version twice (its claim, then its record: services/linking.py).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from countyadmin.db.engine import create_engine_for
from countyadmin.db.unit_of_work import unit_of_work_factory
from countyadmin.domain.identifiers import npi_check_digit
from countyadmin.domain.profile import profile_diff
from countyadmin.domain.provider import ProfileChanges, ProviderRecord, ProviderType
from countyadmin.domain.records import NewProvider
from countyadmin.portal.models import CountyLink, NewPortalProvider, PortalProvider
from countyadmin.services.errors import ConcurrentEdit, LinkIncomplete, LinkOvertaken
from countyadmin.services.linking import LinkService
from countyadmin.services.providers import PROFILE_APPLIED, ProviderService
from tests.fixtures.databases import _postgres_schema_url
from tests.reliability.conftest import Figures

TRIALS = 200
pytestmark = pytest.mark.postgres


@pytest.fixture
def database_url() -> Iterator[str]:
    """A fresh PostgreSQL schema (skipped, saying why, when COUNTYADMIN_TEST_POSTGRES_URL is unset)."""
    yield from _postgres_schema_url()


class AgreeablePortal:
    """CPSE Portal always saying yes: the race under test is the county database's, not the portal's."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.links: dict[str, str] = {}

    def get_provider(self, provider_id: str) -> PortalProvider:
        raise AssertionError("not used by link and unlink")

    def create_provider(self, provider: NewPortalProvider) -> PortalProvider:
        raise AssertionError("not used by link and unlink")

    def get_county_link(self, provider_id: str) -> CountyLink | None:
        with self._lock:
            ref = self.links.get(provider_id)
        return None if ref is None else CountyLink(provider_id, ref, datetime.now(UTC))

    def link_county(self, provider_id: str, county_provider_ref: str) -> CountyLink:
        with self._lock:
            self.links[provider_id] = county_provider_ref
        return CountyLink(provider_id, county_provider_ref, datetime.now(UTC))

    def unlink_county(self, provider_id: str) -> None:
        with self._lock:
            self.links.pop(provider_id, None)


@dataclass
class Desk:
    user: str
    engine: Engine
    providers: ProviderService
    links: LinkService


@dataclass
class Op:
    """One desk's action in a trial; ``action`` is the audit action it writes when it wins."""

    action: str
    run: Callable[[Desk], ProviderRecord]
    changes_something: bool


def _random_npi(rng: random.Random) -> str:
    first_nine = rng.choice("12") + "".join(rng.choice("0123456789") for _ in range(8))
    return first_nine + npi_check_digit(first_nine)


def _choose(rng: random.Random, current: ProviderRecord) -> Op:
    pid, version = current.id, current.version
    roll = rng.random()
    if roll < 0.5:
        changes = ProfileChanges(
            rng.choice([ProviderType.AGENCY, ProviderType.INDIVIDUAL]),
            _random_npi(rng),
            rng.choice([None, "".join(rng.choice("0123456789") for _ in range(12))]),
            uses_portal=True if current.portal_provider_id else rng.random() < 0.5,
        )
        return Op(PROFILE_APPLIED, lambda d: d.providers.apply_profile(pid, version, changes),
                  bool(profile_diff(current, changes)))  # fmt: skip
    if current.portal_provider_id is None:
        portal_id = f"CP-{rng.randrange(10**6):06d}"
        return Op("linked", lambda d: d.links.link(pid, portal_id, expected_version=version), True)
    return Op("unlinked", lambda d: d.links.unlink(pid, expected_version=version), True)


def _race(ops: list[Op], desks: list[Desk]) -> list[ProviderRecord | Exception | None]:
    """Both desks' actions at the same moment, each on its own thread; the result or the error of each."""
    outcomes: list[ProviderRecord | Exception | None] = [None, None]
    barrier = threading.Barrier(2)

    def run(index: int) -> None:
        barrier.wait(timeout=30)
        try:
            outcomes[index] = ops[index].run(desks[index])
        except Exception as error:  # judged by the caller: only the clerk-facing conflict may happen
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _conflict_names(error: Exception, winner: str) -> bool:
    text = str(error)
    if isinstance(error, LinkOvertaken):  # the loser was linking or unlinking
        return text.startswith(f"{winner} ") and " while you were " in text and text.endswith("see it.")
    if isinstance(error, ConcurrentEdit):
        return text.startswith(f"{winner} changed this provider") and text.endswith(
            "reload to see their changes."
        )
    return f"but {winner} changed this provider in Preschool meanwhile" in text and "Reload" in text


def test_two_desks_race_on_one_provider(database_url: str, engine: Engine, figures: Figures) -> None:
    with unit_of_work_factory(engine)() as uow:
        provider_id = uow.providers.add(NewProvider(name="Sunrise Therapy LLC"), user="import",
                                        at=datetime.now(UTC))  # fmt: skip
        uow.commit()
    portal = AgreeablePortal()
    desks: list[Desk] = []
    for user in ("Desk A", "Desk B"):
        desk_engine = create_engine_for(database_url)
        factory = unit_of_work_factory(desk_engine)
        desks.append(Desk(user, desk_engine, ProviderService(factory, user=user),
                          LinkService(factory, portal, user=user)))  # fmt: skip
    rng = random.Random(4410)
    observer = ProviderService(unit_of_work_factory(engine), user="observer")
    writes = conflicts = both_real = 0
    actions = {"profile_applied": 0, "linked": 0, "unlinked": 0}
    try:
        for trial in range(TRIALS):
            current = observer.get(provider_id)
            ops = [_choose(rng, current), _choose(rng, current)]
            outcomes = _race(ops, desks)
            where = f"trial {trial}: {[op.action for op in ops]} -> {outcomes!r}"

            won = [i for i, o in enumerate(outcomes)
                   if isinstance(o, ProviderRecord) and o.version > current.version]  # fmt: skip
            lost = [i for i, o in enumerate(outcomes) if isinstance(o, Exception)]
            for i, outcome in enumerate(outcomes):
                assert isinstance(outcome, ProviderRecord | ConcurrentEdit | LinkIncomplete), where
                if isinstance(outcome, ProviderRecord) and i not in won:
                    assert outcome.version == current.version and not ops[i].changes_something, where
            assert len(won) <= 1, where
            if ops[0].changes_something and ops[1].changes_something:
                both_real += 1
                assert len(won) == 1, f"both desks were refused: {where}"
            final = observer.get(provider_id)
            history = observer.history(provider_id)
            if won:
                winner = won[0]
                assert final == outcomes[winner], where  # every field, the version and who saved it
                assert (history[0].user_name, history[0].action) == (desks[winner].user, ops[winner].action)
                actions[ops[winner].action] += 1
                writes += 1
            else:
                assert final == current, where
            for i in lost:
                assert won, f"a conflict with no winner: {where}"
                assert _conflict_names(outcomes[i], desks[won[0]].user), where  # type: ignore[arg-type]
                conflicts += 1
            assert len(history) == writes, where  # each committed write audited, no loser's line
    finally:
        for desk in desks:
            desk.engine.dispose()
    figures["trials"], figures["writes"], figures["conflicts_reported"] = TRIALS, writes, conflicts
    figures["both_real_changes"] = both_real
    figures.values.update(actions)
    assert conflicts >= TRIALS // 4, "the desks hardly ever raced: the test did not test"
