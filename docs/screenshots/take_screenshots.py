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
        window.resize(1040, 640)
        loaded: list[int] = []
        window.providers_loaded.connect(loaded.append)
        _wait(lambda: bool(loaded))
        window.grab().save(str(HERE / "main-window.png"))
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
        window.close()
        app.processEvents()
    print(f"saved screenshots in {HERE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
