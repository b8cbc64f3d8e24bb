"""Revision 0002 (invitation_outbox) goes down and up again on every engine, and keeps its constraints."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError

from countyadmin.db.engine import _alembic_config, head_revision
from countyadmin.db.unit_of_work import unit_of_work_factory
from countyadmin.domain.outbox import NewOutboxItem
from countyadmin.domain.records import NewProvider


def test_downgrade_below_0002_drops_the_outbox_and_upgrade_restores_it(engine: Engine) -> None:
    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "0001")
    assert "invitation_outbox" not in inspect(engine).get_table_names()
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")
    assert "invitation_outbox" in inspect(engine).get_table_names()
    with engine.connect() as connection:
        assert (
            connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
        )


def test_an_idempotency_key_is_used_once(engine: Engine) -> None:
    uow_factory = unit_of_work_factory(engine)
    now = datetime.now(UTC)
    key = str(uuid.uuid4())
    with uow_factory() as uow:
        provider_id = uow.providers.add(
            NewProvider(name="Keyed Kids", portal_provider_id="CP-1"), user="t", at=now
        )
        new = NewOutboxItem(provider_id, "CP-1", "Ana", "Ortiz", "ana@example.org", "t",
                            False, None, None, None, key, now, "t")  # fmt: skip
        uow.outbox.add(new)
        with pytest.raises(IntegrityError):
            uow.outbox.add(new)
