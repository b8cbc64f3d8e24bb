"""Which rows contain a one- or two-character search text, kept as masks (no Qt here).

The first keystrokes of a search match most of a large list, so they cost the most: over 100,000
providers, searching every haystack for "s" took longer than repainting the table. With the answer kept
as a mask (one byte, 0 or 1, per row) those keystrokes become C-level ``compress`` passes. Single
characters are worked out ahead, a few at a time while the window is idle, after each load, sort or
"Not linked yet" change; two-character texts when first typed, and kept while the rows stay the same.
"""

from __future__ import annotations

from itertools import repeat
from operator import contains
from string import ascii_lowercase, digits

# What a clerk types first into the search box: a name's letters, or a SED code's or NPI's digits.
FIRST_CHARACTERS = ascii_lowercase + digits
MAX_LENGTH = 2
MAX_PAIRS = 64  # two-character texts kept (100 KB each over 100,000 rows); the oldest goes first


class SearchMasks:
    """Masks over one list of haystacks; ``reset`` whenever the rows or their order change."""

    def __init__(self) -> None:
        self._haystacks: list[str] = []
        self._masks: dict[str, bytes] = {}
        self._ahead: list[str] = []

    def reset(self, haystacks: list[str]) -> None:
        self._haystacks = haystacks
        self._masks = {}
        self._ahead = list(reversed(FIRST_CHARACTERS))

    @staticmethod
    def covers(needle: str) -> bool:
        return 0 < len(needle) <= MAX_LENGTH

    def mask(self, needle: str) -> bytes:
        """1 for each haystack that contains ``needle`` (at most MAX_LENGTH characters), else 0."""
        found = self._masks.get(needle)
        if found is None:
            found = bytes(map(contains, self._haystacks, repeat(needle)))
            if len(needle) > 1 and sum(len(key) > 1 for key in self._masks) >= MAX_PAIRS:
                oldest = next(key for key in self._masks if len(key) > 1)
                del self._masks[oldest]
            self._masks[needle] = found
        return found

    def work_ahead(self) -> bool:
        """Work out one more single character's mask; False once there is nothing left to do."""
        while self._ahead:
            character = self._ahead.pop()
            if character not in self._masks:
                self.mask(character)
                return bool(self._ahead)
        return False
