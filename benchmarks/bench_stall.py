"""GUI event-loop stall while CPSE Portal answers in 3 s, measured by a heartbeat timer: max gap.

The app runs as ``countyadmin --demo`` (its real start-up, the demo sandbox and database); once the list
is in, the sandbox is told to answer every CPSE Portal and NPI Registry request after 3 s
(``PUT /sandbox/faults {"latency_ms": 3000}``). A script then does a clerk's portal work: open Provider
Details of an unlinked provider (NPI lookup, then the look for matches), change the profile and Apply
(saved, then matches looked for again), open a linked provider, Retrieve Admin Users, Invite New Admin
User (typed key by key, sent), and start "Check all unlinked providers", open a provider meanwhile and
cancel. A 5 ms heartbeat QTimer records every gap in the event loop.

The gaps are split in two:
- while the app waits for CPSE Portal and shows its answers (everything but the script's own calls):
  the figure, target max ≤ 30 ms;
- the clerk's own actions (a click or keystroke with the layout and paint it asks for; an open up to the
  dialog's first paint): listed for information; Provider Details' open is measured by bench_details.
Floor: the same heartbeat in the same window with no work running, for as long. Also printed: how long
each opened provider's record took to be painted (a worker pool full of portal calls shows there).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

if sys.platform != "win32":
    import resource
else:
    resource = None

import requests  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks._common import REPO, child_env, percentile  # noqa: E402
from benchmarks._qt import Expect, PaintedWith, private_profile, settle, wait_signal  # noqa: E402
from countyadmin.gui.mainwindow.main_window import MainWindow  # noqa: E402
from countyadmin.gui.provider_details.provider_details import ProviderDetailsDialog  # noqa: E402

LATENCY_MS = 3000
BEAT_MS = 5
TARGET_MS = 30.0
PORTAL_WAIT_MS = 60_000  # several 3 s requests in a row, with room to spare
TYPING_MS = 80  # between keystrokes: a quick typist
CLICK_MS = 300  # between other actions


@dataclass
class Heartbeat:
    """A 5 ms precise timer; ``ticks`` are perf_counter times, ``actions`` the script's own calls."""

    ticks: list[float] = field(default_factory=list)
    faults: list[int] = field(default_factory=list)  # the process's major page faults at each tick
    actions: list[tuple[float, float, str]] = field(default_factory=list)
    timer: QTimer = field(default_factory=QTimer)

    def start(self) -> None:
        self.ticks.clear()
        self.faults.clear()
        self.actions.clear()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(BEAT_MS)
        self.timer.timeout.connect(self._tick)
        self._tick()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.timer.timeout.disconnect(self._tick)

    def _tick(self) -> None:
        self.ticks.append(time.perf_counter())
        self.faults.append(major_page_faults())

    @contextmanager
    def action(self, name: str, *, then_ms: int = CLICK_MS) -> Iterator[None]:
        """The script's own synchronous call (a clerk's click or keystroke), kept apart from waiting.

        The layout and paint the action asked for are part of it (Qt posts them for the event loop);
        then the event loop runs for ``then_ms``, as between a clerk's clicks.
        """
        start = time.perf_counter()
        yield
        finish_deferred_work()
        self.actions.append((start, time.perf_counter(), name))
        run_loop(then_ms)

    def gaps(self) -> tuple[list[Gap], list[tuple[float, str]]]:
        """Gaps while waiting, and (gap, action name) for gaps overlapping one of the script's calls."""
        waiting: list[Gap] = []
        acting: list[tuple[float, str]] = []
        for i in range(1, len(self.ticks)):
            before, after = self.ticks[i - 1], self.ticks[i]
            name = next((n for a0, a1, n in self.actions if a0 < after and a1 > before), None)
            if name is None:
                waiting.append(Gap(after - before, after, self.faults[i] - self.faults[i - 1], i))
            else:
                acting.append((after - before, name))
        return waiting, acting


@dataclass(frozen=True)
class Gap:
    seconds: float
    end: float
    major_faults: int  # > 0: the OS read memory back from disk during the gap
    beat: int  # the index of the beat that ended it


def major_page_faults() -> int:
    if resource is None:  # Windows: not counted
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_majflt


class StallWatch:
    """The GUI thread's Python stack whenever the heartbeat is 25 ms late, kept by the gap it fell in.

    A Python thread looks every 5 ms; when the last beat is more than 25 ms old it takes the GUI (main)
    thread's stack with ``sys._current_frames()``, once per gap. It holds the GIL while it looks, so it
    reads frames safely (faulthandler's watchdog, used before, reads them without the GIL and crashed the
    benchmark now and then). If the GUI thread is running Python, the look waits for the interpreter's
    next switch (5 ms) and finds that code; if it is in Qt's C++ (layout, paint), it finds the event loop.
    """

    LATE_S = 0.025

    def __init__(self, heartbeat: Heartbeat) -> None:
        self._heartbeat = heartbeat
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # index of the beat that ends the gap -> the GUI thread's frames then, innermost first
        self.by_beat: dict[int, list[traceback.FrameSummary]] = {}

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._watch, name="stall-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _watch(self) -> None:
        main_id = threading.main_thread().ident
        looked_at = -1
        while not self._stop.wait(0.005):
            ticks = self._heartbeat.ticks
            count = len(ticks)
            if count and count != looked_at and time.perf_counter() - ticks[-1] > self.LATE_S:
                frame = sys._current_frames().get(main_id or 0)
                stack = traceback.extract_stack(frame) if frame is not None else traceback.StackSummary()
                self.by_beat[count] = list(reversed(stack))  # the gap ends at the next beat, index count
                looked_at = count


# The script's own frames that only run Qt's event loop: a stack ending there had no Python slot running.
_EVENT_LOOP_FRAMES = {"run_loop", "idle", "wait", "wait_signal", "wait_until", "settle"}


def gui_thread_doing(frames: list[traceback.FrameSummary] | None) -> str:
    """What the GUI thread was doing: its innermost frames, or the event loop, or why it is not known."""
    if frames is None:
        return "not seen (the beat was late by less than the watch's 25 ms)"
    if not frames:
        return "no Python frame on the GUI thread"
    if frames[0].name in _EVENT_LOOP_FRAMES:
        return "inside Qt's event loop with no Python slot running (Qt's own layout or paint, or the " \
            "thread was not scheduled)"
    return "Python: " + " <- ".join(_short_frame(frame) for frame in frames[:4])


def _short_frame(frame: traceback.FrameSummary) -> str:
    return f"{frame.name} ({'/'.join(Path(frame.filename).parts[-2:])}:{frame.lineno})"


def finish_deferred_work() -> None:
    """Deliver the events an action posted (layout requests, then the repaints they ask for)."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents()


def run_loop(milliseconds: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def idle(heartbeat: Heartbeat, seconds: float) -> None:
    heartbeat.start()
    run_loop(round(seconds * 1000))
    heartbeat.stop()


def set_latency(portal_url: str, latency_ms: int) -> None:
    faults = {"latency_ms": latency_ms, "error_rate": 0.0, "drop_rate": 0.0}
    requests.put(f"{portal_url}/sandbox/faults", json=faults, timeout=10).raise_for_status()


def demo_provider_ids() -> tuple[int, int, int]:
    """An unlinked demo provider whose NPI and SED code the portal knows, a linked one, another unlinked."""
    from countyadmin.services.demo import load_demo_dataset

    entries = load_demo_dataset()["providers"]
    unlinked = next(int(e["county_ref"]) for e in entries if e["scenario"] == "both_differing")
    linked = next(int(e["county_ref"]) for e in entries if e["scenario"] == "linked")
    other = next(int(e["county_ref"]) for e in entries if e["scenario"] == "npi_only")
    return unlinked, linked, other


Opened = tuple[ProviderDetailsDialog, Expect]
Log = Callable[[str], None]


def open_details(window: MainWindow, beat: Heartbeat, provider_id: int, name: str,
                 expect: Callable[[ProviderDetailsDialog], Expect], log: Log) -> Opened:  # fmt: skip
    """Open Provider Details as a double-click does; the action lasts until the dialog's first paint.

    (Its layout and first paint run in the event loop after ``open_provider`` returns.) The record is
    read on a worker; how long until it is painted is logged: a worker pool full of portal calls would
    show here as an empty dialog, not as a stall.
    """
    start = time.perf_counter()
    dialog = window.open_provider(provider_id)
    assert isinstance(dialog, ProviderDetailsDialog)
    expected = expect(dialog)
    label = dialog.ui.providerNameLabel
    first = PaintedWith(label, lambda: True)
    shown = PaintedWith(label, lambda: dialog.record is not None and label.text() == dialog.record.name)
    first_paint = Expect(first.done, f"{name}: the dialog painted")
    record_paint = Expect(shown.done, f"{name}: the record painted")
    first_paint.wait(PORTAL_WAIT_MS)
    beat.actions.append((start, first.at, name))
    record_paint.wait(PORTAL_WAIT_MS)
    log(f"{name}: the record painted {(shown.at - start) * 1000:.0f} ms after open_provider")
    run_loop(CLICK_MS)
    return dialog, expected


def portal_work(window: MainWindow, beat: Heartbeat, log: Log, ids: tuple[int, int, int]) -> None:
    """A clerk's portal work against the slow sandbox; every wait runs the event loop."""
    unlinked_id, linked_id, other_id = ids

    started = time.perf_counter()
    dialog, matched = open_details(
        window,
        beat,
        unlinked_id,
        "open Provider Details (unlinked)",
        lambda d: Expect(d.matches.check_finished, "matches after opening"),
        log,
    )
    matched.wait(PORTAL_WAIT_MS)
    log(f"matches shown {time.perf_counter() - started:.1f} s after the open (search beside the NPI lookup)")

    saved = Expect(dialog.profile.saved, "Apply")
    matched = Expect(dialog.matches.check_finished, "matches after Apply")
    with beat.action("change the profile and click Apply"):
        dialog.ui.usesPortalCheck.setChecked(not dialog.ui.usesPortalCheck.isChecked())
        dialog.ui.applyButton.click()
        started = time.perf_counter()
    saved.wait(PORTAL_WAIT_MS)
    matched.wait(PORTAL_WAIT_MS)
    log(f"saved, matches shown again {time.perf_counter() - started:.1f} s after Apply")
    with beat.action("close Provider Details"):
        dialog.close()

    linked, listed = open_details(
        window,
        beat,
        linked_id,
        "open Provider Details (linked)",
        lambda d: Expect(d.admin_users.invitations.refreshed, "the invitations"),
        log,
    )
    listed.wait(PORTAL_WAIT_MS)
    retrieved = Expect(linked.admin_users.admin_users_shown, "Retrieve Admin Users")
    with beat.action("Provider Admin Users tab, Retrieve Admin Users"):
        linked.ui.providerTabs.setCurrentWidget(linked.ui.adminUsersTab)
        linked.ui.retrieveAdminUsersButton.click()
        started = time.perf_counter()
    (count,) = retrieved.wait(PORTAL_WAIT_MS)
    log(f"{count} admin users shown {time.perf_counter() - started:.1f} s after Retrieve Admin Users")

    with beat.action("Invite New Admin User"):
        invite = linked.admin_users.open_invite_dialog()
    assert invite is not None
    for edit, text in ((invite.ui.firstNameEdit, "Ana"), (invite.ui.lastNameEdit, "Ortiz"),
                       (invite.ui.emailEdit, f"ana.{time.time_ns() % 10**8}@example.org")):  # fmt: skip
        for key in text:  # each keystroke is the clerk's own action, checked as typed
            with beat.action("typing in Invite New Admin User (per key)", then_ms=TYPING_MS):
                QTest.keyClicks(edit, key)
    invited = Expect(invite.invited, "the invitation")
    listed = Expect(linked.admin_users.invitations.refreshed, "the invitations list after sending")
    with beat.action("click Invite as Admin"):
        invite.ui.inviteAsAdminButton.click()
        started = time.perf_counter()
    (item,) = invited.wait(PORTAL_WAIT_MS)
    state = getattr(item, "state", "?")
    log(f"invitation {state} {time.perf_counter() - started:.1f} s after Invite as Admin")
    listed.wait(PORTAL_WAIT_MS)
    with beat.action("close Provider Details"):
        linked.close()

    with beat.action("Check all unlinked providers for matches"):
        run = window.check_all_unlinked()
    assert run is not None
    during, _nothing = open_details(
        window,
        beat,
        other_id,
        "open Provider Details during Check all",
        lambda d: Expect(d.matches.check_finished, "matches during Check all"),
        log,
    )
    ended = Expect(run.finished, "Check all, cancelled")
    with beat.action("cancel Check all, close Provider Details"):
        run.cancel()
        during.close()
    ended.wait(PORTAL_WAIT_MS)


def diagnose(watch: StallWatch) -> None:
    """The GUI thread's stack at each late beat."""
    late = StallWatch.LATE_S * 1000
    print(f"  {len(watch.by_beat)} times the heartbeat was {late:g} ms late; the GUI thread's stack then:")
    for beat, frames in sorted(watch.by_beat.items()):
        print(f"  -- beat {beat}: " + " <- ".join(_short_frame(frame) for frame in frames[:12]))


def report(floor: Heartbeat, work: Heartbeat, watch: StallWatch, seconds: float) -> dict[str, float]:
    floor_gaps, _none = floor.gaps()
    waiting, acting = work.gaps()
    f_max = max(gap.seconds for gap in floor_gaps) * 1000
    f99 = percentile([gap.seconds for gap in floor_gaps], 0.99) * 1000
    w_max = max(gap.seconds for gap in waiting) * 1000
    w99 = percentile([gap.seconds for gap in waiting], 0.99) * 1000
    over = [gap for gap in waiting if gap.seconds * 1000 > TARGET_MS]
    faulted = [gap for gap in over if gap.major_faults > 0]
    clean_max = max((gap.seconds * 1000 for gap in waiting if gap.major_faults == 0), default=0.0)
    print(f"GUI event-loop stall, CPSE Portal answering in {LATENCY_MS / 1000:g} s, "
          f"heartbeat every {BEAT_MS} ms")  # fmt: skip
    print(f"  floor (heartbeat, no work, {seconds:.1f} s):  max gap {f_max:6.2f} ms   p99 {f99:5.2f} ms   "
          f"major page faults {floor.faults[-1] - floor.faults[0]}")  # fmt: skip
    print(f"  while the app waits for the portal ({len(waiting)} beats): max gap {w_max:6.2f} ms   "
          f"p99 {w99:5.2f} ms   major page faults {work.faults[-1] - work.faults[0]}")  # fmt: skip
    print(f"  gaps over {TARGET_MS:g} ms: {len(over)} "
          f"({len(faulted)} with the OS reading pages back from disk inside the gap)")  # fmt: skip
    for gap in over:
        after = max((a for a in work.actions if a[1] <= gap.end), key=lambda a: a[1], default=None)
        where = f"{gap.end - after[1]:.2f} s after “{after[2]}”" if after else "before the first action"
        print(f"    {gap.seconds * 1000:5.1f} ms, {where}; {gap.major_faults} major page faults inside it")
        print(f"      the GUI thread: {gui_thread_doing(watch.by_beat.get(gap.beat))}")
    print(f"  max gap without a page-in inside it: {clean_max:6.2f} ms")
    print(f"  ratio of max gaps {w_max / f_max:5.2f}x; target max <= {TARGET_MS:g} ms: "
          f"{'met' if w_max <= TARGET_MS else 'NOT met'}")  # fmt: skip
    worst: dict[str, float] = {}
    for gap, name in acting:
        worst[name] = max(worst.get(name, 0.0), gap)
    print("  the clerk's own actions (synchronous, not in the figure), longest gap each:")
    for name, gap in worst.items():
        print(f"    {name:<48} {gap * 1000:6.1f} ms")
    return {"max_ms": w_max, "clean_max_ms": clean_max, "over": len(over), "over_faulted": len(faulted),
            "floor_max_ms": f_max}  # fmt: skip


_RESULT = "@@result "


def one_run(quick: bool, diagnose_all: bool) -> dict[str, float]:
    """One session in this process: start the demo, do the portal work, then the idle floor."""
    with tempfile.TemporaryDirectory() as tmp:
        private_profile(Path(tmp))
        app = QApplication.instance() or QApplication([])
        assert isinstance(app, QApplication)
        from countyadmin.app import build_main_window

        window = build_main_window(["--demo", "--demo-dir", str(Path(tmp) / "demo")])
        try:
            wait_signal(window.providers_loaded, 120_000, "the demo's provider list")
            settle()
            assert window.context is not None
            portal_url = window.context.settings.load().portal_url
            set_latency(portal_url, LATENCY_MS)
            notes: list[str] = []
            ids = demo_provider_ids()
            work = Heartbeat()
            began = time.perf_counter()
            watch = StallWatch(work)
            work.start()
            watch.start()
            try:
                portal_work(window, work, notes.append, ids)
            finally:
                work.stop()
                watch.stop()
            seconds = time.perf_counter() - began
            set_latency(portal_url, 0)
            settle()
            floor = Heartbeat()
            floor_watch = StallWatch(floor)  # the watch's own 5 ms looks are in the floor too
            floor_watch.start()
            idle(floor, 5.0 if quick else seconds)
            floor_watch.stop()
            figures = report(floor, work, watch, 5.0 if quick else seconds)
            for note in notes:
                print(f"  {note}")
            if diagnose_all:
                diagnose(watch)
        finally:
            window.close()
            settle()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run, a 5 s floor instead of one as long")
    parser.add_argument("--runs", type=int, default=5, help="sessions, each in a fresh process (default 5)")
    parser.add_argument("--diagnose", action="store_true", help="every stack in each late beat")
    parser.add_argument("--one-run", action="store_true", help=argparse.SUPPRESS)  # a child of main()
    args = parser.parse_args(argv)
    if args.one_run:
        figures = one_run(args.quick, args.diagnose)
        print(_RESULT + json.dumps(figures), flush=True)
        return 0
    runs = 1 if args.quick else args.runs
    results: list[dict[str, float]] = []
    for number in range(1, runs + 1):
        # A fresh process each time: a run's pages (and their page-ins) are its own, as at a clerk's start.
        print(f"-- run {number} of {runs}", flush=True)
        command = [sys.executable, "-m", "benchmarks.bench_stall", "--one-run"]
        command += ["--quick"] * args.quick + ["--diagnose"] * args.diagnose
        child = subprocess.run(command, cwd=REPO, env=child_env(), stdout=subprocess.PIPE, text=True)
        for line in child.stdout.splitlines():
            if line.startswith(_RESULT):
                results.append(json.loads(line[len(_RESULT) :]))
            else:
                print(line)
        if child.returncode != 0:
            print(f"run {number} failed (exit {child.returncode})")
            return child.returncode
    print(f"Every run ({runs}), max gap while waiting for the portal (target <= {TARGET_MS:g} ms):")
    for number, figures in enumerate(results, 1):
        paged = f", {figures['over_faulted']:.0f} of them with page-ins" if figures["over"] else ""
        print(f"  run {number}: max {figures['max_ms']:6.2f} ms "
              f"(without page-ins {figures['clean_max_ms']:6.2f} ms), "
              f"{figures['over']:.0f} gaps over {TARGET_MS:g} ms{paged}; "
              f"idle floor max {figures['floor_max_ms']:6.2f} ms")  # fmt: skip
    met = sum(figures["max_ms"] <= TARGET_MS for figures in results)
    clean = sum(figures["clean_max_ms"] <= TARGET_MS for figures in results)
    print(f"  max <= {TARGET_MS:g} ms in {met} of {runs} runs; "
          f"counting only gaps with no page-in inside them, in {clean} of {runs}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
