"""People across providers against a real sandbox, synced into SQLite, PostgreSQL and MariaDB.

The world (tests/fixtures/people_world.py) is built through the sandbox's county API; the search and the
identity checks read only the synced local copy, joined to the county's own provider records.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.domain.people import FindingKind
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.services.people import PeopleService
from tests.fixtures.people_world import PeopleWorld, build_people_world, sync

UowFactory = Callable[[], SqlAlchemyUnitOfWork]


@pytest.fixture
def world(fresh_sandbox: SandboxProcess, uow_factory: UowFactory) -> PeopleWorld:
    built = build_people_world(fresh_sandbox, uow_factory)
    sync(built, uow_factory)
    return built


def test_a_person_by_name_email_or_npi_with_every_place(world: PeopleWorld, uow_factory: UowFactory) -> None:
    service = PeopleService(uow_factory)
    by_name = service.search("  ORTIZ   ana ")
    assert by_name.as_of is not None and by_name.note == ""
    ana = next(p for p in by_name.people if p.email == world.email("ana"))
    assert [e.place.name for e in ana.admin_at] == ["Sunrise LC"]
    assert ana.admin_at[0].place.sed_code == world.sed_codes["Sunrise LC"]
    assert ana.admin_at[0].place.portal_provider_id == world.portal_ids["Sunrise LC"]
    assert [(e.place.name, e.status) for e in ana.invitations] == [("Kids P.C.", "pending")]
    assert ana.npis == (world.ana_npi,) and ana.professions == ("SLP",)
    # Beta County's invitation to the same address is not Alpha's to see.
    assert len(ana.admin_at) + len(ana.invitations) == 2

    by_npi = service.search(world.ana_npi)
    assert sorted(p.email for p in by_npi.people) == sorted([world.email("ana"), world.email("a.ortiz")])
    by_exact = service.search(world.email("ana").upper())
    assert [p.email for p in by_exact.people] == [world.email("ana")]
    by_prefix = service.search(f"pat.{world.tag}@exam")
    assert sorted(p.name for p in by_prefix.people) == ["Pat Lee", "Patricia Lee"]


def test_accents_and_case_are_folded_and_expiry_judged_by_the_copys_time(
    world: PeopleWorld, uow_factory: UowFactory
) -> None:
    service = PeopleService(uow_factory)
    jose = service.search("jose NUNEZ").people
    assert [(p.name, p.professions) for p in jose] == [("José Núñez", ("OT",))]
    assert [e.place.name for e in jose[0].invitations] == ["Bright Start"]
    eve = service.search("eve early").people
    assert [(e.place.name, e.status) for e in eve[0].invitations] == [("Little Steps", "expired")]


def test_what_is_not_searched_and_what_is_not_found_are_said(
    uow_factory: UowFactory, world: PeopleWorld
) -> None:
    service = PeopleService(uow_factory)
    assert service.search("12345").note == "An NPI has 10 digits: type all ten to find who uses it."
    assert service.search("a").note.startswith("Type at least 2 letters")
    assert service.search("").note == "" and service.search("").people == ()
    assert service.search("zz_%").note == "Nobody found with names containing ZZ_%."
    assert service.search("1234567893").people == ()


def test_one_person_under_two_identities_is_pointed_out(world: PeopleWorld, uow_factory: UowFactory) -> None:
    report = PeopleService(uow_factory).identities()
    assert report.as_of is not None
    findings = {(f.kind, f.key): f.sentence for f in report.findings}
    assert findings[(FindingKind.NPI_EMAILS, world.ana_npi)] == (
        f"NPI {world.ana_npi} is used by two e-mail addresses: {world.email('a.ortiz')} at Little Steps, "
        f"{world.email('ana')} at Kids P.C. and Sunrise LC."
    )
    assert findings[(FindingKind.EMAIL_NAMES, world.email("pat"))] == (
        f"{world.email('pat')} is used under two names: Pat Lee at Kids P.C., Patricia Lee at Bright Start."
    )
    assert findings[(FindingKind.EMAIL_PROVIDERS, world.email("office"))] == (
        f"{world.email('office')} was invited at three providers: Kids P.C., Little Steps and Sunrise LC."
    )
    # Ana at two providers under one name and one address is one person, not a finding.
    assert (FindingKind.EMAIL_NAMES, world.email("ana")) not in findings
    assert len(report.findings) == 3
