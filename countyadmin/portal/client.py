"""The CPSE Portal county API client (v1). No Qt; call it off the GUI thread.

Every failure is a ``PortalError`` subclass whose text a county clerk can act on. What is repeated
after a failure follows ``countyadmin.http``: reads, PUT and DELETE, and the invitation POST (it
carries an Idempotency-Key). ``create_provider`` and ``resend_invitation`` are POSTs the portal does
not deduplicate, so they are repeated only when the request cannot have reached the portal; a lost
answer says plainly that the action may have happened.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from countyadmin.http import (
    BearerAuth,
    Closeable,
    HttpClient,
    Timeout,
    TransportError,
    UnreadableJson,
    decode_json,
    describe_address,
)
from countyadmin.portal import _feeds, _parse
from countyadmin.portal._problems import error_for, problem_of
from countyadmin.portal.errors import NotFound, PortalError, PortalUnavailable
from countyadmin.portal.models import (
    AdminUser,
    AdminUserChange,
    ChangePage,
    CountyInfo,
    CountyLink,
    Invitation,
    InvitationChange,
    InvitationRequest,
    LinkChange,
    NewPortalProvider,
    Page,
    PortalProvider,
    ProviderMatch,
)

T = TypeVar("T")

API_PREFIX = "/api/v1"
MAX_PAGE = 200
# Following cursors stops here (10,000 results): a search that large needs narrowing, not paging.
MAX_PAGES = 50
# A change-feed page may be larger: an invitation is ~0.5 KB, so 1000 stay far below MAX_ANSWER_BYTES.
MAX_FEED_PAGE = 1000


class PortalClient(Closeable):
    """One county's connection to CPSE Portal; ``base_url`` may be the site or its ``/api/v1`` root."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: Timeout = (3.05, 15.0),
        max_attempts: int = 4,
        backoff: float = 0.5,
        max_retry_after: float = 30.0,
        ca_bundle: str | Path | None = None,
        sleep: Callable[[float], None] = time.sleep,
        deadline: float | None = None,
    ):
        """``deadline`` (seconds for a whole call) defaults to ``countyadmin.http.CALL_DEADLINE``."""
        key = api_key.strip()
        # Refused here because requests would quote a bad header value (the key) in its exception.
        if not key or not all(33 <= ord(c) <= 126 for c in key):
            raise ValueError(
                "The API key is empty or contains spaces or other characters an API key cannot have. "
                "Paste it again in Settings → CPSE Portal."
            )
        root = base_url.strip().rstrip("/")
        self.address = root.removesuffix(API_PREFIX)  # as the clerk knows it, for the sentences
        if not root.endswith(API_PREFIX):
            root += API_PREFIX
        self._http = HttpClient(
            root + "/",
            timeout=timeout,
            max_attempts=max_attempts,
            backoff=backoff,
            max_retry_after=max_retry_after,
            ca_bundle=ca_bundle,
            sleep=sleep,
            auth=BearerAuth(key),
            secrets=(key, api_key),
            deadline=deadline,
        )

    def __repr__(self) -> str:
        return f"PortalClient(base_url={self._http.base_url!r})"

    def close(self) -> None:
        self._http.close()

    # --- county and providers -------------------------------------------------------------------

    def county(self) -> CountyInfo:
        """Which county the API key belongs to ("Test connection")."""
        return _parse.county(self._call("GET", "county"))

    def search_providers(
        self, *, npi: str | None = None, sed_code: str | None = None, name: str | None = None,
        zip: str | None = None,
    ) -> list[ProviderMatch]:
        """Every match (any of the criteria), following the portal's cursors to the end."""
        params = _criteria(npi=npi, sed_code=sed_code, name=name, zip=zip)
        return self._collect("providers", params, _parse.provider_match)

    def search_providers_page(
        self, *, npi: str | None = None, sed_code: str | None = None, name: str | None = None,
        zip: str | None = None, limit: int = 50, cursor: str | None = None,
    ) -> Page[ProviderMatch]:
        params = _criteria(npi=npi, sed_code=sed_code, name=name, zip=zip)
        return self._page("providers", params, _parse.provider_match, limit=limit, cursor=cursor)

    def get_provider(self, provider_id: str) -> PortalProvider:
        return _parse.provider(self._call("GET", f"providers/{_seg(provider_id)}",
                                          not_found=_no_provider(provider_id)))

    def create_provider(self, provider: NewPortalProvider) -> PortalProvider:
        """Add a provider to the portal.

        Raises:
            Conflict: the portal already has the NPI or SED code; ``existing_id`` is that provider.
            PortalUnavailable: also when the answer was lost; the provider may then exist already.
        """
        body = self._call(
            "POST", "providers", json=asdict(provider),
            conflict=lambda existing: (
                f"CPSE Portal already has a provider with this NPI or SED code ({existing or 'unknown'}). "
                "Link the county record to that provider instead of adding a new one."
            ),
            lost=(
                "CPSE Portal did not confirm that the provider was added, but it may have been. "
                "Search the portal for its NPI or SED code before trying again."
            ),
        )
        return _parse.provider(body)

    # --- county link ----------------------------------------------------------------------------

    def get_county_link(self, provider_id: str) -> CountyLink | None:
        """This county's link to the provider, or ``None`` when the county has not linked it."""
        try:
            body = self._call("GET", f"providers/{_seg(provider_id)}/county-link")
        except NotFound:
            return None
        return _parse.county_link(body)

    def link_county(self, provider_id: str, county_provider_ref: str) -> CountyLink:
        """Link the portal provider to a county record (repeating it with the same record is harmless)."""
        body = self._call(
            "PUT", f"providers/{_seg(provider_id)}/county-link",
            json={"county_provider_ref": county_provider_ref},
            not_found=_no_provider(provider_id),
            conflict=lambda existing: (
                f"Your county already linked portal provider {provider_id} to another county record "
                f"({existing or 'unknown'}). Unlink that record first if this one is the right match."
            ),
        )
        return _parse.county_link(body)

    def unlink_county(self, provider_id: str) -> None:
        path = f"providers/{_seg(provider_id)}/county-link"
        self._call("DELETE", path, not_found=(
            f"Your county has no link to portal provider {provider_id} (perhaps someone removed it already). "
            "Refresh to see the current state."
        ), gone_is_done=True)

    def list_admin_users(self, provider_id: str) -> list[AdminUser]:
        return self._collect(f"providers/{_seg(provider_id)}/admin-users", {}, _parse.admin_user,
                             not_found=_no_provider(provider_id))

    # --- invitations ----------------------------------------------------------------------------

    def create_invitation(
        self, provider_id: str, request: InvitationRequest, *, idempotency_key: str
    ) -> Invitation:
        """Invite an administrator. Repeating with the same ``idempotency_key`` never sends a second email.

        ``Invitation.replayed`` is true when the portal answered with an invitation made earlier
        under the same key.
        """
        if not idempotency_key or not all(33 <= ord(c) <= 126 for c in idempotency_key):
            raise ValueError("idempotency_key must be non-empty printable ASCII without spaces")
        headers: dict[str, str] = {}
        body = self._call(
            "POST", f"providers/{_seg(provider_id)}/invitations", json=asdict(request),
            headers={"Idempotency-Key": idempotency_key}, reply_headers=headers,
            not_found=_no_provider(provider_id),
            conflict=lambda existing: (
                f"{request.email} already has a pending invitation for this provider "
                f"({existing or 'unknown'}). Resend that invitation instead of sending a new one."
            ),
            lost=(
                "CPSE Portal did not confirm the invitation, but it may have been sent. "
                "Check the provider's invitations before sending it again."
            ),
        )
        replayed = headers.get("idempotent-replayed", "").strip().lower() == "true"
        return _parse.invitation(body, replayed=replayed)

    def list_invitations(self, provider_id: str) -> list[Invitation]:
        return self._collect(f"providers/{_seg(provider_id)}/invitations", {}, _parse.invitation,
                             not_found=_no_provider(provider_id))

    def resend_invitation(self, invitation_id: str) -> Invitation:
        """Send the invitation email again with a new expiry (14 days)."""
        body = self._call(
            "POST", f"invitations/{_seg(invitation_id)}/resend",
            not_found=_no_invitation(invitation_id),
            conflict=lambda _: (
                f"Invitation {invitation_id} was already accepted or cancelled, so it cannot be resent. "
                "Send a new invitation if one is still needed."
            ),
            lost=(
                "CPSE Portal did not confirm the resend, but the email may have gone out. "
                "Refresh the invitation and check its expiry date before resending."
            ),
        )
        return _parse.invitation(body)

    def cancel_invitation(self, invitation_id: str) -> Invitation:
        body = self._call(
            "DELETE", f"invitations/{_seg(invitation_id)}",
            not_found=_no_invitation(invitation_id),
            conflict=lambda _: (
                f"Invitation {invitation_id} was already accepted, so it cannot be cancelled. "
                "The administrator's account can be disabled on CPSE Portal instead."
            ),
        )
        return _parse.invitation(body)

    # --- change feeds: the county's links, invitations and admin users changed since a watermark -----

    def link_changes(
        self, *, updated_since: str | None = None, cursor: str | None = None, limit: int = MAX_FEED_PAGE
    ) -> ChangePage[LinkChange]:
        """One page of this county's link changes (unlinks as tombstones); GET, so safely retried."""
        return self._feed("county/links", _feeds.link_change, updated_since, cursor, limit)

    def invitation_changes(
        self, *, updated_since: str | None = None, cursor: str | None = None, limit: int = MAX_FEED_PAGE
    ) -> ChangePage[InvitationChange]:
        return self._feed("county/invitations", _feeds.invitation_change, updated_since, cursor, limit)

    def admin_user_changes(
        self, *, updated_since: str | None = None, cursor: str | None = None, limit: int = MAX_FEED_PAGE
    ) -> ChangePage[AdminUserChange]:
        return self._feed("county/admin-users", _feeds.admin_user_change, updated_since, cursor, limit)

    def _feed(
        self, path: str, item: Callable[[object], T], since: str | None, cursor: str | None, limit: int
    ) -> ChangePage[T]:
        if not 1 <= limit <= MAX_FEED_PAGE:
            raise ValueError(f"limit must be between 1 and {MAX_FEED_PAGE}")
        query: dict[str, str | int] = {"limit": limit}
        if cursor is not None:
            query["next"] = cursor
        elif since is not None:
            query["updated_since"] = since
        return _feeds.change_page(self._call("GET", path, params=query), item)

    # --- plumbing -------------------------------------------------------------------------------

    def _page(
        self, path: str, params: Mapping[str, str], item: Callable[[object], T], *, limit: int,
        cursor: str | None, not_found: str | None = None,
    ) -> Page[T]:
        if not 1 <= limit <= MAX_PAGE:
            raise ValueError(f"limit must be between 1 and {MAX_PAGE}")
        query: dict[str, str | int] = {**params, "limit": limit}
        if cursor is not None:
            query["next"] = cursor
        return _parse.page(self._call("GET", path, params=query, not_found=not_found), item)

    def _collect(
        self, path: str, params: Mapping[str, str], item: Callable[[object], T], *,
        not_found: str | None = None,
    ) -> list[T]:
        found: list[T] = []
        cursor: str | None = None
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            page = self._page(path, params, item, limit=MAX_PAGE, cursor=cursor, not_found=not_found)
            found.extend(page.items)
            cursor = page.next_cursor
            if cursor is None:
                return found
            if cursor in seen:  # a portal bug must not loop forever
                raise PortalUnavailable(_parse.UNREADABLE.format(why="the list repeats itself"))
            seen.add(cursor)
        raise PortalError(
            f"The search found more than {MAX_PAGE * MAX_PAGES:,} results. "
            "Narrow it (for example by adding a ZIP code) and search again."
        )

    def _call(
        self, method: str, path: str, *, params: Mapping[str, str | int] | None = None,
        json: Any = None, headers: Mapping[str, str] | None = None,
        not_found: str | None = None, conflict: Callable[[str | None], str] | None = None,
        lost: str | None = None, gone_is_done: bool = False, reply_headers: dict[str, str] | None = None,
    ) -> Any:
        """Send one call; return its decoded JSON (``None`` for 204) or raise the matching ``PortalError``.

        ``lost`` is the message for a non-repeatable call whose answer never came.
        """
        failure: TransportError | None = None
        try:
            reply = self._http.request(
                method, path, params=params, json=json, headers=headers, valid=_readable
            )
        except TransportError as exc:
            failure = exc
        if failure is not None:  # raised here, outside ``except``, so nothing else is chained to it
            raise _unavailable(failure, lost, self.address)
        with reply.response as response:
            status = response.status_code
            if reply_headers is not None:
                reply_headers.update({k.lower(): v for k, v in response.headers.items()})
            if 200 <= status < 300:
                if status == 204 or not response.content:
                    return None
                try:
                    body = decode_json(response.content)
                except ValueError as exc:
                    # For a call not safe to repeat, the 2xx means it happened: say "may have" honestly.
                    why = str(exc) if isinstance(exc, UnreadableJson) else "not JSON"
                    raise PortalUnavailable(lost or _parse.UNREADABLE.format(why=why)) from None
                # Answers are server text too (a county's name, a provider's): shown and stored, so
                # scrubbed like a problem; ordinary names and identifiers come through unchanged.
                return self._http.scrub_json(body)
            problem = problem_of(response, self._http.scrub_json)
            retry_after = self._http.retry_after(response)
        if status == 404 and gone_is_done and reply.attempts > 1:
            return None  # an earlier attempt whose answer was lost did the deletion
        raise error_for(status, problem, retry_after, not_found=not_found, conflict=conflict, lost=lost)


def _readable(response: Any) -> bool:
    """A 2xx body the client can decode: empty (204) or JSON."""
    if response.status_code == 204 or not response.content:
        return True
    try:
        decode_json(response.content)
    except UnreadableJson:
        return True  # too deep: the same answer again would be no better; _call says why
    except ValueError:
        return False
    return True


def _unavailable(failure: TransportError, lost: str | None, address: str) -> PortalUnavailable:
    """The sentence for a call that got no usable answer; it names the address tried (the demo's own
    sandbox is an address on this computer, which "check the internet connection" would not help)."""
    if failure.kind == "tls":
        return PortalUnavailable(
            "CountyAdmin could not verify CPSE Portal's security certificate, so it sent nothing. "
            "Check the portal address; if your county uses its own certificate, ask IT to install it in "
            "this computer's certificate store."
        )
    if lost is not None and failure.request_sent:
        return PortalUnavailable(lost)
    if failure.kind == "proxy":
        from countyadmin.http import proxy_refused

        return PortalUnavailable(proxy_refused("CPSE Portal", address))
    if failure.kind == "too_large":
        return PortalUnavailable(_parse.UNREADABLE.format(why="the answer is far larger than expected"))
    where = describe_address(address)
    if failure.kind == "timeout":
        return PortalUnavailable(
            f"CPSE Portal at {where} did not answer in time. Try again in a few minutes; if it keeps "
            "happening, check the portal address in Settings → CPSE Portal."
        )
    return PortalUnavailable(
        f"CPSE Portal could not be reached at {where}. Check that the portal address in Settings → CPSE "
        "Portal is right and that this computer can reach it, then try again."
    )


def _criteria(**given: str | None) -> dict[str, str]:
    params = {k: v.strip() for k, v in given.items() if v is not None and v.strip()}
    if not params.keys() - {"zip"}:  # zip alone narrows nothing (it only narrows a name search)
        raise ValueError("search_providers needs an npi, sed_code or name")
    return params


def _seg(identifier: str) -> str:
    # Quoted so an identifier can never change the path ("../", "?", "/").
    return quote(identifier, safe="")


def _no_provider(provider_id: str) -> str:
    return (f"CPSE Portal has no provider {provider_id} (it may have been removed or merged). "
            "Search the portal again.")


def _no_invitation(invitation_id: str) -> str:
    return f"CPSE Portal has no invitation {invitation_id}. Refresh the provider's invitations."
