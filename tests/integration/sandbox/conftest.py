from __future__ import annotations

import pytest

from countyadmin.sandbox.process import SandboxProcess
from tests.integration.sandbox.helpers import Api


@pytest.fixture
def api(sandbox: SandboxProcess, sandbox_api_key: str) -> Api:
    return Api(sandbox, sandbox_api_key)


@pytest.fixture
def api_b(sandbox: SandboxProcess) -> Api:
    return Api(sandbox, "test-key-b")
