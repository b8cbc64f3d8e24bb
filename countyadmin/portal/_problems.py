"""HTTP error answers of CPSE Portal → typed ``PortalError``s with sentences a clerk can act on.

Private to ``countyadmin.portal``: the client is the only caller.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from countyadmin.http import decode_json
from countyadmin.portal import _parse
from countyadmin.portal.errors import (
    AlreadyAdmin,
    Conflict,
    NotFound,
    PortalError,
    PortalUnavailable,
    Unauthorized,
    ValidationFailed,
)
from countyadmin.redact import scrub_json

_CONFLICT_KEYS = ("existing_id", "linked_county_provider_ref", "pending_invitation_id")
TRY_LATER = "Try again in a few minutes; if it keeps happening, tell your IT support."
UNAUTHORIZED = "CPSE Portal did not accept the API key. Check it in Settings → CPSE Portal."


def error_for(
    status: int, problem: Mapping[str, Any], retry_after: float | None, *, not_found: str | None,
    conflict: Callable[[str | None], str] | None, lost: str | None,
) -> PortalError:
    detail = _detail(problem)
    if status == 401:
        return Unauthorized(UNAUTHORIZED, status=status, problem=problem)
    if status == 404:
        message = not_found or f"CPSE Portal could not find that record{detail}. Refresh and try again."
        return NotFound(message, status=status, problem=problem)
    if status == 409 and problem.get("existing_user_id"):
        return _already_admin(problem)
    if status == 409:
        existing_id = next((str(problem[k]) for k in _CONFLICT_KEYS if problem.get(k)), None)
        message = conflict(existing_id) if conflict else f"CPSE Portal refused the change{detail}."
        existing = problem.get("existing")
        return Conflict(message, existing_id=existing_id, problem=problem,
                        existing=existing if isinstance(existing, Mapping) else None)
    if status in (400, 422):
        errors = _parse.field_errors(problem)
        if errors:
            parts = (f"{e.field}: {e.message}" if e.field else e.message for e in errors)
            listed = "; ".join(p.rstrip(".") for p in parts)
            message = f"CPSE Portal did not accept these details: {listed}. Correct them and try again."
        else:
            message = f"CPSE Portal did not accept the request{detail}. Correct it and try again."
        return ValidationFailed(message, field_errors=errors, status=status, problem=problem)
    if status == 429 or status == 503:
        when = f"in about {_duration(retry_after)}" if retry_after else "in a few minutes"
        return PortalUnavailable(f"CPSE Portal is busy right now. Try again {when}.",
                                 retry_after=retry_after, status=status, problem=problem)
    if status >= 500:
        # The portal failed part-way: for a call that is not safe to repeat, it may have acted.
        message = lost or f"CPSE Portal had a problem (HTTP {status}). {TRY_LATER}"
        return PortalUnavailable(message, retry_after=retry_after, status=status, problem=problem)
    if status == 403:
        return Unauthorized(
            "CPSE Portal accepted the API key but does not allow it to do this. "
            "Ask CPSE Portal support to check the key's permissions.", status=status, problem=problem)
    return PortalError(
        f"CPSE Portal gave an unexpected answer (HTTP {status}){detail}. "
        "Check the portal address in Settings → CPSE Portal; if it is right, tell your IT support.",
        status=status, problem=problem,
    )


def _already_admin(problem: Mapping[str, Any]) -> AlreadyAdmin:
    """An invitation to someone who is an active admin user already: the user named, not a pending one."""
    existing = {key.removeprefix("existing_user_"): str(problem.get(key) or "")
                for key in ("existing_user_email", "existing_user_name")}  # fmt: skip
    user_id = str(problem["existing_user_id"])
    who = f"{existing['name']}, user {user_id}" if existing["name"] else f"user {user_id}"
    email = existing["email"] or "That address"
    return AlreadyAdmin(
        f"{email} is already an admin user of this provider on CPSE Portal ({who}), so no invitation "
        "was sent.", existing_id=user_id, existing=existing, problem=problem,
    )  # fmt: skip


def problem_of(response: Any, scrub: Callable[[Any], Any] = scrub_json) -> Mapping[str, Any]:
    """The problem document of an error answer, every text in it passed through ``scrub`` (a server or
    a gateway may quote the request back, Authorization header and all)."""
    try:
        body = decode_json(response.content)
    except ValueError:
        return {}
    return scrub(body) if isinstance(body, Mapping) else {}


def _detail(problem: Mapping[str, Any]) -> str:
    detail = problem.get("detail") or problem.get("title")
    return f" ({str(detail).strip().rstrip('.')})" if isinstance(detail, str) and detail.strip() else ""


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1, round(seconds))} seconds"
    return f"{round(seconds / 60)} minutes"
