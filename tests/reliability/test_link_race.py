"""Two desks link one county record to two different CPSE Portal providers at the same moment.

The real sandbox over HTTP and a real database (200 races on PostgreSQL; fewer on MariaDB and SQLite,
where they show the same rule holds). Each race: a new county record and two new portal providers;
Desk A links the record to one, Desk B to the other, released by a barrier. Afterwards the sandbox is
asked for the county link of every portal provider the test made, and the database for every record:

- exactly one desk's link is kept, and the row is the winner's record;
- 0 portal links that the county database does not hold, and 0 database links the portal lacks;
- the loser is told, in one sentence, who linked the provider to what and that its link was not made.

Before the fix the portal kept both links in every race (the loser's call reached the portal before
its database write lost), and the loser was told to reload and repeat, which then failed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from countyadmin.db.engine import create_engine_for
from countyadmin.db.unit_of_work import unit_of_work_factory
from countyadmin.domain.provider import ProviderRecord
from countyadmin.domain.records import NewProvider
from countyadmin.portal.client import PortalClient
from countyadmin.portal.models import NewPortalProvider
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.services.errors import LinkOvertaken
from countyadmin.services.linking import LinkService
from countyadmin.services.providers import ProviderService
from tests.reliability.conftest import Figures
from tests.reliability.test_concurrent_edits import Desk, Op, _race

RACES = {"postgresql": 200, "mysql": 40, "mariadb": 40, "sqlite": 40}


@dataclass
class Trial:
    record_id: int
    portal_ids: tuple[str, str]


def _client(sandbox: SandboxProcess, key: str) -> PortalClient:
    return PortalClient(sandbox.url, key, max_attempts=2, backoff=0.01, sleep=lambda _: None)


@pytest.fixture
def desks(database_url: str, fresh_sandbox: SandboxProcess, sandbox_api_key: str) -> Iterator[list[Desk]]:
    """Desk A and Desk B: each its own engine (own connections) and its own portal client."""
    made: list[tuple[Desk, PortalClient]] = []
    for user in ("Desk A", "Desk B"):
        desk_engine = create_engine_for(database_url)
        factory = unit_of_work_factory(desk_engine)
        portal = _client(fresh_sandbox, sandbox_api_key)
        desk = Desk(user, desk_engine, ProviderService(factory, user=user),
                    LinkService(factory, portal, user=user))  # fmt: skip
        made.append((desk, portal))
    yield [desk for desk, _ in made]
    for desk, portal in made:
        portal.close()
        desk.engine.dispose()


def _link_op(record_id: int, portal_id: str) -> Op:
    return Op("linked", lambda d: d.links.link(record_id, portal_id, expected_version=1), True)


def _message_problem(error: object, winner: Desk, winner_portal_id: str, mine: str) -> str | None:
    """Why the loser's message is not the one plain sentence it should be, or None when it is."""
    if not isinstance(error, LinkOvertaken):
        return f"{type(error).__name__}: {error}"
    text = str(error)
    wanted = (winner.user, winner_portal_id, "while you were linking it", f"your link to {mine} was not")
    missing = [part for part in wanted if part not in text]
    if missing or text.count(". ") or not text.endswith("."):
        return f"{text!r} (missing {missing})"
    return None


def test_two_desks_linking_one_record_leave_no_stray_portal_link(
    engine: Engine, desks: list[Desk], fresh_sandbox: SandboxProcess, sandbox_api_key: str,
    figures: Figures,
) -> None:  # fmt: skip
    races = RACES[engine.dialect.name]
    observer = unit_of_work_factory(engine)
    admin = _client(fresh_sandbox, sandbox_api_key)
    trials: list[Trial] = []
    problems: list[str] = []
    wins = {"Desk A": 0, "Desk B": 0}
    racing = 0.0  # seconds inside the races themselves, without making records and portal providers
    try:
        for number in range(races):
            with observer() as uow:
                record_id = uow.providers.add(NewProvider(name=f"Race Agency {number}"), user="import",
                                              at=datetime.now(UTC))  # fmt: skip
                uow.commit()
            portal_ids = tuple(
                admin.create_provider(NewPortalProvider("agency", f"Race Agency {number}{side}", None,
                                                        f"{number:06d}00000{i}")).id  # fmt: skip
                for i, side in enumerate(" AB"[1:])
            )
            assert len(portal_ids) == 2
            trials.append(Trial(record_id, (portal_ids[0], portal_ids[1])))
            started = time.perf_counter()
            outcomes = _race([_link_op(record_id, portal_ids[0]), _link_op(record_id, portal_ids[1])], desks)
            racing += time.perf_counter() - started
            where = f"race {number}: {outcomes!r}"
            won = [i for i, o in enumerate(outcomes) if isinstance(o, ProviderRecord)]
            if len(won) != 1:
                problems.append(f"not exactly one winner: {where}")
                continue
            winner, loser = won[0], 1 - won[0]
            wins[desks[winner].user] += 1
            with observer() as uow:
                final = uow.providers.get(record_id)
            if final != outcomes[winner]:
                problems.append(f"the row is not the winner's record: {final!r} {where}")
            problem = _message_problem(outcomes[loser], desks[winner], portal_ids[winner], portal_ids[loser])
            if problem:
                problems.append(f"race {number}: the loser was told {problem}")

        # Ask both sides what they hold, after every race has ended.
        stray = missing = 0
        with observer() as uow:
            held = {t.record_id: r.portal_provider_id if (r := uow.providers.get(t.record_id)) else None
                    for t in trials}  # fmt: skip
        for trial in trials:
            for portal_id in trial.portal_ids:
                link = admin.get_county_link(portal_id)
                if link is not None and held.get(int(link.county_provider_ref)) != portal_id:
                    stray += 1
            kept = held[trial.record_id]
            link = admin.get_county_link(kept) if kept else None
            if kept and (link is None or link.county_provider_ref != str(trial.record_id)):
                missing += 1
    finally:
        admin.close()
    figures["database"], figures["races"] = engine.dialect.name, races
    figures["racing_seconds"] = round(racing, 1)
    figures["stray_portal_links"], figures["database_links_portal_lacks"] = stray, missing
    figures.values.update(wins)
    assert stray == 0, f"{stray} portal links the county database does not hold, in {races} races"
    assert missing == 0, f"{missing} database links the portal does not hold, in {races} races"
    assert not problems, "\n".join(problems[:10])
    assert min(wins.values()) >= races // 10, f"one desk hardly ever won: {wins} — the desks did not race"
