"""The History tab: the provider's audit events, newest first — who, when, what, before → after."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from countyadmin.domain.records import AuditEntry
from countyadmin.gui.context import ProviderServiceLike, error_sentence
from countyadmin.gui.forms.ui_provider_details_dialog import Ui_ProviderDetailsDialog
from countyadmin.gui.table_models import Index, RowsTableModel, attach_model
from countyadmin.gui.time_format import when_text
from countyadmin.gui.workers import Tagged, run_in_background, tagged

log = logging.getLogger(__name__)

HEADERS = ("When", "Who", "What", "Before → after")
ACTION_NAMES = {"profile_applied": "Profile applied", "linked": "Linked", "unlinked": "Unlinked"}
FIELD_NAMES = {"provider_type": "Provider type", "npi": "NPI", "sed_code": "SED code",
               "uses_portal": "Uses CPSE Portal", "portal_provider_id": "CPSE Portal provider"}  # fmt: skip



def action_name(action: str) -> str:
    """A readable name; actions added later (invitations…) read as their words."""
    return ACTION_NAMES.get(action, action.replace("_", " ").capitalize())


def _value(value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value).capitalize() if value in ("agency", "individual") else str(value)


def _who(details: Mapping[str, Any]) -> str:
    email = str(details.get("email") or "?")
    name = str(details.get("name") or "").strip()
    return f"{name} ({email})" if name else email  # no angle brackets: a tooltip could take them for a tag


def _invitation_text(action: str, details: Mapping[str, Any]) -> str | None:
    """An invitation line in words (its details are ids and flags), or None for another action."""
    who = _who(details)
    portal_id = details.get("portal_invitation_id")
    on_portal = f" (CPSE Portal invitation {portal_id})" if portal_id else ""
    if action == "invitation_queued":
        again = "Corrected and queued again" if details.get("requeued") else "Queued"
        role = "admin user"
        if details.get("also_service_provider"):
            extras = [str(details[key]) for key in ("profession",) if details.get(key)]
            extras += [f"NPI {details['npi']}"] if details.get("npi") else []
            role += " and service provider" + (f" ({', '.join(extras)})" if extras else "")
        return f"{again}: an invitation to {who} as {role}"
    if action == "invitation_sent":
        tries = details.get("attempts")
        after = f" after {tries} tries" if isinstance(tries, int) and tries > 1 else ""
        return f"CPSE Portal e-mailed the invitation to {who}{on_portal}{after}"
    if action == "invitation_resent":
        expires = details.get("expires_at")
        until = ""
        if isinstance(expires, str):
            try:
                until = f"; valid until {when_text(datetime.fromisoformat(expires))}"
            except ValueError:
                until = ""
        return f"E-mailed again to {who}{on_portal}{until}"
    if action == "invitation_cancelled":
        return f"Cancelled the invitation to {who}{on_portal}; its link no longer works"
    if action == "invitation_withdrawn":
        if details.get("was") == "refused":
            return f"Removed the refused invitation to {who} from the list; nothing was sent"
        tries = details.get("attempts")
        if isinstance(tries, int) and tries > 0:  # a post went unanswered: it may have reached the portal
            return (f"Withdrew the queued invitation to {who}; CPSE Portal had not answered "
                    f"{'a try' if tries == 1 else f'{tries} tries'} to send it, so it may have e-mailed it")
        return f"Withdrew the queued invitation to {who} before it was sent"
    return None


def change_text(entry: AuditEntry) -> str:
    details: Mapping[str, Any] = entry.details or {}
    if (invitation := _invitation_text(entry.action, details)) is not None:
        return invitation
    if entry.action == "linked":
        return f"Linked to CPSE Portal provider {details.get('portal_provider_id') or '?'}"
    if entry.action == "unlinked":
        return f"Was linked to CPSE Portal provider {details.get('portal_provider_id') or '?'}"
    changes = details.get("changes")
    if isinstance(changes, Mapping):
        parts = []
        for field, change in changes.items():
            if isinstance(change, Mapping):
                name = FIELD_NAMES.get(field, field.replace("_", " ").capitalize())
                parts.append(f"{name}: {_value(change.get('before'))} → {_value(change.get('after'))}")
        return "; ".join(parts)
    return "; ".join(f"{FIELD_NAMES.get(k, k)}: {_value(v)}" for k, v in details.items())


class HistoryModel(RowsTableModel[AuditEntry]):
    HEADERS = HEADERS



    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if column == 0:
            return when_text(entry.occurred_at)
        if column == 1:
            return entry.user_name
        if column == 2:
            return action_name(entry.action)
        return change_text(entry)



class HistoryTab(QObject):
    """Fills ``historyTable``; ``refresh()`` after every action.

    Signals:
        refreshed(int): the table now shows this many events.
    """

    refreshed = Signal(int)

    def __init__(self, ui: Ui_ProviderDetailsDialog, providers: ProviderServiceLike, parent: QObject) -> None:
        super().__init__(parent)
        self.ui = ui
        self._providers = providers
        self._ticket = 0
        self.model = HistoryModel(parent=self)
        attach_model(ui.historyTable, self.model)

    def refresh(self, provider_id: int) -> None:
        self._ticket += 1
        ticket = self._ticket
        # Bound methods, not lambdas: Qt drops them with this object when the dialog closes first.
        run_in_background(tagged, ticket, self._providers.history, provider_id, on_success=self._on_history)

    def _on_history(self, answer: Tagged) -> None:
        ticket, entries = answer
        if ticket != self._ticket:
            return
        if isinstance(entries, Exception):
            self.ui.historyMessage.setText(f"The history could not be read: {error_sentence(entries)}")
            return
        self.model.set_rows(entries)
        self.ui.historyMessage.setText("" if entries else "Nothing has been done to this provider yet.")
        self.ui.historyMessage.setVisible(not entries)
        self.refreshed.emit(len(entries))
