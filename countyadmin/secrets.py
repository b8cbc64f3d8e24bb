"""The county's CPSE Portal API key, kept only in the operating system's keyring.

Service "countyadmin", user name = the portal base URL exactly as configured (so a training portal and
the production portal keep separate keys). There is deliberately no fallback: a keyring that writes the
key to a plain file, or none at all, is refused with a sentence saying what to enable.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend
    from keyring.errors import KeyringError

    from countyadmin._memory_keyring import MemoryKeyring as MemoryKeyring

# keyring itself is imported on first use: importing it and discovering its backends costs a start
# ~15 ms, and a county without a portal key never needs it.

SERVICE = "countyadmin"


class KeyringUnavailable(Exception):
    """No safe keyring: ``str()`` says what to do."""

    @property
    def user_message(self) -> str:
        return str(self)


def _platform_keyring() -> str:
    if sys.platform == "win32":
        return "Windows Credential Manager"
    if sys.platform == "darwin":
        return "the macOS Keychain"
    return "a Secret Service keyring (GNOME Keyring or KWallet) and unlock it"


def __getattr__(name: str) -> Any:
    # MemoryKeyring subclasses keyring's backend class, so it lives beside keyring's import.
    if name == "MemoryKeyring":
        from countyadmin._memory_keyring import MemoryKeyring

        return MemoryKeyring
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def refusal_reason(backend: KeyringBackend) -> str | None:
    """Why ``backend`` must not hold the API key, or ``None`` when it is a real secure keyring."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, chainer.ChainerBackend):
        reasons = [refusal_reason(member) for member in backend.backends]
        if not reasons:
            return "no keyring is available"
        # A chain writes to whichever member accepts first, so one unsafe member is enough to refuse.
        return next((reason for reason in reasons if reason), None)
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return "no keyring is available"
    kind = type(backend)
    if kind.__module__.startswith("keyrings.alt") or "plaintext" in kind.__name__.lower():
        return f"the keyring in use ({kind.__module__}.{kind.__name__}) keeps passwords in a file"
    return None


class ApiKeyStore:
    def __init__(self, keyring_backend: KeyringBackend | None = None) -> None:
        self._backend = keyring_backend

    def backend(self) -> KeyringBackend:
        """The keyring that will hold the key, after checking it is a safe one.

        Raises:
            KeyringUnavailable: it is missing, a null backend or a plain-file backend.
        """
        if self._backend is not None:
            backend = self._backend
        else:
            import keyring

            backend = keyring.get_keyring()
        reason = refusal_reason(backend)
        if reason is not None:
            raise KeyringUnavailable(
                f"CountyAdmin cannot keep the CPSE Portal API key safely: {reason}. "
                f"Enable {_platform_keyring()}, then enter the key again in Settings. "
                "CountyAdmin never stores the key anywhere else."
            )
        return backend

    def get(self, portal_url: str) -> str | None:
        from keyring.errors import KeyringError

        backend = self.backend()
        try:
            return backend.get_password(SERVICE, portal_url)
        except KeyringError as error:
            raise _failed("read", error) from error

    def set(self, portal_url: str, key: str) -> None:
        from keyring.errors import KeyringError

        backend = self.backend()
        try:
            backend.set_password(SERVICE, portal_url, key)
        except KeyringError as error:
            raise _failed("save", error) from error

    def delete(self, portal_url: str) -> None:
        """Forget the key; nothing happens when there is none."""
        from keyring.errors import KeyringError, PasswordDeleteError

        backend = self.backend()
        try:
            backend.delete_password(SERVICE, portal_url)
        except PasswordDeleteError:
            pass
        except KeyringError as error:
            raise _failed("remove", error) from error


def _failed(verb: str, error: KeyringError) -> KeyringUnavailable:
    # The keyring's own message never contains the key itself.
    return KeyringUnavailable(
        f"The keyring could not {verb} the CPSE Portal API key ({error}). "
        "Unlock your keyring (or sign in to Windows again) and try once more."
    )
