"""The link confirmation: the county record beside the CPSE Portal provider, differences highlighted.

The guide: "A screen will pop up to confirm the match. It will highlight any differences … If all values
match, nothing will be highlighted." Status words say it too, so colour is never the only signal.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QDialog, QHeaderView, QWidget

from countyadmin.domain.comparison import FieldComparison, compare_providers
from countyadmin.domain.provider import ProviderRecord
from countyadmin.gui.colors import highlight_colors
from countyadmin.gui.forms.ui_link_confirm_dialog import Ui_LinkConfirmDialog
from countyadmin.gui.table_models import Index, RowsTableModel
from countyadmin.portal.models import PortalProvider

HEADERS = ("Field", "Preschool value", "CPSE Portal value", "Status")
_EMPTY = "(empty)"



class FieldDiffModel(RowsTableModel[FieldComparison]):
    """One row per compared field; rows whose status is not Same carry a background colour."""

    HEADERS = HEADERS

    def comparison(self, row: int) -> FieldComparison:
        return self._rows[row]



    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            values = (row.label, row.preschool_value, row.portal_value, row.status.value)
            text = values[index.column()] or _EMPTY
            if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 0:
                # A screen reader names the row by its first cell: the status is part of that name, so
                # "NPI, Missing on Portal" is heard without reaching the Status column (or seeing amber).
                return f"{text}, {row.status.value}"
            return text
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and row.differs:
            # amber on light themes, dark amber on dark ones, the text checked against it (colors.py)
            background, ink = highlight_colors()
            return QBrush(background if role == Qt.ItemDataRole.BackgroundRole else ink)
        return None



class LinkConfirmDialog(QDialog):
    """Open with ``open()``; Continue Association emits ``association_confirmed``, Cancel changes nothing.

    Signals:
        association_confirmed(str): the clerk confirmed linking to this CPSE Portal provider id.
    """

    association_confirmed = Signal(str)

    def __init__(self, record: ProviderRecord, portal: PortalProvider, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_LinkConfirmDialog()
        self.ui.setupUi(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.portal_provider = portal
        self.model = FieldDiffModel(compare_providers(record, portal), self)
        table = self.ui.linkDiffTable
        table.setModel(self.model)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        differing = sum(1 for row in range(self.model.rowCount()) if self.model.comparison(row).differs)
        self.ui.linkConfirmIntro.setText(
            f"Link the Preschool provider “{record.name}” (#{record.id}) to CPSE Portal provider "
            f"{portal.id} “{portal.name}”? "
            + ("Check the highlighted differences first." if differing else "Every field below is the same.")
        )
        self.ui.linkDiffSummary.setText(
            "All values match." if differing == 0
            else f"{differing} of {self.model.rowCount()} fields differ (highlighted). Linking does not "
            "change either record; correct them afterwards where they are wrong."
        )
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.ui.continueAssociationButton.clicked.connect(self._continue)
        self.ui.cancelLinkButton.clicked.connect(self.reject)

    def _continue(self) -> None:
        if not self.ui.continueAssociationButton.isEnabled():
            return  # a second press before the dialog closed: one link is asked for, not two
        self.ui.continueAssociationButton.setEnabled(False)
        self.association_confirmed.emit(self.portal_provider.id)
        self.accept()
