"""Reports a county clerk saves as Excel workbooks: "Export provider link status".

Every provider with its link state, CPSE Portal id, the portal's admin users and the invitations still
waiting for an answer. The portal is asked only about linked providers, a few at a time, each call with
the client's timeouts. When the portal cannot be reached (or is not set up) the report is still
written: those providers carry a note saying what is missing and why, and the summary tells the clerk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from countyadmin.domain.outbox import OutboxItem
from countyadmin.domain.provider import ProviderSummary
from countyadmin.portal.errors import NotFound, PortalUnavailable, Unauthorized
from countyadmin.portal.models import AdminUser, Invitation
from countyadmin.services.errors import ServiceError
from countyadmin.services.invitation_list import InvitationEntry, merge_invitations
from countyadmin.services.providers import utc_now
from countyadmin.services.unit_of_work import UnitOfWorkFactory
from countyadmin.spreadsheets.writer import write_workbook

if TYPE_CHECKING:
    from countyadmin.services.onboarding import StageCounts

__all__ = ["LinkStatusReportService", "LinkStatusRow", "LinkStatusReport", "ReportCancelled",
           "ReportSummary"]  # fmt: skip

LINKED = "Linked"
NOT_LINKED_USES_PORTAL = "Not linked yet (uses CPSE Portal)"
NOT_USING_PORTAL = "Not using CPSE Portal"
WAITING = ("pending", "queued", "sending")  # invitations still waiting for the invitee or to be sent
DEFAULT_WORKERS = 4


class ReportPortal(Protocol):
    """The portal client as the report uses it (``countyadmin.portal.client.PortalClient``)."""

    def list_admin_users(self, provider_id: str) -> list[AdminUser]: ...
    def list_invitations(self, provider_id: str) -> list[Invitation]: ...
    def close(self) -> None: ...


class ReportCancelled(ServiceError):
    def __init__(self) -> None:
        super().__init__("The report was cancelled; no file was written.")


@dataclass(frozen=True, slots=True)
class LinkStatusRow:
    provider: ProviderSummary
    link_state: str
    linked_at: datetime | None = None
    admin_users: tuple[AdminUser, ...] = ()
    waiting_invitations: tuple[InvitationEntry, ...] = ()
    note: str | None = None  # why admin users or invitations are missing or may be stale


@dataclass(frozen=True, slots=True)
class LinkStatusReport:
    rows: tuple[LinkStatusRow, ...]
    made_at: datetime
    portal_problem: str | None  # the sentence for the clerk when the portal could not be asked
    # The onboarding stages from the county database and its synced copy (services/onboarding.py).
    stages: StageCounts | None = None


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """What the clerk is told after saving."""

    path: Path
    providers: int
    linked: int
    portal_problem: str | None

    @property
    def sentence(self) -> str:
        text = (
            f"Saved the link status of {self.providers} providers ({self.linked} linked) to {self.path.name}."
        )
        return f"{text} {self.portal_problem}" if self.portal_problem else text


Progress = Callable[[int, int], None]


class LinkStatusReportService:
    """Builds and saves the link status report; safe to call from a worker thread."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        portal_factory: Callable[[], object] | None,
        *,
        workers: int = DEFAULT_WORKERS,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._uow_factory = uow_factory
        # ``configured_portal`` builds PortalClients, which list admin users and invitations as well.
        self._portal_factory = cast(Callable[[], ReportPortal] | None, portal_factory)
        self._workers = max(1, workers)
        self._clock = clock

    def write_link_status(
        self, path: Path, *, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
    ) -> ReportSummary:
        """Build the report and save it to ``path`` (.xlsx).

        Raises:
            SpreadsheetError: the file could not be written (open in Excel, no permission, disk full).
            ReportCancelled: ``cancelled`` returned True; nothing was written.
        """
        from countyadmin.services.report_sheets import link_status_sheets  # it imports this module

        report = self.build(progress=progress, cancelled=cancelled)
        write_workbook(path, link_status_sheets(report))
        linked = sum(1 for row in report.rows if row.link_state == LINKED)
        return ReportSummary(path, len(report.rows), linked, report.portal_problem)

    def build(
        self, *, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
    ) -> LinkStatusReport:
        is_cancelled = cancelled or (lambda: False)
        report_progress = progress or (lambda done, total: None)
        made_at = self._clock()
        with self._uow_factory() as uow:
            summaries = uow.providers.list_summaries()
            linked_records = {s.id: uow.providers.get(s.id) for s in summaries if s.portal_provider_id}
            outbox = {provider_id: uow.outbox.for_provider(provider_id) for provider_id in linked_records}
        total = len(summaries)
        asker = _PortalAsker(self._portal_factory)
        rows: dict[int, LinkStatusRow] = {}
        done = 0
        for summary in summaries:
            if not summary.portal_provider_id:
                state = NOT_LINKED_USES_PORTAL if summary.uses_portal else NOT_USING_PORTAL
                rows[summary.id] = LinkStatusRow(summary, state)
                done += 1
        report_progress(done, total)
        linked = [s for s in summaries if s.portal_provider_id]
        with ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="link-status") as pool:
            pending: set[Future[LinkStatusRow]] = set()
            queue = iter(linked)
            try:
                for summary in queue:
                    if is_cancelled():
                        raise ReportCancelled()
                    record = linked_records.get(summary.id)
                    linked_at = record.linked_at if record else None
                    pending.add(pool.submit(asker.row, summary, linked_at, outbox.get(summary.id, [])))
                    # Bounded: never more calls queued than workers, so Cancel stops the rest at once.
                    while len(pending) >= self._workers:
                        done += self._collect(pending, rows, wait_for=FIRST_COMPLETED)
                        report_progress(done, total)
                        if is_cancelled():
                            raise ReportCancelled()
                while pending:
                    done += self._collect(pending, rows, wait_for=FIRST_COMPLETED)
                    report_progress(done, total)
                    if is_cancelled():
                        raise ReportCancelled()
            except ReportCancelled:
                for future in pending:
                    future.cancel()
                raise
        if is_cancelled():  # also when the last answers were in: Cancel means no file
            raise ReportCancelled()
        ordered = tuple(rows[s.id] for s in summaries)
        return LinkStatusReport(ordered, made_at, asker.problem_sentence(len(linked)), self._stages())

    def _stages(self) -> StageCounts | None:
        """The onboarding summary, when the unit of work reads the local copy (the SQL one does)."""
        from countyadmin.services.onboarding import OnboardingService

        try:
            return OnboardingService(cast(Any, self._uow_factory)).counts()
        except AttributeError:  # a unit of work without the copy (the in-memory one of tests)
            return None

    @staticmethod
    def _collect(
        pending: set[Future[LinkStatusRow]], rows: dict[int, LinkStatusRow], *, wait_for: str
    ) -> int:
        finished, still = wait(pending, return_when=wait_for)
        pending.clear()
        pending.update(still)
        for future in finished:
            row = future.result()
            rows[row.provider.id] = row
        return len(finished)


class _PortalAsker:
    """Asks the portal about one linked provider; after a failure that would repeat for every provider
    (portal down, key refused, not set up) it stops asking and notes the same reason on the rest."""

    def __init__(self, factory: Callable[[], ReportPortal] | None) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._stopped: str | None = None if factory is not None else "CPSE Portal is not set up in Settings."
        self.failures = 0

    def row(
        self, summary: ProviderSummary, linked_at: datetime | None, local: list[OutboxItem]
    ) -> LinkStatusRow:
        assert summary.portal_provider_id is not None
        reason = self._stopped
        users: list[AdminUser] = []
        remote: list[Invitation] = []
        if reason is None:
            try:
                assert self._factory is not None
                client = self._factory()
                try:
                    users = client.list_admin_users(summary.portal_provider_id)
                    remote = client.list_invitations(summary.portal_provider_id)
                finally:
                    client.close()
            except NotFound:
                reason = (
                    f"CPSE Portal has no provider {summary.portal_provider_id} any more; "
                    "open the provider and check its link."
                )
            except (PortalUnavailable, Unauthorized, ServiceError) as error:
                reason = _sentence(error)
                with self._lock:
                    self._stopped = self._stopped or reason
            except Exception as error:  # any other portal answer: note it on this provider only
                reason = _sentence(error)
        waiting = tuple(e for e in merge_invitations(local, remote) if e.status in WAITING)
        note = None
        if reason is not None:
            with self._lock:
                self.failures += 1
            note = f"Admin users and invitations could not be read from CPSE Portal: {reason}"
            if waiting:
                note += " The invitations shown are the ones CountyAdmin sent, with their last known status."
        return LinkStatusRow(summary, LINKED, linked_at, tuple(users), waiting, note)

    def problem_sentence(self, linked: int) -> str | None:
        if not self.failures:
            return None
        if self._stopped:
            return (
                f"CPSE Portal could not be asked about {self.failures} of {linked} linked providers "
                f"({self._stopped.rstrip('.')}), so their admin users are missing; each says so in its "
                "Note column. Save the report again when the portal can be reached."
            )
        return (
            f"CPSE Portal could not answer for {self.failures} of {linked} linked providers; "
            "each says why in its Note column."
        )


def _sentence(error: BaseException) -> str:
    message = getattr(error, "user_message", None) or str(error) or type(error).__name__
    return message if message.endswith((".", "!", "?")) else message + "."
