"""The in-process keyring (``countyadmin.secrets.MemoryKeyring``), apart so keyring loads only when used."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Keeps keys in this process only: for the demo on a computer without a keyring, and for tests."""

    # Below zero, so keyring never picks it by itself (it would silently forget the key at exit).
    priority = -1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._passwords.pop((service, username), None) is None:
            raise PasswordDeleteError("No such password.")
