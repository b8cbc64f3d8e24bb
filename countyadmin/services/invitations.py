"""Use-cases of the Provider Admin Users tab: admin users, and invitations through an outbox.

An invitation is first written to the local outbox (with the Idempotency-Key it will always be sent
with, and an audit line) in one transaction, so nothing a clerk typed is lost; then it is posted —
at once by ``send_now`` or later by the background ``OutboxSender`` — and CPSE Portal sees it exactly
once however often that is repeated. No Qt here: the GUI calls these off its thread and adapts the
listeners (plain callables) to signals.
"""

from __future__ import annotations

import logging
import random
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from countyadmin.domain.invitation import (
    InvitationCheck,
    InvitationForm,
    KnownAdmin,
    admin_key,
    admins_by_email,
    check_invitation,
)
from countyadmin.domain.outbox import DEFAULT_LEASE, NewOutboxItem, OutboxItem, OutboxState
from countyadmin.domain.provider import ProviderRecord
from countyadmin.portal.models import AdminUser, Invitation
from countyadmin.services.errors import ProviderNotFound, describe_time
from countyadmin.services.invitation_errors import (
    InvitationAlreadyQueued,
    InvitationInvalid,
    InvitationNotEditable,
    InvitationNotWithdrawable,
    OutboxItemNotFound,
    ProviderNotLinked,
)
from countyadmin.services.invitation_list import InvitationEntry, InvitationList, merge_invitations
from countyadmin.services.invitations_outbox import (
    INVITATION_SENT,
    ItemListener,
    OutboxDelivery,
    PortalFactory,
)
from countyadmin.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

INVITATION_QUEUED = "invitation_queued"
INVITATION_RESENT = "invitation_resent"
INVITATION_CANCELLED = "invitation_cancelled"
INVITATION_WITHDRAWN = "invitation_withdrawn"
__all__ = ["INVITATION_CANCELLED", "INVITATION_QUEUED", "INVITATION_RESENT", "INVITATION_SENT",
           "INVITATION_WITHDRAWN", "InvitationEntry", "InvitationList", "InvitationService",
           "active_admins"]  # fmt: skip


def active_admins(users: Iterable[AdminUser]) -> dict[str, KnownAdmin]:
    """The provider's active admin users by casefolded e-mail, for ``check_invitation``'s ``admins``."""
    return admins_by_email(
        KnownAdmin(user.email, user.username, f"{user.first_name} {user.last_name}".strip())
        for user in users if user.status == "active"
    )  # fmt: skip

def utc_now() -> datetime:
    return datetime.now(UTC)


class InvitationService:
    """Invites and tracks a linked provider's admin users, as ``user``; safe to call from several threads."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        portal_factory: PortalFactory,
        *,
        user: str,
        clock: Callable[[], datetime] = utc_now,
        lease: timedelta = DEFAULT_LEASE,
        sender_id: str | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._user = user
        self._clock = clock
        self._listeners: list[ItemListener] = []
        self._lock = threading.Lock()
        # Each provider's invitations as CPSE Portal last listed them, and when: shown (marked with that
        # time) while the portal cannot be reached, rather than dropping them from the list.
        self._last_seen: dict[str, tuple[datetime, list[Invitation]]] = {}
        self.delivery = OutboxDelivery(
            uow_factory, portal_factory, user=user, clock=clock, notify=self._notify, lease=lease,
            sender_id=sender_id, rng=rng,
        )  # fmt: skip

    # -- listeners -------------------------------------------------------------------------------

    def subscribe(self, listener: ItemListener) -> Callable[[], None]:
        """Call ``listener(item)`` after every committed change of an outbox item made through this service.

        It runs on the thread that made the change (a GUI worker, or the sender's thread). Returns a
        function that unsubscribes it.
        """
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _notify(self, item: OutboxItem) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(item)
            except Exception:  # a broken listener must not undo a committed change
                log.exception("outbox listener %r failed", listener)

    # -- invitations -----------------------------------------------------------------------------

    @staticmethod
    def check(form: InvitationForm) -> InvitationCheck:
        """The problems and warnings of the form, per field (for the dialog, as the clerk types)."""
        return check_invitation(form)

    def queue_invitation(self, provider_id: int, form: InvitationForm) -> OutboxItem:
        """Write the invitation to the outbox with a fresh Idempotency-Key, and audit it; nothing is sent.

        Raises:
            InvitationInvalid: the form has problems (``field_errors``); nothing was written.
            ProviderNotFound, ProviderNotLinked: there is no portal provider to invite for.
            InvitationAlreadyQueued: the same address is still waiting in the outbox for this provider.
        """
        checked = _valid(form)
        now = self._clock()
        with self._uow_factory() as uow:
            provider = _linked(uow, provider_id)
            waiting = uow.outbox.active_for_email(provider_id, checked.email)
            if waiting:
                raise InvitationAlreadyQueued(waiting[0])
            item = uow.outbox.add(self._new_item(provider, checked, now))
            self._audit_queued(uow, item, now)
            uow.commit()
        self._notify(item)
        return item

    def requeue(self, item_id: int, form: InvitationForm) -> OutboxItem:
        """Correct a refused (failed) invitation and queue it again, under a new Idempotency-Key.

        A new key is safe because the portal refused the old request outright (409/422/404) and made
        nothing under it; the same key with a different body would be refused again.
        """
        checked = _valid(form)
        now = self._clock()
        with self._uow_factory() as uow:
            item = uow.outbox.get(item_id)
            if item is None:
                raise OutboxItemNotFound(item_id)
            if item.state is not OutboxState.FAILED:
                raise InvitationNotEditable(item)
            provider = _linked(uow, item.provider_id)
            fresh = self._new_item(provider, checked, now)
            again = replace(
                item, portal_provider_id=fresh.portal_provider_id, first_name=fresh.first_name,
                last_name=fresh.last_name, email=fresh.email, invited_by=fresh.invited_by,
                also_service_provider=fresh.also_service_provider, npi=fresh.npi,
                profession=fresh.profession, license=fresh.license, idempotency_key=fresh.idempotency_key,
                state=OutboxState.QUEUED, attempts=0, next_attempt_at=now, error_kind=None,
                last_error=None, field_errors={}, pending_invitation_id=None, updated_at=now,
            )  # fmt: skip
            stored = uow.outbox.update(again, expected_version=item.version)
            if stored is None:
                raise InvitationNotEditable(item)  # changed meanwhile: refresh and look again
            self._audit_queued(uow, stored, now, requeued=True)
            uow.commit()
        self._notify(stored)
        return stored

    def withdraw(self, item_id: int) -> OutboxItem:
        """Stop a queued invitation before it goes out, or clear a refused one from the list; audited.

        The item stays in the outbox as withdrawn (never sent, not listed); History keeps its lines.
        A compare-and-set on its version: an item a sender claimed meanwhile is not withdrawn.

        A queued item tried before without an answer may have reached CPSE Portal all the same (the
        answer lost on the way back): the portal's list is asked first, and one found there is settled
        as sent (its own key replays the first answer, no second e-mail) and not withdrawn. When the
        portal cannot be asked it is withdrawn, and ``attempts`` says it may have gone out.

        Raises:
            OutboxItemNotFound; InvitationNotWithdrawable: it is being sent, was sent, or was withdrawn.
        """
        self._settle_if_on_portal(item_id)
        now = self._clock()
        with self._uow_factory() as uow:
            item = uow.outbox.get(item_id)
            if item is None:
                raise OutboxItemNotFound(item_id)
            if not item.can_withdraw:
                raise InvitationNotWithdrawable(item)
            withdrawn = replace(item, state=OutboxState.WITHDRAWN, next_attempt_at=None, lease_until=None,
                                leased_by=None, updated_at=now)  # fmt: skip
            stored = uow.outbox.update(withdrawn, expected_version=item.version)
            if stored is None:  # a sender claimed it first
                uow.rollback()
                current = uow.outbox.get(item_id)
                raise InvitationNotWithdrawable(current or replace(item, state=OutboxState.SENDING))
            details: dict[str, object] = {
                "outbox_item_id": item.id, "email": item.email, "name": item.display_name,
                "was": "refused" if item.state is OutboxState.FAILED else "queued",
                "attempts": item.attempts,
            }  # fmt: skip
            uow.audit.add(occurred_at=now, user_name=self._user, provider_id=item.provider_id,
                          action=INVITATION_WITHDRAWN, details=details)  # fmt: skip
            uow.commit()
        self._notify(stored)
        return stored

    def _settle_if_on_portal(self, item_id: int) -> None:
        """Raise InvitationNotWithdrawable when a queued item's earlier, unanswered post reached CPSE
        Portal: the portal's list shows a pending invitation this desk's user made to that address since
        the item was queued."""
        with self._uow_factory() as uow:
            item = uow.outbox.get(item_id)
        if item is None or item.state is not OutboxState.QUEUED or item.attempts == 0:
            return  # never posted, or refused outright: nothing of it can be on the portal
        try:
            with self.delivery.portal() as portal:
                remote = portal.list_invitations(item.portal_provider_id)
        except Exception:  # the portal cannot say: withdrawn, and ``attempts`` says it may have gone out
            log.info("the portal could not be asked before withdrawing item %s", item_id, exc_info=True)
            return
        since = item.created_at - timedelta(minutes=10)  # the portal's clock is not ours
        reached = next((inv for inv in remote if inv.status == "pending" and inv.invited_by == item.invited_by
                        and admin_key(inv.email) == admin_key(item.email) and inv.created_at >= since),
                       None)  # fmt: skip
        if reached is None:
            return
        settled = self.delivery.send(item_id, force=True)  # the same key: the portal replays, no e-mail
        if settled.state is OutboxState.FAILED:  # refused: the pending one found is another desk's
            return
        if settled.can_withdraw:  # the replay went unanswered too: it is on the portal all the same
            settled = replace(settled, state=OutboxState.SENT, portal_invitation_id=reached.id)
        raise InvitationNotWithdrawable(settled)

    def send_now(self, item_id: int) -> OutboxItem:
        """Post the item now with its stored key (not waiting for its next attempt); return its new state.

        ``state`` then says what happened: sent; queued (``last_error`` says why and when it is tried
        again); failed (``field_errors`` from a 422, or ``pending_invitation_id`` from a 409); or
        sending, when another sender holds it.
        """
        return self.delivery.send(item_id, force=True)

    def pending_deliveries(self, now: datetime | None = None) -> list[OutboxItem]:
        """Items due for delivery at ``now``: queued and due, or sending under an expired lease."""
        return self.delivery.due(now or self._clock())

    def next_delivery_at(self) -> datetime | None:
        """When the next queued item falls due (or a lease runs out), by this service's clock."""
        return self.delivery.next_due_at()

    def seconds_until_next_delivery(self) -> float | None:
        due = self.next_delivery_at()
        return None if due is None else max(0.0, (due - self._clock()).total_seconds())

    def deliver_due(
        self, *, limit: int = 20, should_stop: Callable[[], bool] = lambda: False, workers: int = 1
    ) -> list[OutboxItem]:
        """Send every due item once (the background sender's step), ``workers`` posts at a time."""
        return self.delivery.deliver_due(limit=limit, should_stop=should_stop, workers=workers)

    def hand_back_in_flight(self) -> list[OutboxItem]:
        """At quit: the items still being posted, queued again for the next start (``OutboxDelivery``)."""
        return self.delivery.hand_back_in_flight()

    def outbox_item(self, item_id: int) -> OutboxItem:
        with self._uow_factory() as uow:
            item = uow.outbox.get(item_id)
        if item is None:
            raise OutboxItemNotFound(item_id)
        return item

    # -- the provider's invitations and admin users ----------------------------------------------

    def list_for_provider(self, provider_id: int) -> InvitationList:
        """The outbox's items merged with the portal's invitations, statuses refreshed from the portal.

        When the portal cannot be reached the local rows come back with their last known statuses and
        ``portal_error`` says so; nothing is raised for that.
        """
        with self._uow_factory() as uow:
            provider = _provider(uow, provider_id)
            local = uow.outbox.for_provider(provider_id)
        portal_error: str | None = None
        remote: list[Invitation] = []
        seen_at: datetime | None = None
        portal_id = provider.portal_provider_id
        if portal_id is None:
            portal_error = ProviderNotLinked(provider_id).user_message
        else:
            try:
                with self.delivery.portal() as portal:
                    remote = portal.list_invitations(portal_id)
            except Exception as error:  # PortalError or PortalNotConfigured: show what we have
                with self._lock:
                    seen_at, remote = self._last_seen.get(portal_id, (None, []))
                when = f", {describe_time(seen_at)}" if seen_at else ""
                portal_error = (
                    f"{getattr(error, 'user_message', type(error).__name__).rstrip('.')}. "
                    f"The statuses shown are the last ones CountyAdmin saw{when}."
                )
            else:
                with self._lock:
                    self._last_seen[portal_id] = (self._clock(), list(remote))
        stale = portal_error is not None
        if not stale:
            local = self._refresh(local, {inv.id: inv for inv in remote})
        entries = merge_invitations(local, remote, stale=stale, seen_at=seen_at)
        return InvitationList(entries, portal_error, seen_at)

    def resend(self, provider_id: int, portal_invitation_id: str) -> Invitation:
        """Send the invitation's e-mail again with a new expiry; audited. Raises the portal's errors."""
        self._linked_provider(provider_id)
        with self.delivery.portal() as portal:
            invitation = portal.resend_invitation(portal_invitation_id)
        self._after_action(provider_id, invitation, INVITATION_RESENT)
        return invitation

    def cancel(self, provider_id: int, portal_invitation_id: str) -> Invitation:
        """Cancel the invitation on the portal (it keeps the record, as does the outbox); audited."""
        self._linked_provider(provider_id)
        with self.delivery.portal() as portal:
            invitation = portal.cancel_invitation(portal_invitation_id)
        self._after_action(provider_id, invitation, INVITATION_CANCELLED)
        return invitation

    def admin_users(self, provider_id: int) -> list[AdminUser]:
        """The provider's CPSE Portal admin users ("Retrieve Admin Users")."""
        provider = self._linked_provider(provider_id)
        assert provider.portal_provider_id is not None
        with self.delivery.portal() as portal:
            return portal.list_admin_users(provider.portal_provider_id)

    # -- private ---------------------------------------------------------------------------------

    def _new_item(self, provider: ProviderRecord, form: InvitationForm, now: datetime) -> NewOutboxItem:
        assert provider.portal_provider_id is not None
        therapist = form.also_service_provider
        return NewOutboxItem(
            provider_id=provider.id, portal_provider_id=provider.portal_provider_id,
            first_name=form.first_name, last_name=form.last_name, email=form.email, invited_by=self._user,
            also_service_provider=therapist, npi=(form.npi or None) if therapist else None,
            profession=(form.profession or None) if therapist else None,
            license=(form.license or None) if therapist else None,
            idempotency_key=str(uuid.uuid4()), created_at=now, created_by=self._user,
        )  # fmt: skip

    def _audit_queued(
        self, uow: UnitOfWork, item: OutboxItem, now: datetime, *, requeued: bool = False
    ) -> None:
        details: dict[str, object] = {
            "outbox_item_id": item.id, "email": item.email, "name": item.display_name,
            "also_service_provider": item.also_service_provider, "npi": item.npi,
            "profession": item.profession,
        }  # fmt: skip
        if requeued:
            details["requeued"] = True
        uow.audit.add(occurred_at=now, user_name=self._user, provider_id=item.provider_id,
                      action=INVITATION_QUEUED, details=details)  # fmt: skip

    def _linked_provider(self, provider_id: int) -> ProviderRecord:
        with self._uow_factory() as uow:
            return _linked(uow, provider_id)

    def _after_action(self, provider_id: int, invitation: Invitation, action: str) -> None:
        now = self._clock()
        with self._lock:  # the list seen last shows this invitation as the portal has it now
            seen = self._last_seen.get(invitation.provider_id)
            if seen is not None:
                listed = [invitation if inv.id == invitation.id else inv for inv in seen[1]]
                self._last_seen[invitation.provider_id] = (seen[0], listed)
        with self._uow_factory() as uow:
            for item in uow.outbox.for_provider(provider_id):
                if item.portal_invitation_id == invitation.id:
                    uow.outbox.update(_with_portal(item, invitation, now), expected_version=item.version)
            uow.audit.add(
                occurred_at=now, user_name=self._user, provider_id=provider_id, action=action,
                details={"portal_invitation_id": invitation.id, "email": invitation.email,
                         "name": f"{invitation.first_name} {invitation.last_name}".strip(),
                         "status": invitation.status, "expires_at": invitation.expires_at.isoformat()},
            )  # fmt: skip
            uow.commit()

    def _refresh(self, local: list[OutboxItem], remote: dict[str, Invitation]) -> list[OutboxItem]:
        """Store the portal's current status and expiry on sent items (last known, for offline days)."""
        now = self._clock()
        changed = {
            item.id: _with_portal(item, remote[item.portal_invitation_id], now)
            for item in local
            if item.portal_invitation_id in remote
            and (item.portal_status, item.portal_expires_at)
            != (remote[item.portal_invitation_id].status, remote[item.portal_invitation_id].expires_at)
        }
        if not changed:
            return local
        with self._uow_factory() as uow:
            for item in local:
                if item.id in changed:
                    # A lost race only means someone else stored a fresher status; ignore it.
                    uow.outbox.update(changed[item.id], expected_version=item.version)
            uow.commit()
        return [changed.get(item.id, item) for item in local]


def _valid(form: InvitationForm) -> InvitationForm:
    checked = check_invitation(form)
    if not checked.ok:
        raise InvitationInvalid(checked.problems, checked.warnings)
    return checked.form


def _provider(uow: UnitOfWork, provider_id: int) -> ProviderRecord:
    record = uow.providers.get(provider_id)
    if record is None:
        raise ProviderNotFound(provider_id)
    return record


def _linked(uow: UnitOfWork, provider_id: int) -> ProviderRecord:
    record = _provider(uow, provider_id)
    if record.portal_provider_id is None:
        raise ProviderNotLinked(provider_id)
    return record


def _with_portal(item: OutboxItem, invitation: Invitation, now: datetime) -> OutboxItem:
    return replace(
        item, portal_status=invitation.status, portal_expires_at=invitation.expires_at, updated_at=now
    )
