"""A name that ends a sentence and ends in a full stop of its own ("Kids P.C.") is not given a second one."""

import pytest

from countyadmin.domain.wording import ending_sentence


@pytest.mark.parametrize(
    ("name", "sentence_end"),
    [("Little Steps P.C.", "Little Steps P.C."), ("Little Steps Inc", "Little Steps Inc."),
     ("Why not?", "Why not?"), ("Kids LLC. ", "Kids LLC."), ("this provider", "this provider.")],
)  # fmt: skip
def test_a_name_at_the_end_of_a_sentence_gets_exactly_one_full_stop(name: str, sentence_end: str) -> None:
    assert ending_sentence(name) == sentence_end
