"""An emulator of the NPPES NPI Registry API v2.1 at /npi-registry/api/.

Like the real one it answers HTTP 200 even for bad requests, with ``{"Errors": [...]}`` and no
``results`` key (see tests/fixtures/nppes/api-8d2d52.json and api-c85286.json).
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from countyadmin.sandbox.store import Store

router = APIRouter(prefix="/npi-registry", include_in_schema=False)

# Criteria the real API filters on; only these make a search "valid".
_NAME_CRITERIA = ("first_name", "last_name", "organization_name", "city", "state", "postal_code")
# ASCII digits only: str.isdigit() also takes "²" or "١", which int() refuses or reads as another number.
_NUMBER = re.compile(r"[0-9]{10}")
_LIMIT = re.compile(r"[0-9]{1,3}")


def _errors(field: str, number: str, description: str) -> JSONResponse:
    return JSONResponse({"Errors": [{"field": field, "number": number, "description": description}]})


def _matches(record: dict[str, Any], criteria: dict[str, str]) -> bool:
    basic = record.get("basic") or {}
    location: dict[str, Any] = next(
        (a for a in record.get("addresses") or [] if a.get("address_purpose") == "LOCATION"), {}
    )
    haystack = {
        "first_name": basic.get("first_name"),
        "last_name": basic.get("last_name"),
        "organization_name": basic.get("organization_name"),
        "city": location.get("city"),
        "state": location.get("state"),
        "postal_code": location.get("postal_code"),
    }
    for field, wanted in criteria.items():
        have = str(haystack.get(field) or "").upper()
        want = wanted.upper()
        # The real API takes a trailing "*" as a prefix wildcard (at least two characters before it).
        if want.endswith("*") and len(want) > 2:
            if not have.startswith(want[:-1]):
                return False
        elif have != want:
            return False
    return True


@router.get("/api/")
@router.get("/api")
def npi_search(request: Request) -> JSONResponse:
    store: Store = request.app.state.store
    params = request.query_params
    version = params.get("version")
    if version is None or version.strip() == "":
        return _errors("version", "04", "Version is required")
    if version != "2.1":
        return _errors("version", "04", f"Version {version} is not supported; use 2.1")
    number = (params.get("number") or "").strip()
    criteria = {name: params[name].strip() for name in _NAME_CRITERIA if params.get(name, "").strip()}
    if not number and not criteria:
        if params.get("enumeration_type"):
            return _errors("enumeration_type", "09", "enumeration_type requires additional search criteria")
        return _errors("generic", "04", "No valid search criteria provided")
    if number:
        if _NUMBER.fullmatch(number) is None:
            return _errors("number", "04", "Field number must be 10 digits")
        record = store.npi_record(number)
        found = [record] if record is not None and _matches(record, criteria) else []
    else:
        found = [r for r in store.all_npi_records() if _matches(r, criteria)]
        limit = params.get("limit", "10")
        found = found[: int(limit) if _LIMIT.fullmatch(limit) and 0 < int(limit) <= 200 else 10]
    enumeration_type = params.get("enumeration_type")
    if enumeration_type:
        found = [r for r in found if r.get("enumeration_type") == enumeration_type]
    return JSONResponse({"result_count": len(found), "results": found})
