"""The NPPES parser against every real recording (tests/fixtures/nppes), and arbitrary JSON."""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from countyadmin.npi_registry.errors import NpiRegistryError, NpiRegistryRejected, NpiRegistryUnavailable
from countyadmin.npi_registry.models import NpiRecord
from countyadmin.npi_registry.parser import parse_record, parse_response
from tests.fixtures.nppes import ERROR_FILES, FILES, RECORDINGS, load

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "real-world" / "nppes"


def test_the_recordings_are_all_here() -> None:
    assert len(FILES) == 11
    assert ERROR_FILES <= {path.name for path in FILES}


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"the shared original is not at {SHARED.resolve()}")
def test_the_recordings_are_the_shared_originals_unchanged() -> None:
    originals = sorted(SHARED.glob("*.json"))
    assert [path.name for path in originals] == [path.name for path in FILES]
    for original in originals:
        assert (RECORDINGS / original.name).read_bytes() == original.read_bytes(), original.name


def by_npi(name: str) -> dict[str, NpiRecord]:
    return {r.npi: r for r in parse_response(load(name))}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recording_parses_or_is_rejected(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    payload = json.loads(text)
    if path.name in ERROR_FILES:
        with pytest.raises(NpiRegistryRejected) as caught:
            parse_response(payload)
        for error in payload["Errors"]:
            assert error["description"] in str(caught.value)
        return
    records = parse_response(payload)
    # NPIs come back as the exact digits in the file, in the file's order (never via int/float).
    assert [r.npi for r in records] == re.findall(r'"number":\s*"?(\d{10})', text)
    assert len(records) == len(payload["results"])  # the list, not result_count
    for record in records:
        assert isinstance(record.npi, str)
        assert record.display_name == " ".join(record.display_name.split()) != ""
        assert record.enumeration_type in ("NPI-1", "NPI-2")
        assert record.status == "A" and record.is_active
        assert record.location is not None and record.location.address_1
        assert record.primary_taxonomy is not None and record.primary_taxonomy.code
        assert record.last_updated is not None and record.last_updated.tzinfo is not None


def test_counts_and_lists_disagree_and_the_list_wins() -> None:
    payload = load("api-a769af.json")
    assert payload["result_count"] == 200
    assert [r.npi for r in parse_response(payload)] == ["1003142399", "1073979746"]


def test_no_match_is_an_empty_list() -> None:
    assert parse_response(load("api-a2f836.json")) == []


def test_person_name_credential_location_and_taxonomy_as_registered() -> None:
    kelsey = by_npi("api-6b1573.json")["1053975268"]
    assert kelsey.display_name == "KELSEY SPRANG PSYD"
    assert not kelsey.is_organization
    assert kelsey.location is not None
    location = (kelsey.location.state, kelsey.location.city, kelsey.location.address_2)
    assert location == ("GEORGIA", "ATLANTA", "RM 388")
    assert kelsey.location.postal_code == "30329"
    assert kelsey.location.country_code == "AA"
    assert kelsey.last_updated == datetime.fromtimestamp(1556104934, UTC)


def test_primary_taxonomy_is_the_flagged_one_not_the_first() -> None:
    record = by_npi("api-6b1573.json")["1043467608"]  # third of three is primary
    raw_primary = next(t for t in record.raw["taxonomies"] if t["primary"])
    assert record.primary_taxonomy is not None
    assert record.primary_taxonomy.code == raw_primary["code"]


def test_organization_location_not_mailing_and_nine_digit_zip() -> None:
    csp = by_npi("api-8bdc8b.json")["1568946812"]
    assert csp.is_organization and csp.display_name == "CSP ANESTHESIA LLC"
    assert csp.location is not None
    location = (csp.location.city, csp.location.state, csp.location.postal_code)
    assert location == ("VILLA RICA", "GA", "301803226")
    assert csp.location.telephone_number == "888-408-0200"
    assert csp.primary_taxonomy is not None and csp.primary_taxonomy.license is None  # "" → None


def test_organization_other_names_keep_dba_and_former_names() -> None:
    records = by_npi("api-1f9cef.json")
    assert records["1992885586"].display_name == "MICHAEL D. RANDELL, M.D., P.C."
    assert records["1992885586"].other_names == ("OBGYN ATLANTA",)
    assert records["1598037822"].other_names == ("PREFERRED VASCULAR SERVICES OF GEORGIA, LLC",)
    assert by_npi("api-f7d8ea.json")["1467486373"].other_names == ("EMORY SPINE PHYSIATRY OUTPATIENT CENTER",)
    assert by_npi("api-6b1573.json")["1972547016"].other_names == ("LAURA SCHULTZ",)


def test_dba_names_come_first() -> None:
    record = copy.deepcopy(load("api-8bdc8b.json")["results"][0])
    record["other_names"] = [
        {"organization_name": "OLD NAME LLC", "code": "4", "type": "Former Legal Business Name"},
        {"organization_name": "  SUNNY   KIDS ", "code": "3", "type": "Doing Business As"},
        {"organization_name": "OLD NAME LLC", "code": "5", "type": "Other Name"},
    ]
    assert parse_record(record).other_names == ("SUNNY KIDS", "OLD NAME LLC")


def test_newer_shape_string_number_and_millisecond_epoch() -> None:
    record = copy.deepcopy(load("api-b2f594.json")["results"][0])
    record["number"] = "1720377294"
    record["last_updated_epoch"] = "1525737600000"
    parsed = parse_record(record)
    assert parsed.npi == "1720377294"
    assert parsed.last_updated == datetime(2018, 5, 8, tzinfo=UTC)
    assert parsed.display_name == "ELISE HIZA M.D."


def test_bad_epoch_falls_back_to_the_last_updated_date() -> None:
    record = copy.deepcopy(load("api-b2f594.json")["results"][0])
    record["last_updated_epoch"] = "soon"
    assert parse_record(record).last_updated == datetime(2018, 5, 8, tzinfo=UTC)


def test_extra_spaces_are_stripped_from_person_names() -> None:
    record = {
        "number": "1234567893",
        "enumeration_type": "NPI-1",
        "basic": {"first_name": " KELSEY ", "last_name": "SMITH  ", "credential": "PT", "status": "A"},
    }
    assert parse_record(record).display_name == "KELSEY SMITH PT"


@pytest.mark.parametrize("number", [1.234567893e9, True, None, "12345", "１２３４５６７８９３", [1234567893]])
def test_an_npi_that_is_not_ten_digit_text_or_integer_is_unreadable(number: object) -> None:
    with pytest.raises(NpiRegistryUnavailable, match="cannot read"):
        parse_record({"number": number, "enumeration_type": "NPI-1", "basic": {}})


@pytest.mark.parametrize(
    "payload",
    [
        "<html>Service Unavailable</html>",
        None,
        [],
        {},
        {"results": "none"},
        {"results": [None]},
        {"results": [{"number": 1234567893, "basic": {}}]},
        {"results": [{"number": 1234567893, "enumeration_type": "NPI-1"}]},
    ],
)
def test_malformed_answers_are_unavailable_not_key_errors(payload: object) -> None:
    with pytest.raises(NpiRegistryUnavailable) as caught:
        parse_response(payload)
    assert "Try again later" in caught.value.user_message


def test_errors_without_descriptions_still_give_a_sentence() -> None:
    with pytest.raises(NpiRegistryRejected, match=r"refused the search: no reason given\."):
        parse_response({"Errors": "broken"})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


def _assert_only_registry_errors(payload: object) -> None:
    try:
        records = parse_response(payload)
    except NpiRegistryError as error:
        assert error.args and str(error)
    else:
        assert all(isinstance(r, NpiRecord) and isinstance(r.npi, str) for r in records)


@given(json_values)
def test_arbitrary_json_raises_only_registry_errors(payload: object) -> None:
    _assert_only_registry_errors(payload)


_KEYS = [
    "number",
    "enumeration_type",
    "basic",
    "other_names",
    "addresses",
    "taxonomies",
    "last_updated_epoch",
    "results",
    "result_count",
    "Errors",
]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    record=st.sampled_from([r for f in FILES if f.name not in ERROR_FILES for r in load(f.name)["results"]]),
    top=st.dictionaries(st.sampled_from(_KEYS), json_values, max_size=3),
    dropped=st.sets(st.sampled_from(_KEYS), max_size=2),
    nested=st.dictionaries(
        st.sampled_from(
            [
                "first_name",
                "organization_name",
                "status",
                "address_purpose",
                "postal_code",
                "primary",
                "code",
                "type",
                "credential",
            ]
        ),
        json_values,
        max_size=3,
    ),
)
def test_mutated_real_records_raise_only_registry_errors(
    record: dict[str, Any], top: dict[str, Any], dropped: set[str], nested: dict[str, Any]
) -> None:
    # Real records with fields swapped for arbitrary JSON reach much deeper than random JSON alone.
    mutated = copy.deepcopy(record)
    mutated.update(top)
    for key in dropped:
        mutated.pop(key, None)
    for part in ("basic", "addresses", "taxonomies", "other_names"):
        value = mutated.get(part)
        targets = value if isinstance(value, list) else [value]
        for target in targets:
            if isinstance(target, dict):
                target.update(nested)
    _assert_only_registry_errors({"result_count": 1, "results": [mutated]})
