"""Provider Details against the real CPSE Portal sandbox over HTTP, through the automation names."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMessageBox, QPushButton, QTableView

from countyadmin.domain.provider import ProviderType
from countyadmin.gui.colors import highlight_colors
from countyadmin.gui.provider_details.link_confirm_dialog import LinkConfirmDialog
from countyadmin.gui.provider_details.portal_match_model import MATCHED_ON
from countyadmin.portal.client import PortalClient
from countyadmin.portal.models import NewPortalProvider
from countyadmin.sandbox.process import SandboxProcess
from tests.fixtures.sandbox import set_faults
from tests.gui.conftest import GuiWorld
from tests.gui.portal_helpers import child, click, linked_world, message, npi, open_details, portal, settle

__all__ = ["linked_world", "portal"]  # fixtures

NPI_A, SED_A = npi("123451111"), "000111222333"
BACKGROUND = Qt.ItemDataRole.BackgroundRole


def _county(world: GuiWorld, name: str = "Hudson Kids Therapy LLC", **values: object) -> int:
    defaults: dict[str, object] = {"provider_type": ProviderType.AGENCY, "zip": "12207", "city": "Albany"}
    return world.add(name, **{**defaults, **values})


def _portal_provider(portal: PortalClient, name: str = "Hudson Kids Therapy LLC", **values: object) -> str:
    fields: dict[str, object] = {"zip": "12207", "city": "Albany", **values}
    return portal.create_provider(NewPortalProvider("agency", name, **fields)).id  # type: ignore[arg-type]


def _matches(dialog) -> QTableView:  # noqa: ANN001
    return child(dialog, "portalMatchesTable", QTableView)


@pytest.mark.parametrize(
    ("county", "on_portal", "matched_on"),
    [
        ({"npi": NPI_A}, {"npi": NPI_A, "sed_code": None}, "NPI"),
        ({"sed_code": SED_A}, {"npi": None, "sed_code": SED_A}, "SED code"),
        ({"npi": NPI_A, "sed_code": SED_A}, {"npi": NPI_A, "sed_code": SED_A}, "NPI + SED code"),
    ],
    ids=["npi", "sed", "both"],
)
def test_identifier_matches_are_listed_with_link_button(
    qtbot, linked_world: GuiWorld, portal: PortalClient, county: dict, on_portal: dict, matched_on: str
) -> None:
    portal_id = _portal_provider(portal, **on_portal)
    dialog = open_details(qtbot, linked_world, _county(linked_world, **county))
    table = _matches(dialog)
    assert table.model().rowCount() == 1
    assert table.model().index(0, 0).data() == portal_id
    assert table.model().index(0, MATCHED_ON).data() == matched_on
    assert child(dialog, "linkSelectedButton").isVisible()
    assert not child(dialog, "addNewPortalProviderButton").isVisible()  # an identifier matched


def test_a_name_and_zip_match_is_a_marked_possibility(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    _portal_provider(portal, "Hudson Kids Therapy, L.L.C.", npi=npi("223456781"), sed_code=None)
    dialog = open_details(qtbot, linked_world, _county(linked_world, zip="12207-4411"))
    index = _matches(dialog).model().index(0, MATCHED_ON)
    assert index.data().startswith("Possible — name + ZIP (") and index.data().endswith("% similar)")
    assert index.data(Qt.ItemDataRole.FontRole).italic()
    assert "possible matches only" in message(dialog)
    assert child(dialog, "linkSelectedButton").isVisible()
    assert child(dialog, "addNewPortalProviderButton").isVisible()


def test_no_match_offers_add_new(qtbot, linked_world: GuiWorld, portal: PortalClient) -> None:
    dialog = open_details(qtbot, linked_world, _county(linked_world, "Nowhere Agency", npi=npi("199999999")))
    assert "No CPSE Portal provider has this NPI or SED code" in message(dialog)
    assert not _matches(dialog).isVisible() and not child(dialog, "linkSelectedButton").isVisible()
    assert child(dialog, "addNewPortalProviderButton").isVisible()


def _confirm(qtbot, dialog) -> LinkConfirmDialog:  # noqa: ANN001
    click(dialog, "linkSelectedButton")
    confirm = dialog.findChild(LinkConfirmDialog, "LinkConfirmDialog")
    assert confirm is not None and confirm.isVisible()
    return confirm


def test_differences_are_highlighted_and_cancel_changes_nothing(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    portal_id = _portal_provider(portal, npi=NPI_A, sed_code=None, state="NY", phone="518-555-0100")
    provider_id = _county(linked_world, npi=NPI_A, state="New York", phone="(518) 555-0199")
    dialog = open_details(qtbot, linked_world, provider_id)
    confirm = _confirm(qtbot, dialog)
    model = child(confirm, "linkDiffTable", QTableView).model()
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    assert list(rows) == ["Provider type", "Name", "NPI", "SED code", "Tax ID", "Address", "City", "State",
                          "ZIP", "Phone", "Email"]  # fmt: skip
    expected = {"State": "Same", "NPI": "Same", "Phone": "Different", "Address": "Same"}
    for field, status in expected.items():
        row = rows[field]
        assert model.index(row, 3).data() == status, field
        brush = model.index(row, 0).data(BACKGROUND)
        assert (brush is not None and brush.color() == highlight_colors()[0]) == (status != "Same"), field
    assert model.index(rows["State"], 1).data() == "New York"  # raw values shown
    click(confirm, "cancelLinkButton")
    assert linked_world.providers.get(provider_id).portal_provider_id is None
    assert portal.get_county_link(portal_id) is None


def test_identical_records_highlight_nothing_and_continue_links(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    values = {"npi": NPI_A, "sed_code": SED_A, "tax_id": "141234567", "address_1": "1 State St",
              "state": "NY", "phone": "518-555-0100", "email": "office@hudsonkids.test"}  # fmt: skip
    portal_id = _portal_provider(portal, **values)
    provider_id = _county(linked_world, **values)
    dialog = open_details(qtbot, linked_world, provider_id)
    confirm = _confirm(qtbot, dialog)
    model = child(confirm, "linkDiffTable", QTableView).model()
    assert all(model.index(r, 3).data() == "Same" for r in range(model.rowCount()))
    assert all(model.index(r, c).data(BACKGROUND) is None for r in range(model.rowCount()) for c in range(4))
    assert child(confirm, "linkDiffSummary", QLabel).text() == "All values match."
    with qtbot.waitSignal(dialog.linked, timeout=10_000):
        click(confirm, "continueAssociationButton")
    box = dialog.findChild(QMessageBox, "linkCompletedBox")
    assert box is not None and box.isVisible() and box.windowModality() != Qt.WindowModality.ApplicationModal
    assert child(dialog, "portalDetailsBox").isVisible() and not child(dialog, "portalMatchesBox").isVisible()
    assert child(dialog, "portalProviderIdLabel", QLabel).text() == portal_id
    qtbot.waitUntil(lambda: child(dialog, "portalNameLabel", QLabel).text() == "Hudson Kids Therapy LLC")
    link = portal.get_county_link(portal_id)
    assert link is not None and link.county_provider_ref == str(provider_id)
    qtbot.waitUntil(lambda: child(dialog, "historyTable", QTableView).model().rowCount() == 1)
    history = child(dialog, "historyTable", QTableView).model()
    assert [history.index(0, c).data() for c in (1, 2, 3)] == [
        "clerk", "Linked", f"Linked to CPSE Portal provider {portal_id}"
    ]
    assert "linked to CPSE Portal provider" in child(dialog, "adminUsersStatus", QLabel).text()
    box.close()


def test_portal_409_names_the_other_record(qtbot, linked_world: GuiWorld, portal: PortalClient) -> None:
    portal_id = _portal_provider(portal, npi=NPI_A, sed_code=None)
    first = _county(linked_world, "Hudson Kids Therapy (main office)", npi=NPI_A)
    # Linked on CPSE Portal only (another desk, half done): the county database does not know yet, so only
    # the portal's 409 can stop a second link. (Known links are marked in the list: test_add_new_workflow.)
    portal.link_county(portal_id, str(first))
    second = _county(linked_world, "Hudson Kids Therapy (duplicate)", npi=NPI_A)
    dialog = open_details(qtbot, linked_world, second)
    confirm = _confirm(qtbot, dialog)
    with qtbot.waitSignal(dialog.matches.link_failed, timeout=10_000) as failed:
        click(confirm, "continueAssociationButton")
    assert "“Hudson Kids Therapy (main office)”" in failed.args[0] and "Nothing was changed" in failed.args[0]
    assert message(dialog) == failed.args[0]
    assert linked_world.providers.get(second).portal_provider_id is None


def test_portal_down_mid_link_then_try_again(
    qtbot, linked_world: GuiWorld, portal: PortalClient, fresh_sandbox: SandboxProcess
) -> None:
    portal_id = _portal_provider(portal, npi=NPI_A, sed_code=None)
    provider_id = _county(linked_world, npi=NPI_A)
    dialog = open_details(qtbot, linked_world, provider_id)
    confirm = _confirm(qtbot, dialog)
    set_faults(fresh_sandbox, drop_rate=1.0)  # the portal links, then the answer is lost
    try:
        with qtbot.waitSignal(dialog.matches.link_failed, timeout=20_000) as failed:
            click(confirm, "continueAssociationButton")
    finally:
        set_faults(fresh_sandbox)
    assert "may or may not have been made" in failed.args[0]
    assert "nothing changed in Preschool" in failed.args[0]
    assert linked_world.providers.get(provider_id).portal_provider_id is None
    with qtbot.waitSignal(dialog.linked, timeout=10_000):
        click(dialog, "tryLinkAgainButton")
    assert linked_world.providers.get(provider_id).portal_provider_id == portal_id
    dialog.completed_box.close()


def test_two_desks_linking_the_same_provider(qtbot, linked_world: GuiWorld, portal: PortalClient) -> None:
    _portal_provider(portal, npi=NPI_A, sed_code=None)
    provider_id = _county(linked_world, npi=NPI_A)
    desk_a = open_details(qtbot, linked_world, provider_id)
    desk_b = open_details(qtbot, linked_world, provider_id)
    with qtbot.waitSignal(desk_a.linked, timeout=10_000):
        click(_confirm(qtbot, desk_a), "continueAssociationButton")
    with qtbot.waitSignal(desk_b.matches.link_failed, timeout=10_000) as failed:
        click(_confirm(qtbot, desk_b), "continueAssociationButton")
    assert "clerk" in failed.args[0] and "reload" in failed.args[0].lower()
    assert child(desk_b, "reloadButton").isVisible()
    assert len(linked_world.providers.history(provider_id)) == 1  # one link, not two
    desk_a.completed_box.close()


def test_apply_looks_for_matches_again_without_reopening(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    portal_id = _portal_provider(portal, "Other Name Entirely", npi=None, sed_code=SED_A)
    dialog = open_details(qtbot, linked_world, _county(linked_world))
    assert not _matches(dialog).isVisible()
    child(dialog, "sedCodeEdit", QLineEdit).setText(SED_A)
    with qtbot.waitSignal(dialog.matches.check_finished, timeout=10_000):
        click(dialog, "applyButton")
    assert _matches(dialog).model().index(0, 0).data() == portal_id


def test_add_new_creates_and_links_and_its_409_shows_the_existing(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    first = _county(linked_world, "Brand New Agency", npi=npi("223450003"), uses_portal=True)
    dialog = open_details(qtbot, linked_world, first)
    click(dialog, "addNewPortalProviderButton")
    with qtbot.waitSignal(dialog.linked, timeout=10_000):
        click(dialog.matches.add_dialog, "confirmAddNewButton")
    created = linked_world.providers.get(first).portal_provider_id
    assert created is not None and portal.get_provider(created).name == "Brand New Agency"
    dialog.completed_box.close()

    # The portal already has the NPI, but the search did not say so (it came in after the check).
    twin = _county(linked_world, "Brand New Agency (copy)", npi=npi("223450004"), uses_portal=True)
    other = open_details(qtbot, linked_world, twin)
    portal_id = _portal_provider(portal, "Twin On Portal", npi=npi("223450004"), sed_code=None, zip="99999")
    click(other, "addNewPortalProviderButton")
    with qtbot.waitSignal(other.matches.link_failed, timeout=10_000):
        click(other.matches.add_dialog, "confirmAddNewButton")
    assert f"already has this provider as {portal_id}" in message(other)
    table = _matches(other)
    assert table.model().index(0, 0).data() == portal_id
    assert table.selectionModel().selectedRows()[0].row() == 0
    assert child(other, "linkSelectedButton").isVisible()


def test_add_new_validates_the_profile_first(qtbot, linked_world: GuiWorld) -> None:
    # Saved without a type and without "Uses CPSE Portal": Add New says why it cannot, beside it.
    dialog = open_details(qtbot, linked_world, _county(linked_world, provider_type=None))
    add = child(dialog, "addNewPortalProviderButton", QPushButton)
    assert add.isVisible() and not add.isEnabled()
    reason = child(dialog, "portalActionsReason", QLabel)
    assert reason.isVisible() and "Tick “Provider Uses CPSE Portal”" in reason.text()
    assert add.toolTip() == reason.text()
    assert child(dialog, "providerTypeCombo", QComboBox).currentIndex() == -1
    assert dialog.matches.add_dialog is None


def test_unlink_after_confirmation(qtbot, linked_world: GuiWorld, portal: PortalClient) -> None:
    portal_id = _portal_provider(portal, npi=NPI_A, sed_code=None)
    provider_id = _county(linked_world, npi=NPI_A)
    linked_world.portal.link(provider_id, portal_id, expected_version=1)  # type: ignore[union-attr]
    dialog = open_details(qtbot, linked_world, provider_id)
    assert child(dialog, "portalProviderIdLabel", QLabel).text() == portal_id
    click(dialog, "unlinkButton")
    box = dialog.findChild(QMessageBox, "unlinkConfirmBox")
    assert box is not None and box.isVisible()
    with qtbot.waitSignal(dialog.unlinked, timeout=10_000):
        click(box, "confirmUnlinkButton")
    assert linked_world.providers.get(provider_id).portal_provider_id is None
    assert portal.get_county_link(portal_id) is None
    settle(qtbot, dialog)
    assert child(dialog, "portalMatchesBox").isVisible()  # back to looking for matches
    history = child(dialog, "historyTable", QTableView).model()
    qtbot.waitUntil(lambda: history.rowCount() == 2)
    assert [history.index(r, 2).data() for r in range(2)] == ["Unlinked", "Linked"]


def test_portal_down_on_open_says_so_with_retry(
    qtbot, linked_world: GuiWorld, fresh_sandbox: SandboxProcess
) -> None:
    set_faults(fresh_sandbox, error_rate=1.0, error_status=503)
    try:
        dialog = open_details(qtbot, linked_world, _county(linked_world, npi=NPI_A))
    finally:
        set_faults(fresh_sandbox)
    assert "could not look for matches" in message(dialog) and "click Retry" in message(dialog)
    with qtbot.waitSignal(dialog.matches.check_finished, timeout=10_000):
        click(dialog, "retryMatchesButton")
    assert "No CPSE Portal provider" in message(dialog)
