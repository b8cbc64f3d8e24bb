"""``python -m tests.reliability.hostile_child portal|registry URL``: one call in a process of its own, so
its peak memory is its own. Prints one JSON line: what the call raised, its sentence, seconds, and the
process's peak resident memory (MB). Address space is limited to 2 GB so a client that reads a flood
whole fails here with MemoryError instead of taking the machine's memory."""

from __future__ import annotations

import json
import resource
import sys
import time


def main(kind: str, url: str) -> None:
    limit = 2 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from countyadmin.npi_registry.client import NpiRegistryClient
    from countyadmin.portal.client import PortalClient

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.monotonic()
    outcome: dict[str, object] = {"error": None, "message": None}
    try:
        if kind == "portal":
            with PortalClient(url, "hostile-child-key", max_attempts=1) as portal:
                portal.county()
        else:
            with NpiRegistryClient(url, max_attempts=1) as registry:
                registry.lookup("1234567893")
    except BaseException as error:  # noqa: BLE001 - reported to the parent
        outcome = {"error": type(error).__name__, "message": str(error)[:300]}
    outcome["seconds"] = round(time.monotonic() - started, 2)
    outcome["baseline_rss_mb"] = round(baseline, 1)
    outcome["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(outcome), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
