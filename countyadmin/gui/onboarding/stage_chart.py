"""The onboarding chart: one horizontal bar per stage, its words and its count beside it.

Painted with QPainter (QtCharts would add megabytes to a frozen app at its 120 MB budget). The words and
the number say everything; the bars' tones (gui/colors.py, checked against the background under them)
only help the eye. The chart takes the keyboard: Up/Down move between stages, Enter or Space chooses
one, as a click does; the stage under focus is outlined and announced through the accessible name.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from countyadmin.gui.colors import Tone, tone_color

_ROW_GAP = 6
_CHOSEN_NOTE = "◀ shown in the list"


class StageChart(QWidget):
    """Bars for (label, count) rows, in order.

    Signals:
        stage_chosen(int): a bar was clicked, or Enter pressed on it (its row).
    """

    stage_chosen = Signal(int)

    def __init__(self, tones: Sequence[Tone], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("onboardingChart")
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
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        bold = self.font()
        bold.setBold(True)
        wide = QFontMetrics(bold)
        # The widest label as the chosen (bold) one, so no label is ever cut.
        label_width = max((wide.horizontalAdvance(label) for label, _ in self._rows), default=0) + 16
        count_width = wide.horizontalAdvance(f"000,000  {_CHOSEN_NOTE}")
        top = max((n for _, n in self._rows), default=0) or 1
        bar_space = max(self.width() - label_width - count_width - 12, 10)
        for row, (label, count) in enumerate(self._rows):
            rect = self.row_rect(row)
            weight = painter.font()
            weight.setBold(row == self.chosen)
            painter.setFont(weight)
            painter.setPen(text)
            painter.drawText(
                rect.adjusted(4, 0, 0, 0).intersected(QRect(rect.x(), rect.y(), label_width, rect.height())),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                label,
            )
            length = round(bar_space * count / top)
            bar = QRect(label_width, rect.y() + 3, max(length, 2 if count else 0), rect.height() - 6)
            tone = self._tones[row % len(self._tones)]
            painter.fillRect(bar, tone_color(tone, background))
            painter.drawText(
                QRect(bar.right() + 6, rect.y(), count_width, rect.height()),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                f"{count:,}  {_CHOSEN_NOTE}" if row == self.chosen else f"{count:,}",
            )
            if row == self.current and self.hasFocus():
                pen = QPen(text)
                pen.setStyle(Qt.PenStyle.DotLine)
                painter.setPen(pen)
                painter.drawRect(rect.adjusted(1, 0, -2, -1))
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self._rows:
            step = -1 if key == Qt.Key.Key_Up else 1
            self.current = (self.current + step) % len(self._rows)
            self._describe()
            self.update()
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
        """What a screen reader says: the stage under focus, its count, and how to choose it."""
        self.setAccessibleName("Onboarding stages")
        if not self._rows:
            self.setAccessibleDescription("No providers yet.")
            return
        label, count = self._rows[self.current]
        shown = " (the list shows it)" if self.current == self.chosen else ""
        self.setAccessibleDescription(
            f"{label}: {count:,} providers{shown}. Up and Down move between stages; Enter lists them."
        )
