"""The one place that builds a ``requests.Session`` and sends requests for both HTTP clients.

Rules kept here so neither client can forget them:

- TLS is always verified, against the operating system's own trust store (``truststore``: Windows'
  certificate store, where Group Policy puts a county's inspection root; the macOS keychain; OpenSSL's
  default paths on Linux) plus, when a county names one, a PEM file of extra roots. Verification is
  never switched off, and ``REQUESTS_CA_BUNDLE``/``CURL_CA_BUNDLE`` cannot replace the system store;
- the system's proxy is used (``HTTPS_PROXY``/``NO_PROXY``, or on Windows the Internet Settings in the
  registry, through requests' ``trust_env``), TLS still verified end to end through its tunnel; this
  computer (loopback: the demo's sandbox) is never reached through a proxy;
- plain ``http://`` only to this computer (loopback), for the sandbox and tests;
- every call ends: ``CALL_DEADLINE`` bounds the whole call (connect, sending, the answer's headers and
  body, every retry and every wait between them). Per-read timeouts alone do not, since a server that
  trickles a byte every few seconds never lets one fire; so each attempt is watched, and at the deadline
  the watch shuts the attempt's socket down, which ends a read blocked anywhere (headers or body);
- no answer can flood memory: bodies are streamed in chunks and refused past ``MAX_ANSWER_BYTES``
  (decompressed bytes, so a gzip bomb is refused too); ``decode_json`` refuses nesting deeper than
  ``MAX_JSON_DEPTH`` before ``json.loads`` sees it;
- bounded retries with exponential backoff and jitter, only where repeating cannot do harm
  (GET, HEAD, PUT, DELETE, and POST carrying an ``Idempotency-Key``), honouring ``Retry-After`` on
  429/503 up to a cap so the app never hangs; a ``Retry-After`` is never believed past
  ``MAX_RETRY_AFTER`` (ten minutes);
- secrets (the API key) are scrubbed from every log line and exception text (``countyadmin.redact``).

Not covered by the deadline: resolving the host name (``getaddrinfo`` cannot be interrupted; the
system's resolver has its own timeouts), and answers through a SOCKS proxy (read timeouts and the
checks between body chunks still apply there).

Retries are done here rather than with urllib3's ``Retry`` because the POST rule depends on a header
and on whether the request can have reached the server at all.
"""

from __future__ import annotations

import email.utils
import ipaddress
import json as jsonlib
import logging
import random
import re
import socket
import ssl
import threading
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
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NameResolutionError, NewConnectionError

from countyadmin import __version__
from countyadmin.redact import remember, scrub_json
from countyadmin.redact import scrub as scrub_text

logger = logging.getLogger(__name__)

Timeout = tuple[float, float]
DEFAULT_TIMEOUT: Final[Timeout] = (3.05, 15.0)
# The limits of every call of both clients, here and nowhere else (read when a client is built).
CALL_DEADLINE: float = 30.0  # seconds, the whole call: connect, headers, body, retries and waits
MAX_ANSWER_BYTES: int = 4 * 1024 * 1024  # the largest answer either API sends is a 200-item page, ~0.2 MB
MAX_JSON_DEPTH: Final[int] = 64  # both APIs nest 5 levels at most
MAX_RETRY_AFTER: Final[float] = 600.0  # a Retry-After beyond ten minutes is read as ten minutes
_CHUNK: Final[int] = 64 * 1024
USER_AGENT: Final[str] = f"CountyAdmin/{__version__}"

# Methods that the HTTP semantics (RFC 9110 §9.2.2) make safe to repeat.
IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Answers that say "not now" rather than "no"; worth another try for a repeatable request.
RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})

# "too_large": the answer passed MAX_ANSWER_BYTES (the request did reach the server).
# "proxy": the system's proxy refused or failed the tunnel (a 407 sign-in, a 5xx), so nothing was sent.
FailureKind = Literal["connect", "timeout", "dropped", "tls", "invalid", "too_large", "proxy"]


def check_base_url(url: str) -> str:
    """Return ``url`` if it may be used as a base URL, else raise ``ValueError`` saying why.

    ``https`` is always allowed; ``http`` only to this computer (127.0.0.0/8, ::1, localhost),
    because anything else would send the API key and provider data unencrypted.
    """
    # A space or control character inside (a NUL, a line break) would be stripped or split by the URL
    # parser, and the address checked would not be the one sent.
    inside = any(character.isspace() or ord(character) < 0x20 or ord(character) == 0x7F
                 for character in url.strip())  # fmt: skip
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if inside or scheme not in ("http", "https") or not parts.hostname:
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


def describe_address(url: str) -> str:
    """``url`` for a clerk's sentence, saying "(on this computer)" for a loopback address (the demo's own
    sandbox: there "check the internet connection" would send the clerk the wrong way)."""
    host = urlsplit(url).hostname or ""
    return f"{url} (on this computer)" if is_loopback_host(host) else url


def proxy_refused(service: str, address: str) -> str:
    """The sentence for a ``"proxy"`` failure: the proxy, not the service, said no, and nothing was sent."""
    return (
        f"This computer's proxy server would not connect CountyAdmin to {service} at {address}, so nothing "
        "was sent. Ask your IT department to let CountyAdmin through the proxy without a sign-in."
    )


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delay-seconds or an HTTP date), or ``None``.

    Never more than ``MAX_RETRY_AFTER``: a server asking for years means "later", not "in 3e16 minutes".
    """
    if value is None:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        # float() of a long digit string is inf, never an error (int() would refuse past 4,300 digits).
        return min(float(text), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a naive result means "-0000"
        when = when.replace(tzinfo=UTC)
    return min(MAX_RETRY_AFTER, max(0.0, (when - (now or datetime.now(UTC))).total_seconds()))


class UnreadableJson(ValueError):
    """``decode_json`` refused the body; ``str()`` says why in a few words ("nested too deeply")."""


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def decode_json(body: bytes, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """The JSON value of ``body``.

    Raises:
        ValueError: not JSON (``json.JSONDecodeError``), or ``UnreadableJson`` when nested deeper than
            ``max_depth`` (checked before parsing, so 200,000 brackets cost a scan, not a recursion).
    """
    if body.count(b"[") + body.count(b"{") > max_depth and _depth_exceeds(body, max_depth):
        raise UnreadableJson("nested too deeply")
    try:
        return jsonlib.loads(body)
    except RecursionError:  # belt and braces: the scan above should have refused it
        raise UnreadableJson("nested too deeply") from None
    except UnicodeDecodeError:
        raise UnreadableJson("not text") from None


def _depth_exceeds(body: bytes, max_depth: int) -> bool:
    depth = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub(b"", body)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > max_depth:
                return True
        else:
            depth -= 1
    return False


def tls_context(ca_bundle: str | Path | None = None) -> ssl.SSLContext:
    """A client TLS context trusting the system's store, plus the roots in ``ca_bundle`` when given.

    Raises:
        ValueError: ``ca_bundle`` is missing or holds no certificate, said as a sentence.
    """
    import truststore  # here: building it is the first network step, not something start-up waits for

    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if ca_bundle is not None:
        if not Path(ca_bundle).is_file():
            raise ValueError(
                f"The certificate file “{ca_bundle}” does not exist; choose it again in Settings "
                "or ask your IT department."
            )
        try:
            context.load_verify_locations(cafile=str(ca_bundle))
        except (ssl.SSLError, UnicodeDecodeError, ValueError) as error:
            raise ValueError(
                f"The certificate file “{ca_bundle}” holds no usable certificate ({error}); it should be "
                "the county's root certificates in PEM form."
            ) from None
    return context


def build_session(*, ca_bundle: str | Path | None = None) -> requests.Session:
    """A session verifying TLS against the system's store and ``ca_bundle`` (see ``tls_context``)."""
    context = tls_context(ca_bundle)
    session = requests.Session()
    session.verify = True  # the adapter verifies with ``context`` whatever requests passes it
    session.headers["User-Agent"] = USER_AGENT
    session.headers["Accept"] = "application/json"
    # No adapter-level retries: HttpClient decides what may be repeated.
    adapter = _WatchedAdapter(context, max_retries=0)
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
        deadline: float | None = None,
        max_answer_bytes: int | None = None,
    ):
        """``deadline`` and ``max_answer_bytes`` default to ``CALL_DEADLINE`` and ``MAX_ANSWER_BYTES``."""
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.base_url = check_base_url(base_url)
        self.timeout = timeout
        self.deadline = CALL_DEADLINE if deadline is None else deadline
        self.max_answer_bytes = MAX_ANSWER_BYTES if max_answer_bytes is None else max_answer_bytes
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or random.Random()
        self._secrets = tuple(s for s in secrets if s)
        for secret in self._secrets:
            remember(secret)  # so the log filter and the outbox's store scrub it too
        self._session = build_session(ca_bundle=ca_bundle)
        self._session.auth = auth

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def close(self) -> None:
        self._session.close()

    def scrub(self, text: str) -> str:
        """``text`` with every secret and credential-shaped part replaced, for log lines and messages."""
        return scrub_text(text, self._secrets)

    def scrub_json(self, value: Any) -> Any:
        """A decoded JSON value from the server with every text in it scrubbed like ``scrub``."""
        return scrub_json(value, self._secrets)

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
        headers: Mapping[str, str] | None, deadline: float,
    ) -> requests.Response | _Failure:
        """One attempt, ended by ``deadline`` (a ``time.monotonic()`` value) wherever it is stuck."""
        remaining = max(0.01, deadline - time.monotonic())
        timeout = (min(self.timeout[0], remaining), min(self.timeout[1], remaining))
        with _Watch(remaining) as watch:
            try:
                response: requests.Response = self._session.request(
                    method, url, params=params, json=json, headers=headers,
                    timeout=timeout, allow_redirects=False,  # a redirect could leave https
                    stream=True,  # the body is read below, in chunks, against the size cap
                )
            except requests.RequestException as exc:
                if watch.fired:
                    return _Failure("timeout", watch.connected, self._over_deadline())
                kind, sent = _classify(exc)
                return _Failure(kind, sent, self.scrub(f"{type(exc).__name__}: {exc}"))
            outcome = self._read_body(response, deadline, watch)
            if watch.fired:
                # Shut down mid-headers, http.client reads the end of file as the end of the headers:
                # what looks like an answer is a cut-off one.
                outcome = _Failure("timeout", True, self._over_deadline())
        if isinstance(outcome, _Failure):
            response.close()  # a connection whose answer was not read to the end is not reused
            return outcome
        response._content = outcome  # .content and .json() read it; nothing more comes from the socket
        response._content_consumed = True
        return response

    def _read_body(self, response: requests.Response, deadline: float, watch: _Watch) -> bytes | _Failure:
        declared = response.headers.get("Content-Length", "").strip()
        if declared.isascii() and declared.isdigit() and (
            len(declared) > 18 or int(declared) > self.max_answer_bytes
        ):
            return self._too_large(declared)
        body = bytearray()
        try:
            for chunk in response.iter_content(_CHUNK):
                body += chunk
                if len(body) > self.max_answer_bytes:
                    return self._too_large(f"more than {self.max_answer_bytes}")
                if time.monotonic() > deadline:
                    return _Failure("timeout", True, self._over_deadline())
        except requests.RequestException as exc:
            if watch.fired:
                return _Failure("timeout", True, self._over_deadline())
            return _Failure("dropped", True, self.scrub(f"{type(exc).__name__}: {exc}"))
        return bytes(body)

    def _too_large(self, size: str) -> _Failure:
        return _Failure("too_large", True, f"answer of {size} bytes exceeds {self.max_answer_bytes} bytes")

    def _over_deadline(self) -> str:
        return f"no complete answer within the call's {self.deadline:g} s"

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
        deadline = time.monotonic() + self.deadline
        attempt = 0
        while True:
            attempt += 1
            outcome = self._attempt(method, url, params=params, json=json, headers=headers,
                                    deadline=deadline)  # fmt: skip
            if isinstance(outcome, _Failure):
                detail = f"{what}: {outcome.detail}"
                may_retry = outcome.kind not in ("tls", "invalid", "too_large") and (
                    idempotent or not outcome.sent
                )
                delay = self.backoff_delay(attempt)
                if may_retry and attempt < self.max_attempts and _fits(delay, deadline):
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
            if not _fits(delay, deadline):
                logger.warning("%s: HTTP %d; no time left for another attempt within %g s", what,
                               response.status_code, self.deadline)
                return Reply(response, attempt)
            logger.info("%s: HTTP %d; attempt %d of %d, retrying in %.1f s", what, response.status_code,
                        attempt, self.max_attempts, delay)
            response.close()
            self._sleep(delay)


def _fits(delay: float, deadline: float) -> bool:
    """Whether waiting ``delay`` seconds still leaves a moment for another attempt before ``deadline``."""
    return time.monotonic() + delay + 0.05 < deadline


@dataclass(frozen=True, slots=True)
class _Failure:
    kind: FailureKind
    sent: bool
    detail: str  # already scrubbed


def _classify(exc: requests.RequestException) -> tuple[FailureKind, bool]:
    """What kind of failure ``exc`` is, and whether the request may have reached the server."""
    if isinstance(exc, requests.exceptions.SSLError):
        return "tls", False
    if isinstance(exc, requests.exceptions.ProxyError):
        return "proxy", False  # the proxy refused or failed the tunnel: nothing reached the server
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


# --- the watch that ends an attempt at its deadline -----------------------------------------------

_current = threading.local()


class _Watch:
    """While active on a thread, every socket that thread's requests use is shut down at the deadline.

    ``shutdown`` (not ``close``) wakes a ``recv`` blocked in another thread at once: it returns
    end-of-file, urllib3 raises, and the attempt ends. The connection is then discarded, never reused.
    """

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self.connected = False  # a socket was in use, so the request may have reached the server
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Watch:
        _current.watch = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _current.watch = None
        with self._lock:
            self._sockets.clear()

    def add(self, sock: socket.socket, *, connected: bool = True) -> None:
        """Watch ``sock``; ``connected=False`` while it is still being set up (nothing sent yet)."""
        with self._lock:
            self.connected = self.connected or connected
            if self.fired:
                _shut(sock)
            else:
                self._sockets.append(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        # The plain socket's shutdown, also for an SSLSocket (whose own drops its SSL object first).
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


def _watched(sock: socket.socket | None, *, connected: bool = True) -> None:
    watch: _Watch | None = getattr(_current, "watch", None)
    if watch is not None and sock is not None:
        watch.add(sock, connected=connected)


class _WatchedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        # From the start: a proxy's CONNECT answer or a TLS handshake can trickle too.
        _watched(sock, connected=False)
        return sock

    def connect(self) -> None:
        super().connect()
        _watched(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _watched(self.sock)  # a kept-alive connection: connect() is not called again
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        # From the start: a proxy's CONNECT answer or a TLS handshake can trickle too.
        _watched(sock, connected=False)
        return sock

    def connect(self) -> None:
        super().connect()
        _watched(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _watched(self.sock)
        super().request(*args, **kwargs)


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_WATCHED_POOLS: Final = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class _WatchedAdapter(HTTPAdapter):
    """requests' adapter whose connections report their sockets to the current ``_Watch``.

    It also owns TLS verification: every pool uses the adapter's context, so the bundle requests would
    load into it (certifi, or ``REQUESTS_CA_BUNDLE`` from the environment) never does, and a
    ``verify=False`` is refused rather than obeyed.
    """

    def __init__(self, context: ssl.SSLContext, **kwargs: Any) -> None:
        self._context = context
        super().__init__(**kwargs)

    def send(
        self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
        verify: Any = True, cert: Any = None, proxies: dict[str, str] | None = None,
    ) -> requests.Response:
        if proxies and is_loopback_host(urlsplit(request.url or "").hostname or ""):
            proxies = None  # this computer (the demo's sandbox) is never reached through a proxy
        return super().send(request, stream, timeout, verify, cert, proxies)

    def build_connection_pool_key_attributes(
        self, request: requests.PreparedRequest, verify: bool | str, cert: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        if verify is False:
            raise ValueError("TLS verification cannot be switched off in CountyAdmin")
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, True, cert)
        pool_kwargs["ssl_context"] = self._context
        return host_params, pool_kwargs

    def cert_verify(self, conn: Any, url: str, verify: bool | str, cert: Any) -> None:
        # The context already holds what to trust: a file named here would be loaded into it.
        conn.cert_reqs = "CERT_REQUIRED"
        conn.ca_certs = None
        conn.ca_cert_dir = None

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _WATCHED_POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):  # SOCKS pools have connection classes of their own
            manager.pool_classes_by_scheme = _WATCHED_POOLS
        return manager
