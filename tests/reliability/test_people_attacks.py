"""Attacks on People Across Providers (issue 17): a clerk in a hurry types SQL wildcards, backslashes,
10,000 characters, thousands of words, an NPI with spaces, a pasted NUL or a lone surrogate.

The copy holds people whose names and addresses carry the same characters (as a portal may send them),
on SQLite, PostgreSQL and MariaDB; each search must find exactly the people the text names, or answer
with a sentence, never an error.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.domain.people import MAX_WORDS
from countyadmin.portal.models import AdminUser, AdminUserChange
from countyadmin.services.people import PeopleService

UowFactory = Callable[[], SqlAlchemyUnitOfWork]
PEOPLE = {  # user id: (first, last, email, npi)
    "U-pct": ("Ana", "100% Ortiz", "ana%ortiz@example.org", "1234567893"),
    "U-und": ("Bo", "Lee_Kim", "bo_lee@example.org", None),
    "U-bsl": ("Cy", "Back\\slash", "cy\\b@example.org", None),
    "U-plain": ("Ana", "100 Ortiz", "anaXortiz@example.org", None),
    "U-plain2": ("Bo", "LeeXKim", "boxlee@example.org", None),
    "U-hangul": ("Dee", "Jamo", "ab\ud7fe@example.org", None),
}


@pytest.fixture
def service(uow_factory: UowFactory) -> PeopleService:
    changes = [
        AdminUserChange(
            uid,
            "CP-1",
            AdminUser(
                uid, uid, first, last, email, "active", npi is not None, npi, "SLP" if npi else None, None
            ),
        )  # fmt: skip
        for uid, (first, last, email, npi) in PEOPLE.items()
    ]
    with uow_factory() as uow:
        uow.portal_copy.apply_admin_users(changes)
        uow.commit()
    return PeopleService(uow_factory)


def _found(service: PeopleService, typed: str) -> set[str]:
    return {e.entry_id for p in service.search(typed).people for e in p.admin_at}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("100%", {"U-pct"}),  # % is a percent sign, not "anything"
        ("ana%", {"U-pct"}),  # … in an address's start too
        ("lee_", {"U-und"}),  # _ is an underscore, not "any one character"
        ("bo_lee@", {"U-und"}),
        ("back\\slash", {"U-bsl"}),  # a backslash is a backslash on every engine
        ("cy\\b@example.org", {"U-bsl"}),
        ("%%", set()),
        ("__", set()),
        ("\\\\", set()),
        ("1234 567 893", {"U-pct"}),  # an NPI typed with spaces
        ("1234-567-893", {"U-pct"}),
    ],
)
def test_wildcards_and_backslashes_are_the_characters_typed(
    service: PeopleService, typed: str, expected: set[str]
) -> None:
    assert _found(service, typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "x" * 10_000,
        "a" * 5_000 + "@" + "b" * 5_000,
        " ".join(f"w{n}" for n in range(5_000)),  # 5,000 different words: SQLite's expression depth
        "ana " * 2_500,  # one word said 2,500 times is one word
        "ab\ud7ff",  # the next code point would be a surrogate (SQLite's range bound)
        "ab\U0010ffff",
        "ab\ud800cd",  # a lone surrogate pasted
        "ana\x00ortiz",  # a NUL pasted (PostgreSQL refuses it in a query)
        "ana\u202eortiz",
    ],
    ids=[
        "10000-letters",
        "10000-address",
        "5000-words",
        "one-word-2500-times",
        "d7ff",
        "10ffff",
        "lone-surrogate",
        "nul",
        "rlo",
    ],  # fmt: skip
)
def test_hostile_queries_answer_with_people_or_a_sentence(service: PeopleService, typed: str) -> None:
    answer = service.search(typed)
    assert answer.people or answer.note
    assert len(answer.note) < 400  # the sentence repeats a long query only in part
    assert "\x00" not in answer.note and "\ud800" not in answer.note and "\u202e" not in answer.note


def test_too_many_words_is_a_sentence_and_one_word_repeated_still_searches(service: PeopleService) -> None:
    many = service.search(" ".join(f"w{n}" for n in range(MAX_WORDS + 1)))
    assert many.people == () and f"at most {MAX_WORDS} words" in many.note
    assert _found(service, "ana " * 2_500 + "ortiz") == {"U-pct", "U-plain"}
    assert _found(service, "ortiz ortiz ana an a") == {"U-pct", "U-plain"}  # words inside others
    assert _found(service, "ana\x00ortiz") == {"U-pct", "U-plain"}  # a pasted NUL reads as a space
    assert _found(service, "ab\ud7fe@") == {"U-hangul"}
