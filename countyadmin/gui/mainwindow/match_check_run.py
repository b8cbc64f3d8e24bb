""""Check all unlinked providers for matches": one provider at a time per slot, at most two at once.

The portal is shared by every county, so the run never asks more than ``MAX_IN_FLIGHT`` questions at a
time; the workers are started from the GUI thread as earlier ones finish, so Cancel simply stops starting
new ones (the ones in flight finish and are still recorded).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from countyadmin.domain.match_check import MatchCheck
from countyadmin.gui.context import PortalWorkLike, error_sentence
from countyadmin.gui.workers import Tagged, run_in_background, tagged

log = logging.getLogger(__name__)

MAX_IN_FLIGHT = 2


class MatchCheckRun(QObject):
    """Checks the given providers in the background.

    Signals:
        checked(object): a MatchCheck came back.
        progress(int, int): providers done, providers in the run.
        finished(str): the run ended (done, cancelled or stopped by a failure); the sentence says how.
    """

    checked = Signal(object)
    progress = Signal(int, int)
    finished = Signal(str)

    def __init__(self, portal: PortalWorkLike, provider_ids: Iterable[int], parent: QObject | None = None):
        super().__init__(parent)
        self._portal = portal
        self._queue = deque(provider_ids)
        self.total = len(self._queue)
        self.done = 0
        self.found = 0
        self._in_flight = 0
        self._cancelled = False
        self._failure: str | None = None
        self._ended = False

    def start(self) -> None:
        self.progress.emit(0, self.total)
        self._fill()
        if self._in_flight == 0:
            self._finish()

    def cancel(self) -> None:
        self._cancelled = True
        self._queue.clear()
        if self._in_flight == 0:
            self._finish()

    def running(self) -> bool:
        return self._in_flight > 0 or bool(self._queue)

    def _fill(self) -> None:
        while self._queue and self._in_flight < MAX_IN_FLIGHT:
            provider_id = self._queue.popleft()
            self._in_flight += 1
            run_in_background(tagged, provider_id, self._portal.check_provider, provider_id,
                              on_success=self._on_answer)  # fmt: skip

    def _on_answer(self, answer: Tagged) -> None:
        self._in_flight -= 1
        self.done += 1
        _provider_id, value = answer
        if isinstance(value, MatchCheck):
            self.found += value.has_match
            self.checked.emit(value)
        elif isinstance(value, Exception) and self._failure is None:
            # The portal is down or not set up: stop rather than fail a thousand times.
            self._failure = error_sentence(value)
            self._queue.clear()
        self.progress.emit(self.done, self.total)
        self._fill()
        if self._in_flight == 0 and not self._queue:
            self._finish()

    def _finish(self) -> None:
        if self._ended:
            return
        self._ended = True
        matches = f"{self.found:,} with a match available"
        if self._failure is not None:
            text = f"Checking stopped after {self.done:,} of {self.total:,} providers: {self._failure}"
        elif self._cancelled:
            text = f"Checking cancelled after {self.done:,} of {self.total:,} providers ({matches})."
        else:
            text = f"Checked {self.total:,} unlinked providers: {matches}."
        self.finished.emit(text)
