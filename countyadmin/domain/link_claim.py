"""A claim on a provider's link: taken in the county database before CPSE Portal is called.

Linking and unlinking touch two systems. The desk that wants to change a provider's link first claims
it (one compare-and-set on the provider's version, see ``services/linking.py``); only the desk holding
the claim calls the portal, and its final write releases the claim. A claim whose desk died shows
``lease_until`` in the past; the next desk to link or unlink that provider settles it by asking the
portal what the dead desk managed to do.

A claim's start and the end of its lease are timed by ONE clock, the database server's: the database
writes them and compares them with its own time. A desk's clock never takes part, so a desk whose clock
runs ahead cannot take over a live claim, and one that runs behind holds no one out for longer.

Add New claims too ("add"), before CPSE Portal creates the provider; once it is created the claim becomes
a "link" claim for it. The portal never links under an "add" claim, so one left behind is settled by
releasing it: a provider its create may have made is found by its NPI or SED code (the portal's 409) the
next time anyone adds the record, and is offered to link, never created twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

LinkAction = Literal["link", "unlink", "add"]


@dataclass(frozen=True, slots=True)
class LinkClaimRequest:
    """What a desk claims, and who it is; the database adds the times (by its own clock)."""

    action: LinkAction
    # the portal provider being linked, or the one being unlinked; None while adding (not created yet)
    portal_provider_id: str | None
    token: str  # unique per claim: only its holder may finish or release it
    claimed_by: str


@dataclass(frozen=True, slots=True)
class LinkClaim(LinkClaimRequest):
    """A claim as the database holds it; every time here is the database server's, in UTC."""

    claimed_at: datetime
    lease_until: datetime  # after this, another desk may settle the claim
    seen_at: datetime  # the database's time when this was read

    @property
    def live(self) -> bool:
        """Whether the lease had not ended when the claim was read (judged on the database's clock)."""
        return self.seen_at < self.lease_until
