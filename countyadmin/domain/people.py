"""People across providers: one person's admin accounts and invitations at every provider, and what
looks like one person under two identities. Plain data and rules; no Qt, no I/O.

The local copy of CPSE Portal's data keeps one row per admin user and per invitation ("users"); a clerk
thinks in people. A person here is one name at one e-mail address, compared by their keys: the e-mail as
CPSE Portal compares it (trimmed, NFKC, case-folded) and the name with case, accents and runs of spaces
ignored ("José  Ortiz" = "jose ortiz").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from countyadmin.domain.invitation import admin_key
from countyadmin.domain.normalize import normalize_text
from countyadmin.domain.wording import ending_sentence

MIN_QUERY_LENGTH = 2
MANY_PROVIDERS = 3  # one address invited at this many providers or more is pointed out
# Words of a name searched at once: each is one LIKE, and SQLite refuses an expression past 1,000 deep.
MAX_WORDS = 8
_HINT_LENGTH = 60  # what a sentence repeats of a long query
_NPI = re.compile(r"\d{10}")
# What the portal contract forbids in a line of text (sandbox/schemas.py's _CONTROL: C0, DEL, C1, the line
# and paragraph separators, the bidi embeddings, overrides and isolates), and lone surrogates, which no
# database stores: dropped from what the portal sends and from what is typed. The marks (U+200E/F) stay.
_NOT_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


def portal_text(value: str) -> str:
    """``value`` without the characters no line of text may hold (a hostile portal's, or a paste's)."""
    return _NOT_TEXT.sub("", value)


def email_key(email: str) -> str:
    """The copy's ``email_key``: the address as CPSE Portal compares two addresses."""
    return admin_key(email)


def name_key(first_name: str, last_name: str) -> str:
    """The copy's ``name_key``: "first last" with case, accents and runs of spaces ignored."""
    return normalize_text(f"{first_name} {last_name}")


class QueryKind(Enum):
    NPI = "npi"  # ten digits: that NPI exactly
    EMAIL = "email"  # has an @: that address, or addresses starting with it
    NAME = "name"  # anything else: names containing every word, or addresses starting with the text


@dataclass(frozen=True, slots=True)
class PeopleQuery:
    kind: QueryKind
    text: str  # the folded text searched for (the NPI, an e-mail key, or a name key)
    words: tuple[str, ...] = ()  # NAME: each folded word the name must contain
    email_prefix: str = ""  # NAME: the e-mail key an address may start with instead

    @staticmethod
    def parse(typed: str) -> PeopleQuery | None:
        """What to search for, or None when the text is too short, has more than MAX_WORDS different
        words, or is an NPI that is not ten digits (``query_problem`` says which)."""
        text = _SPACES.sub(" ", _NOT_TEXT.sub(" ", typed)).strip()
        compact = text.replace(" ", "").replace("-", "")
        if compact.isdigit():
            return PeopleQuery(QueryKind.NPI, compact) if _NPI.fullmatch(compact) else None
        if len(text) < MIN_QUERY_LENGTH:
            return None
        if "@" in text:
            return PeopleQuery(QueryKind.EMAIL, email_key(text.replace(" ", "")))
        folded = normalize_text(text)
        words = _name_words(folded)
        if not words or len(words) > MAX_WORDS:
            return None
        return PeopleQuery(QueryKind.NAME, folded, words, email_key(text.replace(" ", "")))

    def hint(self) -> str:
        return {
            QueryKind.NPI: f"NPI {self.text}",
            QueryKind.EMAIL: f"e-mail addresses starting with {_shown(self.text)}",
            QueryKind.NAME: f"names containing {_shown(' and '.join(self.words))}",
        }[self.kind]


def _name_words(folded: str) -> tuple[str, ...]:
    """The words a name must contain, each once, less those inside another ("ana ana anabel": anabel)."""
    unique = list(dict.fromkeys(w for w in folded.split(" ") if w))
    if len(unique) > 8 * MAX_WORDS:  # refused anyway; not worth comparing every pair of a pasted page
        return tuple(unique)
    return tuple(w for w in unique if not any(w != other and w in other for other in unique))


def _shown(text: str) -> str:
    return text if len(text) <= _HINT_LENGTH else text[: _HINT_LENGTH - 1] + "…"


def query_problem(typed: str) -> str:
    """Why ``typed`` is not searched (PeopleQuery.parse gave None), as a sentence."""
    compact = typed.replace(" ", "").replace("-", "")
    if compact.isdigit():
        return "An NPI has 10 digits: type all ten to find who uses it."
    if len(_name_words(normalize_text(_NOT_TEXT.sub(" ", typed)))) > MAX_WORDS and "@" not in typed:
        return f"Type at most {MAX_WORDS} words of a name: a name is found by the words it contains."
    return f"Type at least {MIN_QUERY_LENGTH} letters of a name, an e-mail address or a 10-digit NPI."


@dataclass(frozen=True, slots=True)
class ProviderPlace:
    """A CPSE Portal provider the county links, and the county's own record of it when found."""

    portal_provider_id: str
    name: str | None = None  # from the county's providers table (None: no county record found)
    sed_code: str | None = None
    npi: str | None = None

    @property
    def label(self) -> str:
        if self.name is None:
            return f"CPSE Portal provider {self.portal_provider_id}"
        return self.name

    @property
    def detail(self) -> str:
        """The label with the county's identifiers: "Sunrise LC (SED 123456789012, NPI 1234567893)"."""
        codes = [f"SED {self.sed_code}" if self.sed_code else "", f"NPI {self.npi}" if self.npi else ""]
        codes = [c for c in codes if c]
        return f"{self.label} ({', '.join(codes)})" if codes else self.label


@dataclass(frozen=True, slots=True)
class PersonEntry:
    """One admin user or invitation of the copy, with where it is."""

    kind: str  # "admin" | "invitation"
    entry_id: str
    place: ProviderPlace
    first_name: str
    last_name: str
    email: str
    email_key: str
    name_key: str
    npi: str | None
    profession: str | None
    status: str  # admin: active | disabled; invitation: pending | expired (judged against the as-of)
    expires_at: datetime | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def invitation_state(status: str, expires_at: datetime, as_of: datetime | None) -> str | None:
    """pending | expired for an invitation still open, None for accepted or cancelled ones.

    The feed does not report expiry: a pending invitation is expired once its time is at or before the
    copy's as-of time (the portal's time of the last sync)."""
    if status == "expired":
        return "expired"
    if status != "pending":
        return None
    return "expired" if as_of is not None and expires_at <= as_of else "pending"


@dataclass(frozen=True, slots=True)
class Person:
    """One name at one address, with every admin account and open invitation found for it."""

    name: str
    email: str
    npis: tuple[str, ...]
    professions: tuple[str, ...]
    admin_at: tuple[PersonEntry, ...]
    invitations: tuple[PersonEntry, ...]


def group_people(entries: Iterable[PersonEntry]) -> list[Person]:
    """Entries grouped by (e-mail key, name key), ordered by name then address."""
    groups: dict[tuple[str, str], list[PersonEntry]] = {}
    for entry in entries:
        groups.setdefault((entry.email_key, entry.name_key), []).append(entry)
    people = []
    for group in groups.values():
        group.sort(key=lambda e: (e.kind != "admin", e.place.label.casefold(), e.entry_id))
        first = group[0]
        people.append(Person(
            name=first.name, email=first.email,
            npis=_distinct(e.npi for e in group), professions=_distinct(e.profession for e in group),
            admin_at=tuple(e for e in group if e.kind == "admin"),
            invitations=tuple(e for e in group if e.kind == "invitation"),
        ))  # fmt: skip
    people.sort(key=lambda p: (p.name.casefold(), p.email.casefold()))
    return people


def _distinct(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


class FindingKind(Enum):
    NPI_EMAILS = "npi_emails"  # one NPI, two or more addresses
    EMAIL_NAMES = "email_names"  # one address, two or more names
    EMAIL_PROVIDERS = "email_providers"  # one address invited at MANY_PROVIDERS providers or more


@dataclass(frozen=True, slots=True)
class IdentityFinding:
    kind: FindingKind
    key: str  # the NPI or the e-mail address (as shown), what to search for to see the people
    sentence: str
    entries: tuple[PersonEntry, ...]


_COUNTS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}


def _count(n: int) -> str:
    return _COUNTS.get(n, str(n))


def _and(labels: Sequence[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _split(kind: FindingKind, key: str, entries: Sequence[PersonEntry], by: str, shown: str,
           subject: str, noun: str) -> IdentityFinding:  # fmt: skip
    """Says "<subject> <count> <noun>: <shown> at <places>, …", the entries split by their ``by`` key."""
    groups: dict[str, list[PersonEntry]] = {}
    for entry in sorted(entries, key=lambda e: (e.email.casefold(), e.name.casefold(), e.place.label)):
        groups.setdefault(getattr(entry, by), []).append(entry)
    parts = [
        f"{getattr(group[0], shown)} at {_and(list(dict.fromkeys(e.place.label for e in group)))}"
        for group in groups.values()
    ]
    sentence = f"{subject} {_count(len(groups))} {noun}: " + ", ".join(parts)
    return IdentityFinding(kind, key, ending_sentence(sentence), tuple(entries))


def npi_finding(npi: str, entries: Sequence[PersonEntry]) -> IdentityFinding:
    """Says, e.g., NPI 1234567893 is used by two e-mail addresses: a@x.org at Sunrise LC, b@y.org at …"""
    subject = f"NPI {npi} is used by"
    return _split(FindingKind.NPI_EMAILS, npi, entries, "email_key", "email", subject, "e-mail addresses")


def names_finding(entries: Sequence[PersonEntry]) -> IdentityFinding:
    """Says, e.g., ana@x.org is used under two names: Ana Ortiz at Sunrise LC, Anna Ortis at Kids P.C."""
    email = entries[0].email
    subject = f"{email} is used under"
    return _split(FindingKind.EMAIL_NAMES, email, entries, "name_key", "name", subject, "names")


def providers_finding(entries: Sequence[PersonEntry]) -> IdentityFinding:
    """Says, e.g., ana@x.org was invited at three providers: Kids P.C., Little Steps and Sunrise LC."""
    email = entries[0].email
    places = list(dict.fromkeys(e.place.label for e in sorted(entries, key=lambda e: e.place.label)))
    sentence = f"{email} was invited at {_count(len(places))} providers: {_and(places)}"
    return IdentityFinding(FindingKind.EMAIL_PROVIDERS, email, ending_sentence(sentence), tuple(entries))
