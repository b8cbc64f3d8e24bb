"""Provider Details, issue 14: Add New asks first, a stale match list says so, wrong links are caught early.

Against the real CPSE Portal sandbox over HTTP, through the automation names (objectNames).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QTableView

from countyadmin.domain.provider import ProviderType
from countyadmin.gui.provider_details.portal_match_model import LINKED_TO
from countyadmin.portal.client import PortalClient
from tests.gui.conftest import GuiWorld, person_record
from tests.gui.portal_helpers import (
    actions_reason,
    child,
    click,
    linked_world,
    message,
    npi,
    on_portal,
    open_details,
    portal,
    push_button,
    settle,
)

__all__ = ["linked_world", "portal"]  # fixtures

SAVED_NPI, TYPED_NPI = npi("223457001"), npi("223457002")


def _county(world: GuiWorld, name: str = "Maple Tree Therapy LLC", **values: object) -> int:
    defaults: dict[str, object] = {"provider_type": ProviderType.AGENCY, "zip": "12207", "city": "Albany",
                                   "state": "New York", "address_1": "9 Elm St",
                                   "uses_portal": True}  # fmt: skip
    return world.add(name, **{**defaults, **values})


def test_add_new_shows_every_field_and_cancel_creates_nothing(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    provider_id = _county(linked_world, npi=SAVED_NPI, phone="518-555-0100", zip="12207-4411")
    dialog = open_details(qtbot, linked_world, provider_id)
    click(dialog, "addNewPortalProviderButton")
    confirm = dialog.matches.add_dialog
    assert confirm is not None and confirm.isVisible() and confirm.objectName() == "AddPortalProviderDialog"
    table = child(confirm, "addNewFieldsTable", QTableView).model()
    values = {table.index(r, 0).data(): table.index(r, 1).data() for r in range(table.rowCount())}
    assert values == {
        "Provider type": "Agency", "Name": "Maple Tree Therapy LLC", "NPI": SAVED_NPI,
        "SED code": "(empty — not sent)", "Tax ID": "(empty — not sent)", "Address line 1": "9 Elm St",
        "Address line 2": "(empty — not sent)", "City": "Albany", "State": "NY", "ZIP": "122074411",
        "Phone": "518-555-0100", "Email": "(empty — not sent)",
    }  # fmt: skip  (state and ZIP as CPSE Portal receives them)
    assert "Maple Tree Therapy LLC" in child(confirm, "addNewIntro", QLabel).text()
    for name in ("cancelAddNewButton", "confirmAddNewButton", "addNewFieldsTable"):
        assert child(confirm, name).accessibleName(), name
    click(confirm, "cancelAddNewButton")
    qtbot.waitUntil(lambda: dialog.matches.add_dialog is None or not confirm.isVisible())
    assert portal.search_providers(npi=SAVED_NPI) == []  # nothing was created
    assert linked_world.providers.get(provider_id).portal_provider_id is None
    assert linked_world.providers.history(provider_id) == []


def test_add_new_waits_for_apply_while_a_new_npi_is_typed(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    # The clerk's report: a new NPI typed, not applied; Add New created the provider with the old one.
    provider_id = _county(linked_world, npi=SAVED_NPI)
    dialog = open_details(qtbot, linked_world, provider_id)
    add = push_button(dialog, "addNewPortalProviderButton")
    assert add.isEnabled()
    child(dialog, "npiEdit", QLineEdit).setText(TYPED_NPI)
    assert not add.isEnabled()
    assert "click Apply first" in actions_reason(dialog) and add.toolTip() == actions_reason(dialog)
    assert message(dialog).startswith("This list is out of date: you changed the NPI")
    assert not child(dialog, "portalMatchesBox").findChild(QTableView, "portalMatchesTable").isEnabled()
    add.click()  # disabled: nothing happens
    assert dialog.matches.add_dialog is None
    with qtbot.waitSignal(dialog.matches.check_finished, timeout=10_000):
        click(dialog, "applyButton")
    settle(qtbot, dialog)
    assert add.isEnabled() and actions_reason(dialog) == ""
    click(dialog, "addNewPortalProviderButton")
    table = child(dialog.matches.add_dialog, "addNewFieldsTable", QTableView).model()
    assert table.index(2, 0).data() == "NPI" and table.index(2, 1).data() == TYPED_NPI
    with qtbot.waitSignal(dialog.linked, timeout=10_000):
        click(dialog.matches.add_dialog, "confirmAddNewButton")
    created = linked_world.providers.get(provider_id)
    assert portal.get_provider(created.portal_provider_id or "").npi == TYPED_NPI
    assert child(dialog, "npiEdit", QLineEdit).text() == TYPED_NPI
    dialog.completed_box.close()


def test_add_new_is_refused_while_uses_portal_is_unticked(qtbot, linked_world: GuiWorld) -> None:
    dialog = open_details(qtbot, linked_world, _county(linked_world, npi=SAVED_NPI, uses_portal=False))
    add = push_button(dialog, "addNewPortalProviderButton")
    assert add.isVisible() and not add.isEnabled()
    assert "Tick “Provider Uses CPSE Portal” and click Apply first" in actions_reason(dialog)
    child(dialog, "usesPortalCheck", QCheckBox).setChecked(True)  # ticked, not applied yet
    assert not add.isEnabled() and "changes not saved yet" in actions_reason(dialog)
    with qtbot.waitSignal(dialog.matches.check_finished, timeout=10_000):
        click(dialog, "applyButton")
    settle(qtbot, dialog)
    assert add.isEnabled()


def test_the_match_list_is_out_of_date_the_moment_the_identifiers_change(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    portal_id = on_portal(portal, "Maple Tree Therapy", npi=TYPED_NPI, sed_code=None)
    dialog = open_details(qtbot, linked_world, _county(linked_world, npi=SAVED_NPI, zip="99999"))
    assert "No CPSE Portal provider has this NPI or SED code" in message(dialog)
    npi_edit = child(dialog, "npiEdit", QLineEdit)
    npi_edit.setText(TYPED_NPI)  # on CPSE Portal: the old "no provider has it" must not stand
    assert "out of date" in message(dialog) and "No CPSE Portal provider" not in message(dialog)
    assert not push_button(dialog, "addNewPortalProviderButton").isEnabled()
    npi_edit.setText(SAVED_NPI)  # typed back: the list is current again
    assert "No CPSE Portal provider has this NPI or SED code" in message(dialog)
    assert push_button(dialog, "addNewPortalProviderButton").isEnabled()
    child(dialog, "sedCodeEdit", QLineEdit).setText("000555444333")
    assert "you changed the SED code" in message(dialog)
    child(dialog, "sedCodeEdit", QLineEdit).setText("")
    npi_edit.setText(TYPED_NPI)
    with qtbot.waitSignal(dialog.matches.check_finished, timeout=10_000):
        click(dialog, "applyButton")
    settle(qtbot, dialog)
    assert child(dialog, "portalMatchesTable", QTableView).model().index(0, 0).data() == portal_id
    assert not push_button(dialog, "addNewPortalProviderButton").isVisible()
    assert push_button(dialog, "linkSelectedButton").isEnabled()


def test_a_portal_provider_linked_to_another_record_is_marked_and_never_preselected(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    portal_id = on_portal(portal, "Maple Tree Therapy LLC", npi=SAVED_NPI, sed_code=None)
    first = _county(linked_world, "Maple Tree Therapy (main office)", npi=SAVED_NPI)
    linked_world.portal.link(first, portal_id, expected_version=1)  # type: ignore[union-attr]
    second = _county(linked_world, "Maple Tree Therapy (duplicate)", npi=SAVED_NPI)
    dialog = open_details(qtbot, linked_world, second)
    table = child(dialog, "portalMatchesTable", QTableView)
    marked = f"Already linked to “Maple Tree Therapy (main office)” (#{first})"
    assert table.model().index(0, LINKED_TO).data() == marked  # words in a column, not colour alone
    assert "not selected" in table.model().index(0, LINKED_TO).data(Qt.ItemDataRole.ToolTipRole)
    assert table.selectionModel().selectedRows() == []
    assert "already linked to another county record" in message(dialog)
    link = push_button(dialog, "linkSelectedButton")
    assert not link.isEnabled() and marked.replace("Already", "already") in link.toolTip()
    table.selectRow(0)  # chosen by hand: still refused, with the reason
    assert not link.isEnabled() and marked.replace("Already", "already") in actions_reason(dialog)
    # The duplicate NPI is named under the profile, with a way to open the other record.
    qtbot.waitUntil(lambda: child(dialog, "duplicateWarning", QLabel).isVisible())
    assert marked.removeprefix("Already linked to ") in child(dialog, "duplicateWarning", QLabel).text()
    with qtbot.waitSignal(dialog.open_provider_requested) as opened:
        click(dialog, "openDuplicateButton")
    assert opened.args == [first]


def test_identifier_matches_do_not_wait_for_the_npi_registry(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    # The registry holds its answer: the identifier search must not wait for it (they ran one after another).
    linked_world.registry.records[SAVED_NPI] = person_record(SAVED_NPI, "MAPLE", "TREE", "PT")
    gate = linked_world.registry.gates[SAVED_NPI] = threading.Event()
    portal_id = on_portal(portal, "Maple Tree Therapy LLC", npi=SAVED_NPI, sed_code=None)
    try:
        from countyadmin.gui.provider_details.provider_details import ProviderDetailsDialog

        dialog = ProviderDetailsDialog(_county(linked_world, npi=SAVED_NPI), linked_world.providers,
                                       linked_world.npi_lookup, portal=linked_world.portal)  # fmt: skip
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.matches.check_finished, timeout=10_000):
            dialog.show()
        assert dialog.npi.busy()  # still waiting for the registry
        assert child(dialog, "portalMatchesTable", QTableView).model().index(0, 0).data() == portal_id
    finally:
        gate.set()
    settle(qtbot, dialog)


def test_after_add_new_meets_the_portals_409_link_in_the_same_dialog_is_not_told_someone_changed_it(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    # Add New claims the record (its version moves on) and releases the claim on the 409: the dialog
    # keeps that version, so the clerk's Link and Apply that follow are not refused by their own claim.
    shared = npi("223457009")
    provider_id = _county(linked_world, npi=shared)
    dialog = open_details(qtbot, linked_world, provider_id)
    assert "No CPSE Portal provider has this NPI" in message(dialog)
    existing = on_portal(portal, "Maple Tree Therapy", npi=shared, sed_code=None)  # another county
    click(dialog, "addNewPortalProviderButton")
    with qtbot.waitSignal(dialog.matches.link_failed, timeout=10_000):
        click(dialog.matches.add_dialog, "confirmAddNewButton")
    assert dialog.profile.record is not None and dialog.profile.record.version == 2
    qtbot.waitUntil(lambda: push_button(dialog, "linkSelectedButton").isEnabled(), timeout=5000)
    with qtbot.waitSignal(dialog.linked, timeout=10_000):
        click(dialog, "linkSelectedButton")
        click(dialog.matches.confirm_dialog, "continueAssociationButton")
    assert linked_world.providers.get(provider_id).portal_provider_id == existing
    assert not child(dialog, "reloadButton", QPushButton).isVisible()
    dialog.completed_box.close()
