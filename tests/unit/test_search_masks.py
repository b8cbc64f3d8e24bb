"""The search masks answer exactly what a search of every haystack would, and stay bounded."""

from __future__ import annotations

from itertools import compress

from countyadmin.gui.search_masks import FIRST_CHARACTERS, MAX_PAIRS, SearchMasks

HAYSTACKS = ["little learners\x00000123456789", "smith pt\x00100200300400", "bright steps\x00", ""]


def test_a_mask_marks_exactly_the_haystacks_that_contain_the_text() -> None:
    masks = SearchMasks()
    masks.reset(HAYSTACKS)
    for needle in ("l", "li", "00", "t", "sm", "z", " "):
        assert list(compress(HAYSTACKS, masks.mask(needle))) == [h for h in HAYSTACKS if needle in h]


def test_only_one_or_two_characters_are_covered() -> None:
    assert not SearchMasks.covers("")
    assert SearchMasks.covers("a") and SearchMasks.covers("ab")
    assert not SearchMasks.covers("abc")


def test_single_characters_are_worked_out_ahead_one_per_call() -> None:
    masks = SearchMasks()
    masks.reset(HAYSTACKS)
    calls = 1
    while masks.work_ahead():
        calls += 1
    assert calls == len(FIRST_CHARACTERS)
    assert masks.mask("m") == bytes([0, 1, 0, 0])  # the mask worked out ahead is the one answered
    masks.reset(["sss"])  # new rows: nothing kept from the old ones
    assert masks.mask("s") == b"\x01"


def test_two_character_texts_are_kept_up_to_a_bound_oldest_first() -> None:
    masks = SearchMasks()
    masks.reset(HAYSTACKS)
    pairs = [f"{a}{b}" for a in "abcdefghij" for b in "abcdefgh"][: MAX_PAIRS + 5]
    for pair in pairs:
        masks.mask(pair)
    kept = [key for key in masks._masks if len(key) == 2]
    assert len(kept) == MAX_PAIRS
    assert kept == pairs[5:]
