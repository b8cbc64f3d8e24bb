"""Machine-wide settings that county IT sets once: the policy (Group Policy, Intune, a file).

Four values, the same names everywhere (the registry, policy.json, the ADMX template in
resources/policy/):

===================  =====================================  ==============================
value                what it sets                            AppSettings field
===================  =====================================  ==============================
``PortalUrl``        the CPSE Portal address                 ``portal_url``
``NpiRegistryUrl``   the NPI Registry address                ``npi_registry_url``
``DatabaseUrl``      the county database (SQLAlchemy URL)    ``database_url``
``TlsRootsFile``     a PEM file of extra trusted roots       ``ca_bundle``
===================  =====================================  ==============================

Where they are read, the first that sets a value winning (machine-wide before per-user):

1. ``HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\CountyAdmin`` (Windows; Group Policy computer settings,
   Intune device configuration);
2. the policy file: ``%ProgramData%\\CountyAdmin\\policy.json`` on Windows, ``/etc/countyadmin/policy.json``
   elsewhere;
3. ``HKEY_CURRENT_USER\\SOFTWARE\\Policies\\CountyAdmin`` (Windows; Group Policy user settings). Only an
   administrator can write under ``Policies``, even in the user's own hive;
4. the file named by ``COUNTYADMIN_POLICY_FILE`` (for tests and IT trying a policy out). Any user can set
   that variable, so it comes last: it never replaces nor outranks what IT set in 1-3.

A value that cannot be used (not a web address, a database URL with a password, a roots file that is
not there) is left out with a sentence saying so; the others still apply, so CountyAdmin always starts.
No secret is ever read from a policy: the API key lives in the keyring only.
"""

from __future__ import annotations

import json
import os
import ssl
import stat
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

POLICY_KEY: Final = r"SOFTWARE\Policies\CountyAdmin"
POLICY_FILE_ENV: Final = "COUNTYADMIN_POLICY_FILE"
POLICY_FILE_NAME: Final = "policy.json"
# The policy's value name → the AppSettings field it sets.
POLICY_VALUES: Final[Mapping[str, str]] = {
    "PortalUrl": "portal_url",
    "NpiRegistryUrl": "npi_registry_url",
    "DatabaseUrl": "database_url",
    "TlsRootsFile": "ca_bundle",
}
MACHINE_HIVE: Final = "HKEY_LOCAL_MACHINE"
USER_HIVE: Final = "HKEY_CURRENT_USER"
_MAX_FILE_BYTES: Final = 64 * 1024  # four addresses; anything larger is not a policy file


class NotText:
    """A registry value that is not a string (REG_DWORD, REG_BINARY…): reported, never used."""

    def __repr__(self) -> str:
        return "NotText()"


# Reads the values under POLICY_KEY of one hive ("HKEY_LOCAL_MACHINE" or "HKEY_CURRENT_USER").
RegistryReader = Callable[[str], Mapping[str, "str | NotText"]]


@dataclass(frozen=True, slots=True)
class Policy:
    """The usable policy values, where each came from, and a sentence for each value left out."""

    values: Mapping[str, str] = field(default_factory=dict)  # AppSettings field → value
    sources: Mapping[str, str] = field(default_factory=dict)  # AppSettings field → "HKLM\…\PortalUrl"
    problems: tuple[str, ...] = ()


def machine_policy_file() -> Path:
    """Where the machine's policy file is (it need not exist)."""
    if sys.platform == "win32":
        import platformdirs

        # The common application-data folder (C:\ProgramData), found by the shell, not the environment.
        return Path(platformdirs.site_data_dir("CountyAdmin", appauthor=False)) / POLICY_FILE_NAME
    return Path("/etc/countyadmin") / POLICY_FILE_NAME


def trial_policy_file() -> Path | None:
    """The file named by ``COUNTYADMIN_POLICY_FILE``, read after every source IT controls."""
    named = os.environ.get(POLICY_FILE_ENV)
    return Path(named) if named else None


if sys.platform == "win32":

    def read_windows_registry(hive: str) -> Mapping[str, str | NotText]:
        """The values under ``POLICY_KEY`` in ``hive``; empty when the key is not there."""
        import winreg

        root = {MACHINE_HIVE: winreg.HKEY_LOCAL_MACHINE, USER_HIVE: winreg.HKEY_CURRENT_USER}[hive]
        try:
            key = winreg.OpenKey(root, POLICY_KEY, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY)
        except OSError:  # FileNotFoundError when no policy is set, PermissionError on a locked-down desk
            return {}
        values: dict[str, str | NotText] = {}
        with key:
            index = 0
            while True:
                try:
                    name, data, kind = winreg.EnumValue(key, index)
                except OSError:  # no more values
                    break
                index += 1
                if kind == winreg.REG_EXPAND_SZ and isinstance(data, str):
                    values[name] = winreg.ExpandEnvironmentStrings(data)
                elif kind == winreg.REG_SZ and isinstance(data, str):
                    values[name] = data
                else:
                    values[name] = NotText()
        return values

else:

    def read_windows_registry(hive: str) -> Mapping[str, str | NotText]:
        """Not Windows: there is no registry, so no policy in it."""
        return {}


def read_policy(*, registry: RegistryReader | None = None, path: Path | None = None) -> Policy:
    """The machine's policy: the registry (on Windows) and the policy file, in the module's order."""
    registry = registry or read_windows_registry
    path = path or machine_policy_file()
    problems: list[str] = []
    sources = [
        _read_hive(registry, MACHINE_HIVE, problems),
        (str(path), _read_file(path, problems)),
        _read_hive(registry, USER_HIVE, problems),
    ]
    trial = trial_policy_file()
    if trial is not None and trial != path:
        sources.append((str(trial), _read_file(trial, problems)))
    values: dict[str, str] = {}
    where: dict[str, str] = {}
    for source, found in sources:
        for name, raw in found.items():
            setting = POLICY_VALUES.get(name)
            if setting is None:
                problems.append(
                    f"The policy setting “{name}” in {source} is not one CountyAdmin knows, so it was "
                    f"ignored (the known ones are {', '.join(POLICY_VALUES)})."
                )
                continue
            if setting in values:
                continue  # an earlier source set it
            if not isinstance(raw, str):
                problems.append(f"The policy setting {name} in {source} is not text, so it was ignored.")
                continue
            if not raw.strip():
                continue  # an empty value means "not configured"
            value, why = _check(setting, raw.strip())
            if why:
                problems.append(f"The policy setting {name} in {source} was ignored: {why}")
                continue
            values[setting] = value
            where[setting] = source if source in (str(path), str(trial)) else f"{source}\\{name}"
    return Policy(values, where, tuple(problems))


def _read_hive(
    registry: RegistryReader, hive: str, problems: list[str]
) -> tuple[str, Mapping[str, object]]:
    where = f"{'HKLM' if hive == MACHINE_HIVE else 'HKCU'}\\{POLICY_KEY}"
    try:
        return where, registry(hive)
    except OSError as error:
        problems.append(f"The policy in {where} could not be read ({error}), so it was ignored.")
        return where, {}


def _read_file(path: Path, problems: list[str]) -> Mapping[str, object]:
    """The policy file's object; on any problem, nothing, and a sentence in ``problems``."""
    data, problem = _parse_file(path)
    if problem:
        problems.append(problem)
    return data


def _parse_file(path: Path) -> tuple[Mapping[str, object], str | None]:
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a pipe or a device would block the start, a folder fail
            return {}, f"The policy file {path} is not a file, so it was ignored. Tell your IT department."
        with path.open("rb") as stream:
            raw = stream.read(_MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError) as error:  # ValueError: a NUL in COUNTYADMIN_POLICY_FILE
        why = getattr(error, "strerror", None) or error
        return {}, f"The policy file {path} could not be read ({why}), so it was ignored."
    if len(raw) > _MAX_FILE_BYTES:
        return {}, f"The policy file {path} is larger than {_MAX_FILE_BYTES // 1024} KB, so it was ignored."
    # Windows PowerShell 5 writes UTF-16 by default, Notepad a UTF-8 byte-order mark: read all three.
    encoding = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        data = json.loads(raw.decode(encoding))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return {}, (
            f"The policy file {path} is not valid JSON ({error}), so none of its settings were used. "
            "Tell your IT department."
        )
    except RecursionError:  # 64 KB of brackets nest far deeper than the parser can follow
        return {}, (
            f"The policy file {path} is nested too deeply to be a policy, so none of its settings were used. "
            "Tell your IT department."
        )
    if not isinstance(data, dict):
        return {}, f"The policy file {path} does not hold a JSON object, so none of its settings were used."
    return data, None


def _check(setting: str, value: str) -> tuple[str, str | None]:
    """``value`` ready to use, or a reason it cannot be used."""
    if setting in ("portal_url", "npi_registry_url"):
        from countyadmin.http import check_base_url

        try:
            return check_base_url(value), None
        except ValueError as error:
            return value, str(error)
    if setting == "database_url":
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(value)
        except ArgumentError:
            return value, "it is not a database URL (write it like postgresql+psycopg2://host/preschool)."
        if url.password:
            return value, (
                "it contains a password, which every user of the computer could read. Use Windows "
                "authentication or a pgpass file instead."
            )
        return value, None
    return value, roots_file_problem(value)


def roots_file_problem(value: str) -> str | None:
    """Why ``value`` cannot be used as a file of trusted roots, or ``None``: checked when the settings are
    read, so a bad file is left out with a sentence instead of stopping every connection at start-up."""
    if any(ord(character) < 0x20 for character in value):
        return "the file name contains control characters, so it cannot name a file."
    if value.startswith(("\\\\", "//")):
        # Read at every start: an unreachable share would hold the start up, and offline desks lack it.
        return (
            f"“{value}” is on a network share; copy the file to each computer (for example to "
            "C:\\ProgramData\\CountyAdmin\\roots.pem) and name that copy."
        )
    if not Path(value).is_absolute():
        return f"“{value}” is not a full path (write it like C:\\County\\roots.pem)."
    path = Path(value)
    if not path.is_file():
        return f"the file “{value}” does not exist on this computer."
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cafile=value)
    except (ssl.SSLError, OSError, UnicodeDecodeError, ValueError):
        return (
            f"the file “{value}” holds no usable certificate; it should hold the county's root "
            "certificates in PEM form (-----BEGIN CERTIFICATE-----)."
        )
    return None
