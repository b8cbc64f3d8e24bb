"""Qt belongs to the GUI package alone: the rules, database, clients and services must run without it."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import countyadmin

QT_FREE_PACKAGES = ("domain", "db", "portal", "npi_registry", "services", "sandbox")
QT_FREE_MODULES = ("countyadmin.config", "countyadmin.secrets", "countyadmin.http")
REPO_ROOT = Path(__file__).resolve().parents[2]


def _qt_free_modules() -> list[str]:
    names = [name for name in QT_FREE_MODULES if (REPO_ROOT / (name.replace(".", "/") + ".py")).exists()]
    for package in QT_FREE_PACKAGES:
        path = Path(countyadmin.__file__).parent / package
        names.append(f"countyadmin.{package}")
        names += [
            info.name
            for info in pkgutil.walk_packages([str(path)], prefix=f"countyadmin.{package}.")
            # Alembic revision scripts are loaded by Alembic, and a __main__ runs a program when imported.
            if ".migrations." not in info.name and not info.name.endswith(".__main__")
        ]
    return names


@pytest.mark.parametrize("module", _qt_free_modules())
def test_module_imports_without_qt(module: str) -> None:
    probe = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "qt = ('PySide6', 'PySide6.', 'countyadmin.gui')\n"
        "leaked = sorted(m for m in sys.modules if m.startswith(qt))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO_ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{module} pulls in Qt or the GUI: {result.stdout.strip()}"


def test_import_linter_contract_holds() -> None:
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint_imports is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run([lint_imports], capture_output=True, text=True, cwd=REPO_ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
