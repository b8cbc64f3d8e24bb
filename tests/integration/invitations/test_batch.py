"""Batch invitations against the real sandbox over HTTP, on each real database: the template round trip,
accept and decline, a re-run of the same file, the portal's pending invitations, cancel mid-send, and
the results report. Counting is done on the sandbox's side (its /sandbox/outbox of e-mails sent)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from countyadmin.domain.invitation import InvitationForm
from countyadmin.domain.invitation_batch import COLUMNS
from countyadmin.domain.outbox import OutboxState
from countyadmin.domain.records import NewProvider
from countyadmin.portal.client import PortalClient
from countyadmin.portal.models import InvitationRequest, NewPortalProvider
from countyadmin.services.invitation_batch import (
    BatchFileError,
    InvitationBatchService,
    RowOutcome,
    save_results,
)
from countyadmin.spreadsheets.reader import read_table
from tests.fixtures.sandbox import set_faults
from tests.integration.invitations.batch_files import fill_template
from tests.integration.invitations.conftest import World, all_emails
from tests.integration.sandbox.helpers import unique_name, unique_npi, unique_sed

SED_A = "004400000001"  # leading zeros, as many real SED codes have


@pytest.fixture
def batch(world: World) -> InvitationBatchService:
    with world.uow_factory() as uow:
        record = uow.providers.get(world.provider_id)
        assert record is not None
        uow.providers.update(replace(record, sed_code=SED_A), expected_version=record.version)
        uow.commit()
    return InvitationBatchService(world.uow_factory, world.service, workers=4)


def _row(email: str, **overrides: object) -> list[object]:
    cells: dict[str, object] = {
        "sed_code": SED_A, "provider_npi": None, "first_name": "Ana", "last_name": "Ortiz", "email": email,
        "also_therapist": "No", "therapist_npi": None, "profession": None, "license": None,
    }  # fmt: skip
    cells.update(overrides)
    return [cells[column.key] for column in COLUMNS]


def _sent_to(world: World) -> Counter[str]:
    return Counter(message["to"] for message in all_emails(world.sandbox))


def test_template_round_trip_then_accept_sends_ok_rows_once(
    world: World, batch: InvitationBatchService, tmp_path: Path
) -> None:
    path = fill_template(tmp_path / "invites.xlsx", [
        _row("ana.batch@example.org", also_therapist="Yes", therapist_npi="1234567893",
             profession="SLP - Speech-Language Pathologist", license="012345"),
        _row("bo.batch@example.org", first_name="Bo"),
        [None] * len(COLUMNS),
        _row("cy.batch@example.org", sed_code="999999999999"),
        _row("ana.batch@example.org"),
    ])  # fmt: skip
    # The identifier columns of the template are text: the SED code keeps its zeros through Excel's format.
    assert read_table(path).rows[0].values[0] == SED_A

    preview = batch.load(path)

    assert [(row.number, row.ok) for row in preview.rows] == [(2, True), (3, True), (5, False), (6, False)]
    assert "No provider in CountyAdmin has SED code 999999999999" in preview.rows[2].problems[0]
    assert preview.rows[3].problems[0].startswith("Duplicate of row 2")
    assert (preview.ok_count, preview.problem_count) == (2, 2)

    progress: list[tuple[int, int]] = []
    result = batch.send(preview, progress=lambda done, total, _: progress.append((done, total)))

    assert [r.outcome for r in result.results] == [RowOutcome.SENT, RowOutcome.SENT, RowOutcome.NOT_SENT,
                                                   RowOutcome.NOT_SENT]  # fmt: skip
    assert sorted(progress) == [(1, 2), (2, 2)]
    assert _sent_to(world) == Counter({"ana.batch@example.org": 1, "bo.batch@example.org": 1})
    with world.portal_factory() as portal:
        [therapist] = [i for i in portal.list_invitations(world.portal_id) if i.email.startswith("ana")]
    assert (therapist.npi, therapist.profession, therapist.license) == ("1234567893", "SLP", "012345")

    # The same file again: every row sent is found pending; nothing goes out twice.
    again = batch.load(path)
    assert again.ok_count == 0
    assert all("already has a pending invitation" in r.problems[0] for r in again.rows[:2])
    assert batch.send(again).counts == Counter({RowOutcome.NOT_SENT: 4})
    assert _sent_to(world) == Counter({"ana.batch@example.org": 1, "bo.batch@example.org": 1})


def test_loading_writes_and_sends_nothing(
    world: World, batch: InvitationBatchService, tmp_path: Path
) -> None:
    path = fill_template(tmp_path / "invites.xlsx", [_row(f"p{n}@example.org") for n in range(5)])

    assert batch.load(path).ok_count == 5

    assert all_emails(world.sandbox) == []
    with world.uow_factory() as uow:
        assert uow.outbox.for_provider(world.provider_id) == []


def test_pending_invitation_on_the_portal_and_queued_in_the_outbox_are_problems(
    world: World, batch: InvitationBatchService, tmp_path: Path
) -> None:
    # One invited on the portal itself, one waiting in this county's outbox (the portal is down).
    with world.portal_factory() as portal:
        made = portal.create_invitation(world.portal_id, InvitationRequest(
            "Di", "Lee", "di.portal@example.org", "portal user", False, None, None, None,
        ), idempotency_key="batch-test-di")  # fmt: skip
    world.service.queue_invitation(world.provider_id, InvitationForm("Ed", "Ng", "ed.queued@example.org"))
    path = fill_template(tmp_path / "invites.xlsx", [
        _row("DI.portal@example.org"), _row("ed.queued@example.org"), _row("fay@example.org"),
    ])  # fmt: skip

    preview = batch.load(path)

    di, ed, fay = preview.rows
    assert f"di.portal@example.org already has a pending invitation ({made.id}" in di.problems[0]
    assert "is already in the outbox" in ed.problems[0]
    assert fay.ok


def test_portal_down_while_checking_is_said_and_rows_stay_checked_locally(
    world: World, batch: InvitationBatchService, tmp_path: Path
) -> None:
    path = fill_template(tmp_path / "invites.xlsx", [_row("gil@example.org")])
    set_faults(world.sandbox, error_rate=1.0)

    preview = batch.load(path)

    assert preview.ok_count == 1
    assert any("could not be asked about pending invitations" in notice for notice in preview.notices)


def test_portal_down_while_sending_keeps_rows_queued_in_the_outbox(
    world: World, batch: InvitationBatchService, tmp_path: Path
) -> None:
    preview = batch.load(
        fill_template(tmp_path / "i.xlsx", [_row("hal@example.org"), _row("ida@example.org")])
    )
    set_faults(world.sandbox, error_rate=1.0)

    result = batch.send(preview)

    assert [r.outcome for r in result.results] == [RowOutcome.QUEUED, RowOutcome.QUEUED]
    assert "waiting in the outbox" in result.results[0].reason
    set_faults(world.sandbox)
    # The outbox sends them later, once each (as the background sender does).
    world.clock.advance()
    world.service.deliver_due()
    assert _sent_to(world) == Counter({"hal@example.org": 1, "ida@example.org": 1})


def test_cancel_in_the_middle_of_sending(world: World, batch: InvitationBatchService, tmp_path: Path) -> None:
    emails = [f"row{n}@example.org" for n in range(40)]
    preview = batch.load(fill_template(tmp_path / "many.xlsx", [_row(e) for e in emails]))
    set_faults(world.sandbox, latency_ms=30)
    stop = threading.Event()

    def progress(done: int, total: int, _: object) -> None:
        if done >= 10:
            stop.set()

    result = batch.send(preview, cancelled=stop.is_set, progress=progress)

    assert result.cancelled
    sent = [r for r in result.results if r.outcome is RowOutcome.SENT]
    not_sent = [r for r in result.results if r.outcome is RowOutcome.NOT_SENT]
    # Rows already taken finish (at most one per worker after the tenth); the rest are not touched.
    assert 10 <= len(sent) <= 10 + batch.workers and len(sent) + len(not_sent) == 40
    assert all("cancelled" in r.reason for r in not_sent)
    assert _sent_to(world) == Counter({r.email: 1 for r in sent})
    with world.uow_factory() as uow:
        states = Counter(item.state for item in uow.outbox.for_provider(world.provider_id))
    assert states == Counter({OutboxState.SENT: len(sent)})

    # Loading the file again finds the sent rows pending and offers exactly the rest.
    set_faults(world.sandbox)
    again = batch.load(tmp_path / "many.xlsx")
    assert {row.form.email for row in again.ok_rows if row.form} == {r.email for r in not_sent}
    batch.send(again)
    assert _sent_to(world) == Counter({email: 1 for email in emails})


def test_results_report_is_saved_as_xlsx(world: World, batch: InvitationBatchService, tmp_path: Path) -> None:
    preview = batch.load(fill_template(tmp_path / "i.xlsx", [_row("jo@example.org"), _row("bad-address")]))
    result = batch.send(preview)

    save_results(tmp_path / "results.xlsx", result)

    table = read_table(tmp_path / "results.xlsx")
    assert table.headers[:6] == ("Row", "Provider", "Name", "Email", "Result", "Reason")
    assert [row.values[4] for row in table.rows] == ["sent", "not sent"]
    assert "@" in str(table.rows[1].values[5])


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "is empty"),
        (b"%PDF-1.4 not a sheet", "is a PDF document"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            "protected with a password",
        ),
        (b"PK\x03\x04 broken zip", "is damaged"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_sent(
    world: World, batch: InvitationBatchService, tmp_path: Path, content: bytes, said: str
) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)

    with pytest.raises(BatchFileError) as caught:
        batch.load(path)

    assert said in caught.value.user_message
    assert all_emails(world.sandbox) == []


def test_missing_required_column_is_named(batch: InvitationBatchService, tmp_path: Path) -> None:
    path = tmp_path / "no-email.csv"
    path.write_text("SED Code,First Name,Last Name,Notes\n004400000001,Ana,Ortiz,x\n", encoding="utf-8")

    with pytest.raises(BatchFileError) as caught:
        batch.load(path)

    message = caught.value.user_message
    assert "The file has no “Email” column." in message and "“Notes”" in message


def test_too_many_rows_are_refused(world: World, tmp_path: Path) -> None:
    small = InvitationBatchService(world.uow_factory, world.service, max_rows=3)
    path = tmp_path / "big.csv"
    path.write_text(
        "Email,First Name,Last Name,SED Code\n" + "a@b.org,A,B,004400000001\n" * 4, encoding="utf-8"
    )

    with pytest.raises(BatchFileError) as caught:
        small.load(path)

    assert "more than 3 rows of data" in caught.value.user_message


def test_provider_not_linked_yet(world: World, batch: InvitationBatchService, tmp_path: Path) -> None:
    with world.uow_factory() as uow:
        uow.providers.add(NewProvider(name="Not Yet Linked", sed_code="000000000777"), user="t",
                          at=datetime.now(UTC))  # fmt: skip
        uow.commit()
    path = fill_template(tmp_path / "i.xlsx", [_row("kim@example.org", sed_code="000000000777")])

    [row] = batch.load(path).rows

    assert "Not Yet Linked is not linked to CPSE Portal yet" in row.problems[0]


def test_two_providers_one_file(
    world: World, batch: InvitationBatchService, tmp_path: Path, portal_factory: Callable[[], PortalClient]
) -> None:
    with portal_factory() as portal:
        other = portal.create_provider(NewPortalProvider("agency", unique_name(), unique_npi("2"), None))
    sed_b = unique_sed()
    with world.uow_factory() as uow:
        record = NewProvider(name=other.name, sed_code=sed_b, portal_provider_id=other.id, uses_portal=True)
        other_id = uow.providers.add(record, user="t", at=datetime.now(UTC))
        uow.commit()
    with portal_factory() as portal:  # the portal lets a county invite only for providers it linked
        portal.link_county(other.id, str(other_id))
    path = fill_template(
        tmp_path / "i.xlsx", [_row("lee@example.org"), _row("lee@example.org", sed_code=sed_b)]
    )

    result = batch.send(batch.load(path))

    assert [r.outcome for r in result.results] == [RowOutcome.SENT, RowOutcome.SENT]
    assert _sent_to(world) == Counter({"lee@example.org": 2})


def test_read_is_local_and_send_never_skips_the_pending_check(
    world: World, batch: InvitationBatchService, tmp_path: Path
) -> None:
    path = fill_template(tmp_path / "i.xlsx", [_row("max@example.org")])
    batch.send(batch.load(path))

    unchecked = batch.read(path)  # what the dialog shows at once, before the portal is asked
    assert not unchecked.pending_checked and unchecked.ok_count == 1

    result = batch.send(unchecked)

    assert [r.outcome for r in result.results] == [RowOutcome.NOT_SENT]
    assert "already has a pending invitation" in result.results[0].reason
    assert _sent_to(world) == Counter({"max@example.org": 1})
