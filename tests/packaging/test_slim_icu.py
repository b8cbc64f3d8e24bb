"""installer/slim_icu.py: the Linux bundle's ICU data keeps root and US English, and Qt answers as before.

The last test builds the slim library from the installed PySide6 with ICU's own tools and asks Qt the
questions it asks ICU (collation, case mapping, time-zone names, conversion tables) once with PySide6's
full data and once with the slim copy: English answers must be identical, and the data really smaller.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


@pytest.mark.parametrize(
    ("item", "kept"),
    [
        ("coll/root.res", True),
        ("coll/en.res", True),
        ("coll/en_US_POSIX.res", True),
        ("coll/ucadata.icu", True),
        ("coll/sv.res", False),
        ("coll/de_.res", False),  # the legacy "de__PHONEBOOK" alias
        ("zone/en.res", True),
        ("zone/es.res", False),
        ("zone/res_index.res", True),  # each tree's list of its locales is no locale
        ("zone/pool.res", True),
        ("en_US.res", True),
        ("en_GB.res", False),
        ("sr_Latn_BA.res", False),
        ("chr_US.res", False),
        ("res_index.res", True),
        ("zoneinfo64.res", True),
        ("metaZones.res", True),
        ("supplementalData.res", True),
        ("likelySubtags.res", True),
        ("nfkc.nrm", True),
        ("brkitr/word.brk", False),
        ("brkitr/cjdict.dict", False),
        ("translit/root.res", False),
        ("lang/en.res", False),
        ("curr/en.res", False),
        ("unit/root.res", False),
        ("rbnf/en.res", False),
        ("unames.icu", False),
        ("confusables.cfu", False),
        ("rfc3491.spp", False),
    ],
)
def test_what_stays(slim_icu: ModuleType, item: str, kept: bool) -> None:
    assert slim_icu.keep_item(item, b"") is kept


def converter(max_bytes: int, kind: bytes = b"cnvt") -> bytes:
    """The start of a .cnv item: ICU's data header, then UConverterStaticData up to maxBytesPerChar."""
    header = struct.pack("<HBBHHBBBB4s4s4s", 32, 0xDA, 0x27, 20, 0, 0, 0, 2, 0, kind, b"\6\2\0\0", b"\0" * 4)
    header = header.ljust(32, b"\0")
    static = struct.pack("<i60sibbbb", 100, b"ibm-5348_P100-1997", 5348, 0, 2, 1, max_bytes)
    return header + static


def test_single_byte_conversion_tables_stay_and_multi_byte_ones_go(slim_icu: ModuleType) -> None:
    assert slim_icu.keep_item("ibm-5348_P100-1997.cnv", converter(1))  # windows-1252
    assert not slim_icu.keep_item("ibm-943_P15A-2003.cnv", converter(2))  # Shift_JIS
    assert not slim_icu.keep_item("gb18030.cnv", converter(4))
    with pytest.raises(ValueError, match="conversion table"):
        slim_icu.keep_item("odd.cnv", converter(1, kind=b"ResB"))


def qt_icu_data() -> Path:
    pyside6 = pytest.importorskip("PySide6")
    if not sys.platform.startswith("linux"):
        pytest.skip("PySide6 carries its own ICU on Linux only")
    found = sorted((Path(pyside6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 has no libicudata")
    return found[0]


def test_the_package_is_read_from_qts_library(slim_icu: ModuleType) -> None:
    name, package = slim_icu.common_data(qt_icu_data())
    items = slim_icu.package_items(package)
    assert name.startswith("icudt") and name[5:].isdigit()
    assert len(items) > 1000
    assert {"coll/root.res", "zone/en.res", "cnvalias.icu", "brkitr/cjdict.dict"} <= set(items)
    assert items["coll/root.res"][2:4] == b"\xda\x27"  # every item starts with ICU's data header
    removed = slim_icu.items_to_remove(items)
    assert "coll/sv.res" in removed and "coll/en.res" not in removed


# What Qt asks ICU on Linux (the ICU functions libQt6Core imports), printed as JSON.
PROBE = r"""
import json, sys
from functools import cmp_to_key
from PySide6.QtCore import QCollator, QDate, QDateTime, QLocale, QStringDecoder, QTime, QTimeZone, Qt

out = {"icudata": sorted({line.split()[-1] for line in open("/proc/self/maps") if "libicudata" in line})}
words = ["zebra", "Äpfel", "apple", "Zoë", "école", "Eclair", "item 10", "item 9", "O'Brien", "o'neil",
         "Ñandu", "nada", "ångström", "Aaron", "resume", "résumé", "Résumé", "McDonald", "Mc Donald"]
for name in ["en_US", "en_GB", "en_US_POSIX", "C", "sv_SE"]:
    collator = QCollator(QLocale(name))
    out[f"sort {name}"] = sorted(words, key=cmp_to_key(collator.compare))
    collator.setNumericMode(True)
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    out[f"numeric {name}"] = sorted(words, key=cmp_to_key(collator.compare))
for name in ["en_US", "tr_TR"]:
    locale = QLocale(name)
    out[f"case {name}"] = [locale.toUpper("straße istanbul ǆ"), locale.toLower("İSTANBUL ΣΑΣ")]
moments = [QDateTime(QDate(2026, month, 15), QTime(12, 0), QTimeZone.UTC) for month in (1, 7)]
kinds = [QTimeZone.NameType.LongName, QTimeZone.NameType.ShortName, QTimeZone.NameType.OffsetName]
for zone in [b"America/New_York", b"America/Chicago", b"Europe/London", b"Asia/Kolkata", b"Pacific/Honolulu"]:
    tz = QTimeZone(zone)
    for name in ["en_US", "es_US"]:
        out[f"tz {zone.decode()} {name}"] = [
            tz.displayName(when, kind, QLocale(name)) for when in moments for kind in kinds
        ]
for codec in ["windows-1252", "ISO-8859-15", "IBM437", "macintosh", "Shift_JIS"]:
    decoder = QStringDecoder(codec)
    out[f"codec {codec}"] = decoder.name() if decoder.isValid() else None
json.dump(out, sys.stdout)
"""


def ask_qt(library_dir: Path | None) -> dict[str, Any]:
    env = dict(os.environ)
    if library_dir is not None:
        # Searched before libicuuc's RUNPATH ($ORIGIN): Qt's ICU loads the slim data instead of its own.
        env["LD_LIBRARY_PATH"] = str(library_dir)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120, check=True
    )
    answers: dict[str, Any] = json.loads(result.stdout)
    return answers


@pytest.mark.slow
def test_qt_answers_english_questions_alike_with_the_slim_data(slim_icu: ModuleType, tmp_path: Path) -> None:
    full = qt_icu_data()
    try:
        slim = slim_icu.build_slim_library(full, tmp_path / "slim")
    except slim_icu.IcuToolsMissing as missing:
        pytest.skip(str(missing))
    assert slim.name == full.name
    assert slim.stat().st_size < full.stat().st_size / 5
    if shutil.which("objdump"):
        dump = subprocess.run(["objdump", "-p", str(slim)], capture_output=True, text=True, check=True).stdout
        assert f"SONAME               {full.name}" in dump

    before, after = ask_qt(None), ask_qt(slim.parent)
    assert before.pop("icudata") == [str(full.resolve())]
    assert after.pop("icudata") == [str(slim.resolve())]

    english = [key for key in before if not key.endswith(("sv_SE", "es_US", "Shift_JIS"))]
    assert {key: after[key] for key in english} == {key: before[key] for key in english}
    assert before["sort en_US"][:3] == ["Aaron", "ångström", "Äpfel"]
    assert before["tz America/New_York en_US"][:2] == ["Eastern Standard Time", "EST"]
    assert after["codec windows-1252"] == "windows-1252"
    # What was left out, and that the slim copy was really the one asked: Swedish sorts å and ä after z
    # with its own rules only, Spanish zone names fall back to English, East Asian tables are gone.
    assert before["sort sv_SE"][-2:] == ["ångström", "Äpfel"] != after["sort sv_SE"][-2:]
    assert after["tz America/New_York es_US"] == after["tz America/New_York en_US"]
    assert before["codec Shift_JIS"] and after["codec Shift_JIS"] is None
