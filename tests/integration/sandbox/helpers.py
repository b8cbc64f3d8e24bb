"""Small helpers for the sandbox tests: an authenticated session and unique identifiers."""

from __future__ import annotations

import itertools
import random
import uuid
from typing import Any

import requests

from countyadmin.domain.identifiers import npi_check_digit
from countyadmin.sandbox.process import SandboxProcess

TIMEOUT = 10
_rng = random.Random()
_counter = itertools.count(1)


def unique_npi(first: str = "1") -> str:
    first_nine = first + f"{_rng.randrange(10**8):08d}"
    return first_nine + npi_check_digit(first_nine)


def unique_sed() -> str:
    return f"{_rng.randrange(10**12):012d}"


def unique_name(base: str = "Provider") -> str:
    return f"{base} {uuid.uuid4().hex[:10]} Therapy, L.L.C."


class Api:
    """``requests`` against one sandbox with one key; paths are relative to /api/v1."""

    def __init__(self, process: SandboxProcess, key: str | None) -> None:
        self.process = process
        self.session = requests.Session()
        if key is not None:
            self.session.headers["Authorization"] = f"Bearer {key}"

    def url(self, path: str) -> str:
        return f"{self.process.url}/api/v1{path}"

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, self.url(path), timeout=TIMEOUT, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)

    def create_provider(self, **fields: Any) -> dict[str, Any]:
        body = {"provider_type": "agency", "name": unique_name(), "npi": unique_npi("2"), **fields}
        response = self.post("/providers", json=body)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    def linked_provider(self, **fields: Any) -> dict[str, Any]:
        """A new provider that this key's county has linked: only then may it invite for it."""
        provider = self.create_provider(**fields)
        ref = f"county-{next_seq()}"
        response = self.put(f"/providers/{provider['id']}/county-link", json={"county_provider_ref": ref})
        assert response.status_code == 201, response.text
        return provider

    def invite(self, provider_id: str, key: str | None = None, **fields: Any) -> requests.Response:
        body = {
            "first_name": "Ana",
            "last_name": "Ortiz",
            "email": f"ana.{uuid.uuid4().hex[:8]}@example.org",
            "invited_by": "clerk@county.example",
            **fields,
        }
        headers = {"Idempotency-Key": key or str(uuid.uuid4())}
        return self.post(f"/providers/{provider_id}/invitations", json=body, headers=headers)


def tool(process: SandboxProcess, method: str, path: str, **kwargs: Any) -> requests.Response:
    return requests.request(method, f"{process.url}/sandbox{path}", timeout=TIMEOUT, **kwargs)


def accept(process: SandboxProcess, invitation_id: str) -> dict[str, Any]:
    """The invitee accepts (a sandbox tool): returns the new admin user."""
    username = f"u{uuid.uuid4().hex[:10]}"
    response = tool(process, "POST", f"/invitations/{invitation_id}/accept", json={"username": username})
    assert response.status_code == 200, response.text
    user: dict[str, Any] = response.json()
    return user


def assert_problem(response: requests.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"] and "type" in body
    return body


def next_seq() -> int:
    return next(_counter)
