"""The setup's downgrade check, run: installer/countyadmin.iss's own [Code] compare, compiled by Free Pascal.

Inno Setup's Pascal Script is the Delphi dialect; the functions the downgrade check uses (LeadingNumber
to CompareVersions) are cut out of the .iss unchanged and compiled in Free Pascal's Delphi mode, so the
order they give is the setup's. Compared with PEP 440's (packaging.version), which is how the versions
are made (.ci/release_version.py). Skipped where Free Pascal is not installed (apt: fp-compiler); the
Windows workflow's upgrade and downgrade steps run the real setup.
"""

from __future__ import annotations

import shutil
import subprocess
from itertools import pairwise

import pytest
from packaging.version import Version

from tests.packaging.test_installer import ISS

FPC = shutil.which("fpc")
FIRST = "{ The leading number of Part"
AFTER = "{ The version of the CountyAdmin already installed in Root"

# Oldest first. Attacks on a compare: 1.10 against 1.9 (text order says 1.10 is older), 1.2 against
# 1.2.0, a release candidate against its final release (rc1 installed over 1.2.3 was let through: the
# compare read only the numbers), rc2 over rc10, .post and .dev releases, capitals as typed.
ORDERED = ["1.2.3.dev1", "1.2.3a1", "1.2.3b2", "1.2.3rc1", "1.2.3rc2", "1.2.3rc10", "1.2.3", "1.2.3.post1",
           "1.2.4", "1.9.0", "1.10.0", "2.0.0rc1", "2.0.0"]  # fmt: skip
EQUAL = [("1.2", "1.2.0"), ("1.2.3", "1.2.3"), ("1.2.3RC1", "1.2.3rc1"), ("0.1.0", "0.1")]


@pytest.fixture(scope="module")
def compare(tmp_path_factory: pytest.TempPathFactory) -> object:
    if FPC is None:
        pytest.skip("Free Pascal (fpc, Debian's fp-compiler) is not installed")
    code = ISS.read_text(encoding="utf-8")
    functions = code[code.index(FIRST) : code.index(AFTER)]
    folder = tmp_path_factory.mktemp("pascal")
    program = folder / "compare.pas"
    program.write_text(
        "{$mode delphi}\nprogram compare;\nuses SysUtils;\n" + functions + "\nvar I, R: Integer;\nbegin\n"
        "  I := 1;\n  while I < ParamCount do begin\n"
        "    R := CompareVersions(ParamStr(I), ParamStr(I + 1));\n"
        "    if R < 0 then WriteLn(-1) else if R > 0 then WriteLn(1) else WriteLn(0);\n"
        "    I := I + 2;\n  end;\nend.\n",
        encoding="utf-8",
    )
    built = subprocess.run([FPC, "-v0", f"-FE{folder}", str(program)], capture_output=True, text=True,
                           check=False, timeout=120)  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr

    def run(pairs: list[tuple[str, str]]) -> list[int]:
        args = [version for pair in pairs for version in pair]
        done = subprocess.run([str(folder / "compare"), *args], capture_output=True, text=True, check=True,
                              timeout=30)  # fmt: skip
        return [int(line) for line in done.stdout.split()]

    return run


def test_the_setups_order_is_pep_440s(compare: object) -> None:
    assert all(Version(a) < Version(b) for a, b in pairwise(ORDERED))  # the expectation itself
    pairs = [(a, b) for a in ORDERED for b in ORDERED]
    results = compare(pairs)  # type: ignore[operator]
    wrong = [(a, b, got) for (a, b), got in zip(pairs, results, strict=True)
             if got != (Version(a) > Version(b)) - (Version(a) < Version(b))]  # fmt: skip
    assert wrong == []


def test_equal_versions_reinstall(compare: object) -> None:
    # Setup refuses only a newer installed copy: the same version again is a repair, never refused.
    assert compare(EQUAL) == [0] * len(EQUAL)  # type: ignore[operator]


def test_the_release_candidate_of_an_installed_release_is_refused(compare: object) -> None:
    # InitializeSetup refuses when CompareVersions(installed, this setup's) > 0.
    assert compare([("1.2.3", "1.2.3rc1"), ("1.10.0", "1.9.0"), ("1.2.3rc1", "1.2.3")]) == [1, 1, -1]  # type: ignore[operator]
