"""The CPSE Portal sandbox: the county API contract, the /sandbox/ tools and an NPI Registry emulator.

Served on loopback by ``countyadmin-sandbox`` (see :mod:`countyadmin.sandbox.cli`) and run as a child
process by :class:`countyadmin.sandbox.process.SandboxProcess`. No Qt here.
"""

from __future__ import annotations

# The API key of the demo county in the demo dataset. It is public on purpose: the demo and training
# run a sandbox on loopback with it; a real portal key never appears in source.
DEMO_API_KEY = "demo-county-key-not-secret"
DEMO_COUNTY_NAME = "Demo County"
DEMO_COUNTY_ID = "demo"

# The child process reads its API keys from this variable (JSON object key -> county name) so that the
# keys never appear in argv, which other users can read from the process list.
API_KEYS_ENV = "COUNTYADMIN_SANDBOX_API_KEYS"

__all__ = ["API_KEYS_ENV", "DEMO_API_KEY", "DEMO_COUNTY_ID", "DEMO_COUNTY_NAME"]
