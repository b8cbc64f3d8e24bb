"""The provider list: a table model that filters and sorts itself.

A QSortFilterProxyModel calls ``filterAcceptsRow`` in Python once per row and keystroke, too slow for the
50,000 providers of a large county. This model keeps each provider's lowercase text (name, SED code and
NPI) and answers a search from a ``SearchIndex`` of the rows in list order, built while the window is
idle. What each shorter search text showed is kept while it is a prefix of the current one, so a
backspace costs no search at all, and typing on tests only the rows still shown when they are the fewest.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from itertools import compress
from typing import Any

from PySide6 import QtCore
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QTimer, Signal

from countyadmin.domain.match_check import MatchCheck
from countyadmin.domain.provider import ProviderSummary
from countyadmin.gui.mainwindow.search_index import SEPARATOR, SearchIndex

NAME, TYPE, SED_CODE, NPI, USES_PORTAL, PORTAL_LINK, STAGE = range(7)
# Stage: where the provider stands on CPSE Portal (gui/onboarding/onboarding_view.py sets it).
HEADERS = ("Name", "Type", "SED Code", "NPI", "Uses CPSE Portal", "Portal Link", "Stage")
# Qt's values as plain ints (tests/gui/test_provider_table.py checks them against Qt): data() runs for
# every painted cell and role, and an int compares faster than an enum member. Naming ``Qt`` here would
# also build its ~90 Python enums (~20 ms) while this module is imported, before the first paint.
PROVIDER_ID_ROLE = 256 + 1  # Qt.ItemDataRole.UserRole + 1
_DISPLAY = 0  # Qt.ItemDataRole.DisplayRole
_TOOLTIP = 3  # Qt.ItemDataRole.ToolTipRole
_PROVIDER_ID = PROVIDER_ID_ROLE
_HORIZONTAL = 1  # Qt.Orientation.Horizontal

# Idle time given to building the search index per turn of the event loop: a keystroke, or a worker
# that needs the interpreter lock, waits at most this long for it.
_INDEXING_SLICE_SECONDS = 0.00025

_Index = QModelIndex | QPersistentModelIndex


LINKED, MATCH_AVAILABLE, NOT_LINKED = "Linked", "Match available", "Not linked"


def link_state(summary: ProviderSummary, check: MatchCheck | None) -> str:
    if summary.portal_provider_id is not None:
        return LINKED
    return MATCH_AVAILABLE if check is not None and check.has_match else NOT_LINKED


def _cell_text(summary: ProviderSummary, column: int, check: MatchCheck | None = None) -> str:
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
    state = link_state(summary, check)
    return f"{LINKED} ({summary.portal_provider_id})" if state == LINKED else state


_STATE_ORDER = {LINKED: 0, MATCH_AVAILABLE: 1, NOT_LINKED: 2}


def _sort_key(
    column: int, checks: dict[int, MatchCheck], stages: dict[int, str] | None = None
) -> Callable[[ProviderSummary], Any]:
    if column == STAGE:
        known = stages or {}
        return lambda s: (known.get(s.id, "") == "", known.get(s.id, ""), s.name.casefold())
    if column == USES_PORTAL:
        return lambda s: (not s.uses_portal, s.name.casefold())
    if column == PORTAL_LINK:
        # Linked first (by portal id), then those with a match available, then the rest; each by name.
        return lambda s: (_STATE_ORDER[link_state(s, checks.get(s.id))], s.portal_provider_id or "",
                          s.name.casefold())  # fmt: skip
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
        self._index_by_id: dict[int, int] = {}
        self._texts: list[str] = []  # each provider's lowercase name, SED code and NPI, what a search reads
        self._order: list[int] = []  # every row, in the current sort order
        # The rows shown: of those the "Not linked yet" filter lets through (what the index covers), the
        # ones that match the search, in order. Often a list of the index's own: never changed in place.
        self._visible: list[int] = []
        # (search text, rows) of the current search and of each earlier one that is its prefix.
        self._narrowed: list[tuple[str, list[int]]] = []
        self._needle = ""
        self._only_unlinked = False
        self._checks: dict[int, MatchCheck] = {}
        self._stages: dict[int, str] = {}  # provider id → its onboarding stage, in words
        self._stage_filter: str | None = None
        self._sort_column = NAME
        self._descending = False
        # The index of the rows searched (those "Not linked yet" lets through, in order), built a slice at a
        # time whenever the event loop is idle.
        self._index = SearchIndex()
        self._indexing = QTimer(self)
        self._indexing.setInterval(0)
        self._indexing.timeout.connect(self._index_some)

    # -- what the window asks -----------------------------------------------------------------------

    def set_providers(self, providers: Sequence[ProviderSummary]) -> None:
        self.beginResetModel()
        self._providers = list(providers)
        self._index_by_id = {p.id: i for i, p in enumerate(self._providers)}
        self._reorder()
        self._rebase()
        self.endResetModel()
        self._announce()

    def set_match_checks(self, checks: dict[int, MatchCheck]) -> None:
        """What the last looks for matches found (the Portal Link column's "Match available")."""
        self._checks = dict(checks)
        if self._visible:
            self.dataChanged.emit(self.index(0, PORTAL_LINK), self.index(len(self._visible) - 1, PORTAL_LINK))

    def set_match_check(self, check: MatchCheck) -> None:
        self._checks[check.provider_id] = check
        row = self.row_of(check.provider_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, PORTAL_LINK), self.index(row, PORTAL_LINK))

    def match_check(self, provider_id: int) -> MatchCheck | None:
        return self._checks.get(provider_id)

    def set_only_unlinked(self, only: bool) -> None:
        """The "Not linked yet" filter: only providers without a CPSE Portal link."""
        if only == self._only_unlinked:
            return
        self.beginResetModel()
        self._only_unlinked = only
        self._rebase()
        self.endResetModel()
        self._announce()

    def set_stages(self, stages: dict[int, str]) -> None:
        """Each provider's onboarding stage (the Stage column, and what ``set_stage_filter`` keeps)."""
        self._stages = dict(stages)
        if self._stage_filter is not None:
            self._refiltered()
        elif self._visible:
            self.dataChanged.emit(self.index(0, STAGE), self.index(len(self._visible) - 1, STAGE))

    def set_stage_filter(self, stage: str | None) -> None:
        """Only providers at ``stage`` (a Stage column text), or every one for None; from memory."""
        if stage != self._stage_filter:
            self._stage_filter = stage
            self._refiltered()

    def stage_filter(self) -> str | None:
        return self._stage_filter

    def stage_of(self, provider_id: int) -> str | None:
        return self._stages.get(provider_id)

    def _refiltered(self) -> None:
        self.beginResetModel()
        self._rebase()
        self.endResetModel()
        self._announce()

    def unlinked_ids(self) -> list[int]:
        """Every unlinked provider, in the list's order (shown or not)."""
        return [self._providers[i].id for i in self._order if self._providers[i].portal_provider_id is None]

    def next_unlinked_after(self, provider_id: int) -> int | None:
        """The next unlinked provider shown below ``provider_id`` (wrapping to the top), if any."""
        shown = [self._providers[i] for i in self._visible]
        start = next((n for n, p in enumerate(shown) if p.id == provider_id), -1)
        for step in range(1, len(shown) + 1):
            candidate = shown[(start + step) % len(shown)]
            if candidate.portal_provider_id is None and candidate.id != provider_id:
                return candidate.id
        return None

    def set_filter_text(self, text: str) -> None:
        needle = text.strip().lower()
        if needle == self._needle:
            return
        narrowed = self._narrowed
        while narrowed and not needle.startswith(narrowed[-1][0]):
            narrowed.pop()  # a search this text no longer extends
        if narrowed and narrowed[-1][0] == needle:  # shown before (a backspace): nothing to search
            rows = narrowed[-1][1]
        else:
            # Rows that hold every match of the new text: those shown when it contains the current text
            # (typing on), else those of the longest earlier search it extends.
            within = self._visible if self._needle and self._needle in needle else None
            if within is None and narrowed:
                within = narrowed[-1][1]
            rows = self._index.matching(needle, within)
            if needle:
                narrowed.append((needle, rows))
        self.beginResetModel()
        self._needle = needle
        self._visible = rows
        self.endResetModel()
        self._announce()

    def provider_at(self, row: int) -> ProviderSummary:
        return self._providers[self._visible[row]]

    def row_of(self, provider_id: int) -> int | None:
        index = self._index_by_id.get(provider_id)
        if index is None:
            return None
        try:
            return self._visible.index(index)  # a search in C: this runs at every keystroke
        except ValueError:
            return None

    def search_indexed(self) -> bool:
        """Whether the search index covers every row (until then, searches also test rows one by one)."""
        return self._index.complete

    def total_count(self) -> int:
        return len(self._providers)

    def visible_count(self) -> int:
        return len(self._visible)

    # -- Qt overrides -------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        # The roles this model answers first: the view asks for a dozen roles per painted cell.
        if role != _DISPLAY and role != _TOOLTIP and role != _PROVIDER_ID:
            return None
        if not index.isValid():
            return None
        summary = self._providers[self._visible[index.row()]]
        if role == _DISPLAY:
            if index.column() == STAGE:
                return self._stages.get(summary.id, "")
            return _cell_text(summary, index.column(), self._checks.get(summary.id))
        if role == _TOOLTIP:
            check = self._checks.get(summary.id)
            if (index.column() == PORTAL_LINK and summary.portal_provider_id is None and check is not None
                    and check.best_match_kind):  # fmt: skip
                return f"Best match on CPSE Portal: {check.best_match_kind.label}."
            return None
        return summary.id

    def headerData(self, section: int, orientation: QtCore.Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY and orientation.value == _HORIZONTAL:
            return HEADERS[section]
        return None

    def sort(self, column: int, order: QtCore.Qt.SortOrder | None = None) -> None:
        """Sort by ``column``; ``order`` None is ascending (Qt always passes one)."""
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_ids = [self._providers[self._visible[i.row()]].id for i in old_persistent]
        self._sort_column = column
        self._descending = order == QtCore.Qt.SortOrder.DescendingOrder
        self._reorder()
        self._rebase(keep=set(self._visible))
        # Keep the selection and current row on the same providers after the rows move.
        row_by_id = {self._providers[index].id: row for row, index in enumerate(self._visible)}
        new_persistent = [
            self.index(row_by_id[pid], i.column()) for i, pid in zip(old_persistent, old_ids, strict=True)
        ]
        self.changePersistentIndexList(old_persistent, new_persistent)
        self.layoutChanged.emit()

    # -- internals ----------------------------------------------------------------------------------

    def _sorted_rows(self) -> list[int]:
        key = _sort_key(self._sort_column, self._checks, self._stages)
        providers = self._providers
        return sorted(
            range(len(providers)),
            key=lambda i: key(providers[i]),
            reverse=self._descending,
        )

    def _reorder(self) -> None:
        """Sort the rows, and make their texts again in that order.

        Made in list order, the strings lie in memory in the order a search and the index read them: a
        search right after the view painted (its data no longer in the CPU cache) measured 2.4 times
        faster so, and one that tests every row while the index is being built about 3 times.
        """
        self._order = order = self._sorted_rows()
        in_order = map(self._providers.__getitem__, order)
        texts = [SEPARATOR.join((p.name.lower(), p.sed_code or "", p.npi or "")) for p in in_order]
        self._texts = [""] * len(order)  # by provider, as the index looks them up
        deque(map(self._texts.__setitem__, order, texts), maxlen=0)

    def _rebase(self, keep: set[int] | None = None) -> None:
        """Recompute the rows searched (after loading, sorting, or "Not linked yet"), index them anew, and
        search them again.

        ``keep``: the rows shown before a sort, shown again in the new order without searching.
        """
        order = self._order
        if self._only_unlinked:
            providers = self._providers
            order = [i for i in order if providers[i].portal_provider_id is None]
        if self._stage_filter is not None:
            stages, wanted, providers = self._stages, self._stage_filter, self._providers
            order = [i for i in order if stages.get(providers[i].id) == wanted]
        self._narrowed = []
        self._index.reset(order, self._texts)
        self._indexing.start()
        if keep is None:
            self._visible = self._index.matching(self._needle)
        else:
            self._visible = list(compress(order, map(keep.__contains__, order)))
        if self._needle:
            self._narrowed.append((self._needle, self._visible))

    def _index_some(self) -> None:
        if not self._index.index_some(_INDEXING_SLICE_SECONDS):
            self._indexing.stop()

    def _announce(self) -> None:
        self.visible_count_changed.emit(len(self._visible), len(self._providers))
