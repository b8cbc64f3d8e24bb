"""The search index answers exactly what testing every row would, in list order, however far it is built."""

from __future__ import annotations

import random

import pytest

from countyadmin.gui.mainwindow.search_index import SEPARATOR, SearchIndex

WORDS = ["little", "learners", "steps", "smith", "ce", "o'neil", "ñandú", "x"]


def _texts(count: int, rng: random.Random) -> list[str]:
    texts = []
    for _ in range(count):
        name = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 3)))
        sed_code = "".join(rng.choice("0123") for _ in range(rng.choice((0, 12))))
        texts.append(SEPARATOR.join((name, sed_code, f"1{rng.randint(0, 999):09d}")))
    return texts


def _needles(texts: list[str], rng: random.Random) -> list[str]:
    needles = {"", " ", "z", "0 1", "s" + SEPARATOR + "0", "little learners", "0000", "1000000"}
    for _ in range(150):  # pieces of real texts, of every length, some across two fields
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        needles.add(text[start : start + rng.randint(1, 8)])
    return sorted(needles)


def _brute(rows: list[int], texts: list[str], needle: str) -> list[int]:
    fields = {row: texts[row].split(SEPARATOR) for row in rows}
    return [row for row in rows if any(needle in field for field in fields[row])] if needle else rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_answer_is_what_testing_every_row_gives_at_every_stage_of_the_build(seed: int) -> None:
    rng = random.Random(seed)
    texts = _texts(300, rng)
    rows = rng.sample(range(300), 250)  # a sorted, filtered list: not the texts' own order
    index = SearchIndex()
    index.reset(rows, texts)
    needles = _needles(texts, rng)
    stages = 0
    while True:
        for needle in needles:
            expected = _brute(rows, texts, needle)
            assert index.matching(needle) == expected, (needle, stages)
            # With the rows of a shorter search it extends (what the list shows while typing on).
            shorter = needle[:-1]
            assert index.matching(needle, _brute(rows, texts, shorter)) == expected, (needle, stages)
        stages += 1
        if not index.index_some(0):  # no time given: one step of rows per call
            break
    assert stages > 3  # the partial stages were tested too
    assert index.complete
    for needle in needles:
        assert index.matching(needle) == _brute(rows, texts, needle)


def test_a_search_never_spans_two_fields() -> None:
    index = SearchIndex()
    index.reset([0], ["little steps" + SEPARATOR + "001234567890" + SEPARATOR + "1234567893"])
    while index.index_some(1):
        pass
    assert index.matching("steps0") == []
    assert index.matching("s" + SEPARATOR + "0") == []
    assert index.matching("890") == [0]


def test_a_reset_forgets_the_old_rows() -> None:
    index = SearchIndex()
    index.reset([0, 1], ["smith", "steps"])
    while index.index_some(1):
        pass
    assert index.matching("s") == [0, 1]
    index.reset([1], ["", "little"])
    assert not index.complete
    assert index.matching("s") == []
    while index.index_some(1):
        pass
    assert index.matching("lit") == [1]
    assert index.matching("smith") == []


def test_an_empty_list_is_complete_at_once() -> None:
    index = SearchIndex()
    index.reset([], [])
    assert index.complete
    assert not index.index_some(1)
    assert index.matching("a") == []
