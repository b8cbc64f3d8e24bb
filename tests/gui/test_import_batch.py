"""Invite Admin Users from a Spreadsheet, clicked through as a clerk would, against the sandbox over HTTP.

The county database is SQLite (the batch sends from several threads, each with its own unit of work);
e-mails are counted on the sandbox's side (/sandbox/outbox), per address, so the shared sandbox is fine.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import requests
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QTableView

from countyadmin.db.engine import create_engine_for, upgrade_database
from countyadmin.db.unit_of_work import unit_of_work_factory
from countyadmin.domain.invitation_batch import COLUMNS
from countyadmin.domain.records import NewProvider
from countyadmin.gui.mainwindow.main_window import MainWindow
from countyadmin.gui.spreadsheets.import_batch_dialog import ImportBatchDialog
from countyadmin.portal.client import PortalClient
from countyadmin.portal.models import NewPortalProvider
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.services.invitation_batch import InvitationBatchService, RowOutcome
from countyadmin.services.invitations import InvitationService
from countyadmin.spreadsheets.reader import read_table
from tests.gui.conftest import GuiWorld
from tests.integration.invitations.batch_files import fill_template
from tests.integration.invitations.conftest import client_for
from tests.integration.sandbox.helpers import unique_name, unique_npi, unique_sed

UowFactory = Callable[[], Any]
LEFT = Qt.MouseButton.LeftButton


@dataclass
class BatchWorld:
    sandbox: SandboxProcess
    uow_factory: UowFactory
    service: InvitationService
    batch: InvitationBatchService
    sed_code: str
    provider_id: int
    tag: str  # in every address of the test, so the shared sandbox's e-mails can be told apart

    def email(self, name: str) -> str:
        return f"{name}.{self.tag}@example.org"

    def emails(self) -> Counter[str]:
        response = requests.get(f"{self.sandbox.url}/sandbox/outbox", timeout=10)
        response.raise_for_status()
        return Counter(m["to"] for m in response.json()["items"] if self.tag in m["to"])

    def row(self, name: str, **cells: object) -> list[object]:
        values: dict[str, object] = {
            "sed_code": self.sed_code, "provider_npi": None, "first_name": name.title(), "last_name": "Lee",
            "email": self.email(name), "also_therapist": None, "therapist_npi": None, "profession": None,
            "license": None,
        }  # fmt: skip
        values.update(cells)
        return [values[column.key] for column in COLUMNS]


@pytest.fixture
def batch_world(tmp_path: Path, sandbox: SandboxProcess, sandbox_api_key: str) -> Iterator[BatchWorld]:
    engine = create_engine_for(f"sqlite:///{(tmp_path / 'county.sqlite3').as_posix()}")
    upgrade_database(engine)
    uow_factory = unit_of_work_factory(engine)

    def portal_factory() -> PortalClient:
        return client_for(sandbox, sandbox_api_key)

    with portal_factory() as portal:
        created = portal.create_provider(NewPortalProvider("agency", unique_name(), unique_npi("2"), None))
    sed_code = "00" + unique_sed()[2:]
    with uow_factory() as uow:
        new = NewProvider(created.name, sed_code=sed_code, portal_provider_id=created.id, uses_portal=True)
        provider_id = uow.providers.add(new, user="setup", at=datetime.now(UTC))
        uow.commit()
    with portal_factory() as portal:  # the portal lets a county invite only for providers it linked
        portal.link_county(created.id, str(provider_id))
    service = InvitationService(uow_factory, portal_factory, user="clerk")
    batch = InvitationBatchService(uow_factory, service, workers=4)
    yield BatchWorld(sandbox, uow_factory, service, batch, sed_code, provider_id, uuid.uuid4().hex[:10])
    engine.dispose()


@pytest.fixture
def dialog(qtbot, batch_world: BatchWorld) -> ImportBatchDialog:  # noqa: ANN001
    dialog = ImportBatchDialog(batch_world.batch)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _child(dialog: ImportBatchDialog, name: str, kind: type[Any] = QPushButton) -> Any:
    widget = dialog.findChild(kind, name)
    assert widget is not None, name
    assert kind is QLabel or widget.accessibleName(), f"{name} has no accessibleName"
    return widget


def _load(qtbot, dialog: ImportBatchDialog, path: Path) -> None:  # noqa: ANN001
    dialog.ui.batchFilePathEdit.setText(str(path))
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        qtbot.mouseClick(_child(dialog, "loadBatchFileButton"), LEFT)


def _load_refused(qtbot, dialog: ImportBatchDialog, path: Path) -> str:  # noqa: ANN001
    dialog.ui.batchFilePathEdit.setText(str(path))
    with qtbot.waitSignal(dialog.load_failed, timeout=30_000) as failed:
        qtbot.mouseClick(_child(dialog, "loadBatchFileButton"), LEFT)
    message: str = failed.args[0]
    label = _child(dialog, "batchFileMessage", QLabel)
    assert label.isVisible() and label.text() == message
    assert not _child(dialog, "acceptAndSendButton").isEnabled()
    return message


def _table(dialog: ImportBatchDialog) -> list[list[str]]:
    model = _child(dialog, "batchPreviewTable", QTableView).model()
    return [[str(model.index(r, c).data() or "") for c in range(model.columnCount())]
            for r in range(model.rowCount())]  # fmt: skip


def test_template_round_trip_preview_accept_and_save_results(
    qtbot,
    dialog: ImportBatchDialog,
    batch_world: BatchWorld,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    template = tmp_path / "template.xlsx"
    with qtbot.waitSignal(dialog.file_saved, timeout=10_000):
        dialog.save_template(str(template))
    workbook = openpyxl.load_workbook(template)
    sheet = workbook["Invitations"]
    sheet.delete_rows(2)  # the clerk replaces the example row
    w = batch_world
    therapist = {"also_therapist": "Yes", "therapist_npi": "1234567893", "profession": "SLP",
                 "license": "012345"}  # fmt: skip
    for row in (w.row("ana", **therapist), w.row("bo"), w.row("cy", sed_code="999999999999"),
                w.row("ana", first_name="Ann")):  # fmt: skip
        sheet.append(row)
    workbook.save(template)

    _load(qtbot, dialog, template)

    rows = _table(dialog)
    assert [(r[0], r[1]) for r in rows[:2]] == [("2", "OK"), ("3", "OK")]
    assert rows[2][0] == "4" and "No provider in CountyAdmin has SED code 999999999999" in rows[2][1]
    assert rows[3][1].startswith("Duplicate of row 2")
    assert rows[0][3] == w.sed_code  # the identifier kept its leading zeros
    assert _child(dialog, "batchCountsLabel", QLabel).text().startswith("4 rows: 2 OK, 2 rows with problems.")
    accept = _child(dialog, "acceptAndSendButton")
    assert (
        accept.isEnabled() and accept.text().replace("&&", "&").replace("&A", "A") == "Accept & Send Invites"
    )
    assert w.emails() == Counter()  # nothing sent before accepting

    _child(dialog, "batchPreviewTable", QTableView).selectRow(2)
    details = _child(dialog, "batchRowDetailsLabel", QLabel).text()
    assert details.startswith("Row 4: Problems: No provider in CountyAdmin has SED code 999999999999.")
    assert details.endswith("import the provider first.")

    _child(dialog, "problemsOnlyCheck", object).setChecked(True)
    assert [r[0] for r in _table(dialog)] == ["4", "5"]
    _child(dialog, "problemsOnlyCheck", object).setChecked(False)

    with qtbot.waitSignal(dialog.sending_finished, timeout=30_000) as finished:
        qtbot.mouseClick(accept, LEFT)
    result = finished.args[0]

    assert [r.outcome for r in result.results] == [RowOutcome.SENT, RowOutcome.SENT, RowOutcome.NOT_SENT,
                                                   RowOutcome.NOT_SENT]  # fmt: skip
    assert w.emails() == Counter({w.email("ana"): 1, w.email("bo"): 1})
    assert [r[1] for r in _table(dialog)][:2] == ["Sent", "Sent"]
    assert (
        _child(dialog, "batchResultsLabel", QLabel)
        .text()
        .startswith("Done. 2 sent, 0 queued, 0 failed, 2 not sent.")
    )
    assert not accept.isVisible() and _child(dialog, "closeBatchButton").isVisible()

    report = tmp_path / "results.xlsx"
    with qtbot.waitSignal(dialog.file_saved, timeout=10_000):
        dialog.save_results(str(report))
    assert [row.values[4] for row in read_table(report).rows] == ["sent", "sent", "not sent", "not sent"]
    dialog.grab().save(str(tmp_path / "batch-dialog.png"))


def test_decline_sends_nothing(
    qtbot,
    dialog: ImportBatchDialog,
    batch_world: BatchWorld,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    w = batch_world
    _load(qtbot, dialog, fill_template(tmp_path / "i.xlsx", [w.row("dee"), w.row("eve")]))
    assert _child(dialog, "acceptAndSendButton").isEnabled()

    with qtbot.waitSignal(dialog.rejected, timeout=5_000):
        qtbot.mouseClick(_child(dialog, "declineAndCancelButton"), LEFT)

    assert not dialog.isVisible()
    assert w.emails() == Counter()
    with w.uow_factory() as uow:
        assert uow.outbox.for_provider(w.provider_id) == []


def test_cancel_in_the_middle_of_sending(
    qtbot,
    dialog: ImportBatchDialog,
    batch_world: BatchWorld,
    tmp_path: Path,  # noqa: ANN001
    sandbox_faults: Callable[..., Any],
) -> None:
    w = batch_world
    names = [f"p{n}" for n in range(40)]
    _load(qtbot, dialog, fill_template(tmp_path / "many.xlsx", [w.row(name) for name in names]))
    sandbox_faults(latency_ms=50)
    progress = _child(dialog, "batchProgressBar", QProgressBar)

    with qtbot.waitSignal(dialog.sending_finished, timeout=60_000) as finished:
        qtbot.mouseClick(_child(dialog, "acceptAndSendButton"), LEFT)
        assert progress.isVisible() and progress.maximum() == 40
        qtbot.waitUntil(lambda: progress.value() >= 5, timeout=30_000)
        qtbot.mouseClick(_child(dialog, "cancelSendingButton"), LEFT)
    result = finished.args[0]

    assert result.cancelled
    sent = {r.email for r in result.results if r.outcome is RowOutcome.SENT}
    assert 5 <= len(sent) < 40
    assert w.emails() == Counter({email: 1 for email in sent})  # what was sent stays sent, once
    assert "Sending was cancelled." in _child(dialog, "batchResultsLabel", QLabel).text()

    # The same file again in a new dialog: the sent rows are found pending, the rest are offered.
    sandbox_faults()
    again = ImportBatchDialog(w.batch)
    qtbot.addWidget(again)
    again.show()
    _load(qtbot, again, tmp_path / "many.xlsx")
    assert again.preview is not None and again.preview.ok_count == 40 - len(sent)
    with qtbot.waitSignal(again.sending_finished, timeout=60_000):
        qtbot.mouseClick(_child(again, "acceptAndSendButton"), LEFT)
    assert w.emails() == Counter({w.email(name): 1 for name in names})


def _docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("word/document.xml", "<w:document/>")


def _encrypted(path: Path) -> None:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\x00")
    path.write_bytes(header + "EncryptionInfo".encode("utf-16-le").ljust(128, b"\x00")
                     + "EncryptedPackage".encode("utf-16-le").ljust(128, b"\x00"))  # fmt: skip


def _corrupted(path: Path) -> None:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    path.write_bytes(buffer.getvalue()[:400])


def _formulas(path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([column.header for column in COLUMNS])
    sheet.append(['="0044"&"00000001"', None, "Ana", "Lee", "ana@example.org"])
    workbook.save(path)


def _merged(path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([column.header for column in COLUMNS])
    sheet.append(["004400000001", None, "Ana", "Lee", "ana@example.org"])
    sheet.append([None, None, "Bo", "Lee", "bo@example.org"])
    sheet.merge_cells("A2:A3")
    workbook.save(path)


@pytest.mark.parametrize(
    ("name", "make", "said"),
    [
        ("letter.xlsx", _docx, "is a Word document, not an Excel workbook"),
        ("secret.xlsx", _encrypted, "is protected with a password"),
        ("broken.xlsx", _corrupted, "is damaged"),
        ("empty.xlsx", lambda p: p.write_bytes(b""), "is empty"),
        ("formulas.xlsx", _formulas, "formulas without their results"),
        ("merged.xlsx", _merged, "merged cells (A2:A3)"),
        (
            "headers.csv",
            lambda p: p.write_text("Name,Address\nAna,1 Main St\n", encoding="utf-8"),
            "neither a “Provider SED Code” nor a “Provider NPI” column",
        ),
    ],
)
def test_each_bad_file_gets_a_clear_message_and_nothing_is_sent(
    qtbot,
    dialog: ImportBatchDialog,
    batch_world: BatchWorld,
    tmp_path: Path,  # noqa: ANN001
    name: str,
    make: Callable[[Path], None],
    said: str,
) -> None:
    path = tmp_path / name
    make(path)

    message = _load_refused(qtbot, dialog, path)

    assert said in message
    assert _table(dialog) == []
    assert batch_world.emails() == Counter()


def test_csv_in_windows_1252_loads_and_says_so(
    qtbot,
    dialog: ImportBatchDialog,
    batch_world: BatchWorld,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    w = batch_world
    path = tmp_path / "legacy.csv"
    path.write_bytes(f"SED Code,First Name,Last Name,Email\n{w.sed_code},José,Muñoz,{w.email('jose')}\n"
                     .encode("cp1252"))  # fmt: skip

    _load(qtbot, dialog, path)

    assert _table(dialog)[0][1] == "OK" and "José" in _table(dialog)[0]
    assert "Windows-1252" in _child(dialog, "batchFileMessage", QLabel).text()


def test_a_100000_row_file_is_refused_and_the_window_stays_responsive(
    qtbot,
    dialog: ImportBatchDialog,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    path = tmp_path / "huge.xlsx"
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Invitations")
    sheet.append([column.header for column in COLUMNS])
    for n in range(100_000):
        sheet.append(["004400000001", None, "Ana", "Lee", f"a{n}@example.org"])
    workbook.save(path)
    ticks: list[int] = []
    timer = QTimer(dialog)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)

    message = _load_refused(qtbot, dialog, path)

    timer.stop()
    assert "more than 5,000 rows of data" in message and "Split it into smaller files" in message
    # The event loop kept running while the file was read on a worker thread.
    assert len(ticks) >= 3


def test_no_ok_rows_means_nothing_to_accept(
    qtbot,
    dialog: ImportBatchDialog,
    batch_world: BatchWorld,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    w = batch_world
    rows = [w.row("fay", email="not-an-address"), w.row("gus", sed_code=44000001)]
    _load(qtbot, dialog, fill_template(tmp_path / "bad.xlsx", rows))

    rows = _table(dialog)
    assert "An e-mail address has an @" in rows[0][1]
    assert "its leading zeros were lost" in rows[1][1]
    assert not _child(dialog, "acceptAndSendButton").isEnabled()
    assert "No row can be sent" in _child(dialog, "batchCountsLabel", QLabel).text()


def test_main_window_menu_opens_the_dialog_and_saves_the_template(
    qtbot,
    world: GuiWorld,
    batch_world: BatchWorld,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    context = world.context()
    context.batch = batch_world.batch
    window = MainWindow(lambda: context)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.providers_loaded, timeout=5000):
        window.start()
    action = window.findChild(type(window.ui.importBatchAction), "importBatchAction")
    assert action is not None and action.isEnabled()

    action.trigger()

    opened = window.findChild(ImportBatchDialog, "ImportBatchDialog")
    assert opened is not None and opened.isVisible()
    opened.reject()

    target = tmp_path / "from-menu.xlsx"
    assert window.findChild(type(window.ui.downloadTemplateAction), "downloadTemplateAction") is not None
    window.save_invitation_template(str(target))
    qtbot.waitUntil(target.exists, timeout=10_000)
    assert read_table(target).headers == tuple(column.header for column in COLUMNS)


def test_quitting_mid_send_stops_taking_rows_and_sends_none_twice(
    qtbot,
    world: GuiWorld,
    batch_world: BatchWorld,
    tmp_path: Path,  # noqa: ANN001
    sandbox_faults: Callable[..., Any],
) -> None:
    w = batch_world
    context = world.context()
    context.batch = w.batch
    window = MainWindow(lambda: context)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.providers_loaded, timeout=5000):
        window.start()
    dialog = window.import_batch()
    assert dialog is not None and window.batch_dialog is dialog
    names = [f"q{n}" for n in range(40)]
    _load(qtbot, dialog, fill_template(tmp_path / "quit.xlsx", [w.row(name) for name in names]))
    sandbox_faults(latency_ms=50)
    progress = _child(dialog, "batchProgressBar", QProgressBar)

    with qtbot.waitSignal(dialog.sending_finished, timeout=60_000) as finished:
        qtbot.mouseClick(_child(dialog, "acceptAndSendButton"), LEFT)
        qtbot.waitUntil(lambda: progress.value() >= 3, timeout=30_000)
        window.close()  # the clerk quits
    result = finished.args[0]

    assert result.cancelled
    sent = {r.email for r in result.results if r.outcome is RowOutcome.SENT}
    assert 3 <= len(sent) < 40
    assert w.emails() == Counter({email: 1 for email in sent})


def test_preview_names_each_rows_provider_and_an_admin_user_already_is_a_problem(
    qtbot, dialog: ImportBatchDialog, batch_world: BatchWorld, tmp_path: Path  # noqa: ANN001
) -> None:
    from countyadmin.domain.invitation import InvitationForm

    w = batch_world
    sent = w.service.send_now(w.service.queue_invitation(w.provider_id, InvitationForm(
        "Ada", "Lee", w.email("ada"))).id)  # fmt: skip
    response = requests.post(f"{w.sandbox.url}/sandbox/invitations/{sent.portal_invitation_id}/accept",
                             json={"username": f"ada{w.tag}"}, timeout=10)  # fmt: skip
    assert response.status_code == 200, response.text
    with w.uow_factory() as uow:
        record = uow.providers.get(w.provider_id)
    assert record is not None
    path = fill_template(tmp_path / "admins.xlsx", [w.row("ada", email=w.email("ada").upper()), w.row("bea"),
                                                    w.row("cy", sed_code="999999999999")])  # fmt: skip

    _load(qtbot, dialog, path)

    model = _child(dialog, "batchPreviewTable", QTableView).model()
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Provider in CountyAdmin"
    rows = _table(dialog)
    assert [r[2] for r in rows] == [record.name, record.name, ""]  # as the county database has it
    assert "already an admin user of this provider" in rows[0][1] and f"ada{w.tag}" in rows[0][1]
    assert rows[1][1] == "OK"
    assert _child(dialog, "batchCountsLabel", QLabel).text().startswith("3 rows: 1 OK, 2 rows with problems.")
    dialog.resize(1300, 420)
    dialog.grab().save("/tmp/batch_preview_admins.png")
    with qtbot.waitSignal(dialog.sending_finished, timeout=30_000) as finished:
        qtbot.mouseClick(_child(dialog, "acceptAndSendButton"), LEFT)
    assert [r.outcome for r in finished.args[0].results] == [RowOutcome.NOT_SENT, RowOutcome.SENT,
                                                             RowOutcome.NOT_SENT]  # fmt: skip
    assert w.emails() == Counter({w.email("ada"): 1, w.email("bea"): 1})  # ada's first, none again
