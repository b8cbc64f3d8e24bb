"""Shared test set-up. Each area keeps its fixtures in tests/fixtures/ and is registered here."""

import os

# Qt must never look for a display in tests (CI and developer machines have none).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A machine's own IT policy (/etc/countyadmin/policy.json) must not change what tests see; the policy
# tests name their own file.
os.environ.setdefault("COUNTYADMIN_POLICY_FILE", os.path.join(os.path.dirname(__file__), "no-policy.json"))

pytest_plugins = [
    "tests.fixtures.sandbox",
    "tests.fixtures.databases",
    "tests.fixtures.qt",
]
