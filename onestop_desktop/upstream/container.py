"""Checks of a sync file as a whole, before its records: read it, have `sync/format.py` check
ZIP, manifest, signature and checksums against the registered desks' keys, tell a file cut short
from one altered, and hold the container byte for byte to what a desk writes."""

from __future__ import annotations

import gc
import io
import struct
import threading
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from onestop_desktop.sync import format as fmt
from onestop_desktop.sync import keys
from onestop_desktop.sync.format import Problem, SyncFileError
from onestop_desktop.upstream.store import UpstreamStore

DAMAGED = fmt.DAMAGED


class RegisteredKeys(Mapping[str, Ed25519PublicKey]):
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


class OneKey(Mapping[str, Ed25519PublicKey]):
    """One public key, whatever desk the manifest names (verifying without a store)."""

    def __init__(self, key: Ed25519PublicKey) -> None:
        self.key = key
        #: how a refusal names this key (sync/format.py): nothing is registered here
        self.describe_key = f"the public key given (fingerprint {keys.fingerprint(key)[:16]}…)"

    def __getitem__(self, desk_id: str) -> Ed25519PublicKey:
        return self.key

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = True


@contextmanager
def gc_paused() -> Iterator[None]:
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


def read_file(path: Path) -> bytes:
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
    sync_file = translated(name, data, lambda: fmt.read_bytes(name, data, desk_keys))
    return sync_file, same_container(name, data, sync_file.manifest)


_Read = TypeVar("_Read", fmt.SyncFile, fmt.Container)


def translated(name: str, data: bytes, read: Callable[[], _Read]) -> _Read:
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
            # The ZIP layer's own complaint, as the error carries it (never from our text).
            detail = str(error.cause) if error.cause is not None else error.detail
            raise SyncFileError(
                Problem.ALTERED,
                f"{name} was changed after it was written: {detail} (the file is complete, not "
                "cut short); copy it again from the desk",
            ) from None
        raise
    except DAMAGED as error:
        raise SyncFileError(
            Problem.ALTERED,
            f"{name} is damaged ({type(error).__name__}: {error}); copy it again from the desk",
        ) from None


def same_container(
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
        except (*DAMAGED, zipfile.BadZipFile, OSError) as error:  # read once: unexpected
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


def _complete_zip(data: bytes) -> bool:
    """Whether the file has its full length, whatever else is wrong with it: it ends with the
    ZIP end record that closes a central directory ending right before it, or, when a byte of
    that closing record itself changed, its entries and central directory, walked from the
    first byte, end exactly one end record (22 bytes, no comment, as a desk writes it) before
    the end of the file. A file cut short anywhere fails both: it lacks some of those bytes."""
    return _end_record_intact(data) or _directory_ends_one_end_record_early(data)


_END_RECORD = 22  # the end-of-central-directory record without a comment


def _end_record_intact(data: bytes) -> bool:
    tail = data[-_END_RECORD:]
    if len(data) < _END_RECORD or tail[:4] != b"PK\x05\x06" or tail[-2:] != b"\x00\x00":
        return False
    size, offset = struct.unpack("<II", tail[12:20])
    return bool(offset + size == len(data) - _END_RECORD)


def _directory_ends_one_end_record_early(data: bytes) -> bool:
    position = 0
    # The entries: a local header (30 bytes, then name and extra field) and the stored data,
    # whose size the header gives (a desk writes no data descriptors).
    while data[position : position + 4] == b"PK\x03\x04":
        if position + 30 > len(data):
            return False
        flags, size, name, extra = struct.unpack("<H10xI4xHH", data[position + 6 : position + 30])
        if flags & 0x08:
            return False
        position += 30 + name + extra + size
    # The central directory: a 46-byte header each, then name, extra field and comment.
    records = 0
    while data[position : position + 4] == b"PK\x01\x02":
        if position + 46 > len(data):
            return False
        name, extra, comment = struct.unpack("<HHH", data[position + 28 : position + 34])
        position += 46 + name + extra + comment
        records += 1
    return records > 0 and len(data) - position == _END_RECORD
