"""Scrubbing secrets out of text that came from a server, before it is shown, logged or stored.

A server, or a gateway in front of it, may quote the request back, ``Authorization`` header and all, in a
problem's ``detail``. Such text reaches the clerk's sentences, the outbox's ``last_error`` (a shared
database every desk reads) and the log. ``scrub`` replaces the API keys this process knows (``remember``)
and anything shaped like a credential (``Authorization: …``, ``Bearer …``) with ``[redacted]``.

Applied where server text enters (``countyadmin.http`` and the clients) and again, as a last line of
defence, where text is stored (the outbox repository) and logged (``SecretFilter`` on the log handlers).
"""

from __future__ import annotations

import base64
import functools
import logging
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any, Final
from urllib.parse import quote

REDACTED: Final[str] = "[redacted]"
# Shorter values are not remembered process-wide: replacing every "abc" in every log line would garble
# the log, and no real API key is that short (the client still scrubs its own key, whatever its length).
MIN_REMEMBERED = 6
# A secret shorter than this is replaced only where it stands alone (not inside a longer word or token):
# a short key may well be part of ordinary words ("roviders" in "providers"), a real key is longer.
MIN_ANYWHERE = 12
# Characters a key or token is made of: a short secret next to one of them is part of something longer.
_TOKEN_CHARS = r"A-Za-z0-9\-._~+/"

# "Authorization: Bearer x", "authorization=x", '"Authorization": "Basic x"' … the value, whatever scheme
# (the scheme is taken possessively, so "Bearer [redacted]" is not read as a value "Bearer").
_AUTHORIZATION = re.compile(
    r"""(?i)(\b(?:proxy-)?authorization\b["']?\s*[:=]\s*["']?)"""
    r"""((?:bearer|basic|digest|token|apikey|api-key)\s+)?+(?!\[redacted\])[^\s"',;}\]]+"""
)
# A bearer token anywhere (RFC 6750 token68 characters) that looks like one: it holds a digit or one of
# _ ~ + / =, so "Bearer Creek Preschool" (a name) is left alone. A known key is scrubbed by its value
# whatever it looks like; this catches credentials the process does not know.
_BEARER = re.compile(r"(?i)\b(bearer)\s+(?=[A-Za-z.\-]*[0-9_~+/=])[A-Za-z0-9\-._~+/]+=*")

_known: set[str] = set()
_lock = threading.Lock()


def remember(secret: str) -> None:
    """Scrub ``secret`` (and its URL-quoted and base64 forms) from every text ``scrub`` sees from now on."""
    secret = secret.strip()
    if len(secret) < MIN_REMEMBERED:
        return
    with _lock:
        _known.add(secret)


@functools.lru_cache(maxsize=256)
def _forms(secret: str) -> tuple[str, ...]:
    """``secret`` as a server may quote it back: as is, URL-quoted, and base64 (standard and URL-safe) at
    each of the three alignments it can have inside a longer base64 text ("Basic " + b64("user:" + key)):
    the part of the encoding that depends on the key alone, which a key of 12 or more always has."""
    forms = {secret, quote(secret, safe="")}
    raw = secret.encode()
    if len(raw) >= MIN_ANYWHERE:
        for offset in range(3):
            encoded = base64.b64encode(b"\0" * offset + raw).decode()
            start = 4 if offset else 0  # the first group mixes the padding in
            whole = (offset + len(raw)) // 3 * 4  # groups made of the key's bytes alone
            core = encoded[start:whole]
            if len(core) >= 8:
                forms.update({core, core.replace("+", "-").replace("/", "_")})
    return tuple(sorted(forms, key=len, reverse=True))  # longest first: a key may contain a shorter one


@functools.lru_cache(maxsize=256)
def _standing_alone(secret: str) -> re.Pattern[str]:
    return re.compile(f"(?<![{_TOKEN_CHARS}]){re.escape(secret)}(?![{_TOKEN_CHARS}])")


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` without the given secrets, the remembered ones, and any credential-shaped part."""
    with _lock:
        known = _known | {s for s in secrets if s}
    for secret in sorted(known, key=len, reverse=True):  # longest first: a key may contain a shorter one
        for form in _forms(secret):
            if form not in text:
                continue
            if len(form) >= MIN_ANYWHERE:
                text = text.replace(form, REDACTED)
            else:
                text = _standing_alone(form).sub(REDACTED, text)
    text = _AUTHORIZATION.sub(lambda m: f"{m.group(1)}{m.group(2) or ''}{REDACTED}", text)
    return _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)


def scrub_json(value: Any, secrets: Iterable[str] = ()) -> Any:
    """A decoded JSON value with every string in it (keys too) scrubbed."""
    secrets = tuple(secrets)
    if isinstance(value, str):
        return scrub(value, secrets)
    if isinstance(value, Mapping):
        return {scrub(str(k), secrets): scrub_json(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_json(v, secrets) for v in value]
    return value


class SecretFilter(logging.Filter):
    """A handler filter that scrubs every record's message, exception and stack text before it is written.

    Put on handlers (a filter on a logger does not see records its children propagate).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: logging itself reports it when the record is emitted
            return True
        record.msg, record.args = scrub(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


# Query parameters that carry a password in a database URL: psycopg2's and PyMySQL's ``?password=``,
# ODBC's ``PWD=`` (also inside ``odbc_connect=``, a whole ODBC connection string).
_PASSWORD_PARAMETERS = frozenset({"password", "passwd", "pwd", "pass"})
_CONNECT_STRING_PASSWORD = re.compile(r"(?i)(?:^|;)\s*(?:pwd|password)\s*=\s*(\{(?:[^}]|\}\})*\}|[^;]*)")


def url_secrets(url: str | None) -> list[str]:
    """Every password a URL carries: in its user-info part, and in its query (``?password=``, ``PWD=``,
    an ``odbc_connect`` connection string), as the server receives them; empty when it carries none."""
    from urllib.parse import parse_qsl, unquote, urlsplit

    if not url or "://" not in url:
        return []
    found: list[str] = []
    try:
        parts = urlsplit(url)
        if parts.password:
            found.append(unquote(parts.password))
        query = parse_qsl(parts.query, keep_blank_values=False)
    except ValueError:  # an unparseable URL: whatever follows "user:" up to the host is the password
        query = []
        userinfo = url.split("://", 1)[1].split("/", 1)[0].rpartition("@")[0]
        if ":" in userinfo:
            found.append(unquote(userinfo.split(":", 1)[1]))
    for name, value in query:
        name = name.strip().lower()
        if name in _PASSWORD_PARAMETERS:
            found.append(value)
        elif name == "odbc_connect":
            for match in _CONNECT_STRING_PASSWORD.finditer(value):
                password = match.group(1).strip()
                if password.startswith("{") and password.endswith("}"):
                    password = password[1:-1].replace("}}", "}")
                found.append(password)
    return [secret for secret in dict.fromkeys(found) if secret.strip()]


def masked_url(url: str) -> str:
    """``url`` with every password it carries (``url_secrets``) shown as ``***``; unchanged, as written,
    when it carries none."""
    secrets = url_secrets(url)
    if not secrets:
        return url
    from urllib.parse import parse_qsl, urlencode, urlsplit

    def hidden(match: re.Match[str]) -> str:
        return match.group(0)[: match.start(1) - match.start(0)] + "***"

    masked = url
    try:
        parts = urlsplit(url)
        if parts.password is not None:
            parts = parts._replace(netloc=f"{parts.username or ''}:***@{parts.netloc.rsplit('@', 1)[1]}")
        if parts.query:
            query = [
                (name, "***" if name.strip().lower() in _PASSWORD_PARAMETERS
                 else _CONNECT_STRING_PASSWORD.sub(hidden, value) if name.strip().lower() == "odbc_connect"
                 else value)
                for name, value in parse_qsl(parts.query, keep_blank_values=True)
            ]  # fmt: skip
            parts = parts._replace(query=urlencode(query, safe="{}*"))
        # Not urlunsplit: it drops the "//" of a URL with no host (mssql+pyodbc:///?odbc_connect=...).
        masked = f"{parts.scheme}://{parts.netloc}{parts.path}" + (f"?{parts.query}" if parts.query else "")
        masked += f"#{parts.fragment}" if parts.fragment else ""
    except ValueError:
        pass
    # The last word: any form of a password the parsing above did not place (an unparseable URL).
    return scrub(masked, secrets)
