"""``countyadmin --demo``: a CPSE Portal sandbox and a seeded county database, on this computer only.

The sandbox and the database are seeded from the same dataset (resources/demo), so every matching
scenario can be tried; both live in the demo folder and are reused by the next --demo.
"""

from __future__ import annotations

import getpass
import logging
from collections.abc import Callable
from pathlib import Path

from countyadmin.db.engine import create_engine_for, upgrade_database
from countyadmin.db.unit_of_work import unit_of_work_factory
from countyadmin.gui.context import AppContext
from countyadmin.gui.invitations.outbox_bridge import start_invitations
from countyadmin.gui.settings.settings_backend import DemoSettings
from countyadmin.npi_registry.client import NpiRegistryClient
from countyadmin.portal.client import PortalClient
from countyadmin.sandbox import DEMO_API_KEY, DEMO_COUNTY_NAME
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.secrets import ApiKeyStore, KeyringUnavailable, MemoryKeyring
from countyadmin.services.county_import import CountyImportService
from countyadmin.services.demo import load_demo_dataset, seed_demo_database
from countyadmin.services.invitation_batch import InvitationBatchService
from countyadmin.services.npi_lookup import NpiLookupService
from countyadmin.services.onboarding import OnboardingService
from countyadmin.services.people import PeopleService
from countyadmin.services.portal_sync import PortalSyncService
from countyadmin.services.portal_work import PortalWorkService, configured_portal
from countyadmin.services.providers import ProviderList, ProviderService
from countyadmin.services.reports import LinkStatusReportService

log = logging.getLogger(__name__)

DEMO_DATABASE_FILE = "countyadmin-demo.sqlite3"


def _store_demo_key(portal_url: str) -> ApiKeyStore:
    """Keep the sandbox's key like a real one; where the OS has no keyring, in memory for this run."""
    store = ApiKeyStore()
    try:
        store.set(portal_url, DEMO_API_KEY)
    except KeyringUnavailable:
        log.info("no OS keyring: the demo keeps its sandbox key in memory")
        store = ApiKeyStore(MemoryKeyring())
        store.set(portal_url, DEMO_API_KEY)
    return store


def _forget_demo_key(store: ApiKeyStore, portal_url: str) -> None:
    try:
        store.delete(portal_url)
    except KeyringUnavailable:
        log.info("the demo key could not be removed from the keyring", exc_info=True)


def start_demo(
    demo_dir: Path, database_url: str | None = None, *, on_list: Callable[[ProviderList], None] | None = None
) -> AppContext:
    """Open (or create and seed) the demo database, start the sandbox, and build the services.

    ``on_list`` receives the provider list as soon as the database is ready, before the sandbox starts.
    """
    demo_dir.mkdir(parents=True, exist_ok=True)
    url = database_url or f"sqlite:///{(demo_dir / DEMO_DATABASE_FILE).as_posix()}"
    engine = create_engine_for(url)
    try:
        upgrade_database(engine)
        uow_factory = unit_of_work_factory(engine)
        seed_demo_database(uow_factory, load_demo_dataset())
        user = getpass.getuser()
        providers = ProviderService(uow_factory, user=user)
        if on_list is not None:
            on_list(providers.list_with_match_checks())
        sandbox = SandboxProcess.start(demo_dir / "sandbox", {DEMO_API_KEY: DEMO_COUNTY_NAME}, seed="demo")
    except BaseException:
        engine.dispose()
        raise
    try:
        registry_url = f"{sandbox.url}/npi-registry/api/"
        key_store = _store_demo_key(sandbox.url)
        registry = NpiRegistryClient(registry_url)
    except BaseException:
        sandbox.stop()
        engine.dispose()
        raise
    log.info("demo: sandbox at %s, database %s", sandbox.url, url)
    portal_factory = configured_portal(lambda: sandbox.url, key_store.get, PortalClient)
    # Newest first at quit: stop the invitation sender, forget the demo key (its sandbox port changes each
    # run), then stop the sandbox.
    closers: list[Callable[[], None]] = [
        sandbox.stop, engine.dispose, lambda: _forget_demo_key(key_store, sandbox.url),
    ]  # fmt: skip
    invitations, outbox = start_invitations(uow_factory, portal_factory, user=user, closers=closers)
    return AppContext(
        providers=providers,
        portal=PortalWorkService(uow_factory, portal_factory, user=user),
        npi_lookup=NpiLookupService(uow_factory, registry),
        settings=DemoSettings(sandbox.url, registry_url, url, key_store.get(sandbox.url) or DEMO_API_KEY),
        demo_note=f"Demo — CPSE Portal sandbox at {sandbox.url}",
        invitations=invitations,
        outbox=outbox,
        batch=InvitationBatchService(uow_factory, invitations),
        county_import=CountyImportService(uow_factory, user=user),
        reports=LinkStatusReportService(uow_factory, portal_factory),
        portal_sync=PortalSyncService(uow_factory, portal_factory),
        people=PeopleService(uow_factory),
        onboarding=OnboardingService(uow_factory, user=user),
        closers=closers,
    )
