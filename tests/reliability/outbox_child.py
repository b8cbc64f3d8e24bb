"""A desk's invitation sender as a process of its own, so a test can SIGKILL it in the middle of a post.

``python -m tests.reliability.outbox_child DATABASE_URL PORTAL_URL PROVIDER_ID LEASE_SECONDS`` with the
API key in ``COUNTYADMIN_CHILD_PORTAL_KEY``. It runs the app's own ``OutboxSender`` on the database and
exits 0 once every outbox item of the provider is sent or failed. It prints ``ready`` once started.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import timedelta

from countyadmin.db.engine import create_engine_for
from countyadmin.db.unit_of_work import unit_of_work_factory
from countyadmin.domain.outbox import OutboxState
from countyadmin.portal.client import PortalClient
from countyadmin.services.invitations import InvitationService
from countyadmin.services.outbox_sender import OutboxSender

KEY_ENV = "COUNTYADMIN_CHILD_PORTAL_KEY"
DONE = {OutboxState.SENT, OutboxState.FAILED}


def main(argv: list[str]) -> int:
    database_url, portal_url, provider_id, lease_seconds = argv
    key = os.environ.pop(KEY_ENV)
    engine = create_engine_for(database_url)
    uow_factory = unit_of_work_factory(engine)
    service = InvitationService(
        uow_factory,
        lambda: PortalClient(portal_url, key, timeout=(2.0, 10.0), max_attempts=2, backoff=0.01),
        user="desk",
        lease=timedelta(seconds=float(lease_seconds)),
        sender_id=f"child-{os.getpid()}",
    )
    sender = OutboxSender(service, interval=0.2)
    sender.start()
    print("ready", flush=True)
    try:
        while True:
            with uow_factory() as uow:
                items = uow.outbox.for_provider(int(provider_id))
            if items and all(item.state in DONE for item in items):
                return 0
            time.sleep(0.05)
    finally:
        sender.stop(timeout=10)
        engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
