"""The longest text each provider field may hold: one source for the database columns and the checks.

PostgreSQL and MariaDB refuse a longer value (VARCHAR(n) counts characters on both), while SQLite keeps
it, so a value is checked against these lengths before it reaches any database — the same answer on
every engine. ``countyadmin.db.models`` declares its provider columns with these lengths.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["PROVIDER_FIELD_LENGTHS", "control_character", "too_long"]

PROVIDER_FIELD_LENGTHS: Mapping[str, int] = MappingProxyType({
    "name": 200,
    "provider_type": 16,
    "sed_code": 12,
    "npi": 10,
    "tax_id": 20,
    "address_1": 200,
    "address_2": 200,
    "city": 100,
    "state": 50,
    "zip": 10,
    "phone": 30,
    "email": 254,
})  # fmt: skip


def too_long(field: str, label: str, value: str) -> str | None:
    """A sentence when ``value`` is longer than the ``field`` column holds; None when it fits."""
    limit = PROVIDER_FIELD_LENGTHS.get(field)
    if limit is None or len(value) <= limit:
        return None
    shown = value if len(value) <= 60 else value[:57] + "…"
    return (
        f"The {_in_sentence(label)} “{shown}” is {len(value):,} characters "
        f"long; CountyAdmin keeps at most {limit}. Shorten it in the file, then load it again."
    )


# Control characters (C0, DEL, C1). An .xlsx carries them escaped ("_x0000_" is a NUL) and readers
# unescape them; PostgreSQL refuses a NUL in any text while SQLite and MariaDB keep it, so one such cell
# made Accept fail as a whole on PostgreSQL only. None belongs in a provider's details.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def control_character(label: str, value: str) -> str | None:
    """A sentence when ``value`` holds a control character (which no engine stores alike); else None."""
    found = _CONTROL.search(value)
    if found is None:
        return None
    return (
        f"The {_in_sentence(label)} holds an invisible control character (U+{ord(found.group()):04X}) at "
        f"position {found.start() + 1}. Retype it in the file, then load it again."
    )


def _in_sentence(label: str) -> str:
    # "Phone" → "phone", "Tax ID" → "tax ID"; "NPI", "ZIP" and "SED code" stay as they are.
    return label[0].lower() + label[1:] if label[1:2].islower() else label
