"""Which rows contain a search text: an index of every piece of one to three characters (no Qt here).

Testing every row's text costs CPython about 80 ns a row, 8 ms a keystroke over 100,000 providers before
the table repaints. The index lists, for every piece of one to three characters, the rows whose text
contains it, in list order. A search of up to three characters is a dictionary lookup whose list is the
answer itself; a longer one tests only the rows of its rarest three-character piece, or those of the
shorter search it extends when they are fewer.

The index is built a slice of rows at a time while the window is idle (about 25 µs a row, 2.5 s of idle
time for 100,000 rows, a tenth of a second for a county's few thousand). Until it covers every row, the rows
it does not cover yet are tested one by one, so a search is always complete and always in list order.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Sequence
from itertools import compress, repeat
from operator import add, contains
from time import perf_counter

PIECE = 3  # the longest piece indexed
SEPARATOR = "\x00"  # joins a row's fields in its text; no piece, and no match, spans two fields
_STEP = 4  # rows indexed between two looks at the clock (about 0.1 ms)
_NOTHING: list[int] = []


class SearchIndex:
    """The index of one list of rows; ``reset`` it whenever the rows or their order change.

    The lists it answers with may be its own: the caller must not change them.
    """

    def __init__(self) -> None:
        self._rows: list[int] = []
        self._text_of: Sequence[str] = ()
        self._rows_with: defaultdict[str, list[int]] = defaultdict(list)
        self._indexed = 0  # rows[:indexed] are in the index

    def reset(self, rows: list[int], text_of: Sequence[str]) -> None:
        """Index ``rows`` (in list order) from scratch; ``text_of[row]`` is a row's lowercase text."""
        self._rows = rows
        self._text_of = text_of
        self._rows_with = defaultdict(list)
        self._indexed = 0

    @property
    def complete(self) -> bool:
        return self._indexed == len(self._rows)

    def index_some(self, seconds: float) -> bool:
        """Index more rows for about ``seconds``; False once every row is indexed."""
        deadline = perf_counter() + seconds
        rows, text_of = self._rows, self._text_of
        rows_with = self._rows_with.__getitem__
        append = list.append
        discard = deque[object](maxlen=0).extend  # runs a map to its end in C, keeping nothing
        while self._indexed < len(rows):
            start = self._indexed
            for row in rows[start : start + _STEP]:
                pieces: set[str] = set()
                for field in text_of[row].split(SEPARATOR):
                    pairs = list(map(add, field, field[1:]))
                    pieces.update(field, pairs, map(add, pairs, field[2:]))
                discard(map(append, map(rows_with, pieces), repeat(row)))
            self._indexed = min(start + _STEP, len(rows))
            if perf_counter() >= deadline:
                break
        return not self.complete

    def matching(self, needle: str, within: list[int] | None = None) -> list[int]:
        """The rows whose text contains ``needle``, in list order; every row for an empty needle.

        ``within``: rows known to include every match (those of a shorter search ``needle`` extends),
        tested instead when they are fewer than the index would test.
        """
        if not needle:
            return self._rows
        if SEPARATOR in needle:
            return []
        rows, indexed = self._rows, self._indexed
        rows_with = self._rows_with
        if len(needle) <= PIECE:
            answered = rows_with.get(needle, _NOTHING)  # the answer among the indexed rows
            if within is None or len(within) > len(rows) - indexed:
                return answered if indexed == len(rows) else answered + self._tested(rows[indexed:], needle)
            return self._tested(within, needle)
        pieces = [needle[i : i + PIECE] for i in range(len(needle) - PIECE + 1)]
        candidates = min((rows_with.get(piece, _NOTHING) for piece in pieces), key=len)
        unindexed = len(rows) - indexed
        if within is not None and len(within) <= len(candidates) + unindexed:
            return self._tested(within, needle)
        found = self._tested(candidates, needle)
        return found + self._tested(rows[indexed:], needle) if unindexed else found

    def _tested(self, rows: list[int], needle: str) -> list[int]:
        """Those of ``rows`` whose text contains ``needle``, tested one by one (in C)."""
        return list(compress(rows, map(contains, map(self._text_of.__getitem__, rows), repeat(needle))))
