"""Data is shown as text, never as markup.

Qt guesses whether a label's, a message box's or a tooltip's text is rich text (``Qt::mightBeRichText``:
a known tag, or ``&lt;``, anywhere on its first line). A provider name from an import or from CPSE Portal
such as ``<h1 style="color:green">VERIFIED</h1>Real Name`` would then be rendered, the real name hidden.
Labels of the forms are ``PlainText`` in ui/*.ui and message boxes in message_boxes.py; tooltips have no
such setting, so a tooltip that may hold data goes through ``literal_tooltip``, and the tables that show
data in their tooltips use ``LiteralToolTipDelegate``.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem, QToolTip


def literal_tooltip(text: str) -> str:
    """``text`` as a tooltip shows it: unchanged when Qt cannot take it for markup, else escaped.

    Only ``<`` and ``&`` can make Qt take a text for rich text; such a text is escaped and wrapped in a
    paragraph that keeps its line breaks and spaces, so it still reads as typed.
    """
    if "<" not in text and "&" not in text:
        return text
    return f'<p style="white-space:pre-wrap">{html.escape(text, quote=False)}</p>'


class LiteralToolTipDelegate(QStyledItemDelegate):
    """Paints as the default delegate does; shows each cell's ToolTipRole text literally."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event is not None and event.type() == QEvent.Type.ToolTip and index.isValid():
            text = index.data(Qt.ItemDataRole.ToolTipRole)
            if isinstance(text, str) and text:
                QToolTip.showText(event.globalPos(), literal_tooltip(text), view, option.rect)
                return True
        return super().helpEvent(event, view, option, index)
