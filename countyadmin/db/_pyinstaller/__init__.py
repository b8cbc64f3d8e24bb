"""PyInstaller hooks for the database package.

Register with ``[project.entry-points.pyinstaller40] hook-dirs = "countyadmin.db._pyinstaller:get_hook_dirs"``
or pass ``hookspath=get_hook_dirs()`` in the spec file.
"""

from pathlib import Path


def get_hook_dirs() -> list[str]:
    return [str(Path(__file__).resolve().parent)]
