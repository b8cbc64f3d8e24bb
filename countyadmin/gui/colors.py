"""Every colour the GUI paints text or a highlight with, in one place, checked against the palette in use.

WCAG 2.0 AA asks for 4.5 : 1 between text and its background. A colour picked for a white window (the
guide's red registry name, an orange problem sentence) is unreadable on a dark or high-contrast system
theme, so nothing here is used as written: each tone has an ink for light backgrounds and one for dark
ones, and the one chosen is then moved towards black or white until it reaches the ratio against the
background actually under it (the widget's palette, or the application's for table cells). Colour is
never the only signal: every place that uses a tone also says it in words.
"""

from __future__ import annotations

import enum
from functools import lru_cache

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

MINIMUM_CONTRAST = 4.5
_TARGET = 4.6  # a little above the minimum: anti-aliasing and rounding to 8 bits must not push it under
_TONE_PROPERTY = "countyadminTone"
_FOLLOWING_PROPERTY = "countyadminFollowsTheme"


class Tone(enum.Enum):
    """(ink on a light background, ink on a dark background) for each kind of message."""

    PROBLEM = ("#9a3412", "#fdba74")  # something to fix
    REGISTRY = ("#c00000", "#ff9c9c")  # the guide: the registry's name is shown in red
    WARNING = ("#854d0e", "#fcd34d")  # a caution, not an error
    OK = ("#166534", "#86efac")  # saved, sent, connected
    NOTE = ("#4b5563", "#d1d5db")  # work in progress, a possibility, an empty value
    CHANGE = ("#1d4ed8", "#93c5fd")  # a field that will change


# The highlighted (differing) rows of the link confirmation: amber on light themes, dark amber on dark ones.
HIGHLIGHT_BACKGROUNDS = ("#fde68a", "#5c4400")


def relative_luminance(color: QColor) -> float:
    """WCAG 2.0 relative luminance of an sRGB colour (0 black … 1 white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(color.red()) + 0.7152 * linear(color.green()) + 0.0722 * linear(color.blue())


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2.0 contrast ratio, 1 (same) … 21 (black on white)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def is_dark(background: QColor) -> bool:
    # The luminance where black and white text have equal contrast (√(1.05 × 0.05) − 0.05).
    return relative_luminance(background) < 0.179


def _mix(color: QColor, towards: QColor, amount: float) -> QColor:
    return QColor(
        *(
            round(a + (b - a) * amount)
            for a, b in (
                (color.red(), towards.red()),
                (color.green(), towards.green()),
                (color.blue(), towards.blue()),
            )
        )
    )


@lru_cache(maxsize=256)
def _readable_rgb(ink: int, backgrounds: tuple[int, ...]) -> int:
    colour, grounds = QColor.fromRgb(ink), [QColor.fromRgb(rgb) for rgb in backgrounds]

    def worst(candidate: QColor) -> float:
        return min(contrast_ratio(candidate, ground) for ground in grounds)

    if worst(colour) >= _TARGET:
        return ink
    black, white = QColor(0, 0, 0), QColor(255, 255, 255)
    extreme = black if worst(black) >= worst(white) else white
    for step in range(1, 21):  # 5 % at a time: keeps as much of the hue as the ratio allows
        candidate = _mix(colour, extreme, step / 20)
        if worst(candidate) >= _TARGET:
            return candidate.rgb()
    return extreme.rgb()


def readable(ink: QColor, *backgrounds: QColor) -> QColor:
    """``ink`` if it reaches 4.5 : 1 against every background, else the nearest colour that does."""
    return QColor.fromRgb(_readable_rgb(ink.rgb(), tuple(ground.rgb() for ground in backgrounds)))


def tone_color(tone: Tone, *backgrounds: QColor) -> QColor:
    """The tone's ink for these backgrounds (the first decides light or dark)."""
    light, dark = tone.value
    return readable(QColor(dark if is_dark(backgrounds[0]) else light), *backgrounds)


def _cell_backgrounds() -> tuple[QColor, QColor]:
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.AlternateBase)


def item_foreground(tone: Tone) -> QBrush:
    """A table cell's ForegroundRole: readable on the view's rows, plain and alternate."""
    return QBrush(tone_color(tone, *_cell_backgrounds()))


def highlight_colors() -> tuple[QColor, QColor]:
    """(background, text) of a highlighted table row, the text readable on it."""
    base = _cell_backgrounds()[0]
    background = QColor(HIGHLIGHT_BACKGROUNDS[1 if is_dark(base) else 0])
    text = QGuiApplication.palette().color(QPalette.ColorRole.Text)
    if is_dark(base) != is_dark(background):  # a high-contrast theme's text was chosen for another ground
        text = QColor("#ffffff" if is_dark(background) else "#000000")
    return background, readable(text, background)


def make_selection_readable(app: QGuiApplication) -> None:
    """Move the selection colour (never its text) until selected text reads at 4.5 : 1, in each colour group.

    Fusion selects with white on #308cc6 (3.5 : 1) and greys an inactive window's selection to #919191
    (3.0 : 1); a system theme may do the same.
    """
    palette = app.palette()
    changed = False
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        text = palette.color(group, QPalette.ColorRole.HighlightedText)
        selection = palette.color(group, QPalette.ColorRole.Highlight)
        if contrast_ratio(text, selection) < MINIMUM_CONTRAST:
            palette.setColor(group, QPalette.ColorRole.Highlight, readable(selection, text))
            changed = True
    if changed:
        app.setPalette(palette)


def tone_style(tone: Tone, widget: QWidget) -> str:
    """A style sheet colouring ``widget``'s text in ``tone``, readable on the background behind it."""
    # What is painted behind a label is its parent's background: a widget with a style sheet keeps the
    # palette it was polished with when the theme changes, its parent does not.
    ground = widget.parentWidget()
    background = (ground.palette().color(ground.backgroundRole()) if ground is not None
                  else QGuiApplication.palette().color(QPalette.ColorRole.Window))  # fmt: skip
    # A tab page or group box is painted a little lighter than the window behind it (Fusion: ~#4a4a4a on a
    # #2d2d2d window); light ink on a dark theme must read on that too.
    grounds = (background, background.lighter(170)) if is_dark(background) else (background,)
    weight = " font-weight: 600;" if tone is Tone.REGISTRY else ""
    return f"color: {tone_color(tone, *grounds).name()};{weight}"


def set_tone(widget: QWidget, tone: Tone | None) -> None:
    """Colour ``widget``'s text in ``tone`` (None: the palette's own text colour)."""
    widget.setProperty(_TONE_PROPERTY, tone.name if tone is not None else "")
    widget.setStyleSheet(tone_style(tone, widget) if tone is not None else "")
    window = widget.window()
    if tone is not None and not window.property(_FOLLOWING_PROPERTY):
        window.setProperty(_FOLLOWING_PROPERTY, True)
        window.installEventFilter(_ThemeFollower(window))


class _ThemeFollower(QObject):
    """Recolours a window's toned labels once a theme change has reached the window (Windows' high-contrast
    themes can be switched on with CountyAdmin open); one per window, watching that window's own events."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.PaletteChange and isinstance(watched, QWidget):
            # Its children are given the new palette right after the window is told: recolour after that.
            QTimer.singleShot(0, watched, lambda: refresh_tones(watched))
        return False


def tone_of(widget: QWidget) -> Tone | None:
    """The tone ``set_tone`` last gave ``widget`` (tests and the palette refresh read it)."""
    name = widget.property(_TONE_PROPERTY)
    return Tone[name] if name else None


def refresh_tones(root: QWidget) -> None:
    """Recompute every toned label under ``root`` after the system theme (palette) changed."""
    for widget in (root, *root.findChildren(QWidget)):
        tone = tone_of(widget)
        if tone is not None:
            set_tone(widget, tone)


def follow_theme(app: QApplication) -> None:
    """Keep the selection readable now and when the system theme changes while CountyAdmin runs (toned
    labels follow through their window's ``_ThemeFollower``)."""
    make_selection_readable(app)
    if app.property(_FOLLOWING_PROPERTY):  # one connection however many windows are built (tests)
        return
    app.setProperty(_FOLLOWING_PROPERTY, True)

    # It sets a palette only when it must, so the second signal changes nothing and this does not loop.
    app.paletteChanged.connect(lambda _palette: make_selection_readable(app))
