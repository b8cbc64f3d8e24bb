"""JSON → typed change-feed pages (GET /county/links, /county/invitations, /county/admin-users).

Private to ``countyadmin.portal``. A tombstone (``removed: true``) reads as an item whose object is
``None``; a live item without its object is unreadable, like any other broken answer, as is an item
whose object names another item or provider, or an id no copy can key on (empty, over 64 characters, or
with spaces or control characters): the copy is keyed by these ids.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from countyadmin.portal import _parse
from countyadmin.portal.errors import PortalUnavailable
from countyadmin.portal.models import AdminUserChange, ChangePage, InvitationChange, LinkChange

T = TypeVar("T")
B = TypeVar("B")
_ID_LENGTH = 64  # the copy's id columns (db/models.py)


def _id(reader: _parse._Reader, key: str, what: str) -> str:
    value = reader.text(key)
    if not 0 < len(value) <= _ID_LENGTH or not value.isprintable() or not value.isascii() or " " in value:
        raise PortalUnavailable(_parse.UNREADABLE.format(why=f"a {what} has an unusable “{key}”"))
    return value


def _same(found: str, expected: str, what: str) -> None:
    if found != expected:
        raise PortalUnavailable(_parse.UNREADABLE.format(why=f"a {what} names two different items"))


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
    provider_id = _id(_parse._Reader(obj, "link change"), "provider_id", "link change")
    if link is not None:
        _same(link.provider_id, provider_id, "link change")
    return LinkChange(provider_id=provider_id, link=link)


def invitation_change(obj: object) -> InvitationChange:
    reader = _parse._Reader(obj, "invitation change")
    invitation = _body(obj, "invitation", "invitation change", _parse.invitation)
    ids = _id(reader, "id", "invitation change"), _id(reader, "provider_id", "invitation change")
    if invitation is not None:
        _same(invitation.id, ids[0], "invitation change")
        _same(invitation.provider_id, ids[1], "invitation change")
    return InvitationChange(*ids, invitation)


def admin_user_change(obj: object) -> AdminUserChange:
    reader = _parse._Reader(obj, "admin user change")
    user = _body(obj, "admin_user", "admin user change", _parse.admin_user)
    ids = _id(reader, "user_id", "admin user change"), _id(reader, "provider_id", "admin user change")
    if user is not None:
        _same(user.user_id, ids[0], "admin user change")
    return AdminUserChange(*ids, user)


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
