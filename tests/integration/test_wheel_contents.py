"""`pip install .` (the README's demo command) must ship what the demo needs: resources and migrations."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_wheel_carries_resources_and_migrations(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
         str(REPO_ROOT)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("countyadmin-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "countyadmin/_resources/demo/demo_dataset.json",
        "countyadmin/_resources/icons/countyadmin.svg",
        "countyadmin/db/migrations/env.py",
        "countyadmin/db/migrations/script.py.mako",
    }
    assert expected <= names, sorted(expected - names)
    assert not any(name.endswith("generate_demo_dataset.py") for name in names)
    assert any(name.startswith("countyadmin/db/migrations/versions/") for name in names)
