"""A smaller ICU data library for the Linux bundle: Qt's 32 MB ``libicudata`` cut to what Qt asks of it.

On Linux, PySide6's QtCore links its own ICU (on Windows Qt uses the ICU built into Windows, so this does
not apply there). Of ICU, Qt calls only collation (QCollator), locale-aware case mapping
(QLocale::toUpper/toLower), time-zone names (QTimeZone) and conversion tables (QStringConverter for
encodings other than UTF and Latin-1) — ``nm -D --undefined-only libQt6Core.so.6`` lists them. The data
library carries far more: every locale's names of languages, currencies and units, spelled-out numbers,
break-iteration dictionaries, transliterators, IDNA and spoof-check tables, and East Asian conversion
tables. CountyAdmin's text is US English, and it sorts and formats in Python, not through ICU.

Kept: the root locale and English (``en``, ``en_US``, ``en_US_POSIX``) for collation, calendars and
time-zone names; Unicode normalisation; time-zone data; the single-byte conversion tables (Windows,
ISO-8859, IBM PC and Mac code pages). Left out: every other locale (ICU falls back to root, the default
Unicode collation order, and to English names); the trees of the services Qt never calls — break
iteration and transliteration (Qt has its own text boundaries), names of languages, currencies and units
and spelled-out numbers (Qt has its own CLDR data); StringPrep, spoof checking and character names; and
the multi-byte (East Asian) conversion tables.

ICU's own tools do the work: ``icupkg`` removes the items (and refuses when a kept item needs a removed
one), ``genccode`` turns the package into assembly that a C compiler makes into a library with the same
soname and data symbol. Debian/Ubuntu: ``apt-get install icu-devtools gcc``.

    python installer/slim_icu.py PySide6/Qt/lib/libicudata.so.73 OUT_DIR
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

KEPT_LOCALES = frozenset({"root", "en", "en_US", "en_US_POSIX"})
DROPPED_TREES = frozenset({"brkitr", "translit", "lang", "curr", "unit", "rbnf"})
DROPPED_ITEMS = frozenset({"unames.icu", "confusables.cfu"})
DROPPED_KINDS = frozenset({".spp"})  # StringPrep profiles (IDNA2003, LDAP…)
# A locale's bundle: a 2-3 letter language, then script/region/variant parts ("de_", "sr_Latn_BA").
_LOCALE_NAME = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]*)*")
_NOT_LOCALES = frozenset({"res_index"})  # each tree's list of its locales looks like one
_DATA_SYMBOL = re.compile(rb"icudt(\d+)_dat")
_TOOL_DIRS = ("/usr/sbin", "/usr/local/sbin", "/usr/bin")  # Debian installs icupkg and genccode in sbin


class IcuToolsMissing(RuntimeError):
    """icupkg, genccode or a C compiler is not installed."""


def is_locale_bundle(item: str) -> bool:
    base = item.rpartition("/")[2]
    stem, ext = os.path.splitext(base)
    if ext != ".res" or stem in _NOT_LOCALES:
        return False
    return stem == "root" or bool(_LOCALE_NAME.fullmatch(stem))


def max_bytes_per_char(converter: bytes) -> int:
    """From a .cnv item: how many bytes its encoding uses for one character at most."""
    header_size: int = struct.unpack_from("<H", converter, 0)[0]
    if converter[12:16] != b"cnvt":
        raise ValueError("not an ICU conversion table")
    # UConverterStaticData after the header: int32 size, char name[60], int32 codepage, then int8
    # platform, conversionType, minBytesPerChar, maxBytesPerChar.
    return converter[header_size + 4 + 60 + 4 + 3]


def keep_item(item: str, data: bytes) -> bool:
    """Whether the slim library keeps an item of ICU's package (``coll/en.res``, ``ibm-37_P100-1995.cnv``)."""
    tree, _, base = item.rpartition("/")
    if tree in DROPPED_TREES or base in DROPPED_ITEMS or os.path.splitext(base)[1] in DROPPED_KINDS:
        return False
    if base.endswith(".cnv"):
        return max_bytes_per_char(data) == 1
    if is_locale_bundle(item):
        return os.path.splitext(base)[0] in KEPT_LOCALES
    return True


def items_to_remove(items: Mapping[str, bytes]) -> list[str]:
    return sorted(name for name, data in items.items() if not keep_item(name, data))


def common_data(library: Path) -> tuple[str, bytes]:
    """The package ``libicudata`` exports as ``icudtNN_dat``: its name (``icudt73``) and its bytes.

    Reads the ELF file's dynamic symbol table (64-bit little-endian, as on every Linux PC).
    """
    elf = library.read_bytes()
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise ValueError(f"{library} is not a 64-bit little-endian ELF library")
    (section_offset,) = struct.unpack_from("<Q", elf, 0x28)
    entry_size, count = struct.unpack_from("<HH", elf, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", elf, section_offset + index * entry_size) for index in range(count)
    ]
    SHT_DYNSYM = 11
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, symbol_size in sections:
        if kind != SHT_DYNSYM:
            continue
        strings_offset = sections[link][4]
        for position in range(offset, offset + size, symbol_size):
            name_offset, _info, _other, section, value, length = struct.unpack_from("<IBBHQQ", elf, position)
            name_end = elf.index(b"\0", strings_offset + name_offset)
            symbol = _DATA_SYMBOL.fullmatch(elf[strings_offset + name_offset : name_end])
            if symbol and section:
                address, file_offset = sections[section][3:5]
                start = file_offset + value - address
                return f"icudt{symbol.group(1).decode()}", elf[start : start + length]
    raise ValueError(f"{library} exports no icudtNN_dat symbol")


def package_items(package: bytes) -> dict[str, bytes]:
    """The items of an ICU common-data package (``CmnD``), by name without the package prefix."""
    header_size = struct.unpack_from("<H", package, 0)[0]
    if package[2:4] != b"\xda\x27" or package[12:16] != b"CmnD" or package[8] != 0:
        raise ValueError("not a little-endian ICU data package")
    count = struct.unpack_from("<I", package, header_size)[0]
    entries = [struct.unpack_from("<II", package, header_size + 4 + 8 * i) for i in range(count)]
    items: dict[str, bytes] = {}
    for index, (name_offset, data_offset) in enumerate(entries):
        name_start = header_size + name_offset
        name = package[name_start : package.index(b"\0", name_start)].decode("ascii")
        end = entries[index + 1][1] if index + 1 < count else len(package) - header_size
        items[name.partition("/")[2]] = package[header_size + data_offset : header_size + end]
    return items


def _tool(name: str, candidates: Iterable[str] = ()) -> str:
    for command in (name, *candidates):
        found = shutil.which(command) or shutil.which(command, path=os.pathsep.join(_TOOL_DIRS))
        if found:
            return found
    raise IcuToolsMissing(
        f"{name} is not installed: the slim ICU data library needs ICU's icupkg and genccode and a C "
        "compiler (Debian/Ubuntu: apt-get install icu-devtools gcc)"
    )


def _run(*command: str, cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")


def build_slim_library(library: Path, out_dir: Path) -> Path:
    """Write ``out_dir/<library's name>``: the same soname and data symbol, with only the kept items."""
    icupkg, genccode = _tool("icupkg"), _tool("genccode")
    compiler = _tool(os.environ.get("CC", "cc"), ("gcc", "clang"))
    name, package = common_data(library)
    removed = items_to_remove(package_items(package))
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        work = Path(tmp)
        dat = f"{name}l.dat"  # icupkg names the items after the file: icudt73l/coll/en.res
        (work / "full").mkdir()
        (work / "full" / dat).write_bytes(package)
        (work / "remove.txt").write_text("".join(f"{item}\n" for item in removed), encoding="ascii")
        # Without --ignore-deps: icupkg refuses if a kept item refers to a removed one.
        _run(icupkg, "--remove", "remove.txt", f"full/{dat}", dat, cwd=work)
        _run(genccode, "--assembly", "gcc", "--entrypoint", name, "--destdir", ".", dat, cwd=work)
        target = out_dir / library.name
        _run(
            compiler, "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-Wl,-z,noexecstack",
            "-o", str(target.resolve()), f"{name}l_dat.S", cwd=work,
        )  # fmt: skip
    return target


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    library, out_dir = Path(args[0]), Path(args[1])
    slim = build_slim_library(library, out_dir)
    print(f"{slim}: {slim.stat().st_size / 1e6:.1f} MB (was {library.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
