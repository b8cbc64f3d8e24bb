"""A hostile HTTP server on 127.0.0.1 (port 0), raw sockets and threads: it answers as slowly, as much or
as strangely as a test tells it, which no well-behaved framework would.

``serve(server, connection, head)`` answers one request (``head`` is its request line and headers, the
body already read); it may trickle, flood or stall until ``server.stopping`` is set. When a send fails
because the client hung up, ``server.hung_up`` is set: the proof that the client closed the connection.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Serve = Callable[["HostileServer", socket.socket, bytes], None]


class HostileServer:
    def __init__(self, serve: Serve) -> None:
        self._serve = serve
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self.stopping = threading.Event()
        self.hung_up = threading.Event()
        self.heads: list[bytes] = []
        self._threads: list[threading.Thread] = []
        self._connections: list[socket.socket] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._connections.append(connection)
            thread = threading.Thread(target=self._handle, args=(connection,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _handle(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(10)
            try:
                while not self.stopping.is_set():  # keep-alive: one request after another
                    head = _read_request(connection)
                    if head is None:
                        return
                    self.heads.append(head)
                    self._serve(self, connection, head)
            except OSError:
                self.hung_up.set()

    def send(self, connection: socket.socket, data: bytes) -> bool:
        """Send ``data``; False (and ``hung_up`` set) when the client has closed the connection."""
        try:
            connection.sendall(data)
        except OSError:
            self.hung_up.set()
            return False
        return True

    def trickle(self, connection: socket.socket, data: bytes, every: float) -> None:
        """One byte of ``data`` every ``every`` seconds, until it is all sent, the client hangs up or the
        server stops."""
        for i in range(len(data)):
            if self.stopping.wait(every) or not self.send(connection, data[i : i + 1]):
                return

    def start(self) -> HostileServer:
        self._accepting.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._listener.close()
        self._accepting.join(5)
        for connection in self._connections:  # wakes handlers waiting for a next request
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for thread in self._threads:
            thread.join(5)


def _read_request(connection: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = connection.recv(65536)
        if not chunk:
            return None
        rest += chunk
    return head + b"\r\n\r\n" + rest


def header(head: bytes, name: str) -> str | None:
    for line in head.split(b"\r\n\r\n")[0].split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name.lower().encode():
            return value.strip().decode("latin-1")
    return None


def answer(status: int, body: bytes, *, headers: dict[str, str] | None = None,
           content_type: str = "application/json") -> bytes:  # fmt: skip
    lines = [f"HTTP/1.1 {status} Hostile", f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@contextmanager
def hostile(serve: Serve) -> Iterator[HostileServer]:
    server = HostileServer(serve).start()
    try:
        yield server
    finally:
        server.stop()


def run_bounded(call: Callable[[], object], *, within: float) -> tuple[bool, BaseException | None, float]:
    """Run ``call`` on a thread; (ended within ``within`` seconds, what it raised, seconds taken).

    A call that never ends is left on its daemon thread: the test fails instead of hanging.
    """
    raised: list[BaseException] = []
    started = time.monotonic()

    def target() -> None:
        try:
            call()
        except BaseException as error:  # noqa: BLE001 - handed to the test
            raised.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(within)
    return not thread.is_alive(), raised[0] if raised else None, time.monotonic() - started
