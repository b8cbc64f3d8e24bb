"""The one place that builds a ``requests.Session`` and sends requests for both HTTP clients.

Rules kept here so neither client can forget them:

- TLS is always verified (a county may add its own CA bundle, never switch verification off);
- plain ``http://`` only to this computer (loopback), for the sandbox and tests;
- a connect and a read timeout on every call;
- bounded retries with exponential backoff and jitter, only where repeating cannot do harm
  (GET, HEAD, PUT, DELETE, and POST carrying an ``Idempotency-Key``), honouring ``Retry-After`` on
  429/503 up to a cap so the app never hangs;
- secrets (the API key) are scrubbed from every log line and exception text.

Retries are done here rather than with urllib3's ``Retry`` because the POST rule depends on a header
and on whether the request can have reached the server at all.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Literal, Self
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import NameResolutionError, NewConnectionError

from countyadmin import __version__

logger = logging.getLogger(__name__)

Timeout = tuple[float, float]
DEFAULT_TIMEOUT: Final[Timeout] = (3.05, 15.0)
USER_AGENT: Final[str] = f"CountyAdmin/{__version__}"

# Methods that the HTTP semantics (RFC 9110 §9.2.2) make safe to repeat.
IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Answers that say "not now" rather than "no"; worth another try for a repeatable request.
RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
REDACTED: Final[str] = "[redacted]"

FailureKind = Literal["connect", "timeout", "dropped", "tls", "invalid"]


def check_base_url(url: str) -> str:
    """Return ``url`` if it may be used as a base URL, else raise ``ValueError`` saying why.

    ``https`` is always allowed; ``http`` only to this computer (127.0.0.0/8, ::1, localhost),
    because anything else would send the API key and provider data unencrypted.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"“{url}” is not a web address CountyAdmin can use; it should look like https://portal.example.org."
        )
    if parts.username is not None or parts.password is not None:
        # Credentials in the address would end up in logs; the API key has its own setting.
        raise ValueError(
            "The web address must not contain a user name or password; remove the part before “@”."
        )
    if scheme == "http" and not is_loopback_host(parts.hostname):
        raise ValueError(
            f"“{url}” uses plain http, which would send the API key unencrypted. "
            "Use the https:// address instead (plain http is only allowed to this computer)."
        )
    return url.strip()


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delay-seconds or an HTTP date), or ``None``."""
    if value is None:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a naive result means "-0000"
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def build_session(*, ca_bundle: str | Path | None = None) -> requests.Session:
    """A session with TLS verification on (optionally against a county's own CA bundle)."""
    if ca_bundle is not None and not Path(ca_bundle).is_file():
        raise ValueError(f"The certificate file “{ca_bundle}” does not exist; choose it again in Settings.")
    session = requests.Session()
    session.verify = str(ca_bundle) if ca_bundle is not None else True
    session.headers["User-Agent"] = USER_AGENT
    session.headers["Accept"] = "application/json"
    # No adapter-level retries: HttpClient decides what may be repeated.
    adapter = HTTPAdapter(max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


@dataclass(frozen=True, slots=True)
class Reply:
    """The last HTTP answer, and how many attempts it took (a retried DELETE's 404 means "done")."""

    response: requests.Response
    attempts: int


class TransportError(Exception):
    """No HTTP answer at all. ``request_sent`` says whether the server may have received the request."""

    def __init__(self, message: str, *, kind: FailureKind, request_sent: bool, attempts: int):
        super().__init__(message)
        self.kind: FailureKind = kind
        self.request_sent = request_sent
        self.attempts = attempts


class Closeable:
    """``with client: ...`` closes the client's connections at the end."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class BearerAuth(requests.auth.AuthBase):
    """Adds ``Authorization: Bearer <key>`` per request, so the key never sits in ``session.headers``."""

    def __init__(self, key: str):
        self._key = key

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self._key}"
        return request

    def __repr__(self) -> str:
        return "BearerAuth([redacted])"


class HttpClient(Closeable):
    """Sends requests relative to one base URL, with the rules in this module's docstring."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_attempts: int = 4,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        max_retry_after: float = 30.0,
        ca_bundle: str | Path | None = None,
        sleep: Callable[[float], None] = time.sleep,
        auth: requests.auth.AuthBase | None = None,
        secrets: Iterable[str] = (),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        rng: random.Random | None = None,
    ):
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.base_url = check_base_url(base_url)
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or random.Random()
        self._secrets = tuple(s for s in secrets if s)
        self._session = build_session(ca_bundle=ca_bundle)
        self._session.auth = auth

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def close(self) -> None:
        self._session.close()

    def scrub(self, text: str) -> str:
        """``text`` with every secret replaced, for log lines and messages."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def url(self, path: str) -> str:
        base = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        return base + path.lstrip("/")

    def retry_after(self, response: requests.Response) -> float | None:
        return parse_retry_after(response.headers.get("Retry-After"), now=self._clock())

    def backoff_delay(self, attempt: int) -> float:
        """Exponential backoff with "equal jitter": half fixed, half random, so clients spread out."""
        ceiling: float = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
        return ceiling / 2 + self._rng.uniform(0, ceiling / 2)

    def _attempt(
        self, method: str, url: str, *, params: Mapping[str, str | int] | None, json: Any,
        headers: Mapping[str, str] | None,
    ) -> requests.Response | _Failure:
        try:
            response: requests.Response = self._session.request(
                method, url, params=params, json=json, headers=headers,
                timeout=self.timeout, allow_redirects=False,  # a redirect could leave https
                # Passed per request: requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override the
                # session's ``verify``, which would silently drop the CA bundle chosen in Settings.
                verify=self._session.verify,
            )
        except requests.RequestException as exc:
            kind, sent = _classify(exc)
            return _Failure(kind, sent, self.scrub(f"{type(exc).__name__}: {exc}"))
        return response

    def request(
        self,
        method: str,
        path: str = "",
        *,
        params: Mapping[str, str | int] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        valid: Callable[[requests.Response], bool] | None = None,
    ) -> Reply:
        """Send a request, retrying where safe; return the last HTTP answer (any status).

        ``valid`` may reject a 2xx answer (say, a truncated JSON body from a proxy); a repeatable
        request is then tried again like one answered 503.

        Raises:
            TransportError: no answer after the allowed attempts (or one that must not be repeated).
        """
        method = method.upper()
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS or (
                method == "POST" and any(k.lower() == "idempotency-key" for k in (headers or {}))
            )
        url = self.url(path)
        what = self.scrub(f"{method} {url}")
        attempt = 0
        while True:
            attempt += 1
            outcome = self._attempt(method, url, params=params, json=json, headers=headers)
            if isinstance(outcome, _Failure):
                detail = f"{what}: {outcome.detail}"
                may_retry = outcome.kind not in ("tls", "invalid") and (idempotent or not outcome.sent)
                if may_retry and attempt < self.max_attempts:
                    delay = self.backoff_delay(attempt)
                    logger.info("%s; attempt %d of %d, retrying in %.1f s", detail, attempt,
                                self.max_attempts, delay)
                    self._sleep(delay)
                    continue
                logger.warning("%s; giving up after %d attempt(s)", detail, attempt)
                # Raised outside any ``except``: no chained requests exception (which holds the
                # prepared request and its Authorization header) travels with it.
                raise TransportError(detail, kind=outcome.kind, request_sent=outcome.sent, attempts=attempt)
            response = outcome

            status = response.status_code
            unusable = status in RETRY_STATUSES or (
                200 <= status < 300 and valid is not None and not valid(response)
            )
            if not (idempotent and unusable and attempt < self.max_attempts):
                return Reply(response, attempt)
            wait = self.retry_after(response) if status in (429, 503) else None
            if wait is not None and wait > self.max_retry_after:
                logger.warning("%s: HTTP %d, Retry-After %.0f s exceeds %.0f s; giving up", what,
                               response.status_code, wait, self.max_retry_after)
                return Reply(response, attempt)
            delay = wait if wait is not None else self.backoff_delay(attempt)
            logger.info("%s: HTTP %d; attempt %d of %d, retrying in %.1f s", what, response.status_code,
                        attempt, self.max_attempts, delay)
            response.close()
            self._sleep(delay)


@dataclass(frozen=True, slots=True)
class _Failure:
    kind: FailureKind
    sent: bool
    detail: str  # already scrubbed


def _classify(exc: requests.RequestException) -> tuple[FailureKind, bool]:
    """What kind of failure ``exc`` is, and whether the request may have reached the server."""
    if isinstance(exc, requests.exceptions.SSLError):
        return "tls", False
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "timeout", False
    if isinstance(exc, requests.exceptions.Timeout):
        return "timeout", True
    if isinstance(exc, requests.ConnectionError):
        if _caused_by(exc, (NewConnectionError, NameResolutionError)):
            return "connect", False  # refused or unresolvable: nothing was sent
        return "dropped", True
    if isinstance(exc, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError):
        return "dropped", True
    return "invalid", False


def _caused_by(exc: BaseException, types: tuple[type[BaseException], ...]) -> bool:
    seen: set[int] = set()
    stack: list[Any] = [exc]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, types):
            return True
        if isinstance(item, BaseException):
            stack.extend([item.__cause__, item.__context__, *item.args, getattr(item, "reason", None)])
    return False
