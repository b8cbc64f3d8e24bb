"""/api/v1/county/…: the calling county's change feeds (links, invitations, admin users).

One county stays in step with a few calls instead of one per provider: each feed pages through what
changed since the watermark the portal issued at the end of the previous walk (sandbox/feeds.py).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from countyadmin.sandbox import feeds, schemas
from countyadmin.sandbox.routes_api import COMMON_RESPONSES, INVALID, CountyDep, Cursor, StoreDep

router = APIRouter(prefix="/api/v1/county", responses={**COMMON_RESPONSES, **INVALID})

FeedLimit = Annotated[int, Query(ge=1, le=1000, description="Page size (a feed page may hold up to 1000).")]
Since = Annotated[
    str | None,
    Query(
        description="The `watermark` of the last page of the previous walk; omit it for everything. "
        "Opaque: never a time of the desk's clock. Ignored when `next` is given.",
    ),
]
_WALK = (
    " Send `updated_since` on the first page, then each page's `next` until it is null; the last page "
    "carries the `watermark` for next time and `as_of`. Items come in the order they changed; an item "
    "changed while you walk comes again on a later page, so keep the last version of each. A watermark "
    "or cursor this portal did not issue to the county is a 422: sync again without `updated_since`."
)


@router.get(
    "/links",
    response_model=schemas.LinkChangePage,
    summary="The calling county's links that changed (unlinks as tombstones)",
    description="Access: the calling county's own links only; another county's links, and their "
    "removals, never appear." + _WALK,
)
def link_changes(
    county: CountyDep, store: StoreDep, updated_since: Since = None, limit: FeedLimit = 500,
    next_cursor: Cursor = None,
) -> schemas.LinkChangePage:  # fmt: skip
    page = feeds.read_page(store, county.county_id, feeds.LINK, since=updated_since, cursor=next_cursor,
                           limit=limit)  # fmt: skip
    return schemas.LinkChangePage(
        items=[feeds.link_change(entry, row) for entry, row in page.entries],
        next=page.next_cursor, watermark=page.watermark, as_of=page.as_of,
    )  # fmt: skip


@router.get(
    "/invitations",
    response_model=schemas.InvitationChangePage,
    summary="The invitations the calling county sent that changed, for the providers it links",
    description="Access: only the invitations the calling county sent, and only while it links their "
    "provider (an unlink makes them tombstones; linking again brings them back); other counties' "
    "invitations never appear." + _WALK,
)
def invitation_changes(
    county: CountyDep, store: StoreDep, updated_since: Since = None, limit: FeedLimit = 500,
    next_cursor: Cursor = None,
) -> schemas.InvitationChangePage:  # fmt: skip
    page = feeds.read_page(store, county.county_id, feeds.INVITATION, since=updated_since,
                           cursor=next_cursor, limit=limit)  # fmt: skip
    now = store.now()
    return schemas.InvitationChangePage(
        items=[feeds.invitation_change(entry, row, now) for entry, row in page.entries],
        next=page.next_cursor, watermark=page.watermark, as_of=page.as_of,
    )  # fmt: skip


@router.get(
    "/admin-users",
    response_model=schemas.AdminUserChangePage,
    summary="The admin users of the providers the calling county links that changed",
    description="Access: the admin users of the providers the calling county links (all of them, "
    "whichever county invited them), while it links them; a removed user or an unlink comes as a "
    "tombstone. Providers it does not link never appear." + _WALK,
)
def admin_user_changes(
    county: CountyDep, store: StoreDep, updated_since: Since = None, limit: FeedLimit = 500,
    next_cursor: Cursor = None,
) -> schemas.AdminUserChangePage:  # fmt: skip
    page = feeds.read_page(store, county.county_id, feeds.ADMIN_USER, since=updated_since,
                           cursor=next_cursor, limit=limit)  # fmt: skip
    return schemas.AdminUserChangePage(
        items=[feeds.admin_user_change(entry, row) for entry, row in page.entries],
        next=page.next_cursor, watermark=page.watermark, as_of=page.as_of,
    )  # fmt: skip
