"""What a screen reader would be told, in-process: every announcement ``countyadmin.gui.announce`` sends.

The real ``announce`` runs (its de-duplication included); only Qt's "is assistive technology listening"
and the event's delivery are replaced, so each announcement is recorded with its politeness. The AT-SPI
walk (test_atspi_tree.py) hears the same events from outside the process.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

from countyadmin.gui import announce as announce_module


@dataclass
class Heard:
    said: list[tuple[str, bool]] = field(default_factory=list)  # (sentence, urgent)

    @property
    def sentences(self) -> list[str]:
        return [sentence for sentence, _urgent in self.said]

    def containing(self, words: str) -> list[str]:
        return [sentence for sentence in self.sentences if words in sentence]


@pytest.fixture
def heard(monkeypatch: pytest.MonkeyPatch) -> Heard:
    record = Heard()

    class Listening:
        AnnouncementPoliteness = QAccessible.AnnouncementPoliteness

        @staticmethod
        def isActive() -> bool:
            return True

        @staticmethod
        def updateAccessibility(event: QAccessibleAnnouncementEvent) -> None:
            urgent = event.politeness() == QAccessible.AnnouncementPoliteness.Assertive
            record.said.append((event.message(), urgent))

    monkeypatch.setattr(announce_module, "QAccessible", Listening)
    return record
