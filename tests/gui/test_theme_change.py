"""A system theme switched while CountyAdmin runs (Windows' high-contrast themes): the toned sentences and
the selection are recomputed against the new palette instead of keeping inks chosen for the old one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from countyadmin.gui.colors import MINIMUM_CONTRAST, Tone, contrast_ratio, follow_theme, set_tone
from tests.accessibility.window_tour import palette_named


@pytest.fixture
def restored_palette(qapp: QApplication) -> Iterator[QApplication]:
    before = QPalette(qapp.palette())
    yield qapp
    qapp.setPalette(before)


def _ink(label: QLabel) -> QColor:
    style = label.styleSheet()
    return QColor(style.split("color:")[1].split(";")[0].strip())


@pytest.mark.parametrize("theme", ["dark", "contrast"])
def test_toned_labels_and_the_selection_follow_a_theme_change(qtbot, restored_palette: QApplication,
                                                              theme: str) -> None:  # fmt: skip
    app = restored_palette
    follow_theme(app)
    window = QWidget()
    qtbot.addWidget(window)
    labels = {tone: QLabel(f"{tone.name} sentence") for tone in Tone}
    layout = QVBoxLayout(window)
    for tone, label in labels.items():
        layout.addWidget(label)
        set_tone(label, tone)
    window.show()
    light_inks = {tone: _ink(label) for tone, label in labels.items()}

    new = palette_named(theme)
    assert new is not None
    app.setPalette(new)
    qtbot.waitUntil(lambda: all(_ink(label) != light_inks[tone] for tone, label in labels.items()),
                    timeout=2000)
    for tone, label in labels.items():
        background = label.palette().color(label.backgroundRole())
        assert contrast_ratio(_ink(label), background) >= MINIMUM_CONTRAST, tone
    palette = app.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        text, selection = (palette.color(group, QPalette.ColorRole.HighlightedText),
                           palette.color(group, QPalette.ColorRole.Highlight))
        assert contrast_ratio(text, selection) >= MINIMUM_CONTRAST
