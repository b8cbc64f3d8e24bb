"""Re-take docs/screenshots/people.png: ``python docs/screenshots/take_people_screenshot.py`` (from the
repository's root). People Across Providers over the same county the GUI tests search
(tests/fixtures/people_world.py), built on a sandbox of its own, synced into a temporary database.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> int:
    from countyadmin.db.engine import create_engine_for, upgrade_database
    from countyadmin.db.unit_of_work import unit_of_work_factory
    from countyadmin.gui.onboarding.people_window import PeopleDialog
    from countyadmin.sandbox.process import SandboxProcess
    from countyadmin.services.people import PeopleService
    from tests.fixtures.people_world import build_people_world, sync
    from tests.fixtures.sandbox import SANDBOX_KEYS

    app = QApplication(sys.argv[:1])
    with (
        tempfile.TemporaryDirectory() as tmp,
        SandboxProcess.start(Path(tmp) / "sandbox", SANDBOX_KEYS) as sandbox,
    ):
        engine = create_engine_for(f"sqlite:///{Path(tmp, 'county.sqlite3').as_posix()}")
        upgrade_database(engine)
        county = unit_of_work_factory(engine)
        world = build_people_world(sandbox, county)
        sync(world, county)
        dialog = PeopleDialog(PeopleService(county))
        dialog.resize(1100, 560)
        loop = QEventLoop()
        dialog.searched.connect(lambda result: result.typed and loop.quit())
        dialog.show()
        dialog.ui.peopleSearchEdit.setText("ortiz")
        QTimer.singleShot(20_000, loop.quit)
        loop.exec()
        for _ in range(20):  # the identity list's answer and the paint
            app.processEvents()
        dialog.grab().save(str(HERE / "people.png"))
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
