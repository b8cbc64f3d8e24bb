"""A claim on a provider's link: taken in the county database before CPSE Portal is called.

Linking and unlinking touch two systems. The desk that wants to change a provider's link first claims
it (one compare-and-set on the provider's version, see ``services/linking.py``); only the desk holding
the claim calls the portal, and its final write releases the claim. A claim whose desk died shows
``lease_until`` in the past; the next desk to link or unlink that provider settles it by asking the
portal what the dead desk managed to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

LinkAction = Literal["link", "unlink"]


@dataclass(frozen=True, slots=True)
class LinkClaim:
    action: LinkAction
    portal_provider_id: str  # the portal provider being linked, or the one being unlinked
    token: str  # unique per claim: only its holder may finish or release it
    claimed_by: str
    claimed_at: datetime
    lease_until: datetime  # after this, another desk may settle the claim

    def is_live(self, now: datetime) -> bool:
        return now < self.lease_until
