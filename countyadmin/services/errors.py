"""Errors the services raise; ``str(error)`` is a sentence a county clerk can act on."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from countyadmin.domain.provider import ProviderRecord


class ServiceError(Exception):
    @property
    def user_message(self) -> str:
        return str(self)


class ProviderNotFound(ServiceError):
    def __init__(self, provider_id: int) -> None:
        super().__init__(
            f"Provider #{provider_id} is no longer in the county database — reload the provider list."
        )
        self.provider_id = provider_id


class ProfileInvalid(ServiceError):
    """Some fields of the Billing Provider Profile cannot be applied.

    ``field_errors`` maps "provider_type", "npi", "sed_code" or "uses_portal" to a sentence for that field.
    """

    def __init__(self, field_errors: Mapping[str, str]) -> None:
        self.field_errors: dict[str, str] = dict(field_errors)
        super().__init__(" ".join(self.field_errors.values()))


class ConcurrentEdit(ServiceError):
    """Someone saved the provider after this clerk opened it; nothing was overwritten."""

    def __init__(self, changed_by: str | None, changed_at: datetime | None, current: ProviderRecord) -> None:
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.current = current
        who = changed_by or "Someone else"
        when = f" {describe_time(changed_at)}" if changed_at is not None else ""
        super().__init__(f"{who} changed this provider{when} — reload to see their changes.")


def describe_time(moment: datetime, *, today: date | None = None) -> str:
    """'at 3:14 PM' today, else 'on Mar 3, 2026 at 3:14 PM', in this computer's time zone."""
    local = moment.astimezone()
    clock = f"{local:%I:%M %p}".lstrip("0")  # %-I is not portable to Windows
    if local.date() == (today or datetime.now().astimezone().date()):
        return f"at {clock}"
    return f"on {local:%b} {local.day}, {local.year} at {clock}"
