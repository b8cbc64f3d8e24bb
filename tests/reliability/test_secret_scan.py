"""After a whole demo session, the API key is nowhere: no file, no log line, no database row; nor after a
server that quotes the key back in its problems (issue 13, item 3).

``countyadmin --demo`` runs from nothing in a temporary folder (with its real sandbox child process and a
keyring), logging at DEBUG to its log file and to a capture. The clerk opens a provider in the list
(Provider Details looks its NPI up and searches CPSE Portal for matches), links it to the portal provider
found, and invites an administrator, which the outbox sends. Then a random county key is saved through
the keyring path of a non-demo configuration and used for a call. Every file under the temporary user
folders, every log line, the sandbox's output and every row of every table are searched for both keys.
"""

from __future__ import annotations

import json
import logging
import secrets
import socket
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest
from PySide6.QtWidgets import QLabel
from sqlalchemy import column, create_engine, inspect, select, table

from countyadmin.__main__ import configure_logging
from countyadmin.app import build_main_window
from countyadmin.db.engine import create_engine_for, upgrade_database
from countyadmin.db.unit_of_work import unit_of_work_factory
from countyadmin.domain.invitation import InvitationForm
from countyadmin.domain.outbox import OutboxState
from countyadmin.domain.records import NewProvider
from countyadmin.gui.provider_details.provider_details import ProviderDetailsDialog
from countyadmin.portal.client import PortalClient
from countyadmin.portal.errors import PortalError
from countyadmin.sandbox import DEMO_API_KEY
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.secrets import ApiKeyStore, MemoryKeyring
from countyadmin.services.connection import check_portal
from countyadmin.services.invitations import InvitationService
from tests.reliability.conftest import Figures
from tests.reliability.hostile import HostileServer, answer, header, hostile


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield tmp_path
    keyring.set_keyring(previous)


@pytest.fixture
def logs(user_folders: Path) -> Iterator[tuple[Capture, Path]]:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    log_file = configure_logging(user_folders / "logs")
    root.setLevel(logging.DEBUG)
    capture = Capture()
    capture.setFormatter(logging.Formatter("%(name)s %(message)s"))
    root.addHandler(capture)
    yield capture, log_file
    for handler in set(root.handlers) - set(before):
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def _files_holding(folder: Path, needles: list[str]) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(n.encode() in data or n.encode("utf-16-le") in data for n in needles):
                found.append(str(path))
    return found


def _rows_holding(database_file: Path, needles: list[str]) -> tuple[int, list[str]]:
    engine = create_engine(f"sqlite:///{database_file}")
    rows = 0
    found = []
    try:
        with engine.connect() as connection:
            for name in inspect(engine).get_table_names():
                columns = [c["name"] for c in inspect(engine).get_columns(name)]
                for row in connection.execute(select(*[column(c) for c in columns]).select_from(table(name))):
                    rows += 1
                    text = " ".join(str(value) for value in row)
                    found += [f"{name}: {text[:80]}" for n in needles if n in text]
    finally:
        engine.dispose()
    return rows, found


def test_no_api_key_left_after_a_full_demo_session(
    qtbot, user_folders: Path, logs: tuple[Capture, Path], tmp_path: Path, figures: Figures
) -> None:  # noqa: ANN001
    capture, log_file = logs
    demo_dir = user_folders / "demo"
    window = build_main_window(["--demo", "--demo-dir", str(demo_dir)])
    qtbot.addWidget(window)
    qtbot.waitSignal(window.providers_loaded, timeout=60_000).wait()
    qtbot.waitUntil(lambda: window.context is not None, timeout=60_000)  # the list can come first
    context = window.context
    assert context is not None and context.portal is not None and context.invitations is not None

    # Open an unlinked provider whose NPI and SED code CPSE Portal has: the lookup and the match search run.
    candidates = [s for s in window.model._providers if s.npi and s.portal_provider_id is None]
    for summary in candidates:
        dialog = window.open_provider(summary.id)
        assert isinstance(dialog, ProviderDetailsDialog)
        qtbot.waitUntil(lambda d=dialog: d.record is not None, timeout=10_000)
        qtbot.waitUntil(lambda d=dialog: not d.npi.busy() and not d.matches.busy(), timeout=15_000)
        assert dialog.findChild(QLabel, "npiRegistryName") is not None
        record = dialog.record
        matches = context.portal.find_matches(record)
        if matches.has_identifier_match:
            break
    else:
        pytest.fail("no demo provider with a portal match")
    # Link it and invite an administrator, through the services the dialog's buttons call.
    linked = context.portal.link(
        record.id,
        next(c.portal.id for c in matches.candidates if c.kind.is_identifier_match),
        expected_version=record.version,
    )
    email = f"admin.{uuid.uuid4().hex[:6]}@example.org"
    item = context.invitations.queue_invitation(linked.id, InvitationForm("Ana", "Ortiz", email))
    # The demo's background sender may claim the item first; send_now then says SENDING. Either way the
    # invitation goes out once: wait for it.
    assert context.invitations.send_now(item.id).state in (OutboxState.SENT, OutboxState.SENDING)
    qtbot.waitUntil(
        lambda: context.invitations.outbox_item(item.id).state is OutboxState.SENT, timeout=30_000
    )
    window.close()

    # A county configuration: a random key saved through the keyring path, then used for a call.
    county_key = "ck_" + secrets.token_urlsafe(24)
    with SandboxProcess.start(tmp_path / "county-sandbox", {county_key: "Key County"}) as portal_server:
        store = ApiKeyStore()
        store.set(portal_server.url, county_key)
        stored_key = store.get(portal_server.url)
        assert stored_key == county_key
        with PortalClient(portal_server.url, stored_key) as client:
            assert client.county().name == "Key County"
        printed = portal_server.output()

    needles = [DEMO_API_KEY, county_key]
    log_text = log_file.read_text(encoding="utf-8")
    assert log_text and capture.lines, "nothing was logged: the scan would prove nothing"
    assert [line for line in capture.lines if any(n in line for n in needles)] == []
    assert not any(n in log_text for n in needles)
    assert not any(n in printed for n in needles)
    assert _files_holding(user_folders, needles) == []
    rows = 0
    databases = sorted(user_folders.rglob("*.sqlite3"))
    assert len(databases) >= 3  # the demo's county database, the demo sandbox's and the county sandbox's
    for database in databases:
        count, holding = _rows_holding(database, needles)
        assert holding == [], database
        rows += count
    files = sum(1 for p in user_folders.rglob("*") if p.is_file())
    figures["files_scanned"], figures["log_lines"], figures["database_rows"] = files, len(capture.lines), rows


# --- a server that echoes the request's Authorization header back -----------------------------------

ECHOED = "ck_echo_" + secrets.token_urlsafe(18)


def _echo(server: HostileServer, connection: socket.socket, head: bytes) -> None:
    """Quotes the request's credentials back in every problem, as some gateways do."""
    auth = header(head, "Authorization") or ""
    path = head.split(b" ", 2)[1].decode()
    if path.endswith("/county"):  # "Test connection"
        problem = {"title": "Bad Request", "detail": f"rejected; request headers: Authorization: {auth}"}
        status = 400
    elif "/providers?" in path:  # the match search of Provider Details, the key alone
        problem = {"title": "Not Found", "detail": f"no county holds key {auth.split()[-1]}"}
        status = 404
    elif "/CP-A/" in path:
        problem = {"title": "Unprocessable", "detail": auth,
                   "errors": [{"field": "email", "message": f"refused for {auth}"}]}  # fmt: skip
        status = 422
    else:
        problem = {"title": f"I'm a teapot ({auth})", "detail": f"'authorization': '{auth}'"}
        status = 418
    body = json.dumps(problem).encode()
    assert ECHOED.encode() in body  # the server does quote the key: the checks below mean something
    server.send(connection, answer(status, body, content_type="application/problem+json"))


def test_a_server_echoing_the_key_gets_it_nowhere(
    logs: tuple[Capture, Path], tmp_path: Path, figures: Figures
) -> None:
    capture, log_file = logs
    engine = create_engine_for(f"sqlite:///{(tmp_path / 'county.sqlite3').as_posix()}")
    upgrade_database(engine)
    uow_factory = unit_of_work_factory(engine)
    with uow_factory() as uow:
        ids = [uow.providers.add(NewProvider(name=f"Echo Kids {p}", portal_provider_id=f"CP-{p}"),
                                 user="t", at=datetime.now(UTC)) for p in "AB"]  # fmt: skip
        uow.commit()
    shown: list[str] = []
    with hostile(_echo) as server:
        def client() -> PortalClient:
            return PortalClient(server.url, ECHOED, max_attempts=1)

        for call in (lambda: check_portal(client()), lambda: client().search_providers(npi="1234567893")):
            with pytest.raises(PortalError) as caught:
                call()
            shown.append(str(caught.value))
        service = InvitationService(uow_factory, client, user="jsmith")
        for i, provider_id in enumerate(ids):
            item = service.queue_invitation(provider_id, InvitationForm("Ana", "Ortiz", f"a{i}@example.org"))
            sent = service.send_now(item.id)
            assert sent.last_error, sent
            shown += [sent.last_error, *sent.field_errors.values()]
        # The last line of defence, on its own: text that slipped past the entry points.
        logging.getLogger("countyadmin.test").warning("slipped through: Authorization: Bearer %s", ECHOED)
        with uow_factory() as uow:
            stored = uow.outbox.get(item.id)
            assert stored is not None
            uow.outbox.update(replace(stored, last_error=f"gateway said Bearer {ECHOED}",
                                      field_errors={"email": f"token {ECHOED}"}),
                              expected_version=stored.version)  # fmt: skip
            uow.commit()
    engine.dispose()

    assert len(shown) == 5 and all(shown)
    assert [s for s in shown if ECHOED in s or "Bearer ck_" in s] == []
    assert any("[redacted]" in s for s in shown)  # the echo did reach the sentences, scrubbed
    log_text = log_file.read_text(encoding="utf-8")
    assert ECHOED not in log_text and "[redacted]" in log_text
    assert "slipped through: Authorization: Bearer [redacted]" in log_text
    # The file handler's filter scrubs the record itself, so the capture (no filter) gets it scrubbed too.
    assert [line for line in capture.lines if ECHOED in line] == []
    rows, holding = _rows_holding(tmp_path / "county.sqlite3", [ECHOED])
    assert holding == []
    figures["sentences"], figures["database_rows"] = len(shown), rows
    figures["log_lines"] = len(capture.lines)
