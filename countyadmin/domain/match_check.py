"""What the last look for CPSE Portal matches found for a county provider (for the provider list).

The list shows "Match available" without asking the portal 50,000 times: every time matches are fetched
the outcome is remembered here, and "Check all unlinked providers for matches" fills it for the county.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from countyadmin.domain.matching import MatchKind


@dataclass(frozen=True, slots=True)
class MatchCheck:
    provider_id: int
    checked_at: datetime
    best_match_kind: MatchKind | None  # None: the portal had no candidate
    candidate_count: int

    @property
    def has_match(self) -> bool:
        return self.candidate_count > 0

    @property
    def has_identifier_match(self) -> bool:
        return self.best_match_kind is not None and self.best_match_kind.is_identifier_match
