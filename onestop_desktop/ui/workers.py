"""Running slow work off the UI thread: one small helper so each call site is one line.

`run_in_background(fn, on_done, on_failed)` runs `fn()` on Qt's global thread pool and calls back
on the UI thread through queued signals. The work must not touch widgets, and must not use the
desk's SQLite connection, which belongs to the UI thread (sqlite3 refuses a connection from
another thread): fetch what it needs first, or let it open its own connection.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from onestop_desktop.ui.qt import QObject, QRunnable, QThreadPool, Signal


class JobSignals(QObject):
    """The signals of one background job; they live on the UI thread."""

    done = Signal(object)
    failed = Signal(object, str)  # the exception, its formatted traceback


class Job(QRunnable):
    """A function run on the thread pool, reporting its result or its exception by signal."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = JobSignals()
        self.setAutoDelete(False)  # Python keeps the reference (see _running)

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as error:  # reported to the UI thread, which decides what to show
            self.signals.failed.emit(error, traceback.format_exc())
        else:
            self.signals.done.emit(result)


_running: set[Job] = set()


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[BaseException, str], None],
    pool: QThreadPool | None = None,
) -> Job:
    """Run `fn` off the UI thread; `on_done(result)` or `on_failed(error, traceback)` follows."""
    job = Job(fn)
    _running.add(job)

    def finished_ok(result: Any) -> None:
        _running.discard(job)
        on_done(result)

    def finished_error(error: BaseException, trace: str) -> None:
        _running.discard(job)
        on_failed(error, trace)

    job.signals.done.connect(finished_ok)
    job.signals.failed.connect(finished_error)
    (pool or QThreadPool.globalInstance()).start(job)
    return job
