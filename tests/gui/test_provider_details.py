"""Provider Details ▸ Billing Provider Profile, through the automation names."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton, QTabWidget, QWidget

from countyadmin.domain.provider import ProviderType
from countyadmin.gui.colors import Tone, tone_of
from countyadmin.gui.provider_details.provider_details import ProviderDetailsDialog
from tests.gui.conftest import KELSEY_NPI, SLOW_NPI, UNKNOWN_NPI, GuiWorld, person_record, provider_id_by_name

MISTYPED_NPI = KELSEY_NPI[:9] + str((int(KELSEY_NPI[9]) + 1) % 10)
AUTOMATION_NAMES = [
    "providerTabs", "profileTab", "adminUsersTab", "providerTypeCombo", "npiEdit", "npiRegistryName",
    "npiMessage", "sedCodeEdit", "usesPortalCheck", "applyButton",
]  # fmt: skip


def _open(qtbot, world: GuiWorld, name: str) -> ProviderDetailsDialog:
    dialog = ProviderDetailsDialog(provider_id_by_name(world, name), world.providers, world.npi_lookup)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.provider_loaded):
        dialog.show()
    return dialog


def _child(dialog: QWidget, kind: type, name: str):  # noqa: ANN202
    widget = dialog.findChild(kind, name)
    assert widget is not None, name
    return widget


def _idle(qtbot, dialog: ProviderDetailsDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.npi.busy())


def test_every_automation_name_is_there_with_an_accessible_name(qtbot, world: GuiWorld) -> None:
    dialog = _open(qtbot, world, "Unset Provider")
    assert dialog.objectName() == "ProviderDetailsDialog"
    for name in AUTOMATION_NAMES:
        assert _child(dialog, QWidget, name).accessibleName(), name
    tabs = _child(dialog, QTabWidget, "providerTabs")
    assert [tabs.tabText(i).replace("&", "") for i in range(tabs.count())] == [
        "Billing Provider Profile",
        "Provider Admin Users",
        "History",
    ]
    combo = _child(dialog, QComboBox, "providerTypeCombo")
    assert [combo.itemText(i) for i in range(combo.count())] == ["Agency", "Individual"]
    assert combo.currentIndex() == -1  # an unset provider shows no type, not "Agency"
    assert _child(dialog, QCheckBox, "usesPortalCheck").text().replace("&", "") == "Provider Uses CPSE Portal"
    # No portal set up: the match area says what to do instead of crashing or staying empty.
    qtbot.waitUntil(lambda: not dialog.matches.busy())
    assert _child(dialog, QWidget, "portalMatchesBox").isVisible()
    assert _child(dialog, QLabel, "portalMatchesMessage").text() == (
        "Set the CPSE Portal address and API key in Settings to look for matches."
    )
    assert not _child(dialog, QWidget, "portalDetailsBox").isVisible()


def test_the_profile_shows_name_address_and_values(qtbot, world: GuiWorld) -> None:
    dialog = _open(qtbot, world, "Kelsey Smith PT")
    assert _child(dialog, QLabel, "providerNameLabel").text() == "Kelsey Smith PT"
    assert "12 Main St" in _child(dialog, QLabel, "providerAddressLabel").text()
    assert _child(dialog, QComboBox, "providerTypeCombo").currentText() == "Individual"
    assert _child(dialog, QLineEdit, "sedCodeEdit").text() == "000123456789"
    _idle(qtbot, dialog)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12345", "An NPI has 10 digits; this has 5."),
        ("12345abcde", "An NPI has digits only — remove letters, spaces and dashes."),
        ("3123456789", "An NPI starts with 1 (a person) or 2 (an organization)."),
        (MISTYPED_NPI, "The NPI's check digit does not match — is a digit mistyped?"),
    ],
)  # fmt: skip
def test_npi_is_checked_as_you_type(qtbot, world: GuiWorld, typed: str, message: str) -> None:
    dialog = _open(qtbot, world, "Unset Provider")
    npi = _child(dialog, QLineEdit, "npiEdit")
    qtbot.keyClicks(npi, typed)
    assert _child(dialog, QLabel, "npiMessage").text() == message
    assert _child(dialog, QLabel, "npiRegistryName").text() == ""
    assert world.registry.asked == []  # nothing invalid is sent to the registry


def test_a_known_npi_shows_the_registry_name_in_red(qtbot, world: GuiWorld) -> None:
    dialog = _open(qtbot, world, "Unset Provider")
    with qtbot.waitSignal(dialog.npi.lookup_finished, timeout=5000):
        qtbot.keyClicks(_child(dialog, QLineEdit, "npiEdit"), KELSEY_NPI)
    name = _child(dialog, QLabel, "npiRegistryName")
    assert name.text() == "KELSEY SMITH PT — active"
    assert tone_of(name) is Tone.REGISTRY and "#c00000" in name.styleSheet()  # the default palette: red
    assert _child(dialog, QLabel, "npiMessage").text() == ""


def test_an_unknown_npi_says_so_and_saving_is_still_allowed(qtbot, world: GuiWorld) -> None:
    dialog = _open(qtbot, world, "Unset Provider")
    with qtbot.waitSignal(dialog.npi.lookup_finished, timeout=5000):
        _child(dialog, QLineEdit, "npiEdit").setText(UNKNOWN_NPI)
    assert "has no provider with NPI" in _child(dialog, QLabel, "npiMessage").text()
    assert _child(dialog, QPushButton, "applyButton").isEnabled()
    with qtbot.waitSignal(dialog.provider_saved, timeout=5000):
        _child(dialog, QPushButton, "applyButton").click()
    assert world.providers.get(dialog.provider_id).npi == UNKNOWN_NPI


def test_an_unreachable_registry_is_said_plainly(qtbot, world: GuiWorld) -> None:
    world.registry.reachable = False
    dialog = _open(qtbot, world, "Unset Provider")
    with qtbot.waitSignal(dialog.npi.lookup_finished, timeout=5000):
        _child(dialog, QLineEdit, "npiEdit").setText(KELSEY_NPI)
    message = _child(dialog, QLabel, "npiMessage").text()
    assert "could not be reached" in message and "You can still save it." in message


def test_a_slow_answer_for_an_older_npi_never_overwrites_the_newer(qtbot, world: GuiWorld) -> None:
    world.registry.records[SLOW_NPI] = person_record(SLOW_NPI, "OLD", "ANSWER", "OT")
    gate = world.registry.gates[SLOW_NPI] = threading.Event()
    dialog = _open(qtbot, world, "Unset Provider")
    npi = _child(dialog, QLineEdit, "npiEdit")
    npi.setText(SLOW_NPI)  # its answer is held back…
    qtbot.waitUntil(lambda: SLOW_NPI in world.registry.asked)
    with qtbot.waitSignal(dialog.npi.lookup_finished, timeout=5000):
        npi.setText(KELSEY_NPI)  # …while the clerk types the next one
    with qtbot.waitSignal(dialog.npi.stale_answer_dropped, timeout=5000) as dropped:
        gate.set()
    assert dropped.args == [SLOW_NPI]
    assert _child(dialog, QLabel, "npiRegistryName").text() == "KELSEY SMITH PT — active"


def test_sed_code_must_be_twelve_digits(qtbot, world: GuiWorld) -> None:
    dialog = _open(qtbot, world, "Unset Provider")
    sed = _child(dialog, QLineEdit, "sedCodeEdit")
    qtbot.keyClicks(sed, "12345")
    assert "exactly 12 digits" in _child(dialog, QLabel, "sedCodeMessage").text()
    sed.setText("001234567890")
    assert _child(dialog, QLabel, "sedCodeMessage").text() == ""


def test_apply_saves_the_profile_and_the_audit(qtbot, world: GuiWorld) -> None:
    dialog = _open(qtbot, world, "Unset Provider")
    _child(dialog, QComboBox, "providerTypeCombo").setCurrentIndex(0)
    with qtbot.waitSignal(dialog.npi.lookup_finished, timeout=5000):
        _child(dialog, QLineEdit, "npiEdit").setText(KELSEY_NPI)
    _child(dialog, QLineEdit, "sedCodeEdit").setText("000987654321")
    _child(dialog, QCheckBox, "usesPortalCheck").setChecked(True)
    with qtbot.waitSignal(dialog.provider_saved, timeout=5000):
        _child(dialog, QPushButton, "applyButton").click()
    saved = world.providers.get(dialog.provider_id)
    assert (saved.provider_type, saved.npi, saved.sed_code, saved.uses_portal) == (
        ProviderType.AGENCY, KELSEY_NPI, "000987654321", True,
    )  # fmt: skip
    assert saved.updated_by == "clerk"
    assert [entry.action for entry in world.providers.history(dialog.provider_id)] == ["profile_applied"]
    assert _child(dialog, QLabel, "saveMessage").text().startswith("Saved")


def test_invalid_fields_block_apply_with_a_sentence(qtbot, world: GuiWorld) -> None:
    dialog = _open(qtbot, world, "Unset Provider")
    _child(dialog, QLineEdit, "sedCodeEdit").setText("123")
    _child(dialog, QPushButton, "applyButton").click()
    assert "fix the marked fields" in _child(dialog, QLabel, "saveMessage").text()
    assert world.providers.history(dialog.provider_id) == []


def test_a_concurrent_edit_keeps_what_was_typed_until_reload(qtbot, world: GuiWorld) -> None:
    dialog = _open(qtbot, world, "Sunrise Learning Center, Inc.")
    # Another clerk saves the same provider after this window opened it.
    other = replace(world.providers.get(dialog.provider_id), sed_code=None)
    with world.store.unit_of_work() as uow:
        uow.providers.update(replace(other, updated_by="jdoe"), expected_version=other.version)
        uow.commit()
    sed = _child(dialog, QLineEdit, "sedCodeEdit")
    sed.setText("111111111111")
    with qtbot.waitSignal(dialog.save_failed, timeout=5000) as failed:
        _child(dialog, QPushButton, "applyButton").click()
    assert "jdoe changed this provider" in failed.args[0] and "Reload" in failed.args[0]
    assert sed.text() == "111111111111"  # what the clerk typed is kept
    reload_button = _child(dialog, QPushButton, "reloadButton")
    assert reload_button.isVisible()
    reload_button.click()
    assert sed.text() == ""  # now the other clerk's version
    assert not reload_button.isVisible()


def test_admin_users_tab_says_honestly_that_linking_comes_first(qtbot, world: GuiWorld) -> None:
    dialog = _open(qtbot, world, "Unset Provider")
    text = _child(dialog, QLabel, "adminUsersStatus").text()
    assert "not linked to CPSE Portal yet" in text
    # Its controls wait for the link: none can be clicked yet.
    assert not any(b.isEnabled() for b in _child(dialog, QWidget, "adminUsersTab").findChildren(QPushButton))


def test_looking_up_the_npi_is_not_coloured_as_a_problem(qtbot, world: GuiWorld) -> None:
    gate = world.registry.gates[KELSEY_NPI] = threading.Event()
    dialog = _open(qtbot, world, "Unset Provider")
    message = _child(dialog, QLabel, "npiMessage")
    try:
        _child(dialog, QLineEdit, "npiEdit").setText(KELSEY_NPI)
        assert message.text() == "Looking up the NPI in the NPI Registry…"
        assert tone_of(message) is not Tone.PROBLEM
        _child(dialog, QLineEdit, "npiEdit").setText("12345")
        assert tone_of(message) is Tone.PROBLEM  # a real problem keeps the problem colour
    finally:
        gate.set()
    _idle(qtbot, dialog)


def test_fix_the_marked_fields_goes_once_they_are_fixed(qtbot, world: GuiWorld) -> None:
    dialog = _open(qtbot, world, "Unset Provider")
    sed = _child(dialog, QLineEdit, "sedCodeEdit")
    sed.setText("123")
    _child(dialog, QPushButton, "applyButton").click()
    save = _child(dialog, QLabel, "saveMessage")
    assert "fix the marked fields" in save.text()
    sed.setText("001234567890")
    assert "fix the marked fields" not in save.text()
    assert save.text() == "Not saved yet: click Apply to save your changes."


def test_apply_warns_when_another_record_has_the_same_npi(qtbot, world: GuiWorld) -> None:
    kelsey = provider_id_by_name(world, "Kelsey Smith PT")
    dialog = _open(qtbot, world, "Unset Provider")
    warning = _child(dialog, QLabel, "duplicateWarning")
    assert not warning.isVisible() and not _child(dialog, QPushButton, "openDuplicateButton").isVisible()
    with qtbot.waitSignal(dialog.npi.lookup_finished, timeout=5000):
        _child(dialog, QLineEdit, "npiEdit").setText(KELSEY_NPI)
    with qtbot.waitSignal(dialog.profile.duplicates.shown, timeout=5000):
        _child(dialog, QPushButton, "applyButton").click()
    assert world.providers.get(dialog.provider_id).npi == KELSEY_NPI  # saved, and warned
    assert warning.isVisible()
    assert f"Another county record has the same NPI: “Kelsey Smith PT” (#{kelsey})" in warning.text()
    button = _child(dialog, QPushButton, "openDuplicateButton")
    assert button.isVisible() and button.accessibleName() and "Kelsey Smith PT" in button.text()
    with qtbot.waitSignal(dialog.open_provider_requested) as opened:
        button.click()
    assert opened.args == [kelsey]


def test_a_taken_sed_code_is_refused_and_its_owner_can_be_opened(qtbot, world: GuiWorld) -> None:
    sunrise = provider_id_by_name(world, "Sunrise Learning Center, Inc.")
    dialog = _open(qtbot, world, "Unset Provider")
    _child(dialog, QLineEdit, "sedCodeEdit").setText("010203040506")
    with qtbot.waitSignal(dialog.profile.duplicates.shown, timeout=5000):
        _child(dialog, QPushButton, "applyButton").click()
    assert "already belongs to" in _child(dialog, QLabel, "sedCodeMessage").text()
    warning = _child(dialog, QLabel, "duplicateWarning").text()
    assert f"same SED code: “Sunrise Learning Center, Inc.” (#{sunrise})" in warning
    assert world.providers.get(dialog.provider_id).sed_code is None
