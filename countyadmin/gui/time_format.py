"""How the GUI shows stored moments and addresses (the database keeps UTC)."""

from __future__ import annotations

from datetime import datetime

from countyadmin.domain.comparison import ProviderFields


def local_time(moment: datetime) -> datetime:
    """``moment`` on this computer's clock."""
    return moment.astimezone() if moment.tzinfo is not None else moment


def when_text(moment: datetime) -> str:
    """'Nov 23, 2026 3:14 PM' in local time."""
    local = local_time(moment)
    return f"{local:%b} {local.day}, {local.year} {local:%I:%M %p}".replace(" 0", " ")


def address_text(record: ProviderFields, *, contact: bool = True) -> str:
    street = ", ".join(part for part in (record.address_1, record.address_2) if part)
    place = " ".join(part for part in (record.state, record.zip) if part)
    town = ", ".join(part for part in (record.city, place) if part)
    lines = [line for line in (street, town) if line]
    reach = " · ".join(part for part in (record.phone, record.email) if part)
    if contact and reach:
        lines.append(reach)
    return "\n".join(lines) or "No address on file."
