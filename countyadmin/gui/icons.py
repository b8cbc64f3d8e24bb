"""Icons drawn for CountyAdmin (resources/icons/*.svg)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from countyadmin.resources import resource_path

ICONS_DIR = resource_path("icons")


@cache
def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg``; an empty icon when it is missing (never an error)."""
    path = ICONS_DIR / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def app_icon() -> QIcon:
    return icon("countyadmin")
