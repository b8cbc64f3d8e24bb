"""Settings: round trip, defaults, a corrupt file never crashes, and no secret is ever written."""

from __future__ import annotations

import json
from pathlib import Path

import platformdirs
import pytest

from countyadmin import config
from countyadmin.config import (
    DEFAULT_NPI_REGISTRY_URL,
    AppSettings,
    LoadedSettings,
    SettingsError,
    load_settings,
    save_settings,
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


def test_defaults() -> None:
    assert AppSettings() == AppSettings("", "https://npiregistry.cms.hhs.gov/api/", None, None)
    assert DEFAULT_NPI_REGISTRY_URL == "https://npiregistry.cms.hhs.gov/api/"


def test_round_trip(path: Path) -> None:
    settings = AppSettings(
        portal_url="https://cpseportal.example.org/",
        npi_registry_url="http://127.0.0.1:8765/npi-registry/api/",
        database_url="postgresql+psycopg2://clerk@db.county.local/preschool",
        ca_bundle=r"C:\County\roots.pem",
    )
    save_settings(settings, path)
    assert load_settings(path) == LoadedSettings(settings, None)
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temporary file left


def test_missing_file_is_defaults_without_warning(path: Path) -> None:
    assert load_settings(path) == LoadedSettings(AppSettings(), None)


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", "", "\x00\x01"])
def test_corrupt_file_gives_defaults_and_a_warning(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings == AppSettings()
    assert loaded.warning is not None
    assert str(path) in loaded.warning and "default settings" in loaded.warning


def test_undecodable_file(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe\xfa")
    assert load_settings(path).warning is not None


def test_a_wrong_value_is_defaulted_alone(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"portal_url": "https://p.example/", "npi_registry_url": 42,
                                "database_url": None, "future_option": True}), encoding="utf-8")  # fmt: skip
    loaded = load_settings(path)
    assert loaded.settings == AppSettings(portal_url="https://p.example/")
    assert loaded.warning is not None and "npi_registry_url" in loaded.warning


def test_a_password_in_the_database_url_is_refused(path: Path) -> None:
    with pytest.raises(SettingsError, match="never stores passwords"):
        save_settings(AppSettings(database_url="postgresql+psycopg2://clerk:s3cret@db/preschool"), path)
    assert not path.exists()


def test_an_invalid_database_url_is_refused(path: Path) -> None:
    with pytest.raises(SettingsError, match="not a valid SQLAlchemy URL"):
        save_settings(AppSettings(database_url="not a url"), path)


def test_no_api_key_field_exists() -> None:
    assert not any("key" in name or "password" in name for name in AppSettings.__dataclass_fields__)


def test_save_replaces_the_old_file(path: Path) -> None:
    save_settings(AppSettings(portal_url="https://one.example/"), path)
    save_settings(AppSettings(portal_url="https://two.example/"), path)
    assert load_settings(path).settings.portal_url == "https://two.example/"


def test_folders_follow_platformdirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert (
        config.settings_path()
        == Path(platformdirs.user_config_dir("CountyAdmin", "CountyAdmin")) / "settings.json"
    )
    assert config.data_dir() == Path(platformdirs.user_data_dir("CountyAdmin", "CountyAdmin"))
    assert config.log_dir() == Path(platformdirs.user_log_dir("CountyAdmin", "CountyAdmin"))
    monkeypatch.setattr(config, "settings_path", lambda: tmp_path / "default.json")
    save_settings(AppSettings(portal_url="https://p.example/"))
    assert load_settings().settings.portal_url == "https://p.example/"


def test_default_database_is_a_file_in_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from countyadmin.db import engine

    monkeypatch.setattr(engine, "data_dir", lambda: tmp_path / "data")
    assert (
        engine.default_database_url() == f"sqlite:///{(tmp_path / 'data' / 'countyadmin.sqlite3').as_posix()}"
    )
