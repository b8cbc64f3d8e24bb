"""Property-based fuzzing of what a clerk types and what the NPI Registry sends.

Every validator must answer any text with either "fine" (``None``) or a non-empty sentence — never an
exception — and must accept exactly what it claims to accept. The NPPES parser must turn any JSON
(real recorded answers, damaged at random places, and plain random JSON) into records or into one of
its two errors with a sentence; never a ``KeyError`` or ``TypeError``.
"""

from __future__ import annotations

import copy
import json
import string
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from countyadmin.domain.identifiers import (
    SED_CODE_LENGTH,
    luhn_check_digit,
    npi_check_digit,
    validate_npi,
    validate_sed_code,
)
from countyadmin.domain.invitation import (
    LICENSE_MAX,
    NAME_MAX,
    InvitationForm,
    check_invitation,
    license_warning,
    normalize_email,
    validate_email_address,
    validate_license,
    validate_name,
    validate_profession,
)
from countyadmin.domain.professions import PROFESSIONS
from countyadmin.domain.profile import profile_problems
from countyadmin.domain.provider import ProfileChanges, ProviderType
from countyadmin.npi_registry.errors import NpiRegistryRejected, NpiRegistryUnavailable
from countyadmin.npi_registry.models import NpiRecord
from countyadmin.npi_registry.parser import parse_response
from tests.fixtures.nppes import FILES
from tests.reliability.conftest import Figures
from tests.reliability.fuzzing import Counter, fuzz

REAL_ANSWERS = FILES  # the NPPES answers recorded from the real registry (tests/fixtures/nppes)

# Text a clerk can paste: any Unicode (control characters, NUL, right-to-left marks, zero-width
# characters, emoji, surrogates are not representable in str and so excluded by Hypothesis itself).
any_text = st.text(max_size=60)
digits = st.text(alphabet=string.digits, min_size=0, max_size=14)
ascii_noise = st.text(alphabet=string.printable + "\u200b\u200f\u202e\u00a0\uff11\u0661", max_size=20)


def _sentence(answer: str | None) -> None:
    assert answer is None or (isinstance(answer, str) and answer.strip()), repr(answer)


def valid_npis() -> st.SearchStrategy[str]:
    nine = st.sampled_from("12").flatmap(lambda first: st.text(string.digits, min_size=8, max_size=8)
                                         .map(lambda rest: first + rest))  # fmt: skip
    return nine.map(lambda n: n + npi_check_digit(n))


# -- NPI ---------------------------------------------------------------------------------------------


def test_npi_validator_answers_any_text(figures: Figures) -> None:
    count = Counter()

    @fuzz(max_examples=1500)
    @given(st.one_of(any_text, digits, ascii_noise))
    def check(text: str) -> None:
        count.case()
        answer = validate_npi(text)
        _sentence(answer)
        value = text.strip()
        if answer is None:  # accepted: exactly ten ASCII digits, 1 or 2 first, Luhn over 80840
            assert len(value) == 10 and value.isascii() and value.isdigit() and value[0] in "12"
            assert luhn_check_digit("80840" + value[:9]) == value[9]
        else:
            count.rejected()

    check()
    figures["cases"], figures["rejections"] = count.cases, count.rejections
    assert count.rejections > 0


def test_every_real_npi_accepted_and_every_single_digit_slip_refused(figures: Figures) -> None:
    count = Counter()

    @fuzz(max_examples=1000)
    @given(valid_npis(), st.integers(0, 9), st.integers(1, 9), st.booleans())
    def check(npi: str, position: int, shift: int, swap: bool) -> None:
        count.case()
        assert validate_npi(npi) is None
        assert validate_npi(f"  {npi}\t") is None  # surrounding spaces from a paste are ignored
        # The Luhn check catches every single mistyped digit and most swaps of neighbours.
        typo = npi[:position] + str((int(npi[position]) + shift) % 10) + npi[position + 1 :]
        _sentence(validate_npi(typo))
        assert validate_npi(typo) is not None
        if swap and position < 9 and npi[position] != npi[position + 1]:
            swapped = npi[:position] + npi[position + 1] + npi[position] + npi[position + 2 :]
            pair = {npi[position], npi[position + 1]}
            if pair != {"0", "9"} and swapped[0] in "12":  # Luhn's one blind spot: 09 <-> 90
                assert validate_npi(swapped) is not None

    check()
    figures["cases"] = count.cases


# -- SED code ----------------------------------------------------------------------------------------


def test_sed_code_validator_answers_any_text_and_keeps_leading_zeros(figures: Figures) -> None:
    count = Counter()

    @fuzz(max_examples=1000)
    @given(st.one_of(any_text, digits, ascii_noise, st.text(string.digits, min_size=12, max_size=12)))
    def check(text: str) -> None:
        count.case()
        answer = validate_sed_code(text)
        _sentence(answer)
        value = text.strip()
        accepted = len(value) == SED_CODE_LENGTH and value.isascii() and value.isdigit()
        assert (answer is None) == accepted, (text, answer)
        if not accepted:
            count.rejected()

    check()
    figures["cases"], figures["rejections"] = count.cases, count.rejections


# -- the Billing Provider Profile --------------------------------------------------------------------


def test_profile_rules_answer_any_input(figures: Figures) -> None:
    count = Counter()

    @fuzz(max_examples=800)
    @given(
        st.sampled_from([None, *ProviderType]),
        st.one_of(st.none(), any_text, valid_npis()),
        st.one_of(st.none(), any_text, st.text(string.digits, min_size=12, max_size=12)),
        st.booleans(),
        st.one_of(st.none(), st.text(min_size=1, max_size=12)),
    )
    def check(
        kind: ProviderType | None, npi: str | None, sed: str | None, uses: bool, linked: str | None
    ) -> None:
        count.case()
        problems = profile_problems(ProfileChanges(kind, npi, sed, uses), portal_provider_id=linked)
        assert set(problems) <= {"provider_type", "npi", "sed_code", "uses_portal"}
        for message in problems.values():
            _sentence(message)
        if npi is not None and npi.strip() and validate_npi(npi):
            assert "npi" in problems

    check()
    figures["cases"] = count.cases


# -- the Invite New Admin User form ------------------------------------------------------------------

emails = st.one_of(
    st.emails(),
    any_text,
    st.builds(lambda local, domain: f"{local}@{domain}", st.text(max_size=20), st.text(max_size=20)),
    st.emails().map(lambda e: "x" * 190 + e),  # over the portal's 200 characters
)


def test_email_rules_answer_any_text(figures: Figures) -> None:
    count = Counter()

    @fuzz(max_examples=1500)
    @given(emails)
    def check(text: str) -> None:
        count.case()
        answer = validate_email_address(text)
        _sentence(answer)
        normalized = normalize_email(text)
        if answer is None:
            assert normalized is not None and "@" in normalized and len(normalized) <= 200
        else:
            count.rejected()

    check()
    figures["cases"], figures["rejections"] = count.cases, count.rejections
    assert 0 < count.rejections < count.cases


def test_name_and_license_rules_answer_any_text(figures: Figures) -> None:
    count = Counter()
    long_text = st.text(min_size=90, max_size=120)

    @fuzz(max_examples=1000)
    @given(st.one_of(any_text, long_text), st.sampled_from(["first", "last"]), st.one_of(any_text, digits))
    def check(text: str, which: str, license_text: str) -> None:
        count.case()
        name_problem = validate_name(text, which=which)
        _sentence(name_problem)
        if name_problem is None:
            value = text.strip()
            assert value and len(value) <= NAME_MAX and value.isprintable()
        license_problem = validate_license(license_text)
        _sentence(license_problem)
        _sentence(license_warning(license_text))
        if license_problem is None:
            assert len(license_text.strip()) <= LICENSE_MAX
        _sentence(validate_profession(license_text))

    check()
    figures["cases"] = count.cases


def test_whole_invitation_form_is_checked_without_raising(figures: Figures) -> None:
    count = Counter()
    professions = st.one_of(st.sampled_from(sorted(PROFESSIONS)), any_text)

    @fuzz(max_examples=1000)
    @given(any_text, any_text, emails, st.booleans(), st.one_of(valid_npis(), any_text), professions, digits)
    def check(
        first: str, last: str, email: str, therapist: bool, npi: str, profession: str, lic: str
    ) -> None:
        count.case()
        result = check_invitation(InvitationForm(first, last, email, therapist, npi, profession, lic))
        for message in (*result.problems.values(), *result.warnings.values()):
            _sentence(message)
        assert set(result.problems) & set(result.warnings) == set()
        if not therapist:  # therapist fields never block a plain admin invitation
            assert not {"npi", "profession", "license"} & set(result.problems)
            assert (result.form.npi, result.form.profession, result.form.license) == ("", "", "")
        if result.ok:
            assert result.form.email == normalize_email(email)
        else:
            count.rejected()

    check()
    figures["cases"], figures["rejections"] = count.cases, count.rejections


# -- the NPPES parser --------------------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False), st.text(max_size=30),
)  # fmt: skip
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document (keys of objects, indexes of lists)."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _damage(document: Any, path: tuple[Any, ...], how: str, value: Any) -> Any:
    """``document`` with the node at ``path`` replaced by ``value``, deleted, or turned into text."""
    if not path:
        return value
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "delete":
        del parent[last]
    elif how == "stringify":
        parent[last] = json.dumps(parent[last])
    else:
        parent[last] = value
    return document


def _parse_or_refuse(payload: Any, count: Counter) -> list[NpiRecord] | None:
    try:
        records = parse_response(payload)
    except (NpiRegistryRejected, NpiRegistryUnavailable) as refused:
        count.rejected()
        assert str(refused).strip(), "a refusal without a sentence"
        return None
    for record in records:
        assert isinstance(record.npi, str) and len(record.npi) == 10 and record.npi.isdigit()
        assert isinstance(record.display_name, str)
    return records


def test_real_nppes_answers_parse_as_recorded() -> None:
    outcomes: dict[str, Any] = {}
    for path in REAL_ANSWERS:
        try:
            outcomes[path.name] = len(parse_response(_load(path)))
        except NpiRegistryRejected as refused:
            outcomes[path.name] = str(refused)
    assert outcomes["api-a2f836.json"] == 0  # no match
    assert outcomes["api-a769af.json"] == 2  # result_count 200, two records: the list is the truth
    assert "refused the search" in outcomes["api-8d2d52.json"]
    assert all(isinstance(n, int) and n > 0 for name, n in outcomes.items()
               if name not in {"api-a2f836.json", "api-8d2d52.json", "api-c85286.json"})  # fmt: skip


def test_nppes_parser_survives_damaged_real_answers(figures: Figures) -> None:
    count = Counter()
    originals = [_load(path) for path in REAL_ANSWERS]
    places = [_paths(document) for document in originals]

    @fuzz(max_examples=1800)
    @given(st.data())
    def check(data: st.DataObject) -> None:
        count.case()
        which = data.draw(st.integers(0, len(originals) - 1), label="answer")
        document = copy.deepcopy(originals[which])
        for _ in range(data.draw(st.integers(1, 3), label="damages")):
            path = data.draw(st.sampled_from(places[which]), label="path")
            how = data.draw(st.sampled_from(["replace", "delete", "stringify"]), label="how")
            try:
                document = _damage(document, path, how, data.draw(json_values, label="value"))
            except (KeyError, IndexError, TypeError):
                continue  # an earlier damage removed or replaced this place
        _parse_or_refuse(document, count)

    check()
    figures["cases"], figures["refusals"] = count.cases, count.rejections
    assert 0 < count.rejections < count.cases  # damage both survived and refused


def test_nppes_parser_survives_random_json(figures: Figures) -> None:
    count = Counter()
    record_like = st.fixed_dictionaries(
        {"number": st.one_of(json_scalars, valid_npis(), valid_npis().map(int))},
        optional={"enumeration_type": json_values, "basic": json_values, "addresses": json_values,
                  "taxonomies": json_values, "other_names": json_values, "last_updated_epoch": json_values},
    )  # fmt: skip
    answers = st.one_of(
        json_values,
        st.fixed_dictionaries({"result_count": json_scalars, "results": st.lists(record_like, max_size=3)}),
        st.fixed_dictionaries({"Errors": json_values}),
    )

    @fuzz(max_examples=1000)
    @given(answers)
    def check(payload: Any) -> None:
        count.case()
        _parse_or_refuse(payload, count)

    check()
    figures["cases"], figures["refusals"] = count.cases, count.rejections
