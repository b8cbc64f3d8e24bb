"""Tell assistive technology about a result that arrived in the background, as it appears.

A screen reader reads what has focus; a sentence painted elsewhere (the registry name, the matches found,
"Saved", an error beside a field) would go unheard. ``announce`` sends Qt's announcement event (AT-SPI
``object:announcement`` on Linux, a UIA notification on Windows, an NSAccessibility announcement on macOS).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

POLITE = QAccessible.AnnouncementPoliteness.Polite
ASSERTIVE = QAccessible.AnnouncementPoliteness.Assertive

# The last sentence announced from each widget: a label re-set to the same text (a refresh) is not
# announced again, which would make a screen reader repeat itself.
_LAST_PROPERTY = "countyadminAnnounced"
_TIMER_NAME = "announceTimer"


def announce(widget: QWidget, text: str, *, urgent: bool = False) -> bool:
    """Announce ``text`` from ``widget`` (politely, or assertively when ``urgent``); True if it was sent.

    Empty text and a repeat of the widget's previous announcement are not sent.
    """
    text = text.strip()
    pending = widget.findChild(QTimer, _TIMER_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
    if pending is not None:  # a newer sentence supersedes one still waiting for the typing to pause
        pending.stop()
    if widget.property(_LAST_PROPERTY) == text:
        return False
    widget.setProperty(_LAST_PROPERTY, text)
    if not text:
        return False
    if QAccessible.isActive():  # no assistive technology listening: nothing to build
        event = QAccessibleAnnouncementEvent(widget, text)
        event.setPoliteness(ASSERTIVE if urgent else POLITE)
        QAccessible.updateAccessibility(event)
    return True


# A field's sentence changes with each key ("An NPI has 10 digits; this has 3."): it is announced once the
# clerk pauses, not at every key, or a screen reader would talk over the typing.
TYPING_PAUSE_MS = 700
_PENDING_PROPERTY = "countyadminAnnouncePending"


def announce_when_typing_pauses(widget: QWidget, text: str) -> None:
    """Announce ``text`` from ``widget`` politely, once it has stayed the same for ``TYPING_PAUSE_MS``."""
    widget.setProperty(_PENDING_PROPERTY, text)
    timer = widget.findChild(QTimer, _TIMER_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
    if timer is None:
        timer = QTimer(widget)
        timer.setObjectName(_TIMER_NAME)
        timer.setSingleShot(True)
        timer.setInterval(TYPING_PAUSE_MS)
        timer.timeout.connect(lambda: announce(widget, str(widget.property(_PENDING_PROPERTY) or "")))
    timer.start()


_OWN_DESCRIPTION = "countyadminOwnDescription"


def describe_problem(field: QWidget, sentence: str) -> None:
    """While ``field`` has a problem its accessible description is the sentence shown beside it, so a
    screen reader says why when the field gets focus; without one, the field's own description returns."""
    own = field.property(_OWN_DESCRIPTION)
    if own is None:
        own = field.accessibleDescription()
        field.setProperty(_OWN_DESCRIPTION, own)
    field.setAccessibleDescription(sentence or own)
