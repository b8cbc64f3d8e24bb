"""The People Across Providers table: one row per person (a name at an address), the places they hold."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from countyadmin.domain.people import Person, PersonEntry
from countyadmin.domain.professions import PROFESSIONS
from countyadmin.gui.colors import Tone, item_foreground
from countyadmin.gui.table_models import Index, RowsTableModel
from countyadmin.gui.time_format import local_time

PERSON, EMAIL, NPI, PROFESSION, ADMIN_AT, INVITATIONS = range(6)


def admin_text(person: Person) -> str:
    return "; ".join(
        e.place.detail + ("" if e.status == "active" else f" ({e.status})") for e in person.admin_at
    )


def invitation_text(entry: PersonEntry) -> str:
    """ "Kids P.C. (SED …): pending until Dec 17, 2026" or "…: expired Dec 1, 2026"."""
    state = "expired" if entry.status == "expired" else "pending until"
    if entry.expires_at is None:
        return f"{entry.place.detail}: {entry.status}"
    when = local_time(entry.expires_at)
    return f"{entry.place.detail}: {state} {when:%b} {when.day}, {when.year}"


def invitations_text(person: Person) -> str:
    return "; ".join(invitation_text(e) for e in person.invitations)


def profession_text(person: Person) -> str:
    return ", ".join(PROFESSIONS.get(code, code) for code in person.professions)


class PeopleTableModel(RowsTableModel[Person]):
    HEADERS = ("Person", "E-mail", "NPI", "Profession", "Admin at", "Invitations pending/expired")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self.row_item(index.row())
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(person, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == INVITATIONS:
            if any(e.status == "expired" for e in person.invitations):
                return item_foreground(Tone.WARNING)  # the words say "expired" as well
        return None

    @staticmethod
    def _text(person: Person, column: int) -> str:
        if column == PERSON:
            return person.name
        if column == EMAIL:
            return person.email
        if column == NPI:
            return ", ".join(person.npis)
        if column == PROFESSION:
            return profession_text(person)
        if column == ADMIN_AT:
            return admin_text(person)
        return invitations_text(person)
