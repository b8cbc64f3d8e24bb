"""Test-only driver: starts ``countyadmin --demo`` and opens every window of issue 15, one after another.

Run by tests/accessibility/atspi_walker.py (another process, which reads the accessibility tree). For each
window it prints ``SHOWN <key>\t<window title>`` on stdout and waits for a line on stdin before going on;
``STEP <key>`` starts a step whose announcements the reader collects (it answers once it has heard
those of the step before); ``DONE`` ends. Nothing here asserts:
the reading process judges what it finds.

    python -m tests.accessibility.app_driver DEMO_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSocketNotifier, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton, QTabWidget, QWidget

# Wait until true; show a window and wait for "next"; or ("STEP", name): a new step, once the reader has
# heard the announcements of the one before.
Step = Callable[[], bool] | tuple[str, QWidget] | tuple[str, str]
POLL_MS = 50
STEP_DEADLINE_S = 60


def _dialog_of(parent: QWidget, kind: type[QWidget]) -> QWidget | None:
    found = [w for w in parent.findChildren(kind) if w.isVisible()]
    return found[-1] if found else None


def _tell(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def windows(demo_dir: Path) -> Iterator[Step]:  # noqa: C901 - one scenario, read top to bottom
    from countyadmin.app import build_main_window
    from countyadmin.gui.message_boxes import info_box
    from countyadmin.gui.provider_details.add_portal_confirm_dialog import AddPortalProviderDialog
    from countyadmin.gui.provider_details.link_confirm_dialog import LinkConfirmDialog
    from countyadmin.services.linking import new_portal_provider

    window = build_main_window(["--demo", "--demo-dir", str(demo_dir)])
    yield lambda: window.context is not None and window.model.rowCount() > 0
    yield ("main", window)
    providers = window.model._providers
    unlinked = next(p for p in providers if p.npi and not p.portal_provider_id)

    yield ("STEP", "details")
    details = window.open_provider(unlinked.id)
    assert details is not None
    yield lambda: details.record is not None and not details.npi.busy() and details.matches.result is not None
    tabs = details.findChild(QTabWidget, "providerTabs")
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        yield (f"details/{tabs.widget(index).objectName()}", details)
    tabs.setCurrentIndex(0)

    record, matches = details.record, details.matches.model
    confirmations: list[tuple[str, QDialog]] = [
        ("add_new_confirm", AddPortalProviderDialog(record, new_portal_provider(record), details))
    ]
    if matches.rowCount():  # the demo provider chosen has an identifier match
        link = LinkConfirmDialog(record, matches.candidate(0).portal, details)
        confirmations.insert(0, ("link_confirm", link))
    for key, confirmation in confirmations:
        confirmation.open()
        yield (key, confirmation)
        confirmation.reject()

    yield ("STEP", "invalid")
    saved_npi = details.ui.npiEdit.text()
    for edit, text in ((details.ui.npiEdit, "1234567890"), (details.ui.sedCodeEdit, "12")):
        edit.clear()
        QTest.keyClicks(edit, text)  # "1234567890" fails the NPI check digit; "12" is too short
    yield ("details/invalid", details)
    details.ui.npiEdit.setText(saved_npi)
    details.ui.sedCodeEdit.setText(details.record.sed_code or "")
    yield lambda: not details.npi.busy()

    yield ("STEP", "saved")
    details.ui.applyButton.click()
    yield lambda: details.ui.saveMessage.text().startswith("Saved")
    yield ("details/saved", details)
    details.close()

    yield ("STEP", "invite")
    linked = next((p for p in providers if p.portal_provider_id), None)
    if linked is not None:
        own = window.open_provider(linked.id)
        assert own is not None
        yield lambda: own.record is not None and not own.admin_users.busy()
        own.ui.providerTabs.setCurrentWidget(own.ui.adminUsersTab)
        invite = own.admin_users.open_invite_dialog()
        if invite is not None:
            yield ("invite", invite)
            yield ("STEP", "invite_sent")
            for edit, text in ((invite.ui.firstNameEdit, "Pat"), (invite.ui.lastNameEdit, "Doe"),
                               (invite.ui.emailEdit, "pat.doe.a11y@example.org")):  # fmt: skip
                QTest.keyClicks(edit, text)  # typed, as the form checks what was typed
            send = invite.ui.inviteAsAdminButton
            yield lambda: send.isEnabled()
            send.click()
            yield lambda: not invite.isVisible() and _dialog_of(own, QMessageBox) is not None
            sent_box = _dialog_of(own, QMessageBox)
            assert sent_box is not None
            yield ("message_box/invitation_sent", sent_box)
            sent_box.close()
        own.close()

    window.findChild(type(window.ui.importBatchAction), "importBatchAction").trigger()
    yield lambda: window.batch_dialog is not None and window.batch_dialog.isVisible()
    yield ("import_batch", window.batch_dialog)
    window.batch_dialog.reject()

    window.ui.importCountyProvidersAction.trigger()
    yield lambda: window.county_import_dialog is not None and window.county_import_dialog.isVisible()
    yield ("county_import", window.county_import_dialog)
    window.county_import_dialog.reject()

    yield from onboarding_windows(window)

    window.ui.actionSettings.trigger()
    yield lambda: _dialog_of(window, QDialog) is not None
    settings = _dialog_of(window, QDialog)
    assert settings is not None
    yield lambda: all(not b.isVisible() or b.isEnabled() for b in settings.findChildren(QPushButton)[:1])
    yield ("settings", settings)
    settings.close()

    window.ui.actionAbout.trigger()
    yield lambda: _dialog_of(window, QDialog) is not None
    about = _dialog_of(window, QDialog)
    assert about is not None
    yield ("about", about)
    about.close()

    if linked is not None:
        window.close()
        return
    box = info_box(window, title="Invite Admin Users from a Spreadsheet", name="a11yMessageBox",
                   text="CPSE Portal is not set up yet. Enter its address and API key in Settings, "
                        "then invite admin users.")  # fmt: skip
    yield ("message_box", box)
    box.close()
    window.close()


def synced_onboarding(window: Any) -> Iterator[Step]:
    """Waits until the start-up sync has reached the onboarding view (its chart has counts)."""
    yield lambda: getattr(window, "onboarding_view", None) is not None
    controller, view = window.portal_sync_controller, window.onboarding_view
    yield lambda: controller.as_of is not None and not controller.running
    yield lambda: view.stage_map is not None and not view._loading and view.stage_map.counts.as_of is not None


def onboarding_windows(window: Any, *, steps: bool = True, separator: str = "_") -> Iterator[Step]:
    """Issue 17's views: the onboarding dock (the chart under focus, moved one stage down, the expired
    stage chosen: bold, "shown in the list"), the resend preview of the demo's expired invitation, and
    People Across Providers with a search that finds two people. Also the window tour's (no steps)."""
    from countyadmin.services.onboarding import Stage

    yield from synced_onboarding(window)
    view = window.onboarding_view
    if steps:
        yield ("STEP", "onboarding")
    view.chart.setFocus()
    QTest.keyClick(view.chart, Qt.Key.Key_Down)  # announces the stage under focus
    view.choose(Stage.EXPIRED)  # announces the list's filter
    yield ("onboarding", window)
    view.choose(None)
    view.resend_button.click()
    yield lambda: view.resend_dialog is not None and view.resend_dialog.isVisible()
    yield (f"resend{separator}expired", view.resend_dialog)
    view.resend_dialog.reject()
    if steps:
        yield ("STEP", "people")
    people = window.show_people()
    QTest.keyClicks(people.ui.peopleSearchEdit, "jo")  # two people in the demo's portal copy
    checked = people.ui.identityMessage
    yield lambda: people.model.rowCount() > 0 and not checked.text().startswith("Checking")
    yield ("people", people)
    people.close()


def _showing() -> str:
    """The visible windows and their message sentences, to say where a run got stuck."""
    from PySide6.QtWidgets import QLabel

    parts = []
    for window in QApplication.topLevelWidgets():
        if window.isVisible():
            said = [w.text() for w in window.findChildren(QLabel) if w.objectName().endswith("Message")
                    and w.isVisible() and w.text()]  # fmt: skip
            parts.append(f"{window.windowTitle()!r} {said}")
    return "; ".join(parts)


class Runner:
    """Walks ``windows()``: polls each wait, announces each window, and resumes on a line from stdin."""

    def __init__(self, app: QApplication, steps: Iterator[Step]) -> None:
        self.app = app
        self.steps = steps
        self.waiting: Callable[[], bool] | None = None
        self.deadline = 0
        self.notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
        self.notifier.setEnabled(False)
        self.notifier.activated.connect(self._on_line)
        self.timer = QTimer()
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)

    def start(self) -> None:
        QTimer.singleShot(0, self._advance)

    def _advance(self) -> None:
        try:
            step = next(self.steps)
        except StopIteration:
            _tell("DONE")
            self.app.quit()
            return
        except Exception as error:  # the reader reports it; the app must not hang the test
            _tell(f"FAILED {type(error).__name__}: {error}")
            self.app.exit(1)
            return
        if callable(step):
            self.waiting = step
            self.deadline = STEP_DEADLINE_S * 1000 // POLL_MS
            self.timer.start()
            return
        key, widget = step
        if isinstance(widget, str):
            _tell(f"STEP {widget}")
            self.notifier.setEnabled(True)
            return
        widget.raise_()
        widget.activateWindow()
        _tell(f"SHOWN {key}\t{widget.windowTitle()}")
        self.notifier.setEnabled(True)

    def _poll(self) -> None:
        assert self.waiting is not None
        self.deadline -= 1
        if self.waiting():
            self.timer.stop()
            self._advance()
        elif self.deadline <= 0:
            self.timer.stop()
            _tell(f"FAILED a window did not get ready within a minute; showing: {_showing()}")
            self.app.exit(1)

    def _on_line(self) -> None:
        self.notifier.setEnabled(False)
        if not sys.stdin.readline():
            self.app.exit(1)  # the reader went away
            return
        QTimer.singleShot(0, self._advance)


def main(argv: list[str]) -> int:
    app = QApplication([sys.argv[0]])
    with tempfile.TemporaryDirectory(prefix="countyadmin-a11y-") as scratch:
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(Path(scratch) / variable.lower())
        demo_dir = Path(argv[0]) if argv else Path(scratch) / "demo"
        runner = Runner(app, windows(demo_dir))
        runner.start()
        return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
