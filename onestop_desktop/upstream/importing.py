"""Importing sync files: each file verified, merged and committed in one transaction, all or
nothing, then acknowledged.

The costliest check, every record against its schema, runs beside the merge
(`record_check.RecordCheck`): nothing is committed before its verdict, a refusal rolls the
transaction back, and a refusal of the records is reported before any other, as when they are
checked first. A file out of sequence is logged (`refusals`), so that `status` can say which
exports of a desk are missing. After the commit the acknowledgement is written
(`acknowledgement.py`); importing the same file again writes the same one and changes nothing.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from onestop_desktop.domain.clock import Clock, SystemClock
from onestop_desktop.domain.text import counted
from onestop_desktop.sync import format as fmt
from onestop_desktop.sync.format import SyncFileError
from onestop_desktop.upstream.acknowledgement import build_ack, write_ack
from onestop_desktop.upstream.container import gc_paused, read_file
from onestop_desktop.upstream.merge import merge
from onestop_desktop.upstream.store import (
    ImportRecord,
    UpstreamStore,
    UpstreamStoreError,
    readable,
    stamp,
)
from onestop_desktop.upstream.verifying import (
    SequenceError,
    Verified,
    check_sequence,
    verify_for_import,
)

Outcome = Literal["imported", "already_imported", "refused", "failed"]


@dataclass(frozen=True)
class ImportResult:
    """What happened to one file."""

    path: Path
    outcome: Outcome
    message: str
    desk_id: str | None = None
    export_seq: int | None = None
    problem: fmt.Problem | None = None
    dossiers: int = 0
    accepted: int = 0
    ignored_older: int = 0
    rejected: int = 0
    steps_added: int = 0
    steps_skipped: int = 0
    tombstones: int = 0
    ack_path: Path | None = None
    ack_error: str | None = None
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "outcome": self.outcome,
            "message": self.message,
            "desk_id": self.desk_id,
            "export_seq": self.export_seq,
            "problem": self.problem.value if self.problem else None,
            "dossiers": self.dossiers,
            "accepted": self.accepted,
            "ignored_older": self.ignored_older,
            "rejected": self.rejected,
            "steps_added": self.steps_added,
            "steps_skipped": self.steps_skipped,
            "tombstones": self.tombstones,
            "ack": str(self.ack_path) if self.ack_path else None,
            "ack_error": self.ack_error,
            "seconds": round(self.seconds, 3),
        }


def import_file(
    store: UpstreamStore,
    path: Path,
    ack_dir: Path | None = None,
    clock: Clock | None = None,
) -> ImportResult:
    """Verify and import one file, all or nothing, and write its acknowledgement."""
    started = time.perf_counter()
    clock = clock or SystemClock()
    with gc_paused():
        try:
            data = read_file(path)
            verified = verify_for_import(path, data, store)
            del data
            try:
                result = _apply(store, path, verified, clock)
            finally:
                verified.close()
        except SequenceError as error:
            store.log_refusal(
                error.desk_id,
                error.export_seq,
                path.name,
                error.file_sha256,
                error.problem.value,
                str(error),
                stamp(clock.now()),
            )
            return _refused(path, error, started, error.desk_id, error.export_seq)
        except SyncFileError as error:
            return _refused(path, error, started)
        except UpstreamStoreError as error:
            return ImportResult(path, "failed", str(error), seconds=time.perf_counter() - started)
    record = store.import_record(verified.desk_id, verified.export_seq)
    assert record is not None
    try:
        ack_path: Path | None = write_ack(ack_dir or path.parent, verified.file_name, record.ack)
        ack_error = None
    except OSError as error:
        ack_path = None
        ack_error = (
            f"the acknowledgement could not be written to {ack_dir or path.parent}: "
            f"{error.strerror or error}; the import itself is done: import the file again with "
            "--ack-dir DIR to write it"
        )
    return dataclasses.replace(
        result, ack_path=ack_path, ack_error=ack_error, seconds=time.perf_counter() - started
    )


def _refused(
    path: Path,
    error: SyncFileError,
    started: float,
    desk_id: str | None = None,
    export_seq: int | None = None,
) -> ImportResult:
    return ImportResult(
        path,
        "refused",
        f"{error}; nothing of it was applied",
        desk_id=desk_id,
        export_seq=export_seq,
        problem=error.problem,
        seconds=time.perf_counter() - started,
    )


def _apply(store: UpstreamStore, path: Path, verified: Verified, clock: Clock) -> ImportResult:
    sync_file = verified.sync_file
    desk_id, seq = sync_file.desk_id, sync_file.export_seq
    count = int(sync_file.manifest["counts"]["dossiers"])
    if verified.already_imported:
        verified.refuse_if_records_fail()
    else:
        imported_at = stamp(clock.now())
        with store.importing(sync_file.desk_id) as tx:
            try:
                # Re-checked under the desk's lock: another import may have run since `verify`.
                already = check_sequence(tx.desk, sync_file, store.import_record)
                merged = None if already else merge(tx, verified, imported_at)
            except BaseException:
                # Whatever went wrong merging a file, a record at fault is why it is refused.
                verified.refuse_if_records_fail()
                raise
            # Nothing is committed before the records' verdict: a refusal rolls back all.
            verified.refuse_if_records_fail()
            if merged is not None:
                ack = build_ack(verified, imported_at, merged)
                tx.finish(
                    ImportRecord(
                        desk_id=sync_file.desk_id,
                        export_seq=sync_file.export_seq,
                        file_name=verified.file_name,
                        file_sha256=sync_file.file_sha256,
                        manifest_sha256=sync_file.manifest_sha256,
                        imported_at=imported_at,
                        accepted=len(merged.accepted),
                        rejected=len(merged.rejected),
                        ack=ack,
                    ),
                    sync_file.manifest_sha256,
                )
                older = f" ({merged.ignored_older} older versions ignored)"
                return ImportResult(
                    path,
                    "imported",
                    f"export {sync_file.export_seq} of desk {sync_file.desk_id}: "
                    f"{len(merged.accepted)} accepted"
                    f"{older if merged.ignored_older else ''}, {len(merged.rejected)} rejected, "
                    f"{counted(merged.steps_added, 'step')}, "
                    f"{counted(merged.tombstones, 'deletion')}",
                    accepted=len(merged.accepted),
                    ignored_older=merged.ignored_older,
                    rejected=len(merged.rejected),
                    steps_added=merged.steps_added,
                    steps_skipped=merged.steps_skipped,
                    tombstones=merged.tombstones,
                    desk_id=desk_id,
                    export_seq=seq,
                    dossiers=count,
                )
    record = store.import_record(sync_file.desk_id, sync_file.export_seq)
    when = f" on {readable(record.imported_at)}" if record else ""
    return ImportResult(
        path,
        "already_imported",
        f"export {sync_file.export_seq} of desk {sync_file.desk_id} was already imported{when} "
        "from this same file; nothing changed",
        accepted=record.accepted if record else 0,
        rejected=record.rejected if record else 0,
        desk_id=desk_id,
        export_seq=seq,
        dossiers=count,
    )


def import_files(
    store: UpstreamStore,
    paths: Iterable[Path],
    ack_dir: Path | None = None,
    clock: Clock | None = None,
    on_result: Callable[[ImportResult], None] | None = None,
) -> list[ImportResult]:
    """Import files in name order (for one desk, that is export order), each all or nothing;
    a refused file does not stop the others. An acknowledgement is written for each file
    imported (again, for one already imported) to `ack_dir`, by default beside the file."""
    unique = {str(p): p for p in paths}
    results = []
    for path in sorted(unique.values(), key=lambda p: (p.name, str(p))):
        result = import_file(store, path, ack_dir, clock)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results
