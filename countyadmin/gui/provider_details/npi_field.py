"""The NPI field of the Billing Provider Profile: checked as typed, looked up in the NPI Registry.

Lookups run in the background. The clerk types fast, so several may be in flight at once; each carries a
ticket and only the answer to the newest ticket is shown — a slow answer for an older NPI never
overwrites the answer for the NPI now in the field.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from countyadmin.domain.identifiers import validate_npi
from countyadmin.gui.announce import announce, announce_when_typing_pauses, describe_problem
from countyadmin.gui.colors import Tone, set_tone
from countyadmin.gui.context import NpiLookupLike, NpiLookupResultLike, error_sentence
from countyadmin.gui.workers import run_in_background

log = logging.getLogger(__name__)



@dataclass(frozen=True, slots=True)
class NpiAnswer:
    """What came back for one lookup: a result, or the error that stopped it."""

    ticket: int
    npi: str
    result: NpiLookupResultLike | None
    error: Exception | None


def _lookup(service: NpiLookupLike, ticket: int, npi: str) -> NpiAnswer:
    # Runs on a pool thread: only the service is touched here.
    try:
        return NpiAnswer(ticket, npi, service.lookup(npi), None)
    except Exception as error:
        log.info("NPI lookup for %s failed: %s", npi, error)
        return NpiAnswer(ticket, npi, None, error)


def registry_status_text(record: Any) -> str:
    if getattr(record, "is_active", False):
        return "active"
    status = getattr(record, "status", "") or "unknown"
    return f"not active (registry status {status})"


class NpiField(QObject):
    """Drives ``npiEdit``, ``npiBusy``, ``npiRegistryName`` and ``npiMessage``.

    Signals:
        lookup_started(str): a lookup for this NPI began.
        lookup_finished(str): the answer for this NPI (the newest one asked) is shown.
        stale_answer_dropped(str): an answer for this NPI came after a newer question and was dropped.
    """

    lookup_started = Signal(str)
    lookup_finished = Signal(str)
    stale_answer_dropped = Signal(str)

    def __init__(
        self,
        service: NpiLookupLike,
        edit: QLineEdit,
        busy: QWidget,
        registry_name: QLabel,
        message: QLabel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._edit = edit
        self._busy = busy
        self._registry_name = registry_name
        self._message = message
        self._ticket = 0
        self.result: NpiLookupResultLike | None = None  # the newest answer, None while typing or asking
        set_tone(self._registry_name, Tone.REGISTRY)  # the guide: shown in red
        self._busy.hide()
        self._connect_signals()

    def is_acceptable(self) -> bool:
        """True when the field is empty (no NPI yet) or holds a valid NPI; the registry is not asked."""
        text = self._edit.text().strip()
        return not text or validate_npi(text) is None

    def value(self) -> str | None:
        return self._edit.text().strip() or None

    def show_error(self, sentence: str) -> None:
        self._say(sentence, problem=True)

    def _say(self, text: str, *, problem: bool) -> None:
        self._message.setText(text)
        set_tone(self._message, Tone.PROBLEM if problem else Tone.NOTE)  # a note is not a problem
        describe_problem(self._edit, text if problem else "")
        announce_when_typing_pauses(self._message, text)

    def busy(self) -> bool:
        return self._busy.isVisible()

    def _connect_signals(self) -> None:
        self._edit.textChanged.connect(self._on_text_changed)

    def _on_text_changed(self, text: str) -> None:
        self._ticket += 1  # whatever is still in flight is now out of date
        self.result = None
        self._registry_name.clear()
        self._busy.hide()
        npi = text.strip()
        if not npi:
            self._say("", problem=False)
            return
        problem = validate_npi(npi)
        if problem is not None:
            self._say(problem, problem=True)
            return
        self._say("Looking up the NPI in the NPI Registry…", problem=False)
        self._busy.show()
        self.lookup_started.emit(npi)
        run_in_background(_lookup, self._service, self._ticket, npi, on_success=self._on_answer)

    def _on_answer(self, answer: NpiAnswer) -> None:
        if answer.ticket != self._ticket:
            self.stale_answer_dropped.emit(answer.npi)  # the field has moved on since it was asked
            return
        self._busy.hide()
        result = self.result = answer.result
        if answer.error is not None or result is None:
            self._say(
                f"The NPI could not be checked: {error_sentence(answer.error or RuntimeError())} "
                "You can still save it.",
                problem=True,
            )
        elif not result.found or result.record is None:
            self._say(
                f"The NPI Registry has no provider with NPI {answer.npi}. A new NPI can take a few weeks "
                "to appear there; check the digits, or save it and look again later.",
                problem=True,
            )
        else:
            record = result.record
            self._registry_name.setText(f"{record.display_name} — {registry_status_text(record)}")
            announce(self._registry_name, f"NPI Registry name: {self._registry_name.text()}")
            self._registry_name.setToolTip("The name the NPI Registry has for this NPI.")
            self._say(self._freshness(result), problem=False)
        self.lookup_finished.emit(answer.npi)

    @staticmethod
    def _freshness(result: NpiLookupResultLike) -> str:
        if result.stale and result.fetched_at is not None:
            return (
                "The NPI Registry could not be reached, so this is the name it gave on "
                f"{result.fetched_at:%B %d, %Y}."
            )
        return ""
