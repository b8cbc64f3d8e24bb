"""A scripted HTTP server on 127.0.0.1 (port 0) for the HTTP client tests.

Each request takes the next step of the script: an answer (status, headers, exact body bytes), a
dropped connection (request read, then closed with no answer), or a stall (no answer until the test
ends, to trigger the client's read timeout). Every request is recorded.
"""

from __future__ import annotations

import socket
import threading
from collections import deque
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: bytes = b"{}"
    headers: Mapping[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})


@dataclass(frozen=True)
class Drop:
    """Read the request, then close the connection without answering (the request did arrive)."""


@dataclass(frozen=True)
class Stall:
    """Answer nothing until the server stops (the client's read timeout must fire first)."""


Step = Answer | Drop | Stall


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


class LoopbackServer:
    def __init__(self) -> None:
        self.script: deque[Step] = deque()
        self.default: Step = Answer(500, b'{"title": "script exhausted"}')
        self.seen: list[Seen] = []
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def then(self, *steps: Step) -> LoopbackServer:
        self.script.extend(steps)
        return self

    def next_step(self) -> Step:
        return self.script.popleft() if self.script else self.default

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()  # releases stalled handlers
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


def _handler(owner: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet test output
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            owner.seen.append(
                Seen(
                    self.command,
                    parts.path,
                    parse_qs(parts.query),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
            )
            step = owner.next_step()
            if isinstance(step, Drop):
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if isinstance(step, Stall):
                owner._stop.wait(timeout=30)
                self.close_connection = True
                return
            self.send_response(step.status)
            for name, value in step.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(step.body)))
            self.end_headers()
            self.wfile.write(step.body)

        do_GET = do_POST = do_PUT = do_DELETE = _serve

    return Handler


@contextmanager
def running() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
