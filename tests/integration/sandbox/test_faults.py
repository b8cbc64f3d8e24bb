"""Fault injection: error answers with Retry-After, latency, and a dropped connection after processing."""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests

from countyadmin.sandbox.process import SandboxProcess
from tests.integration.sandbox.helpers import Api, assert_problem, tool

Faults = Callable[..., dict[str, Any]]


def test_error_rate_answers_problem_with_retry_after(
    api: Api, sandbox: SandboxProcess, sandbox_faults: Faults
) -> None:
    sandbox_faults(error_rate=1.0, error_status=429, retry_after=7)
    response = api.get("/county")
    assert_problem(response, 429)
    assert response.headers["Retry-After"] == "7"
    npi = requests.get(
        f"{sandbox.url}/npi-registry/api/", params={"version": "2.1", "number": "1"}, timeout=10
    )
    assert npi.status_code == 429
    # The tools are never faulty: a test can always turn the faults off again.
    assert tool(sandbox, "GET", "/faults").json()["error_rate"] == 1.0


def test_default_error_status_is_503(api: Api, sandbox_faults: Faults) -> None:
    applied = sandbox_faults(error_rate=1.0)
    assert applied["error_status"] == 503
    assert_problem(api.get("/county"), 503)


def test_latency_is_applied(api: Api, sandbox_faults: Faults) -> None:
    sandbox_faults(latency_ms=300)
    started = time.monotonic()
    assert api.get("/county").status_code == 200
    assert time.monotonic() - started >= 0.3


def test_invalid_faults_are_refused(sandbox: SandboxProcess) -> None:
    assert_problem(tool(sandbox, "PUT", "/faults", json={"error_rate": 2}), 422)


def test_dropped_answer_is_a_connection_error_and_a_retry_replays(
    api: Api, sandbox: SandboxProcess, sandbox_faults: Faults
) -> None:
    provider = api.linked_provider()
    key = str(uuid.uuid4())
    sandbox_faults(drop_rate=1.0)
    with pytest.raises(requests.ConnectionError):
        api.invite(provider["id"], key, email="lost@example.org")
    sandbox_faults()
    retry = api.invite(provider["id"], key, email="lost@example.org")
    assert retry.status_code == 201 and retry.headers["Idempotent-Replayed"] == "true"
    listed = api.get(f"/providers/{provider['id']}/invitations").json()["items"]
    assert [item["id"] for item in listed] == [retry.json()["id"]]  # processed exactly once
    emails = tool(sandbox, "GET", "/outbox", params={"invitation_id": retry.json()["id"]}).json()["items"]
    assert len(emails) == 1


def test_drop_sends_no_bytes_at_all(sandbox: SandboxProcess, sandbox_faults: Faults) -> None:
    sandbox_faults(drop_rate=1.0)
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=10) as raw:
        raw.sendall(b"GET /api/v1/county HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key-a\r\n\r\n")
        received = b""
        try:
            while chunk := raw.recv(4096):
                received += chunk
        except ConnectionResetError:
            pass
    assert received == b""
