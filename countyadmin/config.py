"""Application settings: a small JSON file in the user's configuration folder, under IT's policy.

No secret ever goes in it: the portal API key lives in the OS keyring (countyadmin.secrets), and a
database URL carrying a password is refused.

What a desk uses (``load_effective_settings``), the first that sets a value winning:

1. the machine's policy (``countyadmin.policy``: the registry's Policies key, policy.json);
2. the command line (``--portal-url``, ``--npi-registry-url``, ``--db``);
3. the clerk's own settings file (Settings…);
4. the defaults.

``--demo`` ignores all of them: the demo runs on its own sandbox and database on this computer.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

if TYPE_CHECKING:
    from countyadmin.policy import Policy

APP_NAME = "CountyAdmin"
APP_AUTHOR = "CountyAdmin"
DEFAULT_NPI_REGISTRY_URL = "https://npiregistry.cms.hhs.gov/api/"
SETTINGS_FILE = "settings.json"


@dataclass(frozen=True, slots=True)
class AppSettings:
    portal_url: str = ""
    npi_registry_url: str = DEFAULT_NPI_REGISTRY_URL
    database_url: str | None = None  # None: the SQLite file in data_dir()
    ca_bundle: str | None = None  # a county's own TLS root certificates (PEM), when it has a proxy


@dataclass(frozen=True, slots=True)
class LoadedSettings:
    """The settings to use, and a sentence for the clerk when the file could not be used as it is."""

    settings: AppSettings
    warning: str | None = None
    # The fields IT's policy set (read-only in Settings), each with where it was set.
    locked: Mapping[str, str] = field(default_factory=dict)


class SettingsError(ValueError):
    """The settings cannot be saved as they are; ``str()`` says why and what to do."""


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


_OPTIONAL = {"database_url", "ca_bundle"}
_MAX_SETTINGS_BYTES = 64 * 1024  # four values; Save writes a few hundred bytes


def load_settings(path: Path | None = None) -> LoadedSettings:
    """Read the settings; a missing file gives the defaults, an unusable one the defaults and a warning."""
    path = path or settings_path()
    try:
        with path.open("rb") as stream:
            raw = stream.read(_MAX_SETTINGS_BYTES + 1)
    except FileNotFoundError:
        return LoadedSettings(AppSettings())
    except OSError as error:
        return LoadedSettings(AppSettings(), _unusable(path, f"it could not be read ({error})"))
    if len(raw) > _MAX_SETTINGS_BYTES:
        too_large = f"it is larger than {_MAX_SETTINGS_BYTES // 1024} KB"
        return LoadedSettings(AppSettings(), _unusable(path, too_large))
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        return LoadedSettings(AppSettings(), _unusable(path, f"it could not be read ({error})"))
    except json.JSONDecodeError as error:
        return LoadedSettings(AppSettings(), _unusable(path, f"it is not valid JSON ({error})"))
    except RecursionError:
        return LoadedSettings(AppSettings(), _unusable(path, "it is nested too deeply to be settings"))
    if not isinstance(data, dict):
        return LoadedSettings(AppSettings(), _unusable(path, "it does not hold a JSON object"))

    values: dict[str, str | None] = {}
    bad: list[str] = []
    for item in fields(AppSettings):
        if item.name not in data:
            continue  # a newer or older file: unknown keys ignored, missing ones defaulted
        value = data[item.name]
        if isinstance(value, str) or (value is None and item.name in _OPTIONAL):
            values[item.name] = value
        else:
            bad.append(item.name)
    warning = None
    if bad:
        warning = (
            f"Some settings in {path} were not usable ({', '.join(bad)}), so CountyAdmin uses their "
            "defaults. Open Settings, check them and save."
        )
    return LoadedSettings(AppSettings(**values), warning)  # type: ignore[arg-type]


def load_effective_settings(
    path: Path | None = None,
    *,
    overrides: Mapping[str, str | None] | None = None,
    policy: Policy | None = None,
) -> LoadedSettings:
    """The settings this desk uses: policy, then ``overrides`` (the command line), then the file.

    ``warning`` joins the settings file's sentence and one for each policy value that was left out.
    """
    from countyadmin.policy import read_policy, roots_file_problem

    loaded = load_settings(path)
    if policy is None:
        policy = read_policy()
    values = asdict(loaded.settings)
    values.update({name: value for name, value in (overrides or {}).items() if value})
    warnings: list[str | None] = [loaded.warning, *policy.problems]
    own_roots = values["ca_bundle"]
    if own_roots and "ca_bundle" not in policy.values and (why := roots_file_problem(own_roots)):
        # Settings has no field for it, and a bad one would stop every connection from being built.
        values["ca_bundle"] = None
        warnings.append(f"The roots file in {path or settings_path()} was left out: {why}")
    values.update(policy.values)
    said = [sentence for sentence in warnings if sentence]
    return LoadedSettings(AppSettings(**values), " ".join(said) or None, dict(policy.sources))


def _unusable(path: Path, why: str) -> str:
    return (
        f"The settings file {path} could not be used: {why}. CountyAdmin started with default settings; "
        "open Settings and save to replace the file."
    )


def save_settings(settings: AppSettings, path: Path | None = None) -> None:
    """Write the settings atomically (a crash mid-write leaves the old file, never half a file).

    Raises:
        SettingsError: the database URL carries a password, which must not be written to disk.
    """
    _refuse_secrets(settings)
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(asdict(settings), indent=2, sort_keys=True) + "\n"
    handle, temp_name = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _refuse_secrets(settings: AppSettings) -> None:
    if not settings.database_url:
        return
    try:
        url = make_url(settings.database_url)
    except ArgumentError as error:
        raise SettingsError(
            f"The database URL is not a valid SQLAlchemy URL ({error}). "
            "Write it like postgresql+psycopg2://user@host/database."
        ) from error
    if url.password:
        raise SettingsError(
            "The database URL contains a password, and CountyAdmin never stores passwords in its settings "
            "file. Remove the password from the URL and let the server authenticate you another way "
            "(for PostgreSQL a pgpass file or Windows authentication)."
        )
