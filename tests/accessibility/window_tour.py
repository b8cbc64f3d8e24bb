"""Test-only: every window of issue 15 with realistic content, grabbed; text contrast and clipping measured.

Run in a child process, so that the palette and QT_SCALE_FACTOR are in place before the QApplication exists:

    python -m tests.accessibility.window_tour OUT_DIR [--palette light|dark|contrast]

It starts ``countyadmin --demo`` (the seeded database and CPSE Portal sandbox), opens each window at its
default size with content a clerk sees (the red registry name, a link confirmation with differing rows,
previews with problem rows, test results, problem sentences), saves OUT_DIR/<window>.png and writes
OUT_DIR/report.json: per window, each text element's contrast and each clipped text or hidden button.
Nothing here asserts; test_contrast.py and test_scaling.py judge the report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from tests.accessibility.app_driver import onboarding_windows, synced_onboarding
from tests.accessibility.inspection import clipped, text_elements

Step = Callable[[], bool] | tuple[str, QWidget]
DEADLINE_S = 60
COUNTY_HEADERS = ["Provider SED Code", "Provider Name", "Type", "NPI", "City", "ZIP", "E-mail", "Caseload"]


def palette_named(name: str) -> QPalette | None:
    """None for the style's own light palette; a dark one; a high-contrast one (white/yellow on black)."""
    if name == "light":
        return None
    dark = name == "dark"
    roles = QPalette.ColorRole
    colours = {
        roles.Window: "#2d2d2d" if dark else "#000000", roles.WindowText: "#e6e6e6" if dark else "#ffffff",
        roles.Base: "#1e1e1e" if dark else "#000000", roles.AlternateBase: "#282828" if dark else "#0a0a0a",
        roles.Text: "#e6e6e6" if dark else "#ffffff", roles.Button: "#3a3a3a" if dark else "#000000",
        roles.ButtonText: "#e6e6e6" if dark else "#ffff00", roles.Highlight: "#2f65ca" if dark else "#1aebff",
        roles.HighlightedText: "#ffffff" if dark else "#000000", roles.ToolTipBase: "#3a3a3a",
        roles.ToolTipText: "#e6e6e6", roles.PlaceholderText: "#a0a0a0" if dark else "#d0d0d0",
        roles.Link: "#8ab4f8" if dark else "#ffff00", roles.BrightText: "#ff5555",
    }  # fmt: skip
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.WindowText, QColor("#8a8a8a" if dark else "#3ff23f"))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.ButtonText, QColor("#8a8a8a" if dark else "#3ff23f"))
    return palette


def _visible(parent: QWidget, kind: type[QWidget]) -> Any:
    found = [widget for widget in parent.findChildren(kind) if widget.isVisible()]
    return found[-1] if found else None


def _batch_file(folder: Path, sed_code: str) -> Path:
    from tests.integration.invitations.batch_files import fill_template

    def row(first: str, **cells: object) -> list[object]:
        values: dict[str, object] = {"sed_code": sed_code, "provider_npi": None, "first_name": first,
                                     "last_name": "Lee", "email": f"{first.lower()}.lee@example.org",
                                     "also_therapist": None, "therapist_npi": None, "profession": None,
                                     "license": None}  # fmt: skip
        values.update(cells)
        from countyadmin.domain.invitation_batch import COLUMNS

        return [values[column.key] for column in COLUMNS]

    rows = [row("Ana"), row("Fay", email="not-an-address"), row("Gus", sed_code=44000001), row("Hal")]
    return fill_template(folder / "invitations.xlsx", rows)


def _county_file(folder: Path, providers: list[Any]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(COUNTY_HEADERS)
    first, second = providers[0], providers[1]
    sheet.append([first.sed_code, first.name, "Agency", first.npi, "Troy", "12180", None, 12])
    sheet.append([second.sed_code, second.name, "Agency", second.npi, None, None, None, 40])
    sheet.append(["099999999999", "Bright Futures Therapy", "Agency", None, "Schenectady", "12305", None, 3])
    sheet.append([10203040507, "Zeros Lost Inc", None, None, None, None, "not-an-address", None])
    path = folder / "county providers.xlsx"
    book.save(path)
    return path


def windows(folder: Path) -> Iterator[Step]:  # noqa: C901, PLR0915 - one tour, read top to bottom
    from PySide6.QtTest import QTest

    from countyadmin.app import build_main_window
    from countyadmin.gui.mainwindow.about_dialog import AboutDialog
    from countyadmin.gui.message_boxes import info_box
    from countyadmin.gui.provider_details.add_portal_confirm_dialog import AddPortalProviderDialog
    from countyadmin.gui.provider_details.link_confirm_dialog import LinkConfirmDialog
    from countyadmin.gui.settings.settings_dialog import SettingsDialog
    from countyadmin.services.linking import new_portal_provider

    window = build_main_window(["--demo", "--demo-dir", str(folder / "demo")])
    yield lambda: window.context is not None and window.model.rowCount() > 0
    # The main window as it settles after start-up: the sync done (its status-bar sentence final, laid
    # out) and the onboarding view counted.
    yield from synced_onboarding(window)
    yield ("main", window)
    providers = window.model._providers
    unlinked = [p for p in providers if p.npi and not p.portal_provider_id]
    for provider in unlinked[:12]:  # a provider whose best CPSE Portal match differs somewhere
        details = window.open_provider(provider.id)
        assert details is not None
        yield lambda shown=details: (shown.record is not None and not shown.npi.busy()
                                     and shown.matches.result is not None)  # fmt: skip
        if details.matches.model.rowCount():
            link = LinkConfirmDialog(details.record, details.matches.model.candidate(0).portal, details)
            if any(link.model.comparison(r).differs for r in range(link.model.rowCount())):
                break
            link.deleteLater()
        details.close()
    yield lambda: bool(details.ui.npiRegistryName.text())
    tabs = details.ui.providerTabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        yield (f"details-{tabs.widget(index).objectName()}", details)
    tabs.setCurrentIndex(0)
    link.open()
    yield ("link-confirm", link)
    link.reject()
    add = AddPortalProviderDialog(details.record, new_portal_provider(details.record), details)
    add.open()
    yield ("add-new-confirm", add)
    add.reject()
    QTest.keyClicks(details.ui.sedCodeEdit, "x")
    details.ui.npiEdit.setText("1234567890")
    details.ui.applyButton.click()
    yield ("details-problems", details)
    details.close()

    linked = next(p for p in providers if p.portal_provider_id and p.sed_code)
    own = window.open_provider(linked.id)
    assert own is not None
    yield lambda: own.record is not None and not own.admin_users.busy()
    own.ui.providerTabs.setCurrentWidget(own.ui.adminUsersTab)
    invite = own.admin_users.open_invite_dialog()
    assert invite is not None
    yield ("invite", invite)
    QTest.keyClicks(invite.ui.emailEdit, "pat.doe@")
    QTest.keyClicks(invite.ui.firstNameEdit, "Pat")
    yield ("invite-problem", invite)
    invite.reject()
    own.close()

    window.ui.importBatchAction.trigger()
    yield lambda: window.batch_dialog is not None and window.batch_dialog.isVisible()
    batch = window.batch_dialog
    batch.ui.batchFilePathEdit.setText(str(_batch_file(folder, linked.sed_code)))
    batch.load_file()
    yield lambda: batch.preview is not None
    yield ("import-batch", batch)
    batch.reject()

    window.ui.importCountyProvidersAction.trigger()
    yield lambda: window.county_import_dialog is not None and window.county_import_dialog.isVisible()
    county = window.county_import_dialog
    county.load(_county_file(folder, [p for p in providers if p.sed_code]))
    yield lambda: county.preview is not None
    yield ("county-import", county)
    county.reject()

    yield from onboarding_windows(window, steps=False, separator="-")

    window.ui.actionSettings.trigger()
    yield lambda: _visible(window, SettingsDialog) is not None
    settings = _visible(window, SettingsDialog)
    yield lambda: settings.ui.portalUrlEdit.text() != ""
    settings.ui.testRegistryButton.click()
    settings.ui.apiKeyEdit.setText("not-the-county-key")
    settings.ui.testPortalButton.click()
    results = (settings.ui.portalTestResult, settings.ui.registryTestResult)
    yield lambda: all(label.text() not in ("", "Testing…") for label in results)
    yield ("settings", settings)
    settings.reject()

    window.ui.actionAbout.trigger()
    yield lambda: _visible(window, AboutDialog) is not None
    yield ("about", _visible(window, AboutDialog))
    _visible(window, AboutDialog).reject()

    sentence = "The invitation was sent to pat.doe@example.org. They have 14 days to accept it."
    box = info_box(window, title="Invitation sent", name="tourMessageBox", text=sentence)
    yield ("message-box", box)
    box.close()
    window.close()


def _report(name: str, widget: QWidget, folder: Path) -> dict[str, Any]:
    QApplication.processEvents()
    image = widget.grab().toImage()
    image.save(str(folder / f"{name}.png"))
    return {"window": name, "size": [widget.width(), widget.height()],
            "texts": text_elements(widget, image), "clipped": clipped(widget)}  # fmt: skip


def run_tour(folder: Path, *, palette: str = "light", scale: float = 1.0) -> list[dict[str, Any]]:
    """Run the tour in a child process (a 3840×2160 screen at ``scale``) and return its report."""
    folder.mkdir(parents=True, exist_ok=True)
    screen = folder / "screen.json"
    uhd = {"name": "uhd", "x": 0, "y": 0, "width": 3840, "height": 2160, "logicalDpi": 96}
    screen.write_text(json.dumps({"screens": [{**uhd, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}", "QT_SCALE_FACTOR": str(scale)}
    command = [sys.executable, "-m", "tests.accessibility.window_tour", str(folder), "--palette", palette]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    report: list[dict[str, Any]] = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return report


def main(argv: list[str]) -> int:
    folder = Path(argv[0])
    palette = palette_named(argv[argv.index("--palette") + 1] if "--palette" in argv else "light")
    app = QApplication.instance() or QApplication(["window_tour"])
    app.setStyle("Fusion")
    if palette is not None:
        app.setPalette(palette)
    reports = []
    for step in windows(folder):
        if callable(step):
            deadline = time.monotonic() + DEADLINE_S
            while not step():
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the window tour waited {DEADLINE_S} s after {len(reports)} windows")
                app.processEvents()
                time.sleep(0.01)
            continue
        name, widget = step
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline and not widget.isVisible():
            app.processEvents()
        reports.append(_report(name, widget, folder))
    (folder / "report.json").write_text(json.dumps(reports, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
