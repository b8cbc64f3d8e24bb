"""Run-time fault injection for /api/v1 and /npi-registry: latency, error answers and lost answers.

"Drop" processes the request and then aborts the TCP connection without any HTTP answer, the way a
response is lost on a flaky network: it proves a retried idempotent POST creates exactly one thing.
Aborting needs the transport, which ASGI does not expose; :mod:`countyadmin.sandbox.server` puts an
``abort`` callable into the scope's extensions (``ABORT_EXTENSION``).
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from countyadmin.sandbox.problems import problem_body

ABORT_EXTENSION = "countyadmin.sandbox.abort"
FAULTY_PREFIXES = ("/api/v1", "/npi-registry")

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[Message], Any]
ASGIApp = Callable[[Scope, Receive, Send], Any]


class Faults(BaseModel):
    model_config = ConfigDict(extra="forbid")

    latency_ms: int = Field(0, ge=0, le=60_000)
    error_rate: float = Field(0.0, ge=0.0, le=1.0)
    error_status: int = Field(503, ge=400, le=599)
    drop_rate: float = Field(0.0, ge=0.0, le=1.0)
    retry_after: int = Field(1, ge=0, le=3600, description="Seconds, sent as Retry-After on errors.")


class FaultState:
    """The current faults; in memory on purpose, so a restarted sandbox starts healthy."""

    def __init__(self, rng: random.Random | None = None) -> None:
        self._lock = threading.Lock()
        self._faults = Faults()
        self._rng = rng or random.Random()

    def get(self) -> Faults:
        with self._lock:
            return self._faults

    def set(self, faults: Faults) -> None:
        with self._lock:
            self._faults = faults

    def roll(self, rate: float) -> bool:
        # rate 1.0 must always fire and 0.0 never, whatever the generator says.
        with self._lock:
            return rate >= 1.0 or (rate > 0.0 and self._rng.random() < rate)


class FaultMiddleware:
    def __init__(self, app: ASGIApp, state: FaultState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(FAULTY_PREFIXES):
            await self.app(scope, receive, send)
            return
        faults = self.state.get()
        if faults.latency_ms:
            await asyncio.sleep(faults.latency_ms / 1000)
        if self.state.roll(faults.error_rate):
            await _send_error(send, faults)
            return
        abort = scope.get("extensions", {}).get(ABORT_EXTENSION)
        if abort is None or not self.state.roll(faults.drop_rate):
            await self.app(scope, receive, send)
            return

        async def swallow(_: Message) -> None:
            return None  # the answer is computed and thrown away: the client never sees it

        await self.app(scope, receive, swallow)
        abort()
        # Wait until the server notices the lost connection, so it does not try to answer a 500.
        await asyncio.wait_for(_until_disconnect(receive), timeout=5)


async def _until_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _send_error(send: Send, faults: Faults) -> None:
    body = json.dumps(
        problem_body(faults.error_status, "Injected fault: the sandbox is simulating an outage.")
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": faults.error_status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(faults.retry_after).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
