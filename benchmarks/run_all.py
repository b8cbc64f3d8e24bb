"""Run every benchmark: ``python -m benchmarks.run_all`` (figures go into docs/performance.md by hand)."""

from __future__ import annotations

import subprocess
import sys

from benchmarks._common import REPO, child_env


def main() -> int:
    status = 0
    for name in ("benchmarks.bench_startup", "benchmarks.bench_filter", "benchmarks.bench_county_import",
                 "benchmarks.bench_batch"):
        print(f"== {name}", flush=True)
        # Each in its own interpreter: the filter benchmark's QApplication must not colour start-up.
        status |= subprocess.call([sys.executable, "-m", name], cwd=REPO, env=child_env())
    return status


if __name__ == "__main__":
    raise SystemExit(main())
