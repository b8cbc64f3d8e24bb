"""Message boxes opened with ``open()`` (never ``exec()``), named so automation can find and click them.

Their text often holds data (a provider's name, a server's sentence), so it is shown as plain text: Qt
would otherwise take a name that begins with a tag for rich text (countyadmin/gui/plain_text.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_box(parent: QWidget, *, title: str, text: str, name: str, confirm: str, confirm_name: str,
                on_confirm: Callable[[], None], keep: str | None = None,
                keep_name: str | None = None) -> QMessageBox:  # fmt: skip
    """A question whose safe answer is the default; ``on_confirm`` runs only on the confirming button."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)  # fmt: skip
    box.setObjectName(name)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    yes = box.button(QMessageBox.StandardButton.Yes)
    yes.setText(confirm)
    yes.setObjectName(confirm_name)
    yes.setAccessibleName(confirm)
    if keep is not None:
        no = box.button(QMessageBox.StandardButton.Cancel)
        no.setText(keep)
        no.setObjectName(keep_name or "")
        no.setAccessibleName(keep)
    box.accepted.connect(on_confirm)
    box.open()
    return box


def info_box(parent: QWidget, *, title: str, text: str, name: str) -> QMessageBox:
    """A notice that nothing waits on; it deletes itself when closed."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def discard_box(parent: QWidget, *, text: str, on_discard: Callable[[], None]) -> QMessageBox:
    """Asked before a window with unsaved typing closes (Esc, Close, the title bar's ×, Quit): keeping the
    typing is the default, so a second Esc or Enter never throws it away."""
    box = confirm_box(parent, title="Changes not saved", text=text, name="discardChangesBox",
                      confirm="Discard Changes", confirm_name="discardChangesButton", keep="Keep Editing",
                      keep_name="keepEditingButton", on_confirm=on_discard)  # fmt: skip
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # asked afresh each time
    return box


_DISCARDING = "countyadminDiscarding"


def reject_unless_typed(dialog: QWidget, *, typed: bool, text: str, reject: Callable[[], None]) -> None:
    """A dialog's reject() (Esc, Cancel, the title bar's ×): with typing not yet saved or sent, ask first
    (``discard_box``); Discard Changes then closes it through ``reject`` without asking again."""
    if typed and not dialog.property(_DISCARDING):

        def discard() -> None:
            dialog.setProperty(_DISCARDING, True)
            reject()

        discard_box(dialog, text=text, on_discard=discard)
        return
    reject()


def close_discarding(dialog: QWidget) -> None:
    """Close ``dialog`` without asking, dropping typing not saved or sent (CountyAdmin is quitting)."""
    dialog.setProperty(_DISCARDING, True)
    dialog.close()
