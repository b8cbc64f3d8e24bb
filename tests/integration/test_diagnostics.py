"""The diagnostics zip (Help → Save Diagnostics…, ``countyadmin-cli diagnostics --zip``) holds no secret.

The API key is put in the keyring, in the log (as is, URL-quoted, in an Authorization header and in
base64), and a database password in the settings' URL and the log; no form of either may be in any
file of the zip, while the log's other lines, the versions and the self-test result are.
"""

from __future__ import annotations

import base64
import json
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

from countyadmin import diagnostics
from countyadmin.config import AppSettings
from countyadmin.secrets import ApiKeyStore, MemoryKeyring

API_KEY = "ck_live_7Qm2Zr9Xw4Lp0Tn8Vb6Hs1Jd"
DB_PASSWORD = "Tr0ub4dor&3-county-db"
PORTAL = "https://cpse-portal.example.org"


def forms_of(secret: str) -> set[str]:
    """The secret as text may carry it: as is, URL-quoted, and base64 at each of the three alignments."""
    forms = {secret, quote(secret, safe="")}
    raw = secret.encode()
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + raw).decode()
        core = encoded[4 if offset else 0 : (offset + len(raw)) // 3 * 4]
        forms |= {core, core.replace("+", "-").replace("/", "_")}
    return forms


def write_log(folder: Path) -> None:
    folder.mkdir(parents=True)
    basic = base64.b64encode(f"county:{API_KEY}".encode()).decode()
    urlsafe = base64.urlsafe_b64encode(API_KEY.encode()).decode()
    lines = [
        "2026-12-03 09:00:01 INFO countyadmin: CountyAdmin starting",
        f"2026-12-03 09:00:02 WARNING countyadmin.http: server said: Authorization: Bearer {API_KEY}",
        f"2026-12-03 09:00:03 WARNING countyadmin.http: echoed Authorization: Basic {basic}",
        f"2026-12-03 09:00:04 ERROR countyadmin.portal: detail quoted key={quote(API_KEY, safe='')}&x=1",
        f"2026-12-03 09:00:05 ERROR countyadmin.portal: token {urlsafe}",
        f"2026-12-03 09:00:06 ERROR countyadmin.db: could not connect with password {DB_PASSWORD}",
        "2026-12-03 09:00:07 INFO countyadmin: the last line of the log",
    ]
    (folder / diagnostics.LOG_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def zip_contents(tmp_path: Path) -> dict[str, str]:
    keyring = MemoryKeyring()
    store = ApiKeyStore(keyring)
    store.set(PORTAL, API_KEY)
    write_log(tmp_path / "log")
    settings = AppSettings(
        portal_url=PORTAL,
        database_url=f"postgresql+psycopg2://clerk:{quote(DB_PASSWORD, safe='')}@127.0.0.1:1/preschool",
    )

    def self_test_echoing_secrets(_url: str | None) -> diagnostics.SelfTestResult:
        # A self-test whose output quoted the key would still not leak it: the zip is scrubbed last.
        return diagnostics.SelfTestResult(
            1, f"CountyAdmin self-test: FAILED — sandbox: key {API_KEY} refused"
        )

    report = diagnostics.collect(
        settings=settings, toolkit={"PySide6": "6.x", "Qt": "6.x"}, read_api_key=store.get,
        log_folder=tmp_path / "log", self_test=self_test_echoing_secrets,
    )  # fmt: skip
    path = diagnostics.write_zip(report, tmp_path / "out" / diagnostics.default_zip_name())
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_no_form_of_the_key_or_the_database_password_is_in_any_file(zip_contents: dict[str, str]) -> None:
    assert set(zip_contents) == {diagnostics.REPORT_NAME, diagnostics.LOG_NAME, diagnostics.SELF_TEST_NAME}
    leaks = [
        (name, form)
        for name, text in zip_contents.items()
        for secret in (API_KEY, DB_PASSWORD)
        for form in forms_of(secret)
        if form in text
    ]
    assert leaks == []


def test_the_zip_still_says_what_it_tells_it(zip_contents: dict[str, str]) -> None:
    report = json.loads(zip_contents[diagnostics.REPORT_NAME])
    assert report["CPSE Portal API key"] == "kept in the keyring"
    assert report["settings"]["database_url"] == "postgresql+psycopg2://clerk:***@127.0.0.1:1/preschool"
    assert report["settings"]["portal_url"] == PORTAL
    assert {"CountyAdmin", "Python", "SQLAlchemy", "PySide6", "Qt"} <= set(report["versions"])
    assert report["platform"]["system"]
    assert report["self-test"]["passed"] is False and report["self-test"]["exit code"] == 1
    assert "connection" in report["database"]["error"].lower() or "refused" in report["database"]["error"]
    log = zip_contents[diagnostics.LOG_NAME]
    assert "CountyAdmin starting" in log and "the last line of the log" in log
    assert "[redacted]" in log
    assert "self-test: FAILED" in zip_contents[diagnostics.SELF_TEST_NAME]


def test_the_log_tail_starts_at_a_whole_line(tmp_path: Path) -> None:
    # A limit that cuts through the key: the cut line is dropped, so no fragment of the key escapes.
    folder = tmp_path / "log"
    folder.mkdir()
    text = f"first line\nkey line Bearer {API_KEY}\nlast line\n"
    (folder / diagnostics.LOG_FILE).write_text(text, encoding="utf-8")
    tail = diagnostics.read_log_tail(
        folder, limit=len("ey line Bearer ") + len(API_KEY) + len("\nlast line\n")
    )
    assert tail == "last line\n"


def test_the_rotated_log_comes_first(tmp_path: Path) -> None:
    folder = tmp_path / "log"
    folder.mkdir()
    (folder / f"{diagnostics.LOG_FILE}.1").write_text("older\n", encoding="utf-8")
    (folder / diagnostics.LOG_FILE).write_text("newer\n", encoding="utf-8")
    assert diagnostics.read_log_tail(folder) == "older\nnewer\n"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+psycopg2://clerk:pw@db/preschool", "postgresql+psycopg2://clerk:***@db/preschool"),
        ("https://proxy-user:pw@proxy.county.local:8080/", "https://proxy-user:***@proxy.county.local:8080/"),
        ("https://cpse-portal.example.org", "https://cpse-portal.example.org"),
        ("sqlite:///C:/Users/clerk/countyadmin.sqlite3", "sqlite:///C:/Users/clerk/countyadmin.sqlite3"),
    ],
)
def test_urls_lose_their_password(url: str, shown: str) -> None:
    assert diagnostics.masked_url(url) == shown


def test_a_missing_sqlite_file_is_not_created_by_looking(tmp_path: Path) -> None:
    target = tmp_path / "data" / "countyadmin.sqlite3"
    report = diagnostics.collect(
        settings=AppSettings(database_url=f"sqlite:///{target.as_posix()}"),
        log_folder=tmp_path,
        self_test=None,
    )
    assert "does not exist yet" in report.report["database"]["revision"]
    assert not target.exists() and not target.parent.exists()
