"""The provider list: a table model that filters and sorts itself.

A QSortFilterProxyModel calls ``filterAcceptsRow`` in Python once per row and keystroke, too slow for the
50,000 providers of a large county. This model keeps each row's lowercase "haystack" (name, SED code and
NPI) and filters with one list comprehension; when the new search text extends the previous one (the
usual typing case) only the rows still shown are searched again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from countyadmin.domain.provider import ProviderSummary

NAME, TYPE, SED_CODE, NPI, USES_PORTAL, PORTAL_LINK = range(6)
HEADERS = ("Name", "Type", "SED Code", "NPI", "Uses CPSE Portal", "Portal Link")
PROVIDER_ID_ROLE = Qt.ItemDataRole.UserRole + 1

# Joins the searchable fields so a search never matches across two of them.
_SEPARATOR = "\x00"

_Index = QModelIndex | QPersistentModelIndex


def _cell_text(summary: ProviderSummary, column: int) -> str:
    if column == NAME:
        return summary.name
    if column == TYPE:
        return summary.provider_type.label if summary.provider_type else ""
    if column == SED_CODE:
        return summary.sed_code or ""
    if column == NPI:
        return summary.npi or ""
    if column == USES_PORTAL:
        return "Yes" if summary.uses_portal else "No"
    return summary.portal_provider_id or "Not linked"


def _sort_key(column: int) -> Callable[[ProviderSummary], Any]:
    if column == USES_PORTAL:
        return lambda s: (not s.uses_portal, s.name.casefold())
    if column == PORTAL_LINK:
        # Linked providers first, by portal id; then the unlinked ones by name.
        return lambda s: (s.portal_provider_id is None, s.portal_provider_id or "", s.name.casefold())
    if column == NAME:
        return lambda s: s.name.casefold()
    return lambda s: (_cell_text(s, column) == "", _cell_text(s, column), s.name.casefold())


class ProviderTableModel(QAbstractTableModel):
    """All county providers, of which the rows matching the search text are shown.

    Signals:
        visible_count_changed(int, int): rows shown, rows loaded.
    """

    visible_count_changed = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._providers: list[ProviderSummary] = []
        self._haystacks: list[str] = []
        self._order: list[int] = []  # every row, in the current sort order
        self._visible: list[int] = []  # the rows shown, a sub-sequence of _order
        self._needle = ""
        self._sort_column = NAME
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- what the window asks -----------------------------------------------------------------------

    def set_providers(self, providers: Sequence[ProviderSummary]) -> None:
        self.beginResetModel()
        self._providers = list(providers)
        self._haystacks = [
            _SEPARATOR.join((p.name.lower(), p.sed_code or "", p.npi or "")) for p in self._providers
        ]
        self._order = self._sorted_rows()
        self._visible = self._matching(self._order, self._needle)
        self.endResetModel()
        self._announce()

    def set_filter_text(self, text: str) -> None:
        needle = text.strip().lower()
        if needle == self._needle:
            return
        # Typing on narrows the rows already shown; anything else starts from all rows.
        candidates = self._visible if self._needle and self._needle in needle else self._order
        self.beginResetModel()
        self._needle = needle
        self._visible = self._matching(candidates, needle)
        self.endResetModel()
        self._announce()

    def provider_at(self, row: int) -> ProviderSummary:
        return self._providers[self._visible[row]]

    def row_of(self, provider_id: int) -> int | None:
        for row, index in enumerate(self._visible):
            if self._providers[index].id == provider_id:
                return row
        return None

    def total_count(self) -> int:
        return len(self._providers)

    def visible_count(self) -> int:
        return len(self._visible)

    # -- Qt overrides -------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self._providers[self._visible[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell_text(summary, index.column())
        if role == PROVIDER_ID_ROLE:
            return summary.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_ids = [self._providers[self._visible[i.row()]].id for i in old_persistent]
        self._sort_column, self._sort_order = column, order
        self._order = self._sorted_rows()
        shown = set(self._visible)
        self._visible = [i for i in self._order if i in shown]
        # Keep the selection and current row on the same providers after the rows move.
        row_by_id = {self._providers[index].id: row for row, index in enumerate(self._visible)}
        new_persistent = [
            self.index(row_by_id[pid], i.column()) for i, pid in zip(old_persistent, old_ids, strict=True)
        ]
        self.changePersistentIndexList(old_persistent, new_persistent)
        self.layoutChanged.emit()

    # -- internals ----------------------------------------------------------------------------------

    def _sorted_rows(self) -> list[int]:
        key = _sort_key(self._sort_column)
        providers = self._providers
        return sorted(
            range(len(providers)),
            key=lambda i: key(providers[i]),
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )

    def _matching(self, candidates: list[int], needle: str) -> list[int]:
        if not needle:
            return list(candidates)
        haystacks = self._haystacks
        return [i for i in candidates if needle in haystacks[i]]

    def _announce(self) -> None:
        self.visible_count_changed.emit(len(self._visible), len(self._providers))
