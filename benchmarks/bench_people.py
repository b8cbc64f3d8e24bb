"""People search and the identity checks on a county-sized local copy (issue 17).

``python -m benchmarks.bench_people [--quick] [--runs 15] [--postgres URL] [--mariadb URL]``

Fills a county database (SQLite in a temporary folder; PostgreSQL and MariaDB too when named, or
COUNTYADMIN_TEST_POSTGRES_URL / COUNTYADMIN_TEST_MARIADB_URL are set, into scratch schemas dropped
afterwards) through the sync's own write path (``SqlPortalCopyRepository.apply_*``): 5,000 linked county
providers, 8,000 admin users and 20,000 invitations, people at several providers, some NPIs under two
addresses and addresses under two names. Then times, median of N runs, each ``PeopleService`` call as the
window makes it (one unit of work, the query, the places named from the providers table):

- an NPI, an address exactly, an address by its start, a name by two words, a name by a common word
  (cut at the limit), and a name found nowhere (the worst case: every row looked at);
- ``identities()``: the three GROUP BY checks and their people.

``--quick``: a quarter of the rows, 5 runs.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from countyadmin.db.engine import create_engine_for, upgrade_database
from countyadmin.db.portal_copy_repository import FeedPosition
from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork, unit_of_work_factory
from countyadmin.domain.identifiers import npi_check_digit
from countyadmin.domain.records import NewProvider
from countyadmin.portal.models import (
    AdminUser,
    AdminUserChange,
    CountyLink,
    Invitation,
    InvitationChange,
    LinkChange,
)
from countyadmin.services.people import PeopleService

AS_OF = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
FIRST = ("Ana", "José", "Pat", "Sam", "Lee", "Maria", "Chen", "Noor", "Ivan", "Zoë", "Kim", "Omar", "Ruth")
LAST = ("Ortiz", "Núñez", "Lee", "Smith", "Khan", "Nguyen", "Cohen", "Rossi", "Brown", "O'Neil", "Diaz")


def _npi(rng: random.Random) -> str:
    first_nine = "1" + f"{rng.randrange(10**8):08d}"
    return first_nine + npi_check_digit(first_nine)


def fill(
    uow_factory: Callable[[], SqlAlchemyUnitOfWork], providers: int, admins: int, invites: int
) -> dict[str, str]:
    """The copy; returns what the timed searches look for."""
    rng = random.Random(17)
    with uow_factory() as uow:
        ids = [uow.providers.add(NewProvider(name=f"Provider {n} Therapy LLC", sed_code=f"{n:012d}",
                                             uses_portal=True), user="bench", at=AS_OF)
               for n in range(providers)]  # fmt: skip
        uow.portal_copy.apply_links([LinkChange(f"CP-{n:06d}", CountyLink(f"CP-{n:06d}", str(i), AS_OF))
                                     for n, i in enumerate(ids)])  # fmt: skip
        uow.commit()
    people = [(rng.choice(FIRST), f"{rng.choice(LAST)}{n}", f"person{n}@ex{n % 97}.org", _npi(rng))
              for n in range((admins + invites) // 2)]  # fmt: skip

    def who(n: int) -> tuple[str, str, str, str]:
        first, last, email, npi = people[n % len(people)]
        if n % 500 == 7:  # the same NPI under another address
            email = f"other{n}@elsewhere.org"
        if n % 700 == 11:  # the same address under another name
            first = "Another"
        return first, last, email, npi

    users = []
    for n in range(admins):
        first, last, email, npi = who(n)
        user = AdminUser(f"U{n}", f"user{n}", first, last, email, "active", True, npi, "SLP", None)
        users.append(AdminUserChange(f"U{n}", f"CP-{rng.randrange(providers):06d}", user))
    invitations = []
    for n in range(invites):
        first, last, email, npi = who(n * 3 + 1)
        status = rng.choice(("pending", "pending", "accepted", "cancelled"))
        expires = AS_OF + timedelta(days=rng.randrange(-20, 14))
        pid = f"CP-{rng.randrange(providers):06d}"
        inv = Invitation(f"I{n}", pid, first, last, email, "admin", True, npi, "OT", None, status,
                         expires - timedelta(days=14), expires, "clerk")  # fmt: skip
        invitations.append(InvitationChange(f"I{n}", pid, inv))
    with uow_factory() as uow:
        uow.portal_copy.apply_admin_users(users)
        uow.portal_copy.apply_invitations(invitations)
        for feed in ("links", "invitations", "admin_users"):
            uow.portal_copy.save_position(FeedPosition(feed, "bench", "w", None, AS_OF))
        uow.commit()
    first, last, email, npi = people[1234 % len(people)]
    return {
        "NPI exactly": npi,
        "address exactly": email,
        "address by its start": email.split("@")[0][:7],
        "name by two words": f"{first} {last}",
        "name by a common word": "ortiz",
        "a name found nowhere": "zzzz qqqq",
    }


def time_service(label: str, uow_factory: Callable[[], SqlAlchemyUnitOfWork], queries: dict[str, str],
                 runs: int) -> None:  # fmt: skip
    service = PeopleService(uow_factory)
    print(f"\n{label}")
    for name, typed in queries.items():
        samples, found = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            found = len(service.search(typed).people)
            samples.append(time.perf_counter() - start)
        print(f"  {name:<24} {statistics.median(samples) * 1000:7.2f} ms  ({found} people)")
    samples, count = [], 0
    for _ in range(max(3, runs // 3)):
        start = time.perf_counter()
        count = len(service.identities().findings)
        samples.append(time.perf_counter() - start)
    print(f"  {'identities()':<24} {statistics.median(samples) * 1000:7.2f} ms  ({count} findings)")


@contextmanager
def scratch(url: str, kind: str) -> Iterator[str]:
    base = make_url(url)
    name = f"bench_people_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    if kind == "postgres":
        create, drop = f'CREATE SCHEMA "{name}"', f'DROP SCHEMA "{name}" CASCADE'
    else:
        create, drop = f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4", f"DROP DATABASE `{name}`"
    with admin.connect() as c:
        c.execute(text(create))
    try:
        target = (base.update_query_dict({"options": f"-csearch_path={name}"}) if kind == "postgres"
                  else base.set(database=name))  # fmt: skip
        yield target.render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(drop))
        admin.dispose()


def run_one(label: str, url: str, sizes: tuple[int, int, int], runs: int) -> None:
    engine = create_engine_for(url)
    try:
        upgrade_database(engine)
        factory = unit_of_work_factory(engine)
        start = time.perf_counter()
        queries = fill(factory, *sizes)
        print(f"\n{label}: filled in {time.perf_counter() - start:.1f} s")
        time_service(label, factory, queries, runs)
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--postgres", default=os.environ.get("COUNTYADMIN_TEST_POSTGRES_URL"))
    parser.add_argument("--mariadb", default=os.environ.get("COUNTYADMIN_TEST_MARIADB_URL"))
    args = parser.parse_args(argv)
    sizes = (1250, 2000, 5000) if args.quick else (5000, 8000, 20000)
    runs = 5 if args.quick else args.runs
    print(
        f"{sizes[0]:,} linked providers, {sizes[1]:,} admin users, {sizes[2]:,} invitations; median of {runs}"
    )
    with tempfile.TemporaryDirectory() as folder:
        run_one("SQLite", f"sqlite:///{Path(folder, 'county.sqlite3').as_posix()}", sizes, runs)
    for kind, url in (("postgres", args.postgres), ("mariadb", args.mariadb)):
        if url:
            with scratch(url, kind) as scratch_url:
                run_one("PostgreSQL" if kind == "postgres" else "MariaDB", scratch_url, sizes, runs)


if __name__ == "__main__":
    main()
