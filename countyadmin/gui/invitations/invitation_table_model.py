"""The two tables of the Provider Admin Users tab: the provider's admin users, and its invitations."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from countyadmin.domain.professions import PROFESSIONS
from countyadmin.gui.colors import Tone, item_foreground
from countyadmin.gui.table_models import Index, RowsTableModel
from countyadmin.gui.time_format import local_time, when_text
from countyadmin.portal.models import AdminUser
from countyadmin.services.invitation_list import InvitationEntry

STATUS_NAMES = {"pending": "Pending", "accepted": "Accepted", "expired": "Expired", "cancelled": "Cancelled",
                "sending": "Sending…", "failed": "Not sent"}  # fmt: skip


def profession_text(code: str | None) -> str:
    """'SLP — Speech-Language Pathologist', or the code alone when CPSE Portal knows more than we do."""
    if not code:
        return ""
    name = PROFESSIONS.get(code)
    return f"{code} — {name}" if name else code


def _today_or_date(moment: datetime) -> str:
    """'3:42 PM' today, else 'Nov 23, 2026 3:42 PM' (when a queued invitation is tried next)."""
    local = local_time(moment)
    if local.date() == datetime.now().astimezone().date():
        return f"{local:%I:%M %p}".lstrip("0")
    return when_text(moment)


def _date_text(moment: datetime | None) -> str:
    if moment is None:
        return ""
    local = local_time(moment)
    return f"{local:%b} {local.day}, {local.year}"


def status_text(entry: InvitationEntry, now: datetime | None = None) -> str:
    """What the Status column says: a queued one says when it is tried next (never a time already past),
    and a status that CPSE Portal could not confirm just now says when it was last seen."""
    if entry.status == "queued":
        item = entry.outbox_item
        if item is not None and item.next_attempt_at is not None and item.attempts > 0:
            if item.next_attempt_at > (now or datetime.now(UTC)):
                return f"Queued — next try {_today_or_date(item.next_attempt_at)}"
            return "Queued — being tried again"
        return "Queued"
    text = STATUS_NAMES.get(entry.status, entry.status.capitalize())
    if entry.seen_at is not None:
        return f"{text} (last seen {_today_or_date(entry.seen_at)})"
    return text


class AdminUsersModel(RowsTableModel[AdminUser]):
    """``adminUsersTable``: the provider's CPSE Portal admin users."""

    HEADERS = ("Name", "Username", "E-mail", "Status", "Also a service provider", "NPI", "Profession")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        user = self._rows[index.row()]
        values = (
            f"{user.first_name} {user.last_name}".strip(), user.username, user.email,
            user.status.capitalize(), "Yes" if user.also_service_provider else "No", user.npi or "",
            profession_text(user.profession),
        )  # fmt: skip
        return values[index.column()]


class InvitationsModel(RowsTableModel[InvitationEntry]):
    """``invitationsTable``: sent, queued and refused invitations; a row's tooltip says why it waits."""

    HEADERS = ("E-mail", "Name", "Status", "Sent", "Expires", "Sent by")
    STATUS = 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                entry.email, f"{entry.first_name} {entry.last_name}".strip(), status_text(entry),
                when_text(entry.sent_at) if entry.sent_at else "", _date_text(entry.expires_at),
                entry.invited_by,
            )  # fmt: skip
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            if entry.seen_at is not None and index.column() == self.STATUS:
                return (f"CPSE Portal could not be asked just now; this is the status it had on "
                        f"{when_text(entry.seen_at)}.")  # fmt: skip
            return entry.message or None
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.STATUS:
            if entry.status == "failed":
                return item_foreground(Tone.PROBLEM)  # the status says Not sent too
            if entry.status == "accepted":
                return item_foreground(Tone.OK)
        return None

    def row_of(self, portal_invitation_id: str | None, outbox_item_id: int | None) -> int | None:
        """The row now showing that invitation (to keep the selection across a refresh)."""
        for row, entry in enumerate(self._rows):
            if portal_invitation_id is not None and entry.portal_invitation_id == portal_invitation_id:
                return row
            if outbox_item_id is not None and entry.outbox_item and entry.outbox_item.id == outbox_item_id:
                return row
        return None
