"""Fixtures of the accessibility tests (shared: each area adds its own import here)."""

from tests.accessibility.keyboard_app import keyboard_app  # noqa: F401 - the whole app, keyboard tests
