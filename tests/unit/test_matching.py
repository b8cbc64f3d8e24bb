"""Match kinds, name similarity and the order of the match list."""

from __future__ import annotations

import subprocess
import sys

import pytest

from countyadmin.domain.matching import (
    NAME_MATCH_THRESHOLD,
    MatchCandidate,
    MatchKind,
    identifier_match_kind,
    name_similarity,
    rank_candidates,
)


@pytest.mark.parametrize(
    ("matched_on", "kind"),
    [
        (("npi", "sed_code"), MatchKind.NPI_AND_SED),
        (("sed_code", "npi", "name"), MatchKind.NPI_AND_SED),
        (("npi",), MatchKind.NPI),
        (("sed_code",), MatchKind.SED),
        (("name",), None),
        ((), None),
    ],
)
def test_identifier_match_kind(matched_on: tuple[str, ...], kind: MatchKind | None) -> None:
    assert identifier_match_kind(matched_on) is kind


@pytest.mark.parametrize(
    ("county", "portal"),
    [
        ("Sunrise Pediatric Therapy, LLC", "SUNRISE PEDIATRIC THERAPY L.L.C."),
        ("Sunrise Pediatric Therapy", "Sunrise Pediatric Therapy Services, LLC"),
        ("Therapy Associates of Albany", "Albany Therapy Associates"),
    ],
)
def test_same_agency_spelled_differently_is_a_possible_match(county: str, portal: str) -> None:
    assert name_similarity([county], portal) >= NAME_MATCH_THRESHOLD


@pytest.mark.parametrize(
    ("county", "portal"),
    [
        ("Kids Therapy Inc", "Kids Care Inc"),
        ("ABC Therapy LLC", "Hudson Valley Speech PLLC"),
        ("Acme, Inc.", ""),
    ],
)
def test_different_agencies_are_not(county: str, portal: str) -> None:
    assert name_similarity([county], portal) < NAME_MATCH_THRESHOLD


def test_doing_business_as_name_counts() -> None:
    legal_only = name_similarity(["Hudson Pediatric Services LLC"], "Little Steps Therapy")
    with_dba = name_similarity(
        ["Hudson Pediatric Services LLC", "LITTLE STEPS THERAPY"], "Little Steps Therapy"
    )
    assert legal_only < NAME_MATCH_THRESHOLD <= with_dba == 100


def test_ranking_puts_identifier_matches_first_then_scores() -> None:
    candidates = [
        MatchCandidate("weak name", MatchKind.NAME_AND_ZIP, 81.0),
        MatchCandidate("sed", MatchKind.SED),
        MatchCandidate("strong name", MatchKind.NAME_AND_ZIP, 97.0),
        MatchCandidate("both", MatchKind.NPI_AND_SED),
        MatchCandidate("npi", MatchKind.NPI),
    ]
    assert [c.portal for c in rank_candidates(candidates)] == [
        "both",
        "npi",
        "sed",
        "strong name",
        "weak name",
    ]


def test_labels_say_a_name_match_is_only_possible() -> None:
    assert MatchCandidate("x", MatchKind.NAME_AND_ZIP, 91.4).label == "Possible — name + ZIP (91% similar)"
    assert MatchCandidate("x", MatchKind.NPI_AND_SED).label == "NPI + SED code"
    assert not MatchKind.NAME_AND_ZIP.is_identifier_match


def test_rapidfuzz_loads_only_when_a_name_is_scored() -> None:
    # MatchKind is needed at start (the provider list); rapidfuzz only for scoring names.
    code = (
        "import sys; from countyadmin.domain.matching import MatchKind, name_similarity; "
        "assert 'rapidfuzz' not in sys.modules; "
        "assert name_similarity(['Kids Therapy'], 'Kids Therapy') == 100; "
        "assert 'rapidfuzz' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
