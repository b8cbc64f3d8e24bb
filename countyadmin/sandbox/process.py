"""Run the sandbox as a child process (the demo, training, tests and benchmarks use this)."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from countyadmin.sandbox import API_KEYS_ENV

_LISTENING = "listening on "


class SandboxStartError(RuntimeError):
    """The sandbox did not start; the message carries the end of its output."""


class SandboxProcess:
    """A running ``countyadmin-sandbox``; ``url`` is e.g. ``http://127.0.0.1:54321``."""

    def __init__(
        self,
        process: subprocess.Popen[str],
        url: str,
        *,
        data_dir: Path,
        api_keys: Mapping[str, str],
        seed: str | None,
        host: str,
        startup_timeout: float,
        output: deque[str],
    ) -> None:
        self._process = process
        self.url = url
        self.port = int(url.rsplit(":", 1)[1])
        self.data_dir = data_dir
        self._api_keys = dict(api_keys)
        self._seed = seed
        self._host = host
        self._startup_timeout = startup_timeout
        self._output = output

    @classmethod
    def start(
        cls,
        data_dir: Path,
        api_keys: Mapping[str, str],
        *,
        seed: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        startup_timeout: float = 30.0,
    ) -> SandboxProcess:
        """Start a sandbox and return once it listens. ``api_keys`` maps key -> county name."""
        data_dir = Path(data_dir)
        command = [*sandbox_command(), "--host", host, "--port", str(port)]
        command += ["--data", str(data_dir), "--exit-with-parent"]
        if seed:
            command += ["--seed", seed]
        env = dict(os.environ)
        # Keys travel in the environment, not argv: argv is visible to every user in the process list.
        env[API_KEYS_ENV] = json.dumps(dict(api_keys))
        env.setdefault("PYTHONUNBUFFERED", "1")
        process = subprocess.Popen(
            command,
            # Never written to: when this process ends, however it ends, the sandbox sees the pipe close
            # and shuts down (--exit-with-parent).
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        output: deque[str] = deque(maxlen=200)
        first_lines: queue.Queue[str | None] = queue.Queue()
        assert process.stdout is not None
        threading.Thread(
            target=_drain, args=(process.stdout, output, first_lines), name="sandbox-output", daemon=True
        ).start()
        url = _wait_for_url(process, first_lines, startup_timeout, output)
        return cls(
            process,
            url,
            data_dir=data_dir,
            api_keys=api_keys,
            seed=seed,
            host=host,
            startup_timeout=startup_timeout,
            output=output,
        )

    @property
    def pid(self) -> int:
        return self._process.pid

    def is_running(self) -> bool:
        return self._process.poll() is None

    def output(self) -> str:
        """The last lines the sandbox printed (for a failing test's message)."""
        return "\n".join(self._output)

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the sandbox to shut down (SIGTERM), and kill it if it does not within ``timeout``."""
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout)
        self._close_stdin()

    def kill(self) -> None:
        """SIGKILL: a crash, with no chance to clean up (for crash-recovery tests)."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._close_stdin()

    def _close_stdin(self) -> None:
        if self._process.stdin is not None and not self._process.stdin.closed:
            self._process.stdin.close()

    def restart(self) -> None:
        """Stop (if running) and start again on the same port and data dir."""
        self.stop()
        again = SandboxProcess.start(
            self.data_dir,
            self._api_keys,
            seed=self._seed,
            host=self._host,
            port=self.port,
            startup_timeout=self._startup_timeout,
        )
        self._process, self._output, self.url = again._process, again._output, again.url

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def __repr__(self) -> str:  # never shows the keys
        return f"SandboxProcess(url={self.url!r}, data_dir={str(self.data_dir)!r}, pid={self.pid})"


def sandbox_command() -> list[str]:
    """The start of the command line that runs ``countyadmin-sandbox`` from this process."""
    if getattr(sys, "frozen", False):
        # A PyInstaller app has no interpreter to run ``-m`` with; its own executable serves the sandbox
        # when the first argument is --run-sandbox (dispatched in countyadmin.__main__, before any Qt).
        return [sys.executable, "--run-sandbox"]
    return [sys.executable, "-m", "countyadmin.sandbox"]


def _drain(stream: IO[str], output: deque[str], first_lines: queue.Queue[str | None]) -> None:
    # Reads to the end so the child never blocks on a full pipe; the first lines also go to start().
    with stream:
        for line in stream:
            output.append(line.rstrip("\n"))
            first_lines.put(line)
    first_lines.put(None)


def _wait_for_url(
    process: subprocess.Popen[str], lines: queue.Queue[str | None], timeout: float, output: deque[str]
) -> str:
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            process.kill()
            process.wait()
            raise SandboxStartError(f"the sandbox did not start within {timeout:g} s:\n" + "\n".join(output))
        try:
            line = lines.get(timeout=remaining)
        except queue.Empty:
            continue
        if line is None:
            process.wait()
            raise SandboxStartError(
                f"the sandbox exited with status {process.returncode}:\n" + "\n".join(output)
            )
        if line.startswith(_LISTENING):
            return line[len(_LISTENING) :].strip()
