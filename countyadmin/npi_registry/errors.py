"""Typed errors of the NPI Registry client, each with a sentence a county clerk can act on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


class NpiRegistryError(Exception):
    @property
    def user_message(self) -> str:
        return str(self.args[0])


class NpiNotFound(NpiRegistryError):
    """The registry answered, and it has no provider with that NPI (it may be too new: NPPES lags)."""


class NpiRegistryRejected(NpiRegistryError):
    """HTTP 200 with ``{"Errors": [...]}``: the registry refused the question itself."""

    def __init__(self, message: str, errors: Sequence[Mapping[str, Any]] = ()):
        super().__init__(message)
        self.errors = tuple(errors)


class NpiRegistryUnavailable(NpiRegistryError):
    """The registry could not be reached, timed out, or answered with something that is not its API."""
