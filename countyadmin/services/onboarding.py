"""Where the county's providers stand on CPSE Portal: the onboarding stages, from the local database only.

A provider is at one stage: not using CPSE Portal; using it but not linked; linked with no admin user
and no invitation; an invitation pending; an invitation expired; at least one active admin user. The
link is the county's own (``providers.portal_provider_id``): the one the provider list, Provider Details
and the link status report show, written the moment a clerk links, so a stage never disagrees with the
list's Portal Link column and needs no sync to move a provider out of "not linked". What happened on
the portal since (invitations, admin users) comes from the synced copy (services/portal_sync.py),
read as of the copy's own "as of" time: an invitation still pending past its expiry counts as expired
(expiry is not a change the feed reports).

Also the actions' use-cases: resend every expired invitation through the outbox exactly once (each
resend's Idempotency-Key is made from the expired invitation's id, and one already in the outbox is not
queued again), and the linked providers with no admin user for the invitation template.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from types import TracebackType
from typing import Protocol, Self

from countyadmin.db import onboarding_repository as repo
from countyadmin.db.onboarding_repository import ExpiredInvitationRow, NoAdminProviderRow, resend_key
from countyadmin.db.portal_copy_repository import FeedPosition
from countyadmin.domain.outbox import NewOutboxItem, OutboxItem
from countyadmin.services.portal_sync import copy_as_of


class Stage(IntEnum):
    NOT_USING = repo.NOT_USING
    NOT_LINKED = repo.NOT_LINKED
    NO_ADMIN = repo.NO_ADMIN
    PENDING = repo.PENDING
    EXPIRED = repo.EXPIRED
    ACTIVE_ADMIN = repo.ACTIVE_ADMIN

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def short_label(self) -> str:
        """For the list's Stage column."""
        return _SHORT[self]


_LABELS = {
    Stage.NOT_USING: "Not using CPSE Portal",
    Stage.NOT_LINKED: "Uses CPSE Portal, not linked",
    Stage.NO_ADMIN: "Linked, no admin and no invitation",
    Stage.PENDING: "Invitation pending",
    Stage.EXPIRED: "Invitation expired",
    Stage.ACTIVE_ADMIN: "At least one active admin",
}
_SHORT = {
    Stage.NOT_USING: "Not using portal", Stage.NOT_LINKED: "Not linked", Stage.NO_ADMIN: "No admin",
    Stage.PENDING: "Invitation pending", Stage.EXPIRED: "Invitation expired",
    Stage.ACTIVE_ADMIN: "Active admin",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class StageCounts:
    """How many providers are at each stage, as of ``as_of`` (None: the copy was never synced)."""

    by_stage: dict[Stage, int]
    as_of: datetime | None

    @property
    def total(self) -> int:
        return sum(self.by_stage.values())


@dataclass(frozen=True, slots=True)
class StageMap:
    """Every provider's stage (the list's column and filter), with the counts it adds up to."""

    stages: dict[int, Stage]
    counts: StageCounts


@dataclass(frozen=True, slots=True)
class ResendOutcome:
    queued: list[OutboxItem]
    already_queued: int  # resends of these invitations were in the outbox already (an earlier click)
    no_longer_expired: int = 0  # accepted, cancelled or replaced since the preview (a sync meanwhile)

    def sentence(self) -> str:
        queued = len(self.queued)
        noun = "invitation" if queued == 1 else "invitations"
        text = f"Queued {queued} expired {noun} to be sent again." if queued else "Nothing new to resend."
        if self.already_queued:
            were = "was" if self.already_queued == 1 else "were"
            text += f" {self.already_queued} {were} already queued or sent earlier and {were} left alone."
        if self.no_longer_expired:
            n = self.no_longer_expired
            text += (f" {n} {'is' if n == 1 else 'are'} no longer expired (the latest CPSE Portal data "
                     f"changed since the preview) and {'was' if n == 1 else 'were'} left alone.")  # fmt: skip
        return text


class OnboardingRepository(Protocol):
    def stage_counts(self, as_of: datetime) -> dict[int, int]: ...
    def stages(self, as_of: datetime) -> dict[int, int]: ...
    def ids_at(self, stage: int, as_of: datetime) -> list[int]: ...
    def expired_invitations(self, as_of: datetime) -> list[ExpiredInvitationRow]: ...
    def linked_without_admin(self, as_of: datetime) -> list[NoAdminProviderRow]: ...
    def outbox_keys_present(self, keys: Sequence[str]) -> set[str]: ...


class _Positions(Protocol):
    def positions(self) -> dict[str, FeedPosition]: ...


class _Outbox(Protocol):
    def add(self, new: NewOutboxItem) -> OutboxItem: ...


class OnboardingUnitOfWork(Protocol):
    @property
    def onboarding(self) -> OnboardingRepository: ...
    @property
    def portal_copy(self) -> _Positions: ...
    @property
    def outbox(self) -> _Outbox: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None: ...
    def commit(self) -> None: ...


def _utc_now() -> datetime:
    return datetime.now(UTC)


class OnboardingService:
    """Reads only the county database; safe to call from a worker thread (a unit of work per call)."""

    def __init__(
        self,
        uow_factory: Callable[[], OnboardingUnitOfWork],
        *,
        user: str = "",
        clock: Callable[[], datetime] = _utc_now,
        on_queued: Callable[[OutboxItem], None] | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._user = user
        self._clock = clock
        self._on_queued = on_queued  # wakes the outbox's sender (InvitationService.notify_queued)

    def counts(self, as_of: datetime | None = None) -> StageCounts:
        """The providers per stage; ``as_of`` defaults to the copy's own as-of time."""
        with self._uow_factory() as uow:
            at = as_of or self._as_of(uow)
            found = uow.onboarding.stage_counts(at or self._clock())
        return StageCounts({stage: found.get(stage.value, 0) for stage in Stage}, at)

    def stage_map(self) -> StageMap:
        with self._uow_factory() as uow:
            at = self._as_of(uow)
            found = uow.onboarding.stages(at or self._clock())
        stages = {pid: Stage(value) for pid, value in found.items()}
        counts = dict.fromkeys(Stage, 0)
        for stage in stages.values():
            counts[stage] += 1
        return StageMap(stages, StageCounts(counts, at))

    def provider_ids(self, stage: Stage) -> list[int]:
        with self._uow_factory() as uow:
            return uow.onboarding.ids_at(stage.value, self._as_of(uow) or self._clock())

    def expired_invitations(self) -> list[ExpiredInvitationRow]:
        """What "Resend every expired invitation" would resend (its preview), less those queued already."""
        with self._uow_factory() as uow:
            found = uow.onboarding.expired_invitations(self._as_of(uow) or self._clock())
            present = uow.onboarding.outbox_keys_present([resend_key(r.invitation_id) for r in found])
        return [r for r in found if resend_key(r.invitation_id) not in present]

    def resend_expired(self, invitations: Sequence[ExpiredInvitationRow]) -> ResendOutcome:
        """Queue one new invitation per expired one, to the same person, in one transaction.

        The key of each is made from the expired invitation's id: one already in the outbox (a second
        click, another desk) is skipped, and the portal replays rather than duplicates a repeated post.
        One the copy no longer shows expired (a sync since the preview: accepted, renewed) is skipped.
        When another desk queued the same resends in the moment between our check and our commit, the
        outbox's unique key refuses ours and the check is made again, which then skips them.
        """
        for attempt in range(3):
            try:
                outcome = self._resend_once(invitations)
            except Exception as error:
                # Matched by name, so services stay free of the database (as county_import does).
                if attempt == 2 or not any(k.__name__ == "IntegrityError" for k in type(error).__mro__):
                    raise
                continue
            for item in outcome.queued:
                if self._on_queued is not None:
                    self._on_queued(item)
            return outcome
        raise AssertionError("unreachable")  # pragma: no cover

    def _resend_once(self, invitations: Sequence[ExpiredInvitationRow]) -> ResendOutcome:
        now = self._clock()
        with self._uow_factory() as uow:
            present = uow.onboarding.outbox_keys_present([resend_key(r.invitation_id) for r in invitations])
            still = {r.invitation_id for r in uow.onboarding.expired_invitations(self._as_of(uow) or now)}
            queued, seen, gone = [], set(present), 0
            for row in invitations:
                key = resend_key(row.invitation_id)
                if key in seen:
                    continue
                seen.add(key)
                if row.invitation_id not in still:
                    gone += 1
                    continue
                queued.append(uow.outbox.add(_resend_item(row, key, self._user, now)))
            uow.commit()
        return ResendOutcome(queued, len(invitations) - len(queued) - gone, gone)

    def linked_without_admin(self) -> list[NoAdminProviderRow]:
        with self._uow_factory() as uow:
            return uow.onboarding.linked_without_admin(self._as_of(uow) or self._clock())

    @staticmethod
    def _as_of(uow: OnboardingUnitOfWork) -> datetime | None:
        return copy_as_of(uow.portal_copy.positions())


def _resend_item(row: ExpiredInvitationRow, key: str, user: str, now: datetime) -> NewOutboxItem:
    therapist = row.also_service_provider
    return NewOutboxItem(
        provider_id=row.provider_id, portal_provider_id=row.portal_provider_id, first_name=row.first_name,
        last_name=row.last_name, email=row.email, invited_by=user, also_service_provider=therapist,
        npi=row.npi if therapist else None, profession=row.profession if therapist else None,
        license=row.license if therapist else None, idempotency_key=key, created_at=now, created_by=user,
    )  # fmt: skip
