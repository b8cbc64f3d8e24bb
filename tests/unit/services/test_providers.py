"""ProviderService on the in-memory unit of work: rules, messages, locking and the audit trail."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from countyadmin.domain.provider import ProfileChanges, ProviderType
from countyadmin.domain.records import NewProvider
from countyadmin.services.errors import ConcurrentEdit, ProfileInvalid, ProviderNotFound, describe_time
from countyadmin.services.providers import PROFILE_APPLIED, ProviderService
from countyadmin.services.testing import InMemoryStore

NOW = datetime(2026, 3, 3, 19, 14, tzinfo=UTC)
GOOD_NPI = "1234567893"


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


def _add(store: InMemoryStore, provider: NewProvider) -> int:
    with store.unit_of_work() as uow:
        provider_id = uow.providers.add(provider, user="import", at=NOW - timedelta(days=1))
        uow.commit()
    return provider_id


def _service(store: InMemoryStore, user: str = "Jane Smith") -> ProviderService:
    return ProviderService(store.unit_of_work, user=user, clock=lambda: NOW)


def _invalid(service: ProviderService, provider_id: int, changes: ProfileChanges) -> dict[str, str]:
    with pytest.raises(ProfileInvalid) as raised:
        service.apply_profile(provider_id, 1, changes)
    return raised.value.field_errors


def test_apply_profile_saves_bumps_version_and_audits(store: InMemoryStore) -> None:
    provider_id = _add(store, NewProvider(name="Sunrise Therapy LLC"))
    service = _service(store)
    saved = service.apply_profile(
        provider_id, 1, ProfileChanges(ProviderType.AGENCY, f" {GOOD_NPI} ", "", uses_portal=True)
    )
    assert (saved.provider_type, saved.npi, saved.sed_code, saved.uses_portal) == (
        ProviderType.AGENCY, GOOD_NPI, None, True,
    )  # fmt: skip
    assert (saved.version, saved.updated_by, saved.updated_at) == (2, "Jane Smith", NOW)
    assert service.get(provider_id) == saved
    [entry] = service.history(provider_id)
    assert (entry.action, entry.user_name, entry.occurred_at) == (PROFILE_APPLIED, "Jane Smith", NOW)
    assert entry.details == {
        "changes": {
            "provider_type": {"before": None, "after": "agency"},
            "npi": {"before": None, "after": GOOD_NPI},
            "uses_portal": {"before": False, "after": True},
        }
    }


def test_nothing_changed_writes_nothing(store: InMemoryStore) -> None:
    provider_id = _add(store, NewProvider(name="Sunrise", npi=GOOD_NPI))
    commits = store.commits
    record = _service(store).apply_profile(provider_id, 1, ProfileChanges(None, GOOD_NPI, None, False))
    assert record.version == 1 and store.commits == commits and store.audit == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (ProfileChanges(None, "1234567890", None, False), "npi", "check digit does not match"),
        (ProfileChanges(None, "12345", None, False), "npi", "An NPI has 10 digits; this has 5."),
        (ProfileChanges(None, None, "12345678901", False), "sed_code", "exactly 12 digits"),
        (ProfileChanges(None, None, "1234-5678-901", False), "sed_code", "digits only"),
        (ProfileChanges(None, GOOD_NPI, None, True), "provider_type", "Choose Agency or Individual"),
        (
            ProfileChanges(ProviderType.AGENCY, None, None, True),
            "uses_portal",
            "Enter the NPI or the 12-digit SED",
        ),
    ],
)
def test_each_rule_names_its_field(
    store: InMemoryStore, changes: ProfileChanges, field: str, message: str
) -> None:
    provider_id = _add(store, NewProvider(name="Sunrise"))
    problems = _invalid(_service(store), provider_id, changes)
    assert list(problems) == [field]
    assert message in problems[field]
    assert store.providers[provider_id].version == 1 and store.audit == []


def test_lenient_where_the_guide_is(store: InMemoryStore) -> None:
    """NPI and SED code are optional; a portal provider needs one of them, and a type."""
    service = _service(store)
    plain = _add(store, NewProvider(name="No identifiers yet"))
    assert service.apply_profile(plain, 1, ProfileChanges(None, None, None, False)).version == 1
    sed_only = _add(store, NewProvider(name="SED only"))
    saved = service.apply_profile(
        sed_only, 1, ProfileChanges(ProviderType.INDIVIDUAL, None, "012345678901", True)
    )
    assert saved.sed_code == "012345678901" and saved.uses_portal


def test_several_problems_at_once(store: InMemoryStore) -> None:
    provider_id = _add(store, NewProvider(name="Sunrise"))
    problems = _invalid(_service(store), provider_id, ProfileChanges(None, "123", "abc", True))
    assert set(problems) == {"provider_type", "npi", "sed_code"}  # not "uses_portal": identifiers were typed


def test_a_linked_provider_keeps_uses_portal(store: InMemoryStore) -> None:
    linked = NewProvider(
        name="Linked",
        npi=GOOD_NPI,
        uses_portal=True,
        provider_type=ProviderType.AGENCY,
        portal_provider_id="CP-000123",
    )
    provider_id = _add(store, linked)
    problems = _invalid(
        _service(store), provider_id, ProfileChanges(ProviderType.AGENCY, GOOD_NPI, None, False)
    )
    assert "CP-000123" in problems["uses_portal"]


def test_duplicate_sed_code_names_the_other_provider(store: InMemoryStore) -> None:
    other = _add(store, NewProvider(name="Bright Start Inc", sed_code="012345678901"))
    provider_id = _add(store, NewProvider(name="Sunrise"))
    problems = _invalid(_service(store), provider_id, ProfileChanges(None, None, "012345678901", False))
    assert problems == {
        "sed_code": f"SED code 012345678901 already belongs to “Bright Start Inc” (provider #{other}). "
        "Check the code; if both records are one provider, keep the code on one of them."
    }
    # Its own code is not a duplicate.
    assert (
        _service(store).apply_profile(other, 1, ProfileChanges(None, None, "012345678901", False)).version
        == 1
    )


def test_stale_version_is_refused_with_who_and_when(store: InMemoryStore) -> None:
    provider_id = _add(store, NewProvider(name="Sunrise"))
    _service(store, "Jane Smith").apply_profile(provider_id, 1, ProfileChanges(None, GOOD_NPI, None, False))
    with pytest.raises(ConcurrentEdit) as refused:
        _service(store, "Bob Jones").apply_profile(provider_id, 1, ProfileChanges(None, None, None, False))
    error = refused.value
    assert (error.changed_by, error.changed_at, error.current.npi) == ("Jane Smith", NOW, GOOD_NPI)
    assert (
        str(error) == f"Jane Smith changed this provider {describe_time(NOW)} — reload to see their changes."
    )
    assert store.providers[provider_id].npi == GOOD_NPI and len(store.audit) == 1


def test_concurrent_edit_message_without_a_name() -> None:
    store = InMemoryStore()
    provider_id = _add(store, NewProvider(name="x"))
    record = store.providers[provider_id]
    error = ConcurrentEdit(None, None, replace(record, updated_by=None, updated_at=None))
    assert str(error) == "Someone else changed this provider — reload to see their changes."


def test_describe_time_today_and_another_day() -> None:
    moment = datetime(2026, 3, 3, 15, 14).astimezone()  # 3:14 PM in this computer's zone
    assert describe_time(moment, today=moment.date()) == "at 3:14 PM"
    assert describe_time(moment, today=moment.date() + timedelta(days=1)) == "on Mar 3, 2026 at 3:14 PM"
    morning = datetime(2026, 3, 3, 9, 5).astimezone()
    assert describe_time(morning, today=morning.date()) == "at 9:05 AM"


def test_unknown_provider(store: InMemoryStore) -> None:
    service = _service(store)
    with pytest.raises(ProviderNotFound, match="#42 is no longer in the county database"):
        service.get(42)
    with pytest.raises(ProviderNotFound):
        service.apply_profile(42, 1, ProfileChanges(None, None, None, False))


def test_list_summaries_sorted(store: InMemoryStore) -> None:
    _add(store, NewProvider(name="Zeta"))
    _add(store, NewProvider(name="Alpha", npi=GOOD_NPI))
    assert [(s.name, s.npi) for s in _service(store).list_summaries()] == [
        ("Alpha", GOOD_NPI),
        ("Zeta", None),
    ]


def test_the_start_up_list_comes_with_the_last_match_checks(store: InMemoryStore) -> None:
    from countyadmin.domain.match_check import MatchCheck
    from countyadmin.domain.matching import MatchKind

    alpha = _add(store, NewProvider(name="Alpha", npi=GOOD_NPI))
    _add(store, NewProvider(name="Zeta"))
    check = MatchCheck(alpha, NOW, MatchKind.NPI, 1)
    store.match_checks[alpha] = check
    summaries, checks = _service(store).list_with_match_checks()
    assert [s.name for s in summaries] == ["Alpha", "Zeta"]
    assert checks == {alpha: check}
