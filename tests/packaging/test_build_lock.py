"""The hashed build locks (requirements/build-*.lock): complete, hashed, and in step with pyproject.toml.

.ci/run installs the Linux lock with ``pip install --require-hashes`` before the frozen build, the Windows
workflow the Windows one; .ci/lock-build regenerates both (docs/packaging.md, Repeatable builds).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.packaging.conftest import ROOT

REGENERATE = "run .ci/lock-build (needs uv from PyPI) and commit requirements/*.lock"
# What each lock is for: the platform's marker environment and the extras installed from it.
LOCKS = {
    "build-linux.lock": ({"sys_platform": "linux", "platform_system": "Linux"}, ("build",)),
    "build-windows.lock": ({"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"},
                           ("test", "build")),
}  # fmt: skip


def read_lock(name: str) -> dict[str, tuple[str, list[str]]]:
    """Package name -> (pinned version, its sha256 hashes)."""
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8").replace("\\\n", " ")
    pins: dict[str, tuple[str, list[str]]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-\[\],]+)==(\S+)((?:\s+--hash=sha256:\S+)*)", line)
        assert match, f"{name}: not an exact, hashed pin: {line[:80]}"
        hashes = re.findall(r"--hash=sha256:(\S+)", match.group(3))
        pins[canonicalize_name(match.group(1).split("[")[0])] = (match.group(2), hashes)
    return pins


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_every_package_is_pinned_with_sha256_hashes(lock: str) -> None:
    pins = read_lock(lock)
    assert len(pins) > 30
    for name, (_version, hashes) in pins.items():
        assert hashes, f"{lock}: {name} has no hash; {REGENERATE}"
        assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in hashes), name


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_the_lock_fits_pyproject(lock: str) -> None:
    """Every dependency pyproject.toml asks for on that platform is locked at a version it allows."""
    markers, extras = LOCKS[lock]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    pins = read_lock(lock)
    environment = {
        **default_environment(),
        "python_version": "3.11",
        "python_full_version": "3.11.9",
        **markers,
    }
    for line in wanted:
        requirement = Requirement(line)
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock} lacks {requirement.name}, which pyproject.toml asks for: {REGENERATE}"
        version = pins[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {requirement.name} {version}, outside pyproject.toml's {requirement.specifier}: "
            f"{REGENERATE}"
        )


def test_the_locks_are_what_ci_and_the_workflow_install() -> None:
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q --require-hashes -r requirements/build-linux.lock" in run
    workflow = (ROOT / ".github" / "workflows" / "windows-installer.yml").read_text(encoding="utf-8")
    assert "pip install --require-hashes -r requirements/build-windows.lock" in workflow
    regenerate = Path(ROOT / ".ci" / "lock-build").read_text(encoding="utf-8")
    assert (
        "--generate-hashes" in regenerate
        and "build-linux.lock" in regenerate
        and "build-windows.lock" in regenerate
    )
