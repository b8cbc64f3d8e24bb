"""JSON → typed change-feed pages (GET /county/links, /county/invitations, /county/admin-users).

Private to ``countyadmin.portal``. A tombstone (``removed: true``) reads as an item whose object is
``None``; a live item without its object is unreadable, like any other broken answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from countyadmin.portal import _parse
from countyadmin.portal.errors import PortalUnavailable
from countyadmin.portal.models import AdminUserChange, ChangePage, InvitationChange, LinkChange

T = TypeVar("T")
B = TypeVar("B")


def _body(obj: object, key: str, what: str, parse: Callable[[object], B]) -> B | None:
    reader = _parse._Reader(obj, what)
    if reader.boolean("removed", False):
        return None
    value = obj.get(key) if isinstance(obj, Mapping) else None
    if value is None:
        raise PortalUnavailable(_parse.UNREADABLE.format(why=f"a {what} has no “{key}”"))
    return parse(value)


def link_change(obj: object) -> LinkChange:
    link = _body(obj, "link", "link change", _parse.county_link)
    provider_id = _parse._Reader(obj, "link change").text("provider_id")
    if link is not None and link.provider_id != provider_id:
        raise PortalUnavailable(_parse.UNREADABLE.format(why="a link change names two providers"))
    return LinkChange(provider_id=provider_id, link=link)


def invitation_change(obj: object) -> InvitationChange:
    reader = _parse._Reader(obj, "invitation change")
    invitation = _body(obj, "invitation", "invitation change", _parse.invitation)
    return InvitationChange(reader.text("id"), reader.text("provider_id"), invitation)


def admin_user_change(obj: object) -> AdminUserChange:
    reader = _parse._Reader(obj, "admin user change")
    user = _body(obj, "admin_user", "admin user change", _parse.admin_user)
    return AdminUserChange(reader.text("user_id"), reader.text("provider_id"), user)


def change_page(obj: object, item: Callable[[object], T]) -> ChangePage[T]:
    """``{"items", "next", "watermark", "as_of"}``; the last page must carry a watermark and as_of."""
    page = _parse.page(obj, item)
    reader = _parse._Reader(obj, "feed")
    if page.next_cursor is not None:
        return ChangePage(page.items, page.next_cursor, None, None)
    watermark = reader.optional_text("watermark")
    if not watermark:
        raise PortalUnavailable(_parse.UNREADABLE.format(why="the feed's last page has no watermark"))
    return ChangePage(page.items, None, watermark, reader.when("as_of"))
