"""The outside reader: walks CountyAdmin's accessibility tree over AT-SPI, as a Linux screen reader does.

Runs under Debian's /usr/bin/python3 with python3-pyatspi (never in the app's virtual environment, never
imports countyadmin), inside a D-Bus session (``dbus-run-session``) with a display (Xvfb). It starts the
AT-SPI bus, starts the app under tests/accessibility/app_driver.py, and each time the driver says a window
is shown, reads that window from the AT-SPI registry: every focusable control's role, name, description
and states, every table's column headers and first rows. It also listens for ``object:announcement``
events. The findings go to a JSON file; judging them is the test's job (test_atspi_tree.py).

    dbus-run-session -- /usr/bin/python3 atspi_walker.py --out report.json -- DRIVER COMMAND…
"""

from __future__ import annotations

import argparse
import json
import queue
import subprocess
import sys
import threading
import time

import pyatspi
from gi.repository import GLib

DEADLINE_S = 300
ROWS_READ = 25  # rows of each table whose cell names are reported
TABLE_ROLES = {pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_TREE, pyatspi.ROLE_LIST}


def _pump(seconds: float) -> None:
    """Let pyatspi's GLib main context deliver events (announcements, tree changes) for ``seconds``."""
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        while context.pending():
            context.iteration(False)
        time.sleep(0.01)


def _states(accessible) -> list[str]:
    return sorted(pyatspi.stateToString(s) for s in accessible.getState().getStates())


def _text(value) -> str:
    return (value or "").strip()


def _labelled_by(accessible) -> str:
    """The names of the labels that label ``accessible`` (Qt on Linux names a combo box by its current
    text and points at its label by this relation, which Orca reads)."""
    names = []
    for relation in accessible.getRelationSet() or []:
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            for index in range(relation.getNTargets()):
                target = relation.getTarget(index)
                if target is not None and _text(target.name):
                    names.append(_text(target.name))
    return " ".join(names)


def _table(accessible) -> dict:
    """Column headers (text of each header, empty when missing) and the names of the first rows' cells."""
    try:
        table = accessible.queryTable()
    except NotImplementedError:
        return {"interface": False}
    columns = table.nColumns
    headers = []
    for column in range(columns):
        header = _text(table.getColumnDescription(column))
        if not header:
            cell = table.getColumnHeader(column)
            header = _text(cell.name) if cell is not None else ""
        headers.append(header)
    rows = []
    for row in range(min(table.nRows, ROWS_READ)):
        cells = []
        for column in range(columns):
            cell = table.getAccessibleAt(row, column)
            cells.append(_text(cell.name) if cell is not None else "")
        rows.append(cells)
    return {"interface": True, "columns": columns, "rows_total": table.nRows, "headers": headers,
            "unlabeled_columns": [c for c, h in enumerate(headers) if not h], "rows": rows}


def _walk(accessible, path: list[str], found: list[dict]) -> None:
    role = accessible.getRole()
    states = _states(accessible)
    if "showing" not in states:
        return  # a hidden page, a collapsed panel: not there for a screen reader either
    entry = {
        "role": accessible.getRoleName(),
        "name": _text(accessible.name),
        "labelled_by": _labelled_by(accessible),
        "description": _text(accessible.description),
        "states": states,
        "path": "/".join(path),
    }
    if "focusable" in states:
        found.append(entry)
    if role in TABLE_ROLES:
        entry["table"] = _table(accessible)
        if "focusable" not in states:
            found.append(entry)
        return  # its cells are reported through the table interface, not one by one
    for index in range(accessible.childCount):
        child = accessible.getChildAtIndex(index)
        if child is not None:
            label = child.name or child.getRoleName()
            _walk(child, [*path, f"{child.getRoleName()}:{label}"[:60]], found)


def _application(pid: int):
    desktop = pyatspi.Registry.getDesktop(0)
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:  # an application that went away while we looked  # noqa: BLE001, S112
            continue
    return None


def _window(app, title: str):
    """The showing top-level of ``app`` titled ``title`` (the newest), else the active one."""
    showing = [app.getChildAtIndex(i) for i in range(app.childCount)]
    showing = [w for w in showing if w is not None and "showing" in _states(w)]
    titled = [w for w in showing if _text(w.name) == title]
    if titled:
        return titled[-1]
    active = [w for w in showing if "active" in _states(w)]
    return active[-1] if active else None


def read_window(pid: int, key: str, title: str) -> dict:
    report = {"key": key, "title": title, "found": False, "controls": [], "tables": []}
    deadline = time.monotonic() + 20
    window = None
    while time.monotonic() < deadline:
        app = _application(pid)
        window = _window(app, title) if app is not None else None
        if window is not None:
            break
        _pump(0.2)
    if window is None:
        return report
    _pump(0.5)  # let the window's last layout (a tab's page, a late sentence) reach the bridge
    found: list[dict] = []
    _walk(window, [f"{window.getRoleName()}:{window.name}"], found)
    report.update(found=True, window_role=window.getRoleName(), window_name=_text(window.name))
    report["controls"] = [c for c in found if "focusable" in c["states"]]
    report["tables"] = [c for c in found if "table" in c]
    report["unnamed"] = [c for c in report["controls"] if not c["name"] and not c["labelled_by"]]
    return report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    launcher = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"])
    result: dict = {"windows": [], "announcements": [], "errors": [], "driver_lines": []}
    step = {"key": "start"}

    def on_announcement(event) -> None:
        result["announcements"].append({
            "step": step["key"], "text": _text(str(event.any_data)), "detail1": event.detail1,
            "source_role": event.source.getRoleName() if event.source else "",
        })  # fmt: skip

    try:
        pyatspi.Registry.getDesktop(0)  # activates the registry before the app looks for it
        pyatspi.Registry.registerEventListener(on_announcement, "object:announcement")
        driver = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in driver.stdout], daemon=True).start()
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            try:
                line = lines.get_nowait().rstrip("\n")
            except queue.Empty:
                if driver.poll() is not None and lines.empty():
                    break
                _pump(0.05)
                continue
            result["driver_lines"].append(line)
            if line.startswith("STEP "):
                _pump(1.5)  # the step before's last announcements (a typing pause is 0.7 s) are its own
                step["key"] = line[5:]
                driver.stdin.write("next\n")
                driver.stdin.flush()
            elif line.startswith("SHOWN "):
                key, _, title = line[6:].partition("\t")
                _pump(0.5)
                result["windows"].append(read_window(driver.pid, key, title))
                driver.stdin.write("next\n")
                driver.stdin.flush()
            elif line.startswith(("DONE", "FAILED")):
                if line.startswith("FAILED"):
                    result["errors"].append(line)
                _pump(0.5)
        else:
            result["errors"].append(f"the driver did not finish within {DEADLINE_S} s")
            driver.kill()
        try:
            result["driver_exit"] = driver.wait(timeout=30)
        except subprocess.TimeoutExpired:
            driver.kill()
            result["errors"].append("the driver did not quit after its last window")
    finally:
        launcher.terminate()
        with open(args.out, "w", encoding="utf-8") as out:
            json.dump(result, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
