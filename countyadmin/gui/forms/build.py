"""Compile every Qt Designer form in ui/ into countyadmin/gui/forms/ui_<name>.py.

Run ``python -m countyadmin.gui.forms.build`` after editing a .ui file and commit both; a test fails
when a compiled form no longer matches its .ui file.
"""

from __future__ import annotations

import ast
import io
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

FORMS_DIR = Path(__file__).resolve().parent
UI_DIR = FORMS_DIR.parents[2] / "ui"


def ui_files() -> list[Path]:
    return sorted(UI_DIR.glob("*.ui"))


def form_path(ui_file: Path) -> Path:
    return FORMS_DIR / f"ui_{ui_file.stem}.py"


def _uic_command() -> list[str]:
    # Prefer the pyside6-uic beside this interpreter so the output matches the installed PySide6.
    beside = Path(sys.executable).parent / "pyside6-uic"
    found = str(beside) if beside.exists() else shutil.which("pyside6-uic")
    if found is None:
        raise SystemExit("pyside6-uic was not found; install PySide6 into this environment.")
    return [found]


# Forms whose window must paint before the Qt namespace is built: QAction.setShortcut builds it (its
# overloads name Qt's key enums), ~10-20 ms of the main window's first paint. Their shortcuts go into a
# separate ``setupShortcuts(widget)`` that the window calls once it has painted.
DEFERRED_SHORTCUTS = frozenset({"main_window.ui"})


def compile_form(ui_file: Path) -> str:
    """Return the Python source pyside6-uic generates for ``ui_file``."""
    # uic records the file name it was given; pass the bare name so the output is the same anywhere.
    result = subprocess.run(
        [*_uic_command(), ui_file.name], cwd=ui_file.parent, capture_output=True, text=True, check=True
    )
    # The uic version in the header would make every PySide6 upgrade look like a stale form.
    source = "".join(
        line for line in result.stdout.splitlines(keepends=True) if not line.startswith("## Created by: Qt")
    )
    source = trim_imports(source)
    return defer_shortcuts(source) if ui_file.name in DEFERRED_SHORTCUTS else source


def defer_shortcuts(source: str) -> str:
    """Move retranslateUi's ``setShortcut`` calls into a ``setupShortcuts`` method of their own."""
    lines = source.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("    def retranslateUi("))
    kept, moved = lines[:start], []
    i = start
    while i < len(lines):
        block = lines[i : i + 3]
        if (
            len(block) == 3
            and block[0].startswith("#if QT_CONFIG(shortcut)")
            and ".setShortcut(" in block[1]
            and block[2].startswith("#endif")
        ):
            moved.append(block[1])
            i += 3
            continue
        kept.append(lines[i])
        i += 1
    if not moved:
        return source
    widget = lines[start].split("(self, ", 1)[1].split(")", 1)[0]
    method = [
        "\n",
        f"    def setupShortcuts(self, {widget}):\n",
        "        # Moved here from retranslateUi by countyadmin/gui/forms/build.py (DEFERRED_SHORTCUTS).\n",
        *moved,
    ]
    body = "".join(kept).rstrip("\n") + "\n"
    return body + "".join(method)


def trim_imports(source: str) -> str:
    """Keep only the PySide6 names a form uses in its import lines.

    pyside6-uic imports about forty names whatever the form needs; resolving the unused QtGui and QtCore
    ones cost ~20 ms of the main window's first paint (docs/performance.md).
    """
    tree = ast.parse(source)
    imports = [
        node
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6.")
    ]
    if not imports:
        return source
    lines = source.splitlines(keepends=True)
    first, last = imports[0].lineno - 1, imports[-1].end_lineno or imports[-1].lineno
    body = "".join(lines[last:])
    tokens = tokenize.generate_tokens(io.StringIO(body).readline)
    used = {token.string for token in tokens if token.type == tokenize.NAME}
    kept: list[str] = []
    for node in imports:
        names = sorted(alias.name for alias in node.names if alias.name in used)
        if names:
            kept.append(f"from {node.module} import {', '.join(names)}\n")
    return "".join(lines[:first]) + "".join(kept) + body


def main() -> int:
    for ui_file in ui_files():
        target = form_path(ui_file)
        source = compile_form(ui_file)
        if not target.exists() or target.read_text(encoding="utf-8") != source:
            target.write_text(source, encoding="utf-8")
            print(f"compiled {ui_file.name} -> {target.relative_to(FORMS_DIR.parents[2])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
