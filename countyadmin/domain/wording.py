"""Sentences built around names that come from elsewhere (a provider's, a county's)."""

from __future__ import annotations


def ending_sentence(text: str) -> str:
    """``text`` closed with a full stop, unless it already ends a sentence: "… of Kids P.C." not "P.C..".

    >>> ending_sentence("Kids P.C."), ending_sentence("Kids Inc")
    ('Kids P.C.', 'Kids Inc.')
    """
    stripped = text.rstrip()
    return stripped if stripped.endswith((".", "!", "?")) else f"{stripped}."
