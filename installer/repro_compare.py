"""Compare two builds of the one-folder app file by file, and say why each differing file differs.

    python installer/repro_compare.py BUILD_A BUILD_B

Used by .ci/repro-check, which builds dist/CountyAdmin twice (PYTHONHASHSEED and SOURCE_DATE_EPOCH fixed)
to show the Linux build is byte-for-byte repeatable. Prints one line per differing file with a reason and
exits 1 when any file differs, 0 when every file (content, symlink target, executable bit) is the same.

A reason looks inside what it knows: a zip (base_library.zip) names the entries whose content or time
differs; a PyInstaller archive (the executable's appended package and the PYZ inside it) names its
differing members; a .pyc says whether only its header (the source's time stamp) differs; an ELF file
names the sections holding the differing bytes (objdump -h).
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

MAX_NAMED = 5  # members or sections named in one reason; the rest are counted


@dataclass(frozen=True)
class Difference:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class Comparison:
    files: int  # entries (files and symlinks) compared in both trees
    differences: list[Difference]


def _entries(root: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files + [d for d in dirs if (Path(folder) / d).is_symlink()]):
            path = Path(folder) / name
            found[path.relative_to(root).as_posix()] = path
    return found


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _named(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_NAMED])
    return shown + (f" and {len(items) - MAX_NAMED} more" if len(items) > MAX_NAMED else "")


def _first_difference(a: bytes, b: bytes) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _zip_reason(a: Path, b: Path) -> str | None:
    if not (zipfile.is_zipfile(a) and zipfile.is_zipfile(b)):
        return None
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        ia = {info.filename: info for info in za.infolist()}
        ib = {info.filename: info for info in zb.infolist()}
        if set(ia) != set(ib):
            return f"zip: different members ({_named(sorted(set(ia) ^ set(ib)))})"
        if list(ia) != list(ib):
            moved = [a for a, b in zip(ia, ib, strict=True) if a != b]
            return f"zip: same members in another order (from {moved[0]}: PYTHONHASHSEED fixed?)"
        content = [n for n in ia if za.read(n) != zb.read(n)]
        times = [n for n in ia if ia[n].date_time != ib[n].date_time]
        if content:
            return f"zip: content of {_named(content)} differs"
        if times:
            t = times[0]
            return f"zip: time stamps of {_named(times)} differ ({ia[t].date_time} vs {ib[t].date_time})"
        return "zip: same members and content; the archive's own bytes differ (compression or headers)"


def _pyinstaller_members(path: Path) -> dict[str, bytes] | None:
    """The members of a PyInstaller package (appended to the executable), the PYZ's flattened in."""
    try:
        from PyInstaller.archive.readers import CArchiveReader
    except ImportError:
        return None
    try:
        package = CArchiveReader(str(path))
    except Exception:  # not an executable with a PyInstaller package
        return None
    found: dict[str, bytes] = {}
    for name, entry in package.toc.items():
        if entry[-1] == "z":  # the PYZ: its modules one by one, as stored (marshalled code)
            pyz = package.open_embedded_archive(name)
            for module in pyz.toc:
                found[f"{name}:{module}"] = bytes(pyz.extract(module, raw=True) or b"")
        else:
            found[name] = package.extract(name)
    return found


def _pyinstaller_reason(a: Path, b: Path) -> str | None:
    ma, mb = _pyinstaller_members(a), _pyinstaller_members(b)
    if ma is None or mb is None:
        return None
    if set(ma) != set(mb):
        return f"PyInstaller package: different members ({_named(sorted(set(ma) ^ set(mb)))})"
    differing = [name for name in ma if ma[name] != mb[name]]
    if differing:
        return f"PyInstaller package: members {_named(differing)} differ"
    return "PyInstaller package: same members and content; the bootloader or the package's layout differs"


def _pyc_reason(a: Path, b: Path) -> str | None:
    if a.suffix != ".pyc":
        return None
    da, db = a.read_bytes(), b.read_bytes()
    if da[:4] == db[:4] and da[16:] == db[16:]:
        return "pyc: only the header differs (the source's time stamp or size recorded at compile time)"
    return f"pyc: code object differs (first at byte {_first_difference(da, db)})"


def _elf_sections(path: Path) -> list[tuple[str, int, int]]:
    try:
        dump = subprocess.run(["objdump", "-h", str(path)], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    sections = []
    for line in dump.splitlines():
        fields = line.split()
        if len(fields) >= 6 and fields[0].isdigit():
            sections.append((fields[1], int(fields[5], 16), int(fields[2], 16)))  # name, offset, size
    return sections


def _bytes_reason(a: Path, b: Path) -> str:
    da, db = a.read_bytes(), b.read_bytes()
    if len(da) != len(db):
        where = f"sizes {len(da)} and {len(db)} bytes, first difference at byte {_first_difference(da, db)}"
    else:
        offsets = [i for i, (x, y) in enumerate(zip(da, db, strict=True)) if x != y]
        where = f"{len(offsets)} bytes differ, from byte {offsets[0]} to {offsets[-1]}"
        if da[:4] == b"\x7fELF":
            sections = _elf_sections(a)
            hit = sorted({n for n, start, size in sections for o in offsets if start <= o < start + size})
            where += f", in ELF sections {_named(hit)}" if hit else ", outside any ELF section (headers)"
    return where


def explain(a: Path, b: Path) -> str:
    """Why two regular files with different content differ, as precisely as their format allows."""
    for reason in (_pyc_reason, _zip_reason, _pyinstaller_reason):
        found = reason(a, b)
        if found:
            return found
    return _bytes_reason(a, b)


def compare(a_root: Path, b_root: Path) -> Comparison:
    ea, eb = _entries(a_root), _entries(b_root)
    differences = [Difference(p, f"only in {a_root}") for p in sorted(set(ea) - set(eb))]
    differences += [Difference(p, f"only in {b_root}") for p in sorted(set(eb) - set(ea))]
    both = sorted(set(ea) & set(eb))
    for rel in both:
        a, b = ea[rel], eb[rel]
        if a.is_symlink() or b.is_symlink():
            ta = os.readlink(a) if a.is_symlink() else None
            tb = os.readlink(b) if b.is_symlink() else None
            if ta != tb:
                differences.append(Difference(rel, f"symlink target {ta!r} vs {tb!r}"))
            continue
        if bool(a.stat().st_mode & stat.S_IXUSR) != bool(b.stat().st_mode & stat.S_IXUSR):
            differences.append(Difference(rel, "executable bit differs"))
        if a.stat().st_size != b.stat().st_size or _digest(a) != _digest(b):
            differences.append(Difference(rel, explain(a, b)))
    return Comparison(files=len(both), differences=differences)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    a_root, b_root = Path(args[0]), Path(args[1])
    result = compare(a_root, b_root)
    for difference in result.differences:
        print(f"DIFFERS {difference}")
    same = result.files - len({d.path for d in result.differences})
    print(f"compared {result.files} files: {same} identical, {len(result.differences)} differences")
    return 1 if result.differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
