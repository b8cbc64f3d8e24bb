"""The SQLAlchemy unit of work: one session, one transaction, rolled back unless committed."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from countyadmin.db.match_check_repository import SqlMatchCheckRepository
from countyadmin.db.onboarding_repository import SqlOnboardingRepository
from countyadmin.db.outbox_repository import SqlOutboxRepository
from countyadmin.db.people_repository import SqlPeopleRepository
from countyadmin.db.portal_copy_repository import SqlPortalCopyRepository
from countyadmin.db.repositories import SqlAuditRepository, SqlNpiLookupRepository, SqlProviderRepository


class SqlAlchemyUnitOfWork:
    """Use as ``with uow: …; uow.commit()``; a fresh session per ``with`` block."""

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None

    def __enter__(self) -> Self:
        self._session = self._session_factory()
        self._providers = SqlProviderRepository(self._session)
        self._npi_lookups = SqlNpiLookupRepository(self._session)
        self._audit = SqlAuditRepository(self._session)
        self._outbox = SqlOutboxRepository(self._session)
        self._match_checks = SqlMatchCheckRepository(self._session)
        self._portal_copy = SqlPortalCopyRepository(self._session)
        self._people = SqlPeopleRepository(self._session)
        self._onboarding = SqlOnboardingRepository(self._session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session = self._require_session()
        try:
            session.rollback()  # a no-op after commit(); undoes anything not committed
        finally:
            session.close()
            self._session = None

    def _require_session(self) -> Session:
        if self._session is None:
            raise RuntimeError("Use the unit of work inside a `with` block.")
        return self._session

    @property
    def session(self) -> Session:
        return self._require_session()

    @property
    def providers(self) -> SqlProviderRepository:
        self._require_session()
        return self._providers

    @property
    def npi_lookups(self) -> SqlNpiLookupRepository:
        self._require_session()
        return self._npi_lookups

    @property
    def audit(self) -> SqlAuditRepository:
        self._require_session()
        return self._audit

    @property
    def match_checks(self) -> SqlMatchCheckRepository:
        self._require_session()
        return self._match_checks

    @property
    def outbox(self) -> SqlOutboxRepository:
        self._require_session()
        return self._outbox

    @property
    def portal_copy(self) -> SqlPortalCopyRepository:
        """The local copy of CPSE Portal's links, invitations and admin users (services/portal_sync.py)."""
        self._require_session()
        return self._portal_copy

    @property
    def people(self) -> SqlPeopleRepository:
        """People search and identity checks on that copy (services/people.py)."""
        self._require_session()
        return self._people

    @property
    def onboarding(self) -> SqlOnboardingRepository:
        """Each provider's onboarding stage, from providers and the local copy (services/onboarding.py)."""
        self._require_session()
        return self._onboarding

    def commit(self) -> None:
        self._require_session().commit()

    def rollback(self) -> None:
        self._require_session().rollback()


def unit_of_work_factory(engine: Engine) -> Callable[[], SqlAlchemyUnitOfWork]:
    """A factory that gives each caller (each worker thread) its own unit of work and session."""
    # expire_on_commit=False: repositories copy rows into dataclasses anyway, and no lazy reload
    # should ever happen after the block.
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    return lambda: SqlAlchemyUnitOfWork(sessions)
