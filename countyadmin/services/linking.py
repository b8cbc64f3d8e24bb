"""Use-cases: link a county provider to a CPSE Portal provider, add it to the portal, unlink it.

Claim first, then the portal, then the record (docs/architecture.md, "Linking: claim before calling
the portal"). A link or unlink first claims the provider in the county database: one compare-and-set on
its version, so of two desks acting on the same version exactly one gets the claim. Only the holder
calls the portal; its final write records the link (and the audit line) and releases the claim in one
transaction. The desk that lost never touched the portal, and is told who did what, and when.

A desk that dies holding a claim leaves it behind with a lease (``LINK_CLAIM_LEASE``). Until the lease
ends, other desks are told the link is in progress; after it, the next link or unlink of that provider
settles the claim by asking the portal what the dead desk managed to do, and makes the database agree.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from countyadmin.domain.identifiers import validate_npi, validate_sed_code
from countyadmin.domain.link_claim import LinkAction, LinkClaim, LinkClaimRequest
from countyadmin.domain.normalize import digits_only, normalize_state
from countyadmin.domain.provider import ProviderRecord, ProviderSummary
from countyadmin.portal.errors import Conflict, NotFound, PortalError, PortalUnavailable
from countyadmin.portal.models import CountyLink, NewPortalProvider, PortalProvider
from countyadmin.services.errors import (
    ConcurrentEdit,
    LinkIncomplete,
    LinkOvertaken,
    LinkRefused,
    ProfileInvalid,
    ProviderNotFound,
    ProviderOnPortalAlready,
    describe_time,
)
from countyadmin.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

# How long a claim keeps other desks out. Ten times the longest a portal call may take (the clients end
# every call, retries and waits included, within countyadmin.http.CALL_DEADLINE, 30 s), so a desk that
# is alive has finished before another may settle its claim. The lease is timed by the database server's
# clock alone (the claim's start, its end and every check of it): desks' clocks drift, one by more than the
# lease would take over a live claim.
LINK_CLAIM_LEASE = timedelta(minutes=5)

NOT_USING_PORTAL = ("Tick “Provider Uses CPSE Portal” and click Apply first: only a provider that uses CPSE "
                    "Portal is added to it.")  # fmt: skip


class PortalLinks(Protocol):
    """The part of the portal client these use-cases need."""

    def get_provider(self, provider_id: str) -> PortalProvider: ...
    def create_provider(self, provider: NewPortalProvider) -> PortalProvider: ...
    def get_county_link(self, provider_id: str) -> CountyLink | None: ...
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
        record = self._settled(provider_id, expected_version, "link", portal_provider_id)
        if record.portal_provider_id == portal_provider_id:
            return record
        if record.portal_provider_id is not None:
            raise LinkRefused(
                f"This provider is already linked to CPSE Portal provider {record.portal_provider_id}. "
                "Unlink it first if that link is wrong."
            )
        return self._link_holding(record, self._claim(record, "link", portal_provider_id))

    def add_to_portal(self, provider_id: int, *, expected_version: int) -> ProviderRecord:
        """Claim the county provider, create it on CPSE Portal, then link it under the same claim.

        Claiming first means a desk saving the record meanwhile is refused (it never leaves a portal
        provider with the old NPI behind, linked to nothing). Every outcome that leaves the record
        unlinked releases the claim and carries the record as it is now (``current``): the claim moved
        its version on, and the screen keeps that version so the clerk's next Link or Apply works.

        Raises ProviderOnPortalAlready (carrying the portal's provider) when the portal has the NPI or
        SED code after all — also when an earlier add reached the portal but its answer was lost: the
        clerk links to that one instead, and nothing is created twice.
        """
        record = self._settled(provider_id, expected_version, "add", None)
        if record.portal_provider_id is not None:
            raise LinkRefused(
                f"This provider is already linked to CPSE Portal provider {record.portal_provider_id}."
            )
        if not record.uses_portal:
            raise ProfileInvalid({"uses_portal": NOT_USING_PORTAL})
        new = new_portal_provider(record)
        claim = self._claim(record, "add", None)
        try:
            created = self._portal.create_provider(new)
        except Conflict as conflict:
            self._release(record.id, claim)
            existing = self._existing_provider(conflict)
            linked_to = self._linked_elsewhere(provider_id, existing)
            raise ProviderOnPortalAlready(existing, linked_to, self._fresh(record.id)) from conflict
        except PortalUnavailable as error:
            # Nothing links under an "add" claim, so there is nothing to settle: if the create did arrive,
            # the next Add New meets the portal's 409 and offers that provider to link.
            self._release(record.id, claim)
            raise LinkIncomplete(
                "CPSE Portal could not be reached, so this provider may or may not have been added there; "
                "nothing changed in Preschool. Click Add New CPSE Portal Provider again when the portal is "
                "back: if it was added, it is found by its NPI or SED code and offered to link, never "
                "added twice.",
                portal_linked=False,
                current=self._fresh(record.id),
            ) from error
        except PortalError as error:  # the portal answered no (a field refused, the key refused)
            self._release(record.id, claim)
            raise LinkRefused(f"Nothing was added to CPSE Portal: {error.user_message}",
                              current=self._fresh(record.id)) from error  # fmt: skip
        except Exception:
            self._abandon(record.id, claim)  # settled by releasing it (see domain/link_claim.py)
            raise
        try:
            return self._link_holding(record, self._hand_over(record.id, claim, created.id))
        except LinkIncomplete as incomplete:
            # The link to the provider just created stopped: the clerk repeats that link (Try Again),
            # never Add New, which would find the new provider and ask to link it anyway.
            why = ("CPSE Portal could not be reached to link it" if incomplete.portal_linked is None
                   else "Preschool could not record the link")  # fmt: skip
            raise LinkIncomplete(
                f"CPSE Portal provider {created.id} was created from this record, but {why}; "
                "nothing changed in Preschool. Click Try Again to link it — repeating it is safe.",
                portal_linked=incomplete.portal_linked,
                portal_provider_id=created.id,
                current=incomplete.current or self._fresh(record.id),
            ) from incomplete

    def _hand_over(self, provider_id: int, claim: LinkClaimRequest, portal_id: str) -> LinkClaimRequest:
        """Turn Add New's claim into the claim to link the provider just created (same holder, new lease)."""
        linking = replace(claim, action="link", portal_provider_id=portal_id)
        try:
            with self._uow_factory() as uow:
                renewed = uow.providers.renew_link_claim(provider_id, claim.token, linking,
                                                         lease=LINK_CLAIM_LEASE)  # fmt: skip
                uow.commit()
            if renewed:
                return linking
        except Exception as error:  # noqa: BLE001 — the database failed: Try Again links it later
            self._abandon(provider_id, claim)
            raise LinkIncomplete("", portal_linked=False) from error
        # Slower than the lease: another desk settled (released) the claim. The provider is on the
        # portal, linked to nothing; Try Again links it if the record is still free.
        raise LinkIncomplete("", portal_linked=False)

    def _link_holding(self, record: ProviderRecord, claim: LinkClaimRequest) -> ProviderRecord:
        """Link on CPSE Portal under ``claim`` (held), then record it; releases or abandons it on failure."""
        portal_provider_id = claim.portal_provider_id or ""
        try:
            self._portal.link_county(portal_provider_id, county_provider_ref(record.id))
        except Conflict as conflict:
            self._release(record.id, claim)
            raise LinkRefused(self._already_linked_message(portal_provider_id, conflict),
                              current=self._fresh(record.id)) from conflict  # fmt: skip
        except PortalUnavailable as error:
            self._abandon(record.id, claim)
            raise LinkIncomplete(
                "CPSE Portal could not be reached, so the link may or may not have been made there; "
                "nothing changed in Preschool. Click Continue Association again when the portal is back "
                "— repeating it is safe.",
                portal_linked=None,
                current=self._fresh(record.id),
            ) from error
        except PortalError as error:  # the portal answered no (unknown provider, refused)
            self._release(record.id, claim)
            raise LinkRefused(f"Not linked: {error.user_message}", current=self._fresh(record.id)) from error
        except Exception:
            self._abandon(record.id, claim)  # what the portal did is unknown: the next try asks it
            raise
        return self._finish(record, claim, linked_by=self._user)

    def unlink(self, provider_id: int, *, expected_version: int) -> ProviderRecord:
        record = self._settled(provider_id, expected_version, "unlink", None)
        portal_id = record.portal_provider_id
        if portal_id is None:
            return record
        claim = self._claim(record, "unlink", portal_id)
        try:
            self._portal.unlink_county(portal_id)
        except NotFound:
            pass  # already unlinked on the portal (a retry, or done on the portal itself)
        except PortalUnavailable as error:
            self._abandon(record.id, claim)
            raise LinkIncomplete(
                "CPSE Portal could not be reached, so the link may still be there; nothing changed in "
                "Preschool. Click Unlink again when the portal is back.",
                portal_linked=None,
            ) from error
        except Exception:
            self._abandon(record.id, claim)
            raise
        return self._finish(record, claim, linked_by=None)

    # -- private: the record ---------------------------------------------------------------------

    def _current(self, provider_id: int, expected_version: int) -> ProviderRecord:
        with self._uow_factory() as uow:
            record = uow.providers.get(provider_id)
        if record is None:
            raise ProviderNotFound(provider_id)
        if record.version != expected_version:
            raise ConcurrentEdit(record.updated_by, record.updated_at, record)
        return record

    def _fresh(self, provider_id: int) -> ProviderRecord | None:
        """The record as it is now, for an error to carry; None when the database cannot say."""
        try:
            return self._reread(provider_id)[0]
        except Exception:  # noqa: BLE001 — the error being raised matters more
            return None

    def _reread(self, provider_id: int) -> tuple[ProviderRecord, LinkClaim | None]:
        with self._uow_factory() as uow:
            found = uow.providers.get_with_link_claim(provider_id)
        if found is None:
            raise ProviderNotFound(provider_id)
        return found

    # -- private: claims -------------------------------------------------------------------------

    def _new_claim(self, action: LinkAction, portal_id: str | None) -> LinkClaimRequest:
        return LinkClaimRequest(action, portal_id, uuid.uuid4().hex, self._user)

    def _claim(self, record: ProviderRecord, action: LinkAction, portal_id: str | None) -> LinkClaimRequest:
        """Claim the provider's link at the version the clerk saw, or say who got there first."""
        claim = self._new_claim(action, portal_id)
        with self._uow_factory() as uow:
            taken = uow.providers.claim_link(record.id, claim, expected_version=record.version,
                                             lease=LINK_CLAIM_LEASE)  # fmt: skip
            uow.commit()
        if taken:
            return claim
        current, other = self._reread(record.id)
        raise LinkOvertaken(_overtaken_message(action, portal_id, current, other), current)

    def _release(self, provider_id: int, claim: LinkClaimRequest, *, only_if_ended: bool = False) -> None:
        with self._uow_factory() as uow:
            uow.providers.release_link_claim(provider_id, claim.token, only_if_ended=only_if_ended)
            uow.commit()

    def _abandon(self, provider_id: int, claim: LinkClaimRequest) -> None:
        """Leave the claim with its lease ended: the next try (by anyone) asks the portal and settles it."""
        try:
            with self._uow_factory() as uow:
                uow.providers.renew_link_claim(provider_id, claim.token, claim, lease=timedelta(0))
                uow.commit()
        except Exception:  # noqa: BLE001 — the database is failing too; the lease ends by itself
            pass

    def _settled(
        self, provider_id: int, expected_version: int, action: LinkAction, portal_id: str | None
    ) -> ProviderRecord:
        """The record as the clerk saw it, with any claim a dead desk left on it settled.

        LinkOvertaken when another desk changed or claimed it since the clerk read it (naming who and
        what); LinkRefused when the clerk read it while another desk's claim was already in progress.
        """
        record, claim = self._reread(provider_id)
        if record.version != expected_version and not (
            record.version == expected_version + 1 and self._own_repeat(claim, action, portal_id, record)
        ):
            message = _overtaken_message(action, portal_id or record.portal_provider_id, record, claim)
            raise LinkOvertaken(message, record)
        if claim is None:
            return record
        if claim.live:  # by the database's clock, as every judgement of a lease
            raise LinkRefused(_in_progress_message(claim))
        if claim.action == "add" or claim.portal_provider_id is None:
            # Nothing was linked under it (domain/link_claim.py): releasing it settles it. Whatever its
            # create made is found by NPI or SED code when the record is added again.
            self._release(record.id, claim, only_if_ended=True)
            return self._reread(record.id)[0]
        # The desk that held it died or gave up: take the claim over (only if the database agrees its
        # lease ended), then ask the portal what it did.
        mine = self._new_claim(claim.action, claim.portal_provider_id)
        with self._uow_factory() as uow:
            taken = uow.providers.take_over_link_claim(record.id, claim.token, mine, lease=LINK_CLAIM_LEASE)
            uow.commit()
        if not taken:
            current, other = self._reread(record.id)
            if other is not None and other.live:
                raise LinkRefused(_in_progress_message(other))
            return current
        try:
            link = self._portal.get_county_link(claim.portal_provider_id)
        except PortalError as error:
            self._abandon(record.id, mine)
            raise LinkIncomplete(
                f"{claim.claimed_by}'s {_doing(claim)} of this provider {describe_time(claim.claimed_at)} "
                "was interrupted, and CPSE Portal could not be reached to check what it did; nothing "
                "changed in Preschool. Try again when the portal is back.",
                portal_linked=None,
            ) from error
        portal_holds = link is not None and link.county_provider_ref == county_provider_ref(record.id)
        if (claim.action == "link") == portal_holds:  # the interrupted desk got as far as the portal
            linked_by = claim.claimed_by if claim.action == "link" else None
            return self._finish(self._reread(record.id)[0], mine, linked_by=linked_by, completing=claim)
        self._release(record.id, mine)
        return self._reread(record.id)[0]

    def _own_repeat(
        self, claim: LinkClaim | None, action: LinkAction, portal_id: str | None, record: ProviderRecord
    ) -> bool:  # fmt: skip
        """The clerk repeats what this desk's own claim, given up when the portal did not answer, was for.

        That claim moved the version on by one (and nothing else did), but the clerk is not told they
        overtook themselves.
        """
        return (
            claim is not None
            and not claim.live
            and claim.claimed_by == self._user
            and claim.action == action
            and claim.portal_provider_id == (portal_id or record.portal_provider_id)
        )

    # -- private: the final write ----------------------------------------------------------------

    def _finish(
        self, record: ProviderRecord, claim: LinkClaimRequest, *, linked_by: str | None,
        completing: LinkClaim | None = None,
    ) -> ProviderRecord:  # fmt: skip
        """Record the link (or its removal) and the audit line, releasing the claim, in one transaction."""
        now = self._clock()
        portal_id = claim.portal_provider_id if claim.action == "link" else None
        action = "linked" if claim.action == "link" else "unlinked"
        try:
            with self._uow_factory() as uow:
                stored = uow.providers.finish_link_claim(
                    record.id, claim.token, portal_provider_id=portal_id, linked_by=linked_by,
                    user=self._user, at=now,
                )  # fmt: skip
                if stored is not None:
                    details: dict[str, str | None] = {"portal_provider_id": claim.portal_provider_id}
                    if completing is not None:  # settled for a desk that was interrupted
                        details["completed_for"] = completing.claimed_by
                    _audit(uow, stored, self._user, now, action, details)
                    uow.commit()
        except Exception as error:  # the database failed after the portal succeeded
            self._abandon(record.id, claim)
            portal_side = "now has the link" if portal_id else "no longer has the link"
            raise LinkIncomplete(
                f"CPSE Portal {portal_side}, but Preschool could not record it ({type(error).__name__}). "
                "Check the database connection and do it again — repeating it is safe.",
                portal_linked=portal_id is not None,
            ) from error
        if stored is None:
            return self._claim_lost(record.id, claim)
        return stored

    def _claim_lost(self, provider_id: int, claim: LinkClaimRequest) -> ProviderRecord:
        """Another desk settled this desk's claim while its portal call was slower than the lease."""
        current, other = self._reread(provider_id)
        if claim.action == "unlink":
            if current.portal_provider_id != claim.portal_provider_id:
                return current  # the other desk recorded the removal
            raise LinkIncomplete(
                "CPSE Portal no longer has the link, but Preschool still shows it because the portal took "
                "too long to answer. Click Unlink again — repeating it is safe.",
                portal_linked=False,
            )
        if current.portal_provider_id == claim.portal_provider_id:
            return current  # the other desk recorded this very link
        portal_id = claim.portal_provider_id  # a link claim: never None
        if portal_id is not None and (other is None or other.portal_provider_id != portal_id):
            try:  # undo the portal link the database will not hold
                self._portal.unlink_county(portal_id)
            except NotFound:
                pass
            except PortalError as error:
                raise LinkIncomplete(
                    f"CPSE Portal took too long to link this provider to {claim.portal_provider_id} and "
                    "could not be reached to undo it; unlink it on CPSE Portal, or ask the county's portal "
                    "administrator to.",
                    portal_linked=True,
                ) from error
        message = _overtaken_message("link", claim.portal_provider_id, current, other, undone=True)
        raise LinkOvertaken(message, current)

    # -- private: messages -----------------------------------------------------------------------

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

    def _linked_elsewhere(self, provider_id: int, existing: PortalProvider | None) -> ProviderSummary | None:
        """The other county record already linked to ``existing``, so the screen never offers it as free."""
        if existing is None:
            return None
        try:
            with self._uow_factory() as uow:
                found = uow.providers.sharing(portal_ids=[existing.id])
        except Exception:  # noqa: BLE001 — the portal's 409 on link still stops a second link
            return None
        return next((s for s in found if s.id != provider_id and s.portal_provider_id == existing.id), None)

    def _existing_provider(self, conflict: Conflict) -> PortalProvider | None:
        if conflict.existing_id is None:
            return None
        try:
            return self._portal.get_provider(conflict.existing_id)
        except PortalError:
            return None


def _doing(claim: LinkClaimRequest) -> str:
    return "link" if claim.action == "link" else "unlink"


def _started(claim: LinkClaim) -> str:
    """'Desk A started linking this provider to CPSE Portal provider CP-000123' (or unlinking, adding)."""
    if claim.action == "add" or claim.portal_provider_id is None:
        return f"{claim.claimed_by} started adding this provider to CPSE Portal"
    verb = "linking this provider to" if claim.action == "link" else "unlinking this provider from"
    return f"{claim.claimed_by} started {verb} CPSE Portal provider {claim.portal_provider_id}"


def _in_progress_message(claim: LinkClaim) -> str:
    return (
        f"{_started(claim)} {describe_time(claim.claimed_at)} and has not finished; reload in a minute, or "
        f"if that desk was closed, try again {describe_time(claim.lease_until)}."
    )


def _overtaken_message(
    action: LinkAction, my_portal_id: str | None, current: ProviderRecord, other: LinkClaim | None,
    *, undone: bool = False,
) -> str:  # fmt: skip
    """One sentence for the desk that lost: who did what to the provider, when, and what became of mine.

    The loser of a claim never called the portal ("was not made"); ``undone``: it did, and undid it.
    """
    if action == "link":
        mine = f"your link to {my_portal_id} was not {'kept' if undone else 'made'}"
    elif action == "add":
        mine = "nothing was added to CPSE Portal"
    else:
        mine = "nothing was unlinked"
    while_i = {"link": "while you were linking it", "unlink": "while you were unlinking it",
               "add": "while you were adding it to CPSE Portal"}[action]  # fmt: skip
    if other is not None:
        what = _started(other)
        when = describe_time(other.claimed_at)
    else:
        who = current.updated_by or "Someone else"
        when = describe_time(current.updated_at) if current.updated_at else "just now"
        if current.portal_provider_id is not None and current.linked_by == current.updated_by:
            what = f"{who} linked this provider to CPSE Portal provider {current.portal_provider_id}"
        elif current.portal_provider_id is None and action == "unlink":
            what = f"{who} unlinked this provider"
        else:
            what = f"{who} changed this provider"
    return f"{what} {when} {while_i}; {mine} — reload to see it."


def _audit(
    uow: UnitOfWork, record: ProviderRecord, user: str, at: datetime, action: str,
    details: dict[str, str | None],
) -> None:  # fmt: skip
    uow.audit.add(occurred_at=at, user_name=user, provider_id=record.id, action=action, details=details)


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
