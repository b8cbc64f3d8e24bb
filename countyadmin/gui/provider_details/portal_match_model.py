"""The match list of the Billing Provider Profile: CPSE Portal providers that may be this provider."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from countyadmin.domain.matching import MatchCandidate
from countyadmin.domain.provider import ProviderSummary
from countyadmin.gui.colors import Tone, item_foreground
from countyadmin.gui.table_models import Index, RowsTableModel
from countyadmin.portal.models import PortalProvider

HEADERS = ("Portal ID", "Name", "Type", "NPI", "SED code", "City", "Matched on", "Linked in this county")
MATCHED_ON = 6
LINKED_TO = 7
# A name + ZIP match is only a possibility: grey italics, besides the word "Possible" in its label; a
# provider already linked to another county record is a caution, said in the "Linked in this county" column.

Candidate = MatchCandidate[PortalProvider]


def _cell(candidate: Candidate, column: int) -> str:
    portal = candidate.portal
    values = (portal.id, portal.name, portal.provider_type.capitalize(), portal.npi, portal.sed_code,
              portal.city, candidate.label)  # fmt: skip
    return values[column] or ""


def linked_text(other: ProviderSummary) -> str:
    return f"Already linked to “{other.name}” (#{other.id})"


class PortalMatchModel(RowsTableModel[Candidate]):
    """Candidates in the order given (strongest first), each marked when another county record is
    already linked to it."""

    HEADERS = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__((), parent)
        self._linked: dict[str, ProviderSummary] = {}

    def set_candidates(
        self, candidates: Sequence[Candidate], linked_elsewhere: Mapping[str, ProviderSummary] | None = None
    ) -> None:
        self._linked = dict(linked_elsewhere or {})
        self.set_rows(candidates)

    def candidate(self, row: int) -> Candidate:
        return self._rows[row]

    def linked_elsewhere(self, row: int) -> ProviderSummary | None:
        """The other county record already linked to this row's portal provider, if any."""
        return self._linked.get(self._rows[row].portal.id)

    def first_free_row(self) -> int | None:
        """The strongest candidate no other county record is linked to: the only one pre-selected."""
        return next((row for row in range(len(self._rows)) if self.linked_elsewhere(row) is None), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        candidate = self._rows[index.row()]
        taken = self.linked_elsewhere(index.row())
        possible = not candidate.kind.is_identifier_match
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if index.column() == LINKED_TO:
                return linked_text(taken) if taken else "No"
            return _cell(candidate, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and (taken or possible):
            return item_foreground(Tone.WARNING if taken else Tone.NOTE)
        if role == Qt.ItemDataRole.FontRole and possible:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and taken:
            return (f"{linked_text(taken)}, another county record: not selected. Open that record if the "
                    "link is wrong.")  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole and possible:
            return "A possible match only: a similar name in the same ZIP, but no identifier matches."
        return None
