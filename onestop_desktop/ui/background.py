"""Desk operations off the UI thread: `DeskOp(parent, desk, op, success=..., failure=...)`.

As Anki's `CollectionOp`, a call site is one line: `op(background_desk)` runs on the desk's
worker thread, then `success(result)` or `failure(error)` runs on the UI thread. Known errors
(`KnownError`, and whatever else the call site says it `handles`) reach `failure`, or are shown
to the clerk when there is no `failure`. Anything else is a bug: it is reported with its
traceback (`dialogs.report_bug`), then `failure` still runs so the call site can put its
widgets back. If `parent` is gone by then, nothing is called back (a bug is still logged).

The thread model, and why:

* sqlite3 refuses to use a connection from a thread other than the one that opened it, so the UI
  thread's `Desk` cannot be lent to a worker, and a connection should not hop between threads.
* Each desk gets one worker thread, started by its first operation. That thread opens one
  background `Desk` (its own connection to the same file) the first time a job needs it and reuses
  it for every later job, until `stop_background` (the window closing) closes it on that same
  thread. After that the desk is stopped: a later `DeskOp` on it fails at once with `DeskStopped`
  rather than start a thread nothing would ever stop.
* A job works with the window desk's settings, calendar, catalogue, clock and person at the
  desk as they were when it
  was asked for (`DeskState`, taken on the UI thread by `DeskOp`): reading them from the worker
  while `Desk.update_settings` assigns them could pair new settings with the old calendar.
* Jobs run one at a time in the order they were asked: two background writes (an export and
  another export) never compete with each other, and nothing is spent opening connections.
* The database is in WAL mode, so while the worker writes (an export records itself) the UI
  thread keeps reading the board from its own snapshot; the UI thread's own writes (a received
  dossier) take turns with the worker's, waiting up to sqlite's busy timeout, as they did when
  each job opened a connection of its own.

Work must never touch widgets: it gets a `Desk`, and what it returns reaches the UI thread.

Work that needs no desk (printing: a slow or offline spooler must not hold up the next preview or
export, and a locked database must not stop a print) runs through `ThreadOp`, with the same
callbacks, on a thread of its own.
"""

from __future__ import annotations

import functools
import logging
import queue
import threading
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from onestop_desktop.domain.calendar import WorkCalendar
from onestop_desktop.domain.clock import Clock
from onestop_desktop.domain.errors import KnownError
from onestop_desktop.domain.people import Person
from onestop_desktop.domain.procedures import Catalogue
from onestop_desktop.domain.settings import OfficeSettings
from onestop_desktop.operations import Desk
from onestop_desktop.ui.dialogs import report_bug, show_exception
from onestop_desktop.ui.qt import QObject, Qt, QTimer, QWidget, Signal, Slot, is_alive

T = TypeVar("T")

log = logging.getLogger("onestop_desktop.ui.background")


class DeskStopped(KnownError):
    """Work asked of a desk whose background work was stopped (its window is closing)."""

    def __init__(self) -> None:
        super().__init__(
            "Chương trình đang đóng cơ sở dữ liệu nên việc này không được thực hiện. "
            "Hãy mở lại chương trình rồi làm lại.",
            "the desk's database is being closed, so this work was not done; "
            "open the program again and retry",
        )


@dataclass(frozen=True)
class DeskState:
    """What a job works with: the window desk's settings, calendar, catalogue and clock, taken
    together on the UI thread when the job was asked for."""

    settings: OfficeSettings
    calendar: WorkCalendar
    catalogue: Catalogue
    clock: Clock
    #: the person at the desk when the job was asked for: a change of clerk since the worker
    #: opened its desk must reach what the job records
    on_duty: Person | None = None

    @classmethod
    def of(cls, desk: Desk) -> DeskState:
        return cls(desk.settings, desk.calendar, desk.catalogue, desk.clock, desk.on_duty)

    def apply(self, desk: Desk) -> Desk:
        """Give the background `desk` this state (on the worker thread, before the job)."""
        desk.settings = self.settings
        desk.calendar = self.calendar
        desk.catalogue = self.catalogue
        desk.clock = self.clock
        desk.on_duty = self.on_duty
        return desk


class _Relay(QObject):
    """Lives on the UI thread: a callable emitted from the worker runs here, queued."""

    posted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        # Queued even when emitted on the UI thread: a callback never runs inside its caller.
        self.posted.connect(self.run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def run(self, callback: Callable[[], None]) -> None:
        callback()


# a queued job: given how to get the background desk, it runs and posts its outcome
_Job = Callable[[Callable[[], Desk]], None]


class DeskWorker:
    """One thread that owns one background `Desk` on the window desk's database file."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.relay = _Relay()
        self.jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self.background: Desk | None = None
        self.thread = threading.Thread(
            target=self._loop, name=f"desk-worker {desk.db.path.name}", daemon=True
        )
        self.thread.start()

    def submit(self, job: _Job) -> None:
        self.jobs.put(job)

    def post(self, callback: Callable[[], None]) -> None:
        """Run `callback` on the UI thread (called from the worker thread)."""
        self.relay.posted.emit(callback)

    def stop(self) -> None:
        """Finish the jobs already asked for, close the background desk, end the thread."""
        self.jobs.put(None)
        self.thread.join()

    def _open(self) -> Desk:
        """The background desk, opened on this thread the first time (each job gives it its
        `DeskState`)."""
        if self.background is None:
            self.background = Desk.open(self.desk.db.path, self.desk.clock, self.desk.catalogue)
        return self.background

    def _loop(self) -> None:
        while (job := self.jobs.get()) is not None:
            job(self._open)
        if self.background is not None:
            self.background.close()
            self.background = None


# the workers of the open desks; a desk is kept here (not by id) so its id cannot be reused
_workers: list[DeskWorker] = []
# the desks whose background work was stopped, by id: an entry goes when its desk does, so a
# reused id never names a stopped desk
_stopped: weakref.WeakValueDictionary[int, Desk] = weakref.WeakValueDictionary()


def is_stopped(desk: Desk) -> bool:
    """Whether `stop_background` already stopped this desk's background work."""
    return _stopped.get(id(desk)) is desk


def desk_worker(desk: Desk) -> DeskWorker:
    """The worker thread of this desk, started on first use (DeskStopped once it was stopped)."""
    for worker in _workers:
        if worker.desk is desk:
            return worker
    if is_stopped(desk):
        raise DeskStopped()
    worker = DeskWorker(desk)
    _workers.append(worker)
    return worker


def stop_background(desk: Desk | None = None) -> None:
    """Stop the worker of `desk` (of every desk when None), after the jobs already asked for;
    the desk is then stopped for good."""
    if desk is not None:
        _stopped[id(desk)] = desk
    for worker in [w for w in _workers if desk is None or w.desk is desk]:
        _stopped[id(worker.desk)] = worker.desk
        _workers.remove(worker)
        worker.stop()


class _Callbacks(Generic[T]):
    """The callback contract DeskOp and ThreadOp share; the outcome runs on the UI thread."""

    def __init__(
        self,
        parent: QWidget | None,
        success: Callable[[T], None] | None,
        failure: Callable[[BaseException], None] | None,
        handles: tuple[type[BaseException], ...],
    ) -> None:
        self.parent = parent
        self.success = success
        self.failure = failure
        self.handles = handles

    def _parent_alive(self) -> bool:
        return self.parent is None or is_alive(self.parent)

    def _succeeded(self, result: T) -> None:
        if self._parent_alive() and self.success is not None:
            self.success(result)

    def _failed(self, error: BaseException, trace: str) -> None:
        alive = self._parent_alive()
        parent = self.parent if alive else None
        if not isinstance(error, self.handles):
            if alive:
                report_bug(parent, error, trace)
            else:
                log.error("unexpected error after its window closed: %s\n%s", error, trace)
        elif self.failure is None and alive:
            show_exception(parent, error, trace)
        if alive and self.failure is not None:
            self.failure(error)


class DeskOp(_Callbacks[T]):
    """One desk operation, run off the UI thread at once; see the module's docstring."""

    def __init__(
        self,
        parent: QWidget | None,
        desk: Desk,
        op: Callable[[Desk], T],
        *,
        success: Callable[[T], None] | None = None,
        failure: Callable[[BaseException], None] | None = None,
        handles: tuple[type[BaseException], ...] = (KnownError,),
    ) -> None:
        super().__init__(parent, success, failure, handles)
        self.op = op
        self.state = DeskState.of(desk)  # on the UI thread, as the clerk asked
        try:
            self.worker = desk_worker(desk)
        except DeskStopped as stopped:
            # Still after this call returns, as every outcome is.
            QTimer.singleShot(0, functools.partial(self._failed, stopped, ""))
            return
        self.worker.submit(self._run)

    def _run(self, background_desk: Callable[[], Desk]) -> None:
        """On the worker thread: run the operation, post its outcome to the UI thread."""
        try:
            result = self.op(self.state.apply(background_desk()))
        except Exception as error:  # the UI thread decides: a known error or a bug
            self.worker.post(functools.partial(self._failed, error, traceback.format_exc()))
        else:
            self.worker.post(functools.partial(self._succeeded, result))


# the ThreadOps under way: each keeps itself alive until its outcome has run
_running: set[ThreadOp[Any]] = set()
# the relay ThreadOps post their outcomes through, made by the first one (on the UI thread) and
# kept: a relay deleted by its own callback's last reference would die inside its own event
_thread_relay: list[_Relay] = []


def _ui_relay() -> _Relay:
    if not _thread_relay:
        _thread_relay.append(_Relay())
    return _thread_relay[0]


class ThreadOp(_Callbacks[T]):
    """Work that needs no desk (printing), run at once on a thread of its own with DeskOp's
    callbacks, so it neither waits for the desk's worker nor holds it up."""

    def __init__(
        self,
        parent: QWidget | None,
        work: Callable[[], T],
        *,
        success: Callable[[T], None] | None = None,
        failure: Callable[[BaseException], None] | None = None,
        handles: tuple[type[BaseException], ...] = (KnownError,),
        name: str = "background work",
    ) -> None:
        super().__init__(parent, success, failure, handles)
        self.work = work
        self.relay = _ui_relay()  # asked for here, so it lives on the UI thread
        _running.add(self)
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        """On its own thread: do the work, post the outcome to the UI thread."""
        try:
            result = self.work()
        except Exception as error:  # the UI thread decides: a known error or a bug
            self.relay.posted.emit(
                functools.partial(self._done, self._failed, error, traceback.format_exc())
            )
        else:
            self.relay.posted.emit(functools.partial(self._done, self._succeeded, result))

    def _done(self, outcome: Callable[..., None], *args: object) -> None:
        _running.discard(self)
        outcome(*args)
