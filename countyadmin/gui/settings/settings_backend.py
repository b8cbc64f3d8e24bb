"""The real SettingsBackend: the settings file, the OS keyring and the two "Test connection" calls.

Its methods block (disk, keyring, network); the Settings dialog calls them from workers.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from countyadmin.config import (
    AppSettings,
    LoadedSettings,
    load_effective_settings,
    load_settings,
    save_settings,
)
from countyadmin.gui.context import ConnectionSettings
from countyadmin.npi_registry.client import NpiRegistryClient
from countyadmin.portal.client import PortalClient
from countyadmin.secrets import ApiKeyStore
from countyadmin.services.connection import check_portal, check_registry

# AppSettings field → the ConnectionSettings field Settings shows it in.
_SHOWN: Final = {
    "portal_url": "portal_url", "npi_registry_url": "registry_url", "database_url": "database_url"
}  # fmt: skip


class SettingsNotSaved(Exception):
    """The settings cannot be saved here; the message says why."""


def _test_portal(portal_url: str, api_key: str, ca_bundle: str | None) -> str:
    county = check_portal(PortalClient(portal_url, api_key, ca_bundle=ca_bundle))
    return f"Connected: this key belongs to {county.name}."


def _test_registry(registry_url: str, ca_bundle: str | None) -> str:
    check_registry(NpiRegistryClient(registry_url, ca_bundle=ca_bundle))
    return "Connected: the NPI Registry answers."


class StoredSettings:
    """Settings in the JSON file of :mod:`countyadmin.config`, the API key in :class:`ApiKeyStore`.

    What IT's policy sets is shown as the desk uses it and marked locked; saving never writes over it
    (the clerk's own value stays in the file, unused while the policy sets one).
    """

    def __init__(self, key_store: ApiKeyStore) -> None:
        self._key_store = key_store

    def _effective(self) -> LoadedSettings:
        return load_effective_settings()

    def _settings(self) -> AppSettings:
        return self._effective().settings

    def load(self) -> ConnectionSettings:
        loaded = self._effective()
        settings = loaded.settings
        return ConnectionSettings(
            portal_url=settings.portal_url,
            registry_url=settings.npi_registry_url,
            database_url=settings.database_url or "",
            locked={_SHOWN[name]: where for name, where in loaded.locked.items() if name in _SHOWN},
            notice=loaded.warning or "",
        )

    def read_api_key(self, portal_url: str) -> str | None:
        if not portal_url:
            self._key_store.backend()  # no key yet, but say now (not at Save) when there is no keyring
            return None
        return self._key_store.get(portal_url)

    def save(self, settings: ConnectionSettings, api_key: str | None) -> None:
        effective = self._effective()
        # The key belongs to the portal the desk uses, the policy's when it sets one.
        portal_url = settings.portal_url
        if "portal_url" in effective.locked:
            portal_url = effective.settings.portal_url
            if api_key and portal_url != settings.portal_url:
                # The policy moved the portal while Settings was open: the key typed was for the address
                # shown, and must not be stored for (and later sent to) another one.
                raise SettingsNotSaved(
                    f"your IT department set the CPSE Portal address to {portal_url} while Settings was "
                    "open, so the key was not stored for it. Close Settings and open it again."
                )
        # The key first: when the keyring refuses it, the file is left as it was.
        if api_key is not None and portal_url:
            if api_key:
                self._key_store.set(portal_url, api_key)
            else:
                self._key_store.delete(portal_url)
        own = load_settings().settings
        kept = effective.locked  # the policy's fields keep the clerk's own value, unused meanwhile
        registry_url = own.npi_registry_url if "npi_registry_url" in kept else settings.registry_url
        save_settings(
            replace(
                own,
                portal_url=own.portal_url if "portal_url" in kept else settings.portal_url,
                npi_registry_url=registry_url,
                database_url=own.database_url if "database_url" in kept else settings.database_url or None,
            )
        )

    def test_portal(self, portal_url: str, api_key: str) -> str:
        return _test_portal(portal_url, api_key, self._settings().ca_bundle)

    def test_registry(self, registry_url: str) -> str:
        return _test_registry(registry_url, self._settings().ca_bundle)


class DemoSettings:
    """The demo's fixed settings: shown and testable, never written over the county's own."""

    def __init__(self, sandbox_url: str, registry_url: str, database_url: str, api_key: str) -> None:
        self._settings = ConnectionSettings(sandbox_url, registry_url, database_url)
        self._api_key = api_key

    def load(self) -> ConnectionSettings:
        return self._settings

    def read_api_key(self, portal_url: str) -> str | None:
        return self._api_key if portal_url == self._settings.portal_url else None

    def save(self, settings: ConnectionSettings, api_key: str | None) -> None:
        raise SettingsNotSaved(
            "The demo's settings point at its own sandbox and are not saved. "
            "Start CountyAdmin without --demo to change your county's settings."
        )

    def test_portal(self, portal_url: str, api_key: str) -> str:
        return _test_portal(portal_url, api_key, None)

    def test_registry(self, registry_url: str) -> str:
        return _test_registry(registry_url, None)
