"""Which CPSE Portal providers may be the county's provider, and how sure we are.

An identifier match (NPI, SED code, or both) is near-certain; a name + ZIP match is only a possibility
and is always shown as weaker, with its similarity score.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from countyadmin.domain.normalize import LEGAL_SUFFIXES, normalize_name

P = TypeVar("P")

# Below this a name is not offered as a possible match. Unrelated agencies sharing a word ("Kids Therapy"
# vs "Kids Care") score 50-70; the same agency with an extra word ("… Therapy Services") scores 90+.
# Near-misses such as "Sunrise" vs "Sunset" do pass: the ZIP must match too, and the clerk decides.
NAME_MATCH_THRESHOLD = 80.0


class MatchKind(enum.Enum):
    """How a portal provider matched, strongest first (the order of the match list)."""

    NPI_AND_SED = "NPI + SED code"
    NPI = "NPI"
    SED = "SED code"
    NAME_AND_ZIP = "Possible — name + ZIP"

    @property
    def label(self) -> str:
        return self.value

    @property
    def is_identifier_match(self) -> bool:
        return self is not MatchKind.NAME_AND_ZIP

    @property
    def rank(self) -> int:
        return list(MatchKind).index(self)


@dataclass(frozen=True, slots=True)
class MatchCandidate(Generic[P]):
    portal: P
    kind: MatchKind
    score: float | None = None  # name similarity 0-100, for name matches only

    @property
    def label(self) -> str:
        if self.score is None:
            return self.kind.label
        return f"{self.kind.label} ({self.score:.0f}% similar)"


def identifier_match_kind(matched_on: Iterable[str]) -> MatchKind | None:
    """The kind of match the portal reported, or ``None`` when no identifier matched."""
    fields = set(matched_on)
    if {"npi", "sed_code"} <= fields:
        return MatchKind.NPI_AND_SED
    if "npi" in fields:
        return MatchKind.NPI
    if "sed_code" in fields:
        return MatchKind.SED
    return None


def name_similarity(county_names: Sequence[str], portal_name: str) -> float:
    """Best similarity (0-100) of any of the county's names (legal and DBA) with the portal's name.

    Names are normalised first, so punctuation and "L.L.C." vs "LLC" never cost a point; word order is
    ignored ("Therapy Associates of Albany" vs "Albany Therapy Associates").
    """
    # Imported here, not at the top: the provider list needs MatchKind at start, and rapidfuzz would
    # cost every start ~15 ms although only scoring a name uses it.
    from rapidfuzz import fuzz

    target = _distinctive_words(portal_name)
    if not target:
        return 0.0
    scores = [
        # token_set_ratio forgives an extra word on one side ("Services"), token_sort_ratio word order.
        max(fuzz.token_sort_ratio(words, target), fuzz.token_set_ratio(words, target))
        for words in (_distinctive_words(name) for name in county_names)
        if words
    ]
    return max(scores, default=0.0)


def _distinctive_words(name: str) -> str:
    # "LLC" or "INC" says nothing about which agency it is; leaving them in inflates every score.
    return " ".join(word for word in normalize_name(name).split() if word not in LEGAL_SUFFIXES)


def rank_candidates(candidates: Iterable[MatchCandidate[P]]) -> list[MatchCandidate[P]]:
    """Strongest first: both identifiers, NPI, SED code, then name matches by descending score."""
    return sorted(candidates, key=lambda c: (c.kind.rank, -(c.score or 0.0)))
