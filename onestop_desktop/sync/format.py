"""The sync file (`onestop-sync` version 1): writing it byte-for-byte reproducibly, and
reading and verifying it whole before anything is applied. See docs/SYNC_FORMAT.md.
"""

from __future__ import annotations

import hashlib
import io
import json
import lzma
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

import msgspec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from onestop_desktop.domain.errors import KnownError
from onestop_desktop.sync import keys

FORMAT = "onestop-sync"
VERSION = 1
ACK_FORMAT = "onestop-sync-ack"
PARTS = ("dossiers.jsonl", "steps.jsonl", "tombstones.jsonl")
ENTRIES = ("manifest.json", "manifest.sig", *PARTS)
#: ZIP entries carry no real time, so the same content always gives the same bytes
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FILE_NAME_RE = re.compile(r"^OS1-(?P<agency>[A-Z0-9.]{1,35})-S(?P<station>\d)-(?P<seq>\d{8})\.zip$")
#: exceptions the ZIP and JSON layers raise on damaged input that `read_bytes` lets through:
#: whoever reads a file past the format's own checks calls these "altered", never a bug
DAMAGED = (
    zipfile.BadZipFile,
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
#: the largest sync file we read (a whole 1,000,000-dossier history is well under this)
MAX_BYTES = 4 * 1024**3


#: msgspec's encoder (C) with sorted keys: for strings, integers, booleans, null, lists and
#: objects with string keys it writes exactly the bytes of `json.dumps(data, sort_keys=True,
#: ensure_ascii=False, separators=(",", ":"))`, the spelling docs/SYNC_FORMAT.md promises
#: (tests/test_export.py holds it to json.dumps on random values), five times faster. Floats it
#: spells otherwise (1e16, not 1e+16), but no field of the format holds one (no schema has a
#: `number` type), and nothing else is ever encoded.
_ENCODER = msgspec.json.Encoder(order="sorted")


def canonical(data: Any) -> bytes:
    """JSON with sorted keys and no spaces: one spelling per value, so hashes are stable."""
    return _ENCODER.encode(data)


def jsonl(records: Sequence[Mapping[str, Any]]) -> bytes:
    """Records as JSON Lines, each `canonical` and ending in a newline."""
    return _ENCODER.encode_lines(records)


def file_name(agency_code: str, station: int, export_seq: int) -> str:
    return f"OS1-{agency_code}-S{station}-{export_seq:08d}.zip"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_file(
    manifest_fields: Mapping[str, Any],
    parts: Mapping[str, bytes],
    counts: Mapping[str, int],
    key: Ed25519PrivateKey,
) -> tuple[bytes, bytes]:
    """Assemble a signed sync file; return (file bytes, manifest bytes). `counts` are the
    records of each part, one a line (the desk reads the written file back and checks that
    each part holds as many lines as the manifest says)."""
    manifest = dict(manifest_fields)
    manifest["format"] = FORMAT
    manifest["version"] = VERSION
    manifest["key_fingerprint"] = keys.fingerprint(key)
    blobs = [parts[name] for name in PARTS]
    if sum(len(blob) for blob in blobs) >= _HASH_APART_BYTES:
        # SHA-256 runs outside the GIL: the parts of a whole history are hashed side by side.
        with ThreadPoolExecutor(max_workers=len(PARTS)) as pool:
            digests = list(pool.map(sha256, blobs))
    else:
        digests = [sha256(blob) for blob in blobs]
    manifest["parts"] = [
        {"name": name, "sha256": digest, "bytes": len(blob), "records": counts[count]}
        for name, count, blob, digest in zip(PARTS, _COUNTS, blobs, digests, strict=True)
    ]
    manifest["counts"] = dict(counts)
    manifest_bytes = canonical(manifest) + b"\n"
    signature = key.sign(manifest_bytes)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in (("manifest.json", manifest_bytes), ("manifest.sig", signature)):
            _write_entry(archive, name, data)
        for name in PARTS:
            _write_entry(archive, name, parts[name])
    return buffer.getvalue(), manifest_bytes


#: the count of each part's records in the manifest's `counts`
_COUNTS = ("dossiers", "steps", "tombstones")
#: parts at least this large in all are hashed in threads, side by side
_HASH_APART_BYTES = 16 * 1024 * 1024


def _write_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    info.create_system = 3  # Unix, whatever system writes it
    archive.writestr(info, data)


class Problem(StrEnum):
    """Why a sync file is refused whole."""

    CUT_SHORT = "cut_short"
    UNKNOWN_VERSION = "unknown_version"
    UNKNOWN_DESK = "unknown_desk"
    BAD_SIGNATURE = "bad_signature"
    ALTERED = "altered"
    OUT_OF_SEQUENCE = "out_of_sequence"
    NOT_A_SYNC_FILE = "not_a_sync_file"


#: what each problem means, for a person reading Vietnamese (the detail after it is technical)
_PROBLEM_VI = {
    Problem.CUT_SHORT: "Tệp đồng bộ bị cắt cụt (chép chưa hết), hãy chép lại",
    Problem.UNKNOWN_VERSION: "Tệp đồng bộ có phiên bản định dạng không hỗ trợ",
    Problem.UNKNOWN_DESK: "Tệp đồng bộ của một quầy chưa được đăng ký",
    Problem.BAD_SIGNATURE: "Chữ ký của tệp đồng bộ không hợp lệ",
    Problem.ALTERED: "Tệp đồng bộ đã bị thay đổi sau khi ghi, hãy chép lại từ quầy",
    Problem.OUT_OF_SEQUENCE: "Tệp đồng bộ không đúng thứ tự kết xuất",
    Problem.NOT_A_SYNC_FILE: "Đây không phải tệp đồng bộ OneStop",
}


class SyncFileError(KnownError):
    """The file is refused whole; `problem` says which check failed, the message says how, and
    `cause` is the exception of a lower layer (the ZIP reader) that made the check fail."""

    def __init__(self, problem: Problem, message: str, cause: BaseException | None = None) -> None:
        self.problem = problem
        #: the message without the problem's name before it
        self.detail = message
        self.cause = cause
        super().__init__(
            f"{_PROBLEM_VI[problem]}: {message}", f"{problem.value.replace('_', ' ')}: {message}"
        )


class _Manifested:
    """What a read file tells of itself from its manifest."""

    manifest: dict[str, Any]

    @property
    def desk_id(self) -> str:
        return str(self.manifest["desk_id"])

    @property
    def export_seq(self) -> int:
        return int(self.manifest["export_seq"])


@dataclass(frozen=True)
class SyncFile(_Manifested):
    """A sync file that passed every check that needs no upstream state except desk keys."""

    name: str
    file_sha256: str
    manifest: dict[str, Any]
    manifest_sha256: str
    dossiers: list[dict[str, Any]]
    steps: list[dict[str, Any]]
    tombstones: list[dict[str, Any]]


@dataclass(frozen=True)
class Container(_Manifested):
    """A sync file checked whole but for what its records say: complete, known version, known
    desk, signature, manifest schema, and each part's size, SHA-256, line count and count."""

    name: str
    file_sha256: str
    manifest: dict[str, Any]
    manifest_sha256: str
    #: the `.jsonl` parts, as signed
    parts: dict[str, bytes]
    #: every entry of the ZIP (manifest, signature, parts)
    entries: dict[str, bytes]


def _read_path(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise SyncFileError(
            Problem.NOT_A_SYNC_FILE, f"cannot read {path}: {error.strerror}"
        ) from None
    if size > MAX_BYTES:
        raise SyncFileError(
            Problem.NOT_A_SYNC_FILE, f"{path.name} is larger than {MAX_BYTES} bytes"
        )
    return path.read_bytes()


def read_file(
    path: Path, desk_keys: Mapping[str, Ed25519PublicKey], validate: bool = True
) -> SyncFile:
    """Read and check a sync file: complete, known version, known desk, signature, checksums,
    schemas and counts. Raises SyncFileError naming the first failed check.
    """
    return read_bytes(path.name, _read_path(path), desk_keys, validate)


def read_bytes(
    name: str, data: bytes, desk_keys: Mapping[str, Ed25519PublicKey], validate: bool = True
) -> SyncFile:
    container = read_container(name, data, desk_keys, validate)
    records = read_records(container.parts, validate)
    return SyncFile(
        name=name,
        file_sha256=container.file_sha256,
        manifest=container.manifest,
        manifest_sha256=container.manifest_sha256,
        dossiers=records["dossiers.jsonl"],
        steps=records["steps.jsonl"],
        tombstones=records["tombstones.jsonl"],
    )


def read_records(parts: Mapping[str, bytes], validate: bool = True) -> dict[str, list[Any]]:
    """The records of each part (of a Container: sizes and line counts checked), each line one
    JSON object, checked against its schema when `validate`. Raises SyncFileError (altered)
    naming the first line at fault."""
    records = {part: _parse(part, blob, blob.count(b"\n")) for part, blob in parts.items()}
    if validate:
        from onestop_desktop.sync.schemas import check_records

        for part_name in (p for p in PARTS if p in records):
            problem = check_records(part_name, records[part_name])
            if problem:
                raise SyncFileError(Problem.ALTERED, problem)
    return records


def validate_records(parts: Mapping[str, bytes], lines: Mapping[str, int] | None = None) -> None:
    """`read_records(parts)`'s verdict, without the records: each part decoded straight into
    its schema's types (sync/schemas.py `PartCheck`, in C, a third of the cost), and only a
    part that does not pass that way read and checked by `read_records`, which names the line
    at fault. `lines`: each part's count of newlines, when already counted (`read_container`
    holds a part to its manifest's). Raises SyncFileError as `read_records` does."""
    from onestop_desktop.sync.schemas import part_check

    doubtful: dict[str, bytes] = {}
    for part, blob in parts.items():
        expected = lines[part] if lines is not None else blob.count(b"\n")
        check = part_check(part)
        if not blob or (
            check is not None
            and _one_object_a_line(blob, expected)
            and check.accepts(blob, expected)
        ):
            continue
        doubtful[part] = blob
    if doubtful:
        read_records(doubtful)


def read_container(
    name: str, data: bytes, desk_keys: Mapping[str, Ed25519PublicKey], validate: bool = True
) -> Container:
    """Every check of `read_bytes` but parsing the records and checking them against their
    schemas. Raises SyncFileError naming the first failed check."""
    entries = _unzip(name, data)
    manifest, manifest_bytes = _signed_manifest(name, entries, desk_keys, validate)
    for part in manifest["parts"]:
        blob = entries[part["name"]]
        if len(blob) != part["bytes"] or sha256(blob) != part["sha256"]:
            raise SyncFileError(
                Problem.ALTERED, f"{part['name']} does not match its checksum in the manifest"
            )
        if blob and not blob.endswith(b"\n"):
            raise SyncFileError(Problem.ALTERED, f"{part['name']} does not end with a newline")
        lines = blob.count(b"\n")
        if lines != part["records"]:
            raise SyncFileError(
                Problem.ALTERED, f"{part['name']} has {lines} lines, expected {part['records']}"
            )
    counts = manifest["counts"]
    records = part_records(manifest)
    for part_name, key in zip(PARTS, _COUNTS, strict=True):
        if records[part_name] != counts[key]:
            raise SyncFileError(Problem.ALTERED, f"{part_name} holds a different count")
    return _container(name, data, manifest, manifest_bytes, entries)


def part_records(manifest: Mapping[str, Any]) -> dict[str, int]:
    """Each part's count of records (of lines) as the manifest gives it."""
    return {part["name"]: int(part["records"]) for part in manifest["parts"]}


def read_signed(name: str, data: bytes, desk_keys: Mapping[str, Ed25519PublicKey]) -> Container:
    """`read_container`'s checks of the ZIP's directory and of the manifest (format, version,
    desk, key, signature, schema, name), in its order, and the parts cut out of the ZIP as
    they stand: neither their CRC nor their size, SHA-256, line count or count is checked.
    For an import whose second process runs `read_container` in full while this one merges,
    and which commits nothing before that verdict. A ZIP whose parts cannot be cut out as a
    desk lays them is read by `read_container`, which says what is wrong with it."""
    small, infos = _unzip_directory(name, data)
    try:
        manifest, manifest_bytes = _signed_manifest(name, small, desk_keys, True)
    except SyncFileError:
        # `read_container` would say first that a part is damaged, if one is: let it say.
        return read_container(name, data, desk_keys)
    entries = dict(small)
    declared = {part["name"]: part["bytes"] for part in manifest["parts"]}
    for part in PARTS:
        info = infos[part]
        if info.file_size != declared.get(part):
            # Not the size the signed manifest declares: `read_container` says so.
            return read_container(name, data, desk_keys)
        header = data[info.header_offset : info.header_offset + 30]
        if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
            return read_container(name, data, desk_keys)
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        start = info.header_offset + 30 + name_length + extra_length
        entries[part] = data[start : start + info.compress_size]
    return _container(name, data, manifest, manifest_bytes, entries)


def _container(
    name: str,
    data: bytes,
    manifest: dict[str, Any],
    manifest_bytes: bytes,
    entries: dict[str, bytes],
) -> Container:
    return Container(
        name=name,
        file_sha256=sha256(data),
        manifest=manifest,
        manifest_sha256=sha256(manifest_bytes),
        parts={part: entries[part] for part in PARTS},
        entries=entries,
    )


def _signed_manifest(
    name: str,
    entries: Mapping[str, bytes],
    desk_keys: Mapping[str, Ed25519PublicKey],
    validate: bool,
) -> tuple[dict[str, Any], bytes]:
    """The manifest (and its bytes), checked: JSON, format, version, a registered desk and its
    key, the signature, the schema (when `validate`), the file's name."""
    manifest_bytes = entries["manifest.json"]
    try:
        manifest = json.loads(manifest_bytes)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SyncFileError(Problem.ALTERED, f"manifest.json is not valid JSON ({error})") from None
    if not isinstance(manifest, dict):
        raise SyncFileError(Problem.ALTERED, "manifest.json is not an object")
    if manifest.get("format") != FORMAT:
        raise SyncFileError(
            Problem.NOT_A_SYNC_FILE, f"format is {manifest.get('format')!r}, expected {FORMAT!r}"
        )
    if manifest.get("version") != VERSION:
        raise SyncFileError(
            Problem.UNKNOWN_VERSION,
            f"format version {manifest.get('version')!r}; this importer reads version {VERSION}",
        )
    desk_id = manifest.get("desk_id")
    public = desk_keys.get(desk_id) if isinstance(desk_id, str) else None
    if public is None:
        raise SyncFileError(
            Problem.UNKNOWN_DESK,
            f"desk {desk_id!r} is not registered; register its public key first",
        )
    if manifest.get("key_fingerprint") != keys.fingerprint(public):
        # A store names the desk's registered key; a key given by hand is only that key.
        which = getattr(desk_keys, "describe_key", f"the key registered for desk {desk_id}")
        raise SyncFileError(
            Problem.UNKNOWN_DESK,
            f"signed with key {str(manifest.get('key_fingerprint'))[:16]}…, not {which}",
        )
    if not keys.verify(public, entries["manifest.sig"], manifest_bytes):
        raise SyncFileError(
            Problem.BAD_SIGNATURE, "the signature does not match the manifest (altered file?)"
        )
    if validate:
        from onestop_desktop.sync.schemas import check_manifest

        problem = check_manifest(manifest)
        if problem:
            raise SyncFileError(Problem.ALTERED, f"manifest.json: {problem}")
    expected_name = file_name(manifest["agency_code"], manifest["station"], manifest["export_seq"])
    if FILE_NAME_RE.match(name) and name != expected_name:
        raise SyncFileError(
            Problem.ALTERED, f"the file is named {name} but its manifest says {expected_name}"
        )
    return manifest, manifest_bytes


#: the read-back of a written file goes through a buffer of this size, never all of it at once
_CHUNK = 16 * 1024 * 1024


def verify_written(path: Path, data: bytes, public: Ed25519PublicKey) -> None:
    """Check that the sync file at `path` is `data`, the file `build_file` made, every byte of it,
    in one pass through a fixed buffer (a whole history is gigabytes). Checked as upstream
    checks it: the manifest's format and version, its signature with the desk's `public` key,
    each part's size, SHA-256 and line count against the manifest, the counts; every other byte
    (ZIP headers, central directory) against `data`, so the ZIP is complete and exactly as
    built. Raises SyncFileError naming what differs."""
    name = path.name
    regions: list[tuple[int, int, str]] = []  # (start, end, entry name or "" for ZIP bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    if [i.filename for i in infos] != list(ENTRIES):
        raise SyncFileError(Problem.ALTERED, f"{name}: entries differ from {list(ENTRIES)}")
    position = 0
    for info in infos:
        offset = info.header_offset
        name_length, extra_length = struct.unpack("<HH", data[offset + 26 : offset + 30])
        start = offset + 30 + name_length + extra_length
        regions += [(position, start, ""), (start, start + info.compress_size, info.filename)]
        position = start + info.compress_size
    regions.append((position, len(data), ""))
    hashes = {part: hashlib.sha256() for part in PARTS}
    lines = dict.fromkeys(PARTS, 0)
    small: dict[str, bytearray] = {"manifest.json": bytearray(), "manifest.sig": bytearray()}
    buffer = bytearray(_CHUNK)
    view = memoryview(buffer)
    at = 0  # file offset of buffer[0]
    try:
        with path.open("rb", buffering=0) as handle:
            while True:
                got = handle.readinto(buffer)
                if not got:
                    break
                if at + got > len(data):
                    raise SyncFileError(Problem.ALTERED, f"{name} is longer than written")
                for start, end, entry in regions:
                    a, b = max(start, at), min(end, at + got)
                    if a >= b:
                        continue
                    chunk = view[a - at : b - at]
                    if entry in hashes:
                        hashes[entry].update(chunk)
                        lines[entry] += buffer.count(b"\n", a - at, b - at)
                    elif entry:
                        small[entry] += chunk
                    elif chunk != memoryview(data)[a:b]:
                        raise SyncFileError(
                            Problem.ALTERED, f"{name}: its ZIP headers differ from those written"
                        )
                at += got
    except OSError as error:
        raise SyncFileError(Problem.CUT_SHORT, f"cannot read {path}: {error.strerror}") from None
    if at != len(data):
        raise SyncFileError(Problem.CUT_SHORT, f"{name} is {at} bytes, not {len(data)}")
    manifest_bytes = bytes(small["manifest.json"])
    if not keys.verify(public, bytes(small["manifest.sig"]), manifest_bytes):
        raise SyncFileError(Problem.BAD_SIGNATURE, "the signature does not match the manifest")
    manifest = json.loads(manifest_bytes)
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise SyncFileError(Problem.ALTERED, f"{name}: not a {FORMAT} {VERSION} manifest")
    if manifest.get("key_fingerprint") != keys.fingerprint(public):
        raise SyncFileError(Problem.UNKNOWN_DESK, f"{name} names another key")
    sizes = {start_end[2]: start_end[1] - start_end[0] for start_end in regions}
    for part in manifest["parts"]:
        entry = part["name"]
        if (sizes[entry], hashes[entry].hexdigest(), lines[entry]) != (
            part["bytes"],
            part["sha256"],
            part["records"],
        ):
            raise SyncFileError(
                Problem.ALTERED, f"{entry} does not match its checksum in the manifest"
            )
    counts = manifest["counts"]
    if [counts[key] for key in _COUNTS] != [lines[p] for p in PARTS]:
        raise SyncFileError(Problem.ALTERED, f"{name}: the counts differ from the parts")


def _unzip(name: str, data: bytes) -> dict[str, bytes]:
    """Every entry of the ZIP, each checked against its CRC."""
    return _read_zip(name, data, ENTRIES)[0]


def _unzip_directory(name: str, data: bytes) -> tuple[dict[str, bytes], dict[str, zipfile.ZipInfo]]:
    """The manifest and its signature (CRCs checked), and where each entry lies."""
    return _read_zip(name, data, ("manifest.json", "manifest.sig"))


#: the largest `manifest.json` (or `manifest.sig`) read: a desk's manifest is about a kilobyte
#: (three parts' names, sizes and hashes), its signature 64 bytes
MAX_MANIFEST_BYTES = 64 * 1024


def _stored_as_a_desk_stores(name: str, infos: Sequence[zipfile.ZipInfo]) -> None:
    """Refuse, from the ZIP's directory alone and before a byte is inflated, what a desk never
    writes: a compressed entry (a desk stores every entry: `build_file`), an entry whose
    declared size differs from the bytes it occupies, a manifest larger than a manifest is.
    So reading an entry never yields more bytes than the file holds: no ZIP bomb, signed or
    not, makes the reader use more memory than a legitimate file of its size."""
    for info in infos:
        if info.compress_type != zipfile.ZIP_STORED:
            raise SyncFileError(
                Problem.ALTERED,
                f"{name}: entry {info.filename} is compressed (method {info.compress_type}), "
                "not what a desk writes (a desk stores every entry uncompressed); nothing of it "
                "was inflated; copy the file again from the desk",
            )
        if info.file_size != info.compress_size:
            raise SyncFileError(
                Problem.ALTERED,
                f"{name}: entry {info.filename} declares {info.file_size} bytes stored in "
                f"{info.compress_size}, not what a desk writes; copy the file again from the desk",
            )
        if info.filename in ("manifest.json", "manifest.sig") and (
            info.file_size > MAX_MANIFEST_BYTES
        ):
            raise SyncFileError(
                Problem.ALTERED,
                f"{name}: {info.filename} is {info.file_size} bytes, not what a desk writes (at "
                f"most {MAX_MANIFEST_BYTES}); copy the file again from the desk",
            )


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """An entry's bytes, read with a ceiling of its declared size (which the directory's check
    held to the bytes it occupies): a ZIP whose sizes lie yields no more than declared, and
    its CRC then fails."""
    with archive.open(info) as handle:
        blob = handle.read(info.file_size + 1)
        if len(blob) > info.file_size:
            raise zipfile.BadZipFile(f"{info.filename} holds more than its declared size")
        return blob


def _read_zip(
    name: str, data: bytes, read: tuple[str, ...]
) -> tuple[dict[str, bytes], dict[str, zipfile.ZipInfo]]:
    if not data.startswith(b"PK\x03\x04"):
        raise SyncFileError(Problem.NOT_A_SYNC_FILE, f"{name} is not a sync file (not a ZIP)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if sorted(names) != sorted(ENTRIES) or len(names) != len(ENTRIES):
                raise SyncFileError(
                    Problem.ALTERED, f"entries {names} differ from the expected {list(ENTRIES)}"
                )
            infos = {info.filename: info for info in archive.infolist()}
            _stored_as_a_desk_stores(name, list(infos.values()))
            entries = {entry: _read_entry(archive, infos[entry]) for entry in read}
            return entries, infos
    except SyncFileError:
        raise
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as error:
        raise SyncFileError(
            Problem.CUT_SHORT, f"{name} is incomplete or damaged ({error}); copy it again", error
        ) from None


#: the part parser: msgspec (C), a number with a fraction read as a Decimal, which no schema
#: takes for an integer (json.loads's float 1.0 would pass JSON Schema's `integer`)
_RECORDS = msgspec.json.Decoder(float_hook=Decimal)


def _one_object_a_line(blob: bytes, expected: int) -> bool:
    """Whether each of the `expected` lines of `blob` (its count of newlines) begins with "{"
    and ends with "}": it begins with "{", ends with "}\n", and each newline between is in a
    "}\n{" (two of which cannot overlap)."""
    return (
        expected > 0
        and blob[:1] == b"{"
        and blob[-2:] == b"}\n"
        and blob.count(b"}\n{") == expected - 1
    )


def _parse(part: str, blob: bytes, expected: int) -> list[dict[str, Any]]:
    """The records of a JSON Lines part: exactly `expected` lines, each one JSON object.

    A part that is plainly one object a line (each line begins with "{" and ends with "}",
    and a JSON value never holds "}", a newline, "{" in that order, so no record spans two
    lines) is decoded whole, in one call; any other, or one that call refuses, is read a line
    at a time, which names the line at fault.
    """
    if _one_object_a_line(blob, expected):
        try:
            records: list[dict[str, Any]] = _RECORDS.decode_lines(blob)
        except (msgspec.DecodeError, ValueError, RecursionError):
            pass
        else:
            if len(records) == expected:
                return records
    return _parse_lines(part, blob, expected)


def _parse_lines(part: str, blob: bytes, expected: int) -> list[dict[str, Any]]:
    """`_parse`, a line at a time: the records, or SyncFileError naming the first line at
    fault. A line msgspec refuses is given to json.loads, which also reads the JSON escape of
    a lone surrogate (msgspec does not): such a record is then refused by upstream as one no
    store can keep, not the whole file as damaged."""
    if blob and not blob.endswith(b"\n"):
        raise SyncFileError(Problem.ALTERED, f"{part} does not end with a newline")
    try:
        blob.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SyncFileError(
            Problem.ALTERED, f"{part} is not UTF-8 text (byte {error.start})"
        ) from None
    lines = blob.split(b"\n")[:-1]
    if len(lines) != expected:
        raise SyncFileError(Problem.ALTERED, f"{part} has {len(lines)} lines, expected {expected}")
    out: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if line[:1] != b"{":
            raise SyncFileError(Problem.ALTERED, f"{part} line {number} is not an object")
        if line[-1:] != b"}":
            raise SyncFileError(
                Problem.ALTERED, f"{part} line {number} is not one JSON object on its own line"
            )
        try:
            record = _RECORDS.decode(line)
        except (msgspec.DecodeError, RecursionError):
            try:
                record = json.loads(line, parse_float=Decimal, parse_constant=Decimal)
            except (ValueError, RecursionError):
                raise SyncFileError(Problem.ALTERED, f"{part} line {number} is not JSON") from None
        out.append(record)
    return out
