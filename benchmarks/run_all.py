"""Run every benchmark: ``python -m benchmarks.run_all [--quick] [--frozen] [NAME ...]``.

Each benchmark runs in its own interpreter (one's QApplication must not colour another's start-up) and
prints its figures against a floor measured in the same run; they go into docs/performance.md by hand.
``--quick`` passes each benchmark its own shorter settings, for a check rather than a figure.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from benchmarks._common import REPO, child_env

# (module, the arguments --quick gives it). Add a benchmark here to have it run.
BENCHMARKS: list[tuple[str, tuple[str, ...]]] = [
    ("benchmarks.bench_startup", ("--runs", "3")),
    ("benchmarks.bench_filter", ("--quick",)),
    ("benchmarks.bench_details", ("--quick",)),
    ("benchmarks.bench_stall", ("--quick",)),
    ("benchmarks.bench_county_import", ("--quick",)),
    ("benchmarks.bench_batch", ("--quick",)),
    ("benchmarks.bench_match_latency", ("--quick",)),
    ("benchmarks.bench_sync", ("--quick",)),
    ("benchmarks.bench_onboarding", ("--quick",)),
    ("benchmarks.bench_people", ("--quick",)),
]
# Builds the app and its floor with PyInstaller first (minutes): only with --frozen, or by its name.
FROZEN = ("benchmarks.bench_frozen", ("--runs", "3"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds: a check, not a figure")
    parser.add_argument("--frozen", action="store_true", help="also bench_frozen (builds: minutes)")
    parser.add_argument("names", nargs="*", metavar="NAME", help="only these, e.g. bench_filter")
    args = parser.parse_args(argv)
    candidates = [*BENCHMARKS, FROZEN] if args.frozen or "bench_frozen" in args.names else BENCHMARKS
    chosen = [(module, quick) for module, quick in candidates
              if not args.names or module.rsplit(".", 1)[1] in args.names]  # fmt: skip
    if not chosen:
        parser.error(f"no benchmark is called {' or '.join(args.names)}")
    status = 0
    for module, quick in chosen:
        note = " (--quick: a check that it runs; too few rounds for figures)" if args.quick else ""
        print(f"== {module}{note}", flush=True)
        command = [sys.executable, "-m", module, *(quick if args.quick else ())]
        status |= subprocess.call(command, cwd=REPO, env=child_env())
    return status


if __name__ == "__main__":
    raise SystemExit(main())
