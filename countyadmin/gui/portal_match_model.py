"""The match list of the Billing Provider Profile: CPSE Portal providers that may be this provider."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from countyadmin.domain.matching import MatchCandidate
from countyadmin.gui.table_models import Index, RowsTableModel
from countyadmin.portal.models import PortalProvider

HEADERS = ("Portal ID", "Name", "Type", "NPI", "SED code", "City", "Matched on")
MATCHED_ON = len(HEADERS) - 1
# A name + ZIP match is only a possibility: grey italics, besides the word "Possible" in its label.
POSSIBLE_FOREGROUND = QColor("#6b7280")

Candidate = MatchCandidate[PortalProvider]


def _cell(candidate: Candidate, column: int) -> str:
    portal = candidate.portal
    values = (portal.id, portal.name, portal.provider_type.capitalize(), portal.npi, portal.sed_code,
              portal.city, candidate.label)  # fmt: skip
    return values[column] or ""


class PortalMatchModel(RowsTableModel[Candidate]):
    """Candidates in the order given (strongest first)."""

    HEADERS = HEADERS

    def set_candidates(self, candidates: Sequence[Candidate]) -> None:
        self.set_rows(candidates)

    def candidate(self, row: int) -> Candidate:
        return self._rows[row]



    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        candidate = self._rows[index.row()]
        possible = not candidate.kind.is_identifier_match
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _cell(candidate, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and possible:
            return QBrush(POSSIBLE_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and possible:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and possible:
            return "A possible match only: a similar name in the same ZIP, but no identifier matches."
        return None

