"""The API key lives in a real keyring or nowhere: refusal of unsafe backends, and the memory keyring."""

from __future__ import annotations

import subprocess
import sys

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringLocked

from countyadmin.secrets import SERVICE, ApiKeyStore, KeyringUnavailable, MemoryKeyring

PORTAL = "https://cpseportal.example.org/"


class PlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt.file.PlaintextKeyring (not installed here)."""


class AltFileKeyring(MemoryKeyring):
    pass


AltFileKeyring.__module__ = "keyrings.alt.file"


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Keyring is locked")


class SecureKeyring(MemoryKeyring):
    """A stand-in for Windows Credential Manager / Secret Service."""


@pytest.mark.parametrize(
    "backend", [fail.Keyring(), null.Keyring(), PlaintextKeyring(), AltFileKeyring()], ids=type
)
def test_unsafe_backends_are_refused_for_every_operation(backend: KeyringBackend) -> None:
    store = ApiKeyStore(backend)
    for call in (lambda: store.get(PORTAL), lambda: store.set(PORTAL, "k"), lambda: store.delete(PORTAL)):
        with pytest.raises(KeyringUnavailable) as refused:
            call()
        message = str(refused.value)
        assert message.startswith("CountyAdmin cannot keep the CPSE Portal API key safely")
        assert "Enable " in message and "never stores the key anywhere else" in message


def test_this_machines_default_keyring_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    with pytest.raises(KeyringUnavailable, match="no keyring is available"):
        ApiKeyStore().get(PORTAL)


def test_a_chain_with_a_plaintext_member_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [SecureKeyring(), PlaintextKeyring()])
    with pytest.raises(KeyringUnavailable, match="keeps passwords in a file"):
        ApiKeyStore(chainer.ChainerBackend()).get(PORTAL)
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [SecureKeyring()])
    assert ApiKeyStore(chainer.ChainerBackend()).get(PORTAL) is None


def test_memory_keyring_round_trip() -> None:
    backend = MemoryKeyring()
    store = ApiKeyStore(backend)
    assert store.get(PORTAL) is None
    store.set(PORTAL, "county-key-1")
    assert store.get(PORTAL) == "county-key-1"
    assert backend.get_password(SERVICE, PORTAL) == "county-key-1"  # service "countyadmin", user = URL
    assert store.get(PORTAL.rstrip("/")) is None  # the URL exactly as configured
    store.delete(PORTAL)
    store.delete(PORTAL)  # forgetting twice is fine
    assert store.get(PORTAL) is None


def test_a_secure_backend_is_used_as_is() -> None:
    backend = SecureKeyring()
    ApiKeyStore(backend).set(PORTAL, "k")
    assert backend.get_password("countyadmin", PORTAL) == "k"


def test_a_locked_keyring_says_what_to_do() -> None:
    with pytest.raises(
        KeyringUnavailable, match="could not read the CPSE Portal API key .*Unlock your keyring"
    ):
        ApiKeyStore(LockedKeyring()).get(PORTAL)


def test_memory_keyring_is_never_picked_by_keyring_itself() -> None:
    assert MemoryKeyring.priority < fail.Keyring.priority
    assert not isinstance(keyring.get_keyring(), MemoryKeyring)


def test_keyring_loads_only_when_the_key_is_used() -> None:
    # Importing keyring and finding its backend cost every start ~15 ms; the store is built at every start.
    code = (
        "import sys; from countyadmin.secrets import ApiKeyStore, KeyringUnavailable; ApiKeyStore(); "
        "assert 'keyring' not in sys.modules; from countyadmin.secrets import MemoryKeyring; "
        "assert 'keyring' in sys.modules and MemoryKeyring.priority == -1"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
