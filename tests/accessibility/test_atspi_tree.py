"""Names, roles, states and announcements as a Linux screen reader gets them: read over AT-SPI by another
process (Debian's python3 with pyatspi), from the demo on Xvfb with Qt's accessibility bridge on.

One run of tests/accessibility/atspi_report.py opens every window of issue 15 and reads each; the tests
below judge its findings. ``python -m tests.accessibility.atspi_report`` prints the same per window.
"""

from __future__ import annotations

from typing import Any

import pytest

from countyadmin.domain.identifiers import validate_npi, validate_sed_code
from countyadmin.services.onboarding import Stage
from tests.accessibility.atspi_report import missing_tools, run_walk, summary

pytestmark = pytest.mark.slow

WINDOWS = (
    "main", "details/profileTab", "details/adminUsersTab", "details/historyTab", "link_confirm",
    "add_new_confirm", "invite", "message_box/invitation_sent", "import_batch", "county_import", "settings",
    "about", "onboarding", "resend_expired", "people",
)  # fmt: skip
DIFF_TABLE = "Differences between Preschool and CPSE Portal"


@pytest.fixture(scope="module")
def findings() -> dict[str, Any]:
    why = missing_tools()
    if why:
        pytest.skip(f"the accessibility tree cannot be read from outside here: {why}")
    result = run_walk()
    print(summary(result))  # the per-window figures, in the log of every run
    assert not result["errors"], f"{result['errors']}\n{result['stderr_tail']}"
    return result


def _window(findings: dict[str, Any], key: str) -> dict[str, Any]:
    window = next((w for w in findings["windows"] if w["key"] == key), None)
    assert window is not None and window["found"], f"the reader did not find the window {key}"
    return window


def _control(window: dict[str, Any], role: str, name_start: str) -> dict[str, Any]:
    for control in window["controls"]:
        if control["role"] == role and control["name"].startswith(name_start):
            return control
    raise AssertionError(f"no {role} named {name_start!r} in {window['key']}: "
                         f"{[(c['role'], c['name']) for c in window['controls']]}")  # fmt: skip


def test_every_window_is_read_and_every_focusable_control_has_a_name(findings: dict[str, Any]) -> None:
    for key in WINDOWS:
        assert _window(findings, key)["controls"], f"{key}: no focusable control was read"
    unnamed = [(w["key"], c["role"], c["path"]) for w in findings["windows"] for c in w["unnamed"]]
    assert unnamed == []


def test_every_table_column_has_a_header(findings: dict[str, Any]) -> None:
    tables = [(w["key"], t) for w in findings["windows"] for t in w["tables"]]
    assert len({t["name"] for _key, t in tables}) >= 6  # providers, matches, history, diff, add new, previews
    for key, table in tables:
        assert table["table"]["interface"], f"{key}: {table['name']} has no table interface"
        assert table["table"]["columns"] > 0
        assert table["table"]["unlabeled_columns"] == [], f"{key}: {table['name']} {table['table']}"


def test_each_row_of_the_link_diff_table_is_named_with_its_status(findings: dict[str, Any]) -> None:
    table = next(t for t in _window(findings, "link_confirm")["tables"] if t["name"] == DIFF_TABLE)
    rows = table["table"]["rows"]
    assert rows and table["table"]["headers"][-1] == "Status"
    for cells in rows:
        status = cells[-1]
        assert status and cells[0].endswith(f", {status}"), cells
    assert any(cells[-1] != "Same" for cells in rows)  # the demo pair differs somewhere


def test_states_checked_and_disabled_with_the_reason(findings: dict[str, Any]) -> None:
    profile = _window(findings, "details/profileTab")
    uses_portal = _control(profile, "check box", "Provider Uses CPSE Portal")
    assert "checkable" in uses_portal["states"] and "checked" in uses_portal["states"]
    assert "focusable" in _control(profile, "push button", "Apply")["states"]

    # Out of date (NPI and SED code typed, not applied): Link is disabled and says why.
    link = _control(_window(findings, "details/invalid"), "push button", "Link to Selected")
    assert "enabled" not in link["states"] and "sensitive" not in link["states"]
    assert link["description"].startswith("Out of date")

    invite = _control(_window(findings, "invite"), "push button", "Invite as Admin")
    assert "enabled" not in invite["states"]
    assert invite["description"].startswith("Not yet: Enter the invitee's first name.")


def test_an_invalid_field_is_described_by_its_sentence(findings: dict[str, Any]) -> None:
    valid = _window(findings, "details/profileTab")
    invalid = _window(findings, "details/invalid")
    npi_sentence, sed_sentence = validate_npi("1234567890"), validate_sed_code("12")
    assert npi_sentence and sed_sentence
    assert _control(invalid, "text", "NPI")["description"] == npi_sentence
    assert _control(invalid, "text", "SED code")["description"] == sed_sentence
    # Corrected, each field's own description comes back.
    assert _control(valid, "text", "NPI")["description"].startswith("The provider's 10-digit")
    assert _control(_window(findings, "details/saved"), "text", "NPI")["description"].startswith(
        "The provider's 10-digit"
    )


def test_background_results_are_announced(findings: dict[str, Any]) -> None:
    heard: dict[str, list[str]] = {}
    for announcement in findings["announcements"]:
        heard.setdefault(announcement["step"], []).append(announcement["text"])
    details = heard.get("details", [])
    assert any(text.startswith("NPI Registry name: ") for text in details), details
    assert any("CPSE Portal provider has this provider's NPI or SED code" in text
               or "CPSE Portal providers have" in text for text in details), details  # fmt: skip
    assert validate_npi("1234567890") in heard.get("invalid", [])
    assert validate_sed_code("12") in heard.get("invalid", [])
    assert any(text.startswith("Saved") for text in heard.get("saved", [])), heard.get("saved")
    assert any(text.startswith("Invitation sent.") for text in heard.get("invite_sent", []))


def _named(window: dict[str, Any], name: str) -> dict[str, Any]:
    found = [c for c in window["controls"] if c["name"] == name]
    assert found, f"nothing named {name!r} in {window['key']}: {[c['name'] for c in window['controls']]}"
    return found[0]


def test_the_onboarding_chart_says_every_stage_its_count_and_the_one_listed(findings: dict[str, Any]) -> None:
    onboarding = _window(findings, "onboarding")
    chart = _named(onboarding, "Onboarding stages")
    assert chart["role"] == "chart" and "focused" in chart["states"]
    description = chart["description"]
    for stage in Stage:
        assert f"{stage.label}: " in description and " provider" in description, (stage, description)
    assert f"The list shows {Stage.EXPIRED.label}." in description
    for name in ("Show All Providers", "Check Unlinked for Matches", "Resend Every Expired Invitation",
                 "Invite for Linked Providers with No Admin"):  # fmt: skip
        assert "focusable" in _named(onboarding, name)["states"]
    providers = next(t for t in onboarding["tables"] if t["name"] == "Providers")
    assert "Stage" in providers["table"]["headers"]
    # The arrow moved to the second stage; Enter (here: choose) filtered the list to the expired ones.
    heard = [a["text"] for a in findings["announcements"] if a["step"] == "onboarding"]
    assert any(text.startswith(f"{list(Stage)[1].label}: ") for text in heard), heard
    assert any(text.startswith(f"The list shows {Stage.EXPIRED.label}: ") for text in heard), heard


def test_the_resend_preview_and_people_tables_have_headers_and_rows(findings: dict[str, Any]) -> None:
    resend = _window(findings, "resend_expired")
    table = next(t for t in resend["tables"] if t["name"] == "Expired invitations to resend")
    assert table["table"]["headers"] == ["Provider", "Invitee", "E-mail", "Expired"]
    assert table["table"]["rows_total"] >= 1
    assert _named(resend, "Cancel")
    people = _window(findings, "people")
    found = next(t for t in people["tables"] if t["name"] == "People found")
    assert found["table"]["headers"][:2] == ["Person", "E-mail"] and found["table"]["rows_total"] >= 1
    assert all(row[0] for row in found["table"]["rows"])  # each row says whom it is about
    assert _named(people, "Find person by name, e-mail or NPI")["description"] is not None
