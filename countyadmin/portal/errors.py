"""Typed errors of the CPSE Portal client, each with a sentence a county clerk can act on.

No message here ever contains the API key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from countyadmin.portal.models import FieldError


class PortalError(Exception):
    """Base of every CPSE Portal failure; ``str(error)`` is the clerk-facing message."""

    def __init__(self, message: str, *, status: int | None = None, problem: Mapping[str, Any] | None = None):
        super().__init__(message)
        self.status = status
        self.problem: Mapping[str, Any] = problem or {}

    @property
    def user_message(self) -> str:
        return str(self.args[0])


class Unauthorized(PortalError):
    """401: the API key is missing, wrong or revoked."""


class NotFound(PortalError):
    """404: the provider or invitation does not exist (any more) on the portal."""


class Conflict(PortalError):
    """409: the portal already has what we tried to create; ``existing_id`` names it."""

    def __init__(
        self,
        message: str,
        *,
        existing_id: str | None = None,
        existing: Mapping[str, Any] | None = None,
        status: int | None = 409,
        problem: Mapping[str, Any] | None = None,
    ):
        super().__init__(message, status=status, problem=problem)
        self.existing_id = existing_id
        self.existing: Mapping[str, Any] = existing or {}


class AlreadyAdmin(Conflict):
    """409 on an invitation: the address is an active admin user of the provider; ``existing_id`` is the user.

    ``existing`` holds the problem's ``existing_user_email`` and ``existing_user_name``.
    """


class ValidationFailed(PortalError):
    """422: the portal refused some fields; ``field_errors`` says which and why."""

    def __init__(
        self,
        message: str,
        *,
        field_errors: Sequence[FieldError] = (),
        status: int | None = 422,
        problem: Mapping[str, Any] | None = None,
    ):
        super().__init__(message, status=status, problem=problem)
        self.field_errors = tuple(field_errors)


class PortalUnavailable(PortalError):
    """The portal could not be reached, timed out, or kept answering 429/5xx after bounded retries.

    Whatever was being sent may or may not have arrived; only idempotent requests are safe to repeat.
    """

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        status: int | None = None,
        problem: Mapping[str, Any] | None = None,
    ):
        super().__init__(message, status=status, problem=problem)
        self.retry_after = retry_after
