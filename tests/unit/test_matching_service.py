"""find_portal_matches on a fake portal: what is asked, and what comes back in which order."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from countyadmin.domain.matching import MatchKind
from countyadmin.domain.provider import ProviderRecord, ProviderType
from countyadmin.portal.models import PortalProvider, ProviderMatch
from countyadmin.services.matching import find_portal_matches

RECORD = ProviderRecord(
    id=7, name="Sunrise Pediatric Therapy, LLC", provider_type=ProviderType.AGENCY, sed_code="012345678901",
    npi="1234567893", tax_id=None, address_1="12 State St", address_2=None, city="Albany", state="NY",
    zip="12207", phone=None, email=None, uses_portal=True, portal_provider_id=None, linked_at=None,
    linked_by=None, version=1, updated_at=None, updated_by=None,
)  # fmt: skip


def portal_provider(
    id: str, name: str, *, npi: str | None = None, sed: str | None = None, zip: str = "12207"
):
    return PortalProvider(
        id=id, provider_type="agency", name=name, npi=npi, sed_code=sed, tax_id=None, address_1=None,
        address_2=None, city=None, state=None, zip=zip, phone=None, email=None, status="active",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )  # fmt: skip


class FakePortal:
    def __init__(self, providers: list[PortalProvider]) -> None:
        self.providers = providers
        self.calls: list[dict[str, str | None]] = []

    def search_providers(self, *, npi=None, sed_code=None, name=None, zip=None) -> list[ProviderMatch]:
        self.calls.append({"npi": npi, "sed_code": sed_code, "name": name, "zip": zip})
        hits = []
        for provider in self.providers:
            matched = []
            if npi and provider.npi == npi:
                matched.append("npi")
            if sed_code and provider.sed_code == sed_code:
                matched.append("sed_code")
            if name and zip == provider.zip and name.split()[0].lower() in provider.name.lower():
                matched.append("name")
            if matched:
                hits.append(ProviderMatch(provider, tuple(matched)))
        return hits


def test_both_identifiers_rank_before_single_ones_and_no_name_search_is_made() -> None:
    portal = FakePortal(
        [
            portal_provider("CP-1", "Other name", sed="012345678901"),
            portal_provider("CP-2", "Sunrise", npi="1234567893", sed="012345678901"),
            portal_provider("CP-3", "Sunrise Therapy", npi="1234567893"),
        ]
    )
    result = find_portal_matches(portal, RECORD)
    assert [(c.portal.id, c.kind) for c in result.candidates] == [
        ("CP-2", MatchKind.NPI_AND_SED),
        ("CP-3", MatchKind.NPI),
        ("CP-1", MatchKind.SED),
    ]
    assert result.has_identifier_match
    assert portal.calls == [{"npi": "1234567893", "sed_code": "012345678901", "name": None, "zip": None}]


def test_no_identifier_match_falls_back_to_name_and_zip_with_scores() -> None:
    portal = FakePortal(
        [
            portal_provider("CP-9", "SUNRISE PEDIATRIC THERAPY L.L.C."),
            portal_provider("CP-8", "Sunrise Pediatric Therapy", zip="10001"),  # other ZIP: not offered
            portal_provider("CP-7", "Sunrise Senior Living"),  # too different
        ]
    )
    result = find_portal_matches(portal, RECORD)
    assert [(c.portal.id, c.kind, c.score) for c in result.candidates] == [
        ("CP-9", MatchKind.NAME_AND_ZIP, 100.0)
    ]
    assert not result.has_identifier_match


def test_dba_names_are_searched_too() -> None:
    portal = FakePortal([portal_provider("CP-5", "Little Steps Therapy")])
    assert not find_portal_matches(portal, RECORD).candidates
    result = find_portal_matches(portal, RECORD, other_names=["LITTLE STEPS THERAPY"])
    assert [c.portal.id for c in result.candidates] == ["CP-5"]


def test_invalid_identifiers_are_never_sent() -> None:
    portal = FakePortal([])
    record = replace(RECORD, npi="1234567890", sed_code="12345")
    result = find_portal_matches(portal, record)
    assert result.searched_npi is None and result.searched_sed_code is None
    assert all(call["npi"] is None and call["sed_code"] is None for call in portal.calls)
    assert portal.calls and portal.calls[0]["name"] == RECORD.name
