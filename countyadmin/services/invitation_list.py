"""The rows of the provider's invitations table: the outbox and the portal's invitations merged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from countyadmin.domain.outbox import OutboxItem, OutboxState
from countyadmin.portal.models import Invitation


@dataclass(frozen=True, slots=True)
class InvitationEntry:
    """One row of ``invitationsTable``: an outbox item, a portal invitation, or both merged.

    ``status`` is the outbox state while the portal does not have it yet ("queued", "sending",
    "failed"), then the portal's ("pending", "accepted", "expired", "cancelled").
    """

    email: str
    first_name: str
    last_name: str
    status: str
    sent_at: datetime | None
    expires_at: datetime | None
    invited_by: str
    portal_invitation_id: str | None = None
    outbox_item: OutboxItem | None = None
    message: str | None = None  # why it is queued or failed, for the clerk
    seen_at: datetime | None = None  # set when CPSE Portal was not reachable: when the status was last seen

    @property
    def can_resend(self) -> bool:
        return self.portal_invitation_id is not None and self.status in ("pending", "expired")

    @property
    def can_cancel(self) -> bool:
        return self.portal_invitation_id is not None and self.status in ("pending", "expired")

    @property
    def can_withdraw(self) -> bool:
        """Queued or refused ("Not sent"): still only in this county's outbox, so it can be stopped."""
        return (self.outbox_item is not None and self.outbox_item.can_withdraw
                and self.portal_invitation_id is None)  # fmt: skip


@dataclass(frozen=True, slots=True)
class InvitationList:
    """The provider's invitations, newest first; ``portal_error`` says why statuses may be stale."""

    entries: list[InvitationEntry]
    portal_error: str | None = None
    seen_at: datetime | None = None  # when the portal's statuses shown were read, if not just now


def merge_invitations(
    local: list[OutboxItem], remote: list[Invitation], *, stale: bool = False,
    seen_at: datetime | None = None,
) -> list[InvitationEntry]:
    """An entry per portal invitation (with its outbox item, if any), then items not on the portal yet.

    ``stale`` says CPSE Portal could not be asked now: ``remote`` is then the list seen at ``seen_at``
    (empty if none was seen), every portal status carries when it was seen, and a sent item not in that
    list its own last known status as of its last change. Withdrawn items are not listed (History is).
    """
    local = [item for item in local if item.state is not OutboxState.WITHDRAWN]

    entries: list[InvitationEntry] = []
    by_portal_id = {item.portal_invitation_id: item for item in local if item.portal_invitation_id}
    for inv in remote:
        item = by_portal_id.get(inv.id)
        entries.append(InvitationEntry(
            email=inv.email, first_name=inv.first_name, last_name=inv.last_name, status=inv.status,
            sent_at=item.sent_at if item and item.sent_at else inv.created_at, expires_at=inv.expires_at,
            invited_by=inv.invited_by, portal_invitation_id=inv.id, outbox_item=item,
            seen_at=seen_at if stale else None,
        ))  # fmt: skip
    seen = {inv.id for inv in remote}
    for item in local:
        if item.portal_invitation_id in seen:
            continue
        sent = item.state is OutboxState.SENT
        status = (item.portal_status or "pending") if sent else item.state.value
        entries.append(InvitationEntry(
            email=item.email, first_name=item.first_name, last_name=item.last_name, status=status,
            sent_at=item.sent_at, expires_at=item.portal_expires_at, invited_by=item.invited_by,
            portal_invitation_id=item.portal_invitation_id, outbox_item=item,
            message=None if sent else item.last_error,
            seen_at=(item.updated_at or item.sent_at) if sent and stale else None,
        ))  # fmt: skip
    # Newest first; items not sent yet sort by when they were queued.
    epoch = datetime.min.replace(tzinfo=UTC)
    return sorted(entries, key=lambda e: e.sent_at or (e.outbox_item.created_at if e.outbox_item else None)
                  or epoch, reverse=True)  # fmt: skip
