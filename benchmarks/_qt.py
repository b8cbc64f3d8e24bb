"""Qt helpers for the in-process GUI benchmarks: wait for a signal or a condition, let background work end.

The benchmarks drive the real windows from a script, so they wait with nested event loops (the heartbeat
and the windows keep running meanwhile), never with sleep on the GUI thread.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    QThreadPool,
    QTimer,
    Signal,
    SignalInstance,
)
from PySide6.QtWidgets import QLabel


class PaintedWith(QObject):
    """Emits ``done`` on the event loop's turn after ``label`` was painted while ``shown()`` held.

    Signals:
        done(): ``at`` holds the time.
    """

    done = Signal()

    def __init__(self, label: QLabel, shown: Callable[[], bool]) -> None:
        super().__init__(label)
        self.at = 0.0
        self._shown = shown
        self._label = label
        label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._shown():
            self._label.removeEventFilter(self)
            QTimer.singleShot(0, self._finish)  # runs once this paint is done
        return False

    def _finish(self) -> None:
        self.at = time.perf_counter()
        self.done.emit()


class BenchmarkTimeout(RuntimeError):
    """What the benchmark waited for did not happen in time."""


def wait_signal(signal: SignalInstance, timeout_ms: int, what: str) -> tuple[object, ...]:
    """Run the event loop until ``signal`` is emitted; return its arguments."""
    loop = QEventLoop()
    got: list[tuple[object, ...]] = []

    def arrived(*args: object) -> None:
        got.append(args)
        loop.quit()

    signal.connect(arrived)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(timeout_ms)
    loop.exec()
    timer.stop()
    signal.disconnect(arrived)
    if not got:
        raise BenchmarkTimeout(f"{what}: nothing within {timeout_ms / 1000:g} s")
    return got[0]


class Expect:
    """Listens to ``signal`` from now on, so an emission during what follows is not missed."""

    def __init__(self, signal: SignalInstance, what: str) -> None:
        self.what = what
        self.got: list[tuple[object, ...]] = []
        self._signal = signal
        signal.connect(self._arrived)

    def _arrived(self, *args: object) -> None:
        self.got.append(args)

    def wait(self, timeout_ms: int) -> tuple[object, ...]:
        """Run the event loop until the first emission; return its arguments."""
        try:
            wait_until(lambda: bool(self.got), timeout_ms, self.what)
        finally:
            self._signal.disconnect(self._arrived)
        return self.got[0]


def wait_until(condition: Callable[[], bool], timeout_ms: int, what: str) -> None:
    """Run the event loop until ``condition()`` holds (checked every 2 ms)."""
    deadline = time.monotonic() + timeout_ms / 1000
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(2)

    def check() -> None:
        if condition() or time.monotonic() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    if not condition():
        loop.exec()
    timer.stop()
    if not condition():
        raise BenchmarkTimeout(f"{what}: not within {timeout_ms / 1000:g} s")


def settle(timeout_ms: int = 30_000) -> None:
    """Let every pool worker finish and its queued answers reach the GUI thread."""
    pool = QThreadPool.globalInstance()
    wait_until(lambda: pool.activeThreadCount() == 0, timeout_ms, "background work")
    app = QCoreApplication.instance()
    if app is not None:
        app.processEvents()


def private_profile(folder: Path) -> Mapping[str, str]:
    """Point settings, data and QSettings at ``folder`` (set before the QApplication is made)."""
    env = {var: str(folder / var.lower()) for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")}
    os.environ.update(env)
    return env
