"""The one way the GUI runs slow work: a service call in the global QThreadPool.

The worker never touches a widget. It runs a plain callable (a service call that opens its own unit of
work) and hands the return value or the exception back through queued signals, which Qt delivers on the
GUI thread. Connect them to methods of QObjects: when the receiver is destroyed (a dialog closed while
its lookup was still running) Qt drops the connection and the late answer goes nowhere.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    """Where a worker reports; lives on the GUI thread.

    Signals:
        succeeded(object): the callable returned this value.
        failed(object): the callable raised this exception.
        finished(): after ``succeeded`` or ``failed``.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()


# Qt sizes the global pool for CPU work: one thread per core, two on many county PCs. These workers mostly
# wait on CPSE Portal and the NPI Registry (up to their timeouts), so two portal calls in flight (the
# "Check all" run, a dialog's NPI lookup and match search, a batch) held every thread, and a provider's
# record, a read of a few milliseconds, waited for one of them: 2.8 s with the portal answering in 3 s
# (benchmarks/bench_stall.py). Waiting threads cost no CPU; the portal's own limits stay with their callers.
MIN_THREADS = 16


def _pool() -> QThreadPool:
    pool = QThreadPool.globalInstance()
    if pool.maxThreadCount() < MIN_THREADS:
        pool.setMaxThreadCount(MIN_THREADS)
    return pool


# The pool deletes a runnable as soon as ``run`` returns, possibly before its queued signals reach the
# GUI thread; the signal objects are held here until ``finished`` has been delivered.
_pending: set[WorkerSignals] = set()


def _release(signals: WorkerSignals) -> None:
    # On the next turn of the event loop, not inside ``finished``'s own delivery: dropping the last
    # reference there deleted the sender while Qt was still delivering its signal, a use-after-free that
    # crashed a later, unrelated event now and then.
    QTimer.singleShot(0, lambda: _pending.discard(signals))


class Worker(QRunnable):
    """Runs ``function(*args, **kwargs)`` on a pool thread."""

    def __init__(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.signals = WorkerSignals()
        self._function = function
        self._args = args
        self._kwargs = kwargs

    def run(self) -> None:
        try:
            result = self._function(*self._args, **self._kwargs)
        except Exception as error:  # every failure goes back to the GUI to be shown as a sentence
            log.debug("background call %r failed", self._function, exc_info=True)
            self.signals.failed.emit(error)
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()


Tagged = tuple[int, Any]


def tagged(ticket: int, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Tagged:
    """``(ticket, result)``, or ``(ticket, exception)``: for callers that drop answers to old questions."""
    try:
        return ticket, function(*args, **kwargs)
    except Exception as error:  # handed back as a value, so the ticket travels with it
        log.debug("background call %r failed", function, exc_info=True)
        return ticket, error


def run_in_background(
    function: Callable[..., Any],
    *args: Any,
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[Exception], None] | None = None,
    on_finished: Callable[[], None] | None = None,
    **kwargs: Any,
) -> Worker:
    """Start ``function(*args, **kwargs)`` in the global thread pool and return its worker.

    The callbacks run on the GUI thread; pass methods of QObjects (see the module docstring).
    """
    worker = Worker(function, *args, **kwargs)
    if on_success is not None:
        worker.signals.succeeded.connect(on_success)
    if on_failure is not None:
        worker.signals.failed.connect(on_failure)
    if on_finished is not None:
        worker.signals.finished.connect(on_finished)
    signals = worker.signals
    signals.finished.connect(lambda: _release(signals))
    _pending.add(signals)
    _pool().start(worker)
    return worker
