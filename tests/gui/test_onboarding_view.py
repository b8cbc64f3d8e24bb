"""The onboarding view through the real entry point: the demo's sandbox, its database, a real sync.

The counts must equal the portal's truth (asked provider by provider, as the link status report does);
choosing a stage filters the list from memory; expired invitations are resent once however often the
coordinator clicks; the no-admin template comes pre-filled with their SED codes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from countyadmin.gui.mainwindow.provider_table import STAGE
from countyadmin.portal.client import PortalClient
from countyadmin.sandbox import DEMO_API_KEY
from countyadmin.sandbox.invitations import INVITATION_LIFETIME
from countyadmin.services.onboarding import Stage
from countyadmin.spreadsheets.invitation_template import TEMPLATE_SHEET
from tests.fixtures.demo_app import started_demo


@pytest.fixture
def demo(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:  # noqa: ANN001
    with started_demo(qtbot, tmp_path, monkeypatch) as window:
        qtbot.waitUntil(lambda: getattr(window, "onboarding_view", None) is not None, timeout=10_000)
        yield window


def _portal_url(window: Any) -> str:
    return str(window.context.settings.load().portal_url)


def _synced(qtbot, window: Any) -> Any:  # noqa: ANN001
    """Sync now and wait for the view to show what the sync brought."""
    controller, view = window.portal_sync_controller, window.onboarding_view
    qtbot.waitUntil(lambda: not controller.running, timeout=30_000)
    assert controller.sync_now()
    qtbot.waitUntil(lambda: not controller.running, timeout=30_000)
    assert controller.as_of is not None
    # copy_changed refreshes the view when the sync changed something; this waits for a read after it.
    qtbot.waitUntil(lambda: not view._loading, timeout=30_000)
    with qtbot.waitSignal(view.refreshed, timeout=30_000) as shown:
        view.refresh()
    return shown.args[0]


def _truth(window: Any, as_of: datetime) -> Counter[Stage]:
    """Each provider's stage from the portal's per-provider answers (the county's links from its list)."""
    client = PortalClient(_portal_url(window), DEMO_API_KEY)
    stages: Counter[Stage] = Counter()
    try:
        for summary in window.context.providers.list_summaries():
            pid = summary.portal_provider_id
            if pid is None:
                stages[Stage.NOT_LINKED if summary.uses_portal else Stage.NOT_USING] += 1
                continue
            if any(u.status == "active" for u in client.list_admin_users(pid)):
                stages[Stage.ACTIVE_ADMIN] += 1
                continue
            invitations = client.list_invitations(pid)
            if any(i.status == "pending" and i.expires_at > as_of for i in invitations):
                stages[Stage.PENDING] += 1
            elif any(i.status in ("pending", "expired") for i in invitations):
                stages[Stage.EXPIRED] += 1
            else:
                stages[Stage.NO_ADMIN] += 1
    finally:
        client.close()
    return stages


def _expire_pending_invitations(window: Any) -> None:
    """Move the sandbox's clock past every invitation's lifetime (the portal's own notion of expiry)."""
    url = _portal_url(window).rstrip("/") + "/sandbox/clock"
    offset = INVITATION_LIFETIME.total_seconds() + 3600
    requests.put(url, json={"offset_seconds": offset}, timeout=10).raise_for_status()


def _linked_without_anything(window: Any) -> list[Any]:
    view = window.onboarding_view
    return [
        s
        for s in window.context.providers.list_summaries()
        if view.stage_map.stages.get(s.id) == Stage.NO_ADMIN
    ]


def test_counts_after_a_sync_match_the_portal_and_a_stage_filters_the_list(qtbot, demo: Any) -> None:  # noqa: ANN001
    window, view = demo, demo.onboarding_view
    # An invitation for a linked provider with nothing, so the demo has every linked stage.
    _synced(qtbot, window)
    target = _linked_without_anything(window)[0]
    client = PortalClient(_portal_url(window), DEMO_API_KEY)
    try:
        from countyadmin.portal.models import InvitationRequest

        client.create_invitation(
            target.portal_provider_id,
            InvitationRequest(
                first_name="Dana", last_name="Okafor", email="dana.okafor@example.org", invited_by="test"
            ),
            idempotency_key="onboarding-view-test",
        )
    finally:
        client.close()
    stage_map = _synced(qtbot, window)
    counts = stage_map.counts
    assert counts.as_of is not None
    assert counts.by_stage == {stage: _truth(window, counts.as_of)[stage] for stage in Stage}
    assert stage_map.stages[target.id] == Stage.PENDING
    assert counts.by_stage[Stage.PENDING] >= 1 and counts.total == window.model.total_count()

    # The chart's rows say each stage and its count in words.
    chart = view.chart
    assert [row for row in chart._rows] == [(s.label, counts.by_stage[s]) for s in Stage]
    # Clicking a stage's bar filters the list to it (and its Stage column says so).
    row = chart.row_rect(Stage.PENDING.value)
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(row.center().x(), row.center().y()))
    model = window.model
    assert model.rowCount() == counts.by_stage[Stage.PENDING]
    assert {model.data(model.index(r, STAGE)) for r in range(model.rowCount())} == {Stage.PENDING.short_label}
    assert model.headerData(STAGE, Qt.Orientation.Horizontal) == "Stage"
    # Keyboard: Up to the expired stage's neighbour, Enter chooses it.
    chart.setFocus()
    qtbot.keyClick(chart, Qt.Key.Key_Down)
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    assert view.chosen == Stage.EXPIRED
    assert model.rowCount() == counts.by_stage[Stage.EXPIRED]
    assert "Invitation expired" in chart.accessibleDescription()
    view.show_all_button.click()
    assert model.rowCount() == model.total_count()
    # "Check Unlinked for Matches" is the list's own action: it starts the check of every unlinked one.
    view.check_button.click()
    run = window.match_check_run
    assert run is not None and run.running()
    with qtbot.waitSignal(window.match_check_finished, timeout=60_000) as checked:
        run.cancel()
    assert checked.args[0]


def test_resend_every_expired_invitation_reaches_the_portal_once(qtbot, demo: Any) -> None:  # noqa: ANN001
    window, view = demo, demo.onboarding_view
    _expire_pending_invitations(window)
    stage_map = _synced(qtbot, window)
    expired = stage_map.counts.by_stage[Stage.EXPIRED]
    assert expired > 0 and view.resend_button.isEnabled()
    before = _invitations_by_email(window)

    def click_resend() -> QDialog:
        view.resend_button.click()
        qtbot.waitUntil(
            lambda: view.resend_dialog is not None and view.resend_dialog.isVisible(), timeout=10_000
        )
        return view.resend_dialog

    dialog = click_resend()
    rows = dialog.findChild(QWidget, "resendExpiredTable").rowCount()
    assert rows >= expired
    # Resending e-mails people: Enter is the safe answer, as in the other portal confirmations.
    assert dialog.findChild(QPushButton, "resendExpiredCancelButton").isDefault()
    assert not dialog.findChild(QPushButton, "resendExpiredSendButton").isDefault()
    with qtbot.waitSignal(view.resend_finished, timeout=30_000) as finished:
        dialog.findChild(QPushButton, "resendExpiredSendButton").click()
    assert finished.args[0] == f"Queued {rows} expired invitations to be sent again."
    # Queued under keys made from the expired invitations' ids: nothing is left to preview.
    assert view.service.expired_invitations() == []
    qtbot.waitUntil(lambda: _invitations_by_email(window) != before, timeout=30_000)
    qtbot.waitUntil(
        lambda: sum(_invitations_by_email(window).values()) == sum(before.values()) + rows, timeout=30_000
    )
    view.resend_dialog = None
    with qtbot.waitSignal(view.resend_finished, timeout=30_000) as second:
        view.resend_button.click()
    assert second.args[0] == "Every expired invitation is already queued or sent again."
    after = _invitations_by_email(window)
    assert after - before == Counter(dict.fromkeys(after - before, 1))  # one new invitation per person
    assert sum((after - before).values()) == rows


def _invitations_by_email(window: Any) -> Counter[tuple[str, str]]:
    client = PortalClient(_portal_url(window), DEMO_API_KEY)
    found: Counter[tuple[str, str]] = Counter()
    try:
        for summary in window.context.providers.list_summaries():
            if summary.portal_provider_id:
                for invitation in client.list_invitations(summary.portal_provider_id):
                    found[(summary.portal_provider_id, invitation.email.casefold())] += 1
    finally:
        client.close()
    return found


def test_invite_for_linked_providers_without_admin_prefills_the_template(
    qtbot,
    demo: Any,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    window, view = demo, demo.onboarding_view
    _synced(qtbot, window)
    wanted = _linked_without_anything(window)
    assert wanted
    path = tmp_path / "no-admin.xlsx"
    with qtbot.waitSignal(view.template_saved, timeout=30_000) as saved:
        view.save_no_admin_template(str(path))
    assert f"for {len(wanted):,} providers" in saved.args[0]
    sheet = load_workbook(path)[TEMPLATE_SHEET]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted((r[0], r[1]) for r in rows) == sorted((s.sed_code, s.npi) for s in wanted)
    assert all(r[2] is None and r[4] is None for r in rows)  # names and e-mails are the clerk's to fill
    notes = [row[0] for row in load_workbook(path)["Notes"].iter_rows(values_only=True)]
    assert "The rows given" in notes and "The example row" not in notes
