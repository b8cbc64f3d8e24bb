"""Use-cases of the provider list and the Billing Provider Profile tab."""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import UTC, datetime

from countyadmin.domain.match_check import MatchCheck
from countyadmin.domain.profile import normalize_profile, profile_diff, profile_problems
from countyadmin.domain.provider import ProfileChanges, ProviderRecord, ProviderSummary
from countyadmin.domain.records import AuditEntry
from countyadmin.services.errors import ConcurrentEdit, ProfileInvalid, ProviderNotFound
from countyadmin.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

PROFILE_APPLIED = "profile_applied"

ProviderList = tuple[list[ProviderSummary], dict[int, MatchCheck]]


def utc_now() -> datetime:
    return datetime.now(UTC)


class ProviderService:
    """Reads and edits county providers as ``user`` (the name written to the audit trail)."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, *, user: str, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self._uow_factory = uow_factory
        self._user = user
        self._clock = clock

    def list_summaries(self) -> list[ProviderSummary]:
        with self._uow_factory() as uow:
            return uow.providers.list_summaries()

    def list_with_match_checks(self) -> ProviderList:
        """The provider list as the main window shows it: every provider, and what the last looks for
        CPSE Portal matches found (read from the database only, so it needs no portal)."""
        with self._uow_factory() as uow:
            return uow.providers.list_summaries(), uow.match_checks.all()

    def get(self, provider_id: int) -> ProviderRecord:
        with self._uow_factory() as uow:
            return _require(uow, provider_id)

    def others_with_identifiers(
        self, provider_id: int, *, npi: str | None, sed_code: str | None
    ) -> list[ProviderSummary]:
        """Other county records with this NPI or SED code: one provider entered twice, or a typo."""
        with self._uow_factory() as uow:
            found = uow.providers.sharing(npi=npi or None, sed_code=sed_code or None)
        return [summary for summary in found if summary.id != provider_id]

    def linked_elsewhere(self, provider_id: int, portal_ids: Collection[str]) -> dict[str, ProviderSummary]:
        """Portal provider id → the other county record already linked to it, for those of ``portal_ids``."""
        if not portal_ids:
            return {}
        with self._uow_factory() as uow:
            found = uow.providers.sharing(portal_ids=portal_ids)
        return {s.portal_provider_id: s for s in found if s.portal_provider_id and s.id != provider_id}

    def history(self, provider_id: int) -> list[AuditEntry]:
        """What was done to the provider, newest first."""
        with self._uow_factory() as uow:
            return uow.audit.for_provider(provider_id)

    def apply_profile(
        self, provider_id: int, expected_version: int, changes: ProfileChanges
    ) -> ProviderRecord:
        """Save the profile fields, if nobody saved the provider since ``expected_version`` was read.

        Raises:
            ProviderNotFound: the provider is gone.
            ConcurrentEdit: someone else saved it first; nothing was written.
            ProfileInvalid: a field cannot be applied; nothing was written.
        """
        changes = normalize_profile(changes)
        with self._uow_factory() as uow:
            current = _require(uow, provider_id)
            if current.version != expected_version:
                raise ConcurrentEdit(current.updated_by, current.updated_at, current)
            problems = profile_problems(changes, portal_provider_id=current.portal_provider_id)
            if changes.sed_code is not None and "sed_code" not in problems:
                if taken := _sed_code_taken(uow, changes.sed_code, provider_id):
                    problems["sed_code"] = taken
            if problems:
                raise ProfileInvalid(problems)
            diff = profile_diff(current, changes)
            if not diff:
                return current  # nothing to save: no new version, no audit line
            now = self._clock()
            wanted = replace(
                current,
                provider_type=changes.provider_type,
                npi=changes.npi,
                sed_code=changes.sed_code,
                uses_portal=changes.uses_portal,
                updated_at=now,
                updated_by=self._user,
            )
            saved = uow.providers.update(wanted, expected_version=expected_version)
            if saved is None:
                # Lost the race between reading and writing. Read again in a new transaction, so
                # MariaDB's repeatable-read snapshot does not show the old row.
                uow.rollback()
                latest = _require(uow, provider_id)
                raise ConcurrentEdit(latest.updated_by, latest.updated_at, latest)
            uow.audit.add(
                occurred_at=now,
                user_name=self._user,
                provider_id=provider_id,
                action=PROFILE_APPLIED,
                details={"changes": _audit_changes(diff)},
            )
            uow.commit()
            return saved


def _require(uow: UnitOfWork, provider_id: int) -> ProviderRecord:
    record = uow.providers.get(provider_id)
    if record is None:
        raise ProviderNotFound(provider_id)
    return record


def _sed_code_taken(uow: UnitOfWork, sed_code: str, provider_id: int) -> str | None:
    owner = uow.providers.find_by_sed_code(sed_code)
    if owner is None or owner.id == provider_id:
        return None
    return (
        f"SED code {sed_code} already belongs to “{owner.name}” (provider #{owner.id}). "
        "Check the code; if both records are one provider, keep the code on one of them."
    )


def _audit_changes(diff: dict[str, tuple[object, object]]) -> dict[str, dict[str, object]]:
    # The audit trail is JSON: enums become their stored text.
    def plain(value: object) -> object:
        return value.value if isinstance(value, enum.Enum) else value

    return {name: {"before": plain(before), "after": plain(after)} for name, (before, after) in diff.items()}
