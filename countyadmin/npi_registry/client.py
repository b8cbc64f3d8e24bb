"""The NPPES NPI Registry (public API v2.1): look up one NPI. No Qt; call it off the GUI thread."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import requests

from countyadmin.http import (
    Closeable,
    HttpClient,
    Timeout,
    TransportError,
    decode_json,
    describe_address,
    proxy_refused,
)
from countyadmin.npi_registry.errors import NpiNotFound, NpiRegistryRejected, NpiRegistryUnavailable
from countyadmin.npi_registry.models import NpiRecord
from countyadmin.npi_registry.parser import parse_response
from countyadmin.redact import scrub_json

DEFAULT_BASE_URL = "https://npiregistry.cms.hhs.gov/api/"
API_VERSION = "2.1"
# CMS's own example NPI (valid check digit): "Test connection" only needs an answer in NPPES shape.
_PROBE_NPI = "1234567893"
_TRY_LATER = "Try again in a few minutes; you can still save."


class NpiRegistryClient(Closeable):
    """Looks up NPIs in the registry; every failure is an ``NpiRegistryError`` with a clerk's sentence."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        timeout: Timeout = (3.05, 10.0),
        max_attempts: int = 3,
        ca_bundle: str | Path | None = None,
        sleep: Callable[[float], None] = time.sleep,
        deadline: float | None = None,
    ):
        """``deadline`` (seconds for a whole lookup) defaults to ``countyadmin.http.CALL_DEADLINE``."""
        self._http = HttpClient(
            base_url, timeout=timeout, max_attempts=max_attempts, ca_bundle=ca_bundle, sleep=sleep,
            deadline=deadline,
        )  # fmt: skip

    def __repr__(self) -> str:
        return f"NpiRegistryClient(base_url={self._http.base_url!r})"

    def close(self) -> None:
        self._http.close()

    def lookup(self, npi: str) -> NpiRecord:
        """The registry's record for ``npi``.

        Raises:
            NpiNotFound: the registry has no provider with that NPI (new NPIs take about a week).
            NpiRegistryRejected: the registry refused the question (or ``npi`` is not 10 digits).
            NpiRegistryUnavailable: no usable answer.
        """
        number = npi.strip()
        if not (len(number) == 10 and number.isascii() and number.isdigit()):
            # Checked here so nothing odd is ever put into the query; the registry would refuse it anyway.
            raise NpiRegistryRejected(f"“{npi}” is not an NPI: an NPI is 10 digits. Check it and try again.")
        records = self._query(number)
        for record in records:
            if record.npi == number:
                return record
        if records:
            raise NpiRegistryUnavailable(
                f"The NPI Registry answered about a different provider than NPI {number}. {_TRY_LATER}"
            )
        raise NpiNotFound(
            f"The NPI Registry has no provider with NPI {number}. "
            "New NPIs can take a week to appear; you can still save."
        )

    def check(self) -> None:
        """For "Test connection": raises an ``NpiRegistryError`` unless the registry answers in its shape."""
        self._query(_PROBE_NPI)  # found or not found are both fine: either is a proper NPPES answer

    def _query(self, number: str) -> list[NpiRecord]:
        failure: TransportError | None = None
        try:
            response = self._http.request("GET", params={"version": API_VERSION, "number": number}).response
        except TransportError as exc:
            failure = exc
        if failure is not None:  # raised outside ``except``: nothing chained to it
            raise NpiRegistryUnavailable(_transport_message(failure, self._http.base_url))
        with response:
            if response.status_code != 200:
                raise NpiRegistryUnavailable(_status_message(response))
            try:
                payload = decode_json(response.content)
            except ValueError:  # also nested too deeply to be the registry's answer
                raise NpiRegistryUnavailable(
                    "The NPI Registry answered with a page that is not its usual data "
                    f"(perhaps it is down for maintenance). {_TRY_LATER}"
                ) from None
        # Its names and refusals are shown to the clerk and cached: server text, scrubbed like any other.
        return parse_response(scrub_json(payload))


def _transport_message(exc: TransportError, address: str) -> str:
    if exc.kind == "tls":
        return (
            "CountyAdmin could not verify the NPI Registry's security certificate, so it did not send "
            "the request. If your county uses its own certificate, ask IT to install it in this computer's "
            "certificate store."
        )
    if exc.kind == "too_large":
        return (
            "The NPI Registry answered with far more data than a lookup returns, so CountyAdmin did not "
            f"read it. {_TRY_LATER}"
        )
    if exc.kind == "proxy":
        return proxy_refused("the NPI Registry", address)
    where = describe_address(address)
    if exc.kind == "timeout":
        return f"The NPI Registry at {where} did not answer in time. {_TRY_LATER}"
    return (
        f"CountyAdmin could not reach the NPI Registry at {where}. Check that this computer can reach it, "
        f"then try again; you can still save."
    )


def _status_message(response: requests.Response) -> str:
    status = response.status_code
    if status in (429, 503):
        return f"The NPI Registry is busy (HTTP {status}). {_TRY_LATER}"
    return f"The NPI Registry answered with an error (HTTP {status}). {_TRY_LATER}"
