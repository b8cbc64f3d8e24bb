"""A clerk in a hurry against the onboarding windows: answers arriving out of order, a sync landing
while the list is filtered to a stage. Real sandbox, real database, real workers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.gui.mainwindow.provider_table import NAME, STAGE
from countyadmin.gui.onboarding.people_window import PeopleDialog
from countyadmin.portal.client import PortalClient
from countyadmin.portal.models import InvitationRequest
from countyadmin.sandbox import DEMO_API_KEY
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.services.onboarding import Stage
from countyadmin.services.people import PeopleService
from tests.fixtures.people_world import build_people_world, sync
from tests.gui.test_onboarding_view import _linked_without_anything, _portal_url, _synced, demo  # noqa: F401
from tests.gui.test_people_window import county  # noqa: F401 - the fixture: a migrated SQLite county

UowFactory = Callable[[], SqlAlchemyUnitOfWork]


class FirstKeyStalls:
    """The real search, except that the answer to the first text typed waits until released: the
    answer to what the clerk typed next arrives first, the stale one after it."""

    def __init__(self, real: PeopleService, stalled: str) -> None:
        self.real, self.stalled = real, stalled
        self.release = threading.Event()
        self.asked: list[str] = []

    def search(self, typed: str) -> Any:
        self.asked.append(typed)
        if typed == self.stalled:
            self.release.wait(10)
        return self.real.search(typed)

    def identities(self) -> Any:
        return self.real.identities()


def test_a_late_answer_to_text_typed_past_never_replaces_the_answer_shown(
    qtbot, fresh_sandbox: SandboxProcess, county: UowFactory  # noqa: ANN001, F811
) -> None:
    world = build_people_world(fresh_sandbox, county)
    sync(world, county)
    real = PeopleService(county)
    final = "ana"
    assert len(real.search("a").people) != len(real.search(final).people), "the two answers must differ"
    service = FirstKeyStalls(real, stalled="a")
    dialog = PeopleDialog(service)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.identities_shown, timeout=10_000):
        dialog.show()
    edit = dialog.ui.peopleSearchEdit
    qtbot.keyClicks(edit, "a")
    qtbot.waitUntil(lambda: "a" in service.asked, timeout=5_000)  # the pause after typing passed
    with qtbot.waitSignal(dialog.searched, timeout=10_000) as shown:
        qtbot.keyClicks(edit, "na")
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert shown.args[0].typed == final
    rows = dialog.model.rowCount()
    assert rows == len(real.search(final).people) and rows > 0
    emitted: list[Any] = []
    dialog.searched.connect(emitted.append)
    service.release.set()  # the stale answer to "a" comes back now
    qtbot.wait(500)
    assert emitted == [] and dialog.model.rowCount() == rows
    assert edit.text() == final
    assert dialog.ui.peopleMessage.text().startswith(f"{rows} ")


def test_a_sync_landing_while_the_list_is_filtered_keeps_the_filter_and_moves_the_provider(
    qtbot, demo: Any  # noqa: ANN001, F811
) -> None:
    window, view = demo, demo.onboarding_view
    _synced(qtbot, window)
    view.choose(Stage.PENDING)
    model = window.model
    before = model.rowCount()
    assert before >= 1
    target = _linked_without_anything(window)[0]
    client = PortalClient(_portal_url(window), DEMO_API_KEY)
    try:
        invitation = InvitationRequest(first_name="Lee", last_name="Park", email="lee@example.org",
                                       invited_by="t")  # fmt: skip
        client.create_invitation(target.portal_provider_id, invitation, idempotency_key="filtered-sync")
    finally:
        client.close()
    stage_map = _synced(qtbot, window)  # the sync and the view's reload land with the filter on
    assert stage_map.stages[target.id] == Stage.PENDING
    assert view.chosen == Stage.PENDING
    qtbot.waitUntil(lambda: model.rowCount() == before + 1, timeout=10_000)
    shown = {model.data(model.index(r, STAGE)) for r in range(model.rowCount())}
    assert shown == {Stage.PENDING.short_label}
    assert view.chart.chosen == Stage.PENDING.value
    assert target.name in {model.data(model.index(r, NAME)) for r in range(model.rowCount())}
