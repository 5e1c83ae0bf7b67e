"""The upstream side: verify the desks' sync files, merge them into the upstream store, and
acknowledge each import.

`verify` checks a file whole before anything is applied (docs/SYNC_FORMAT.md, "What the
upstream side checks"): a complete ZIP laid out exactly as a desk writes it, a known format
version, a registered desk whose key signed the manifest, every checksum, schema and count, and
the sequence chain (`export_seq` is the desk's last imported + 1, `previous_manifest_sha256` the
last imported manifest's hash). A file already imported is reported as such, not refused.

`import_files` imports each file in one transaction (sync/upstream_store.py), all or nothing.
The costliest check, every record against its schema, runs in a second (forked) process while
this one merges the file inside that transaction (`_RecordCheck`): nothing is committed before
its verdict, a refusal rolls the transaction back, and a refusal of the records is reported
before any other, as when they are checked first. The merge reads of each record only what it
needs (code, numbers, status: `_record_keys`) and stores each line as signed.
The merge policy, per record:

* a dossier whose `MaHoSo` names another agency than the file's is **rejected**
  ("not this desk's agency");
* a code the store holds for another desk (live or deleted) is **rejected**
  ("code already registered by desk X");
* a version not newer than the stored one (live or deleted) is **ignored** but listed as
  accepted in the acknowledgement: upstream already holds that state or a newer one of the
  desk's own dossier, so the desk has nothing to resend (the count is reported as "older
  versions ignored");
* a record holding U+0000 or text that is not valid Unicode (no store keeps them) is
  **rejected**;
* otherwise the dossier is written (newest version per code wins); a tombstone deletes the
  dossier if it is newer and is kept, so an older version arriving later cannot bring it back;
* steps are kept once per (desk, step number); steps of rejected codes are skipped.

After the commit an acknowledgement `ACK-<sync file name>.json` (canonical JSON,
resources/schemas/ack.schema.json) is written via a temporary file and a rename; the store keeps
it too, so importing the same file again writes the same acknowledgement and changes nothing.
"""

from __future__ import annotations

import dataclasses
import gc
import io
import json
import lzma
import multiprocessing
import os
import re
import secrets
import struct
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

import msgspec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from onestop_desktop.domain.clock import VN_TZ, Clock, SystemClock
from onestop_desktop.sync import format as fmt
from onestop_desktop.sync import keys, reasons
from onestop_desktop.sync.schemas import check_ack
from onestop_desktop.sync.upstream_store import (
    Desk,
    DossierRow,
    Held,
    ImportRecord,
    ImportTransaction,
    StepRow,
    TombstoneRow,
    UpstreamStore,
    UpstreamStoreError,
    open_store,
)

Problem = fmt.Problem
SyncFileError = fmt.SyncFileError
Outcome = Literal["imported", "already_imported", "refused", "failed"]

ACK_PREFIX = "ACK-"
DESK_ID_RE = re.compile(r"^(?P<agency>[A-Z0-9.]{1,35})#(?P<station>[0-9])$")
#: a JSON string escape of U+0000 (not preceded by an escaping backslash)
_NUL_ESCAPE = re.compile(r"(?:^|[^\\])(?:\\\\)*\\u0000")
#: exceptions the ZIP and JSON layers raise on damaged input that format.read_bytes lets through
_DAMAGED = (
    NotImplementedError,  # an unknown ZIP version or compression method in a damaged header
    RuntimeError,  # "encrypted" flag set by damage; RecursionError from absurd nesting
    zlib.error,
    lzma.LZMAError,
    struct.error,
    KeyError,
    IndexError,
    TypeError,
    ValueError,
    OverflowError,
    EOFError,
)


class RegistrationError(ValueError):
    """A desk cannot be registered as asked; the message says why and what to do."""


class SequenceError(SyncFileError):
    """An authentic file that is out of sequence (a gap, a replay, or a broken chain)."""

    def __init__(
        self, sync_file: fmt.Container | fmt.SyncFile, message: str, missing: Sequence[int] = ()
    ) -> None:
        super().__init__(Problem.OUT_OF_SEQUENCE, message)
        self.desk_id = sync_file.desk_id
        self.export_seq = sync_file.export_seq
        self.file_sha256 = sync_file.file_sha256
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
    pending: _RecordCheck | None = field(default=None, repr=False, compare=False)

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


# --- Registration ----------------------------------------------------------------------------


def _stamp(moment: datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%Y%m%d%H%M%S")


def register_desk(
    store: UpstreamStore,
    desk_id: str,
    public_key_text: str,
    *,
    replace: bool = False,
    clock: Clock | None = None,
) -> Desk:
    """Register a desk's public key (the text the desk's `key` command prints).

    Registering the same key again changes nothing. A different key for a registered desk is
    refused unless `replace` (the desk lost its key and made a new one); its chain is kept.
    """
    match = DESK_ID_RE.match(desk_id.strip())
    if not match:
        raise RegistrationError(
            f"desk id {desk_id!r} is not valid: expected <agency code>#<station>, such as "
            "000.00.01.H56#1, as the desk's `key` command prints it"
        )
    desk_id = desk_id.strip()
    try:
        public = keys.parse_public(public_key_text)
    except ValueError as error:
        raise RegistrationError(f"public key: {error}") from None
    text = keys.public_text(public)
    existing = store.desk(desk_id)
    if existing is not None:
        if existing.public_key == text:
            return existing
        if not replace:
            old = keys.fingerprint(keys.parse_public(existing.public_key))
            raise RegistrationError(
                f"desk {desk_id} is already registered with another key (fingerprint "
                f"{old[:16]}…); if the desk made a new key, register it with --replace"
            )
    now = (clock or SystemClock()).now()
    store.add_desk(
        Desk(
            desk_id=desk_id,
            agency_code=match["agency"],
            station=int(match["station"]),
            public_key=text,
            registered_at=existing.registered_at if existing else _stamp(now),
            last_export_seq=existing.last_export_seq if existing else 0,
            last_manifest_sha256=existing.last_manifest_sha256 if existing else None,
        )
    )
    desk = store.desk(desk_id)
    assert desk is not None
    return desk


class _RegisteredKeys(Mapping[str, Ed25519PublicKey]):
    """The store's desk keys, looked up one at a time (a province registers thousands)."""

    def __init__(self, store: UpstreamStore) -> None:
        self.store = store

    def __getitem__(self, desk_id: str) -> Ed25519PublicKey:
        desk = self.store.desk(desk_id)
        if desk is None:
            raise KeyError(desk_id)
        return keys.parse_public(desk.public_key)

    def __iter__(self) -> Iterator[str]:
        return iter([d.desk_id for d in self.store.desks()])

    def __len__(self) -> int:
        return len(self.store.desks())


class _OneKey(Mapping[str, Ed25519PublicKey]):
    """One public key, whatever desk the manifest names (verifying without a store)."""

    def __init__(self, key: Ed25519PublicKey) -> None:
        self.key = key

    def __getitem__(self, desk_id: str) -> Ed25519PublicKey:
        return self.key

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


# --- Verification ----------------------------------------------------------------------------


_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = True


@contextmanager
def _gc_paused() -> Iterator[None]:
    """A big file makes millions of small objects and no cycles: the cyclic collector would
    only scan them again and again (a third of the parse time). Nested and thread-safe: the
    collector runs again when the last import in the process ends."""
    global _gc_pausers, _gc_was_enabled
    with _gc_lock:
        if _gc_pausers == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_was_enabled:
                gc.enable()


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > fmt.MAX_BYTES:
            raise SyncFileError(
                Problem.NOT_A_SYNC_FILE, f"{path.name} is larger than {fmt.MAX_BYTES} bytes"
            )
        return path.read_bytes()
    except OSError as error:
        raise SyncFileError(
            Problem.NOT_A_SYNC_FILE, f"cannot read {path}: {error.strerror or error}"
        ) from None


def check_bytes(
    name: str, data: bytes, desk_keys: Mapping[str, Ed25519PublicKey]
) -> tuple[fmt.SyncFile, dict[str, bytes]]:
    """Every check that needs only the desks' keys: format.read_bytes, and that the container is
    byte for byte what a desk writes (so no byte of the file goes unchecked). Returns the file
    and its raw parts."""
    sync_file = _translated(name, data, lambda: fmt.read_bytes(name, data, desk_keys))
    return sync_file, _same_container(name, data, sync_file.manifest)


_Read = TypeVar("_Read", fmt.SyncFile, fmt.Container)


def _translated(name: str, data: bytes, read: Callable[[], _Read]) -> _Read:
    """Run format's reading, telling a changed file from one cut short, and any damage the ZIP
    and JSON layers let through as altered."""
    if len(data) < 4 and b"PK\x03\x04".startswith(data):
        raise SyncFileError(
            Problem.CUT_SHORT,
            f"{name} is empty or nearly ({len(data)} bytes): the copy was cut short; copy it again",
        )
    try:
        return read()
    except SyncFileError as error:
        if (
            error.problem is Problem.NOT_A_SYNC_FILE
            and not data.startswith(b"PK\x03\x04")
            and _complete_zip(data)
        ):
            # A ZIP's full length and closing record, but its first bytes changed.
            raise SyncFileError(
                Problem.ALTERED,
                f"{name} was changed after it was written: it ends as a sync file does but "
                "does not begin as one (the file is complete, not cut short); copy it again "
                "from the desk",
            ) from None
        if error.problem is Problem.CUT_SHORT and _complete_zip(data):
            # A bad CRC or header in a file whose end is intact: changed, not cut short.
            found = re.search(r"\((.*)\); copy it again$", str(error))
            detail = found.group(1) if found else str(error)
            raise SyncFileError(
                Problem.ALTERED,
                f"{name} was changed after it was written: {detail} (the file is complete, not "
                "cut short); copy it again from the desk",
            ) from None
        raise
    except _DAMAGED as error:
        raise SyncFileError(
            Problem.ALTERED,
            f"{name} is damaged ({type(error).__name__}: {error}); copy it again from the desk",
        ) from None


def _same_container(
    name: str,
    data: bytes,
    manifest: Mapping[str, Any],
    entries: Mapping[str, bytes] | None = None,
) -> dict[str, bytes]:
    """The raw parts, after checking that the desk id is the manifest's agency and station and
    that the ZIP is byte for byte what a desk writes (its `entries`, when already read)."""
    if manifest["desk_id"] != f"{manifest['agency_code']}#{manifest['station']}":
        raise SyncFileError(
            Problem.ALTERED,
            f"the manifest's desk_id {manifest['desk_id']} does not match its agency code and "
            "station",
        )
    if entries is None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                entries = {entry: archive.read(entry) for entry in fmt.ENTRIES}
        except (*_DAMAGED, zipfile.BadZipFile, OSError) as error:  # read once: unexpected
            raise SyncFileError(Problem.ALTERED, f"{name} is damaged ({error})") from None
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(rebuilt, "w", compression=zipfile.ZIP_STORED) as archive:
        for entry in fmt.ENTRIES:
            fmt._write_entry(archive, entry, entries[entry])
    if rebuilt.getvalue() != data:
        raise SyncFileError(
            Problem.ALTERED,
            f"{name}: the ZIP container differs from what a desk writes (entries reordered, "
            "headers or padding changed): the file was altered after it was written; copy it "
            "again from the desk",
        )
    return {part: entries[part] for part in fmt.PARTS}


# --- The records' check, beside the merge ----------------------------------------------------

#: a file at least this large has its parts and records checked by a second process
PARALLEL_BYTES = 2_000_000


def _records_problem(name: str, data: bytes, public: Ed25519PublicKey) -> tuple[str, str] | None:
    """Every check of `check_bytes` with the desk's key: the container read whole (each part's
    CRC, size, SHA-256, line count and count: `fmt.read_signed` left them), every record
    (format.validate_records), the container byte for byte what a desk writes, in that order;
    (problem, detail) of the refusal or None."""
    try:
        container = _translated(name, data, lambda: fmt.read_container(name, data, _OneKey(public)))
        # read_container checked each part's newlines against the manifest's count.
        fmt.validate_records(container.parts, fmt.part_records(container.manifest))
        _same_container(name, data, container.manifest, container.entries)
    except SyncFileError as error:
        return error.problem.value, error.detail
    except _DAMAGED as error:
        return (
            Problem.ALTERED.value,
            f"{name} is damaged ({type(error).__name__}: {error}); copy it again from the desk",
        )
    return None


def _check_and_send(name: str, data: bytes, public: Ed25519PublicKey, sender: Any) -> None:
    """The second process's work: the verdict on the records, through the pipe."""
    sender.send(_records_problem(name, data, public))
    sender.close()


#: how long the second process may take over its verdict: far more than any check needs, so
#: that only a child stuck (or gone) is given up on, never a slow one
RECORD_CHECK_SECONDS_PER_MB = 5.0
RECORD_CHECK_MIN_SECONDS = 60.0


def _fork_is_safe() -> bool:
    """Whether forking cannot deadlock the child: with another thread alive, a lock it holds
    at the fork (the import lock, a logging handler's) stays held in the child forever."""
    return threading.active_count() == 1


class _RecordCheck:
    """What `fmt.read_signed` left of a file whose manifest is authentic (each part's CRC,
    size, SHA-256 and line count), its records against their schemas, and its ZIP layout
    (`_records_problem`, with the desk's `public` key), checked by a second process, forked
    so that it starts at once and shares the file's bytes, while this one merges;
    `raise_problem` waits for its verdict. Without fork (Windows), with other threads
    running, or for a small file, the check runs here and now. If the second process dies or
    takes far too long, it is killed and the check runs here: a verdict is never skipped.
    `close` ends the second process whatever happened (the caller's `finally`)."""

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
        self.verdict = _records_problem(self.name, self.data, self.public)
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


def _complete_zip(data: bytes) -> bool:
    """Whether the file ends with the ZIP end record that closes a central directory ending
    right before it: the file has its full length, whatever else is wrong with it."""
    if len(data) < 22 or data[-22:-18] != b"PK\x05\x06" or data[-2:] != b"\x00\x00":
        return False
    size, offset = struct.unpack("<II", data[-10:-2])
    return bool(offset + size == len(data) - 22)


def _exports(numbers: Sequence[int]) -> str:
    if len(numbers) == 1:
        return f"export {numbers[0]} is"
    if list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"exports {numbers[0]}–{numbers[-1]} are"
    return "exports " + ", ".join(str(n) for n in numbers) + " are"


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
        when = f" on {record.imported_at}" if record else ""
        raise SequenceError(
            sync_file,
            f"export {seq} of desk {desk_id} was already imported{when} from a different file; "
            f"this one (manifest {sync_file.manifest_sha256[:12]}…) is a replayed or forged old "
            f"export, refused (the last imported export is {last})",
        )
    if seq > last + 1:
        missing = list(range(last + 1, seq))
        first = fmt.file_name(agency, station, missing[0])
        raise SequenceError(
            sync_file,
            f"export {seq} of desk {desk_id} cannot be imported yet: {_exports(missing)} "
            f"missing (the last imported is {last or 'none'}); import {first}"
            f"{' and the ones after it' if len(missing) > 1 else ''} first, or ask the desk to "
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
    with _gc_paused():
        return _verify_bytes(path, _read(path), store)


def _verify_bytes(path: Path, data: bytes, store: UpstreamStore) -> Verified:
    sync_file, parts = check_bytes(path.name, data, _RegisteredKeys(store))
    desk = store.desk(sync_file.desk_id)
    if desk is None:  # unregistered between the two look-ups
        raise SyncFileError(Problem.UNKNOWN_DESK, f"desk {sync_file.desk_id} is not registered")
    already = check_sequence(desk, sync_file, store.import_record)
    return Verified(sync_file, _canonical_name(sync_file), already, parts)


def _verify_for_import(path: Path, data: bytes, store: UpstreamStore) -> Verified:
    """`_verify_bytes` with the records' check (and the container's layout) started beside
    what follows (the merge). Their refusal comes first, as in `check_bytes`."""
    name = path.name
    store_keys = _RegisteredKeys(store)
    # The manifest checked here; the parts, with the records, by `pending`, while this merges.
    container = _translated(name, data, lambda: fmt.read_signed(name, data, store_keys))
    try:
        public = store_keys[container.desk_id]
    except KeyError:  # unregistered between the two look-ups
        raise SyncFileError(
            Problem.UNKNOWN_DESK, f"desk {container.desk_id} is not registered"
        ) from None
    pending = _RecordCheck(name, data, public)
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
        raise RegistrationError(f"public key: {error}") from None
    with _gc_paused():
        sync_file, _ = check_bytes(path.name, _read(path), _OneKey(public))
    return sync_file


def _canonical_name(sync_file: fmt.SyncFile | fmt.Container) -> str:
    m = sync_file.manifest
    return fmt.file_name(m["agency_code"], m["station"], m["export_seq"])


# --- Merging ---------------------------------------------------------------------------------


def _agency_of(code: str) -> str:
    return code.rsplit("-", 2)[0]


class _DossierKey(msgspec.Struct):
    MaHoSo: str
    TrangThaiHoSo: str
    version: int = msgspec.field(name="_version")


class _StepKey(msgspec.Struct):
    MaHoSo: str
    step: int = msgspec.field(name="_step")
    version: int = msgspec.field(name="_version")


class _TombstoneKey(msgspec.Struct):
    MaHoSo: str
    NgayXoa: str
    version: int = msgspec.field(name="_version")


_KEY_DECODERS: dict[str, msgspec.json.Decoder[Any]] = {
    "dossiers.jsonl": msgspec.json.Decoder(_DossierKey),
    "steps.jsonl": msgspec.json.Decoder(_StepKey),
    "tombstones.jsonl": msgspec.json.Decoder(_TombstoneKey),
}
#: per part, what the merge reads of each record, in this order
_KEY_FIELDS = {
    "dossiers.jsonl": ("MaHoSo", "_version", "TrangThaiHoSo"),
    "steps.jsonl": ("MaHoSo", "_step", "_version"),
    "tombstones.jsonl": ("MaHoSo", "_version", "NgayXoa"),
}


def _record_keys(verified: Verified) -> dict[str, list[tuple[Any, ...]]]:
    """Per part, what the merge reads of each record (code, numbers, status): read by msgspec
    into small structs, the rest of each record skipped in C (the whole record is checked by
    the records' check). A part msgspec does not read (JSON it does not take, such as a lone
    surrogate escape) is read whole by format's reference parser."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    sync_file = verified.sync_file
    # Each part's line count as the manifest says (the records' check holds the part to it).
    lines = fmt.part_records(sync_file.manifest)
    for part, blob in verified.parts.items():
        expected = lines[part]
        keys: list[tuple[Any, ...]] | None = None
        if isinstance(sync_file, fmt.SyncFile):
            records = {
                "dossiers.jsonl": sync_file.dossiers,
                "steps.jsonl": sync_file.steps,
                "tombstones.jsonl": sync_file.tombstones,
            }[part]
            keys = [tuple(r[f] for f in _KEY_FIELDS[part]) for r in records]
        else:
            try:
                found = _KEY_DECODERS[part].decode_lines(blob)
            except (msgspec.DecodeError, UnicodeDecodeError, ValueError, RecursionError):
                found = None
            if found is not None and len(found) == expected:
                if part == "dossiers.jsonl":
                    keys = [(r.MaHoSo, r.version, r.TrangThaiHoSo) for r in found]
                elif part == "steps.jsonl":
                    keys = [(r.MaHoSo, r.step, r.version) for r in found]
                else:
                    keys = [(r.MaHoSo, r.version, r.NgayXoa) for r in found]
        if keys is None:
            verified.refuse_if_records_fail()
            records = fmt.read_records({part: blob}, validate=False)[part]
            keys = [tuple(r[f] for f in _KEY_FIELDS[part]) for r in records]
        out[part] = keys
    return out


def _stored_texts(verified: Verified, part: str) -> list[bytes | str | None]:
    """Per line of a part, `_stored_text`. A part without a `\\u` escape (what a desk writes)
    is stored line for line as signed, without a look at each line: the records' check, whose
    verdict comes before anything is committed, says that each line is one JSON object in
    UTF-8. The lines are handed to the store as bytes, which saves decoding them here."""
    blob = verified.parts[part]
    # A search for one byte is the quick one: most parts hold no backslash at all.
    if b"\\" in blob and b"\\u" in blob:
        return [_stored_text(line) for line in blob.split(b"\n")]
    lines: list[bytes | str | None] = list(blob.split(b"\n"))
    return lines


def _stored_text(line: bytes) -> bytes | str | None:
    """The record's JSON text to store: the line as signed when it is plain JSON text (the
    canonical line a desk writes), else the record re-serialised canonically. None when the
    record holds what no store can keep (U+0000, or text that is not valid Unicode)."""
    if b"\\u" not in line and line[:1] == b"{":
        return line
    try:
        record = json.loads(line)
        text = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        text.encode("utf-8")
    except (UnicodeEncodeError, ValueError, RecursionError):
        return None
    if "\\u0000" in text and _NUL_ESCAPE.search(text):
        return None
    return text


@dataclass
class _Merge:
    accepted: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    ignored_older: int = 0
    steps_added: int = 0
    steps_skipped: int = 0
    tombstones: int = 0


def _newest_per_code(
    entries: Sequence[tuple[str, int, Any]],
    agency: str,
    rejected: Callable[[int], str | None] | None = None,
) -> tuple[list[str | None], dict[str, int]]:
    """Per line of a part (code, version, ...): None = to be decided against the store, else
    the reason it is rejected, or "" for "ignored: older than another line of this file"; and
    the index of each code's newest line. `rejected(index)` may refuse a line of the agency."""
    prefix = agency + "-"  # an agency code holds no "-": the code's agency is all before it
    verdict: list[str | None] = [None] * len(entries)
    newest: dict[str, int] = {}
    for index, (code, version, _) in enumerate(entries):
        if not code.startswith(prefix):
            verdict[index] = reasons.other_agency(_agency_of(code), agency)
            continue
        reason = rejected(index) if rejected is not None else None
        if reason is not None:
            verdict[index] = reason
            continue
        other = newest.get(code)
        if other is None:
            newest[code] = index
        elif version > entries[other][1]:
            verdict[other] = ""
            newest[code] = index
        else:
            verdict[index] = ""
    return verdict, newest


def _merge(tx: ImportTransaction, verified: Verified, imported_at: str) -> _Merge:
    sync_file = verified.sync_file
    agency = sync_file.manifest["agency_code"]
    desk_id = sync_file.desk_id
    out = _Merge()
    prefix = agency + "-"  # an agency code holds no "-": the code's agency is all before it
    keys = _record_keys(verified)
    dossiers = keys["dossiers.jsonl"]
    texts = _stored_texts(verified, "dossiers.jsonl")

    def unstorable(index: int) -> str | None:
        return reasons.UNSTORABLE if texts[index] is None else None

    verdict, newest = _newest_per_code(dossiers, agency, unstorable)
    graves = keys["tombstones.jsonl"]
    tomb_verdict, tombstones = _newest_per_code(graves, agency)

    steps = keys["steps.jsonl"]
    step_codes = {s[0] for s in steps}
    codes = list(newest.keys() | tombstones.keys() | step_codes)
    held = tx.held(agency, [c for c in codes if c.startswith(prefix)])

    def decide(code: str, version: int) -> str | None:
        """None: write it; "": ignored (not newer); else the reason it is rejected."""
        h = held.get(code)
        if h is None:
            return None
        if h.desk_id != desk_id:
            return reasons.held_by_other_desk(h.desk_id)
        return "" if h.version >= version else None

    rows: list[DossierRow] = []
    for code, index in newest.items():
        version = dossiers[index][1]
        verdict[index] = decision = decide(code, version) if held else None
        if decision is None:
            text = texts[index]
            assert text is not None
            rows.append((code, version, int(dossiers[index][2]), text))
    written = tx.upsert_dossiers(agency, desk_id, rows, imported_at)
    if len(written) < len(rows):
        # Another transaction wrote some of these codes meanwhile (PostgreSQL): look again.
        late = [row[0] for row in rows if row[0] not in written]
        held.update(tx.held(agency, late))
        for code in late:
            index = newest[code]
            verdict[index] = decide(code, dossiers[index][1]) or ""
    for row in rows:
        if row[0] in written:
            held[row[0]] = Held(desk_id, row[1])

    rejected_codes: set[str] = set()

    def listed(entries: Sequence[tuple[str, int, Any]], verdicts: list[str | None]) -> None:
        """Each line in the acknowledgement: rejected with its reason, else accepted."""
        for (code, version, _), reason in zip(entries, verdicts, strict=True):
            if reason:
                out.rejected.append({"MaHoSo": code, "_version": version, "reason": reason})
                rejected_codes.add(code)
            else:
                out.accepted.append({"MaHoSo": code, "_version": version})
                if reason == "":
                    out.ignored_older += 1

    listed(dossiers, verdict)

    tomb_rows: list[TombstoneRow] = []
    for code, index in tombstones.items():
        version = graves[index][1]
        tomb_verdict[index] = decide(code, version)
        if tomb_verdict[index] is None:
            tomb_rows.append((code, version, graves[index][2]))
    tx.apply_tombstones(agency, desk_id, tomb_rows)
    out.tombstones = len(tomb_rows)
    listed(graves, tomb_verdict)

    # Steps of a dossier rejected in every line are skipped; held by another desk, too.
    rejected_codes -= {entry["MaHoSo"] for entry in out.accepted}
    step_texts = _stored_texts(verified, "steps.jsonl")
    step_rows: list[StepRow] = []
    seen: set[int] = set()
    for index, (code, number, version) in enumerate(steps):
        h = held.get(code)
        text = None
        if (
            number not in seen
            and code not in rejected_codes
            and code.startswith(prefix)
            and (h is None or h.desk_id == desk_id)
        ):
            text = step_texts[index]
        if text is None:
            out.steps_skipped += 1
            continue
        seen.add(number)
        step_rows.append((number, code, version, text))
    out.steps_added = tx.insert_steps(desk_id, step_rows)
    out.steps_skipped += len(step_rows) - out.steps_added
    return out


def _ack(verified: Verified, imported_at: str, merge: _Merge) -> str:
    sync_file = verified.sync_file
    ack = {
        "format": fmt.ACK_FORMAT,
        "version": 1,
        "desk_id": sync_file.desk_id,
        "export_seq": sync_file.export_seq,
        "file_name": verified.file_name,
        "file_sha256": sync_file.file_sha256,
        "manifest_sha256": sync_file.manifest_sha256,
        "imported_at": imported_at,
        "accepted": merge.accepted,
        "rejected": merge.rejected,
    }
    # The entries hold codes and versions that passed the record schemas, and reasons written
    # here: checking the envelope is enough (checking every entry costs a third of a merge).
    problem = check_ack({**ack, "accepted": merge.accepted[:1], "rejected": merge.rejected[:1]})
    if problem:  # a bug here, never the file's fault
        raise AssertionError(f"the acknowledgement would not be valid: {problem}")
    return fmt.canonical_no_floats(ack).decode("utf-8")


def _write_ack(folder: Path, file_name: str, text: str) -> Path:
    """Write the acknowledgement via a temporary file and a rename (never half a file)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ACK_PREFIX}{file_name}.json"
    tmp = folder / f".{path.name}.part"
    try:
        with tmp.open("wb") as handle:
            handle.write(text.encode("utf-8") + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return path
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return path


def import_file(
    store: UpstreamStore,
    path: Path,
    ack_dir: Path | None = None,
    clock: Clock | None = None,
) -> ImportResult:
    """Verify and import one file, all or nothing, and write its acknowledgement."""
    started = time.perf_counter()
    clock = clock or SystemClock()
    with _gc_paused():
        try:
            data = _read(path)
            verified = _verify_for_import(path, data, store)
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
                _stamp(clock.now()),
            )
            return _refused(path, error, started, error.desk_id, error.export_seq)
        except SyncFileError as error:
            return _refused(path, error, started)
        except UpstreamStoreError as error:
            return ImportResult(path, "failed", str(error), seconds=time.perf_counter() - started)
    record = store.import_record(verified.desk_id, verified.export_seq)
    assert record is not None
    try:
        ack_path: Path | None = _write_ack(ack_dir or path.parent, verified.file_name, record.ack)
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
        imported_at = _stamp(clock.now())
        with store.importing(sync_file.desk_id) as tx:
            try:
                # Re-checked under the desk's lock: another import may have run since `verify`.
                already = check_sequence(tx.desk, sync_file, store.import_record)
                merge = None if already else _merge(tx, verified, imported_at)
            except BaseException:
                # Whatever went wrong merging a file, a record at fault is why it is refused.
                verified.refuse_if_records_fail()
                raise
            # Nothing is committed before the records' verdict: a refusal rolls back all.
            verified.refuse_if_records_fail()
            if merge is not None:
                ack = _ack(verified, imported_at, merge)
                tx.finish(
                    ImportRecord(
                        desk_id=sync_file.desk_id,
                        export_seq=sync_file.export_seq,
                        file_name=verified.file_name,
                        file_sha256=sync_file.file_sha256,
                        manifest_sha256=sync_file.manifest_sha256,
                        imported_at=imported_at,
                        accepted=len(merge.accepted),
                        rejected=len(merge.rejected),
                        ack=ack,
                    ),
                    sync_file.manifest_sha256,
                )
                older = f" ({merge.ignored_older} older versions ignored)"
                return ImportResult(
                    path,
                    "imported",
                    f"export {sync_file.export_seq} of desk {sync_file.desk_id}: "
                    f"{len(merge.accepted)} accepted"
                    f"{older if merge.ignored_older else ''}, {len(merge.rejected)} rejected, "
                    f"{merge.steps_added} steps, {merge.tombstones} deletions",
                    accepted=len(merge.accepted),
                    ignored_older=merge.ignored_older,
                    rejected=len(merge.rejected),
                    steps_added=merge.steps_added,
                    steps_skipped=merge.steps_skipped,
                    tombstones=merge.tombstones,
                    desk_id=desk_id,
                    export_seq=seq,
                    dossiers=count,
                )
    record = store.import_record(sync_file.desk_id, sync_file.export_seq)
    when = f" on {record.imported_at}" if record else ""
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


def missing_sequences(store: UpstreamStore) -> dict[str, list[int]]:
    """Per desk, the export numbers not imported below the highest one seen in a file refused
    as out of sequence: what the desk has written but upstream has not received."""
    highest = store.highest_refused()
    out: dict[str, list[int]] = {}
    for desk in store.desks():
        top = highest.get(desk.desk_id, 0)
        if top > desk.last_export_seq + 1:
            out[desk.desk_id] = list(range(desk.last_export_seq + 1, top))
    return out


def status(store: UpstreamStore) -> dict[str, Any]:
    """The store at a glance: desks, their last export, missing numbers, counts."""
    missing = missing_sequences(store)
    by_desk = store.dossiers_by_desk()
    desks = []
    for desk in store.desks():
        last = store.import_record(desk.desk_id, desk.last_export_seq)
        desks.append(
            {
                "desk_id": desk.desk_id,
                "fingerprint": keys.fingerprint(keys.parse_public(desk.public_key)),
                "registered_at": desk.registered_at,
                "last_export_seq": desk.last_export_seq,
                "last_imported_at": last.imported_at if last else None,
                "dossiers": by_desk.get(desk.desk_id, 0),
                "missing": missing.get(desk.desk_id, []),
            }
        )
    return {"store": store.where, "kind": store.kind, "counts": store.counts(), "desks": desks}


# --- Synthetic files (tests and the benchmark) -----------------------------------------------

SYNTHETIC_DAY = "260115"


def synthetic_code(agency_code: str, station: int, number: int) -> str:
    """A dossier code in the desk's own block: station 2 issues 2000001, 2000002, …"""
    return f"{agency_code}-{SYNTHETIC_DAY}-{station}{number:06d}"


def synthetic_dossier(code: str, version: int, status: int = 4, salt: int = 0) -> dict[str, Any]:
    """A DongBoHoSoMC record valid against dossier.schema.json, realistic in size."""
    names = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Võ Minh Em")
    name = names[salt % len(names)]
    id_number = f"0010{90000000 + salt % 9_999_999:08d}"
    return {
        "MaHoSo": code,
        "MaTTHC": "1.001193",
        "TenTTHC": "Đăng ký khai sinh",
        "MaLinhVuc": "HT",
        "TenLinhVuc": "Hộ tịch",
        "KenhThucHien": "1",
        "ChuHoSo": name,
        "SoGiayToChuHoSo": id_number,
        "LoaiDoiTuong": "1",
        "DiaChiChuHoSo": f"Thôn {salt % 12 + 1}, xã Tân Hưng, tỉnh Đồng Nai",
        "SoDienThoai": f"09{salt % 100_000_000:08d}",
        "Email": "",
        "TrichYeuHoSo": f"Đăng ký khai sinh - {name}",
        "NgayNopHoSo": f"20{SYNTHETIC_DAY}090000",
        "NgayTiepNhan": f"20{SYNTHETIC_DAY}090000",
        "NgayHenTra": "20260116170000",
        "TrangThaiHoSo": str(status),
        "NgayTra": "",
        "ThongTinTra": "",
        "HinhThuc": "0",
        "NgayKetThucXuLy": "",
        "DonViXuLy": "UBND xã Tân Hưng",
        "GhiChu": f"lần {version}",
        "NgayTuChoi": "",
        "DinhDanhCHS": [{"LoaiDinhDanh": "1", "SoDinhDanh": id_number}],
        "DanhSachTepDinhKemKhac": [
            {"TenGiayTo": "Tờ khai đăng ký khai sinh", "SoLuong": 1, "LoaiGiayTo": "1"},
            {"TenGiayTo": "Giấy chứng sinh", "SoLuong": 1, "LoaiGiayTo": "1"},
        ],
        "DanhSachHoSoBoSung": [],
        "_version": version,
    }


def synthetic_step(code: str, step: int, version: int, status: int = 2) -> dict[str, Any]:
    """A CapNhatTienDoHoSoMC record valid against step.schema.json."""
    return {
        "MaHoSo": code,
        "NguoiXuLy": "Cán bộ một cửa",
        "ChucDanh": "Cán bộ một cửa",
        "ThoiDiemXuLy": f"20{SYNTHETIC_DAY}090000",
        "PhongBanXuLy": "Bộ phận tiếp nhận và trả kết quả",
        "NoiDungXuLy": "Tiếp nhận hồ sơ" if status == 2 else "Chuyển trạng thái",
        "TrangThai": str(status),
        "NgayBatDau": f"20{SYNTHETIC_DAY}090000",
        "NgayKetThucTheoQuyDinh": "20260116170000",
        "_step": step,
        "_version": version,
    }


def build_sync_file(
    key: Ed25519PrivateKey,
    agency_code: str,
    station: int,
    export_seq: int,
    previous_manifest_sha256: str | None,
    dossiers: Sequence[Mapping[str, Any]] = (),
    steps: Sequence[Mapping[str, Any]] = (),
    tombstones: Sequence[Mapping[str, Any]] = (),
) -> tuple[bytes, bytes]:
    """A signed sync file of these records, as a desk writes it: (file bytes, manifest bytes)."""
    versions = [int(r["_version"]) for r in (*dossiers, *steps, *tombstones)]
    parts = {
        "dossiers.jsonl": fmt.jsonl(list(dossiers)),
        "steps.jsonl": fmt.jsonl(list(steps)),
        "tombstones.jsonl": fmt.jsonl(list(tombstones)),
    }
    manifest = {
        "agency_code": agency_code,
        "station": station,
        "desk_id": f"{agency_code}#{station}",
        "export_seq": export_seq,
        "previous_manifest_sha256": previous_manifest_sha256,
        "change_seq_from": min(versions) - 1 if versions else 0,
        "change_seq_to": max(versions) if versions else 0,
        "generated_at": f"20{SYNTHETIC_DAY}170000",
    }
    counts = {"dossiers": len(dossiers), "steps": len(steps), "tombstones": len(tombstones)}
    # build_file takes the counts as given (a desk's export reads its file back and counts).
    lines = [blob.count(b"\n") for blob in parts.values()]
    assert lines == list(counts.values()), f"records spanning lines: {lines} != {counts}"
    return fmt.build_file(manifest, parts, counts, key)


def synthetic_export(
    key: Ed25519PrivateKey,
    agency_code: str,
    station: int,
    export_seq: int,
    previous_manifest_sha256: str | None,
    dossiers: int,
    steps_per_dossier: int = 2,
    first: int = 1,
) -> tuple[bytes, bytes]:
    """An export of `dossiers` new dossiers (numbered from `first`) with their steps."""
    records, step_records = _synthetic_records(
        agency_code, station, dossiers, steps_per_dossier, first
    )
    return build_sync_file(
        key, agency_code, station, export_seq, previous_manifest_sha256, records, step_records
    )


def _synthetic_records(
    agency_code: str, station: int, dossiers: int, steps_per_dossier: int, first: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    records = []
    step_records = []
    per = steps_per_dossier + 1
    base = (first - 1) * per
    for n in range(first, first + dossiers):
        code = synthetic_code(agency_code, station, n)
        for s in range(steps_per_dossier):
            number = base + (n - first) * per + s + 1
            step_records.append(synthetic_step(code, number, number, 2 if s == 0 else 4))
        version = base + (n - first + 1) * per
        records.append(synthetic_dossier(code, version, 4, n))
    return records, step_records


def synthetic_rows(
    dossiers: int, steps_per_dossier: int = 2, agency_code: str = "BENCH.000000001"
) -> tuple[list[tuple[str, int, int, str]], list[tuple[int, str, int, str]]]:
    """The rows an import of `synthetic_export(…, dossiers, steps_per_dossier)` writes (each
    record as its canonical line): what the benchmark's plain baselines insert."""
    records, steps = _synthetic_records(agency_code, 1, dossiers, steps_per_dossier, 1)
    dossier_rows = [
        (r["MaHoSo"], r["_version"], int(r["TrangThaiHoSo"]), fmt.canonical(r).decode())
        for r in records
    ]
    step_rows = [(r["_step"], r["MaHoSo"], r["_version"], fmt.canonical(r).decode()) for r in steps]
    return dossier_rows, step_rows


def measure_import_rate(store_url: str, dossiers: int, steps_per_dossier: int = 2) -> float:
    """Dossiers per second importing one file of `dossiers` new synthetic dossiers (each with
    `steps_per_dossier` steps) into the store at `store_url`: verification, merge, commit and
    acknowledgement included, building the file not. Uses a new random agency code, so it can
    run again on the same store."""
    key = Ed25519PrivateKey.generate()
    agency = f"BENCH.{secrets.randbelow(10**9):09d}"
    data, _ = synthetic_export(key, agency, 1, 1, None, dossiers, steps_per_dossier)
    with tempfile.TemporaryDirectory(prefix="onestop-upstream-bench-") as folder:
        path = Path(folder) / fmt.file_name(agency, 1, 1)
        path.write_bytes(data)
        del data
        with open_store(store_url) as store:
            register_desk(store, f"{agency}#1", keys.public_text(key))
            started = time.perf_counter()
            result = import_file(store, path)
            elapsed = time.perf_counter() - started
        if result.outcome != "imported" or result.accepted != dossiers:
            raise RuntimeError(f"the benchmark import did not go through: {result.message}")
    return dossiers / elapsed
