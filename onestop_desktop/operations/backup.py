"""Backups of the desk and restoring one: so that a desk can lose its disk and lose nothing.

A backup is one SQLite file made with SQLite's online backup of the live database (settings
included, since they live in it) plus the desk's signing key, checked after it is written
(integrity_check of the copy, counts, SHA-256 in the folder's catalogue and in a `.sha256` file
beside it) and self-describing (`store.backup`). Backups in the desk's own folder are kept in
rotation: the newest of each of the last 7 days, 4 weeks and 12 months.

The key: a backup in the desk's own folder holds it in clear and is readable by its owner only
(0600). A backup written anywhere else (a USB stick: no permissions, easily lost) holds it only
sealed to the administrator's backup key, or not at all; a desk restored from such a backup then
makes a new key, to be registered upstream (`upstream register --replace`).

The administrator's backup key: the administrator sets a passphrase once; scrypt(passphrase,
random salt) gives an X25519 private key, and the desk keeps only the salt and the public key
(settings `backup_key_salt`, `backup_public_key`): nothing secret. A backup off the PC seals the
signing key to that public key (an ephemeral X25519 key, HKDF-SHA256, AES-GCM), so the clerk's
end-of-day backup needs no passphrase; restoring it asks for the passphrase, re-derives the
private key from it and the salt the sealed blob carries, and opens the key.

A damaged database (SQLite's quick_check) refuses the backup, so a good backup is never rotated
out for a bad one, and says to restore the last good backup instead.

Restoring verifies the backup first (hash, integrity), keeps the current database and key aside
under a timestamped name (never deletes them), and puts the backup in place; `undo_restore` puts
the kept-aside files back. The caller then replays the exports written since the backup
(`operations.replay`, the issue's other half) so the export numbering continues.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from onestop_desktop.domain.clock import iso, parse_time, to_vn
from onestop_desktop.domain.errors import InputError, KnownError
from onestop_desktop.domain.settings import (
    OfficeSettings,
    settings_from_values,
    settings_to_values,
    with_changes,
)
from onestop_desktop.operations.base import DeskBase
from onestop_desktop.operations.replay import ReplayResult, replay_exports
from onestop_desktop.store import backup as store
from onestop_desktop.store import dossiers as repo
from onestop_desktop.store.database import Database, latest_schema, open_database
from onestop_desktop.sync import keys
from onestop_desktop.sync.export import LEGACY_OUTBOX_SUFFIX, archive_dir_for, outbox_dir_for

FORMAT = "onestop-desk-backup"
FORMAT_VERSION = 1
SUFFIX = ".backup.sqlite3"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12

KEY_CLEAR = "pem"
KEY_SEALED = "pem+x25519+hkdf-sha256+aesgcm"
#: the shortest backup passphrase accepted: it alone guards a key that can sign for the office
MIN_PASSPHRASE = 12
#: the folder on the end-of-day export's stick that the backup goes into
STICK_FOLDER = "onestop-backups"


def default_backup_dir(db_path: Path) -> Path:
    """The desk's own backup folder: `ONESTOP_BACKUP_DIR`, else beside the database."""
    env = os.environ.get("ONESTOP_BACKUP_DIR")
    return Path(env) if env else db_path.with_name(db_path.name + ".backups")


class DamagedDatabase(KnownError):
    """SQLite's quick_check found the desk database damaged: no backup of it is written."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        first = problems[0] if problems else ""
        super().__init__(
            f"Cơ sở dữ liệu {path} bị hỏng ({first}). Không sao lưu tệp hỏng để khỏi thay mất "
            "bản sao lưu tốt. Hãy ngừng nhập hồ sơ và phục hồi từ bản sao lưu tốt gần nhất "
            "(Cài đặt → Sao lưu và phục hồi).",
            f"the database {path} is damaged ({first}); it is not backed up, so that no good "
            "backup is rotated out for it; stop receiving dossiers and restore the latest good "
            "backup",
            cli_hint="list them with `backups`, then `restore FILE`",
        )


class BackupRefused(KnownError):
    """A backup file cannot be used: not a desk backup, altered, damaged, or its key locked."""


class BadPassphrase(InputError):
    """The passphrase does not open the backup's encrypted key."""

    def __init__(self) -> None:
        super().__init__(
            "Mật khẩu không đúng: không mở được khóa ký trong bản sao lưu.",
            "passphrase: wrong passphrase, the backup's signing key cannot be decrypted",
        )


@dataclass(frozen=True)
class BackupInfo:
    """One backup as listed: what it holds and whether it passed its check."""

    path: Path
    kind: str
    created_at: str
    dossiers: int
    steps: int
    last_export_seq: int
    sha256: str
    checked: str  # "ok", or what is wrong with it
    has_key: bool
    key_encrypted: bool
    schema_version: int = 0
    agency_code: str = ""
    #: the desk's public key when the backup was made ("" for backups made before it was kept)
    public_key: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = str(self.path)
        return data


@dataclass(frozen=True)
class BackupResult:
    """A backup just written, its check, and the older backups rotated out for it."""

    backup: BackupInfo
    rotated_out: list[Path]
    #: seconds each stage took: quick_check, online_backup, integrity_check, sha256
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RestoreResult:
    """What a restore put in place and where the replaced database and key were kept aside."""

    restored: BackupInfo
    db_path: Path
    kept_aside: list[Path]
    key_restored: bool
    new_key_made: bool  # the backup had no usable key: register the new one upstream
    #: the exports written since the backup, replayed into it (None: no folder of them found)
    replay: ReplayResult | None = None


# -- the key in a backup --------------------------------------------------------------------


def _kdf(salt: bytes) -> Scrypt:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1)


class PassphraseTooShort(InputError):
    """The backup passphrase is shorter than `MIN_PASSPHRASE` characters."""

    def __init__(self) -> None:
        super().__init__(
            f"Mật khẩu sao lưu phải có ít nhất {MIN_PASSPHRASE} ký tự (nên dùng một câu dễ nhớ "
            "với vài từ).",
            f"passphrase: the backup passphrase must have at least {MIN_PASSPHRASE} characters "
            "(a sentence of a few words is easy to remember)",
        )


@dataclass(frozen=True)
class BackupKey:
    """The public half of the administrator's backup key: what the desk stores (not secret)."""

    salt: bytes
    public_key: bytes  # X25519, raw 32 bytes

    def to_settings(self) -> dict[str, str]:
        return {
            "backup_key_salt": base64.b64encode(self.salt).decode(),
            "backup_public_key": base64.b64encode(self.public_key).decode(),
        }

    @classmethod
    def from_settings(cls, settings: OfficeSettings) -> BackupKey | None:
        """The backup key the settings hold; None when no passphrase was set."""
        if not settings.backup_public_key:
            return None
        return cls(
            base64.b64decode(settings.backup_key_salt),
            base64.b64decode(settings.backup_public_key),
        )

    @property
    def fingerprint(self) -> str:
        """16 hex digits to compare by eye: the same passphrase and salt give the same."""
        return hashlib.sha256(self.public_key).hexdigest()[:16]


def _backup_private_key(passphrase: str, salt: bytes) -> X25519PrivateKey:
    """scrypt(passphrase, salt) as an X25519 private key (any 32 bytes are one)."""
    return X25519PrivateKey.from_private_bytes(_kdf(salt).derive(passphrase.encode("utf-8")))


def derive_backup_key(passphrase: str) -> BackupKey:
    """A new backup key from the administrator's passphrase and a fresh random salt
    (PassphraseTooShort below `MIN_PASSPHRASE` characters). Takes scrypt's time: off the UI."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise PassphraseTooShort()
    salt = os.urandom(16)
    public = _backup_private_key(passphrase, salt).public_key().public_bytes_raw()
    return BackupKey(salt, public)


def _wrapping_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    # Both public keys in the info bind the AES key to this exchange (as HPKE does).
    info = b"onestop-desk-backup-key v1" + ephemeral + recipient
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


def seal_key(pem: bytes, to: BackupKey) -> bytes:
    """The key file's bytes sealed to the administrator's backup key: an ephemeral X25519 key
    agreed with it, HKDF-SHA256, AES-GCM. The blob carries the salt, so the passphrase alone
    opens it later."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(to.public_key))
    nonce = os.urandom(12)
    aad = ephemeral_public + to.public_key
    data = AESGCM(_wrapping_key(shared, ephemeral_public, to.public_key)).encrypt(nonce, pem, aad)
    fields = {
        "salt": to.salt,
        "recipient": to.public_key,
        "ephemeral": ephemeral_public,
        "nonce": nonce,
        "data": data,
    }
    return json.dumps({k: base64.b64encode(v).decode() for k, v in fields.items()}).encode()


def open_sealed_key(blob: bytes, passphrase: str) -> bytes:
    """The key file's bytes from `seal_key`'s output (BadPassphrase when the passphrase does
    not give the key it was sealed to)."""
    fields = {k: base64.b64decode(v) for k, v in json.loads(blob).items()}
    private = _backup_private_key(passphrase, fields["salt"])
    if private.public_key().public_bytes_raw() != fields["recipient"]:
        raise BadPassphrase()
    shared = private.exchange(X25519PublicKey.from_public_bytes(fields["ephemeral"]))
    secret = _wrapping_key(shared, fields["ephemeral"], fields["recipient"])
    try:
        return AESGCM(secret).decrypt(
            fields["nonce"], fields["data"], fields["ephemeral"] + fields["recipient"]
        )
    except InvalidTag:
        raise BadPassphrase() from None


# -- writing a backup -------------------------------------------------------------------------


def check_database(db: Database) -> None:
    """Raise DamagedDatabase when SQLite's quick_check finds the desk database damaged."""
    problems = store.quick_check(db)
    if problems:
        raise DamagedDatabase(db.path, problems)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _private_file(path: Path) -> None:
    """Create `path` empty, readable by its owner only, before anything is written into it."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_backup(
    db: Database,
    folder: Path,
    *,
    kind: str,
    now: datetime,
    own_folder: bool = True,
    seal_to: BackupKey | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BackupResult:
    """Check the live database, back it up into `folder`, check the copy, record it, rotate.

    `own_folder`: the desk's own backup folder (key in clear, 0600, rotation). Elsewhere the key
    goes in only sealed to the administrator's backup key `seal_to`, or not at all.
    """
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    check_database(db)
    seconds["quick_check"] = time.perf_counter() - started
    folder.mkdir(parents=True, exist_ok=True)
    moment = to_vn(now)
    stem = db.path.name.removesuffix(".sqlite3")
    final = folder / f"{stem}-{moment:%Y%m%dT%H%M%S}-{kind}{SUFFIX}"
    counter = 1
    while final.exists():  # two in one second: never replace a backup already written
        counter += 1
        final = folder / f"{stem}-{moment:%Y%m%dT%H%M%S}-{kind}-{counter}{SUFFIX}"
    partial = final.with_name(final.name + ".partial")
    _private_file(partial)
    try:
        started = time.perf_counter()
        store.online_backup(db, partial, progress)
        seconds["online_backup"] = time.perf_counter() - started
        counts = store.file_counts(partial)
        key = _key_for_backup(keys.key_path(db.path), own_folder=own_folder, seal_to=seal_to)
        info = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "kind": kind,
            "created_at": iso(moment),
            "agency_code": _agency_code(db),
            "source": db.path.name,
            # Not secret, and what a restored desk needs to verify the exports it replays when
            # the backup leaves the private key out and a new key is made.
            "public_key": _public_key(keys.key_path(db.path)),
            **counts,
        }
        store.write_description(partial, info, key)
        started = time.perf_counter()
        problems = store.integrity_check(partial)
        seconds["integrity_check"] = time.perf_counter() - started
        if problems:
            raise BackupRefused(
                f"Bản sao lưu vừa ghi không đạt kiểm tra ({problems[0]}); bản cũ được giữ nguyên.",
                f"the backup just written failed its check ({problems[0]}); older ones are kept",
            )
        _fsync(partial)
        started = time.perf_counter()
        digest = _sha256(partial)
        seconds["sha256"] = time.perf_counter() - started
        os.replace(partial, final)
        final.with_name(final.name + ".sha256").write_text(f"{digest}  {final.name}\n")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    backup = BackupInfo(
        path=final,
        kind=kind,
        created_at=iso(moment),
        dossiers=counts["dossiers"],
        steps=counts["steps"],
        last_export_seq=counts["last_export_seq"],
        sha256=digest,
        checked="ok",
        has_key=key is not None,
        key_encrypted=key is not None and key[0] == KEY_SEALED,
        schema_version=counts["schema_version"],
        agency_code=str(info["agency_code"]),
        public_key=str(info["public_key"]),
    )
    row = backup.to_json()
    row["file_name"] = final.name
    store.catalogue_record(folder, row)
    rotated = rotate(folder) if own_folder else []
    return BackupResult(backup, rotated, seconds)


def _agency_code(db: Database) -> str:
    return str(repo.read_settings(db).get("agency_code", ""))


def _key_for_backup(
    path: Path, *, own_folder: bool, seal_to: BackupKey | None
) -> tuple[str, bytes] | None:
    if not path.exists():
        return None
    pem = path.read_bytes()
    if own_folder:
        return KEY_CLEAR, pem
    return (KEY_SEALED, seal_key(pem, seal_to)) if seal_to is not None else None


# -- listing and rotation -------------------------------------------------------------------


def read_backup(path: Path, *, verify: bool = False) -> BackupInfo:
    """What a backup file holds, from the file itself; with `verify`, its hash and integrity
    are checked and `checked` says the result. BackupRefused when it is not a desk backup."""
    described = store.read_description(path) if path.is_file() else None
    if described is None or described[0].get("format") != FORMAT:
        raise BackupRefused(
            f"Tệp {path} không phải bản sao lưu của OneStop (hoặc đã hỏng).",
            f"{path} is not a OneStop desk backup (or it is damaged)",
        )
    info, key = described
    checked = "ok"
    digest = _sha256(path) if verify else ""
    if verify:
        expected = _recorded_sha256(path)
        if expected and expected != digest:
            checked = "sha256 differs from the one recorded when it was written"
        else:
            problems = store.integrity_check(path)
            checked = problems[0] if problems else "ok"
    try:
        return BackupInfo(
            path=path,
            kind=info.get("kind", ""),
            created_at=info.get("created_at", ""),
            dossiers=int(info.get("dossiers", 0)),
            steps=int(info.get("steps", 0)),
            last_export_seq=int(info.get("last_export_seq", 0)),
            sha256=digest or _recorded_sha256(path),
            checked=checked,
            has_key=key is not None,
            key_encrypted=key is not None and key[0] == KEY_SEALED,
            schema_version=int(info.get("schema_version", 0)),
            agency_code=info.get("agency_code", ""),
            public_key=info.get("public_key", ""),
        )
    except (ValueError, IndexError) as error:  # a description or .sha256 file altered
        raise BackupRefused(
            f"Tệp {path} là bản sao lưu bị hỏng (phần mô tả không đọc được).",
            f"{path} is a damaged backup (its description cannot be read: {error})",
        ) from None


def _recorded_sha256(path: Path) -> str:
    row = store.catalogue_rows(path.parent).get(path.name)
    if row:
        return str(row["sha256"])
    side = path.with_name(path.name + ".sha256")
    words = side.read_text().split() if side.exists() else []
    return words[0] if words else ""


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in a folder, newest first: from the catalogue where it has them, else from
    the files themselves (a new PC with only a stick)."""
    if not folder.is_dir():
        return []
    rows = store.catalogue_rows(folder)
    found: list[BackupInfo] = []
    for path in folder.glob(f"*{SUFFIX}"):
        row = rows.get(path.name)
        if row is not None:
            fields = {k: row[k] for k in BackupInfo.__dataclass_fields__ if k in row}
            fields.update(path=path, has_key=bool(row["has_key"]))
            fields["key_encrypted"] = bool(row["key_encrypted"])
            found.append(BackupInfo(**fields))
            continue
        try:
            found.append(read_backup(path))
        except BackupRefused:
            continue
    # newest first; ties (one second) broken by name, so the order is the same every time
    return sorted(found, key=lambda b: (b.created_at, b.path.name), reverse=True)


def _kept(backups: list[BackupInfo]) -> set[Path]:
    """Grandfather-father-son: every backup of the newest day (a clerk who backs up twice
    today keeps both), then the newest backup of each of the last 7 days, 4 ISO weeks and 12
    months that have one (older ones go)."""
    if not backups:
        return set()
    newest_day = parse_time(backups[0].created_at).date()
    kept = {b.path for b in backups if parse_time(b.created_at).date() == newest_day}
    for limit, period in (
        (KEEP_DAILY, lambda d: d.isoformat()),
        (KEEP_WEEKLY, lambda d: f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}"),
        (KEEP_MONTHLY, lambda d: f"{d.year}-{d.month:02d}"),
    ):
        seen: list[str] = []
        for b in backups:  # newest first
            key = period(parse_time(b.created_at).date())
            if key in seen:
                continue
            seen.append(key)
            if len(seen) > limit:
                break
            kept.add(b.path)
    return kept


def rotate(folder: Path) -> list[Path]:
    """Delete the backups the rotation no longer keeps (only sound ones count as kept)."""
    backups = [b for b in list_backups(folder) if b.checked == "ok"]
    kept = _kept(backups)
    gone: list[Path] = []
    for b in backups:
        if b.path in kept:
            continue
        b.path.unlink(missing_ok=True)
        b.path.with_name(b.path.name + ".sha256").unlink(missing_ok=True)
        store.catalogue_forget(folder, b.path.name)
        gone.append(b.path)
    return gone


# -- restoring ------------------------------------------------------------------------------

ASIDE_MARK = ".before-restore-"


def _companions(db_path: Path) -> list[Path]:
    """The files that make up a desk: database, its WAL and shared memory, its key."""
    return [
        db_path,
        db_path.with_name(db_path.name + "-wal"),
        db_path.with_name(db_path.name + "-shm"),
        keys.key_path(db_path),
    ]


def restore_backup(
    db_path: Path, backup: Path, *, now: datetime, passphrase: str | None = None
) -> RestoreResult:
    """Put `backup` in place of the (closed) desk database at `db_path`.

    The backup is verified first (hash, integrity, key opens); only then is the current database
    and key renamed aside with a timestamp and the backup put in place. The caller then replays
    the exports written since the backup.
    """
    info = read_backup(backup, verify=True)
    if info.checked != "ok":
        raise BackupRefused(
            f"Bản sao lưu {backup} không đạt kiểm tra ({info.checked}); không phục hồi. "
            "Hãy chọn bản sao lưu khác.",
            f"the backup {backup} failed its check ({info.checked}); nothing was restored; "
            "choose another backup",
        )
    newest = latest_schema()
    if info.schema_version > newest:
        # Refused before anything is set aside: this program could not open what it put there.
        raise BackupRefused(
            f"Bản sao lưu {backup} do phiên bản OneStop mới hơn tạo (lược đồ "
            f"{info.schema_version}, phiên bản này hỗ trợ đến {newest}); không phục hồi. Hãy "
            "cập nhật chương trình rồi phục hồi lại.",
            f"the backup {backup} was written by a newer OneStop (schema {info.schema_version}; "
            f"this version supports up to {newest}); nothing was restored; update the program "
            "and restore again",
        )
    described = store.read_description(backup)
    key = described[1] if described else None
    pem: bytes | None = None
    if key is not None and key[0] == KEY_SEALED:
        if passphrase:
            pem = open_sealed_key(key[1], passphrase)
    elif key is not None and key[0] == KEY_CLEAR:
        pem = key[1]
    elif key is not None:
        raise BackupRefused(
            f"Bản sao lưu {backup} giữ khóa ký ở dạng không biết ({key[0]}); không phục hồi.",
            f"the backup {backup} holds its signing key in an unknown form ({key[0]}); nothing "
            "was restored",
        )
    if key is not None and pem is None:
        raise BadPassphraseNeeded()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    incoming = db_path.with_name(db_path.name + ".restoring")
    _private_file(incoming)
    try:
        store.make_restorable(backup, incoming)
        _fsync(incoming)
    except BaseException:
        incoming.unlink(missing_ok=True)
        raise
    kept = _set_aside(db_path, now)
    os.replace(incoming, db_path)
    key_file = keys.key_path(db_path)
    if pem is not None:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, pem)
            os.fsync(fd)
        finally:
            os.close(fd)
    else:
        keys.create_key(key_file)
    return RestoreResult(info, db_path, kept, pem is not None, pem is None)


class BadPassphraseNeeded(InputError):
    """The backup's key is encrypted and no passphrase was given."""

    def __init__(self) -> None:
        super().__init__(
            "Khóa ký trong bản sao lưu được mã hóa: hãy nhập mật khẩu sao lưu.",
            "passphrase: the backup's signing key is encrypted; give the backup passphrase",
            cli_hint="--passphrase-file F",
        )


def _stamp_order(stamp: str) -> tuple[str, int]:
    base, _, counter = stamp.partition("-")
    return base, int(counter or 0)


def _set_aside(db_path: Path, now: datetime) -> list[Path]:
    """Rename the current desk files with a timestamp (never delete them, never overwrite files
    kept aside earlier: a restore and its undo within one second get `-1`, `-2`, ...)."""
    if db_path.exists():
        store.checkpoint_file(db_path)
    base = f"{to_vn(now):%Y%m%dT%H%M%S}"
    companions = _companions(db_path)
    counter = 0
    while True:
        stamp = f"{base}-{counter}" if counter else base
        if not any(p.with_name(f"{p.name}{ASIDE_MARK}{stamp}").exists() for p in companions):
            break
        counter += 1
    kept: list[Path] = []
    for path in companions:
        if path.exists():
            aside = path.with_name(f"{path.name}{ASIDE_MARK}{stamp}")
            os.replace(path, aside)
            kept.append(aside)
    return kept


def undo_restore(db_path: Path, *, now: datetime) -> list[Path]:
    """Put back the database and key the latest restore kept aside; the restored ones are in
    turn kept aside (nothing is deleted). Returns the files put back."""
    pattern = re.compile(re.escape(db_path.name + ASIDE_MARK) + r"(\d{8}T\d{6}(?:-\d+)?)$")
    stamps = sorted(
        (m.group(1) for p in db_path.parent.glob("*") if (m := pattern.match(p.name))),
        key=_stamp_order,
    )
    if not stamps:
        raise InputError(
            f"Không có cơ sở dữ liệu nào được giữ lại từ lần phục hồi trước bên cạnh {db_path}.",
            f"no database kept aside by an earlier restore next to {db_path}",
        )
    stamp = stamps[-1]
    originals = [(p.with_name(f"{p.name}{ASIDE_MARK}{stamp}"), p) for p in _companions(db_path)]
    _set_aside(db_path, now)
    back: list[Path] = []
    for aside, original in originals:
        if aside.exists():
            os.replace(aside, original)
            back.append(original)
    return back


# -- the desk's methods ---------------------------------------------------------------------


class Backups(DeskBase):
    """Backing up this desk: on demand, once a day, and the damage check before it."""

    @property
    def backup_dir(self) -> Path:
        """`ONESTOP_BACKUP_DIR`, else the folder chosen at set-up, else beside the database."""
        chosen = self.settings.backup_dir
        if chosen and not os.environ.get("ONESTOP_BACKUP_DIR"):
            return Path(chosen)
        return default_backup_dir(self.db.path)

    def check_database(self) -> None:
        """DamagedDatabase when the quick check finds the database damaged."""
        check_database(self.db)

    @property
    def backup_key(self) -> BackupKey | None:
        """The administrator's backup key (its public half), None when no passphrase is set."""
        return BackupKey.from_settings(self.settings)

    def set_backup_key(self, key: BackupKey) -> None:
        """Store the public half of a backup key `derive_backup_key` made (durably): backups
        off the PC seal the signing key to it from now on."""
        settings = with_changes(self.settings, **key.to_settings())
        with self.db.transaction():
            repo.write_settings(self.db, settings_to_values(settings))
            self.audit("backup.passphrase_set", "", {"fingerprint": key.fingerprint})
        self.settings = settings

    def set_backup_passphrase(self, passphrase: str) -> BackupKey:
        """Derive the backup key from the administrator's passphrase and store its public half
        (PassphraseTooShort when too short). The passphrase itself is kept nowhere."""
        key = derive_backup_key(passphrase)
        self.set_backup_key(key)
        return key

    def backup(
        self,
        folder: Path | None = None,
        *,
        kind: str = "manual",
        progress: Callable[[int, int], None] | None = None,
    ) -> BackupResult:
        """Back the desk up now, into its own folder or into `folder` (a USB stick: the key
        sealed to the administrator's backup key, or left out when none is set)."""
        own = folder is None or folder.resolve() == self.backup_dir.resolve()
        return make_backup(
            self.db,
            folder or self.backup_dir,
            kind=kind,
            now=self.clock.now(),
            own_folder=own,
            seal_to=self.backup_key,
            progress=progress,
        )

    def backups(self, folder: Path | None = None) -> list[BackupInfo]:
        return list_backups(folder or self.backup_dir)

    def backup_if_due(self) -> BackupResult | None:
        """The first start of each day: a daily backup when today has none yet."""
        today: date = to_vn(self.clock.now()).date()
        for b in self.backups():
            if parse_time(b.created_at).date() == today and b.checked == "ok":
                return None
        return self.backup(kind="daily")

    def restore(
        self,
        backup: Path,
        passphrase: str | None = None,
        exports: Sequence[Path] | None = None,
    ) -> RestoreResult:
        """Replace this desk's database (and key) with `backup`, reopen on it, and replay the
        export files written since the backup from `exports` (default: `export_folders`).

        Every other connection to the file must be closed first (the window's own desk): the
        file is renamed aside under them. The settings are read again from the restored file.
        """
        path = self.db.path
        folders = export_folders(path, backup) if exports is None else list(exports)
        self.db.close()
        try:
            result = restore_backup(path, backup, now=self.clock.now(), passphrase=passphrase)
        finally:
            self.reopen()
        return replace(result, replay=replay_after_restore(self, result, folders))

    def reopen(self) -> None:
        """Open the database file again (after a restore replaced it) and read its settings
        (`Desk` also rebuilds its calendar from them)."""
        self.db = open_database(self.db.path, create=False)
        self.settings = settings_from_values(repo.read_settings(self.db))


def export_folders(db_path: Path, backup: Path | None = None) -> list[Path]:
    """Where a desk's own copies of its exports are: the archive beside the database (which
    survives a damaged database, not a dead disk) and the outbox, the default export folder;
    and, for a backup the end of the day wrote onto a USB stick, the stick's folder the
    exports went to (the backup sits in its STICK_FOLDER)."""
    folders = [
        archive_dir_for(db_path),
        outbox_dir_for(db_path),
        db_path.with_name(db_path.name + LEGACY_OUTBOX_SUFFIX),
    ]
    if backup is not None and backup.parent.name == STICK_FOLDER:
        folders.append(backup.parent.parent)
    return folders


def replay_after_restore(
    desk: DeskBase, restored: RestoreResult, folders: Sequence[Path]
) -> ReplayResult | None:
    """Bring back what the desk exported after the backup was made, from the folders of those
    that exist (None when none does), so that the export chain continues where upstream
    expects it. When the backup held no key and a new one was made, the files are verified
    with the public key the backup recorded."""
    present = [folder for folder in folders if folder.is_dir()]
    replayed = None
    if present:
        previous = restored.restored.public_key if restored.new_key_made else ""
        replayed = replay_exports(desk, present, previous or None)
    # The restored log is the backup's: what was logged after it is not carried back
    # (NOT_CARRIED), so the restore itself is the next entry.
    desk.audit(
        "backup.restored",
        restored.restored.path.name,
        {
            "backup_created_at": restored.restored.created_at,
            "exports_replayed": len(replayed.exports_replayed) if replayed is not None else 0,
            "missing_since": replayed.missing_since if replayed is not None else None,
        },
    )
    return replayed


def _public_key(key_file: Path) -> str:
    """The desk's public key as `key` prints it, or "" when the key file cannot be read."""
    try:
        return keys.public_text(keys.load_key(key_file))
    except KnownError:
        return ""
