"""SQL repository of remembered match checks (table portal_match_checks, migration 0003)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from countyadmin.db.models import PortalMatchCheckRow
from countyadmin.domain.match_check import MatchCheck
from countyadmin.domain.matching import MatchKind


def _check(row: PortalMatchCheckRow) -> MatchCheck:
    name = row.best_match_kind
    # An unknown name (a newer app wrote it) reads as "no match known" rather than failing the list.
    kind = MatchKind[name] if name is not None and name in MatchKind.__members__ else None
    return MatchCheck(row.provider_id, row.checked_at, kind, row.candidate_count)


class SqlMatchCheckRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, provider_id: int) -> MatchCheck | None:
        row = self._session.get(PortalMatchCheckRow, provider_id, populate_existing=True)
        return None if row is None else _check(row)

    def save(self, check: MatchCheck) -> None:
        """Insert or replace the check of ``check.provider_id``."""
        self._session.merge(
            PortalMatchCheckRow(
                provider_id=check.provider_id,
                checked_at=check.checked_at,
                best_match_kind=check.best_match_kind.name if check.best_match_kind else None,
                candidate_count=check.candidate_count,
            )
        )
        self._session.flush()

    def all(self) -> dict[int, MatchCheck]:
        rows = self._session.scalars(select(PortalMatchCheckRow))
        return {row.provider_id: _check(row) for row in rows}
