"""``countyadmin --self-test`` from source, its failure report, and the frozen app's sandbox dispatch.

The same self-test runs on the frozen app in .ci/build-frozen (Linux) and in the Windows workflow.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from countyadmin import selftest
from countyadmin.__main__ import main
from countyadmin.sandbox.process import sandbox_command
from tests.packaging.conftest import ROOT

REPORT = re.compile(
    r"CountyAdmin \S+ self-test: OK — window, (\d+) forms, (\d+) icons, migrations at \w+, "
    r"keyring \S+, TLS bundle, databases sqlite\S*, names\+e-mail\+collation, sandbox"
)


def test_self_test_from_source_passes_and_prints_one_line(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # The clerk's own settings (and platformdirs folders) stay out of it.
    for variable in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "APPDATA", "LOCALAPPDATA"):
        env[variable] = str(tmp_path / variable.lower())
    result = subprocess.run(
        [sys.executable, "-m", "countyadmin", "--self-test"],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    match = REPORT.fullmatch(lines[0])
    assert match, lines[0]
    forms = len(list((ROOT / "countyadmin" / "gui" / "forms").glob("ui_*.py")))
    icons = len([path for path in (ROOT / "resources" / "icons").iterdir() if path.is_file()])
    assert (int(match.group(1)), int(match.group(2))) == (forms, icons)


def test_a_failing_check_is_named_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ran: list[str] = []

    def passing(name: str):  # noqa: ANN202
        def check(*_args: object) -> str:
            ran.append(name)
            return name

        return check

    def missing_icons() -> str:
        raise selftest.CheckFailed("these icons do not load: quit.svg")

    def crashing(*_args: object) -> str:
        raise ImportError("No module named 'uvicorn'")

    passing_checks = ["package", "window", "forms", "migrations", "keyring", "http_stack", "database_drivers"]
    for name in [*passing_checks, "text"]:
        monkeypatch.setattr(selftest, f"_check_{name}", passing(name))
    monkeypatch.setattr(selftest, "_check_icons", missing_icons)
    monkeypatch.setattr(selftest, "_check_sandbox", crashing)

    assert selftest.run_self_test([]) == 1
    out = capsys.readouterr().out
    assert "self-test: FAILED — icons: these icons do not load: quit.svg" in out
    assert "sandbox: ImportError: No module named 'uvicorn'" in out
    assert len(out.splitlines()) == 1
    assert set(ran) >= {"window", "forms", "migrations", "keyring", "http_stack"}


def test_the_sandbox_child_is_python_from_source_and_the_app_itself_when_frozen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert sandbox_command() == [sys.executable, "-m", "countyadmin.sandbox"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert sandbox_command() == [sys.executable, "--run-sandbox"]


def test_main_dispatches_run_sandbox_to_the_sandbox_cli(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--run-sandbox", "--help"])
    assert exit_info.value.code == 0
    assert "countyadmin-sandbox" in capsys.readouterr().out


def test_the_windows_icon_matches_the_app_icon_svg() -> None:
    spec = importlib.util.spec_from_file_location("make_icon", ROOT / "resources" / "app" / "make_icon.py")
    assert spec and spec.loader
    make_icon = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_icon)
    stale = "resources/app/countyadmin.ico is stale: run python resources/app/make_icon.py and commit it"
    assert make_icon.is_current(), stale
