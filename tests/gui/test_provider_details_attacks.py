"""Provider Details, issue 14, attacked: a clerk clicking fast, a second desk, old answers, odd input.

Against the real CPSE Portal sandbox over HTTP, driven through the automation names (objectNames). Each
test is one attack; docs/reliability.md lists them with what they found.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView

from countyadmin.domain.provider import ProfileChanges, ProviderType
from countyadmin.gui import workers
from countyadmin.gui.provider_details.portal_match_model import LINKED_TO
from countyadmin.gui.provider_details.provider_details import ProviderDetailsDialog
from countyadmin.portal.client import PortalClient
from countyadmin.portal.errors import PortalUnavailable
from countyadmin.services.portal_work import PortalWorkService
from tests.gui.conftest import GuiWorld
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

SAVED_NPI, TYPED_NPI = npi("223458001"), npi("223458002")


def _county(world: GuiWorld, name: str = "Maple Tree Therapy LLC", **values: object) -> int:
    defaults: dict[str, object] = {"provider_type": ProviderType.AGENCY, "zip": "12207", "city": "Albany",
                                   "state": "NY", "address_1": "9 Elm St", "uses_portal": True}  # fmt: skip
    return world.add(name, **{**defaults, **values})


def _open_add_confirm(qtbot, dialog):  # noqa: ANN001, ANN202
    click(dialog, "addNewPortalProviderButton")
    confirm = dialog.matches.add_dialog
    assert confirm is not None
    qtbot.waitUntil(confirm.isVisible)
    return confirm


class GatedPortal(PortalWorkService):
    """The sandbox, with the identifier search held until the test lets it answer."""

    def __init__(self, inner: PortalWorkService) -> None:
        self.__dict__.update(inner.__dict__)
        self.gate = threading.Event()
        self.answered = threading.Event()

    def find_identifier_matches(self, record: Any) -> Any:
        self.gate.wait(10)
        try:
            return super().find_identifier_matches(record)
        finally:
            self.answered.set()


class _BrokenLink:
    """A portal client that creates providers but cannot be reached for the link that follows."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def link_county(self, provider_id: str, ref: str) -> Any:
        raise PortalUnavailable("CPSE Portal could not be reached. Try again in a few minutes.")


# -- Add New: the confirmation ---------------------------------------------------------------------


def test_attack_escape_and_enter_in_the_add_confirmation_create_nothing(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    provider_id = _county(linked_world, npi=SAVED_NPI)
    dialog = open_details(qtbot, linked_world, provider_id)
    confirm = _open_add_confirm(qtbot, dialog)
    confirm.grab().save("/tmp/attack_add_confirm.png")
    qtbot.keyClick(confirm, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not push_button(dialog, "addNewPortalProviderButton").isHidden() and
                    dialog.matches.add_dialog is not None and not confirm.isVisible())  # fmt: skip
    confirm = _open_add_confirm(qtbot, dialog)
    qtbot.keyClick(confirm, Qt.Key.Key_Return)  # the default button is Cancel
    qtbot.waitUntil(lambda: not confirm.isVisible())
    confirm = _open_add_confirm(qtbot, dialog)
    qtbot.keyClick(confirm, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: not confirm.isVisible())
    assert portal.search_providers(npi=SAVED_NPI) == []
    assert linked_world.providers.get(provider_id).portal_provider_id is None
    assert linked_world.providers.history(provider_id) == []


def test_attack_double_confirm_creates_one_portal_provider(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    provider_id = _county(linked_world, npi=SAVED_NPI)
    dialog = open_details(qtbot, linked_world, provider_id)
    confirm = _open_add_confirm(qtbot, dialog)
    button = push_button(confirm, "confirmAddNewButton")
    with qtbot.waitSignal(dialog.linked, timeout=10_000):
        button.click()
        button.click()  # a second press before the first is handled
    qtbot.waitUntil(lambda: not workers._pending, timeout=10_000)  # a second add would have answered
    assert len(portal.search_providers(npi=SAVED_NPI)) == 1
    dialog.completed_box.close()


def test_attack_another_desk_saves_while_the_add_confirmation_is_open(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    provider_id = _county(linked_world, npi=SAVED_NPI)
    dialog = open_details(qtbot, linked_world, provider_id)
    confirm = _open_add_confirm(qtbot, dialog)
    linked_world.providers.apply_profile(  # another desk: a new NPI
        provider_id, 1, ProfileChanges(ProviderType.AGENCY, TYPED_NPI, None, uses_portal=True))
    with qtbot.waitSignal(dialog.matches.link_failed, timeout=10_000) as failed:
        click(confirm, "confirmAddNewButton")
    dialog.grab().save("/tmp/attack_add_overtaken.png")
    assert portal.search_providers(npi=SAVED_NPI) == [] and portal.search_providers(npi=TYPED_NPI) == []
    sentence = failed.args[0]
    assert "added" in sentence and "Not linked" not in sentence, sentence  # it was an add, not a link
    assert push_button(dialog, "reloadButton").isVisible()


def test_attack_add_new_when_the_portal_is_down_says_so(qtbot, linked_world: GuiWorld) -> None:
    provider_id = _county(linked_world, npi=SAVED_NPI)
    dialog = open_details(qtbot, linked_world, provider_id)
    confirm = _open_add_confirm(qtbot, dialog)
    service = linked_world.portal
    assert service is not None
    service._portal_factory = lambda: PortalClient("http://127.0.0.1:9/", "k" * 40, max_attempts=1,  # type: ignore[method-assign]
                                                   sleep=lambda _: None)  # fmt: skip
    with qtbot.waitSignal(dialog.matches.link_failed, timeout=20_000) as failed:
        click(confirm, "confirmAddNewButton")
    dialog.grab().save("/tmp/attack_add_portal_down.png")
    assert "Not linked" not in failed.args[0], failed.args[0]
    assert linked_world.providers.get(provider_id).portal_provider_id is None


def test_attack_add_new_created_but_the_link_failed_says_what_to_click(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    provider_id = _county(linked_world, npi=SAVED_NPI)
    dialog = open_details(qtbot, linked_world, provider_id)
    confirm = _open_add_confirm(qtbot, dialog)
    service = linked_world.portal
    assert service is not None
    real = service._portal_factory
    service._portal_factory = lambda: _BrokenLink(real())  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.matches.link_failed, timeout=20_000) as failed:
        click(confirm, "confirmAddNewButton")
    dialog.grab().save("/tmp/attack_add_link_broken.png")
    sentence = failed.args[0]
    # No "Continue Association" button in this flow: the sentence must name one the clerk can see.
    if "Continue Association" in sentence:
        assert push_button(dialog, "tryLinkAgainButton").isVisible(), sentence
    service._portal_factory = real  # the portal is back: what the sentence says to do must work
    again = push_button(dialog, "tryLinkAgainButton")
    if again.isVisible():
        with qtbot.waitSignal(dialog.linked, timeout=10_000):
            again.click()
    else:
        click(dialog, "addNewPortalProviderButton")
        click(dialog.matches.add_dialog, "confirmAddNewButton")
        qtbot.waitUntil(lambda: push_button(dialog, "linkSelectedButton").isEnabled(), timeout=10_000)
        with qtbot.waitSignal(dialog.linked, timeout=10_000):
            click(dialog, "linkSelectedButton")
            click(dialog.matches.confirm_dialog, "continueAssociationButton")
    assert len(portal.search_providers(npi=SAVED_NPI)) == 1
    dialog.completed_box.close()


def test_attack_add_new_finds_a_provider_another_desk_just_linked_elsewhere(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    # Two county records for one provider; desk 2 adds the first to CPSE Portal while desk 1's list says
    # no portal provider has the NPI. Desk 1's Add New meets the portal's 409: the provider it then shows
    # is linked to the other record, and must be marked so and not pre-selected.
    main = _county(linked_world, "Maple Tree Therapy (main office)", npi=SAVED_NPI)
    duplicate = _county(linked_world, "Maple Tree Therapy (duplicate)", npi=SAVED_NPI)
    dialog = open_details(qtbot, linked_world, duplicate)
    assert "No CPSE Portal provider has this NPI" in message(dialog)
    assert linked_world.portal is not None
    linked_world.portal.add_to_portal(main, expected_version=1)  # desk 2
    confirm = _open_add_confirm(qtbot, dialog)
    with qtbot.waitSignal(dialog.matches.link_failed, timeout=10_000):
        click(confirm, "confirmAddNewButton")
    qtbot.waitUntil(lambda: "already linked" in actions_reason(dialog) or "Already linked" in
                    str(child(dialog, "portalMatchesTable", QTableView).model().index(0, LINKED_TO).data()),
                    timeout=5000)  # fmt: skip
    dialog.grab().save("/tmp/attack_add_conflict_linked.png")
    table = child(dialog, "portalMatchesTable", QTableView)
    assert "Already linked to “Maple Tree Therapy (main office)”" in table.model().index(0, LINKED_TO).data()
    assert table.selectionModel().selectedRows() == []
    assert not push_button(dialog, "linkSelectedButton").isEnabled()
    assert "It is selected below" not in message(dialog)


# -- the match list and the profile while the clerk types ---------------------------------------------


def test_attack_an_old_answer_after_typing_keeps_the_list_out_of_date(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    on_portal(portal, "Maple Tree Therapy", npi=SAVED_NPI, sed_code=None)
    assert linked_world.portal is not None
    gated = linked_world.portal = GatedPortal(linked_world.portal)
    provider_id = _county(linked_world, npi=SAVED_NPI)
    dialog = ProviderDetailsDialog(provider_id, linked_world.providers, linked_world.npi_lookup, portal=gated)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.matches.check_started, timeout=5000):
        dialog.show()
    child(dialog, "npiEdit", QLineEdit).setText(TYPED_NPI)
    with qtbot.waitSignal(dialog.matches.check_finished, timeout=10_000):
        gated.gate.set()  # the answer for the saved NPI arrives after the typing
    settle(qtbot, dialog)
    assert "out of date" in message(dialog)
    assert not push_button(dialog, "linkSelectedButton").isEnabled()
    assert not child(dialog, "portalMatchesTable", QTableView).isEnabled()
    dialog.grab().save("/tmp/attack_old_answer.png")


def test_attack_closing_the_dialog_while_matches_are_searched(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    assert linked_world.portal is not None
    gated = linked_world.portal = GatedPortal(linked_world.portal)
    dialog = ProviderDetailsDialog(_county(linked_world, npi=SAVED_NPI), linked_world.providers,
                                   linked_world.npi_lookup, portal=gated)  # fmt: skip
    gone = threading.Event()
    dialog.destroyed.connect(gone.set)  # closing deletes it (WA_DeleteOnClose): not handed to qtbot
    with qtbot.waitSignal(dialog.matches.check_started, timeout=5000):
        dialog.show()
    dialog.close()
    qtbot.waitUntil(gone.is_set)
    gated.gate.set()
    qtbot.waitUntil(gated.answered.is_set, timeout=10_000)
    # Every worker's answer delivered (to nobody: its receiver is gone) and released, without a crash.
    qtbot.waitUntil(lambda: not workers._pending, timeout=10_000)


def test_attack_spaces_around_the_npi_do_not_make_the_list_stale(qtbot, linked_world: GuiWorld) -> None:
    dialog = open_details(qtbot, linked_world, _county(linked_world, npi=SAVED_NPI, sed_code="000987654321"))
    child(dialog, "npiEdit", QLineEdit).setText(f"  {SAVED_NPI} ")
    child(dialog, "sedCodeEdit", QLineEdit).setText(" 000987654321")
    assert "out of date" not in message(dialog)
    assert push_button(dialog, "addNewPortalProviderButton").isEnabled()


def test_attack_type_changed_and_changed_back(qtbot, linked_world: GuiWorld) -> None:
    dialog = open_details(qtbot, linked_world, _county(linked_world, npi=SAVED_NPI))
    combo = child(dialog, "providerTypeCombo")
    combo.setCurrentIndex(1)
    assert "you changed the provider type" in message(dialog)
    assert not push_button(dialog, "addNewPortalProviderButton").isEnabled()
    combo.setCurrentIndex(0)
    assert "out of date" not in message(dialog)
    assert push_button(dialog, "addNewPortalProviderButton").isEnabled()


def test_attack_fix_the_fields_message_after_undoing_the_typing(qtbot, linked_world: GuiWorld) -> None:
    dialog = open_details(qtbot, linked_world, _county(linked_world, npi=SAVED_NPI))
    edit = child(dialog, "npiEdit", QLineEdit)
    edit.setText(SAVED_NPI[:-1] + str((int(SAVED_NPI[-1]) + 1) % 10))  # a wrong check digit
    click(dialog, "applyButton")
    save = child(dialog, "saveMessage", QLabel)
    assert save.text().startswith("Not saved: fix the marked fields")
    edit.setText(SAVED_NPI)  # back to what is saved: nothing to fix and nothing unsaved
    dialog.grab().save("/tmp/attack_fix_fields_undone.png")
    assert "fix the marked fields" not in save.text()
    assert "Not saved yet" not in save.text(), save.text()


def test_attack_a_duplicate_named_with_markup_and_500_characters(qtbot, linked_world: GuiWorld) -> None:
    long_name = "<b>Bold</b> &amp; " + "W" * 500
    other = _county(linked_world, long_name, npi=SAVED_NPI)
    dialog = open_details(qtbot, linked_world, _county(linked_world, npi=SAVED_NPI))
    warning = child(dialog, "duplicateWarning", QLabel)
    qtbot.waitUntil(warning.isVisible)
    dialog.grab().save("/tmp/attack_long_duplicate.png")
    assert warning.textFormat() == Qt.TextFormat.PlainText
    assert f"(#{other})" in warning.text()
    assert "W" * 500 in warning.toolTip()  # whole where it is cut short
    # No wider than the window as it opens (940 px), with or without the warning.
    assert dialog.minimumSizeHint().width() <= 940, dialog.minimumSizeHint()


def test_attack_double_click_continue_association_links_once(
    qtbot, linked_world: GuiWorld, portal: PortalClient
) -> None:
    on_portal(portal, "Maple Tree Therapy LLC", npi=SAVED_NPI, sed_code=None)
    provider_id = _county(linked_world, npi=SAVED_NPI)
    dialog = open_details(qtbot, linked_world, provider_id)
    click(dialog, "linkSelectedButton")
    confirm = dialog.matches.confirm_dialog
    button = push_button(confirm, "continueAssociationButton")
    failures: list[str] = []
    dialog.matches.link_failed.connect(failures.append)
    with qtbot.waitSignal(dialog.linked, timeout=10_000):
        button.click()
        button.click()
    qtbot.waitUntil(lambda: not workers._pending, timeout=10_000)  # a second link would have answered
    assert failures == [] and not push_button(dialog, "reloadButton").isVisible()
    assert [e.action for e in linked_world.providers.history(provider_id)] == ["linked"]
    dialog.completed_box.close()
