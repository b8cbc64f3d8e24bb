"""The background sender of the invitation outbox: a plain thread, no Qt.

It wakes when an invitation is queued (through the service it watches), when told to (``wake()``), when
the next queued item falls due, and at least every ``interval`` seconds (another desk may have queued
something in a shared database). It sends due items one at a time; backoff lives on the items
themselves (``next_attempt_at``), so a restarted app carries on where the last one stopped.

One stuck call never stops the outbox: every post ends within ``countyadmin.http.CALL_DEADLINE`` (connect,
headers, body and retries together, however slowly the portal trickles), the item is then queued again
with its own backoff (``last_error`` says the portal did not answer). A round posts up to ``WORKERS``
items at once, so the others go out while a post hangs: fewer than ``WORKERS`` hanging posts hold no
other item back, more hold it back by one deadline for every ``WORKERS`` of them (one at a time, four
hanging posts held the fifth back four deadlines). ``stop()`` returns within one deadline too
(tests/reliability/test_hostile_servers.py, test_hostile_attacks.py), or within its ``timeout`` when it
hands back the items still being posted (the app is closing: ``hand_back_in_flight``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from countyadmin.domain.outbox import OutboxItem, OutboxState
from countyadmin.services.invitations import InvitationService

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 30.0
# After an unexpected failure of a whole round (the database is down, say), wait this long at most.
ERROR_PAUSE = 60.0
MIN_PAUSE = 0.05  # never a busy loop, even when an item is due again at once
# Posts of one round that may run at once (each its own item, claim and connection).
WORKERS = 8


class OutboxSender:
    """Delivers the outbox in the background until ``stop()``.

    Callbacks (plain callables, run on the sender's thread or one of its post workers; the GUI adapts
    them to signals):
        on_item_changed(item: OutboxItem): after each change the sender's service commits (claimed,
            sent, queued again, failed) — also changes made by ``send_now`` on the same service.
        on_error(message: str): a round failed as a whole (say, the database is unreachable).
    """

    def __init__(
        self,
        service: InvitationService,
        *,
        interval: float = DEFAULT_INTERVAL,
        on_item_changed: Callable[[OutboxItem], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        name: str = "invitation-outbox",
    ) -> None:
        self._service = service
        self._interval = interval
        self._on_item_changed = on_item_changed
        self._on_error = on_error
        self._name = name
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self.rounds = 0  # completed rounds, for tests that wait for "at least one more"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._wake.set()  # the first round at once: items queued before a restart go out now
        self._unsubscribe = self._service.subscribe(self._item_changed)
        # A daemon thread: a post still in flight (at most CALL_DEADLINE) must not keep the app from
        # closing; its lease expires and the next start sends the item again with the same key.
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Look for due items now (e.g. after the clerk fixed the API key)."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> bool:
        """Ask the thread to finish and wait up to ``timeout`` seconds; True when it has finished."""
        self._stop.set()
        self._wake.set()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        finished = not thread.is_alive()
        if finished:
            self._thread = None
        else:
            # Never cut off holding an item: what is still being posted goes back to the outbox, sent
            # again (with its same key) at the next start instead of after its lease runs out.
            handed = self._service.hand_back_in_flight()
            log.warning("the invitation sender is still in a call to CPSE Portal; %d invitation(s) handed "
                        "back to the outbox for the next start", len(handed))  # fmt: skip
        return finished

    # -- the thread ------------------------------------------------------------------------------

    def _item_changed(self, item: OutboxItem) -> None:
        if item.state is OutboxState.QUEUED and item.attempts == 0:
            self._wake.set()  # freshly queued (or corrected): send it without waiting for the interval
        if self._on_item_changed is not None:
            self._on_item_changed(item)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            pause = self._interval
            try:
                self._service.deliver_due(should_stop=self._stop.is_set, workers=WORKERS)
                pause = self._until_next_due()
            except Exception as error:  # keep running: the database or settings may come back
                log.exception("the invitation sender's round failed")
                pause = min(self._interval, ERROR_PAUSE)
                if self._on_error is not None:
                    try:
                        self._on_error(
                            f"Queued invitations could not be sent just now ({type(error).__name__}). "
                            "CountyAdmin keeps them and tries again shortly."
                        )
                    except Exception:
                        log.exception("on_error callback failed")
            self.rounds += 1
            self._wake.wait(pause)

    def _until_next_due(self) -> float:
        seconds = self._service.seconds_until_next_delivery()
        if seconds is None:
            return self._interval
        return max(MIN_PAUSE, min(self._interval, seconds))
