"""The link status workbook's onboarding sheet: the stage counts and a bar chart drawn from them.

The demo county and sandbox, the local copy synced for real, the workbook read back from the file
(openpyxl does not load charts, so the chart is read from its XML part).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.portal.client import PortalClient
from countyadmin.sandbox import DEMO_API_KEY, DEMO_COUNTY_NAME
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.services.demo import load_demo_dataset, seed_demo_database
from countyadmin.services.onboarding import OnboardingService, Stage
from countyadmin.services.portal_sync import PortalSyncService
from countyadmin.services.reports import LinkStatusReportService

UowFactory = Callable[[], SqlAlchemyUnitOfWork]
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxProcess]:
    with SandboxProcess.start(tmp_path_factory.mktemp("stages-sandbox"), {DEMO_API_KEY: DEMO_COUNTY_NAME},
                              seed="demo") as process:  # fmt: skip
        yield process


def test_the_workbook_has_the_stage_counts_and_their_chart(
    uow_factory: UowFactory, sandbox: SandboxProcess, tmp_path: Path
) -> None:
    seed_demo_database(uow_factory, load_demo_dataset(), now=NOW)
    client = lambda: PortalClient(sandbox.url, DEMO_API_KEY, max_attempts=1, timeout=(1.0, 5.0))  # noqa: E731
    assert PortalSyncService(uow_factory, client).sync().synced
    counts = OnboardingService(uow_factory).counts()
    assert counts.as_of is not None and counts.by_stage[Stage.ACTIVE_ADMIN] > 0

    path = tmp_path / "link status.xlsx"
    LinkStatusReportService(uow_factory, client, clock=lambda: NOW).write_link_status(path)

    workbook = openpyxl.load_workbook(path)
    assert "Onboarding" in workbook.sheetnames
    rows = list(workbook["Onboarding"].iter_rows(values_only=True))
    assert rows[0] == ("Stage", "Providers")
    assert rows[1:] == [(stage.label, counts.by_stage[stage]) for stage in Stage]
    assert sum(n for _, n in rows[1:]) == len(list(workbook["Providers"].iter_rows())) - 1
    with zipfile.ZipFile(path) as archive:
        charts = [name for name in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", name)]
        assert len(charts) == 1
        xml = archive.read(charts[0]).decode("utf-8")
    assert re.search(r'<(c:)?barDir val="bar"\s*/>', xml)
    assert "'Onboarding'!$B$2:$B$7" in xml and "'Onboarding'!$A$2:$A$7" in xml
    assert "Providers by stage (CPSE Portal data as of" in xml
    assert re.search(r'<(c:)?showVal val="1"\s*/>', xml)  # each bar says its number
