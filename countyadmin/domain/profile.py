"""The rules of the Billing Provider Profile (provider type, NPI, SED code, "Provider Uses CPSE Portal").

Pure functions, so the screen can check as the clerk types and the service can check again on Apply.
"""

from __future__ import annotations

from dataclasses import replace

from countyadmin.domain.identifiers import validate_npi, validate_sed_code
from countyadmin.domain.normalize import blank_to_none
from countyadmin.domain.provider import ProfileChanges, ProviderRecord

PROFILE_FIELDS = ("provider_type", "npi", "sed_code", "uses_portal")
USES_PORTAL_LABEL = "“Provider Uses CPSE Portal”"


def normalize_profile(changes: ProfileChanges) -> ProfileChanges:
    """Surrounding spaces dropped and an empty NPI or SED code stored as none (the clerk cleared it)."""
    return replace(changes, npi=blank_to_none(changes.npi), sed_code=blank_to_none(changes.sed_code))


def profile_problems(changes: ProfileChanges, *, portal_provider_id: str | None = None) -> dict[str, str]:
    """Field name → what is wrong and what to do; empty when the profile can be applied.

    Lenient where the county guide is: NPI and SED code are each optional. Only a provider that uses
    CPSE Portal needs a type and one identifier, because the portal finds providers by NPI or SED code.
    """
    changes = normalize_profile(changes)
    problems: dict[str, str] = {}
    if changes.npi is not None and (problem := validate_npi(changes.npi)):
        problems["npi"] = problem
    if changes.sed_code is not None and (problem := validate_sed_code(changes.sed_code)):
        problems["sed_code"] = problem
    if changes.uses_portal:
        if changes.provider_type is None:
            problems["provider_type"] = (
                f"Choose Agency or Individual: a provider that uses CPSE Portal needs a provider type "
                f"(or untick {USES_PORTAL_LABEL})."
            )
        if changes.npi is None and changes.sed_code is None:
            problems["uses_portal"] = (
                f"Enter the NPI or the 12-digit SED code before ticking {USES_PORTAL_LABEL}: "
                "CPSE Portal finds the provider by one of them."
            )
    elif portal_provider_id is not None:
        problems["uses_portal"] = (
            f"This provider is linked to CPSE Portal provider {portal_provider_id}, so keep "
            f"{USES_PORTAL_LABEL} ticked; remove the link first if the provider stopped using the portal."
        )
    return problems


def profile_diff(current: ProviderRecord, changes: ProfileChanges) -> dict[str, tuple[object, object]]:
    """Field → (before, after) for the profile fields ``changes`` would change."""
    changes = normalize_profile(changes)
    return {
        name: (getattr(current, name), getattr(changes, name))
        for name in PROFILE_FIELDS
        if getattr(current, name) != getattr(changes, name)
    }
