"""Attack round on issue 15, as a screen-reader user: results that arrive in the background must be heard
once — not never, not at every key, not every five minutes — and a disabled button must say why.

Announcements are recorded in-process (tests/accessibility/heard.py) from the real ``announce``.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow

from countyadmin import diagnostics
from countyadmin.db.engine import create_engine_for, upgrade_database
from countyadmin.db.unit_of_work import unit_of_work_factory
from countyadmin.gui.mainwindow.main_window import MainWindow
from countyadmin.gui.onboarding.onboarding_view import OnboardingView
from countyadmin.gui.onboarding.people_window import PeopleDialog
from countyadmin.gui.onboarding.sync_controller import LABEL_NAME, install_portal_sync
from countyadmin.portal.errors import PortalUnavailable
from countyadmin.services.onboarding import OnboardingService
from countyadmin.services.people import PeopleService
from tests.accessibility.heard import Heard, heard  # noqa: F401 - the fixture
from tests.gui.conftest import main_window, world  # noqa: F401 - the fixtures
from tests.gui.test_portal_sync_controller import NOON, Result, Service
from tests.gui.test_save_diagnostics import choose

UNREACHABLE = "CPSE Portal could not be reached. Check the network, then try again."


@pytest.fixture
def quick_self_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    quick = diagnostics.SelfTestResult(0, "OK")  # what is heard is under test, not the self-test
    monkeypatch.setattr(diagnostics, "run_self_test_process", lambda _url: quick)


def test_save_diagnostics_saved_to_is_announced(
    qtbot, main_window: MainWindow, tmp_path: Path, quick_self_test: None, heard: Heard,  # noqa: ANN001, F811
) -> None:
    # Broke: "Saved to …" was only painted in the status bar; the clerk who chose the file heard nothing.
    target = tmp_path / "for IT.zip"
    choose(main_window, target)
    with qtbot.waitSignal(main_window.diagnostics_saver.finished, timeout=60_000) as ended:
        pass
    assert ended.args[0].startswith(f"Saved to {target}.")
    assert heard.sentences.count(ended.args[0]) == 1


def test_save_diagnostics_failure_is_announced_urgently(
    qtbot, main_window: MainWindow, tmp_path: Path, quick_self_test: None, heard: Heard,  # noqa: ANN001, F811
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    choose(main_window, blocker / "diagnostics.zip")
    with qtbot.waitSignal(main_window.diagnostics_saver.finished, timeout=60_000) as ended:
        pass
    assert (ended.args[0], True) in heard.said


def test_a_failed_sync_is_heard_once_and_its_sentence_is_in_the_label(qtbot, heard: Heard) -> None:  # noqa: ANN001, F811
    # Broke: a failed sync only changed the status bar to "— last sync failed" and put the reason in a
    # tooltip; nothing was announced, so a screen-reader user kept working on data that was not current.
    service = Service(
        PortalUnavailable(UNREACHABLE), PortalUnavailable(UNREACHABLE), Result(NOON, changes=3),
        Result(NOON + timedelta(minutes=5)),
    )  # fmt: skip
    window = QMainWindow()
    qtbot.addWidget(window)
    controller = install_portal_sync(window, service, None)
    controller.stop()  # no timer: each sync below is started by the test
    label = window.findChild(QLabel, LABEL_NAME)
    qtbot.waitUntil(lambda: service.calls == 1 and not controller.running, timeout=10_000)
    assert heard.said == [(f"CPSE Portal data could not be synced: {UNREACHABLE}", True)]
    assert UNREACHABLE in label.accessibleDescription()
    controller.sync_now()  # failing again: not said again
    qtbot.waitUntil(lambda: service.calls == 2 and not controller.running, timeout=10_000)
    assert len(heard.said) == 1
    controller.sync_now()  # working again: said once, politely
    qtbot.waitUntil(lambda: service.calls == 3 and not controller.running, timeout=10_000)
    assert heard.said[1:] == [(label.text(), False)] and "as of" in label.text()
    assert UNREACHABLE not in label.accessibleDescription()
    controller.sync_now()  # the routine sync every five minutes is not announced
    qtbot.waitUntil(lambda: service.calls == 4 and not controller.running, timeout=10_000)
    assert len(heard.said) == 2


@pytest.fixture
def county(tmp_path: Path):  # noqa: ANN201
    engine = create_engine_for(f"sqlite:///{(tmp_path / 'county.sqlite3').as_posix()}")
    upgrade_database(engine)
    yield unit_of_work_factory(engine)
    engine.dispose()


def test_people_search_is_heard_when_the_typing_pauses_not_at_every_key(
    qtbot, county, heard: Heard,  # noqa: ANN001, F811
) -> None:
    # Broke: each answer was announced 250 ms after a key, so a clerk typing at a screen reader's pace
    # heard "Nobody found with …" after every letter, over the echo of the letters.
    dialog = PeopleDialog(PeopleService(county))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.searched, timeout=10_000):
        dialog.show()
    edit = dialog.ui.peopleSearchEdit
    edit.setFocus()
    for letter in "ortiz":
        with qtbot.waitSignal(dialog.searched, timeout=10_000) as answer:
            qtbot.keyClicks(edit, letter)
        assert answer.args[0].typed == edit.text()
        assert heard.containing("Nobody found") == [], "announced while the clerk is still typing"
    qtbot.waitUntil(lambda: len(heard.containing("Nobody found")) == 1, timeout=10_000)
    assert "ORTIZ" in heard.containing("Nobody found")[0]
    with qtbot.waitSignal(dialog.searched, timeout=10_000):
        qtbot.keyClicks(edit, " ana\r")  # Enter asks for the answer now: heard at once
    assert len(heard.containing("Nobody found")) == 2 and "ANA" in heard.containing("Nobody found")[1]


def test_people_identity_check_is_heard(qtbot, county, heard: Heard) -> None:  # noqa: ANN001, F811
    # Broke: the identity check's result (or its failure) was painted under the list, never announced.
    dialog = PeopleDialog(PeopleService(county))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.identities_shown, timeout=10_000):
        dialog.show()
    assert dialog.ui.identityMessage.text() in heard.sentences


def test_onboarding_failure_is_heard_and_disabled_buttons_say_why(
    qtbot, tmp_path: Path, county, heard: Heard,  # noqa: ANN001, F811
) -> None:
    # Broke twice: the counts failing was only painted; Resend/Invite were disabled with no reason.
    broken = create_engine_for(f"sqlite:///{(tmp_path / 'no-tables.sqlite3').as_posix()}")
    view = OnboardingView(OnboardingService(unit_of_work_factory(broken)))
    qtbot.addWidget(view)
    view.refresh()
    qtbot.waitUntil(lambda: "could not be counted" in view.summary.text(), timeout=10_000)
    assert (view.summary.text(), True) in heard.said
    broken.dispose()

    view = OnboardingView(OnboardingService(county))  # an empty county: nothing expired, nobody without admin
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.refresh()
    for button in (view.resend_button, view.invite_button):
        assert not button.isEnabled()
        assert button.accessibleDescription(), f"{button.text()} is disabled without a reason"
        assert button.toolTip() == button.accessibleDescription()
    view.chart.setFocus()
    qtbot.keyClick(view.chart, Qt.Key.Key_Return)  # choosing a stage with the keyboard is heard (held before)
    assert heard.containing("The list shows")
