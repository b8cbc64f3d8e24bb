"""Errors of the invitation use-cases; ``str(error)`` is a sentence a county clerk can act on."""

from __future__ import annotations

from collections.abc import Mapping

from countyadmin.domain.outbox import OutboxItem
from countyadmin.services.errors import ServiceError


class InvitationInvalid(ServiceError):
    """The form has problems; nothing was queued. ``field_errors`` maps a field to its sentence."""

    def __init__(self, field_errors: Mapping[str, str], warnings: Mapping[str, str] | None = None) -> None:
        self.field_errors: dict[str, str] = dict(field_errors)
        self.warnings: dict[str, str] = dict(warnings or {})
        super().__init__(" ".join(self.field_errors.values()))


class ProviderNotLinked(ServiceError):
    def __init__(self, provider_id: int) -> None:
        super().__init__(
            f"Provider #{provider_id} is not linked to CPSE Portal yet. Link it on the Billing Provider "
            "Profile tab first; then its admin users can be invited."
        )
        self.provider_id = provider_id


class InvitationAlreadyQueued(ServiceError):
    """An invitation to the same address for the same provider is still waiting to be sent."""

    def __init__(self, item: OutboxItem) -> None:
        super().__init__(
            f"An invitation to {item.email} for this provider is already waiting to be sent. "
            "It will go out automatically; there is no need to send another."
        )
        self.item = item


class OutboxItemNotFound(ServiceError):
    def __init__(self, item_id: int) -> None:
        super().__init__(f"Invitation #{item_id} is no longer in the outbox. Refresh the invitations.")
        self.item_id = item_id


class InvitationNotEditable(ServiceError):
    """Only a refused invitation (state failed) can be corrected and sent again."""

    def __init__(self, item: OutboxItem) -> None:
        state = "has been sent" if item.state == "sent" else "is waiting to be sent"
        super().__init__(
            f"The invitation to {item.email} {state}, so it cannot be changed. "
            "Refresh the invitations to see where it stands."
        )
        self.item = item


class InvitationNotWithdrawable(ServiceError):
    """Only an invitation still queued, or one CPSE Portal refused, can be withdrawn."""

    def __init__(self, item: OutboxItem) -> None:
        if item.state == "sending":
            why = "is being sent to CPSE Portal this moment, so it can no longer be stopped here"
            then = "Wait for the result; if it was sent, cancel it from the list."
        elif item.state == "sent":
            why = "reached CPSE Portal already, which e-mailed it"
            then = "Cancel Invitation on its row instead: the link in the e-mail then stops working."
        else:
            why = "was withdrawn already"
            then = "Refresh the invitations."
        super().__init__(f"The invitation to {item.email} {why}. {then}")
        self.item = item
