"""Errors the services raise; ``str(error)`` is a sentence a county clerk can act on."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from countyadmin.domain.provider import ProviderRecord, ProviderSummary
from countyadmin.portal.models import PortalProvider


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


class LinkOvertaken(ConcurrentEdit):
    """Another desk linked, unlinked or changed the provider while this clerk was linking or unlinking it.

    This desk's CPSE Portal call was not made (or was undone); the message says who did what, and when.
    """

    def __init__(self, message: str, current: ProviderRecord) -> None:
        Exception.__init__(self, message)
        self.changed_by = current.updated_by
        self.changed_at = current.updated_at
        self.current = current


def describe_time(moment: datetime, *, today: date | None = None) -> str:
    """'at 3:14 PM' today, else 'on Mar 3, 2026 at 3:14 PM', in this computer's time zone."""
    local = moment.astimezone()
    clock = f"{local:%I:%M %p}".lstrip("0")  # %-I is not portable to Windows
    if local.date() == (today or datetime.now().astimezone().date()):
        return f"at {clock}"
    return f"on {local:%b} {local.day}, {local.year} at {clock}"


class LinkRefused(ServiceError):
    """The link cannot be made as asked (the portal or Preschool already links elsewhere); nothing changed.

    ``current``: the record as it is now, when this desk's own claim moved its version on (the screen
    keeps that version, so the clerk's next step is not taken for someone else's change).
    """

    def __init__(self, message: str, *, current: ProviderRecord | None = None) -> None:
        super().__init__(message)
        self.current = current


class LinkIncomplete(ServiceError):
    """A link or unlink stopped halfway; the message says what each side holds and that repeating is safe.

    ``portal_linked`` is True/False when the portal's state is known, ``None`` when it is not.
    ``portal_provider_id``: the portal provider to link when repeating it (Add New created it, then the
    link stopped), so the clerk repeats the link instead of creating another. ``current``: as for
    LinkRefused.
    """

    def __init__(
        self, message: str, *, portal_linked: bool | None, portal_provider_id: str | None = None,
        current: ProviderRecord | None = None,
    ) -> None:  # fmt: skip
        super().__init__(message)
        self.portal_linked = portal_linked
        self.portal_provider_id = portal_provider_id
        self.current = current


class ProviderOnPortalAlready(ServiceError):
    """Adding a provider to CPSE Portal found it there already (same NPI or SED code).

    ``linked_to``: the other county record already linked to that portal provider, if any (then it is
    not this record's to link: one provider entered twice in the county). ``current``: as for LinkRefused.
    """

    def __init__(
        self, existing: PortalProvider | None, linked_to: ProviderSummary | None = None,
        current: ProviderRecord | None = None,
    ) -> None:  # fmt: skip
        self.existing = existing
        self.linked_to = linked_to
        self.current = current
        which = f" as {existing.id} “{existing.name}”" if existing else ""
        super().__init__(
            f"CPSE Portal already has this provider{which} (same NPI or SED code). "
            "Link to that provider instead of adding a new one."
        )
