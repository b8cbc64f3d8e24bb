"""The CLI and SandboxProcess: loopback only, first line, persistence across restart and crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import requests

from countyadmin.sandbox.process import SandboxProcess
from tests.integration.sandbox.helpers import Api, tool


def test_cli_refuses_a_non_loopback_host(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "countyadmin.sandbox",
            "--host",
            "0.0.0.0",
            "--port",
            "0",
            "--data",
            str(tmp_path),
        ],  # noqa: S104
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--allow-remote" in result.stderr
    assert result.stdout == ""


def test_process_reports_url_and_keeps_keys_out_of_argv(fresh_sandbox: SandboxProcess) -> None:
    assert fresh_sandbox.url == f"http://127.0.0.1:{fresh_sandbox.port}"
    cmdline = Path(f"/proc/{fresh_sandbox.pid}/cmdline").read_bytes().decode()
    assert "test-key-a" not in cmdline
    assert "test-key-a" not in repr(fresh_sandbox)


def test_state_survives_restart_and_crash(fresh_sandbox: SandboxProcess) -> None:
    api = Api(fresh_sandbox, "test-key-a")
    provider = api.create_provider()
    api.put(f"/providers/{provider['id']}/county-link", json={"county_provider_ref": "77"})
    invited = api.invite(provider["id"], "retry-key-1", email="x@example.org")
    port = fresh_sandbox.port

    fresh_sandbox.restart()
    assert fresh_sandbox.port == port
    assert api.get(f"/providers/{provider['id']}").json() == provider
    assert api.get(f"/providers/{provider['id']}/county-link").json()["county_provider_ref"] == "77"

    fresh_sandbox.kill()
    assert not fresh_sandbox.is_running()
    fresh_sandbox.restart()
    replay = api.invite(provider["id"], "retry-key-1", email="x@example.org")
    assert replay.headers["Idempotent-Replayed"] == "true" and replay.json() == invited.json()
    assert len(tool(fresh_sandbox, "GET", "/outbox").json()["items"]) == 1


def test_stop_shuts_down_cleanly(tmp_path: Path) -> None:
    process = SandboxProcess.start(tmp_path / "data", {"k": "Kappa County"})
    url = process.url
    assert requests.get(f"{url}/api/v1/county", headers={"Authorization": "Bearer k"}, timeout=10).ok
    process.stop()
    assert not process.is_running()
    assert process._process.returncode == 0  # SIGTERM is a graceful shutdown, not a crash
