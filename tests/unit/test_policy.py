"""IT's policy: the registry (through a fake reader here), policy.json, their order, and bad values."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from countyadmin import policy
from countyadmin.config import AppSettings, load_effective_settings, save_settings
from countyadmin.policy import (
    MACHINE_HIVE,
    POLICY_KEY,
    POLICY_VALUES,
    USER_HIVE,
    NotText,
    Policy,
    read_policy,
)
from tests.fixtures.tls import make_certificate

PORTAL = "https://cpse.county.example/"


def _registry(machine: Mapping[str, object] = {}, user: Mapping[str, object] = {}):  # noqa: B006, ANN202
    hives = {MACHINE_HIVE: dict(machine), USER_HIVE: dict(user)}
    return lambda hive: hives[hive]


@pytest.fixture
def policy_file(tmp_path: Path) -> Path:
    return tmp_path / "ProgramData" / "CountyAdmin" / "policy.json"


def _write(path: Path, data: object, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding=encoding)
    return path


def test_no_policy_anywhere_sets_nothing(policy_file: Path) -> None:
    assert read_policy(registry=_registry(), path=policy_file) == Policy()


def test_machine_registry_then_file_then_user_registry(policy_file: Path, tmp_path: Path) -> None:
    roots = make_certificate(tmp_path, "roots").cert  # a real PEM: anything else is left out
    _write(policy_file, {"PortalUrl": "https://file.example/", "NpiRegistryUrl": "https://npi.file.example/"})
    read = read_policy(
        registry=_registry(
            machine={"PortalUrl": PORTAL},
            user={"NpiRegistryUrl": "https://npi.user.example/", "TlsRootsFile": str(roots),
                  "DatabaseUrl": "mssql+pyodbc://db.county.example/preschool?driver=ODBC+Driver+18+for+SQL+Server"},
        ),  # fmt: skip
        path=policy_file,
    )
    assert read.values["portal_url"] == PORTAL  # HKLM beats the file
    assert read.values["npi_registry_url"] == "https://npi.file.example/"  # the file beats HKCU
    assert read.values["ca_bundle"] == str(roots)  # HKCU where nothing machine-wide sets it
    assert read.sources["portal_url"] == f"HKLM\\{POLICY_KEY}\\PortalUrl"
    assert read.sources["npi_registry_url"] == str(policy_file)
    assert read.sources["ca_bundle"] == f"HKCU\\{POLICY_KEY}\\TlsRootsFile"
    assert read.problems == ()


def test_policy_wins_over_the_command_line_and_the_clerks_file(tmp_path: Path, policy_file: Path) -> None:
    settings_file = tmp_path / "settings.json"
    mine = AppSettings(portal_url="https://mine.example/", database_url="sqlite:///mine.db")
    save_settings(mine, settings_file)
    read = read_policy(registry=_registry(machine={"PortalUrl": PORTAL}), path=policy_file)
    loaded = load_effective_settings(
        settings_file,
        overrides={"portal_url": "https://typed.example/", "npi_registry_url": "https://npi.typed.example/"},
        policy=read,
    )
    assert loaded.settings == AppSettings(
        portal_url=PORTAL, npi_registry_url="https://npi.typed.example/", database_url="sqlite:///mine.db"
    )
    assert loaded.locked == {"portal_url": f"HKLM\\{POLICY_KEY}\\PortalUrl"}
    assert loaded.warning is None


def test_a_malformed_file_is_said_plainly_and_the_registry_still_applies(policy_file: Path) -> None:
    policy_file.parent.mkdir(parents=True)
    policy_file.write_text('{"PortalUrl": "https://x.example/",', encoding="utf-8")
    read = read_policy(registry=_registry(machine={"DatabaseUrl": "postgresql+psycopg2://db/preschool"}),
                       path=policy_file)  # fmt: skip
    assert read.values == {"database_url": "postgresql+psycopg2://db/preschool"}
    (problem,) = read.problems
    assert problem.startswith(f"The policy file {policy_file} is not valid JSON (")
    assert "none of its settings were used" in problem


@pytest.mark.parametrize(
    ("name", "value", "why"),
    [
        ("PortalUrl", "http://portal.county.example/", "uses plain http"),
        ("NpiRegistryUrl", "npiregistry", "is not a web address"),
        ("DatabaseUrl", "postgresql+psycopg2://clerk:s3cret@db/preschool", "contains a password"),
        ("DatabaseUrl", "not a url", "is not a database URL"),
        ("TlsRootsFile", "roots.pem", "is not a full path"),
        ("TlsRootsFile", "/nowhere/roots.pem", "does not exist on this computer"),
        ("PortalURL", PORTAL, "is not one CountyAdmin knows"),
    ],
)
def test_an_unusable_value_is_left_out_with_a_sentence_and_the_rest_applies(
    policy_file: Path, name: str, value: str, why: str
) -> None:
    other = ("PortalUrl", PORTAL) if name == "NpiRegistryUrl" else ("NpiRegistryUrl", "https://npi.example/")
    _write(policy_file, {name: value, other[0]: other[1]})
    read = read_policy(registry=_registry(), path=policy_file)
    assert len(read.values) == 1 and POLICY_VALUES.get(name) not in read.values
    (problem,) = read.problems
    assert why in problem and str(policy_file) in problem


def test_non_text_and_empty_registry_values(policy_file: Path) -> None:
    read = read_policy(registry=_registry(machine={"PortalUrl": NotText(), "NpiRegistryUrl": "  "},
                                          user={"PortalUrl": PORTAL}), path=policy_file)  # fmt: skip
    assert read.values == {"portal_url": PORTAL}  # HKLM's unusable value does not hide HKCU's
    where = f"HKLM\\{POLICY_KEY}"
    assert read.problems == (f"The policy setting PortalUrl in {where} is not text, so it was ignored.",)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_files_written_by_notepad_or_powershell_are_read(policy_file: Path, encoding: str) -> None:
    _write(policy_file, {"PortalUrl": PORTAL}, encoding)
    assert read_policy(registry=_registry(), path=policy_file).values == {"portal_url": PORTAL}


def test_an_unreadable_registry_or_a_huge_file_does_not_stop_the_start(policy_file: Path) -> None:
    def denied(hive: str) -> Mapping[str, str | NotText]:
        raise PermissionError(5, "Access is denied")

    policy_file.parent.mkdir(parents=True)
    policy_file.write_bytes(b" " * 70_000)
    read = read_policy(registry=denied, path=policy_file)
    assert read.values == {}
    assert len(read.problems) == 3 and "larger than 64 KB" in read.problems[1]  # in the order read


def test_the_policy_file_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(policy.POLICY_FILE_ENV, raising=False)
    monkeypatch.setattr(policy.sys, "platform", "linux")
    assert policy.machine_policy_file() == Path("/etc/countyadmin/policy.json")
    assert policy.trial_policy_file() is None
    # The variable names a file read after IT's, never instead of it (tests/reliability/test_policy_attacks).
    monkeypatch.setenv(policy.POLICY_FILE_ENV, str(tmp_path / "p.json"))
    assert policy.machine_policy_file() == Path("/etc/countyadmin/policy.json")
    assert policy.trial_policy_file() == tmp_path / "p.json"


def test_the_policy_names_the_settings_fields() -> None:
    assert set(POLICY_VALUES.values()) == set(AppSettings.__dataclass_fields__)
