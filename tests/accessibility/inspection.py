"""What test_contrast.py and test_scaling.py look at in a shown window: its text elements and their fit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetrics, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QTableView,
    QWidget,
)

from countyadmin.gui.onboarding.stage_chart import StageChart
from tests.accessibility.pixels import text_contrast

MAX_ROWS = 12  # table rows measured per table: enough to meet every kind of row the content has


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.window() is window and widget.width() > 0


def _in_window(widget: QWidget, window: QWidget, rect: QRect) -> QRect:
    return QRect(widget.mapTo(window, rect.topLeft()), rect.size())


def _scaled(rect: QRect, ratio: float) -> QRect:
    return QRect(round(rect.x() * ratio), round(rect.y() * ratio), round(rect.width() * ratio),
                 round(rect.height() * ratio))  # fmt: skip


def _elements(window: QWidget) -> list[tuple[str, QRect]]:
    found: list[tuple[str, QRect]] = []
    for label in window.findChildren(QLabel):
        if _shown(label, window) and label.isEnabled() and label.text().strip() and label.pixmap().isNull():
            found.append((f"label {label.objectName() or label.text()[:30]}",
                          _in_window(label, window, label.contentsRect())))  # fmt: skip
    for button in window.findChildren(QAbstractButton):
        if _shown(button, window) and button.isEnabled() and button.text().strip():
            inner = button.rect().adjusted(3, 3, -3, -3)  # inside the frame
            found.append(
                (f"button {button.objectName() or button.text()[:30]}", _in_window(button, window, inner))
            )
    for table in window.findChildren(QTableView):
        model = table.model()
        if not _shown(table, window) or model is None or not table.isEnabled():  # inactive: exempt
            continue
        viewport = table.viewport()
        for row in range(min(model.rowCount(), MAX_ROWS)):
            for column in range(model.columnCount()):
                index = model.index(row, column)
                rect = table.visualRect(index).intersected(viewport.rect()).adjusted(1, 1, -1, -1)
                if rect.width() > 4 and str(index.data() or "").strip():
                    found.append(
                        (f"cell {table.objectName()}[{row},{column}]", _in_window(viewport, window, rect))
                    )
    return found + _chart_elements(window)


def _charts(window: QWidget) -> list[StageChart]:
    return [chart for chart in window.findChildren(StageChart) if _shown(chart, window)]


def _chart_elements(window: QWidget) -> list[tuple[str, QRect]]:
    """A painted chart's words, counts and bars (each bar with the strip of background around it, so its
    colour is measured against what is beside it)."""
    found = []
    for chart in _charts(window):
        name = chart.objectName()
        for row, part in enumerate(chart.parts()):
            found.append((f"chart {name} label[{row}]", _in_window(chart, window, part.label_rect)))
            found.append((f"chart {name} count[{row}]", _in_window(chart, window, part.count_rect)))
            if part.bar_rect.width() > 0:
                strip = part.bar_rect.adjusted(-4, -2, 4, 2)
                found.append((f"chart {name} bar[{row}]", _in_window(chart, window, strip)))
    return found


def _chart_clipped(window: QWidget) -> list[str]:
    problems = []
    for chart in _charts(window):
        bold = chart.font()
        bold.setBold(True)
        metrics = QFontMetrics(bold)  # the widest a label or count is painted
        for row, part in enumerate(chart.parts()):
            for what, text, rect in (("label", part.label, part.label_rect),
                                     ("count", part.count_text, part.count_rect)):  # fmt: skip
                if metrics.horizontalAdvance(text) > rect.width() or metrics.height() > rect.height():
                    problems.append(f"chart {chart.objectName()!r} {what} {row}: {text!r} does not fit")
                if not chart.rect().contains(rect):
                    problems.append(f"chart {chart.objectName()!r} {what} {row} is cut off by the chart")
    return problems


def text_elements(window: QWidget, image: QImage) -> list[dict[str, Any]]:
    """Each text element's measured contrast in ``image`` (a grab of ``window``)."""
    measured = []
    for name, rect in _elements(window):
        contrast = text_contrast(image, _scaled(rect, image.devicePixelRatio()))
        if contrast is not None:
            measured.append(
                {"element": name, "ratio": round(contrast.ratio, 2), "colours": contrast.describe()}
            )
    return measured


def _text_width(widget: QWidget, text: str) -> int:
    metrics = widget.fontMetrics()
    return max(metrics.horizontalAdvance(line) for line in text.replace("&&", "\0").replace("&", "")
               .replace("\0", "&").splitlines() or [""])  # fmt: skip


def _button_room(button: QAbstractButton) -> int:
    style = button.style()
    if isinstance(button, QCheckBox | QRadioButton):
        indicator = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, button)
        spacing = style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, button)
        return button.contentsRect().width() - indicator - spacing
    icon = button.iconSize().width() + 4 if not button.icon().isNull() else 0
    margin = style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, button) if isinstance(
        button, QPushButton) else 0  # fmt: skip
    return button.contentsRect().width() - icon - margin


def _hidden_by(widget: QWidget, window: QWidget) -> str | None:
    """The ancestor (or the window) whose rectangle does not hold all of ``widget``, if any."""
    parent = widget.parentWidget()
    while parent is not None:
        inside = QRect(widget.mapTo(parent, QPoint(0, 0)), widget.size())
        if not parent.rect().contains(inside):
            return parent.objectName() or type(parent).__name__
        if parent is window:
            return None
        parent = parent.parentWidget()
    return None


def clipped(window: QWidget) -> list[str]:
    """Sentences naming each text wider than its widget and each button not wholly inside the window."""
    problems = []
    for label in window.findChildren(QLabel):
        if not _shown(label, window) or not label.text().strip() or not label.pixmap().isNull():
            continue
        room = label.contentsRect().width() - 2 * max(label.margin(), 0) - max(label.indent(), 0)
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height():
                problems.append(f"label {label.objectName()!r}: wrapped text needs {needed} px high, has "
                                f"{label.height()}")  # fmt: skip
        elif _text_width(label, label.text()) > room:
            problems.append(f"label {label.objectName()!r}: text {_text_width(label, label.text())} px wide, "
                            f"room for {room}")  # fmt: skip
    for button in window.findChildren(QAbstractButton):
        if not _shown(button, window) or not button.text():
            continue
        if _text_width(button, button.text()) > _button_room(button):
            problems.append(f"button {button.objectName()!r}: text {_text_width(button, button.text())} px "
                            f"wide, room for {_button_room(button)}")  # fmt: skip
        hider = _hidden_by(button, window)
        if hider is not None:
            problems.append(f"button {button.objectName()!r} is cut off by {hider}")
    return problems + _chart_clipped(window)
