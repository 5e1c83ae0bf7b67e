"""Verifying a sync file against the store: the whole-file checks (`container.py`), then the
sequence chain (`export_seq` is the desk's last imported + 1, `previous_manifest_sha256` the
last imported manifest's hash). A file already imported is reported as such, not refused."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from onestop_desktop.sync import format as fmt
from onestop_desktop.sync import keys
from onestop_desktop.sync.format import Problem, SyncFileError
from onestop_desktop.upstream.container import (
    OneKey,
    RegisteredKeys,
    check_bytes,
    gc_paused,
    read_file,
    translated,
)
from onestop_desktop.upstream.record_check import RecordCheck
from onestop_desktop.upstream.registration import bad_public_key
from onestop_desktop.upstream.store import Desk, ImportRecord, UpstreamStore, readable


class SequenceError(SyncFileError):
    """An authentic file that is out of sequence (a gap, a replay, or a broken chain)."""

    def __init__(
        self,
        sync_file: fmt.Container | fmt.SyncFile,
        message: str,
        missing: Sequence[Span] = (),
    ) -> None:
        super().__init__(Problem.OUT_OF_SEQUENCE, message)
        self.desk_id = sync_file.desk_id
        self.export_seq = sync_file.export_seq
        self.file_sha256 = sync_file.file_sha256
        #: the missing export numbers, as ranges (a signed file may claim export 20,000,000)
        self.missing = list(missing)


@dataclass(frozen=True)
class Verified:
    """A file that passed every check: next in its desk's sequence, or already imported."""

    #: the whole file (`verify`), or all but its records when they are checked beside the
    #: merge (`import_file`: see `pending`)
    sync_file: fmt.SyncFile | fmt.Container
    #: the name a desk gives this export (the acknowledgement is named after it)
    file_name: str
    already_imported: bool
    #: the raw `.jsonl` parts, as signed (while `pending` runs: as cut out of the ZIP, which
    #: `pending` checks against the manifest)
    parts: Mapping[str, bytes] = field(repr=False)
    #: the records' check still running (import_file); nothing may be committed before its
    #: verdict. None when the records were checked already.
    pending: RecordCheck | None = field(default=None, repr=False, compare=False)

    def refuse_if_records_fail(self) -> None:
        """Raise the records' refusal (SyncFileError), if any: first, before any other."""
        if self.pending is not None:
            self.pending.raise_problem()

    def close(self) -> None:
        """End the records' second process, if any, whatever happened since."""
        if self.pending is not None:
            self.pending.close()

    @property
    def desk_id(self) -> str:
        return self.sync_file.desk_id

    @property
    def export_seq(self) -> int:
        return self.sync_file.export_seq


#: a range of export numbers, first and last included
Span = tuple[int, int]
#: the ranges of missing exports a message names before "and N more"
SHOWN_SPANS = 5


def spans_text(spans: Sequence[Span], shown: int = SHOWN_SPANS) -> str:
    """Ranges as people read them ("2", "2–4", "2–19,999,999"), the first `shown` of them,
    then how many more: a text of bounded length, however many exports are missing."""
    told = [f"{a:,}" if a == b else f"{a:,}–{b:,}" for a, b in spans[:shown]]
    text = ", ".join(told)
    if len(spans) > shown:
        total = sum(b - a + 1 for a, b in spans)
        text += f" and {len(spans) - shown:,} more ranges ({total:,} exports in all)"
    return text


def exports_missing(spans: Sequence[Span]) -> str:
    """ "export 2 is", "exports 2–4 are", …: the subject of "… missing"."""
    if len(spans) == 1 and spans[0][0] == spans[0][1]:
        return f"export {spans[0][0]:,} is"
    return f"exports {spans_text(spans)} are"


def check_sequence(
    desk: Desk,
    sync_file: fmt.SyncFile | fmt.Container,
    imported: Callable[[str, int], ImportRecord | None],
) -> bool:
    """The sequence check: True when this very file was already imported, False when it is
    next; SequenceError (out of sequence) otherwise."""
    seq, last, desk_id = sync_file.export_seq, desk.last_export_seq, desk.desk_id
    agency, station = sync_file.manifest["agency_code"], sync_file.manifest["station"]
    if seq <= last:
        record = imported(desk_id, seq)
        if record is not None and record.manifest_sha256 == sync_file.manifest_sha256:
            return True
        when = f" on {readable(record.imported_at)}" if record else ""
        raise SequenceError(
            sync_file,
            f"export {seq} of desk {desk_id} was already imported{when} from a different file; "
            f"this one (manifest {sync_file.manifest_sha256[:12]}…) is a replayed or forged old "
            f"export, refused (the last imported export is {last})",
        )
    if seq > last + 1:
        missing = [(last + 1, seq - 1)]
        first = fmt.file_name(agency, station, last + 1)
        raise SequenceError(
            sync_file,
            f"export {seq} of desk {desk_id} cannot be imported yet: {exports_missing(missing)} "
            f"missing (the last imported is {last or 'none'}); import {first}"
            f"{' and the ones after it' if seq - last > 2 else ''} first, or ask the desk to "
            "write the missing exports again (`export --again N`)",
            missing,
        )
    previous = sync_file.manifest["previous_manifest_sha256"]
    if previous != desk.last_manifest_sha256:
        if last == 0:
            detail = "export 1 names a previous export, but none was imported from this desk"
        else:
            detail = (
                f"it names the previous manifest {str(previous)[:12]}…, but the imported export "
                f"{last} has manifest {str(desk.last_manifest_sha256)[:12]}…"
            )
        raise SequenceError(
            sync_file,
            f"export {seq} of desk {desk_id} does not follow the exports imported so far: "
            f"{detail}. The desk's history diverged (a database restored from an older "
            "backup?): ask the desk's administrator before going on",
        )
    return False


def verify(path: Path, store: UpstreamStore) -> Verified:
    """Check a sync file against the store's desks and sequence chain, applying nothing.

    Raises SyncFileError (its `problem` says which check failed: cut short, unknown format
    version, unknown desk, bad signature, altered, out of sequence, not a sync file).
    """
    with gc_paused():
        return _verify_bytes(path, read_file(path), store)


def _verify_bytes(path: Path, data: bytes, store: UpstreamStore) -> Verified:
    sync_file, parts = check_bytes(path.name, data, RegisteredKeys(store))
    desk = store.desk(sync_file.desk_id)
    if desk is None:  # unregistered between the two look-ups
        raise SyncFileError(Problem.UNKNOWN_DESK, f"desk {sync_file.desk_id} is not registered")
    already = check_sequence(desk, sync_file, store.import_record)
    return Verified(sync_file, _canonical_name(sync_file), already, parts)


def verify_for_import(path: Path, data: bytes, store: UpstreamStore) -> Verified:
    """`_verify_bytes` with the records' check (and the container's layout) started beside
    what follows (the merge). Their refusal comes first, as in `check_bytes`."""
    name = path.name
    store_keys = RegisteredKeys(store)
    # The manifest checked here; the parts, with the records, by `pending`, while this merges.
    container = translated(name, data, lambda: fmt.read_signed(name, data, store_keys))
    try:
        public = store_keys[container.desk_id]
    except KeyError:  # unregistered between the two look-ups
        raise SyncFileError(
            Problem.UNKNOWN_DESK, f"desk {container.desk_id} is not registered"
        ) from None
    pending = RecordCheck(name, data, public)
    try:
        desk = store.desk(container.desk_id)
        if desk is None:  # unregistered between the two look-ups
            raise SyncFileError(Problem.UNKNOWN_DESK, f"desk {container.desk_id} is not registered")
        already = check_sequence(desk, container, store.import_record)
    except SyncFileError:
        try:
            pending.raise_problem()
        finally:
            pending.close()
        raise
    except BaseException:
        pending.close()
        raise
    return Verified(container, _canonical_name(container), already, container.parts, pending)


def verify_with_key(path: Path, public_key_text: str) -> fmt.SyncFile:
    """Check a sync file against one desk key, without a store: everything but the sequence."""
    try:
        public = keys.parse_public(public_key_text)
    except ValueError as error:
        raise bad_public_key(error) from None
    with gc_paused():
        sync_file, _ = check_bytes(path.name, read_file(path), OneKey(public))
    return sync_file


def _canonical_name(sync_file: fmt.SyncFile | fmt.Container) -> str:
    m = sync_file.manifest
    return fmt.file_name(m["agency_code"], m["station"], m["export_seq"])
