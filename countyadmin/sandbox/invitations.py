"""Invitations: idempotent create, resend, cancel, accept, and the outbox of emails they send."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from countyadmin.sandbox import feeds, schemas, views
from countyadmin.sandbox.portal_ops import insert_admin_user
from countyadmin.sandbox.problems import ApiProblem, validation_problem
from countyadmin.sandbox.store import Store, format_id, parse_id, utc
from countyadmin.sandbox.tables import AdminUserRow, IdempotencyRow, InvitationRow, OutboxRow

INVITATION_LIFETIME = timedelta(days=14)


def _fold_text(text: str) -> str:
    # NFKC both sides of the case folding: casefold's output need not be normalized ("\u1e9b\u0323"
    # folds to "\u1e61\u0323", which is "\u1e69" composed), and NFKC makes a fullwidth "ａ" an "a".
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def _fold_domain(domain: str) -> str:
    domain = _fold_text(domain).removesuffix(".")  # "example.org." is the fully qualified example.org
    try:  # "bücher.example" and "xn--bcher-kva.example" are one domain
        return domain.encode("idna").decode("ascii").lower()
    except UnicodeError:  # not a name IDNA can write (an empty label, a label over 63 letters)
        return domain


def fold_email(address: str) -> str:
    """The form two addresses are compared in: any case of any script (Ñina = ñina = ÑINA), any
    Unicode composition or compatibility form (a precomposed Ñ = N + combining tilde, ｎ = n, ﬁ = fi), a
    quoted local part that needs no quotes ("ana" = ana), and the domain as DNS reads it (a trailing dot,
    IDN = punycode). A '+tag' stays part of the address: it may reach another mailbox."""
    local, _, domain = address.rpartition("@")
    if len(local) > 2 and local[0] == local[-1] == '"' and not any(c in local[1:-1] for c in '"\\ '):
        local = local[1:-1]
    return f"{_fold_text(local)}@{_fold_domain(domain)}"


def _active_admin_with_email(session: Session, provider_pk: int, email: str) -> AdminUserRow | None:
    wanted = fold_email(email)
    users = session.scalars(
        select(AdminUserRow).where(AdminUserRow.provider_pk == provider_pk, AdminUserRow.status == "active")
    )
    return next((user for user in users if fold_email(user.email) == wanted), None)


def _refuse_existing_admin(session: Session, provider_pk: int, provider_id: str, email: str) -> None:
    user = _active_admin_with_email(session, provider_pk, email)
    if user is None:
        return
    user_id = format_id("U", user.pk)
    name = f"{user.first_name} {user.last_name}"
    raise ApiProblem(
        409,
        f"{email} is already an administrator of {provider_id} ({name}).",
        extensions={
            "existing_user_id": user_id,
            "existing_user_email": user.email,
            "existing_user_name": name,
        },
    )


def request_digest(provider_id: str, body: schemas.NewInvitation) -> str:
    # The parsed body, so key order and whitespace do not make "the same request" look different.
    canonical = json.dumps({"provider_id": provider_id, "body": body.model_dump(mode="json")}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _send_email(session: Session, invitation: InvitationRow, provider_name: str, now: datetime) -> None:
    # The accept URL is completed with the server's address when the outbox is read.
    body = (
        f"Hello {invitation.first_name} {invitation.last_name},\n\n"
        f"{invitation.invited_by} invited you to administer {provider_name} on CPSE Portal.\n"
        f"Accept by {utc(invitation.expires_at):%B %d, %Y} at the link below.\n"
    )
    session.add(
        OutboxRow(
            to=invitation.email,
            subject=f"Your CPSE Portal invitation for {provider_name}",
            body=body,
            invitation_pk=invitation.pk,
            sent_at=now,
        )
    )


def create_invitation(
    store: Store, county_id: str, provider_id: str, body: schemas.NewInvitation, idempotency_key: str
) -> tuple[dict[str, Any], bool]:
    """Return the invitation JSON and whether it is a replay of an earlier identical request."""
    digest = request_digest(provider_id, body)
    with store.transaction() as session:
        earlier = session.scalar(
            select(IdempotencyRow).where(
                IdempotencyRow.county_id == county_id, IdempotencyRow.key == idempotency_key
            )
        )
        if earlier is not None:
            if earlier.request_sha256 != digest:
                raise validation_problem(
                    [("header.Idempotency-Key", "This key was already used for a different request.")],
                    "An Idempotency-Key may be reused only to retry the very same request.",
                )
            return dict(earlier.response_json), True
        provider = store.linked_provider_row(session, county_id, provider_id)
        now = store.now()
        _refuse_existing_admin(session, provider.pk, provider_id, body.email)
        # Only this county's invitations: another county's would be named in the answer, and this one
        # may neither see nor resend it.
        candidates = session.scalars(
            select(InvitationRow).where(
                InvitationRow.provider_pk == provider.pk,
                InvitationRow.county_id == county_id,
                InvitationRow.status == "pending",
                InvitationRow.expires_at > now,
            )
        )
        wanted = fold_email(body.email)
        pending = next((row for row in candidates if fold_email(row.email) == wanted), None)
        if pending is not None:
            pending_id = format_id("INV", pending.pk)
            raise ApiProblem(
                409,
                f"{body.email} already has a pending invitation ({pending_id}) for {provider_id}; "
                "resend it instead.",
                extensions={"pending_invitation_id": pending_id},
            )
        fields = body.model_dump(exclude={"role"})
        row = InvitationRow(
            provider_pk=provider.pk,
            county_id=county_id,
            status="pending",
            created_at=now,
            expires_at=now + INVITATION_LIFETIME,
            **fields,
        )
        session.add(row)
        session.flush()
        feeds.refresh(session, [provider.pk])
        _send_email(session, row, provider.name, now)
        response = views.invitation(row, now).model_dump(mode="json")
        # Stored in the same transaction as the invitation: a retry after a lost answer always replays.
        session.add(
            IdempotencyRow(
                county_id=county_id,
                key=idempotency_key,
                request_sha256=digest,
                status_code=201,
                response_json=response,
                created_at=now,
            )
        )
        return response, False


def _invitation_row(session: Session, invitation_id: str) -> InvitationRow:
    pk = parse_id("INV", invitation_id)
    row = session.get(InvitationRow, pk) if pk is not None else None
    if row is None:
        raise ApiProblem(404, f"There is no invitation {invitation_id}.")
    return row


def list_invitations(
    store: Store, county_id: str, provider_id: str, cursor: str | None, limit: int
) -> schemas.InvitationPage:
    with store.transaction() as session:
        provider = store.linked_provider_row(session, county_id, provider_id)
    query = select(InvitationRow).where(
        InvitationRow.provider_pk == provider.pk, InvitationRow.county_id == county_id
    )
    rows, next_cursor = store.page(query, InvitationRow.pk, cursor, limit)
    now = store.now()
    return schemas.InvitationPage(items=[views.invitation(row, now) for row in rows], next=next_cursor)


def resend_invitation(store: Store, county_id: str, invitation_id: str) -> schemas.Invitation:
    with store.transaction() as session:
        row = store.county_invitation_row(session, county_id, invitation_id)
        if row.status in ("accepted", "cancelled"):
            raise ApiProblem(409, f"Invitation {invitation_id} was {row.status}; it cannot be resent.")
        now = store.now()
        row.status = "pending"  # an expired invitation becomes pending again with a new deadline
        row.expires_at = now + INVITATION_LIFETIME
        provider_name = store.provider_row(session, format_id("CP", row.provider_pk)).name
        _send_email(session, row, provider_name, now)
        session.flush()
        feeds.refresh(session, [row.provider_pk])
        return views.invitation(row, now)


def cancel_invitation(store: Store, county_id: str, invitation_id: str) -> schemas.Invitation:
    with store.transaction() as session:
        row = store.county_invitation_row(session, county_id, invitation_id)
        if row.status == "accepted":
            raise ApiProblem(409, f"Invitation {invitation_id} was accepted; remove the user instead.")
        row.status = "cancelled"
        session.flush()
        feeds.refresh(session, [row.provider_pk])
        return views.invitation(row, store.now())


def accept_invitation(store: Store, invitation_id: str, username: str) -> schemas.AdminUser:
    with store.transaction() as session:
        row = _invitation_row(session, invitation_id)
        status = views.invitation_status(row, store.now())
        if status != "pending":
            raise ApiProblem(409, f"Invitation {invitation_id} is {status}, not pending.")
        # Two counties may each have invited the same person: the second acceptance adds no twin.
        _refuse_existing_admin(session, row.provider_pk, format_id("CP", row.provider_pk), row.email)
        user = insert_admin_user(
            session,
            row.provider_pk,
            {
                "username": username,
                "first_name": row.first_name,
                "last_name": row.last_name,
                "email": row.email,
                "status": "active",
                "also_service_provider": row.also_service_provider,
                "npi": row.npi,
                "profession": row.profession,
                "license": row.license,
            },
        )
        row.status = "accepted"
        session.flush()
        feeds.refresh(session, [row.provider_pk])
        return views.admin_user(user)


def outbox(store: Store, base_url: str) -> list[dict[str, Any]]:
    with store.transaction() as session:
        rows = session.scalars(select(OutboxRow).order_by(OutboxRow.pk)).all()
        return [
            {
                "id": format_id("MSG", row.pk),
                "to": row.to,
                "subject": row.subject,
                "body": row.body
                + f"{base_url}sandbox/invitations/{format_id('INV', row.invitation_pk)}/accept\n",
                "accept_url": f"{base_url}sandbox/invitations/{format_id('INV', row.invitation_pk)}/accept",
                "invitation_id": format_id("INV", row.invitation_pk),
                "sent_at": utc(row.sent_at).isoformat(),
            }
            for row in rows
        ]
