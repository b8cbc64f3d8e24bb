"""installer/repro_compare.py, which .ci/repro-check runs on two builds: each kind of difference is found
and explained. (The real two builds are compared in .ci/run, after the frozen build.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from tests.packaging.conftest import ROOT, load_script

SCRIPT = ROOT / "installer" / "repro_compare.py"


@pytest.fixture(scope="module")
def repro() -> ModuleType:
    return load_script(SCRIPT)


def tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def make_zip(path: Path, members: list[tuple[str, bytes, tuple[int, ...]]]) -> bytes:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data, when in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=when), data)  # type: ignore[arg-type]
    return path.read_bytes()


def reasons(repro: ModuleType, a: Path, b: Path) -> dict[str, str]:
    result = repro.compare(a, b)
    return {d.path: d.reason for d in result.differences}


def test_identical_trees(repro: ModuleType, tmp_path: Path) -> None:
    files = {"app": b"\x7fELF...", "_internal/lib.so": b"code", "_internal/data/x.json": b"{}"}
    result = repro.compare(tree(tmp_path / "a", files), tree(tmp_path / "b", files))
    assert result.files == 3 and result.differences == []


def test_missing_files_and_symlinks_and_modes(repro: ModuleType, tmp_path: Path) -> None:
    a = tree(tmp_path / "a", {"same": b"1", "only-a": b"2", "tool": b"3"})
    b = tree(tmp_path / "b", {"same": b"1", "only-b": b"2", "tool": b"3"})
    os.symlink("same", a / "link")
    os.symlink("tool", b / "link")
    (b / "tool").chmod(0o755)
    (a / "tool").chmod(0o644)
    found = reasons(repro, a, b)
    assert found["only-a"] == f"only in {a}" and found["only-b"] == f"only in {b}"
    assert "symlink target 'same' vs 'tool'" == found["link"]
    assert found["tool"] == "executable bit differs"
    assert "same" not in found


def test_pyc_whose_header_alone_differs(repro: ModuleType, tmp_path: Path) -> None:
    body = b"\xe3" + b"code object" * 4
    a = tree(tmp_path / "a", {"m.pyc": b"MAGI" + b"\0" * 4 + b"TIME" + b"SIZE" + body})
    b = tree(tmp_path / "b", {"m.pyc": b"MAGI" + b"\0" * 4 + b"TNOW" + b"SIZE" + body})
    assert "only the header differs" in reasons(repro, a, b)["m.pyc"]


def test_zip_time_stamps_order_and_content(repro: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    early, late = (2020, 1, 1, 0, 0, 0), (2026, 12, 3, 0, 0, 0)
    make_zip(tmp_path / "a/time.zip", [("x.pyc", b"x", early)])
    make_zip(tmp_path / "b/time.zip", [("x.pyc", b"x", late)])
    make_zip(tmp_path / "a/order.zip", [("x.pyc", b"x", early), ("y.pyc", b"y", early)])
    make_zip(tmp_path / "b/order.zip", [("y.pyc", b"y", early), ("x.pyc", b"x", early)])
    make_zip(tmp_path / "a/content.zip", [("x.pyc", b"x", early)])
    make_zip(tmp_path / "b/content.zip", [("x.pyc", b"X", early)])
    found = reasons(repro, tmp_path / "a", tmp_path / "b")
    assert found["time.zip"].startswith("zip: time stamps of x.pyc differ")
    assert "same members in another order" in found["order.zip"] and "PYTHONHASHSEED" in found["order.zip"]
    assert found["content.zip"] == "zip: content of x.pyc differs"


def test_plain_bytes_say_where(repro: ModuleType, tmp_path: Path) -> None:
    a = tree(tmp_path / "a", {"blob": b"abcdefgh", "short": b"abc"})
    b = tree(tmp_path / "b", {"blob": b"abcXefgY", "short": b"abcd"})
    found = reasons(repro, a, b)
    assert found["blob"] == "2 bytes differ, from byte 3 to 7"
    assert found["short"] == "sizes 3 and 4 bytes, first difference at byte 3"


def test_command_line_exit_status(tmp_path: Path) -> None:
    a = tree(tmp_path / "a", {"f": b"1"})
    b = tree(tmp_path / "b", {"f": b"1"})
    c = tree(tmp_path / "c", {"f": b"2"})
    same = subprocess.run([sys.executable, str(SCRIPT), str(a), str(b)], capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip
    assert same.returncode == 0 and "compared 1 files: 1 identical, 0 differences" in same.stdout
    differ = subprocess.run([sys.executable, str(SCRIPT), str(a), str(c)], capture_output=True, text=True,
                            timeout=60, check=False)  # fmt: skip
    assert differ.returncode == 1 and "DIFFERS f: 1 bytes differ, from byte 0 to 0" in differ.stdout


def test_elf_bytes_are_placed_in_their_section(repro: ModuleType, tmp_path: Path) -> None:
    if shutil.which("objdump") is None:
        pytest.skip("objdump (binutils) is not installed; .ci/build-frozen installs it for the build")
    import rapidfuzz.fuzz_cpp as compiled  # an extension module CountyAdmin ships

    library = Path(compiled.__file__)
    text = next(section for section in repro._elf_sections(library) if section[0] == ".text")
    data = bytearray(library.read_bytes())
    data[text[1] + text[2] // 2] ^= 0xFF  # one byte in the middle of the code
    a = tree(tmp_path / "a", {"lib.so": library.read_bytes()})
    b = tree(tmp_path / "b", {"lib.so": bytes(data)})
    assert reasons(repro, a, b)["lib.so"].endswith("in ELF sections .text")
