"""Wiring: arguments → settings → database → clients → services → main window.

The window shows first; everything slow (SQLAlchemy, Alembic, the demo sandbox) happens after, on a
worker thread, so a clerk sees CountyAdmin at once. Only light modules are imported at the top here.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from countyadmin.gui.import_check import speed_up_pyside_import_check

speed_up_pyside_import_check()  # before the app's own modules and SQLAlchemy are imported

from countyadmin import __version__  # noqa: E402 - after the check above, on purpose
from countyadmin.gui.colors import follow_theme  # noqa: E402
from countyadmin.gui.context import AppContext  # noqa: E402
from countyadmin.gui.mainwindow.main_window import MainWindow  # noqa: E402

if TYPE_CHECKING:
    from countyadmin.services.providers import ProviderList

    ListReady = Callable[[ProviderList], None]

log = logging.getLogger(__name__)

DEMO_DIR_ENV = "COUNTYADMIN_DEMO_DIR"


@dataclass(frozen=True, slots=True)
class Options:
    demo: bool
    demo_dir: Path | None
    database_url: str | None
    portal_url: str | None
    registry_url: str | None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="countyadmin",
        description="Link your county's Preschool provider database with CPSE Portal.",
        epilog="Also: 'countyadmin db upgrade [--db URL]' brings a database up to date and exits.",
    )
    parser.add_argument("--version", action="version", version=f"CountyAdmin {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="run against a CPSE Portal sandbox on this computer, no network"
    )
    parser.add_argument("--demo-dir", type=Path, help=f"the demo's data folder (or ${DEMO_DIR_ENV})")
    parser.add_argument("--db", dest="database_url", metavar="URL", help="the county database URL")
    parser.add_argument("--portal-url", metavar="URL", help="the CPSE Portal address")
    parser.add_argument("--npi-registry-url", dest="registry_url", metavar="URL", help="the NPI Registry API")
    return parser


def parse_arguments(argv: Sequence[str]) -> Options:
    namespace = build_parser().parse_args(list(argv))
    return Options(
        demo=namespace.demo,
        demo_dir=namespace.demo_dir,
        database_url=namespace.database_url,
        portal_url=namespace.portal_url,
        registry_url=namespace.registry_url,
    )


def build_main_window(argv: Sequence[str], before_services: Callable[[], None] | None = None) -> MainWindow:
    """Build, show and return the main window as ``countyadmin <argv>`` would, without the event loop.

    The caller owns the QApplication. Start-up continues in the background; the window's ``started`` or
    ``startup_failed`` signal says how it ended, ``providers_loaded`` when the list is in.
    ``before_services`` runs first in that background start-up, after the window's first paint.
    """
    options = parse_arguments(argv)
    if QApplication.instance() is None:
        raise RuntimeError("Create the QApplication before building the main window.")
    follow_theme(QApplication.instance())  # type: ignore[arg-type]  # whatever the theme, now and later
    QCoreApplication.setOrganizationName("CountyAdmin")
    QCoreApplication.setApplicationName("CountyAdmin")
    QCoreApplication.setApplicationVersion(__version__)

    def startup() -> AppContext:
        if before_services is not None:
            before_services()
        # ``window`` is bound by the time start-up runs: the list shows as soon as the database is read.
        return start_services(options, on_list=window.show_startup_list)

    window = MainWindow(startup)
    window.started.connect(lambda: _start_portal_sync(window))
    window.started.connect(lambda: _start_onboarding(window))
    window.show()
    window.start()
    return window


def _start_portal_sync(window: MainWindow) -> None:
    """Once started (the window painted long before): the background sync of the local CPSE Portal copy."""
    context = window.context
    if context is None or context.portal_sync is None:
        return
    from countyadmin.gui.onboarding.sync_controller import install_portal_sync

    # Held by the window: the status-bar label and the Providers menu action stay wired to it.
    window.portal_sync_controller = install_portal_sync(  # type: ignore[attr-defined]
        window, context.portal_sync, window.ui.menuProviders
    )


def _start_onboarding(window: MainWindow) -> None:
    """After the sync controller: the onboarding view above the list, refreshed when the copy changes."""
    context = window.context
    if context is None or context.onboarding is None:
        return
    from countyadmin.gui.onboarding.onboarding_view import install_onboarding

    sync = getattr(window, "portal_sync_controller", None)
    window.onboarding_view = install_onboarding(window, context.onboarding, sync)  # type: ignore[attr-defined]


def start_services(options: Options, on_list: ListReady | None = None) -> AppContext:
    """Everything the window needs; runs on a worker thread (never touches a widget).

    ``on_list`` receives the provider list as soon as the database is open, before the network clients
    are built (importing them alone takes longer than reading 10,000 providers).
    """
    if options.demo:
        from countyadmin.gui.demo import start_demo

        return start_demo(options.demo_dir or _default_demo_dir(), options.database_url, on_list=on_list)
    return _start_county(options, on_list)


def _default_demo_dir() -> Path:
    from countyadmin.config import data_dir

    env = os.environ.get(DEMO_DIR_ENV)
    return Path(env) if env else data_dir() / "demo"


def _start_county(options: Options, on_list: ListReady | None) -> AppContext:
    from countyadmin.config import load_effective_settings
    from countyadmin.db.engine import create_engine_for, default_database_url, upgrade_database
    from countyadmin.db.unit_of_work import unit_of_work_factory
    from countyadmin.services.providers import ProviderService

    # IT's policy wins over the command line, which wins over the clerk's Settings (config.py).
    overrides = {"portal_url": options.portal_url, "npi_registry_url": options.registry_url,
                 "database_url": options.database_url}  # fmt: skip
    loaded = load_effective_settings(overrides=overrides)
    if loaded.warning:
        log.warning("%s", loaded.warning)
    for name in loaded.locked.keys() & {name for name, value in overrides.items() if value}:
        log.warning("%s from the command line was not used: %s sets it", name, loaded.locked[name])
    settings = loaded.settings
    database_url = settings.database_url or default_database_url()
    engine = create_engine_for(database_url)
    closers: list[Callable[[], None]] = [engine.dispose]
    upgrade_database(engine, on_backup=lambda path: log.info("database backed up to %s", path))
    uow_factory = unit_of_work_factory(engine)
    import getpass  # here, not at the top: it is not needed before the first paint

    user = getpass.getuser()
    providers = ProviderService(uow_factory, user=user)
    if on_list is not None:
        on_list(providers.list_with_match_checks())

    from countyadmin.gui.invitations.outbox_bridge import start_invitations
    from countyadmin.gui.settings.settings_backend import StoredSettings
    from countyadmin.npi_registry.client import NpiRegistryClient
    from countyadmin.portal.client import PortalClient
    from countyadmin.secrets import ApiKeyStore
    from countyadmin.services.county_import import CountyImportService
    from countyadmin.services.invitation_batch import InvitationBatchService
    from countyadmin.services.npi_lookup import NpiLookupService
    from countyadmin.services.onboarding import OnboardingService
    from countyadmin.services.people import PeopleService
    from countyadmin.services.portal_sync import PortalSyncService
    from countyadmin.services.portal_work import PortalWorkService, configured_portal
    from countyadmin.services.reports import LinkStatusReportService

    registry = NpiRegistryClient(settings.npi_registry_url, ca_bundle=settings.ca_bundle)
    key_store = ApiKeyStore()
    # Read at every call, so a portal address and key saved in Settings work without a restart.
    portal_factory = configured_portal(
        lambda: load_effective_settings(overrides=overrides).settings.portal_url,
        key_store.get,
        lambda url, key: PortalClient(url, key, ca_bundle=load_effective_settings().settings.ca_bundle),
    )
    # The same factory as the portal work: a key saved in Settings reaches the sender too.
    invitations, outbox = start_invitations(uow_factory, portal_factory, user=user, closers=closers)
    return AppContext(
        providers=providers,
        npi_lookup=NpiLookupService(uow_factory, registry),
        settings=StoredSettings(key_store),
        portal=PortalWorkService(uow_factory, portal_factory, user=user),
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
