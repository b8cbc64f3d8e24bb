"""The demo county database, filled from resources/demo/demo_dataset.json (shared with the sandbox)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from countyadmin.domain.normalize import blank_to_none
from countyadmin.domain.provider import ProviderType
from countyadmin.domain.records import NewProvider
from countyadmin.resources import demo_dataset_path, load_demo_dataset
from countyadmin.services.unit_of_work import UnitOfWorkFactory

__all__ = ["DEMO_USER", "demo_dataset_path", "load_demo_dataset", "seed_demo_database"]

DEMO_USER = "demo"
_TEXT_FIELDS = (
    "sed_code", "npi", "tax_id", "address_1", "address_2", "city", "state", "zip", "phone", "email",
)  # fmt: skip


def seed_demo_database(
    uow_factory: UnitOfWorkFactory, dataset: Mapping[str, Any], *, now: datetime | None = None
) -> int:
    """Insert the dataset's county records when the providers table is empty; returns how many.

    A second ``--demo`` finds the table filled and keeps the clerk's demo edits. An entry's
    ``county_ref`` becomes the record's id, because the sandbox links its "linked" scenario to that ref.
    """
    now = now or datetime.now(UTC)
    entries = list(dataset.get("providers", []))
    # Records with a fixed id go first, so an automatic id can never take one of theirs.
    entries.sort(key=lambda entry: entry.get("county_ref") is None)
    with uow_factory() as uow:
        if uow.providers.count() > 0:
            return 0
        for entry in entries:
            ref = entry.get("county_ref")
            provider_id = int(ref) if ref is not None else None
            uow.providers.add(_county_record(entry, now), user=DEMO_USER, at=now, provider_id=provider_id)
        uow.commit()
    return len(entries)


def _county_record(entry: Mapping[str, Any], now: datetime) -> NewProvider:
    county = entry["county"]
    portal = entry.get("portal") if entry.get("scenario") == "linked" else None
    text = {name: blank_to_none(county.get(name)) for name in _TEXT_FIELDS}
    kind = county.get("provider_type")
    return NewProvider(
        name=county["name"],
        provider_type=ProviderType(kind) if kind else None,
        uses_portal=bool(county.get("uses_portal")) or portal is not None,
        portal_provider_id=portal["id"] if portal else None,
        linked_at=now if portal else None,
        linked_by=DEMO_USER if portal else None,
        **text,
    )
