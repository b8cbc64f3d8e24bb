"""Hostile text stored, sent and shown unchanged — or refused with a sentence where it cannot be kept.

SQL metacharacters, format strings, markup, right-to-left text and overrides, zero-width characters,
emoji (4-byte UTF-8, which MariaDB keeps only in utf8mb4), combining marks that must not be normalised,
names as long as the columns allow and 10,000-character names.

- Databases (SQLite, PostgreSQL, MariaDB): provider names written as an import writes them and read back
  through ProviderService; invitations queued through InvitationService, delivered to the sandbox, and
  read back from the outbox, the audit trail and CPSE Portal.
- The sandbox: portal providers with these names created and read back over HTTP.
- The GUI: the provider list's cells and Provider Details show the names as stored, as text (every
  window walked with markup names: test_markup_names.py).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from countyadmin.db.models import NAME_LENGTH
from countyadmin.domain.invitation import NAME_MAX, InvitationForm, validate_name
from countyadmin.domain.outbox import OutboxState
from countyadmin.domain.records import NewProvider
from countyadmin.portal.client import PortalClient
from countyadmin.portal.errors import ValidationFailed
from countyadmin.portal.models import NewPortalProvider
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.services.invitation_errors import InvitationInvalid
from countyadmin.services.providers import ProviderService
from tests.integration.invitations.conftest import World
from tests.integration.sandbox.helpers import unique_npi

HOSTILE = [
    "Robert'); DROP TABLE providers;--",
    'O\'Brien "Kids" 100% _x_ back\\slash; -- /* */ `tick`',
    "%s %(name)s {0} {name!r} $1 ${HOME} <b>bold</b> &amp; \\N",
    "מרכז טיפול לילדים בע״מ",  # Hebrew, right to left
    "مركز \u200fالأطفال\u200e Care",  # Arabic with right-to-left and left-to-right marks
    "مركز الأطفال للعلاج",  # Arabic without marks
    "\u202eCLL ypareht\u202c Kids",  # a right-to-left override
    "Zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffmark",
    "Emoji 🧒🏽 👩‍⚕️ 🏳️‍🌈 Therapy 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "Kids 🧒🏽 Therapy 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓",  # emoji and other 4-byte characters, no joiners
    "Cafe\u0301 vs Café: ﬁ Ⅻ ＡＢＣ",  # decomposed and composed é must both stay as they are
    "🧒" * NAME_LENGTH,  # the column's full length, every character 4 bytes in UTF-8
    "  leading and trailing spaces  ",
]
# What the Invite form accepts of them (printable, at most 100 characters); the rest it refuses.
INVITE_NAMES = [name.strip() for name in HOSTILE if validate_name(name, which="first") is None]
LONG = "Ann" * 3334  # 10,002 characters


def _add_providers(uow_factory: object, names: list[str]) -> dict[int, str]:
    stored: dict[int, str] = {}
    with uow_factory() as uow:  # type: ignore[operator]
        for name in names:
            stored[uow.providers.add(NewProvider(name=name), user="import", at=datetime.now(UTC))] = name
        uow.commit()
    return stored


def test_hostile_text_round_trips_through_the_database_and_the_portal(world: World) -> None:
    providers = ProviderService(world.uow_factory, user="clerk")
    stored = _add_providers(world.uow_factory, HOSTILE)
    assert {pid: providers.get(pid).name for pid in stored} == stored
    listed = {s.id: s.name for s in providers.list_summaries() if s.id in stored}
    assert listed == stored

    # Invitations with these names: queued, delivered to CPSE Portal, and read back from every side.
    assert len(INVITE_NAMES) >= 8, INVITE_NAMES
    items = [
        world.service.queue_invitation(
            world.provider_id,
            InvitationForm(
                name[:NAME_MAX], name[::-1][:NAME_MAX], f"h{n}.{uuid.uuid4().hex[:6]}@example.org"
            ),
        )
        for n, name in enumerate(INVITE_NAMES)
    ]
    world.service.deliver_due(limit=len(items))
    for item in items:
        stored_item = world.service.outbox_item(item.id)
        assert stored_item.state is OutboxState.SENT, stored_item.last_error
        assert (stored_item.first_name, stored_item.last_name) == (item.first_name, item.last_name)
    queued = {e.details["outbox_item_id"]: e.details["name"] for e in world.audited("invitation_queued")}
    assert queued == {item.id: item.display_name for item in items}
    with world.portal_factory() as portal:
        on_portal = {
            inv.email: (inv.first_name, inv.last_name) for inv in portal.list_invitations(world.portal_id)
        }
    assert on_portal == {item.email: (item.first_name, item.last_name) for item in items}


REFUSED = {"10,000 characters": LONG, "NUL": "Ana\x00Ortiz", "zero-width space": "Ana\u200bOrtiz",
           "right-to-left override": "\u202eAna", "line break": "Ana\nOrtiz"}  # fmt: skip


def test_the_invite_form_refuses_what_it_cannot_keep_with_a_sentence(world: World) -> None:
    for what, name in REFUSED.items():
        form = InvitationForm(name, "Ortiz", f"ana.{uuid.uuid4().hex[:6]}@example.org")
        with pytest.raises(InvitationInvalid) as refused:
            world.service.queue_invitation(world.provider_id, form)
        expected = (
            "A first name can have up to 100 characters; this has 10002."
            if name is LONG
            else "The first name contains a character that cannot be printed; type it again."
        )
        assert refused.value.field_errors["first_name"] == expected, what
    assert world.states() == {}  # nothing was queued


def _client(sandbox: SandboxProcess, key: str) -> PortalClient:
    return PortalClient(sandbox.url, key, max_attempts=1)


def test_hostile_portal_provider_names_round_trip_over_http(
    fresh_sandbox: SandboxProcess, sandbox_api_key: str
) -> None:
    # CPSE Portal refuses a right-to-left override (it would reorder an invitation e-mail's subject as
    # read) with a field error; every other name is kept exactly.
    overrides = [name for name in HOSTILE if "\u202e" in name]
    names = [name for name in HOSTILE if len(name) <= 300 and name not in overrides]
    with _client(fresh_sandbox, sandbox_api_key) as portal:
        created = {
            portal.create_provider(NewPortalProvider("agency", name, unique_npi("2"), None)).id: name
            for name in names
        }
        for name in overrides:
            with pytest.raises(ValidationFailed) as reordering:
                portal.create_provider(NewPortalProvider("agency", name, unique_npi("2"), None))
            assert [problem.field for problem in reordering.value.field_errors] == ["name"]
        assert {pid: portal.get_provider(pid).name for pid in created} == created
        [found] = [m for m in portal.search_providers(name=HOSTILE[0]) if m.provider.id in created]
        assert found.provider.name == HOSTILE[0]
        with pytest.raises(ValidationFailed) as refused:
            portal.create_provider(NewPortalProvider("agency", LONG, unique_npi("2"), None))
    assert [problem.field for problem in refused.value.field_errors] == ["name"]
    assert str(refused.value).strip()


def test_hostile_names_shown_unchanged_in_the_list_and_provider_details(qtbot, sqlite_url: str) -> None:  # noqa: ANN001
    """On SQLite, which keeps even the 10,000-character name; the list cell, the Details heading and its
    window title show exactly what is stored."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from countyadmin.db.engine import create_engine_for, upgrade_database
    from countyadmin.db.unit_of_work import unit_of_work_factory
    from countyadmin.gui.mainwindow.main_window import MainWindow
    from countyadmin.gui.mainwindow.provider_table import NAME
    from countyadmin.services.npi_lookup import NpiLookupService
    from countyadmin.services.testing import InMemoryStore
    from tests.gui.conftest import FakeRegistry, FakeSettings, GuiWorld
    from tests.gui.portal_helpers import open_details

    engine = create_engine_for(sqlite_url)
    upgrade_database(engine)
    uow_factory = unit_of_work_factory(engine)
    stored = _add_providers(uow_factory, [*HOSTILE, LONG])
    registry = FakeRegistry()
    world = GuiWorld(InMemoryStore(), registry, ProviderService(uow_factory, user="clerk"),
                     NpiLookupService(uow_factory, registry), FakeSettings())  # fmt: skip
    window = MainWindow(world.context)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.providers_loaded, timeout=10_000):
        window.start()
    model = window.model
    for provider_id, name in stored.items():
        row = model.row_of(provider_id)
        assert row is not None
        assert model.index(row, NAME).data(Qt.ItemDataRole.DisplayRole) == name
    for provider_id, name in stored.items():
        dialog = open_details(qtbot, world, provider_id)
        heading = dialog.findChild(QLabel, "providerNameLabel")
        assert heading.text() == name and heading.textFormat() == Qt.TextFormat.PlainText
        assert dialog.windowTitle() == f"Provider Details — {name}"
