"""Loading the demo dataset (resources/demo/demo_dataset.json) into an empty sandbox."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from countyadmin.resources import load_demo_dataset
from countyadmin.sandbox import DEMO_API_KEY, DEMO_COUNTY_ID, DEMO_COUNTY_NAME, feeds
from countyadmin.sandbox.invitations import INVITATION_LIFETIME
from countyadmin.sandbox.names import compact_name
from countyadmin.sandbox.portal_ops import insert_admin_user
from countyadmin.sandbox.store import Store, parse_id
from countyadmin.sandbox.tables import CountyLinkRow, InvitationRow, MetaRow, NpiRecordRow, ProviderRow

_SEED_KEY = "seed"
_PROVIDER_COLUMNS = (
    "provider_type", "name", "npi", "sed_code", "tax_id", "address_1", "address_2",
    "city", "state", "zip", "phone", "email", "status",
)  # fmt: skip


def seed_dataset(store: Store, name: str, path: Path | None = None) -> bool:
    """Load dataset ``name`` once; returns False when the data dir was already seeded or in use."""
    if name != "demo":
        raise ValueError(f"unknown seed {name!r}")
    data = load_demo_dataset(path)
    county = data.get("county", {})
    store.add_api_key(
        DEMO_API_KEY, county.get("name", DEMO_COUNTY_NAME), county.get("county_id", DEMO_COUNTY_ID)
    )
    with store.transaction() as session:
        if session.get(MetaRow, _SEED_KEY) is not None or session.scalar(select(ProviderRow.pk).limit(1)):
            return False  # a restart, or a data dir someone already used: never mix the seed into it
        now = store.now()
        county_id = county.get("county_id", DEMO_COUNTY_ID)
        portal_objects = [
            (entry["portal"], entry) for entry in data.get("providers", []) if entry.get("portal")
        ] + [(portal, None) for portal in data.get("portal_only", [])]
        for portal, entry in portal_objects:
            pk = parse_id("CP", portal["id"])
            if pk is None:
                raise ValueError(f"demo portal id {portal['id']!r} is not like CP-000123")
            fields = {column: portal.get(column) for column in _PROVIDER_COLUMNS}
            fields["status"] = fields["status"] or "active"
            created = _days_ago(now, portal.get("created_days_ago", 400))
            session.add(
                ProviderRow(pk=pk, name_compact=compact_name(portal["name"]), created_at=created, **fields)
            )
            session.flush()
            if entry is not None and entry.get("scenario") == "linked":
                session.add(
                    CountyLinkRow(
                        provider_pk=pk,
                        county_id=county_id,
                        county_provider_ref=str(entry["county_ref"]),
                        linked_at=_days_ago(now, 30),
                    )
                )
            for user in portal.get("admin_users", []):
                insert_admin_user(session, pk, {"status": "active", **user})
            for invitation in portal.get("invitations", []):
                _add_invitation(session, pk, invitation, now, county_id)
        session.flush()
        feeds.refresh(session, [pk for pk in (parse_id("CP", p["id"]) for p, _ in portal_objects) if pk])
        for record in data.get("npi_registry", []):
            session.merge(NpiRecordRow(npi=str(record["number"]), record=record))
        session.add(MetaRow(key=_SEED_KEY, value=name))
    return True


def _days_ago(now: datetime, days: float) -> datetime:
    return now - timedelta(days=days)


def _add_invitation(
    session: Any, provider_pk: int, invitation: dict[str, Any], now: datetime, county_id: str
) -> None:
    # Dates are relative to the seeding moment, so "pending" stays pending and "expired" is expired.
    created = _days_ago(now, invitation.get("sent_days_ago", 1))
    fields = {k: v for k, v in invitation.items() if k not in ("sent_days_ago", "status")}
    session.add(
        InvitationRow(
            provider_pk=provider_pk,
            role="admin",
            county_id=county_id,  # the demo county sent every seeded invitation
            status=invitation.get("status", "pending"),
            created_at=created,
            expires_at=created + INVITATION_LIFETIME,
            **fields,
        )
    )


__all__ = ["seed_dataset"]
