"""Inviting many admin users from a spreadsheet: load and check the file, then send the OK rows.

``load`` reads the file (``countyadmin.spreadsheets.reader``), finds the columns by their headers, and
checks every row against the county's providers, the invitation rules, the rest of the file, the local
outbox and CPSE Portal's pending invitations. Nothing is written. ``send`` puts each OK row through the
invitation outbox (``InvitationService.queue_invitation`` then ``send_now``, as the Invite dialog does),
on a bounded pool of workers, each with its own units of work: a row is queued once under its own
Idempotency-Key, so however the post is repeated CPSE Portal makes one invitation. Cancelling stops the
workers taking new rows; rows already taken finish, and what was sent stays sent.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from countyadmin.domain.invitation import InvitationForm, KnownAdmin, admin_key, already_admin_sentence
from countyadmin.domain.invitation_batch import (
    COLUMNS,
    EMAIL,
    FIRST_NAME,
    LAST_NAME,
    BatchRow,
    InvitationKey,
    ProviderDirectory,
    check_rows,
    missing_columns,
)
from countyadmin.domain.outbox import OutboxItem, OutboxState
from countyadmin.portal.models import AdminUser
from countyadmin.services.errors import ServiceError, describe_time
from countyadmin.services.invitation_errors import InvitationAlreadyQueued
from countyadmin.services.invitation_list import InvitationEntry, InvitationList
from countyadmin.services.invitations import active_admins
from countyadmin.services.unit_of_work import UnitOfWorkFactory
from countyadmin.spreadsheets.errors import SpreadsheetError
from countyadmin.spreadsheets.reader import Table, read_table
from countyadmin.spreadsheets.writer import Column, SheetSpec, write_workbook

log = logging.getLogger(__name__)

MAX_BATCH_ROWS = 5_000
DEFAULT_WORKERS = 8
PORTAL_CHECK_WORKERS = 8
# How long a row waits for another sender (the background one, another desk) that claimed it first.
SETTLE_SECONDS = 30.0


class InvitationSender(Protocol):
    """``InvitationService`` as a batch uses it."""

    def list_for_provider(self, provider_id: int) -> InvitationList: ...
    def queue_invitation(self, provider_id: int, form: InvitationForm) -> OutboxItem: ...
    def send_now(self, item_id: int) -> OutboxItem: ...
    def outbox_item(self, item_id: int) -> OutboxItem: ...
    def admin_users(self, provider_id: int) -> list[AdminUser]: ...


class BatchFileError(ServiceError):
    """The file cannot be used as a whole (unreadable, or a required column missing); nothing is sent."""


@dataclass(frozen=True, slots=True)
class BatchPreview:
    """A loaded file: every non-blank row checked, and notes worth showing beside the file name."""

    path: Path
    rows: tuple[BatchRow, ...]
    notices: tuple[str, ...] = ()
    ignored_headers: tuple[str, ...] = ()
    pending_checked: bool = True  # False between ``read`` and ``check_pending``: not to be sent yet

    @property
    def ok_rows(self) -> list[BatchRow]:
        return [row for row in self.rows if row.ok]

    @property
    def ok_count(self) -> int:
        return sum(1 for row in self.rows if row.ok)

    @property
    def problem_count(self) -> int:
        return len(self.rows) - self.ok_count


class RowOutcome(StrEnum):
    SENT = "sent"  # CPSE Portal made the invitation and e-mailed it
    QUEUED = "queued"  # in the outbox; the background sender keeps trying (the reason says why)
    FAILED = "failed"  # refused (a pending invitation, the portal's own checks); the reason says why
    NOT_SENT = "not sent"  # the row had problems, or sending was cancelled before it


@dataclass(frozen=True, slots=True)
class RowResult:
    number: int
    provider_name: str
    email: str
    name: str
    outcome: RowOutcome
    reason: str = ""
    outbox_item_id: int | None = None
    portal_invitation_id: str | None = None


@dataclass(frozen=True, slots=True)
class BatchResult:
    results: tuple[RowResult, ...]  # every row of the file, in its order
    cancelled: bool = False
    counts: Counter[RowOutcome] = field(default_factory=Counter)


ProgressListener = Callable[[int, int, RowResult], None]  # (done, total, the row just finished)


class InvitationBatchService:
    """Loads, checks and sends batch files of admin-user invitations; safe to call off the GUI thread."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        invitations: InvitationSender,
        *,
        workers: int = DEFAULT_WORKERS,
        max_rows: int = MAX_BATCH_ROWS,
        settle_seconds: float = SETTLE_SECONDS,
    ) -> None:
        self._uow_factory = uow_factory
        self._invitations = invitations
        self.workers = max(1, workers)
        self.max_rows = max_rows
        self._settle_seconds = settle_seconds

    # -- load ------------------------------------------------------------------------------------

    def load(self, path: Path, *, cancelled: Callable[[], bool] | None = None) -> BatchPreview:
        """``read`` then ``check_pending``: the file fully checked. Nothing is written or sent.

        Raises:
            BatchFileError: the file cannot be read, or lacks a required column; the sentence says why.
        """
        return self.check_pending(self.read(path, cancelled=cancelled))

    def read(self, path: Path, *, cancelled: Callable[[], bool] | None = None) -> BatchPreview:
        """Read ``path`` and check every row against the county's providers and the invitation rules.

        Fast and local (no CPSE Portal): the preview can be shown at once. Whether an invitee already has
        an invitation queued or pending is ``check_pending``'s part; until then ``pending_checked`` is
        False and nothing should be sent.

        Raises:
            BatchFileError: the file cannot be read, or lacks a required column; the sentence says why.
        """
        try:
            table = read_table(path, max_rows=self.max_rows, cancelled=cancelled)
        except SpreadsheetError as error:
            raise BatchFileError(error.user_message) from None
        found = {column.key: table.column(*column.names) for column in COLUMNS}
        missing = missing_columns(found)
        if missing:
            raise BatchFileError(_missing_message(path, table, missing))
        with self._uow_factory() as uow:
            directory = ProviderDirectory.of(uow.providers.list_summaries())
        rows = check_rows(((row.number, row.values) for row in table.rows), found, directory)
        used = {index for index in found.values() if index is not None}
        ignored = tuple(h for i, h in enumerate(table.headers) if h and i not in used)
        notices = (table.notice,) if table.notice else ()
        return BatchPreview(path, tuple(rows), notices, ignored, pending_checked=False)

    def check_pending(self, preview: BatchPreview) -> BatchPreview:
        """The preview with every OK row whose invitee is already queued or pending marked as a problem.

        Asks each provider's invitations (the outbox merged with CPSE Portal's list), a few providers at
        a time; when the portal cannot be asked, the outbox's last known statuses count and a notice
        says so (sending checks again: the portal refuses a second pending invitation).
        """
        rows = preview.rows
        provider_ids = {row.provider.id for row in rows if row.ok and row.provider is not None}
        pending, admins, portal_notice = self._pending(provider_ids)
        if pending or admins:
            rows = tuple(_with_known(row, pending, admins) if row.ok else row for row in rows)
        notices = preview.notices + ((portal_notice,) if portal_notice else ())
        return replace(preview, rows=rows, notices=notices, pending_checked=True)

    def _pending(
        self, provider_ids: Collection[int]
    ) -> tuple[dict[InvitationKey, str], dict[int, dict[str, KnownAdmin]], str | None]:
        """Invitations queued in the outbox or pending on CPSE Portal for these providers, and each
        provider's active admin users (by casefolded e-mail).

        Asked through ``InvitationService.list_for_provider`` (the outbox merged with the portal's list)
        and ``admin_users``, a few providers at a time. When the portal cannot be asked, the outbox's
        last known statuses are used and the returned sentence says so.
        """
        pending: dict[InvitationKey, str] = {}
        admins: dict[int, dict[str, KnownAdmin]] = {}
        portal_errors: list[str] = []

        def ask(provider_id: int) -> None:
            try:
                listing = self._invitations.list_for_provider(provider_id)
            except Exception as error:  # the provider vanished meanwhile, say; sending checks again
                portal_errors.append(getattr(error, "user_message", None) or type(error).__name__)
                return
            if listing.portal_error:
                portal_errors.append(listing.portal_error)
                return  # the portal is not answering: its admin users would not be either
            for entry in listing.entries:
                if sentence := _pending_sentence(entry):
                    pending.setdefault((provider_id, admin_key(entry.email)), sentence)
            try:
                admins[provider_id] = active_admins(self._invitations.admin_users(provider_id))
            except Exception as error:
                portal_errors.append(getattr(error, "user_message", None) or type(error).__name__)

        if provider_ids:
            with ThreadPoolExecutor(min(PORTAL_CHECK_WORKERS, len(provider_ids))) as pool:
                list(pool.map(ask, provider_ids))
        notice = None
        if portal_errors:
            notice = (
                f"CPSE Portal could not be asked about pending invitations and admin users "
                f"({portal_errors[0].rstrip('.')}). Rows are checked again as they are sent: a pending "
                "invitation or an existing admin user is reported then, and none is sent twice."
            )
        return pending, admins, notice

    # -- send ------------------------------------------------------------------------------------

    def send(
        self,
        preview: BatchPreview,
        *,
        cancelled: Callable[[], bool] | None = None,
        progress: ProgressListener | None = None,
    ) -> BatchResult:
        """Queue and send the preview's OK rows; every row of the file gets a result.

        ``progress(done, total, result)`` runs on a worker thread after each OK row. ``cancelled()`` is
        asked before each row is taken.
        """
        is_cancelled = cancelled or (lambda: False)
        if not preview.pending_checked:  # never send without asking what is pending already
            preview = self.check_pending(preview)
        todo = [row for row in preview.rows if row.ok]
        total = len(todo)
        results: dict[int, RowResult] = {}
        lock = threading.Lock()
        rows: Iterator[BatchRow] = iter(todo)

        def take() -> BatchRow | None:
            with lock:
                if is_cancelled():
                    return None
                return next(rows, None)

        def work() -> None:
            while (row := take()) is not None:
                result = self._send_row(row)
                with lock:
                    results[row.number] = result
                    done = len(results)
                if progress is not None:
                    try:
                        progress(done, total, result)
                    except Exception:  # a broken listener must not stop the batch
                        log.exception("batch progress listener failed")

        workers = min(self.workers, total)
        if workers:
            with ThreadPoolExecutor(workers, thread_name_prefix="invitation-batch") as pool:
                for future in [pool.submit(work) for _ in range(workers)]:
                    future.result()
        was_cancelled = len(results) < total
        ordered = tuple(results.get(row.number) or _not_sent(row, was_cancelled) for row in preview.rows)
        return BatchResult(ordered, was_cancelled, Counter(result.outcome for result in ordered))

    def _send_row(self, row: BatchRow) -> RowResult:
        assert row.provider is not None and row.form is not None
        try:
            item = self._invitations.queue_invitation(row.provider.id, row.form)
        except InvitationAlreadyQueued as error:
            return _result(row, RowOutcome.QUEUED, error.user_message, error.item)
        except ServiceError as error:
            return _result(row, RowOutcome.FAILED, error.user_message)
        except Exception as error:
            log.exception("queueing batch row %s failed", row.number)
            return _result(row, RowOutcome.FAILED,
                           f"The invitation could not be written to the outbox ({type(error).__name__}). "
                           "Load the file again to retry this row.")  # fmt: skip
        try:
            item = self._settled(self._invitations.send_now(item.id))
        except Exception as error:  # it is in the outbox all the same: the background sender takes it
            log.exception("sending batch row %s failed", row.number)
            return _result(row, RowOutcome.QUEUED,
                           f"It is in the outbox and goes out by itself ({type(error).__name__} while "
                           "sending).", item)  # fmt: skip
        if item.state is OutboxState.SENT:
            return _result(row, RowOutcome.SENT, "", item)
        if item.state is OutboxState.FAILED:
            return _result(row, RowOutcome.FAILED, item.last_error or "CPSE Portal refused it.", item)
        reason = item.last_error or "Another sender is sending it now; it goes out by itself."
        return _result(row, RowOutcome.QUEUED, reason, item)

    def _settled(self, item: OutboxItem) -> OutboxItem:
        """Wait (briefly) while another sender — the background one, another desk — holds the item."""
        deadline = time.monotonic() + self._settle_seconds
        while item.state is OutboxState.SENDING and time.monotonic() < deadline:
            time.sleep(0.05)
            item = self._invitations.outbox_item(item.id)
        return item


def _result(row: BatchRow, outcome: RowOutcome, reason: str, item: OutboxItem | None = None) -> RowResult:
    assert row.form is not None and row.provider is not None
    form = row.form
    return RowResult(
        number=row.number, provider_name=row.provider.name, email=form.email,
        name=f"{form.first_name} {form.last_name}".strip(), outcome=outcome, reason=reason,
        outbox_item_id=item.id if item else None,
        portal_invitation_id=item.portal_invitation_id if item else None,
    )  # fmt: skip


def _with_known(
    row: BatchRow, pending: dict[InvitationKey, str], admins: dict[int, dict[str, KnownAdmin]]
) -> BatchRow:
    """The OK row with a problem when its invitee is an admin user already, or invited already."""
    assert row.provider is not None and row.form is not None
    admin = admins.get(row.provider.id, {}).get(admin_key(row.form.email))
    if admin is not None:
        return row.with_problem(already_admin_sentence(admin, row.form.email) + " Delete this row.")
    key = row.key
    return row.with_problem(pending[key]) if key in pending else row


def _not_sent(row: BatchRow, cancelled: bool) -> RowResult:
    cells = dict(zip((column.key for column in COLUMNS), row.cells, strict=True))
    if row.problems:
        reason = " ".join(row.problems)
    else:
        reason = "Sending was cancelled before this row; load the file again to send it." if cancelled else ""
    return RowResult(
        number=row.number, provider_name=row.provider.name if row.provider else "",
        email=row.form.email if row.form else cells[EMAIL],
        name=f"{cells[FIRST_NAME]} {cells[LAST_NAME]}".strip(), outcome=RowOutcome.NOT_SENT, reason=reason,
    )  # fmt: skip


def _pending_sentence(entry: InvitationEntry) -> str | None:
    """Why a new invitation to ``entry.email`` would repeat one (queued, being sent, or pending)."""
    item = entry.outbox_item
    if entry.status in (OutboxState.QUEUED, OutboxState.SENDING) and item is not None:
        return (
            f"An invitation to {entry.email} for this provider is already in the outbox (queued "
            f"{describe_time(item.created_at)} by {item.created_by}); it goes out by itself. Delete this row."
        )
    if entry.status != "pending":
        return None
    sent = f"sent {describe_time(entry.sent_at)}" if entry.sent_at else ""
    details = ", ".join(part for part in (entry.portal_invitation_id, sent) if part)
    named = f" ({details})" if details else ""
    return (
        f"{entry.email} already has a pending invitation{named} for this provider on CPSE Portal. Resend "
        "that one from the provider's Admin Users tab instead, or delete this row."
    )


def _missing_message(path: Path, table: Table, missing: list[str]) -> str:
    found = ", ".join(f"“{header}”" for header in table.headers if header) or "none"
    return (
        f"{path.name} cannot be used: {' '.join(missing)} Columns are found by their header in the first "
        f"row, whatever their order (headers found: {found}). Download the template to see them."
    )


_RESULT_COLUMNS = (
    Column("Row", note="The row's number in the file that was loaded."),
    Column("Provider"),
    Column("Name"),
    Column("Email"),
    Column("Result", note="sent: CPSE Portal e-mailed the invitation. queued: it is in the "
           "outbox and goes out by itself (Reason says why it waits). failed: CPSE Portal refused it "
           "(Reason says why). not sent: the row had problems, or sending was cancelled before it."),
    Column("Reason", width=90),
    Column("Outbox #"),
    Column("CPSE Portal invitation", text=True),
)  # fmt: skip


def save_results(path: Path, result: BatchResult) -> None:
    """Write the per-row results report (.xlsx). Raises SpreadsheetError with a sentence when it cannot."""
    rows = [
        (r.number, r.provider_name, r.name, r.email, r.outcome.value, r.reason, r.outbox_item_id,
         r.portal_invitation_id)
        for r in result.results
    ]  # fmt: skip
    write_workbook(path, [SheetSpec("Results", _RESULT_COLUMNS, rows)])
