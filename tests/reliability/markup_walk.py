"""Walk every window and say where data would be rendered as markup instead of shown as text.

``collect`` reads what each widget shows — labels, buttons, tab and group titles, window titles,
tooltips of widgets and of table cells (through the cell's delegate, as a hover would show them), table
cells — and how Qt renders it. ``problems`` names every place where:

- a text is rendered as rich text and what shows differs from the text (unless it is exactly a tooltip
  escaped by ``literal_tooltip``, the one accepted way to show data in rich text);
- one of the markup names is in the text, raw or escaped, but not shown as typed;
- a markup name is shown escaped (``&lt;h1``: escaped twice);
- a view paints its cells with a delegate that may render them as HTML.

New labels, dialogs and tables are walked without being listed anywhere.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRect
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QHeaderView,
    QItemDelegate,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabBar,
    QToolTip,
    QWidget,
)

from countyadmin.gui.plain_text import LiteralToolTipDelegate, literal_tooltip

TextFormat = QtGuiNamespace.TextFormat
MAX_ROWS = 200
PLAIN_DELEGATES = (QStyledItemDelegate, QItemDelegate, LiteralToolTipDelegate)


@dataclass(frozen=True)
class Shown:
    where: str  # window › widget › what
    raw: str
    visible: str
    rich: bool
    tooltip: bool = False


def rendered(text: str, text_format: TextFormat) -> tuple[str, bool]:
    """What a clerk reads of ``text`` shown in ``text_format`` (AutoText guessed as Qt guesses it)."""
    if text_format == TextFormat.PlainText or (
        text_format == TextFormat.AutoText and not QtGuiNamespace.mightBeRichText(text)
    ):
        return text, False
    document = QTextDocument()
    if text_format == TextFormat.MarkdownText:
        document.setMarkdown(text)
    else:
        document.setHtml(text)
    return document.toPlainText(), True


def _without_mnemonics(text: str) -> str:
    return re.sub(r"&(.)", r"\1", text)


def _name(widget: QWidget) -> str:
    return widget.objectName() or type(widget).__name__


def collect(top: QWidget) -> list[Shown]:
    """Everything ``top`` and its children show, hidden pages included (a clerk may turn to them)."""
    window = _name(top)
    shown: list[Shown] = []

    def add(widget: QWidget, what: str, text: str, text_format: TextFormat, *, tooltip: bool = False) -> None:
        if text:
            visible, rich = rendered(text, text_format)
            shown.append(Shown(f"{window} › {_name(widget)} › {what}", text, visible, rich, tooltip))

    for widget in [top, *top.findChildren(QWidget)]:
        if widget.window() is not top:
            continue  # a window of its own (a message box, a dialog): walked as such
        if widget.isWindow():
            add(widget, "window title", widget.windowTitle(), TextFormat.PlainText)
        add(widget, "tooltip", widget.toolTip(), TextFormat.AutoText, tooltip=True)
        if isinstance(widget, QLabel):
            add(widget, "text", widget.text(), widget.textFormat())
        elif isinstance(widget, QAbstractButton):
            shown.append(Shown(f"{window} › {_name(widget)} › text", widget.text(),
                               _without_mnemonics(widget.text()), False))  # fmt: skip
        elif isinstance(widget, QGroupBox):
            shown.append(Shown(f"{window} › {_name(widget)} › title", widget.title(),
                               _without_mnemonics(widget.title()), False))  # fmt: skip
        elif isinstance(widget, QTabBar):
            for tab in range(widget.count()):
                text = widget.tabText(tab)
                shown.append(Shown(f"{window} › {_name(widget)} › tab {tab}", text, _without_mnemonics(text),
                                   False))  # fmt: skip
                add(widget, f"tab {tab} tooltip", widget.tabToolTip(tab), TextFormat.AutoText, tooltip=True)
        elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
            shown.extend(_cells(window, widget))
    return shown


def _cells(window: str, view: QAbstractItemView) -> list[Shown]:
    model = view.model()
    if model is None:
        return []
    where = f"{window} › {_name(view)}"
    shown: list[Shown] = []
    delegates = [view.itemDelegate()] + [view.itemDelegateForColumn(c) for c in range(model.columnCount())]
    # A combo box's list paints its items as text with a delegate of Qt's own.
    in_combo = isinstance(view.parent(), QWidget) and view.parent().inherits("QComboBoxPrivateContainer")
    for delegate in delegates:
        if delegate is not None and type(delegate) not in PLAIN_DELEGATES and not in_combo:
            # A delegate of our own might paint its cells as HTML: it must be looked at, then listed.
            shown.append(Shown(f"{where} › delegate {type(delegate).__name__}", "<unknown>", "", True))
    for row in range(min(model.rowCount(), MAX_ROWS)):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            display = index.data()
            if display is not None:
                text = str(display)
                shown.append(Shown(f"{where} › cell {row},{column}", text, text, False))
            tip = index.data(3)  # Qt.ItemDataRole.ToolTipRole
            if isinstance(tip, str) and tip:
                text = hovered_tooltip(view, index)
                visible, rich = rendered(text, TextFormat.AutoText)
                shown.append(Shown(f"{where} › cell {row},{column} tooltip", text, visible, rich, True))
    return shown


def hovered_tooltip(view: QAbstractItemView, index: object) -> str:
    """The tooltip the cell's delegate shows when the pointer rests on it."""
    QToolTip.hideText()
    delegate = view.itemDelegateForIndex(index)  # type: ignore[arg-type]
    option = QStyleOptionViewItem()
    option.rect = QRect()  # no area: the tip is not hidden for the pointer being elsewhere
    viewport = view.viewport()
    point = view.visualRect(index).center()  # type: ignore[arg-type]
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    delegate.helpEvent(event, view, option, index)  # type: ignore[arg-type]
    text = QToolTip.text() if QToolTip.isVisible() else ""
    QToolTip.hideText()
    return text


def visible_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def problems(shown: list[Shown], names: list[str]) -> list[str]:
    found: list[str] = []
    for item in shown:
        if (
            item.rich
            and item.visible != item.raw
            and not (item.tooltip and item.raw == literal_tooltip(item.visible))
        ):
            found.append(f"{item.where}: rendered as rich text: {item.raw!r} shows as {item.visible!r}")
            continue
        for name in names:
            escaped = html.escape(name, quote=False)
            if (name in item.raw or escaped in item.raw) and name not in item.visible:
                found.append(f"{item.where}: {name!r} is not shown as typed: {item.visible!r}")
            elif escaped != name and escaped in item.visible:
                found.append(f"{item.where}: {name!r} is shown escaped: {item.visible!r}")
    return found


def seen(shown: list[Shown], names: list[str]) -> Counter[str]:
    """How many texts show each markup name as typed (so a walk that saw none of them fails)."""
    return Counter(name for item in shown for name in names if name in item.visible)


def places(shown: list[Shown], names: list[str]) -> set[str]:
    """The widgets (``window › widget``) that show a markup name as typed."""
    return {item.where.rsplit(" › ", 1)[0] for item in shown if any(name in item.visible for name in names)}
