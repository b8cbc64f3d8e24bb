"""JSON → typed results of the CPSE Portal county API. Anything unreadable raises ``PortalUnavailable``.

Private to ``countyadmin.portal``: the client is the only caller.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from countyadmin.portal.errors import PortalUnavailable
from countyadmin.portal.models import (
    AdminUser,
    CountyInfo,
    CountyLink,
    FieldError,
    Invitation,
    Page,
    PortalProvider,
    ProviderMatch,
)

T = TypeVar("T")

UNREADABLE = (
    "CPSE Portal answered in a form CountyAdmin cannot read ({why}). "
    "Try again later; if it keeps happening, tell your IT support."
)


class _Reader:
    """Typed access to one JSON object; a missing or mistyped field raises ``PortalUnavailable``."""

    def __init__(self, obj: object, what: str):
        if not isinstance(obj, Mapping):
            raise PortalUnavailable(UNREADABLE.format(why=f"the {what} is not an object"))
        self._obj: Mapping[str, Any] = obj
        self._what = what

    def _bad(self, key: str) -> PortalUnavailable:
        return PortalUnavailable(UNREADABLE.format(why=f"the {self._what} has no usable “{key}”"))

    def text(self, key: str) -> str:
        value = self._obj.get(key)
        if not isinstance(value, str):
            raise self._bad(key)
        return value

    def optional_text(self, key: str) -> str | None:
        value = self._obj.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._bad(key)
        return value

    def boolean(self, key: str, default: bool | None = None) -> bool:
        value = self._obj.get(key, default)
        if not isinstance(value, bool):
            raise self._bad(key)
        return value

    def when(self, key: str) -> datetime:
        value = self.text(key)
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise self._bad(key) from None
        # The contract says UTC; a time without an offset is read as UTC rather than as local time.
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)

    def strings(self, key: str) -> tuple[str, ...]:
        value = self._obj.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._bad(key)
        return tuple(value)


def county(obj: object) -> CountyInfo:
    r = _Reader(obj, "county")
    return CountyInfo(county_id=r.text("county_id"), name=r.text("name"))


def provider(obj: object) -> PortalProvider:
    r = _Reader(obj, "provider")
    return PortalProvider(
        id=r.text("id"),
        provider_type=r.text("provider_type"),
        name=r.text("name"),
        npi=r.optional_text("npi"),
        sed_code=r.optional_text("sed_code"),
        tax_id=r.optional_text("tax_id"),
        address_1=r.optional_text("address_1"),
        address_2=r.optional_text("address_2"),
        city=r.optional_text("city"),
        state=r.optional_text("state"),
        zip=r.optional_text("zip"),
        phone=r.optional_text("phone"),
        email=r.optional_text("email"),
        status=r.text("status"),
        created_at=r.when("created_at"),
    )


def provider_match(obj: object) -> ProviderMatch:
    return ProviderMatch(provider=provider(obj), matched_on=_Reader(obj, "provider").strings("matched_on"))


def county_link(obj: object) -> CountyLink:
    r = _Reader(obj, "county link")
    return CountyLink(
        provider_id=r.text("provider_id"),
        county_provider_ref=r.text("county_provider_ref"),
        linked_at=r.when("linked_at"),
    )


def admin_user(obj: object) -> AdminUser:
    r = _Reader(obj, "administrator")
    return AdminUser(
        user_id=r.text("user_id"),
        username=r.text("username"),
        first_name=r.text("first_name"),
        last_name=r.text("last_name"),
        email=r.text("email"),
        status=r.text("status"),
        also_service_provider=r.boolean("also_service_provider", False),
        npi=r.optional_text("npi"),
        profession=r.optional_text("profession"),
        license=r.optional_text("license"),
    )


def invitation(obj: object, *, replayed: bool = False) -> Invitation:
    r = _Reader(obj, "invitation")
    return Invitation(
        id=r.text("id"),
        provider_id=r.text("provider_id"),
        first_name=r.text("first_name"),
        last_name=r.text("last_name"),
        email=r.text("email"),
        role=r.text("role"),
        also_service_provider=r.boolean("also_service_provider", False),
        npi=r.optional_text("npi"),
        profession=r.optional_text("profession"),
        license=r.optional_text("license"),
        status=r.text("status"),
        created_at=r.when("created_at"),
        expires_at=r.when("expires_at"),
        invited_by=r.text("invited_by"),
        replayed=replayed,
    )


def page(obj: object, item: Callable[[object], T]) -> Page[T]:
    """``{"items": [...], "next": "…" | null}``."""
    r = _Reader(obj, "list")
    items = obj.get("items") if isinstance(obj, Mapping) else None
    if not isinstance(items, list):
        raise PortalUnavailable(UNREADABLE.format(why="the list has no items"))
    return Page(items=tuple(item(i) for i in items), next_cursor=r.optional_text("next") or None)


def items(obj: object, item: Callable[[object], T]) -> list[T]:
    """A list endpoint's items, whether sent as a bare array or as a page."""
    if isinstance(obj, list):
        return [item(i) for i in obj]
    return list(page(obj, item).items)


def field_errors(problem: Mapping[str, Any]) -> tuple[FieldError, ...]:
    """``errors: [{"field", "message"}]`` (also FastAPI's own ``detail: [{"loc", "msg"}]``)."""
    found: list[FieldError] = []
    raw = problem.get("errors")
    if not isinstance(raw, list):
        detail = problem.get("detail")
        raw = detail if isinstance(detail, list) else []
    for entry in raw:
        if not isinstance(entry, Mapping):
            continue
        name = entry.get("field")
        if name is None and isinstance(entry.get("loc"), list):
            name = ".".join(str(p) for p in entry["loc"] if p not in ("body", "query"))
        message = entry.get("message", entry.get("msg"))
        if message is not None:
            found.append(FieldError(field=str(name or ""), message=str(message)))
    return tuple(found)
