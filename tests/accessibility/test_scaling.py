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
}  # fmt: skip


# Found by this test, not fixed yet: Settings' test-result label beside Test connection keeps the button's
# height, so a two-line sentence ("CPSE Portal did not accept the API key. Check it in Settings → CPSE
# Portal.") loses its top line at every scale. ui/settings_dialog.ui is being changed for issue 16 meanwhile;
# any other clipping fails, and so does this one's fix until it is taken out of the list.
KNOWN = ("settings: label 'portalTestResult': wrapped text needs",)


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
    known = [problem for problem in problems if problem.startswith(KNOWN)]
    assert len(known) == len(KNOWN), f"fixed? take it out of KNOWN: {KNOWN}"
    unknown = sorted(set(problems) - set(known))
    assert not unknown, f"at {scale:.0%}:\n" + "\n".join(unknown)
