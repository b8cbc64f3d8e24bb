"""Delivering the invitation outbox to CPSE Portal: claim an item, post it, record the outcome.

Three transactions per attempt, on purpose: the claim (state sending, a lease, version + 1) is
committed before the post so another desk's sender sees it and leaves the item alone; the post runs
outside any transaction; the outcome is written with a compare-and-set on the claimed version, so a
sender whose lease ran out (and whose item another sender took over) changes nothing. Every post of an
item carries the key chosen when it was queued: whatever is repeated, the portal makes one invitation.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol

from countyadmin.domain.outbox import (
    DEFAULT_LEASE,
    OutboxErrorKind,
    OutboxItem,
    OutboxState,
    retry_delay,
)
from countyadmin.portal.errors import (
    AlreadyAdmin,
    Conflict,
    NotFound,
    PortalError,
    PortalUnavailable,
    Unauthorized,
    ValidationFailed,
)
from countyadmin.portal.models import AdminUser, Invitation, InvitationRequest
from countyadmin.services.errors import ServiceError
from countyadmin.services.invitation_errors import OutboxItemNotFound
from countyadmin.services.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)

INVITATION_SENT = "invitation_sent"


class PortalInvitations(Protocol):
    """The portal client as the invitation use-cases use it (``countyadmin.portal.client.PortalClient``)."""

    def create_invitation(
        self, provider_id: str, request: InvitationRequest, *, idempotency_key: str
    ) -> Invitation: ...
    def list_invitations(self, provider_id: str) -> list[Invitation]: ...
    def resend_invitation(self, invitation_id: str) -> Invitation: ...
    def cancel_invitation(self, invitation_id: str) -> Invitation: ...
    def list_admin_users(self, provider_id: str) -> list[AdminUser]: ...
    def close(self) -> None: ...


# Called for each call: a fresh client from the current settings (it may raise PortalNotConfigured).
PortalFactory = Callable[[], PortalInvitations]
ItemListener = Callable[[OutboxItem], None]


def default_sender_id() -> str:
    """Names the desk and process holding a lease (shown to nobody; useful in the database)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def invitation_request(item: OutboxItem) -> InvitationRequest:
    """The body posted for ``item``: always built from the stored fields, so every retry is identical."""
    return InvitationRequest(
        first_name=item.first_name,
        last_name=item.last_name,
        email=item.email,
        invited_by=item.invited_by,
        also_service_provider=item.also_service_provider,
        npi=item.npi,
        profession=item.profession,
        license=item.license,
    )


class OutboxDelivery:
    """Claims and sends outbox items; shared by ``InvitationService.send_now`` and the background sender."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        portal_factory: PortalFactory,
        *,
        user: str,
        clock: Callable[[], datetime],
        notify: ItemListener,
        lease: timedelta = DEFAULT_LEASE,
        sender_id: str | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._portal_factory = portal_factory
        self._user = user
        self._clock = clock
        self._notify = notify
        self.lease = lease
        self.sender_id = sender_id or default_sender_id()
        self._rng = rng or random.Random()
        # Claimed items whose post has not been recorded yet, for hand_back_in_flight().
        self._in_flight: dict[int, OutboxItem] = {}
        self._in_flight_lock = threading.Lock()
        # Set by hand_back_in_flight (the app is closing): a claim made after it is handed back, not posted.
        self._closing = False

    @contextmanager
    def portal(self) -> Iterator[PortalInvitations]:
        client = self._portal_factory()
        try:
            yield client
        finally:
            client.close()

    def due(self, now: datetime, *, limit: int = 50) -> list[OutboxItem]:
        with self._uow_factory() as uow:
            return uow.outbox.due(now, limit=limit)

    def next_due_at(self) -> datetime | None:
        with self._uow_factory() as uow:
            return uow.outbox.next_due_at()

    def claim(self, item_id: int, *, force: bool = False) -> tuple[OutboxItem | None, OutboxItem]:
        """Take the item for sending: ``(claimed, current)``; ``claimed`` is ``None`` if it is not ours.

        ``force`` claims a queued item before its next attempt is due (the clerk asked to send now).
        """
        now = self._clock()
        with self._uow_factory() as uow:
            item = uow.outbox.get(item_id)
            if item is None:
                raise OutboxItemNotFound(item_id)
            if not (item.is_due(now) or (force and item.state is OutboxState.QUEUED)):
                return None, item
            claimed = replace(
                item, state=OutboxState.SENDING, attempts=item.attempts + 1, lease_until=now + self.lease,
                leased_by=self.sender_id, updated_at=now,
            )  # fmt: skip
            stored = uow.outbox.update(claimed, expected_version=item.version)
            if stored is None:  # another sender claimed or changed it first
                uow.rollback()  # a new transaction: MariaDB's snapshot would show the old row
                current = uow.outbox.get(item_id)
                if current is None:
                    raise OutboxItemNotFound(item_id)
                return None, current
            uow.commit()
        self._notify(stored)
        return stored, stored

    def send(self, item_id: int, *, force: bool = False) -> OutboxItem:
        """Claim the item and post it once; return it as it stands afterwards."""
        claimed, current = self.claim(item_id, force=force)
        if claimed is None:
            return current
        return self.post_claimed(claimed)

    def post_claimed(self, claimed: OutboxItem) -> OutboxItem:
        with self._in_flight_lock:
            closing = self._closing
            if not closing:
                self._in_flight[claimed.id] = claimed
        if closing:
            # Claimed by a post worker in the moment the app handed back what was in flight: posting now
            # would be cut off by the exit and hold the item for its whole lease. It goes back instead.
            return self._hand_back(claimed) or claimed
        try:
            try:
                with self.portal() as portal:
                    invitation = portal.create_invitation(
                        claimed.portal_provider_id, invitation_request(claimed),
                        idempotency_key=claimed.idempotency_key,
                    )  # fmt: skip
            except Exception as error:  # every failure is recorded on the item; none may leave it leased
                return self._record(claimed, self._after_failure(claimed, error))
            return self._record(claimed, self._after_success(claimed, invitation), invitation=invitation)
        finally:
            with self._in_flight_lock:
                self._in_flight.pop(claimed.id, None)

    def hand_back_in_flight(self) -> list[OutboxItem]:
        """Give back every item whose post is still under way: the app is closing and will not wait for it.

        Each is queued again, due at once, its lease released, so the next start (this desk's or another's)
        sends it without waiting for the lease to run out, with the same key: if the portal did get the
        post that is cut off, it replays that invitation instead of making a second. A post that ends after
        this finds its claim changed and records nothing (``_record``'s compare-and-set).
        """
        with self._in_flight_lock:
            self._closing = True
            posting = list(self._in_flight.values())
        return [stored for stored in map(self._hand_back, posting) if stored is not None]

    def _hand_back(self, claimed: OutboxItem) -> OutboxItem | None:
        """``claimed`` queued again, due at once, lease released; ``None`` when its post was recorded."""
        now = self._clock()
        back = replace(
            claimed, state=OutboxState.QUEUED, next_attempt_at=now, lease_until=None, leased_by=None,
            error_kind=OutboxErrorKind.UNAVAILABLE, updated_at=now,
            last_error=(f"CountyAdmin was closed while sending the invitation to {claimed.email}; it is "
                        "sent again at the next start, and CPSE Portal makes one invitation of it."),
        )  # fmt: skip
        with self._uow_factory() as uow:
            stored = uow.outbox.update(back, expected_version=claimed.version)
            if stored is None:  # its post ended meanwhile and was recorded
                uow.rollback()
                return None
            uow.commit()
        self._notify(stored)
        return stored

    def deliver_due(
        self, *, limit: int = 20, should_stop: Callable[[], bool] = lambda: False, workers: int = 1
    ) -> list[OutboxItem]:
        """Send every item due now; stops early when ``should_stop()`` says so.

        One at a time by default; with ``workers`` > 1 up to that many posts run at once (each claims its
        own item), so a post the portal leaves hanging until ``CALL_DEADLINE`` holds none of the others up.
        """

        def one(item: OutboxItem) -> OutboxItem | None:
            if should_stop():
                return None
            try:
                return self.send(item.id)
            except OutboxItemNotFound:
                return None  # removed meanwhile

        items = self.due(self._clock(), limit=limit)
        if workers > 1 and len(items) > 1:
            with ThreadPoolExecutor(min(workers, len(items)), thread_name_prefix="outbox-post") as pool:
                outcomes = list(pool.map(one, items))
        else:
            outcomes = [one(item) for item in items]
        return [outcome for outcome in outcomes if outcome is not None]

    # -- outcomes --------------------------------------------------------------------------------

    def _after_success(self, claimed: OutboxItem, invitation: Invitation) -> OutboxItem:
        now = self._clock()
        return replace(
            claimed, state=OutboxState.SENT, sent_at=now, portal_invitation_id=invitation.id,
            portal_status=invitation.status, portal_expires_at=invitation.expires_at, next_attempt_at=None,
            lease_until=None, leased_by=None, error_kind=None, last_error=None, field_errors={},
            pending_invitation_id=None, updated_at=now,
        )  # fmt: skip

    def _after_failure(self, claimed: OutboxItem, error: Exception) -> OutboxItem:
        now = self._clock()
        failed = replace(claimed, state=OutboxState.FAILED, lease_until=None, leased_by=None,
                         next_attempt_at=None, updated_at=now)  # fmt: skip
        who = claimed.email
        if isinstance(error, AlreadyAdmin):
            # A refusal, not a hiccup: sending it again would be refused again (never retried).
            name = str(error.existing.get("name") or "").strip()
            user = f"{name}, user {error.existing_id}" if name else f"user {error.existing_id}"
            return replace(
                failed, error_kind=OutboxErrorKind.ALREADY_ADMIN, field_errors={}, pending_invitation_id=None,
                last_error=(
                    f"{who} is already an admin user of this provider on CPSE Portal ({user}), so CPSE "
                    "Portal sent no invitation. Nothing more is needed; withdraw this one from the list."
                ),
            )  # fmt: skip
        if isinstance(error, Conflict):
            pending = error.existing_id
            named = f" ({pending})" if pending else ""
            return replace(
                failed, error_kind=OutboxErrorKind.PENDING_EXISTS, pending_invitation_id=pending,
                field_errors={},
                last_error=(
                    f"{who} already has a pending invitation{named} for this provider on CPSE Portal, "
                    "so no new one was sent. Resend that invitation instead."
                ),
            )  # fmt: skip
        if isinstance(error, ValidationFailed):
            fields: dict[str, str] = {}
            for problem in error.field_errors:
                name = problem.field.removeprefix("body.")
                fields[name] = f"{fields[name]} {problem.message}" if name in fields else problem.message
            return replace(failed, error_kind=OutboxErrorKind.INVALID, field_errors=fields,
                           last_error=error.user_message)  # fmt: skip
        if isinstance(error, NotFound):
            return replace(
                failed, error_kind=OutboxErrorKind.PROVIDER_MISSING,
                last_error=(
                    f"CPSE Portal no longer has provider {claimed.portal_provider_id}, so the invitation "
                    f"to {who} was not sent. Check the provider's link, then send it again."
                ),
            )  # fmt: skip
        return self._retry_later(claimed, error, now)

    def _retry_later(self, claimed: OutboxItem, error: Exception, now: datetime) -> OutboxItem:
        retry_after = error.retry_after if isinstance(error, PortalUnavailable) else None
        when = now + retry_delay(claimed.attempts, retry_after=retry_after, rng=self._rng)
        # No time in the sentence: it is read later (in the list, a History line), when a time would
        # be past; the GUI says when the next try is from ``next_attempt_at``.
        later = "CountyAdmin will try again by itself"
        who = claimed.email
        if isinstance(error, Unauthorized):
            kind = OutboxErrorKind.UNAUTHORIZED
            message = (f"CPSE Portal did not accept the API key, so the invitation to {who} is waiting "
                       f"in the outbox. Fix the key in Settings → CPSE Portal; {later}.")  # fmt: skip
        elif isinstance(error, ServiceError):  # the portal factory: no address or key in Settings
            kind = OutboxErrorKind.UNAUTHORIZED
            message = (f"The CPSE Portal address or API key is missing or unreadable (Settings → CPSE "
                       f"Portal), so the invitation to {who} is waiting in the outbox; {later} once they "
                       "are set.")  # fmt: skip
        elif isinstance(error, PortalUnavailable):
            kind = OutboxErrorKind.UNAVAILABLE
            message = (f"CPSE Portal could not be reached or did not answer, so the invitation to {who} is "
                       f"waiting in the outbox. {later}; nothing needs to be typed again.")  # fmt: skip
        else:
            kind = OutboxErrorKind.UNEXPECTED
            if not isinstance(error, PortalError):
                log.exception("sending outbox item %s failed unexpectedly", claimed.id, exc_info=error)
            detail = error.user_message if isinstance(error, PortalError) else f"{type(error).__name__}"
            message = (f"The invitation to {who} could not be sent ({detail.rstrip('.')}). "
                       f"It is kept in the outbox; {later}.")  # fmt: skip
        return replace(
            claimed, state=OutboxState.QUEUED, next_attempt_at=when, lease_until=None, leased_by=None,
            error_kind=kind, last_error=message, updated_at=now,
        )  # fmt: skip

    def _record(
        self, claimed: OutboxItem, outcome: OutboxItem, *, invitation: Invitation | None = None
    ) -> OutboxItem:
        with self._uow_factory() as uow:
            stored = uow.outbox.update(outcome, expected_version=claimed.version)
            if stored is None:
                # Our lease ran out and another sender took the item over; its outcome stands.
                uow.rollback()
                current = uow.outbox.get(claimed.id)
                if current is None:
                    raise OutboxItemNotFound(claimed.id)
                return current
            if invitation is not None:
                uow.audit.add(
                    occurred_at=outcome.updated_at or self._clock(),
                    user_name=self._user,
                    provider_id=claimed.provider_id,
                    action=INVITATION_SENT,
                    details={
                        "outbox_item_id": claimed.id, "portal_invitation_id": invitation.id,
                        "email": claimed.email, "name": claimed.display_name, "attempts": claimed.attempts,
                        "replayed": invitation.replayed, "queued_by": claimed.created_by,
                    },
                )  # fmt: skip
            uow.commit()
        self._notify(stored)
        return stored
