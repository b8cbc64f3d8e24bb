"""What the windows need from the rest of the application, as small protocols.

``countyadmin.app`` builds the real objects (services over a database, clients over HTTP); tests hand
the windows fakes with the same methods. Nothing here imports Qt or opens a connection.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

# Only annotations use these: importing them at start-up cost ~19 ms of the main window's first paint
# (email validation, the portal models), and the bridge is a QObject while this module stays Qt-free.
if TYPE_CHECKING:
    from pathlib import Path

    from countyadmin.domain.county_import_plan import ImportPreview
    from countyadmin.domain.invitation import InvitationForm
    from countyadmin.domain.match_check import MatchCheck
    from countyadmin.domain.outbox import OutboxItem
    from countyadmin.domain.provider import ProfileChanges, ProviderRecord, ProviderSummary
    from countyadmin.domain.records import AuditEntry
    from countyadmin.gui.invitations.outbox_bridge import OutboxBridge
    from countyadmin.portal.models import AdminUser, Invitation, PortalProvider
    from countyadmin.services.county_import import ImportResult
    from countyadmin.services.invitation_batch import BatchPreview, BatchResult, RowResult
    from countyadmin.services.invitation_list import InvitationList
    from countyadmin.services.matching import MatchResult
    from countyadmin.services.reports import ReportSummary


class ProviderServiceLike(Protocol):
    def list_summaries(self) -> Sequence[ProviderSummary]: ...

    def list_with_match_checks(self) -> tuple[list[ProviderSummary], dict[int, MatchCheck]]: ...

    def get(self, provider_id: int) -> ProviderRecord: ...

    def apply_profile(
        self, provider_id: int, expected_version: int, changes: ProfileChanges
    ) -> ProviderRecord: ...

    def history(self, provider_id: int) -> list[AuditEntry]: ...

    def others_with_identifiers(
        self, provider_id: int, *, npi: str | None, sed_code: str | None
    ) -> list[ProviderSummary]: ...

    def linked_elsewhere(
        self, provider_id: int, portal_ids: Collection[str]
    ) -> dict[str, ProviderSummary]: ...


class PortalWorkLike(Protocol):
    """``countyadmin.services.portal_work.PortalWorkService``: every call may block on CPSE Portal."""

    def find_matches(self, record: ProviderRecord, *, other_names: Sequence[str] = ()) -> MatchResult: ...

    def find_identifier_matches(self, record: ProviderRecord) -> MatchResult: ...

    def find_name_matches(
        self, record: ProviderRecord, *, other_names: Sequence[str] = ()
    ) -> MatchResult: ...

    def check_provider(self, provider_id: int) -> MatchCheck: ...

    def portal_provider(self, portal_provider_id: str) -> PortalProvider: ...

    def link(self, provider_id: int, portal_provider_id: str, *, expected_version: int) -> ProviderRecord: ...

    def add_to_portal(self, provider_id: int, *, expected_version: int) -> ProviderRecord: ...

    def unlink(self, provider_id: int, *, expected_version: int) -> ProviderRecord: ...


class InvitationsLike(Protocol):
    """``countyadmin.services.invitations.InvitationService``: every call may block on CPSE Portal."""

    def queue_invitation(self, provider_id: int, form: InvitationForm) -> OutboxItem: ...

    def requeue(self, item_id: int, form: InvitationForm) -> OutboxItem: ...

    def send_now(self, item_id: int) -> OutboxItem: ...

    def outbox_item(self, item_id: int) -> OutboxItem: ...

    def list_for_provider(self, provider_id: int) -> InvitationList: ...

    def resend(self, provider_id: int, portal_invitation_id: str) -> Invitation: ...

    def cancel(self, provider_id: int, portal_invitation_id: str) -> Invitation: ...

    def admin_users(self, provider_id: int) -> list[AdminUser]: ...


class InvitationBatchLike(Protocol):
    """``countyadmin.services.invitation_batch.InvitationBatchService``: reads files, asks CPSE Portal."""

    def read(self, path: Path, *, cancelled: Callable[[], bool] | None = None) -> BatchPreview: ...

    def check_pending(self, preview: BatchPreview) -> BatchPreview: ...

    def send(
        self,
        preview: BatchPreview,
        *,
        cancelled: Callable[[], bool] | None = None,
        progress: Callable[[int, int, RowResult], None] | None = None,
    ) -> BatchResult: ...


class CountyImportLike(Protocol):
    """``countyadmin.services.county_import.CountyImportService``: reads files and the database."""

    def preview(self, path: Path, *, cancelled: Callable[[], bool] | None = None) -> ImportPreview: ...

    def apply(self, preview: ImportPreview) -> ImportResult: ...


class LinkStatusReportLike(Protocol):
    """``countyadmin.services.reports.LinkStatusReportService``: may block on CPSE Portal."""

    def write_link_status(
        self,
        path: Path,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ReportSummary: ...


class PortalSyncLike(Protocol):
    """``countyadmin.services.portal_sync.PortalSyncService``: both calls may block (sync on the portal)."""

    def as_of(self) -> datetime | None: ...

    def sync(self) -> Any: ...  # a SyncResult: as_of, synced, changes, other_desk


class PeopleLike(Protocol):
    """``countyadmin.services.people.PeopleService``: reads the local database."""

    def search(self, typed: str) -> Any: ...  # a PeopleSearch: people, as_of, note

    def identities(self) -> Any: ...  # an IdentityReport: findings, as_of


class NpiLookupResultLike(Protocol):
    # Read-only members, so the service's frozen result dataclass satisfies the protocol.
    @property
    def npi(self) -> str: ...
    @property
    def record(self) -> Any: ...  # countyadmin.npi_registry.models.NpiRecord | None
    @property
    def found(self) -> bool: ...
    @property
    def fetched_at(self) -> datetime | None: ...
    @property
    def from_cache(self) -> bool: ...
    @property
    def stale(self) -> bool: ...


class NpiLookupLike(Protocol):
    def lookup(self, npi: str) -> NpiLookupResultLike: ...


@dataclass(frozen=True, slots=True)
class ConnectionSettings:
    """The addresses a clerk can change in Settings (no secrets: the API key lives in the keyring)."""

    portal_url: str
    registry_url: str
    database_url: str
    # The fields IT's policy sets (shown read-only, never saved over), each with where it is set.
    locked: Mapping[str, str] = field(default_factory=dict)
    notice: str = ""  # a sentence about settings that could not be used (a bad policy file…)


class SettingsBackend(Protocol):
    """Reads and saves settings and the API key, and tests connections. Methods may block."""

    def load(self) -> ConnectionSettings: ...

    def read_api_key(self, portal_url: str) -> str | None:
        """Raise ``countyadmin.secrets.KeyringUnavailable`` when the computer has no keyring."""
        ...

    def save(self, settings: ConnectionSettings, api_key: str | None) -> None:
        """Store settings and, when ``api_key`` is not None, the key in the keyring."""
        ...

    def test_portal(self, portal_url: str, api_key: str) -> str:
        """Return a sentence saying the connection works; raise with a sentence when it does not."""
        ...

    def test_registry(self, registry_url: str) -> str: ...


@dataclass
class AppContext:
    """Everything the main window and its dialogs work with, built off the GUI thread at start-up."""

    providers: ProviderServiceLike
    npi_lookup: NpiLookupLike
    settings: SettingsBackend
    portal: PortalWorkLike | None = None  # None: the panels say to set the portal up in Settings
    invitations: InvitationsLike | None = None  # the Provider Admin Users tab
    outbox: OutboxBridge | None = None  # the background sender's news, on the GUI thread
    batch: InvitationBatchLike | None = None  # Invitations → Invite Admin Users from a Spreadsheet…
    county_import: CountyImportLike | None = None  # File → Import county providers…
    reports: LinkStatusReportLike | None = None  # File → Export provider link status…
    portal_sync: PortalSyncLike | None = None  # the local CPSE Portal copy, synced in the background
    people: PeopleLike | None = None  # Providers → People Across Providers… (reads that copy)
    onboarding: Any = None  # services.onboarding.OnboardingService: the onboarding view's stages
    demo_note: str | None = None  # e.g. "Demo — CPSE Portal sandbox at http://127.0.0.1:5123"
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        """Release what start-up opened (the demo sandbox, database connections), newest first."""
        while self.closers:
            closer = self.closers.pop()
            closer()


DATABASE_TROUBLE = (
    "The county database did not answer as expected. Try again; if it keeps happening, use Help → Save "
    "Diagnostics and send the file to your IT department."
)


def error_sentence(error: BaseException) -> str:
    """The clerk-facing sentence of an error from a service or client."""
    message = getattr(error, "user_message", None)
    if isinstance(message, str) and message:
        return message
    if type(error).__module__.partition(".")[0] == "sqlalchemy":
        # Its text is the driver's and the SQL statement: nothing a clerk can act on (the log keeps it).
        return DATABASE_TROUBLE
    text = str(error).strip()
    if text and text[-1] not in ".!?":
        text += "."
    return text or "Something went wrong. Try again, and if it keeps happening, see the log file."
