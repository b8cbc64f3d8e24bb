"""Scaling (issue 15): at 100 %, 150 % and 200 % no window clips a text or hides a button at its default size.

QT_SCALE_FACTOR must be set before the QApplication exists, so each factor's tour runs in a child process
(tests/accessibility/window_tour.py) on a 3840×2160 screen. Each window's text is compared with its
widget (fontMetrics against contentsRect; heightForWidth for wrapped labels) and each button with its
parents' rectangles. Screenshots stay in the test's temporary folder (printed with ``-s``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.accessibility.window_tour import run_tour

WINDOWS = {
    "main", "details-profileTab", "details-adminUsersTab", "details-historyTab", "link-confirm",
    "add-new-confirm", "invite", "import-batch", "county-import", "settings", "about", "message-box",
    "onboarding", "resend-expired", "people",
}  # fmt: skip


@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0], ids=["100%", "150%", "200%"])
def test_no_window_clips_text_or_hides_a_button(tmp_path: Path, scale: float) -> None:
    report = run_tour(tmp_path, scale=scale)
    print(f"\nscreenshots at {scale:.0%}: {tmp_path}")
    assert WINDOWS <= {window["window"] for window in report}
    problems = []
    for window in report:
        print(
            f"{window['window']:<24}{window['size'][0]:>5}×{window['size'][1]:<5}"
            f"{len(window['clipped'])} clipped"
        )
        problems += [f"{window['window']}: {problem}" for problem in window["clipped"]]
    assert not problems, f"at {scale:.0%}:\n" + "\n".join(sorted(set(problems)))
