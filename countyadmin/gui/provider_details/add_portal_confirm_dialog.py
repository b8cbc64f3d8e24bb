"""The confirmation of "Add New CPSE Portal Provider": every field CPSE Portal will receive, as sent.

Nothing is created until the clerk clicks Add to CPSE Portal; Cancel (the default button) creates
nothing. The values are those of the saved profile, built by the same function the service sends
(``linking.new_portal_provider``), so what the clerk reads is what the portal gets.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from countyadmin.domain.provider import ProviderRecord
from countyadmin.gui.colors import Tone, item_foreground
from countyadmin.gui.forms.ui_add_portal_provider_dialog import Ui_AddPortalProviderDialog
from countyadmin.gui.table_models import Index, RowsTableModel, attach_model
from countyadmin.portal.models import NewPortalProvider

EMPTY = "(empty — not sent)"
FieldRow = tuple[str, str | None]


def portal_fields(new: NewPortalProvider) -> list[FieldRow]:
    """(label, value) for every field of the new portal provider, in the order of the link confirmation."""
    return [
        ("Provider type", new.provider_type.capitalize()),
        ("Name", new.name),
        ("NPI", new.npi),
        ("SED code", new.sed_code),
        ("Tax ID", new.tax_id),
        ("Address line 1", new.address_1),
        ("Address line 2", new.address_2),
        ("City", new.city),
        ("State", new.state),
        ("ZIP", new.zip),
        ("Phone", new.phone),
        ("Email", new.email),
    ]


class NewProviderModel(RowsTableModel[FieldRow]):
    HEADERS = ("Field", "Value CPSE Portal will receive")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        label, value = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return label if index.column() == 0 else (value or EMPTY)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1 and not value:
            return item_foreground(Tone.NOTE)  # Qt's darkGray was 3.9 : 1 on white; the cell says (empty)
        return None


class AddPortalProviderDialog(QDialog):
    """Open with ``open()``; Add to CPSE Portal emits ``add_confirmed``, Cancel creates nothing.

    Signals:
        add_confirmed(int): the clerk confirmed creating the provider saved at this version.
    """

    add_confirmed = Signal(int)

    def __init__(self, record: ProviderRecord, new: NewPortalProvider, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_AddPortalProviderDialog()
        self.ui.setupUi(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self._version = record.version
        self.model = NewProviderModel(portal_fields(new), self)
        attach_model(self.ui.addNewFieldsTable, self.model)
        rows = self.ui.addNewFieldsTable.verticalHeader()
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)  # every field visible without scrolling
        self.ui.addNewIntro.setText(
            f"Create a new provider on CPSE Portal from the saved profile of “{record.name}” (#{record.id}), "
            "with exactly these values, and link it to this Preschool record?"
        )
        self.ui.addNewNote.setText(
            "Check every value: CPSE Portal receives them as shown. To change one, click Cancel, correct "
            "the Preschool record, click Apply, then Add New CPSE Portal Provider again. If CPSE Portal "
            "already has this NPI or SED code, nothing is created and that provider is shown instead."
        )
        self.ui.cancelAddNewButton.setFocus()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.ui.confirmAddNewButton.clicked.connect(self._confirm)
        self.ui.cancelAddNewButton.clicked.connect(self.reject)

    def _confirm(self) -> None:
        if not self.ui.confirmAddNewButton.isEnabled():
            return  # a second press before the dialog closed: one provider, one add
        self.ui.confirmAddNewButton.setEnabled(False)
        self.add_confirmed.emit(self._version)
        self.accept()
