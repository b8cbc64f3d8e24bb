"""The onboarding chart: one horizontal bar per stage, its words and its count beside it.

Painted with QPainter (QtCharts would add megabytes to a frozen app at its 120 MB budget). The words and
the number say everything; the bars' tones (gui/colors.py, checked against the background under them)
only help the eye. The chart takes the keyboard: Up/Down move between stages, Enter or Space chooses
one, as a click does; the stage under focus is outlined and announced. Its accessible description says
every stage with its count and the one the list shows (the bars have no accessible children); its
role is a chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleInterface,
    QColor,
    QFocusEvent,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QAccessibleWidget, QSizePolicy, QWidget

from countyadmin.gui.announce import announce
from countyadmin.gui.colors import Tone, tone_color

_ROW_GAP = 6
_CHOSEN_NOTE = "◀ shown in the list"
NAME = "Onboarding stages"
_FACTORY: list[object] = []  # installed once, however many charts are built
# One tone per stage, in Stage order (not using, not linked, no admin, pending, expired, active admin).
TONES = (Tone.NOTE, Tone.WARNING, Tone.PROBLEM, Tone.CHANGE, Tone.REGISTRY, Tone.OK)


class ChartRow(NamedTuple):
    label: str
    label_rect: QRect
    bar_rect: QRect
    bar_color: QColor
    count_text: str
    count_rect: QRect


class StageChart(QWidget):
    """Bars for (label, count) rows, in order.

    Built with only a parent by ui/onboarding_view.ui (a promoted widget); ``tones`` colour the rows in
    turn.

    Signals:
        stage_chosen(int): a bar was clicked, or Enter pressed on it (its row).
    """

    stage_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, tones: Sequence[Tone] = TONES) -> None:
        super().__init__(parent)
        self.setObjectName("onboardingChart")
        _install_accessible_role()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._tones = list(tones)
        self._rows: list[tuple[str, int]] = []
        self.current = 0
        self.chosen: int | None = None
        self._describe()

    def set_counts(self, rows: Sequence[tuple[str, int]]) -> None:
        self._rows = list(rows)
        self.current = min(self.current, max(len(self._rows) - 1, 0))
        self.updateGeometry()
        self._describe()
        self.update()

    def set_chosen(self, row: int | None) -> None:
        self.chosen = row
        self._describe()
        self.update()

    def row_rect(self, row: int) -> QRect:
        height = self._row_height()
        return QRect(0, row * (height + _ROW_GAP) + _ROW_GAP, self.width(), height)

    # -- Qt overrides -------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        rows = max(len(self._rows), 1)
        return QSize(
            self.fontMetrics().averageCharWidth() * 80, rows * (self._row_height() + _ROW_GAP) + _ROW_GAP
        )

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 50, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        for row, part in enumerate(self.parts()):
            weight = painter.font()
            weight.setBold(row == self.chosen)
            painter.setFont(weight)
            painter.setPen(text)
            align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            painter.drawText(part.label_rect, align, part.label)
            painter.fillRect(part.bar_rect, part.bar_color)
            painter.drawText(part.count_rect, align, part.count_text)
            if row == self.current and self.hasFocus():
                pen = QPen(text)
                pen.setStyle(Qt.PenStyle.DotLine)
                painter.setPen(pen)
                painter.drawRect(self.row_rect(row).adjusted(1, 0, -2, -1))
        painter.end()

    def parts(self) -> list[ChartRow]:
        """Where each row's words, bar and count are painted, and the bar's colour (also read by the
        accessibility tests, which measure these rectangles in a grab)."""
        background = self.palette().color(QPalette.ColorRole.Window)
        bold = self.font()
        bold.setBold(True)
        wide = QFontMetrics(bold)
        # The widest label as the chosen (bold) one, so no label is ever cut.
        label_width = max((wide.horizontalAdvance(label) for label, _ in self._rows), default=0) + 16
        count_width = wide.horizontalAdvance(f"000,000  {_CHOSEN_NOTE}")
        top = max((n for _, n in self._rows), default=0) or 1
        bar_space = max(self.width() - label_width - count_width - 12, 10)
        parts = []
        for row, (label, count) in enumerate(self._rows):
            rect = self.row_rect(row)
            length = round(bar_space * count / top)
            bar = QRect(label_width, rect.y() + 3, max(length, 2 if count else 0), rect.height() - 6)
            parts.append(ChartRow(
                label=label,
                label_rect=rect.adjusted(4, 0, 0, 0).intersected(
                    QRect(rect.x(), rect.y(), label_width, rect.height())),
                bar_rect=bar,
                bar_color=tone_color(self._tones[row % len(self._tones)], background),
                count_text=f"{count:,}  {_CHOSEN_NOTE}" if row == self.chosen else f"{count:,}",
                count_rect=QRect(bar.right() + 6, rect.y(), count_width, rect.height()),
            ))  # fmt: skip
        return parts

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self._rows:
            step = -1 if key == Qt.Key.Key_Up else 1
            self.current = (self.current + step) % len(self._rows)
            self._describe()
            self.update()
            announce(self, self.current_text())  # the focused widget's description alone is not read
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self._rows:
            self.stage_chosen.emit(self.current)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for row in range(len(self._rows)):
            if self.row_rect(row).contains(event.position().toPoint()):
                self.current = row
                self.setFocus(Qt.FocusReason.MouseFocusReason)
                self.stage_chosen.emit(row)
                return
        super().mousePressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    # -- internals ----------------------------------------------------------------------------------

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 10

    def _describe(self) -> None:
        """What a screen reader gets: every stage with its count, the one the list shows, the one under
        focus, and how to choose. Painted bars have no accessible children, so it is all said here."""
        self.setAccessibleName(NAME)
        if not self._rows:
            self.setAccessibleDescription("No providers counted yet.")
            return
        stages = "; ".join(f"{label}: {providers_text(count)}" for label, count in self._rows)
        shown = "every provider" if self.chosen is None else self._rows[self.chosen][0]
        self.setAccessibleDescription(
            f"At {self.current_text()}. The list shows {shown}. Stages: {stages}. "
            "Up and Down move between stages; Enter lists one."
        )

    def current_text(self) -> str:
        """The stage under focus in words, as it is announced when the arrows move."""
        label, count = self._rows[self.current]
        shown = ", shown in the list" if self.current == self.chosen else ""
        return f"{label}: {providers_text(count)}{shown}"


def _accessible(key: str, target: QObject) -> QAccessibleInterface | None:
    """Qt would expose a plain widget as a "filler": say it is a chart (AT-SPI's chart role)."""
    if key == "StageChart" and isinstance(target, StageChart):
        return QAccessibleWidget(target, QAccessible.Role.Chart)
    return None


def _install_accessible_role() -> None:
    if not _FACTORY:
        QAccessible.installFactory(_accessible)
        _FACTORY.append(_accessible)


def providers_text(count: int) -> str:
    return f"{count:,} provider" + ("" if count == 1 else "s")
