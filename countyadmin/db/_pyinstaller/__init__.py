"""PyInstaller hooks for the database package (pass this folder to ``hookspath`` in the spec)."""

from pathlib import Path

HOOKS_DIR = str(Path(__file__).resolve().parent)
