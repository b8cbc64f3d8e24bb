"""Field-by-field comparison of a county (Preschool) record with a CPSE Portal record.

The link confirmation screen shows one row per field with both raw values; the status comes from the
normalised values, so "GEORGIA" and "GA" or "12207-1234" and "12207" are the same, while a missing
value on one side is named as such.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from countyadmin.domain.normalize import (
    blank_to_none,
    normalize_email,
    normalize_identifier,
    normalize_name,
    normalize_phone,
    normalize_state,
    normalize_text,
    normalize_zip,
)


class ProviderFields(Protocol):
    """What both a county record and a portal record carry (provider_type as its text value)."""

    @property
    def provider_type(self) -> str | None: ...
    @property
    def name(self) -> str: ...
    @property
    def npi(self) -> str | None: ...
    @property
    def sed_code(self) -> str | None: ...
    @property
    def tax_id(self) -> str | None: ...
    @property
    def address_1(self) -> str | None: ...
    @property
    def address_2(self) -> str | None: ...
    @property
    def city(self) -> str | None: ...
    @property
    def state(self) -> str | None: ...
    @property
    def zip(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...


class FieldStatus(enum.StrEnum):
    SAME = "Same"
    DIFFERENT = "Different"
    MISSING_IN_PRESCHOOL = "Missing in Preschool"
    MISSING_ON_PORTAL = "Missing on Portal"


@dataclass(frozen=True, slots=True)
class FieldComparison:
    label: str
    preschool_value: str | None
    portal_value: str | None
    status: FieldStatus

    @property
    def differs(self) -> bool:
        return self.status is not FieldStatus.SAME


def _address(record: ProviderFields) -> str | None:
    parts = [blank_to_none(record.address_1), blank_to_none(record.address_2)]
    return ", ".join(part for part in parts if part) or None


def _provider_type(record: ProviderFields) -> str | None:
    value = blank_to_none(record.provider_type)
    return value.capitalize() if value else None


_Getter = Callable[[ProviderFields], str | None]
_FIELDS: tuple[tuple[str, _Getter, Callable[[str | None], str]], ...] = (
    ("Provider type", _provider_type, normalize_text),
    ("Name", lambda r: r.name, normalize_name),
    ("NPI", lambda r: r.npi, normalize_identifier),
    ("SED code", lambda r: r.sed_code, normalize_identifier),
    ("Tax ID", lambda r: r.tax_id, normalize_identifier),
    ("Address", _address, lambda v: normalize_name(v)),
    ("City", lambda r: r.city, normalize_text),
    ("State", lambda r: r.state, normalize_state),
    ("ZIP", lambda r: r.zip, normalize_zip),
    ("Phone", lambda r: r.phone, normalize_phone),
    ("Email", lambda r: r.email, normalize_email),
)


def _status(preschool: str | None, portal: str | None, normalize: Callable[[str | None], str]) -> FieldStatus:
    left, right = normalize(preschool), normalize(portal)
    if left == right:
        return FieldStatus.SAME
    if not left:
        return FieldStatus.MISSING_IN_PRESCHOOL
    if not right:
        return FieldStatus.MISSING_ON_PORTAL
    return FieldStatus.DIFFERENT


def compare_providers(preschool: ProviderFields, portal: ProviderFields) -> list[FieldComparison]:
    """One row per field, in the order the confirmation screen shows them."""
    rows = []
    for label, get, normalize in _FIELDS:
        left, right = blank_to_none(get(preschool)), blank_to_none(get(portal))
        rows.append(FieldComparison(label, left, right, _status(left, right, normalize)))
    return rows
