"""Name normalisation used by the portal's provider search."""

from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def compact_name(name: str) -> str:
    """Reduce ``name`` to lower-case letters and digits only.

    Dropping punctuation *and* spaces is what makes "L.L.C.", "L L C" and "LLC" (or "Inc." and "Inc")
    the same, and "Sunrise Pediatric Therapy, LLC" equal to "SUNRISE PEDIATRIC THERAPY LLC".
    "&" is spelled out so "Speech & Language" finds "Speech and Language".
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    folded = folded.replace("&", " and ")
    return _NOT_ALNUM.sub("", folded)


def zip5(value: str | None) -> str:
    """The five-digit ZIP of ``value`` ("12345-6789", "123456789" and "12345" all give "12345")."""
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    return digits[:5]
