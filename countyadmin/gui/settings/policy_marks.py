"""Settings' marks for what IT's policy sets: the field read-only, "Set by your IT department" beside it."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QLabel, QLineEdit

from countyadmin.gui.forms.ui_settings_dialog import Ui_SettingsDialog

POLICY_NOTE = "Set by your IT department."


def _fields(ui: Ui_SettingsDialog) -> tuple[tuple[str, QLineEdit, QLabel], ...]:
    """Each ConnectionSettings field a policy can set, with its edit and its note."""
    return (
        ("portal_url", ui.portalUrlEdit, ui.portalUrlPolicyNote),
        ("registry_url", ui.registryUrlEdit, ui.registryUrlPolicyNote),
        ("database_url", ui.databaseUrlEdit, ui.databaseUrlPolicyNote),
    )


def mark_policy(ui: Ui_SettingsDialog, locked: Mapping[str, str]) -> None:
    """Make each field in ``locked`` (field → where the policy sets it) read-only and say why."""
    for name, edit, note in _fields(ui):
        where = locked.get(name)
        note.setVisible(where is not None)
        edit.setReadOnly(where is not None)
        if where is None:
            continue
        # Where exactly, for the IT department the clerk will call; the clerk reads the note.
        why = f"Set by your IT department ({where}). Ask them if it needs to change."
        for widget in (edit, note):
            widget.setToolTip(why)
        edit.setAccessibleDescription(why)
        note.setText(POLICY_NOTE)
