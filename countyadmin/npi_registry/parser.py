"""Turn an NPPES API v2.1 answer (already decoded from JSON) into ``NpiRecord`` objects.

The registry's answers vary over the years (see tests/fixtures/nppes/README.md): ``number`` is a
JSON integer in older answers and a string in newer ones, epochs are seconds or millisecond strings,
counts can disagree with the list, a state can be spelled out. Everything odd but usable is kept
as sent; anything the parser cannot read raises ``NpiRegistryUnavailable`` (never ``KeyError``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from countyadmin.npi_registry.errors import NpiRegistryRejected, NpiRegistryUnavailable
from countyadmin.npi_registry.models import NpiAddress, NpiRecord, NpiTaxonomy

_UNREADABLE = (
    "The NPI Registry answered in a form CountyAdmin cannot read ({why}). "
    "Try again later; if it keeps happening, tell your IT support."
)
# Epochs above this are milliseconds (1e11 seconds is the year 5138).
_MILLISECONDS_FROM = 10**11
_DBA_TYPES = frozenset({"doing business as", "dba"})


def parse_response(payload: object) -> list[NpiRecord]:
    """All records in an answer, in the registry's order; ``[]`` when it has none.

    Raises:
        NpiRegistryRejected: the answer is ``{"Errors": [...]}`` (sent with HTTP 200).
        NpiRegistryUnavailable: the answer is not in the registry's shape.
    """
    if not isinstance(payload, Mapping):
        raise NpiRegistryUnavailable(_UNREADABLE.format(why="not a JSON object"))
    if "Errors" in payload:
        raise _rejected(payload["Errors"])
    results = payload.get("results")
    if results is None and payload.get("result_count") == 0:
        return []
    if not isinstance(results, list):
        raise NpiRegistryUnavailable(_UNREADABLE.format(why="no list of results"))
    # The list is the truth; ``result_count`` may say more (it counts matches, not what was sent).
    return [parse_record(item) for item in results]


def parse_record(obj: object) -> NpiRecord:
    """One element of ``results``.

    Raises:
        NpiRegistryUnavailable: a required part (number, enumeration type, basic) is missing or unreadable.
    """
    if not isinstance(obj, Mapping):
        raise NpiRegistryUnavailable(_UNREADABLE.format(why="a result is not an object"))
    npi = _npi(obj.get("number"))
    enumeration_type = _text(obj, "enumeration_type")
    if not enumeration_type:
        raise NpiRegistryUnavailable(_UNREADABLE.format(why=f"no enumeration type for NPI {npi}"))
    basic = obj.get("basic")
    if not isinstance(basic, Mapping):
        raise NpiRegistryUnavailable(_UNREADABLE.format(why=f"no basic details for NPI {npi}"))
    return NpiRecord(
        npi=npi,
        enumeration_type=enumeration_type,
        display_name=_display_name(enumeration_type, basic),
        other_names=_other_names(obj.get("other_names")),
        status=_text(basic, "status"),
        location=_location(obj.get("addresses")),
        primary_taxonomy=_primary_taxonomy(obj.get("taxonomies")),
        last_updated=_last_updated(obj.get("last_updated_epoch"), basic.get("last_updated")),
        raw=obj,
    )


def _rejected(errors: object) -> NpiRegistryRejected:
    items = [e for e in errors if isinstance(e, Mapping)] if isinstance(errors, list) else []
    descriptions = [str(e.get("description")).strip() for e in items if e.get("description")]
    reason = "; ".join(d.rstrip(".") for d in descriptions) or "no reason given"
    return NpiRegistryRejected(
        f"The NPI Registry refused the search: {reason}. Check the NPI and try again.", items
    )


def _npi(value: object) -> str:
    # Never int(): an NPI is an identifier. A JSON int is written back as its exact digits.
    if isinstance(value, int) and not isinstance(value, bool):
        text = _digits(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise NpiRegistryUnavailable(_UNREADABLE.format(why="a result has no NPI number"))
    if not (len(text) == 10 and text.isascii() and text.isdigit()):
        raise NpiRegistryUnavailable(_UNREADABLE.format(why="a result's NPI is not 10 digits"))
    return text


def _text(obj: Mapping[str, Any], key: str) -> str:
    """A text field, stripped; missing or null is ""; a number becomes its digits."""
    value = obj.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return _digits(value)
    raise NpiRegistryUnavailable(_UNREADABLE.format(why=f"“{key}” is not text"))


def _digits(value: int) -> str:
    # str() of a gigantic int raises ValueError (CPython's digit limit); no real field is that long.
    if abs(value) >= 10**30:
        raise NpiRegistryUnavailable(_UNREADABLE.format(why="a number is far too long"))
    return str(value)


def _optional(obj: Mapping[str, Any], key: str) -> str | None:
    return _text(obj, key) or None


def _join(*parts: str) -> str:
    # " ".join(split()) also collapses runs of spaces inside a part ("SMITH  JR").
    return " ".join(" ".join(parts).split())


def _display_name(enumeration_type: str, basic: Mapping[str, Any]) -> str:
    # Shown as registered (upper case, credential as typed): the clerk compares it with paperwork.
    if enumeration_type == "NPI-2":
        name = _join(_text(basic, "organization_name"))
    else:
        name = _join(_text(basic, "first_name"), _text(basic, "last_name"), _text(basic, "credential"))
    return name or _join(_text(basic, "name"))


def _other_names(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise NpiRegistryUnavailable(_UNREADABLE.format(why="other names are not a list"))
    dba: list[str] = []
    rest: list[str] = []
    for item in value:
        if not isinstance(item, Mapping):
            raise NpiRegistryUnavailable(_UNREADABLE.format(why="an other name is not an object"))
        name = _join(_text(item, "organization_name")) or _join(
            _text(item, "first_name"), _text(item, "last_name")
        )
        if not name:
            continue
        is_dba = _text(item, "code") == "3" or _text(item, "type").lower() in _DBA_TYPES
        target = dba if is_dba else rest
        if name not in dba and name not in rest:
            target.append(name)
    return (*dba, *rest)  # "doing business as" first: it is the name the county is likeliest to know


def _location(value: object) -> NpiAddress | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise NpiRegistryUnavailable(_UNREADABLE.format(why="addresses are not a list"))
    for item in value:
        if isinstance(item, Mapping) and _text(item, "address_purpose").upper() == "LOCATION":
            return NpiAddress(
                address_1=_text(item, "address_1"),
                address_2=_text(item, "address_2"),
                city=_text(item, "city"),
                state=_text(item, "state"),  # kept as sent, e.g. "GEORGIA"
                postal_code=_postal_code(item.get("postal_code")),
                country_code=_text(item, "country_code"),
                telephone_number=_optional(item, "telephone_number"),
            )
    return None


def _postal_code(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        # A number has lost its leading zeros (Massachusetts: 02134); put them back.
        digits = _digits(value)
        return digits.zfill(5) if len(digits) <= 5 else digits.zfill(9)
    return _text({"postal_code": value}, "postal_code")


def _primary_taxonomy(value: object) -> NpiTaxonomy | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise NpiRegistryUnavailable(_UNREADABLE.format(why="taxonomies are not a list"))
    for item in value:
        if isinstance(item, Mapping) and item.get("primary") in (True, "true", "Y", "YES"):
            return NpiTaxonomy(
                code=_text(item, "code"),
                description=_text(item, "desc"),
                license=_optional(item, "license"),
                state=_optional(item, "state"),
            )
    return None


def _last_updated(epoch: object, fallback: object) -> datetime | None:
    seconds: int | None = None
    if isinstance(epoch, int) and not isinstance(epoch, bool):
        seconds = epoch
    elif isinstance(epoch, str) and len(epoch) < 30 and epoch.strip().isascii() and epoch.strip().isdigit():
        seconds = int(epoch.strip())
    if seconds is not None:
        if seconds >= _MILLISECONDS_FROM:
            seconds //= 1000
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            pass  # nonsense epoch: fall back to the date
    if isinstance(fallback, str):
        try:
            return datetime.combine(date.fromisoformat(fallback.strip()), datetime.min.time(), UTC)
        except ValueError:
            return None
    return None
