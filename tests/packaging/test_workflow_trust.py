"""The Windows workflow's trust and provenance: pins, signing, the release job and its permissions.

What signing, the release and the installs do is proved only on the Windows runner; this reads the
workflow for what must be there, so that a careless edit (an action back on a tag, a runner back on
-latest, write access for the whole workflow) fails here first.
"""

from __future__ import annotations

import re

from tests.packaging.test_installer import WORKFLOW

TEXT = WORKFLOW.read_text(encoding="utf-8")
USES = re.findall(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", TEXT, flags=re.MULTILINE)


def job(name: str) -> str:
    """The text of one job, from its key to the next job's (jobs are indented by two spaces)."""
    start = TEXT.index(f"\n  {name}:\n")
    following = re.search(r"\n  [a-z][\w-]*:\n", TEXT[start + 1 :])
    return TEXT[start : start + 1 + following.start()] if following else TEXT[start:]


def test_every_action_is_pinned_by_full_commit_sha_with_its_release() -> None:
    assert len(USES) >= 4
    for action, comment in USES:
        name, _, ref = action.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{name} is pinned to {ref!r}, not a full commit SHA"
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", comment), f"{action}: say which release the SHA is"


def test_the_same_action_is_pinned_to_one_commit() -> None:
    pins: dict[str, set[str]] = {}
    for action, _ in USES:
        name, _, ref = action.partition("@")
        pins.setdefault(name, set()).add(ref)
    assert all(len(refs) == 1 for refs in pins.values()), pins


def test_runner_images_and_inno_setup_are_pinned() -> None:
    runners = re.findall(r"runs-on:\s*(\S+)", TEXT)
    assert runners and not any(runner.endswith("-latest") for runner in runners), runners
    assert "runs-on: windows-2022" in job("installer")
    version = re.search(r'INNO_SETUP_VERSION: "(\d+\.\d+\.\d+)"', TEXT)
    assert version, "Inno Setup's version must be pinned"
    assert "choco install innosetup --version $env:INNO_SETUP_VERSION --allow-downgrade" in TEXT


def test_only_the_release_job_may_write_and_only_for_a_tag() -> None:
    assert re.search(r"^permissions:\n  contents: read\n", TEXT, flags=re.MULTILINE)
    assert TEXT.count("contents: write") == 1
    release = job("release")
    assert "permissions:\n      contents: write" in release
    assert "needs: installer" in release and "if: startsWith(github.ref, 'refs/tags/v')" in release
    # It publishes what the tested job built and runs nothing from the repository.
    assert "actions/checkout" not in release and "actions/download-artifact" in release
    assert "sha256sum CountyAdmin-*-setup.exe > SHA256SUMS" in release
    assert "gh release create" in release and "release/SHA256SUMS" in release and "--verify-tag" in release


def test_a_tag_is_checked_against_the_version_before_anything_is_built() -> None:
    installer = job("installer")
    check = installer.index('release_version.py --tag "$GITHUB_REF_NAME"')
    assert check < installer.index("python -m pytest") < installer.index("python -m PyInstaller")


def test_signing_with_a_timestamp_verified_and_skipped_loudly_without_a_secret() -> None:
    installer = job("installer")
    assert (
        "secrets.WINDOWS_SIGNING_PFX_BASE64" in installer
        and "secrets.WINDOWS_SIGNING_PFX_PASSWORD" in installer
    )
    assert "::warning title=Not signed::" in installer
    assert "FromBase64String" in installer and "Remove-Item -Force $pfx" in installer
    signs = re.findall(r"sign /fd SHA256 .*", installer)
    assert len(signs) == 2  # the app's executables, and the sign tool ISCC uses for setup and uninstaller
    for command in signs:
        assert "/tr " in command and "/td SHA256" in command, command  # an RFC 3161 timestamp
    assert "Get-ChildItem dist\\CountyAdmin -Filter *.exe" in installer  # every .exe of the bundle
    assert installer.count("verify /pa /v") == 2  # the app and setup, then the installed uninstaller
    for step in ("Sign the app's executables", "Verify the signatures"):
        at = installer.index(step)
        assert "if: steps.certificate.outputs.enabled == 'true'" in installer[at : at + 200], step


def test_installs_upgrade_and_downgrade_are_exercised_silently() -> None:
    installer = job("installer")
    for switch in ('"/ALLUSERS"', '"/CURRENTUSER"', '"/VERYSILENT"', '"/SUPPRESSMSGBOXES"'):
        assert switch in installer, switch
    assert "upgrade_test" in installer and "/Odist\\installer-test" in installer
    assert "$running.WaitForExit(" in installer and "CountyAdmin is closing" in installer
    assert 'if ($run.ExitCode -eq 0) { throw "the downgrade' in installer


def run_scripts() -> list[str]:
    """Every run: script of the workflow (block or one line)."""
    return re.findall(r"^(\s*)run: \|\n((?:\1  .*\n|\s*\n)+)|^\s*run: (.+)$", TEXT, flags=re.MULTILINE)


def test_no_expression_is_pasted_into_a_script() -> None:
    # A workflow injection: ${{ github.head_ref }}, ${{ github.ref_name }}, a step output or an event's
    # title pasted into run: becomes shell code (a branch named a$(curl …)b). Values reach scripts only
    # through env: and are read as $VARIABLES there.
    scripts = [block or line for _indent, block, line in run_scripts()]
    assert len(scripts) > 10
    pasted = [script.strip()[:80] for script in scripts if "${{" in script]
    assert pasted == []


def test_a_pull_request_build_is_never_signed() -> None:
    # Secrets reach pull requests from branches of this repository; their unreviewed code ran with the
    # signing certificate (and its private key) in the runner's store.
    installer = job("installer")
    step = installer[
        installer.index("- name: Signing certificate") : installer.index("- name: Sign the app's")
    ]
    assert "EVENT: ${{ github.event_name }}" in step
    assert step.index('if ($env:EVENT -eq "pull_request")') < step.index("FromBase64String")
    assert "::notice title=Not signed::Pull-request builds are never signed" in step


def test_a_release_candidate_is_published_as_a_prerelease() -> None:
    assert "prerelease: ${{ steps.version.outputs.prerelease }}" in job("installer")
    release = job("release")
    assert "PRERELEASE: ${{ needs.installer.outputs.prerelease }}" in release
    assert '[ "$PRERELEASE" = "true" ] && kind=(--prerelease)' in release and '"${kind[@]}"' in release
