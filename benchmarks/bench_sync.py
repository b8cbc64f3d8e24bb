"""County-wide sync against the one-call-per-provider floor, at 50 ms portal latency (issue 17).

``python -m benchmarks.bench_sync [--quick] [--latency-ms 50]``

A sandbox holds a county with 5,000 linked providers, 20,000 invitations and 8,000 admin users (plus
another county's, which must not travel); the county database has the 5,000 linked records. In the same
run, against the same sandbox with the same latency on every call:

- the floor: what the link status report does today (services/reports.py), asking the portal about each
  linked provider (its admin users, then its invitations), four providers at a time;
- the first full sync (services/portal_sync.py) into an empty local copy;
- an incremental sync after 100 changes on the portal (cancels, new invitations, acceptances, admin
  users removed, unlinks).

It prints requests and seconds of each and the ratios (goal: >= 20x fewer requests and >= 10x faster
than the floor, the incremental sync under 1 s). ``--quick`` is a tenth of the county.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import insert

from countyadmin.db.engine import create_engine_for, upgrade_database
from countyadmin.db.models import ProviderRow as CountyProviderRow
from countyadmin.db.unit_of_work import unit_of_work_factory
from countyadmin.portal.client import PortalClient
from countyadmin.sandbox import feeds
from countyadmin.sandbox.invitations import INVITATION_LIFETIME
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.sandbox.store import Store, format_id
from countyadmin.sandbox.tables import AdminUserRow, CountyLinkRow, InvitationRow, ProviderRow
from countyadmin.services.portal_sync import PortalSyncService
from countyadmin.services.reports import LinkStatusReportService

KEYS = {"bench-key": "Bench County", "other-key": "Other County"}
COUNTY = "bench"


def seed_portal(data_dir: Path, providers: int, invitations: int, users: int, rng: random.Random) -> None:
    """The portal side, written straight into the sandbox's store (the API would take an hour)."""
    store = Store(data_dir)
    for key, name in KEYS.items():
        store.add_api_key(key, name, "bench" if key == "bench-key" else "other")
    now = store.now()
    with store.transaction() as session:
        session.execute(insert(ProviderRow), [
            {"pk": pk, "provider_type": "agency", "name": f"Provider {pk} Therapy LLC",
             "name_compact": f"provider{pk}therapyllc", "status": "active", "created_at": now}
            for pk in range(1, providers + 101)
        ])  # fmt: skip
        session.execute(insert(CountyLinkRow), [
            {"provider_pk": pk, "county_id": COUNTY, "county_provider_ref": str(pk), "linked_at": now}
            for pk in range(1, providers + 1)
        ] + [
            {"provider_pk": pk, "county_id": "other", "county_provider_ref": f"o{pk}", "linked_at": now}
            for pk in range(providers - 50, providers + 101)
        ])  # fmt: skip
        statuses = ("pending", "pending", "accepted", "cancelled")
        ours = [_invitation(n, 1 + n % providers, statuses[n % 4], now - timedelta(days=rng.randrange(30)),
                            COUNTY) for n in range(invitations)]  # fmt: skip
        theirs = [_invitation(invitations + n, providers + 1 + n, "pending", now, "other")
                  for n in range(100)]  # fmt: skip
        session.execute(insert(InvitationRow), ours + theirs)
        session.execute(insert(AdminUserRow), [
            {"provider_pk": 1 + n % providers, "username": f"user{n}", "username_folded": f"user{n}",
             "first_name": f"First{n}", "last_name": f"Last{n}", "email": f"user{n}@example.org",
             "status": "active", "also_service_provider": n % 3 == 0, "npi": None}
            for n in range(users)
        ])  # fmt: skip
        feeds.refresh(session, range(1, providers + 101))
    store.close()


def _invitation(n: int, provider_pk: int, status: str, created: datetime, county: str) -> dict[str, Any]:
    return {"provider_pk": provider_pk, "first_name": f"Invitee{n}", "last_name": f"Person{n}",
            "email": f"invitee{n}@example.org", "role": "admin", "status": status, "created_at": created,
            "expires_at": created + INVITATION_LIFETIME, "invited_by": "clerk@county.example",
            "county_id": county}  # fmt: skip


def seed_county(url: str, providers: int) -> Callable[[], Any]:
    engine = create_engine_for(url)
    upgrade_database(engine)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(insert(CountyProviderRow), [
            {"name": f"Provider {pk} Therapy LLC", "uses_portal": True,
             "portal_provider_id": format_id("CP", pk), "linked_at": now, "linked_by": "bench", "version": 1}
            for pk in range(1, providers + 1)
        ])  # fmt: skip
    return unit_of_work_factory(engine)


class Counting:
    """Portal clients that count the HTTP requests they send."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.requests = 0

    def __call__(self) -> PortalClient:
        client = PortalClient(self.url, "bench-key")
        http = client._http  # the one place every call goes through
        send = http.request

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.requests += 1
            return send(*args, **kwargs)

        http.request = counted  # type: ignore[method-assign]
        return client


def make_changes(process: SandboxProcess, providers: int, rng: random.Random) -> None:
    """100 changes through the county API and the sandbox's tools."""
    api = requests.Session()
    api.headers["Authorization"] = "Bearer bench-key"
    base = f"{process.url}/api/v1"
    for _ in range(30):  # cancel pending invitations (every fourth from 0 is pending)
        api.delete(f"{base}/invitations/{format_id('INV', 1 + 4 * rng.randrange(1000))}", timeout=10)
    created = []
    for n in range(30):
        body = {"first_name": "New", "last_name": f"Invitee{n}", "email": f"new{n}@example.org",
                "invited_by": "clerk@county.example"}  # fmt: skip
        provider = format_id("CP", 1 + rng.randrange(providers))
        reply = api.post(f"{base}/providers/{provider}/invitations", json=body,
                         headers={"Idempotency-Key": f"bench-{n}"}, timeout=10)  # fmt: skip
        created.append(reply.json()["id"])
    for n, invitation in enumerate(created[:20]):
        requests.post(f"{process.url}/sandbox/invitations/{invitation}/accept",
                      json={"username": f"newuser{n}"}, timeout=10)  # fmt: skip
    for n in range(10):
        requests.delete(f"{process.url}/sandbox/admin-users/{format_id('U', 1 + 7 * n)}", timeout=10)
    for n in range(10):
        api.delete(f"{base}/providers/{format_id('CP', providers - n)}/county-link", timeout=10)


def timed(function: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the county: a check")
    parser.add_argument("--latency-ms", type=int, default=50)
    args = parser.parse_args(argv)
    scale = 10 if args.quick else 1
    providers, invitations, users = 5000 // scale, 20000 // scale, 8000 // scale
    rng = random.Random(4410)
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as folder:
        root = Path(folder)
        print(f"county: {providers:,} linked providers, {invitations:,} invitations, {users:,} admin users; "
              f"portal latency {args.latency_ms} ms per call", flush=True)  # fmt: skip
        _, seeded = timed(lambda: seed_portal(root / "sandbox", providers, invitations, users, rng))
        uow_factory = seed_county(f"sqlite:///{(root / 'county.sqlite3').as_posix()}", providers)
        print(f"(seeded in {seeded:.1f} s)", flush=True)
        with SandboxProcess.start(root / "sandbox", KEYS) as process:
            faults = {"latency_ms": args.latency_ms, "error_rate": 0.0, "error_status": 503,
                      "drop_rate": 0.0}  # fmt: skip
            requests.put(f"{process.url}/sandbox/faults", json=faults, timeout=10).raise_for_status()

            floor_portal = Counting(process.url)
            report, floor_s = timed(lambda: LinkStatusReportService(uow_factory, floor_portal).build())
            assert report.portal_problem is None, report.portal_problem
            print(f"floor (link status report, per provider): {floor_portal.requests:,} requests, "
                  f"{floor_s:.1f} s", flush=True)  # fmt: skip

            sync_portal = Counting(process.url)
            service = PortalSyncService(uow_factory, sync_portal, holder="bench")
            first, first_s = timed(service.sync)
            with uow_factory() as uow:
                counts = uow.portal_copy.counts()
            assert (counts.links, counts.invitations, counts.admin_users) == (providers, invitations, users)
            print(f"first full sync: {sync_portal.requests} requests, {first_s:.2f} s, "
                  f"{first.changes:,} items", flush=True)  # fmt: skip

            requests.put(f"{process.url}/sandbox/faults", json={**faults, "latency_ms": 0}, timeout=10)
            make_changes(process, providers, rng)
            requests.put(f"{process.url}/sandbox/faults", json=faults, timeout=10).raise_for_status()
            before = sync_portal.requests
            second, second_s = timed(service.sync)
            print(f"incremental sync after 100 changes: {sync_portal.requests - before} requests, "
                  f"{second_s:.2f} s, {second.changes} items", flush=True)  # fmt: skip
        print(f"ratios: {floor_portal.requests / before:.0f}x fewer requests, "
              f"{floor_s / first_s:.1f}x faster "
              f"(first sync vs floor); incremental {second_s * 1000:.0f} ms "
              f"({'under' if second_s < 1 else 'OVER'} 1 s)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
