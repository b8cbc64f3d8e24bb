"""Alembic migrations of the county database, run programmatically (no alembic.ini at run time).

The scripts here are package data as well as modules: Alembic reads them from disk, so a frozen
(PyInstaller) build must ship this folder's ``.py`` files — see ``countyadmin/db/_pyinstaller``.
"""

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent

# The newest revision in versions/. Start-up compares the database with it before importing Alembic
# (a tenth of a second a clerk would wait on every start); a test keeps it equal to Alembic's head.
HEAD_REVISION = "0009"
