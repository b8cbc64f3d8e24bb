"""Shared test set-up. Each area keeps its fixtures in tests/fixtures/ and is registered here."""

import os

# Qt must never look for a display in tests (CI and developer machines have none).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = [
    "tests.fixtures.sandbox",
    "tests.fixtures.databases",
    "tests.fixtures.qt",
]
