"""Use-cases: link a county provider to a CPSE Portal provider, add it to the portal, unlink it.

Order matters. The portal's county-link call goes first and is idempotent; the local record and its
audit event follow in one transaction. If anything fails between the two, the clerk is told exactly
what each side holds, and doing the same thing again repairs it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Protocol

from countyadmin.domain.identifiers import validate_npi, validate_sed_code
from countyadmin.domain.normalize import digits_only, normalize_state
from countyadmin.domain.provider import ProviderRecord
from countyadmin.portal.errors import Conflict, NotFound, PortalError, PortalUnavailable
from countyadmin.portal.models import CountyLink, NewPortalProvider, PortalProvider
from countyadmin.services.errors import (
    ConcurrentEdit,
    LinkIncomplete,
    LinkRefused,
    ProfileInvalid,
    ProviderNotFound,
    ProviderOnPortalAlready,
)
from countyadmin.services.unit_of_work import UnitOfWork, UnitOfWorkFactory


class PortalLinks(Protocol):
    """The part of the portal client these use-cases need."""

    def get_provider(self, provider_id: str) -> PortalProvider: ...
    def create_provider(self, provider: NewPortalProvider) -> PortalProvider: ...
    def link_county(self, provider_id: str, county_provider_ref: str) -> CountyLink: ...
    def unlink_county(self, provider_id: str) -> None: ...


def county_provider_ref(provider_id: int) -> str:
    """How CPSE Portal knows this county's record: its id in the Preschool database."""
    return str(provider_id)


class LinkService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        portal: PortalLinks,
        *,
        user: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._uow_factory = uow_factory
        self._portal = portal
        self._user = user
        self._clock = clock

    def link(self, provider_id: int, portal_provider_id: str, *, expected_version: int) -> ProviderRecord:
        """Link the county provider to ``portal_provider_id`` and record it; safe to repeat."""
        record = self._current(provider_id, expected_version)
        if record.portal_provider_id == portal_provider_id:
            return record
        if record.portal_provider_id is not None:
            raise LinkRefused(
                f"This provider is already linked to CPSE Portal provider {record.portal_provider_id}. "
                "Unlink it first if that link is wrong."
            )
        try:
            self._portal.link_county(portal_provider_id, county_provider_ref(provider_id))
        except Conflict as conflict:
            raise LinkRefused(self._already_linked_message(portal_provider_id, conflict)) from conflict
        except PortalUnavailable as error:
            raise LinkIncomplete(
                "CPSE Portal could not be reached, so the link may or may not have been made there; "
                "nothing changed in Preschool. Click Continue Association again when the portal is back "
                "— repeating it is safe.",
                portal_linked=None,
            ) from error
        return self._record_link(record, portal_provider_id, action="linked")

    def add_to_portal(self, provider_id: int, *, expected_version: int) -> ProviderRecord:
        """Create the county provider on CPSE Portal, then link it.

        Raises ProviderOnPortalAlready (carrying the portal's provider) when the portal has the NPI or
        SED code after all: the clerk should link to that one instead.
        """
        record = self._current(provider_id, expected_version)
        if record.portal_provider_id is not None:
            raise LinkRefused(
                f"This provider is already linked to CPSE Portal provider {record.portal_provider_id}."
            )
        new = new_portal_provider(record)
        try:
            created = self._portal.create_provider(new)
        except Conflict as conflict:
            existing = self._existing_provider(conflict)
            raise ProviderOnPortalAlready(existing) from conflict
        return self.link(provider_id, created.id, expected_version=expected_version)

    def unlink(self, provider_id: int, *, expected_version: int) -> ProviderRecord:
        record = self._current(provider_id, expected_version)
        portal_id = record.portal_provider_id
        if portal_id is None:
            return record
        try:
            self._portal.unlink_county(portal_id)
        except NotFound:
            pass  # already unlinked on the portal (a retry, or done on the portal itself)
        except PortalUnavailable as error:
            raise LinkIncomplete(
                "CPSE Portal could not be reached, so the link may still be there; nothing changed in "
                "Preschool. Click Unlink again when the portal is back.",
                portal_linked=None,
            ) from error
        return self._record_link(record, None, action="unlinked", previous=portal_id)

    # -- private ---------------------------------------------------------------------------------

    def _current(self, provider_id: int, expected_version: int) -> ProviderRecord:
        with self._uow_factory() as uow:
            record = uow.providers.get(provider_id)
        if record is None:
            raise ProviderNotFound(provider_id)
        if record.version != expected_version:
            raise ConcurrentEdit(record.updated_by, record.updated_at, record)
        return record

    def _record_link(
        self, record: ProviderRecord, portal_id: str | None, *, action: str, previous: str | None = None
    ) -> ProviderRecord:
        now = self._clock()
        linked = replace(
            record,
            portal_provider_id=portal_id,
            linked_at=now if portal_id else None,
            linked_by=self._user if portal_id else None,
            uses_portal=True if portal_id else record.uses_portal,
            updated_at=now,
            updated_by=self._user,
        )
        portal_side = "now has the link" if portal_id else "no longer has the link"
        try:
            with self._uow_factory() as uow:
                stored = uow.providers.update(linked, expected_version=record.version)
                if stored is None:
                    current = uow.providers.get(record.id)
                    who = current.updated_by if current and current.updated_by else "Someone else"
                    raise LinkIncomplete(
                        f"CPSE Portal {portal_side}, but {who} changed this provider in Preschool meanwhile, "
                        "so Preschool has not recorded it yet. Reload the provider and do it again — "
                        "repeating it is safe.",
                        portal_linked=portal_id is not None,
                    )
                _audit(uow, stored, self._user, now, action, portal_id or previous)
                uow.commit()
        except LinkIncomplete:
            raise
        except Exception as error:  # the database failed after the portal succeeded
            raise LinkIncomplete(
                f"CPSE Portal {portal_side}, but Preschool could not record it ({type(error).__name__}). "
                "Check the database connection and do it again — repeating it is safe.",
                portal_linked=portal_id is not None,
            ) from error
        return stored

    def _already_linked_message(self, portal_provider_id: str, conflict: Conflict) -> str:
        other_ref = conflict.existing_id
        other_name = None
        if other_ref is not None and other_ref.isdigit():
            with self._uow_factory() as uow:
                other = uow.providers.get(int(other_ref))
            other_name = other.name if other else None
        named = f"“{other_name}” (#{other_ref})" if other_name else f"record #{other_ref or '?'}"
        return (
            f"This county has already linked CPSE Portal provider {portal_provider_id} to another Preschool "
            f"provider: {named}. Nothing was changed. If that link is wrong, unlink it there first."
        )

    def _existing_provider(self, conflict: Conflict) -> PortalProvider | None:
        if conflict.existing_id is None:
            return None
        try:
            return self._portal.get_provider(conflict.existing_id)
        except PortalError:
            return None


def _audit(
    uow: UnitOfWork, record: ProviderRecord, user: str, at: datetime, action: str, portal_id: str | None
) -> None:
    uow.audit.add(
        occurred_at=at,
        user_name=user,
        provider_id=record.id,
        action=action,
        details={"portal_provider_id": portal_id},
    )


def new_portal_provider(record: ProviderRecord) -> NewPortalProvider:
    """The portal provider to create from a county record, or ProfileInvalid saying what is missing."""
    problems: dict[str, str] = {}
    if record.provider_type is None:
        problems["provider_type"] = "Choose Agency or Individual before adding the provider to CPSE Portal."
    if not record.npi and not record.sed_code:
        problems["npi"] = "Enter the NPI or the SED code before adding the provider to CPSE Portal."
    if record.npi and (problem := validate_npi(record.npi)):
        problems["npi"] = problem
    if record.sed_code and (problem := validate_sed_code(record.sed_code)):
        problems["sed_code"] = problem
    if problems or record.provider_type is None:
        raise ProfileInvalid(problems)
    return NewPortalProvider(
        provider_type=record.provider_type.value,
        name=record.name,
        npi=record.npi,
        sed_code=record.sed_code,
        tax_id=record.tax_id,
        address_1=record.address_1,
        address_2=record.address_2,
        city=record.city,
        # The portal wants postal codes: "New York" → "NY", "12207-1234" → "122071234".
        state=normalize_state(record.state) or None,
        zip=digits_only(record.zip) or None,
        phone=record.phone,
        email=record.email,
    )
