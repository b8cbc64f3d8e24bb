"""County links and admin users: the per-provider operations outside invitations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from countyadmin.sandbox import feeds, schemas, views
from countyadmin.sandbox.problems import ApiProblem
from countyadmin.sandbox.store import Store, parse_id
from countyadmin.sandbox.tables import AdminUserRow, CountyLinkRow


def get_link(store: Store, county_id: str, provider_id: str) -> schemas.CountyLink:
    with store.transaction() as session:
        provider = store.provider_row(session, provider_id)
        link = session.get(CountyLinkRow, (provider.pk, county_id))
        if link is None:
            raise ApiProblem(404, f"Your county has not linked portal provider {provider_id}.")
        return views.county_link(link)


def put_link(store: Store, county_id: str, provider_id: str, ref: str) -> tuple[schemas.CountyLink, bool]:
    """Link idempotently; returns the link and whether it is new (201) or the same again (200)."""
    with store.transaction() as session:
        provider = store.provider_row(session, provider_id)
        link = session.get(CountyLinkRow, (provider.pk, county_id))
        if link is not None:
            if link.county_provider_ref != ref:
                raise ApiProblem(
                    409,
                    f"Your county already linked portal provider {provider_id} to county record "
                    f"{link.county_provider_ref}; unlink it first.",
                    extensions={"linked_county_provider_ref": link.county_provider_ref},
                )
            return views.county_link(link), False
        link = CountyLinkRow(
            provider_pk=provider.pk, county_id=county_id, county_provider_ref=ref, linked_at=store.now()
        )
        session.add(link)
        session.flush()
        feeds.refresh(session, [provider.pk])
        return views.county_link(link), True


def delete_link(store: Store, county_id: str, provider_id: str) -> None:
    with store.transaction() as session:
        provider = store.provider_row(session, provider_id)
        link = session.get(CountyLinkRow, (provider.pk, county_id))
        if link is None:
            raise ApiProblem(404, f"Your county has not linked portal provider {provider_id}.")
        session.delete(link)
        session.flush()
        feeds.refresh(session, [provider.pk])


def list_admin_users(
    store: Store, county_id: str, provider_id: str, cursor: str | None, limit: int
) -> schemas.AdminUserPage:
    """Every admin user of a provider the county linked (it works with all of them); else a 404."""
    with store.transaction() as session:
        provider = store.linked_provider_row(session, county_id, provider_id)
    query = select(AdminUserRow).where(AdminUserRow.provider_pk == provider.pk)
    rows, next_cursor = store.page(query, AdminUserRow.pk, cursor, limit)
    return schemas.AdminUserPage(items=[views.admin_user(row) for row in rows], next=next_cursor)


def insert_admin_user(session: Session, provider_pk: int, fields: dict[str, Any]) -> AdminUserRow:
    """Create a user (the accept flow and the seed); a taken username is a 409 as on the portal."""
    username = str(fields["username"])
    taken = session.scalar(select(AdminUserRow).where(AdminUserRow.username_folded == username.casefold()))
    if taken is not None:
        raise ApiProblem(409, f"The username {username!r} is taken; choose another.")
    row = AdminUserRow(provider_pk=provider_pk, username_folded=username.casefold(), **fields)
    session.add(row)
    session.flush()
    return row


def remove_admin_user(store: Store, user_id: str) -> None:
    """The provider removes an administrator (a sandbox tool: the county API cannot)."""
    with store.transaction() as session:
        pk = parse_id("U", user_id)
        row = session.get(AdminUserRow, pk) if pk is not None else None
        if row is None:
            raise ApiProblem(404, f"There is no admin user {user_id}.")
        provider_pk = row.provider_pk
        session.delete(row)
        session.flush()
        feeds.refresh(session, [provider_pk])
