"""Render the app icon (resources/icons/countyadmin.svg) into resources/app/countyadmin.ico for Windows.

    python resources/app/make_icon.py          # write countyadmin.ico and its .source stamp
    python resources/app/make_icon.py --check  # exit 1 when the .ico is older than the SVG

Qt draws the SVG (QtSvg) and writes each size through its ICO image plugin (qico); Qt's ICO writer holds
one image per file, so the single-size files are merged here into one multi-size icon, which Windows
needs to pick a sharp picture for the taskbar (16-48 px) and for Explorer's large views (256 px).
The .source stamp records the SVG's SHA-256 so a test can tell a stale .ico without rendering anything
(antialiasing may differ by a pixel between Qt versions; the stamp does not).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SVG = ROOT / "resources" / "icons" / "countyadmin.svg"
ICO = ROOT / "resources" / "app" / "countyadmin.ico"
STAMP = ICO.with_name(ICO.name + ".source")
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def svg_digest(svg: Path = SVG) -> str:
    return hashlib.sha256(svg.read_bytes()).hexdigest()


def stamp_text(svg: Path = SVG) -> str:
    return f"sha256 {svg_digest(svg)} resources/icons/{svg.name}\n"


def is_current(svg: Path = SVG, ico: Path = ICO, stamp: Path = STAMP) -> bool:
    return ico.exists() and stamp.exists() and stamp.read_text(encoding="ascii") == stamp_text(svg)


def _render_single_icos(svg: Path) -> list[bytes]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    if b"ico" not in [bytes(fmt.data()) for fmt in QImageWriter.supportedImageFormats()]:
        raise SystemExit("Qt's ICO image plugin (qico) is missing from this PySide6")
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not an SVG Qt can draw")
    singles: list[bytes] = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.save(buffer, "ICO"):
            raise SystemExit(f"Qt could not write a {size} px ICO image")
        buffer.close()
        singles.append(bytes(data.data()))
    return singles


def merge_icos(singles: list[bytes]) -> bytes:
    """One ICO holding the first image of each single-image ICO (ICONDIR + ICONDIRENTRY[] + data)."""
    entries: list[bytes] = []
    images: list[bytes] = []
    for single in singles:
        reserved, kind, count = struct.unpack_from("<HHH", single, 0)
        if (reserved, kind) != (0, 1) or count < 1:
            raise ValueError("not an ICO file")
        entry = single[6:22]
        size, offset = struct.unpack_from("<II", entry, 8)
        entries.append(entry[:8])  # width .. bit count; the size and offset are rewritten below
        images.append(single[offset : offset + size])
    offset = 6 + 16 * len(images)
    out = [struct.pack("<HHH", 0, 1, len(images))]
    for entry, image in zip(entries, images, strict=True):
        out.append(entry + struct.pack("<II", len(image), offset))
        offset += len(image)
    return b"".join(out + images)


def write_icon(svg: Path = SVG, ico: Path = ICO, stamp: Path = STAMP) -> None:
    ico.parent.mkdir(parents=True, exist_ok=True)
    ico.write_bytes(merge_icos(_render_single_icos(svg)))
    stamp.write_text(stamp_text(svg), encoding="ascii")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the .ico matches the SVG")
    args = parser.parse_args(argv)
    if args.check:
        if is_current():
            return 0
        print(f"{ICO.relative_to(ROOT)} is stale: run python resources/app/make_icon.py", file=sys.stderr)
        return 1
    write_icon()
    print(f"wrote {ICO.relative_to(ROOT)} ({ICO.stat().st_size:,} bytes, sizes {SIZES})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
