"""Attacks on central configuration: a clerk getting around IT's policy, a hostile or broken policy or
settings file, and a hostile network between the desk and the portal (proxy, TLS, redirects).

Each test is named after what it tried; each once broke (or is the check that it cannot).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from countyadmin import policy
from countyadmin.config import AppSettings, load_effective_settings, load_settings, save_settings
from countyadmin.npi_registry.client import NpiRegistryClient
from countyadmin.policy import POLICY_FILE_ENV, read_policy
from countyadmin.services.portal_work import configured_portal
from tests.reliability.hostile import run_bounded

PORTAL = "https://cpse.county.example/"
DEADLINE = 2.0  # the tests' CALL_DEADLINE (30 s in the app)


def _no_registry(hive: str) -> dict[str, str]:
    return {}


@pytest.fixture
def machine_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The machine's policy file (%ProgramData%\\CountyAdmin\\policy.json), moved to tmp_path."""
    path = tmp_path / "ProgramData" / "policy.json"
    path.parent.mkdir()
    monkeypatch.setattr(policy, "machine_policy_file", lambda: path)
    return path


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# --- a clerk getting around the policy --------------------------------------------------------------


def test_the_policy_file_variable_cannot_replace_the_machines_policy(
    machine_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clerk sets COUNTYADMIN_POLICY_FILE (a user variable, no administrator needed) to an empty file:
    IT's policy.json must still apply. Before, the variable named a file *instead of* IT's."""
    _write(machine_file, {"PortalUrl": PORTAL, "DatabaseUrl": "postgresql+psycopg2://db/preschool"})
    mine = _write(tmp_path / "mine.json", {"PortalUrl": "https://elsewhere.example/",
                                            "NpiRegistryUrl": "https://npi.mine.example/"})  # fmt: skip
    monkeypatch.setenv(POLICY_FILE_ENV, str(mine))
    read = read_policy(registry=_no_registry)
    assert read.values["portal_url"] == PORTAL  # IT's file wins over the clerk's
    assert read.sources["portal_url"] == str(machine_file)
    assert read.values["database_url"] == "postgresql+psycopg2://db/preschool"
    # What IT's file leaves unset may still come from the named file (IT trying a policy out).
    assert read.values["npi_registry_url"] == "https://npi.mine.example/"
    monkeypatch.setenv(POLICY_FILE_ENV, str(tmp_path / "nothing.json"))
    assert read_policy(registry=_no_registry).values["portal_url"] == PORTAL


def test_the_command_line_and_a_hand_edited_settings_file_lose_to_the_policy(
    machine_file: Path, tmp_path: Path
) -> None:
    settings_file = tmp_path / "settings.json"
    _write(settings_file, {"portal_url": "https://elsewhere.example/", "ca_bundle": None,
                           "database_url": "sqlite:///mine.db"})  # fmt: skip
    _write(machine_file, {"PortalUrl": PORTAL, "DatabaseUrl": "postgresql+psycopg2://db/preschool"})
    loaded = load_effective_settings(
        settings_file, overrides={"portal_url": "https://typed.example/", "database_url": "sqlite:///x.db"}
    )
    assert loaded.settings.portal_url == PORTAL
    assert loaded.settings.database_url == "postgresql+psycopg2://db/preschool"
    assert set(loaded.locked) == {"portal_url", "database_url"}


# --- a hostile or broken policy / settings file -------------------------------------------------------


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_a_policy_file_nested_deeper_than_python_can_parse_is_a_sentence(
    machine_file: Path, opener: str
) -> None:
    # Under 64 KB, far past the parser's recursion limit.
    machine_file.write_text(opener * (60_000 // len(opener)), encoding="utf-8")
    read = read_policy(registry=_no_registry)
    assert read.values == {}
    (problem,) = read.problems
    assert problem.startswith(f"The policy file {machine_file} ") and "none of its settings" in problem


def test_a_hand_edited_settings_file_nested_too_deep_starts_with_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("[" * 200_000, encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings == AppSettings()
    assert loaded.warning is not None and str(path) in loaded.warning


def test_a_huge_settings_file_is_not_read_into_memory(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    with path.open("wb") as stream:
        stream.truncate(512 * 1024 * 1024)  # sparse: half a gigabyte of NULs, no disk used
    loaded = load_settings(path)
    assert loaded.settings == AppSettings()
    assert loaded.warning is not None and "larger than" in loaded.warning


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PortalUrl", "https://cpse\u0000.county.example/"),
        ("PortalUrl", "https://cpse.county.example/\r\nX-Injected: 1"),
        ("NpiRegistryUrl", "https://npi .example/"),
        ("TlsRootsFile", "/etc/ssl/roots\u0000.pem"),
    ],
    ids=["nul-in-host", "crlf", "space-in-host", "nul-in-path"],
)
def test_control_characters_in_a_policy_value_are_refused(machine_file: Path, name: str, value: str) -> None:
    _write(machine_file, {name: value})
    read = read_policy(registry=_no_registry)
    assert read.values == {}
    (problem,) = read.problems
    assert problem.startswith(f"The policy setting {name} in {machine_file} was ignored: ")


@pytest.mark.parametrize("value", [3, True, None, ["https://x.example/"], {"url": PORTAL}])
def test_a_policy_value_of_the_wrong_type_is_a_sentence(machine_file: Path, value: object) -> None:
    _write(machine_file, {"PortalUrl": value})
    read = read_policy(registry=_no_registry)
    assert read.values == {}
    assert read.problems == (
        f"The policy setting PortalUrl in {machine_file} is not text, so it was ignored.",
    )


def test_a_policy_file_that_is_a_pipe_does_not_hang_the_start(machine_file: Path) -> None:
    os.mkfifo(machine_file)  # nobody ever writes to it: opening it to read would wait forever
    ended, raised, _ = run_bounded(lambda: read_policy(registry=_no_registry), within=10)
    assert ended, "reading the policy waited on a pipe"
    assert raised is None
    read = read_policy(registry=_no_registry)
    assert read.values == {} and "is not a file" in read.problems[0]


def test_a_policy_file_in_a_symlink_loop_or_a_folder_is_a_sentence(
    machine_file: Path, tmp_path: Path
) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(machine_file)
    machine_file.symlink_to(loop)
    read = read_policy(registry=_no_registry)
    assert read.values == {} and read.problems[0].startswith(f"The policy file {machine_file} ")
    machine_file.unlink()
    machine_file.mkdir()
    read = read_policy(registry=_no_registry)
    assert read.values == {} and read.problems[0].startswith(f"The policy file {machine_file} ")


@pytest.mark.parametrize(
    "content",
    [
        b"not a certificate\n",
        b"\x00" * 100,
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    ],
    ids=["text", "nul-bytes", "broken-pem"],
)
def test_a_roots_file_that_is_not_pem_is_left_out_and_the_desk_still_starts(
    machine_file: Path, tmp_path: Path, content: bytes
) -> None:
    """Before, the policy passed any existing file on, and building the NPI Registry client at start-up
    raised: "CountyAdmin could not start", Settings disabled, on every desk the policy reached."""
    roots = tmp_path / "roots.pem"
    roots.write_bytes(content)
    _write(machine_file, {"TlsRootsFile": str(roots), "PortalUrl": PORTAL})
    loaded = load_effective_settings(tmp_path / "settings.json")
    assert loaded.settings.ca_bundle is None and loaded.settings.portal_url == PORTAL
    assert loaded.warning is not None
    assert f"The policy setting TlsRootsFile in {machine_file} was ignored: " in loaded.warning
    assert "PEM" in loaded.warning
    NpiRegistryClient(loaded.settings.npi_registry_url, ca_bundle=loaded.settings.ca_bundle).close()


@pytest.mark.parametrize("value", ["file:///etc/ssl/roots.pem", "//server/share/roots.pem", "roots.pem"])
def test_a_roots_file_given_as_a_url_or_share_or_relative_path_is_refused(
    machine_file: Path, value: str
) -> None:
    _write(machine_file, {"TlsRootsFile": value})
    read = read_policy(registry=_no_registry)
    assert read.values == {}
    (problem,) = read.problems
    assert "TlsRootsFile" in problem and "was ignored" in problem


def test_a_hand_edited_roots_file_in_settings_does_not_stop_the_start(
    machine_file: Path, tmp_path: Path
) -> None:
    """settings.json has no field in Settings for the roots file, so a bad one edited by hand must not
    stop the start (Settings is disabled then, and the clerk could never repair it)."""
    settings_file = tmp_path / "settings.json"
    for bad in (str(tmp_path / "missing.pem"), str(settings_file)):
        save_settings(AppSettings(portal_url=PORTAL, ca_bundle=bad), settings_file)
        loaded = load_effective_settings(settings_file)
        assert loaded.settings.ca_bundle is None and loaded.settings.portal_url == PORTAL
        assert loaded.warning is not None and bad in loaded.warning and str(settings_file) in loaded.warning


# --- the key goes only where it was saved for ----------------------------------------------------------


def test_a_policy_moving_the_portal_does_not_send_the_old_portals_key_to_the_new_one(
    machine_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = {"https://old.county.example/": "old-portal-key-0123456789"}
    settings_file = tmp_path / "settings.json"
    save_settings(AppSettings(portal_url="https://old.county.example/"), settings_file)
    built: list[tuple[str, str]] = []
    factory = configured_portal(
        lambda: load_effective_settings(settings_file).settings.portal_url,
        keys.get,
        lambda url, key: built.append((url, key)),  # type: ignore[func-returns-value]
    )
    factory()
    assert built == [("https://old.county.example/", "old-portal-key-0123456789")]
    _write(machine_file, {"PortalUrl": "https://new.county.example/"})
    with pytest.raises(Exception, match="API key"):
        factory()
    assert len(built) == 1
