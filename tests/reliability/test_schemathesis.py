"""schemathesis over contract/openapi.json against a real sandbox: no 5xx, no contract mismatch.

Its command line runs every phase (coverage, fuzzing, stateful along the contract's OpenAPI links), with
deterministic generation, and every check but one:

- on: not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
  response_schema_conformance, negative_data_rejection, missing_required_header, unsupported_method,
  allow_header_conformance, use_after_free, ensure_resource_availability, ignored_auth and the rest of
  ``--checks all``;
- off: positive_data_acceptance, because some rules are beyond JSON Schema (the NPI check digit; "give at
  least one of npi, sed_code or name"; a cursor must be one the server issued), so a schema-valid request
  may rightly get the documented 422.

One worker: with two, Python 3.11's ``ast`` (Hypothesis reads lambda sources) fails across threads
("AST constructor recursion depth mismatch"). Link inference is off: the contract's own links say which
answer feeds which call (a new provider has no county link until PUT, so an inferred POST /providers ->
GET county-link would expect one).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from countyadmin.sandbox.export_openapi import CONTRACT_PATH
from countyadmin.sandbox.process import SandboxProcess
from tests.reliability.conftest import Figures

KEY = "schemathesis-key"
_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def _contract_operations() -> int:
    """Every operation of the contract: a new one (issue 17's change feeds) is fuzzed, not skipped."""
    contract = json.loads(CONTRACT_PATH.read_text(encoding="utf-8"))
    return sum(1 for path in contract["paths"].values() for method in path if method in _METHODS)
MIN_CASES = 2000
MAX_EXAMPLES = 170  # per operation and phase; the contract's 15 operations give well over 2,000 cases
CONFIG = """
[generation]
deterministic = true
database = "none"

[checks]
positive_data_acceptance.enabled = false

[phases.stateful]
max-steps = 10

[phases.stateful.inference]
algorithms = []
"""


@pytest.fixture
def target(tmp_path: Path) -> Iterator[SandboxProcess]:
    # Its own sandbox: generated requests create and link things other tests should not see.
    with SandboxProcess.start(tmp_path / "sandbox", {KEY: "Schemathesis County"}) as process:
        yield process


def test_schemathesis_finds_no_server_error_and_no_contract_mismatch(
    target: SandboxProcess, tmp_path: Path, figures: Figures
) -> None:
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG, encoding="utf-8")
    report = tmp_path / "report.json"
    command = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "--no-color",
        "run", str(CONTRACT_PATH), "--url", target.url, "--header", f"Authorization: Bearer {KEY}",
        "--checks", ",".join(_CHECKS), "--max-examples", str(MAX_EXAMPLES), "--workers", "1",
        "--report", "json", "--report-json-path", str(report),
    ]  # fmt: skip
    run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-20_000:]
    summary = json.loads(report.read_text(encoding="utf-8"))
    cases = summary["test_cases"]["generated"]
    operations = _contract_operations()
    tested = summary["operations"]
    assert summary["complete"] and tested["tested"] == tested["total"] == operations
    assert summary["failures"] == [] and summary["errors"] == [], output[-20_000:]
    phases = summary["phases"]
    assert all(phases[name]["status"] == "success" for name in ("coverage", "fuzzing", "stateful")), phases
    scenarios = int(_figure(output, r"Scenarios:\s+(\d+)"))
    links = _figure(output, r"API Links:\s+(\d+ covered / \d+)")
    assert scenarios > 0
    assert cases >= MIN_CASES, f"only {cases} cases"
    figures["cases"] = cases
    figures["stateful_scenarios"] = scenarios
    figures["links_covered"] = links
    figures["schemathesis"] = summary["schemathesis_version"]
    figures["schemathesis_seconds"] = round(summary["running_time"], 1)


# Every check of ``--checks all`` except positive_data_acceptance (see the module's docstring).
_CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "missing_required_header",
    "unsupported_method",
    "allow_header_conformance",
    "use_after_free",
    "ensure_resource_availability",
    "ignored_auth",
]


def _figure(output: str, pattern: str) -> str:
    match = re.search(pattern, output)
    assert match is not None, f"no {pattern!r} in the output:\n{output[-5_000:]}"
    return match.group(1)
