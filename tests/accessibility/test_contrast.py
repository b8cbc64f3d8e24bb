"""Colour and contrast (WCAG 2.0 1.4.1, 1.4.3): measured from the pixels of every window, in three palettes.

Each palette's tour runs in a child process (tests/accessibility/window_tour.py): the demo app, each window
with realistic content, grabbed; each label, enabled button and table cell measured. Run with ``-s`` to see
the table the accessibility document quotes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPalette

from countyadmin.gui.colors import Tone, highlight_colors, tone_color
from tests.accessibility.pixels import MINIMUM, ratio, text_contrast
from tests.accessibility.window_tour import palette_named, run_tour

PALETTES = ("light", "dark", "contrast")
# Windows the content must reach, so a tour that stopped early or showed empty windows cannot pass.
MUST_MEASURE = {
    "details-profileTab": "label npiRegistryName",
    "link-confirm": "cell linkDiffTable",
    "import-batch": "cell batchPreviewTable",
    "county-import": "cell countyPreviewTable",
    "settings": "label portalTestResult",
    "details-problems": "label sedCodeMessage",
    "onboarding": "chart onboardingChart bar",
    "resend-expired": "cell resendExpiredTable",
    "people": "cell peopleTable",
}


def _text_image(ink: str, ground: str) -> QImage:
    image = QImage(240, 40, QImage.Format.Format_RGB32)
    image.fill(QColor(ground))
    painter = QPainter(image)
    font = QFont()
    font.setPixelSize(18)
    painter.setFont(font)
    painter.setPen(QColor(ink))
    painter.drawText(QRect(4, 4, 232, 32), Qt.AlignmentFlag.AlignLeft, "Not sent: no e-mail address")
    painter.end()
    return image


def test_the_measure_fails_grey_on_grey_and_passes_black_on_white(qapp) -> None:  # noqa: ANN001
    faint = text_contrast(_text_image("#8a8a8a", "#6e6e6e"), QRect(0, 0, 240, 40))
    assert faint is not None and faint.ratio < MINIMUM, faint
    assert faint.background == 0x6E6E6E
    strong = text_contrast(_text_image("#000000", "#ffffff"), QRect(0, 0, 240, 40))
    assert strong is not None and strong.ratio > 15, strong
    blank = text_contrast(_text_image("#ffffff", "#ffffff"), QRect(0, 0, 240, 40))
    assert blank is not None and blank.ratio == 1.0  # text that leaves no ink fails, it is not skipped
    assert round(ratio(0x777777, 0xFFFFFF), 2) == 4.48  # WCAG's own example of a just-failing grey


@pytest.mark.parametrize(
    "ground", ["#ffffff", "#efefef", "#2d2d2d", "#000000", "#808080", "#000080", "#ffff00"]
)
def test_every_tone_reads_on_any_background(ground: str) -> None:
    for tone in Tone:
        ink = tone_color(tone, QColor(ground))
        assert ratio(ink.rgb() & 0xFFFFFF, QColor(ground).rgb() & 0xFFFFFF) >= MINIMUM, (
            tone,
            ground,
            ink.name(),
        )


@pytest.mark.parametrize("name", PALETTES)
def test_highlighted_rows_read_in_each_palette(qapp, name: str) -> None:  # noqa: ANN001
    saved = QGuiApplication.palette()
    palette = palette_named(name) or saved
    QGuiApplication.setPalette(palette)
    try:
        background, text = highlight_colors()
        assert ratio(text.rgb() & 0xFFFFFF, background.rgb() & 0xFFFFFF) >= MINIMUM
        base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
        assert background != base  # still highlighted
    finally:
        QGuiApplication.setPalette(saved)


@pytest.mark.parametrize("name", PALETTES)
def test_every_window_reads_at_4_5_to_1(tmp_path: Path, name: str) -> None:
    report = run_tour(tmp_path, palette=name)
    print(f"\n{'window':<24}{'palette':<10}{'texts':>6}{'min ratio':>11}  weakest element (colours)")
    low = []
    for window in report:
        texts = window["texts"]
        weakest = min(texts, key=lambda text: text["ratio"])
        print(
            f"{window['window']:<24}{name:<10}{len(texts):>6}{weakest['ratio']:>11.2f}  "
            f"{weakest['element']} ({weakest['colours']})"
        )
        low += [f"{window['window']}: {text}" for text in texts if text["ratio"] < MINIMUM]
    for part in ("label", "count", "bar"):  # the painted chart's own figures, for the conformance table
        chart = [t for w in report if w["window"] == "onboarding" for t in w["texts"]
                 if t["element"].startswith(f"chart onboardingChart {part}[")]  # fmt: skip
        weakest = min(chart, key=lambda text: text["ratio"])
        print(f"{'chart ' + part + 's':<24}{name:<10}{len(chart):>6}{weakest['ratio']:>11.2f}  "
              f"{weakest['element']} ({weakest['colours']})")  # fmt: skip
    measured = {window["window"]: [text["element"] for text in window["texts"]] for window in report}
    for window, element in MUST_MEASURE.items():
        assert any(found.startswith(element) for found in measured.get(window, [])), (window, element)
    assert not low, "\n".join(low)
