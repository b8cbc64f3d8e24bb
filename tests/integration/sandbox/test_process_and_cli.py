"""The CLI and SandboxProcess: loopback only, first line, persistence across restart and crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its new parent) counts as gone.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and /proc; Windows closes the pipe alike")
def test_the_sandbox_ends_when_the_app_that_started_it_is_killed(tmp_path: Path) -> None:
    app = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys, time\n"
            "from pathlib import Path\n"
            "from countyadmin.sandbox.process import SandboxProcess\n"
            "sandbox = SandboxProcess.start(Path(sys.argv[1]), {'k': 'Kappa County'})\n"
            "print(sandbox.pid, sandbox.url, flush=True)\n"
            "time.sleep(600)\n"
        ), str(tmp_path / "data")],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert app.stdout is not None
        pid_text, url = app.stdout.readline().split()
        sandbox_pid = int(pid_text)
        assert requests.get(f"{url}/api/v1/county", headers={"Authorization": "Bearer k"}, timeout=10).ok
        app.kill()  # no clean-up code of the app runs
        app.wait(10)
        deadline = time.monotonic() + 15
        while _alive(sandbox_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(sandbox_pid), "the demo sandbox outlived the app that started it"
    finally:
        app.kill()
        app.wait(10)
        if _alive(sandbox_pid := locals().get("sandbox_pid", 0)) and sandbox_pid:
            os.kill(sandbox_pid, signal.SIGKILL)


def test_cli_reads_api_keys_from_a_file_and_keeps_them_out_of_argv(tmp_path: Path) -> None:
    key_file = tmp_path / "keys.txt"
    key_file.write_text("# training\nfile-key-1=Training County\n\nfile-key-2\n", encoding="utf-8")
    key_file.chmod(0o600)
    command = [sys.executable, "-m", "countyadmin.sandbox", "--port", "0", "--data", str(tmp_path / "data")]
    process = subprocess.Popen(
        [*command, "--api-key-file", str(key_file)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip().removeprefix("listening on ")
        assert url.startswith("http://127.0.0.1:"), process.stderr.read() if process.stderr else ""
        for key, county in (("file-key-1", "Training County"), ("file-key-2", "Sandbox County")):
            answer = requests.get(
                f"{url}/api/v1/county", headers={"Authorization": f"Bearer {key}"}, timeout=10
            )
            assert answer.json()["name"] == county
        if sys.platform.startswith("linux"):
            assert b"file-key" not in Path(f"/proc/{process.pid}/cmdline").read_bytes()
    finally:
        process.terminate()
        process.communicate(timeout=30)


def test_cli_refuses_a_bad_api_key_file_with_a_sentence(tmp_path: Path) -> None:
    key_file = tmp_path / "keys.txt"
    key_file.write_text("good-key=Alpha County\n=Nameless County\n", encoding="utf-8")
    command = [sys.executable, "-m", "countyadmin.sandbox", "--data", str(tmp_path / "data")]
    for argument, expected in ((str(key_file), "line 2"), (str(tmp_path / "missing.txt"), "cannot read")):
        result = subprocess.run(
            [*command, "--api-key-file", argument], capture_output=True, text=True, timeout=60, check=False
        )
        assert result.returncode == 2 and expected in result.stderr, result.stderr
        assert result.stdout == ""
