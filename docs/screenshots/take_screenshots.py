"""Re-take the README's screenshots from a real demo session: ``python docs/screenshots/take_screenshots.py``.

Runs offscreen in a temporary demo folder (its own sandbox and database), so nothing of yours is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QTableView  # noqa: E402

HERE = Path(__file__).resolve().parent


def _wait(until, timeout_ms: int = 30_000) -> None:  # noqa: ANN001 - a predicate
    loop = QEventLoop()
    waited = 0
    while not until():
        QTimer.singleShot(50, loop.quit)
        loop.exec()
        waited += 50
        if waited > timeout_ms:
            raise SystemExit("the demo did not get ready in time")


def main() -> int:
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")  # keep the user's window layout out of it
        from countyadmin.app import build_main_window

        window = build_main_window(["--demo", "--demo-dir", str(Path(tmp) / "demo")])
        window.resize(1040, 760)  # room for the onboarding dock above the list
        loaded: list[int] = []
        window.providers_loaded.connect(loaded.append)
        # The list shows as soon as the database is read; the portal and NPI clients come just after.
        _wait(lambda: bool(loaded) and window.context is not None)
        _onboarding(window)
        # After the first sync: the onboarding dock above the list, and the list's Stage column filled.
        _save_small(window.grab(), HERE / "main-window.png")
        # A provider whose portal twin has the same identifiers but differing details: the list shows it.
        from countyadmin.resources import load_demo_dataset

        differing = next(e for e in load_demo_dataset()["providers"] if e["scenario"] == "both_differing")
        dialog = window.open_provider(int(differing["county_ref"]))
        if dialog is not None:
            dialog.resize(940, 700)
            matches = dialog.findChild(QTableView, "portalMatchesTable")
            _wait(lambda: matches is not None and matches.model() is not None and matches.model().rowCount())
            _wait(lambda: dialog.findChild(QLabel, "npiRegistryName").text() != "")
            dialog.grab().save(str(HERE / "provider-details.png"))
            dialog.close()
        _batch_preview(window, Path(tmp))
        _county_import_preview(window, Path(tmp))
        window.close()
        app.processEvents()
    print(f"saved screenshots in {HERE}")
    return 0


def _save_small(picture, path: Path) -> None:  # noqa: ANN001 - a QPixmap
    """PNG at zlib's strongest setting, in 256 colours when that loses nothing a reader would see (the
    window is flat colour and text); the README carries it."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = picture.toImage().convertToFormat(QImage.Format.Format_RGB32)
    indexed = image.convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither)
    indexed.save(str(path), "PNG", 0)


def _onboarding(window) -> None:  # noqa: ANN001 - the MainWindow
    """The onboarding view once the first sync is in, the stage with an expired invitation chosen."""
    _wait(lambda: getattr(window, "onboarding_view", None) is not None)
    view, sync = window.onboarding_view, window.portal_sync_controller
    _wait(lambda: sync.as_of is not None and not sync.running and view.stage_map is not None)
    view.refresh()
    _wait(lambda: not view._loading and view.stage_map.counts.as_of is not None)
    from countyadmin.services.onboarding import Stage

    view.choose(Stage.NO_ADMIN)
    view.resize(900, view.sizeHint().height())
    view.grab().save(str(HERE / "onboarding.png"))
    view.choose(None)


def _batch_preview(window, folder: Path) -> None:  # noqa: ANN001 - the MainWindow
    """Invite Admin Users from a Spreadsheet: the downloaded template, filled as a clerk might."""
    import openpyxl

    from countyadmin.resources import load_demo_dataset
    from countyadmin.spreadsheets.invitation_template import TEMPLATE_SHEET, write_invitation_template

    providers = load_demo_dataset()["providers"]
    linked = [e["county"] for e in providers if e["scenario"] == "linked"]
    zero_led = next(c for c in linked[1:] if c["sed_code"].startswith("0"))  # Excel will drop its zeros
    unlinked = next(e["county"] for e in providers if e["scenario"] == "none")
    path = folder / "new admin users.xlsx"
    write_invitation_template(path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[TEMPLATE_SHEET]
    sheet.delete_rows(2)
    for row in (
        [linked[0]["sed_code"], None, "Maria", "Lopez", "maria.lopez@example.org", "N", None, None, None],
        [linked[1]["sed_code"], None, "Dev", "Patel", "dev.patel@example.org", "Y", "1234567893", "SLP",
         "012345"],
        [linked[2]["sed_code"], None, "Ann", "Kim", "ann.kim@example", "N", None, None, None],
        [int(zero_led["sed_code"]), None, "Lee", "Chan", "lee.chan@example.org", "N", None, None, None],
        [unlinked["sed_code"], None, "Sam", "Ortiz", "sam.ortiz@example.org", "N", None, None, None],
        [linked[0]["sed_code"], None, "Maria", "Lopez", "maria.lopez@example.org", "N", None, None, None],
    ):
        sheet.append(row)
    workbook.save(path)
    dialog = window.import_batch()
    if dialog is None:
        return
    dialog.resize(1000, 560)
    dialog.ui.batchFilePathEdit.setText(str(path))
    dialog.load_file()
    _wait(lambda: dialog.preview is not None and dialog.preview.pending_checked)
    dialog.grab().save(str(HERE / "invitation-batch.png"))
    dialog.reject()


def _county_import_preview(window, folder: Path) -> None:  # noqa: ANN001 - the MainWindow
    """Import County Providers: an export where one provider moved, one is new and one row is bad."""
    import csv

    from countyadmin.resources import load_demo_dataset

    providers = [e["county"] for e in load_demo_dataset()["providers"]][:6]
    path = folder / "preschool export.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(
            ["SED Code", "Provider Name", "Type", "NPI", "Address", "City", "State", "ZIP", "Email"]
        )
        for number, provider in enumerate(providers):
            city = "Kingston" if number == 1 else provider["city"]
            writer.writerow([provider["sed_code"], provider["name"], provider["provider_type"],
                             provider["npi"] or "", provider["address_1"], city, "NY", provider["zip"],
                             provider["email"] or ""])  # fmt: skip
        writer.writerow(["812345678901", "Little Harbor Speech PLLC", "Agency", "", "4 Dock St", "Oswego",
                         "NY", "13126", "office@littleharbor.example.org"])  # fmt: skip
        writer.writerow(["12345", "Bad Row Therapy", "Agency", "", "", "", "NY", "1220", ""])
    dialog = window.show_county_import()
    if dialog is None:
        return
    dialog.resize(1000, 600)
    ready: list[object] = []
    dialog.preview_ready.connect(ready.append)
    dialog.load(path)
    _wait(lambda: bool(ready))
    dialog.grab().save(str(HERE / "county-import.png"))
    dialog.reject()


if __name__ == "__main__":
    raise SystemExit(main())
