"""Helpers for the packaging tests: the repository root and the parts of build_installer.spec they read."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build_installer.spec"

# Top-level names of the spec that can be evaluated without running PyInstaller's build.
_SPEC_NAMES = {
    "ROOT", "APP_NAME", "project_version", "VERSION", "QT_EXCLUDES", "EXCLUDES", "QT_FILE_EXCLUDES",
    "IMAGE_FORMATS_KEPT", "QT_LIBRARY_EXCLUDES", "DESKTOP_LIBRARIES", "keep",
}  # fmt: skip


def _defines(node: ast.stmt) -> set[str]:
    if isinstance(node, ast.FunctionDef):
        return {node.name}
    if isinstance(node, ast.Assign):
        return {target.id for target in node.targets if isinstance(target, ast.Name)}
    return set()


def _is_import(node: ast.stmt) -> bool:
    # PyInstaller itself is only in the build extra; nothing evaluated here needs it.
    if isinstance(node, ast.ImportFrom):
        return not (node.module or "").startswith("PyInstaller")
    return isinstance(node, ast.Import)


@pytest.fixture(scope="session")
def spec_namespace() -> dict[str, Any]:
    """The spec's version reading, exclusion lists and file filter, evaluated as PyInstaller would."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))
    body = [node for node in tree.body if _is_import(node) or _defines(node) & _SPEC_NAMES]
    namespace: dict[str, Any] = {"SPECPATH": str(ROOT), "__file__": str(SPEC)}
    exec(compile(ast.Module(body=body, type_ignores=[]), str(SPEC), "exec"), namespace)  # noqa: S102
    return namespace


def load_script(path: Path) -> ModuleType:
    """A script of the repository (installer/, .ci/: no packages) loaded from its path, as the spec does."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def slim_icu() -> ModuleType:
    """installer/slim_icu.py, loaded from its path as the spec loads it (``installer`` is no package)."""
    return load_script(ROOT / "installer" / "slim_icu.py")
