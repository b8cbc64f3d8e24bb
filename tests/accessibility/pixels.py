"""Measuring what a window shows from its pixels: the contrast of a text element, and clipped text.

Contrast (WCAG 2.0 1.4.3): in the element's rectangle of a grab, the background is the most common colour;
the text colour is taken among the ink (pixels at least 1.2 : 1 from it: a button's gradient is not ink), at
the edge of the decile farthest from the background in luminance (the inner strokes of the glyphs; the single
most extreme pixel could be noise, the rest are anti-aliased edges blending into the background). Text too
faint to leave any ink measures 1 : 1.
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage

MINIMUM = 4.5
INK = 1.2


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(rgb: int) -> float:
    """WCAG relative luminance of 0xRRGGBB."""
    r, g, b = (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def ratio(first: int, second: int) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@dataclass(frozen=True)
class Contrast:
    foreground: int
    background: int
    ratio: float

    def describe(self) -> str:
        return f"#{self.foreground:06x} on #{self.background:06x}"


def text_contrast(image: QImage, rect: QRect) -> Contrast | None:
    """The contrast of the text drawn inside ``rect`` of ``image`` (1 : 1 when no ink is seen)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    area = rect.intersected(image.rect())
    if area.isEmpty():
        return None  # outside the grab: nothing to measure
    data, stride = image.constBits(), image.bytesPerLine()
    pixels: Counter[int] = Counter()
    for y in range(area.top(), area.bottom() + 1):
        start = y * stride + area.left() * 4
        pixels.update(value & 0xFFFFFF for value in array("I", bytes(data[start : start + area.width() * 4])))
    background = pixels.most_common(1)[0][0]
    ground = luminance(background)
    ink = [rgb for rgb in pixels if ratio(rgb, background) >= INK]
    distances = sorted(((abs(luminance(rgb) - ground), rgb) for rgb in ink), reverse=True)
    if not distances:
        return Contrast(background, background, 1.0)
    weights = [pixels[rgb] for _distance, rgb in distances]
    decile, seen = max(1, sum(weights) // 10), 0
    for (_distance, rgb), weight in zip(distances, weights, strict=True):
        seen += weight
        if seen >= decile:
            return Contrast(rgb, background, ratio(rgb, background))
    return None  # pragma: no cover - the loop always reaches the decile
