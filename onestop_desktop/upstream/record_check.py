"""The records' check at import: every record against its schema, and what `fmt.read_signed`
left of the file, checked beside the merge (in a forked second process for a large file: the
"fast twin" of checking here, kept for the import rate; `RecordCheck` gives the figures)."""

from __future__ import annotations

import multiprocessing
import threading
import time
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from onestop_desktop.sync import format as fmt
from onestop_desktop.sync.format import Problem, SyncFileError
from onestop_desktop.upstream.container import DAMAGED, OneKey, same_container, translated

#: a file at least this large has its parts and records checked by a second process
PARALLEL_BYTES = 2_000_000


def records_problem(name: str, data: bytes, public: Ed25519PublicKey) -> tuple[str, str] | None:
    """Every check of `check_bytes` with the desk's key: the container read whole (each part's
    CRC, size, SHA-256, line count and count: `fmt.read_signed` left them), every record
    (format.validate_records), the container byte for byte what a desk writes, in that order;
    (problem, detail) of the refusal or None."""
    try:
        container = translated(name, data, lambda: fmt.read_container(name, data, OneKey(public)))
        # read_container checked each part's newlines against the manifest's count.
        fmt.validate_records(container.parts, fmt.part_records(container.manifest))
        same_container(name, data, container.manifest, container.entries)
    except SyncFileError as error:
        return error.problem.value, error.detail
    except DAMAGED as error:
        return (
            Problem.ALTERED.value,
            f"{name} is damaged ({type(error).__name__}: {error}); copy it again from the desk",
        )
    return None


def _check_and_send(name: str, data: bytes, public: Ed25519PublicKey, sender: Any) -> None:
    """The second process's work: the verdict on the records, through the pipe."""
    sender.send(records_problem(name, data, public))
    sender.close()


#: how long the second process may take over its verdict: far more than any check needs, so
#: that only a child stuck (or gone) is given up on, never a slow one
RECORD_CHECK_SECONDS_PER_MB = 5.0
RECORD_CHECK_MIN_SECONDS = 60.0


def _fork_is_safe() -> bool:
    """Whether forking cannot deadlock the child: with another thread alive, a lock it holds
    at the fork (the import lock, a logging handler's) stays held in the child forever."""
    return threading.active_count() == 1


class RecordCheck:
    """What `fmt.read_signed` left of a file whose manifest is authentic (each part's CRC,
    size, SHA-256 and line count), its records against their schemas, and its ZIP layout
    (`records_problem`, with the desk's `public` key), checked by a second process, forked
    so that it starts at once and shares the file's bytes, while this one merges;
    `raise_problem` waits for its verdict. Without fork (Windows), with other threads
    running, or for a small file, the check runs here and now. If the second process dies or
    takes far too long, it is killed and the check runs here: a verdict is never skipped.
    `close` ends the second process whatever happened (the caller's `finally`).

    Why a second process, and not one path: the check is about half of an import's CPU (0.38 s
    of 0.74 s for the benchmark's file of 20,000 dossiers with 2 steps each, 33 MB, into
    SQLite), so done here it caps the import at about half the rate a free second core allows.
    Measured (benchmark's import figures, six alternating runs each, on the shared 2-core
    machine at load 2.5-5, ratio to the plain baseline of the same run, medians): PostgreSQL
    0.36x the plain COPY forked against 0.32x here (the server's work overlaps the check);
    SQLite 0.23x the plain executemany forked against 0.25x here, since with no core free the
    fork only adds its cost. In-process, an import's own CPU (27,000 dossiers/s) caps SQLite
    near 0.3x a plain executemany of about 90,000/s, short of the 0.47x target on any machine;
    forked, the cap is about twice that when a core is free."""

    def __init__(self, name: str, data: bytes, public: Ed25519PublicKey) -> None:
        self.name = name
        self.data: bytes | None = data
        self.public = public
        self.verdict: tuple[str, str] | None = None
        self.done = False
        self.process: Any = None
        self.receiver: Any = None
        size = len(data)
        self.timeout = max(RECORD_CHECK_MIN_SECONDS, size / 1e6 * RECORD_CHECK_SECONDS_PER_MB)
        if (
            size >= PARALLEL_BYTES
            and "fork" in multiprocessing.get_all_start_methods()
            and _fork_is_safe()
        ):
            try:
                context = multiprocessing.get_context("fork")
                self.receiver, sender = context.Pipe(duplex=False)
                process = context.Process(
                    target=_check_and_send, args=(name, data, public, sender), daemon=True
                )
                try:
                    process.start()
                finally:
                    sender.close()
                self.process = process
                return
            except OSError:
                self.close()
        self._check_here()

    def _check_here(self) -> None:
        assert self.data is not None
        self.verdict = records_problem(self.name, self.data, self.public)
        self.done = True
        self.data = None  # the file's bytes are needed no more

    def _receive(self) -> None:
        """The child's verdict, if it comes in time; polled so that a dead child is noticed."""
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                if self.receiver.poll(min(left, 1.0)):
                    self.verdict = self.receiver.recv()
                    self.done = True
                    return
            except (EOFError, OSError):
                return  # the child died before sending
            if not self.process.is_alive() and not self.receiver.poll(0):
                return

    def raise_problem(self) -> None:
        if not self.done:
            try:
                self._receive()
            finally:
                self.close()
            if self.done:
                self.data = None
            else:
                self._check_here()
        if self.verdict is not None:
            raise SyncFileError(Problem(self.verdict[0]), self.verdict[1])

    def close(self) -> None:
        """End the second process (killed if it has not finished) and close the pipe: no
        zombie, no open descriptor. Safe to call again."""
        if self.receiver is not None:
            self.receiver.close()
            self.receiver = None
        if self.process is not None:
            process, self.process = self.process, None
            if process.is_alive():
                process.kill()
            process.join()
            process.close()
