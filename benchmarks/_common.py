"""Shared helpers: run a child script and time it until it reports, and summarise the samples."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra or {})
    return env


def time_child(code: str, args: Sequence[str] = (), env: Mapping[str, str] | None = None) -> float:
    """Seconds from starting a fresh interpreter on ``code`` until it prints its first line."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=child_env(env),
        cwd=REPO,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    process.kill()
    process.wait()
    if not line.startswith("ready"):
        raise RuntimeError(f"the benchmark child did not report (got {line!r})")
    return elapsed


def median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def spread(samples: Sequence[float]) -> str:
    """``p50 … ms  p95 … ms  max … ms`` of samples in seconds."""
    p50, p95, worst = (percentile(samples, q) * 1000 for q in (0.5, 0.95, 1.0))
    return f"p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  max {worst:6.2f} ms"
