""".ci/release_version.py: the version a build is made as, and the check that a release tag names it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from countyadmin import __version__
from tests.packaging.conftest import ROOT, load_script

SCRIPT = ROOT / ".ci" / "release_version.py"


@pytest.fixture(scope="module")
def release_version() -> ModuleType:
    return load_script(SCRIPT)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60,
                          check=False, env={**os.environ, **(env or {})})  # fmt: skip


def test_reads_the_packages_version_without_importing_it(release_version: ModuleType) -> None:
    assert release_version.package_version() == __version__


def test_matching_tag_passes_and_outputs_reach_later_steps(tmp_path: Path) -> None:
    output = tmp_path / "github_output"
    result = run("--tag", f"v{__version__}", env={"GITHUB_OUTPUT": str(output)})
    assert result.returncode == 0, result.stderr
    lines = output.read_text(encoding="utf-8").splitlines()
    assert f"version={__version__}" in lines
    assert any(line.startswith("numeric=") for line in lines) and any(
        line.startswith("upgrade_test=") for line in lines
    )


def test_a_tag_that_is_not_the_version_fails_with_a_sentence(tmp_path: Path) -> None:
    result = run("--tag", "v99.0.0", env={"GITHUB_OUTPUT": str(tmp_path / "out"), "GITHUB_ACTIONS": ""})
    assert result.returncode == 1
    assert f"The tag v99.0.0 does not match the package version {__version__}" in result.stderr
    assert not (tmp_path / "out").exists()  # nothing for later steps: the job stops here


def test_tag_problem_names_both_ways_out(release_version: ModuleType) -> None:
    assert release_version.tag_problem("v1.2.3", "1.2.3") is None
    for wrong in ("1.2.3", "v1.2.4", "v1.2.3-rc1"):
        sentence = release_version.tag_problem(wrong, "1.2.3")
        assert sentence and "tag the commit v1.2.3" in sentence and sentence.endswith("."), wrong


@pytest.mark.parametrize(
    ("version", "numeric", "upgrade"),
    [
        ("0.1.0", "0.1.0", "0.1.1"),
        ("0.2.0rc1", "0.2.0", "0.2.1"),
        ("1.4", "1.4", "1.4.1"),
        ("2", "2", "2.0.1"),
    ],
)
def test_numeric_and_upgrade_test_versions(release_version: ModuleType, version: str, numeric: str,
                                           upgrade: str) -> None:  # fmt: skip
    assert release_version.numeric_version(version) == numeric
    assert release_version.upgrade_test_version(version) == upgrade


# Attacks of a hostile or careless release: versions pip and the wheel would normalise (so the tag, the
# setup's name and its downgrade check would see another text than pip), two suffixes the setup's compare
# cannot order, a local version. Each was let through as long as the tag repeated it.
@pytest.mark.parametrize(
    "version", ["01.2.3", "1.2.3-rc1", "1.2.3RC1", "1.2.3.post0.dev1", "1.2.3rc1.post1", "1.2.3+county",
                "v1.2.3", "1.2.3 ", "1.2.3.rc1", "1.2.3c1", "1.2.3-1", ""],
)  # fmt: skip
def test_a_version_not_in_pep_440_normal_form_is_not_releasable(
    release_version: ModuleType, version: str
) -> None:
    sentence = release_version.version_problem(version)
    assert sentence and "countyadmin/__init__.py" in sentence


@pytest.mark.parametrize(
    ("version", "prerelease"),
    [("1.2.3", False), ("1.2.3rc1", True), ("1.2.3a2", True), ("1.2.3b1", True), ("1.2.3.dev4", True),
     ("1.2.3.post1", False), ("10.0", False)],
)  # fmt: skip
def test_normal_versions_are_releasable_and_a_candidate_is_a_prerelease(
    release_version: ModuleType, version: str, prerelease: bool
) -> None:
    from packaging.version import Version

    assert str(Version(version)) == version  # the expectation itself: these are normal forms
    assert release_version.version_problem(version) is None
    assert release_version.is_prerelease(version) is prerelease == Version(version).is_prerelease


def test_a_package_version_that_is_not_releasable_stops_the_build(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "countyadmin").mkdir(parents=True)
    (root / "countyadmin" / "__init__.py").write_text('__version__ = "01.2.3"\n', encoding="utf-8")
    (root / ".ci").mkdir()
    (root / ".ci" / "release_version.py").write_text(SCRIPT.read_text(encoding="utf-8"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(root / ".ci" / "release_version.py"), "--tag", "v01.2.3"], capture_output=True,
        text=True, timeout=60, check=False, env={**os.environ, "GITHUB_OUTPUT": str(tmp_path / "out")},
    )  # fmt: skip
    assert result.returncode == 1 and "not in PEP 440's normal form" in result.stderr
    assert not (tmp_path / "out").exists()
