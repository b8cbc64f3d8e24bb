"""Help ▸ About: what CountyAdmin is and which version is running."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from countyadmin import __version__
from countyadmin.gui.forms.ui_about_dialog import Ui_AboutDialog
from countyadmin.gui.icons import app_icon


class AboutDialog(QDialog):
    """The About box; open it with ``open()``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_AboutDialog()
        self.ui.setupUi(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ui.iconLabel.setPixmap(app_icon().pixmap(64, 64))
        font = self.ui.titleLabel.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.ui.titleLabel.setFont(font)
        self.ui.versionLabel.setText(
            f"Version {__version__} (Python {platform.python_version()}, Qt for Python {pyside_version})"
        )
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.ui.buttonBox.accepted.connect(self.accept)
