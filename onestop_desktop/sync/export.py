"""The desk's end-of-day export: every dossier and step changed since the last export, in the
national portal's vocabulary (DongBoHoSoMC headers, CapNhatTienDoHoSoMC steps), as one signed
sync file. The file is written under a temporary name, read back and verified, and only then
renamed and recorded; any failure leaves the desk's state as it was.

An export is recorded if and only if its file exists, whatever moment the process dies at (a
power cut, a kill): it is written down as pending, with its file's SHA-256, before either copy
is renamed into place; the desk's archived copy (on its own disk) is renamed first and the
chosen folder's (a USB stick) second, so the folder never holds a file the archive lacks; and
the next start settles what a crash left (`settle_pending`): a pending export whose archived
copy exists with that SHA-256 is recorded (its folder copy completed if the folder is there),
one whose copy does not exist is dropped, and `.part` leftovers are removed.

Every record is checked against its JSON Schema (sync/schemas.py) as it is built, before it is
encoded: a record upstream would refuse stops the export with the dossier's code. So the file
read back is not parsed record by record again: its ZIP, signature, part sizes, SHA-256s, line
counts and counts are verified against the manifest (format.verify_written), which proves the
checked records are on disk byte for byte. Built for a whole history (a million dossiers):
rows read as plain tuples, values repeated across records composed once, JSON encoded in C
(format.jsonl, the same bytes as json.dumps with sorted keys).
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from onestop_desktop.domain.clock import iso
from onestop_desktop.domain.dossier import FieldError, InvalidInput
from onestop_desktop.domain.errors import KnownError
from onestop_desktop.domain.settings import OfficeSettings
from onestop_desktop.domain.status import Status
from onestop_desktop.store import sync as sync_store
from onestop_desktop.store.database import Database
from onestop_desktop.sync import format as fmt

Progress = Callable[[str, int], None]  # stage, records done

_log = logging.getLogger("onestop_desktop.sync")

#: Test-only (tests/test_export_crash.py): the name of an export's step at which the process
#: kills itself, to aim a crash at that step. Read once at import; unset, a step costs one
#: comparison.
_CRASH_AT = os.environ.get("ONESTOP_TEST_CRASH_AT") or None


def _step(name: str) -> None:
    """A named step of an export or of settling one: the process dies here if a test aims at it."""
    if name == _CRASH_AT:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


class ExportError(KnownError):
    """The export could not be written; nothing was recorded."""


class RecordRefused(ExportError):
    """A dossier's record that upstream would refuse (its schema): the export stops before
    the file is written, naming the dossier for the clerk to correct."""

    def __init__(self, code: str, problem: str) -> None:
        self.code = code
        self.problem = problem
        super().__init__(
            f"Hồ sơ {code} chưa kết xuất được: {problem}. Hãy mở hồ sơ, sửa thông tin rồi "
            "kết xuất lại; tệp chưa được ghi.",
            f"dossier {code} cannot be exported: {problem}; correct it and export again "
            "(the file was not written)",
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.code, self.problem)


class ExportBusy(ExportError):
    """Another export of this desk is running (the window and the command line at once): two
    would number their files alike, and the one that lost would remove the other's file."""

    def __init__(self, db_path: Path) -> None:
        super().__init__(
            "Quầy này đang kết xuất ở một cửa sổ hoặc lệnh khác. Hãy chờ lần đó xong rồi kết "
            "xuất lại; chưa có gì được ghi.",
            f"another export of the desk {db_path.name} is running; wait for it to finish "
            "and export again (nothing was written)",
        )


def lock_path(db: Database) -> Path:
    """The file whose lock one export of the desk holds while it runs."""
    return db.path.with_name(db.path.name + ".export-lock")


@contextlib.contextmanager
def export_lock(db: Database) -> Iterator[None]:
    """Hold the desk's export lock, or raise ExportBusy at once. The operating system lets
    the lock go when the process ends, so a power cut leaves no stale lock behind."""
    path = lock_path(db)
    with path.open("a+b") as handle:
        try:
            if sys.platform == "win32":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise ExportBusy(db.path) from None
        yield  # closing the file releases the lock


@dataclass(frozen=True)
class ExportResult:
    """An export written, verified and recorded."""

    path: Path
    record: sync_store.ExportRecord
    by_status: dict[int, int]


def compact(stamp: str | None) -> str:
    """ISO 8601 as stored (`2026-11-25T09:00:00+07:00`) → the portal's `yyyyMMddHHmmss`."""
    if not stamp:
        return ""
    # One f-string, not five concatenations: an export spells millions of these.
    return f"{stamp[0:4]}{stamp[5:7]}{stamp[8:10]}{stamp[11:13]}{stamp[14:16]}{stamp[17:19]}"


_KIND_TEXT = {
    "received": "Tiếp nhận hồ sơ",
    "transition": "Chuyển trạng thái",
    "apology": "Xin lỗi và hẹn lại ngày trả kết quả",
    "result_back": "Trả kết quả về Bộ phận Một cửa",
}
#: a hand-over step says to whom (the officer's name and title as recorded on the step)
HANDOVER_TEXT = "Chuyển hồ sơ cho {name} xử lý"
_OFFICER = "Cán bộ một cửa"
#: records encoded at a time (and the progress reported as often)
_BATCH = 10_000
#: memos of values repeated across records (papers of a procedure, step texts); each is
#: emptied when it reaches this size, so a history of free-text notes cannot fill memory
_MEMO_LIMIT = 50_000


def _papers(documents_json: str) -> list[dict[str, Any]]:
    """The papers handed over (DanhSachTepDinhKemKhac) from a dossier's `documents` column."""
    papers = []
    for doc in json.loads(documents_json):
        for kind, key in (("1", "originals"), ("2", "certified_copies"), ("3", "photocopies")):
            if doc[key]:
                papers.append({"TenGiayTo": doc["name"], "SoLuong": doc[key], "LoaiGiayTo": kind})
    return papers


def _supplements(extensions: list[Any]) -> list[dict[str, Any]]:
    """Apologies and supplement requests (DanhSachHoSoBoSung) from a dossier's history."""
    supplements = []
    for event in extensions:
        data = json.loads(event["data"])
        if event["kind"] == "apology":
            supplements.append(
                {
                    "NoiDungBoSung": f"Xin lỗi, hẹn lại ngày trả kết quả: {event['note']}",
                    "NgayBoSung": compact(event["at"]),
                    "NgayHenTraTruoc": compact(data.get("previous_due")),
                    "NgayHenTraMoi": compact(data.get("new_due")),
                }
            )
        else:
            supplements.append(
                {
                    "NoiDungBoSung": f"Yêu cầu bổ sung: {event['note']}",
                    "NgayBoSung": compact(event["at"]),
                    "NgayHenTraTruoc": "",
                    "NgayHenTraMoi": "",
                }
            )
    return supplements


def dossier_records(
    rows: Iterable[tuple[Any, ...]], settings: OfficeSettings, extensions: dict[int, list[Any]]
) -> Iterator[dict[str, Any]]:
    """Dossier rows (store.sync.DOSSIER_COLUMNS) as DongBoHoSoMC data items (DOMAIN.md §5.2).

    Written for a million rows: plain tuples, each date spelled once, the papers of a
    `documents` text parsed once (a procedure's papers repeat from dossier to dossier)."""
    agency_name = settings.agency_name
    papers_of: dict[str, list[dict[str, Any]]] = {}
    refused = int(Status.REFUSED)
    for (
        dossier_id,
        code,
        procedure_code,
        procedure_name,
        field_code,
        field_name,
        channel,
        applicant_name,
        id_number,
        applicant_kind,
        address,
        phone,
        email,
        received_at,
        due_at,
        status,
        returned_at,
        collected_by,
        return_method,
        finished_at,
        note,
        documents,
        change_seq,
    ) in rows:
        papers = papers_of.get(documents)
        if papers is None:
            if len(papers_of) >= _MEMO_LIMIT:
                papers_of.clear()
            papers = papers_of[documents] = _papers(documents)
        events = extensions.get(dossier_id)
        received = compact(received_at)
        finished = compact(finished_at) if finished_at else ""
        status = int(status)
        yield {
            "MaHoSo": code,
            "MaTTHC": procedure_code,
            "TenTTHC": procedure_name,
            "MaLinhVuc": field_code,
            "TenLinhVuc": field_name,
            "KenhThucHien": str(channel),
            "ChuHoSo": applicant_name,
            "SoGiayToChuHoSo": id_number or "",
            "LoaiDoiTuong": str(applicant_kind),
            "DiaChiChuHoSo": address or "",
            "SoDienThoai": phone or "",
            "Email": email or "",
            "TrichYeuHoSo": f"{procedure_name} - {applicant_name}"[:1000],
            "NgayNopHoSo": received,
            "NgayTiepNhan": received,
            "NgayHenTra": compact(due_at) if due_at else "",
            "TrangThaiHoSo": str(status),
            "NgayTra": compact(returned_at) if returned_at else "",
            "ThongTinTra": f"Người nhận: {collected_by}" if collected_by else "",
            "HinhThuc": str(return_method),
            "NgayKetThucXuLy": finished if status in (8, 9, 10) else "",
            "DonViXuLy": agency_name,
            "GhiChu": note,
            "NgayTuChoi": finished if status == refused else "",
            "DinhDanhCHS": [{"LoaiDinhDanh": "1", "SoDinhDanh": id_number}] if id_number else [],
            "DanhSachTepDinhKemKhac": papers,
            "DanhSachHoSoBoSung": _supplements(events) if events else [],
            "_version": int(change_seq),
        }


def step_records(rows: Iterable[tuple[Any, ...]], office_name: str) -> Iterator[dict[str, Any]]:
    """History step rows (store.sync.STEP_COLUMNS) as CapNhatTienDoHoSoMC data items
    (DOMAIN.md §5.3): NguoiXuLy, ChucDanh and PhongBanXuLy are the step's person with the title
    and unit recorded on the step (so exporting a range again gives the same bytes after a
    change of title), "Cán bộ một cửa" and the office's name only when the step has none. What
    a step says depends on its kind, status and note alone (a hand-over also names its
    officer), so each such text is composed once."""
    office = office_name[:300]
    texts: dict[tuple[str, Any, str], tuple[str, str]] = {}
    officers: dict[str, str] = {}
    for (
        step_id,
        at,
        kind,
        to_status,
        actor,
        note,
        change_seq,
        code,
        received_at,
        due_at,
        title,
        unit,
        data,
    ) in rows:
        said: tuple[str, str] | None
        if kind == "handover":
            said = _step_text(kind, to_status, note, _handed_to(data))
        else:
            said = texts.get((kind, to_status, note))
            if said is None:
                if len(texts) >= _MEMO_LIMIT:
                    texts.clear()
                said = texts[(kind, to_status, note)] = _step_text(kind, to_status, note)
        officer = officers.get(actor)
        if officer is None:
            if len(officers) >= _MEMO_LIMIT:
                officers.clear()
            officer = officers[actor] = (actor or _OFFICER)[:50]
        yield {
            "MaHoSo": code,
            "NguoiXuLy": officer,
            "ChucDanh": (title or _OFFICER)[:100],
            "ThoiDiemXuLy": compact(at),
            "PhongBanXuLy": unit[:300] if unit else office,
            "NoiDungXuLy": said[0],
            "TrangThai": said[1],
            "NgayBatDau": compact(received_at),
            "NgayKetThucTheoQuyDinh": compact(due_at) if due_at else "",
            "_step": int(step_id),
            "_version": int(change_seq),
        }


def _handed_to(data: str) -> str:
    """The officer a hand-over step names: "Name (title)" as recorded on the step."""
    values = json.loads(data or "{}")
    name, title = values.get("to_name") or "", values.get("to_title") or ""
    return f"{name} ({title})" if title else name


def _step_text(kind: str, to_status: int | None, note: str, officer: str = "") -> tuple[str, str]:
    """What a step says (NoiDungXuLy) and the status it led to (TrangThai)."""
    status = int(to_status) if to_status is not None else 2
    text = HANDOVER_TEXT.format(name=officer) if kind == "handover" else _KIND_TEXT.get(kind, kind)
    if kind == "transition":
        text = f"{text}: {Status(status).label_vi}"
    if note:
        text = f"{text}. {note}"
    return text[:2000], str(status)


def _checked_lines(
    part: str,
    records: Iterable[dict[str, Any]],
    progress: Progress | None = None,
    stage: str = "",
) -> tuple[bytes, int]:
    """The part's JSON Lines and record count. Every record is checked against its schema
    before it is encoded (sync/schemas.py), so the file read back needs only its checksums,
    and a record upstream would refuse stops the export here, naming the dossier."""
    chunks: list[bytes] = []
    batch: list[dict[str, Any]] = []
    count = 0
    for record in records:
        batch.append(record)
        if len(batch) == _BATCH:
            chunks.append(_checked_batch(part, batch))
            count += len(batch)
            batch = []
            if progress:
                progress(stage, count)
    if batch:
        chunks.append(_checked_batch(part, batch))
        count += len(batch)
    return b"".join(chunks), count


def _checked_batch(part: str, batch: list[dict[str, Any]]) -> bytes:
    """A batch of a part's records as JSON Lines, once every record passed its schema: all at
    once by the typed check (in C: 2.8 us a dossier and 0.8 a step, where the schema check
    takes 8.9 and 4.2, which would add a quarter to the export of a whole history), or, when
    that does not pass them, record by record by the schema check, which names the record at
    fault."""
    from onestop_desktop.sync.schemas import PART_SCHEMAS, checker, part_check

    typed = part_check(part)
    if typed is None or not typed.accepts_records(batch):
        check = checker(PART_SCHEMAS[part])
        for record in batch:
            problem = check(record, part)
            if problem:
                raise RecordRefused(str(record.get("MaHoSo")), problem)
    return fmt.jsonl(batch)


#: a change range at least this long has its steps built by a second process, on the second
#: core, while this one builds the dossiers: a whole history. A day's export (a few thousand
#: changes) is done before such a process would have started.
PARALLEL_CHANGES = 100_000


class _StepsElsewhere:
    """The steps part of (lo, hi] being built by `python -m onestop_desktop.sync.export` in a
    second process: a fresh interpreter that inherits nothing of this one (threads, database
    connections), reads the database through its own connection and writes the part to a
    temporary file. If it fails, or takes far longer than any build needs (it is stuck), it
    is killed, what it wrote to stderr logged, and the part built here.

    What it buys: the steps are a quarter of a whole history's work (200,000 dossiers: 12.3 s
    of CPU in one process, 9.1 s in this one beside it). On the 2-core machine, 1,000,000
    dossiers (`bench`, 2026-12-04): 46 s with it, 0.95 of the plain dump's 48 s; 103 s
    without it, 1.36 of 76 s (a busier moment); both above the 0.72 aimed at, without it
    further. Frozen builds (whose executable is the application) do without it."""

    #: the longest wait for the second process: generous, since only a stuck one is given up
    MIN_SECONDS = 120.0
    SECONDS_PER_CHANGE = 0.001

    def __init__(self, db: Database, settings: OfficeSettings, lo: int, hi: int) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="onestop-export-")
        self.part = Path(self.folder.name) / "steps.jsonl"
        command = [sys.executable, "-m", "onestop_desktop.sync.export", "--steps-part"]
        command += [str(db.path.resolve()), settings.office_title, str(lo), str(hi)]
        command.append(str(self.part))
        # Wherever this process was started from, the child finds this very package.
        # (An empty entry would put the child's current folder on its sys.path.)
        root = str(Path(__file__).resolve().parents[2])
        inherited = os.environ.get("PYTHONPATH")
        path = os.pathsep.join([root, inherited]) if inherited else root
        env = {**os.environ, "PYTHONPATH": path}
        self.timeout = max(self.MIN_SECONDS, (hi - lo) * self.SECONDS_PER_CHANGE)
        try:
            self.process: subprocess.Popen[bytes] | None = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
            )
        except OSError as error:
            _log.warning("the second export process could not start: %s", error)
            self.process = None

    def result(self, seen: int) -> tuple[bytes, int] | None:
        """The part and its count; None (build it here) if the process failed or read the
        database in another state than `seen` (a change committed in between: one export is
        one state of the desk). An invalid record stops the export (ExportError)."""
        try:
            if self.process is None:
                return None
            try:
                out, err = self.process.communicate(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                _, err = self.process.communicate()
                _log.warning(
                    "the second export process took over %.0f s and was killed; the steps "
                    "part is built here instead. Its stderr:\n%s",
                    self.timeout,
                    err.decode("utf-8", "replace"),
                )
                return None
            answer = json.loads(out or b"{}")
            if self.process.returncode == 0 and answer.get("seen") == seen:
                return self.part.read_bytes(), int(answer["count"])
            refused = answer.get("refused")
            if isinstance(refused, dict):
                raise RecordRefused(str(refused["code"]), str(refused["problem"]))
            if answer.get("seen") != seen and self.process.returncode == 0:
                return None  # a change committed in between: not a failure
            _log.warning(
                "the second export process failed (exit status %s); the steps part is built "
                "here instead. Its stderr:\n%s",
                self.process.returncode,
                err.decode("utf-8", "replace"),
            )
            return None
        except (OSError, ValueError, KeyError, TypeError):
            _log.warning("the second export process gave no usable answer", exc_info=True)
            return None
        finally:
            self.close()

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.folder.cleanup()


def _spare_core() -> bool:
    """Whether a second process would run beside this one rather than take turns with it."""
    return (os.cpu_count() or 1) >= 2


def _steps_elsewhere(
    db: Database, settings: OfficeSettings, lo: int, hi: int
) -> _StepsElsewhere | None:
    """Start the second process when worth it and possible (not from a frozen build, whose
    executable is the application itself)."""
    if hi - lo < PARALLEL_CHANGES or getattr(sys, "frozen", False) or not _spare_core():
        return None
    return _StepsElsewhere(db, settings, lo, hi)


def _build_steps_part(path: Path, office_name: str, lo: int, hi: int, out: Path) -> None:
    """The second process's work: print {"seen": last change sequence read, "count": n} after
    writing the part, or {"refused": {"code", "problem"}} for a record that cannot be
    exported (RecordRefused)."""
    try:
        with sync_store.second_reader(path) as db, db.snapshot():
            seen = sync_store.last_change_seq(db)
            data, count = _checked_lines(
                "steps.jsonl", step_records(sync_store.steps_in_range(db, lo, hi), office_name)
            )
    except RecordRefused as error:
        print(json.dumps({"refused": {"code": error.code, "problem": error.problem}}))
        sys.exit(3)
    out.write_bytes(data)
    print(json.dumps({"seen": seen, "count": count}))


def build_range(
    db: Database,
    settings: OfficeSettings,
    key: Ed25519PrivateKey,
    export_seq: int,
    lo: int,
    hi: int,
    previous_manifest: str | None,
    progress: Progress | None = None,
) -> tuple[bytes, bytes, dict[str, int], dict[int, int]]:
    """The sync file for the change range (lo, hi]: (file bytes, manifest bytes, counts,
    dossiers by status). Deterministic: the same range of the same data gives the same bytes.
    """
    with contextlib.ExitStack() as cleanup:
        elsewhere = _steps_elsewhere(db, settings, lo, hi)
        if elsewhere:
            cleanup.callback(elsewhere.close)  # before the snapshot, which may fail
        cleanup.enter_context(db.snapshot())
        seen = sync_store.last_change_seq(db)
        latest, by_status = sync_store.range_summary(db, lo, hi)
        extensions = sync_store.extension_events(db, lo, hi)
        dossiers, n_dossiers = _checked_lines(
            "dossiers.jsonl",
            dossier_records(sync_store.dossiers_in_range(db, lo, hi), settings, extensions),
            progress,
            "dossiers",
        )
        built = elsewhere.result(seen) if elsewhere else None
        if built is None:
            steps, n_steps = _checked_lines(
                "steps.jsonl",
                step_records(sync_store.steps_in_range(db, lo, hi), settings.office_title),
                progress,
                "steps",
            )
        else:
            steps, n_steps = built
            if progress:
                progress("steps", n_steps)
        tombstones, n_tombstones = _checked_lines(
            "tombstones.jsonl",
            (
                {
                    "MaHoSo": row["entity_key"],
                    "NgayXoa": compact(row["deleted_at"]),
                    "_version": int(row["change_seq"]),
                }
                for row in sync_store.tombstones_in_range(db, lo, hi)
            ),
        )
    counts = {"dossiers": n_dossiers, "steps": n_steps, "tombstones": n_tombstones}
    parts = {"dossiers.jsonl": dossiers, "steps.jsonl": steps, "tombstones.jsonl": tombstones}
    del dossiers, steps, tombstones
    manifest_fields = {
        "agency_code": settings.agency_code,
        "station": settings.station,
        "desk_id": settings.desk_id,
        "export_seq": export_seq,
        "previous_manifest_sha256": previous_manifest,
        "change_seq_from": lo,
        "change_seq_to": hi,
        "generated_at": compact(latest),
    }
    data, manifest = fmt.build_file(manifest_fields, parts, counts, key)
    return data, manifest, counts, by_status


def archive_dir(db: Database) -> Path:
    """Where the desk keeps a copy of every export, to write it again if a stick is lost."""
    return archive_dir_for(db.path)


def archive_dir_for(db_path: Path) -> Path:
    """`archive_dir` of the desk database at `db_path`."""
    return db_path.with_name(db_path.name + ".exports")


#: the outbox's name, for the clerk who looks for the file to send ("files to send upstream")
OUTBOX_NAME = "Tệp gửi cấp trên"
#: the outbox's name before it was named for people; still read when looking for exports
LEGACY_OUTBOX_SUFFIX = ".outbox"


def outbox_dir_for(db_path: Path) -> Path:
    """Where an export goes when no folder is given: beside the database, named for people
    ("Tệp gửi cấp trên"; a database not named `desk.sqlite3`, such as the demo office's,
    prefixes its own name so two offices never share one)."""
    if db_path.name == "desk.sqlite3":
        return db_path.with_name(OUTBOX_NAME)
    return db_path.with_name(f"{db_path.stem} - {OUTBOX_NAME}")


def export_changes(
    db: Database,
    settings: OfficeSettings,
    key: Ed25519PrivateKey,
    out_dir: Path,
    now: datetime,
    progress: Progress | None = None,
) -> ExportResult | None:
    """Write the next sync file into `out_dir`; None when nothing changed since the last one.

    One export of a desk at a time (`export_lock`): the next number is read, the file written
    and the export recorded by one export alone. What an earlier crash left is settled first,
    so the next number follows every file that exists."""
    with export_lock(db):
        _step("locked")
        unsettled = [s for s in _settle_locked(db) if s.outcome == "unsettled"]
        if unsettled:
            raise ExportUnsettled(unsettled[0].record.export_seq, unsettled[0].detail)
        return _export_changes(db, settings, key, out_dir, now, progress)


class ExportUnsettled(ExportError):
    """An earlier export a crash interrupted could not be settled (its archived copy could not
    be read): numbering the next one now could give two different files one number."""

    def __init__(self, seq: int, detail: str) -> None:
        self.seq = seq
        self.detail = detail
        super().__init__(
            f"Chưa xác định được lần kết xuất số {seq} bị gián đoạn trước đó ({detail}). Hãy "
            "kiểm tra ổ đĩa của máy rồi kết xuất lại; chưa có gì được ghi.",
            f"export {seq}, interrupted earlier, cannot be settled ({detail}); check the "
            "computer's disk and export again (nothing was written)",
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.seq, self.detail)


def _export_changes(
    db: Database,
    settings: OfficeSettings,
    key: Ed25519PrivateKey,
    out_dir: Path,
    now: datetime,
    progress: Progress | None,
) -> ExportResult | None:
    last = sync_store.last_export(db)
    lo = last.change_seq_to if last else 0
    hi = sync_store.last_change_seq(db)
    if hi <= lo:
        return None
    seq = (last.export_seq if last else 0) + 1
    data, manifest, counts, by_status = build_range(
        db, settings, key, seq, lo, hi, last.manifest_sha256 if last else None, progress
    )
    name = fmt.file_name(settings.agency_code, settings.station, seq)
    record = sync_store.ExportRecord(
        export_seq=seq,
        file_name=name,
        change_seq_from=lo,
        change_seq_to=hi,
        manifest_sha256=fmt.sha256(manifest),
        file_sha256=NOT_HASHED,
        dossiers=counts["dossiers"],
        steps=counts["steps"],
        tombstones=counts["tombstones"],
        exported_at=iso(now),
        folder=str(out_dir.resolve()),
    )
    archived = archive_dir(db) / name
    path = out_dir / name
    _clean_leftovers(out_dir, settings)
    _step("built")
    # Written down before any file appears: a crash from here on leaves a row for the next
    # start to settle, and with it the names of the `.part` files to clean. Its SHA-256 is
    # computed while the copies are written and is in the row before either is renamed.
    sync_store.record_pending(db, record)
    _step("pending")
    placed: list[Path] = []
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            # The file's SHA-256 is computed while the files are written, and the desk's copy
            # is written while the folder's is verified: hashing and the disks run outside the
            # GIL. The desk's copy holds the same bytes, verified whole through the folder's
            # copy: comparing the SHA-256 read back is enough.
            hashing = pool.submit(fmt.sha256, data)
            archiving = pool.submit(
                _write_part, data, archived, key.public_key(), hashing.result, False
            )
            try:
                _write_part(data, path, key.public_key(), hashing.result)
            finally:
                wait([archiving])
            archiving.result()
            record = replace(record, file_sha256=hashing.result())
        _step("verified")
        sync_store.pending_hashed(db, seq, record.file_sha256)
        _step("hashed")
        # The archive first: the folder (the stick carried upstream) never holds a file that
        # the desk's own disk lacks, so the archived copy alone tells, at the next start,
        # whether the export exists, even when the stick was pulled out in between.
        # Counted as placed before the rename: one that reports a failure may still have
        # happened (a stick pulled out before the folder's entry was synced).
        placed.append(archived)
        _place(archived, "archive")
        _step("archive-placed")
        placed.append(path)
        _place(path)
        _step("folder-placed")
        sync_store.settle_recorded(db, seq)
        _step("recorded")
    except BaseException:
        _take_back(db, record, placed, [archived, path])
        raise
    if progress:
        progress("done", counts["dossiers"])
    return ExportResult(path, record, by_status)


def _clean_leftovers(folder: Path, settings: OfficeSettings) -> None:
    """Remove `.part` files an interrupted export of this desk left in `folder`: a stick that
    was not there when the desk settled that export. Other desks' files are left alone."""
    # The desk's names differ only in the number after their last "-".
    stem = fmt.file_name(settings.agency_code, settings.station, 0).rsplit("-", 1)[0]
    with contextlib.suppress(OSError):
        for leftover in folder.glob(f"{glob.escape(stem)}-*.zip.part"):
            with contextlib.suppress(OSError):
                leftover.unlink()


#: the SHA-256 of a pending export whose copies are still being written: neither was renamed
NOT_HASHED = ""


def _take_back(
    db: Database, record: sync_store.ExportRecord, placed: list[Path], copies: list[Path]
) -> None:
    """Undo an export that failed (an exception; a crash is settled at the next start): the
    `.part` files, then the folder's copy, then the archive's and the pending row. If the
    folder's copy cannot be removed (the stick pulled out after the rename), the export
    exists: the archived copy and the row stay, and the next start records it."""
    for copy in copies:
        with contextlib.suppress(OSError):
            _part(copy).unlink(missing_ok=True)
    for copy in reversed(placed):
        try:
            copy.unlink(missing_ok=True)
        except OSError:
            _log.warning("export %s: %s could not be removed", record.export_seq, copy)
            return
    with contextlib.suppress(Exception):
        sync_store.drop_pending(db, record.export_seq)


Outcome = Literal["recorded", "dropped", "unsettled"]


@dataclass(frozen=True)
class Settled:
    """What settling did with an export a crash interrupted: recorded (its file exists; in its
    folder too when `in_folder`), dropped (it does not), or unsettled (its copy could not be
    read: `detail` says why; it stays pending)."""

    record: sync_store.ExportRecord
    outcome: Outcome
    in_folder: bool = False
    detail: str = ""


def settle_pending(db: Database) -> list[Settled]:
    """At the desk's start: settle the exports a crash interrupted. One query when there are
    none; skipped while another export of the desk runs (it owns its pending row, and the next
    export settles whatever it leaves) and on a database opened read-only."""
    if db.read_only or not sync_store.pending_exports(db):
        return []
    with contextlib.ExitStack() as held:
        try:
            held.enter_context(export_lock(db))
        except (ExportBusy, OSError):
            return []
        return _settle_locked(db)


def _settle_locked(db: Database) -> list[Settled]:
    """Settle every pending export; the caller holds the export lock."""
    return [_settle(db, record) for record in sync_store.pending_exports(db)]


def _settle(db: Database, record: sync_store.ExportRecord) -> Settled:
    """Recorded if the archived copy exists with the recorded SHA-256 (or, failing that, the
    folder's copy: restored into the archive); dropped if neither does."""
    archived = archive_dir(db) / record.file_name
    path = Path(record.folder) / record.file_name
    reachable = path.parent.is_dir()
    for copy in (archived, path):
        with contextlib.suppress(OSError):
            _part(copy).unlink(missing_ok=True)
    try:
        # Not hashed yet: killed while the copies were written, so neither was renamed.
        hashed = record.file_sha256 != NOT_HASHED
        in_archive = hashed and _holds(archived, record.file_sha256)
        in_folder = hashed and reachable and _holds(path, record.file_sha256)
    except OSError as error:
        _log.warning("export %s cannot be settled yet: %s", record.export_seq, error)
        return Settled(record, "unsettled", detail=str(error.strerror or error))
    if sync_store.export_by_seq(db, record.export_seq) is not None:
        # Recorded meanwhile by other means (a restore): that record stands.
        sync_store.drop_pending(db, record.export_seq)
        return Settled(record, "dropped", in_folder)
    if not in_archive and not in_folder:
        _step("settling")
        sync_store.drop_pending(db, record.export_seq)
        _log.warning(
            "export %s was interrupted before its file existed: dropped", record.export_seq
        )
        return Settled(record, "dropped")
    source, target = (archived, path) if in_archive else (path, archived)
    if in_archive and not reachable:
        _log.warning(
            "export %s was interrupted; its folder %s is not there: recorded, write it again "
            "from the desk's copy",
            record.export_seq,
            record.folder,
        )
    elif not (in_archive and in_folder):
        try:
            _copy_verified(source, target, record.file_sha256)
            in_folder = True
        except (OSError, ExportError) as error:
            _log.warning("export %s: %s could not be written: %s", record.export_seq, target, error)
    _step("settling")
    sync_store.settle_recorded(db, record.export_seq)
    return Settled(record, "recorded", in_folder)


def _holds(path: Path, file_sha256: str) -> bool:
    """Whether `path` exists with this SHA-256 (read in chunks: a whole history is large)."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest() == file_sha256
    except (FileNotFoundError, NotADirectoryError):
        return False


def _copy_verified(source: Path, target: Path, file_sha256: str) -> None:
    """Copy a settled export's file to where its other copy belongs, as an export writes it."""
    tmp = _part(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with source.open("rb") as reading, tmp.open("wb") as writing:
            shutil.copyfileobj(reading, writing, 1 << 20)
            writing.flush()
            os.fsync(writing.fileno())
        if not _holds(tmp, file_sha256):
            raise ExportError(
                f"Tệp {tmp} đọc lại khác với dữ liệu đã ghi.",
                f"{tmp} read back differently from what was written",
            )
        _place(target, "settled")
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def export_again(
    db: Database, settings: OfficeSettings, key: Ed25519PrivateKey, seq: int, out_dir: Path
) -> Path:
    """Write export `seq` again, byte-identical to the first time."""
    record = sync_store.export_by_seq(db, seq)
    if record is None:
        last = sync_store.last_export(db)
        written = f"exports 1–{last.export_seq}" if last else "no export yet"
        raise InvalidInput(
            [
                FieldError(
                    "again",
                    f"Không có lần kết xuất số {seq} (quầy đã ghi: {written}).",
                    f"there is no export number {seq}: expected one of the desk's exports "
                    f"({written})",
                )
            ]
        )
    previous = sync_store.export_by_seq(db, seq - 1) if seq > 1 else None
    data, *_ = build_range(
        db,
        settings,
        key,
        seq,
        record.change_seq_from,
        record.change_seq_to,
        previous.manifest_sha256 if previous else None,
    )
    if fmt.sha256(data) != record.file_sha256:
        # Dossiers changed since: their old state lives only in the archived copy.
        archived = archive_dir(db) / record.file_name
        if not archived.exists() or fmt.sha256(archived.read_bytes()) != record.file_sha256:
            raise ExportError(
                f"Không dựng lại được lần kết xuất {seq} (hồ sơ đã thay đổi) và bản lưu "
                f"{archived} bị thiếu hoặc hỏng.",
                f"export {seq} cannot be rebuilt (its dossiers changed since) and its archived "
                f"copy {archived} is missing or damaged",
            )
        data = archived.read_bytes()
    return _write_verified(
        data, out_dir / record.file_name, key.public_key(), lambda: record.file_sha256
    )


def _part(path: Path) -> Path:
    """The temporary name a copy is written under until it is verified and renamed."""
    return path.with_name(path.name + ".part")


def _write_verified(
    data: bytes,
    path: Path,
    public: Ed25519PublicKey,
    file_sha256: Callable[[], str],
    parse: bool = True,
) -> Path:
    """Write under a temporary name, fsync, read back and verify, then rename into place."""
    _write_part(data, path, public, file_sha256, parse)
    _place(path, "folder" if parse else "archive")
    return path


def _write_part(
    data: bytes,
    path: Path,
    public: Ed25519PublicKey,
    file_sha256: Callable[[], str],
    parse: bool = True,
) -> None:
    """Write `data` to `path`'s `.part` name, fsync, read back and verify; on any failure the
    `.part` is removed.

    Verifying, when `parse`, is what upstream does before it reads a record
    (format.verify_written: every byte is the file built, the signature with the desk's public
    key, every part's size, SHA-256 and line count against the manifest, the counts); the
    records themselves were checked against their schemas before they were encoded
    (`_checked_lines`), and the checksums prove they are on disk as checked. Else (a second
    copy of bytes verified through the first) that the bytes read back have the file's
    SHA-256."""
    copy = "folder" if parse else "archive"
    tmp = _part(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as handle:
            half = len(data) // 2
            # Two writes with a flush between, so that a test can aim a crash at a file half
            # on disk; a memoryview, so that nothing is copied.
            handle.write(memoryview(data)[:half])
            handle.flush()
            _step(f"{copy}-half-written")
            handle.write(memoryview(data)[half:])
            handle.flush()
            os.fsync(handle.fileno())
        _step(f"{copy}-synced")
    except OSError as error:
        # A stick that filled up keeps no half-written file.
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise _cannot_write(path, error) from error
    try:
        if parse:
            fmt.verify_written(tmp, data, public)
        elif fmt.sha256(tmp.read_bytes()) != file_sha256():
            raise ExportError(
                f"Tệp {tmp} đọc lại khác với dữ liệu đã ghi.",
                f"{tmp} read back differently from what was written",
            )
    except fmt.SyncFileError as error:
        tmp.unlink(missing_ok=True)
        raise ExportError(
            f"Tệp ghi vào {path.parent} không kiểm tra lại được: {error}.",
            f"the file written to {path.parent} did not verify: {error}",
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _place(path: Path, copy: str = "folder") -> None:
    """Rename a verified `.part` to its name, durably (the folder's entry synced too)."""
    try:
        os.replace(_part(path), path)
        _step(f"{copy}-renamed")
        _fsync_dir(path.parent)
    except OSError as error:
        raise _cannot_write(path, error) from error


def _cannot_write(path: Path, error: OSError) -> ExportError:
    return ExportError(
        f"Không ghi được {path}: {error.strerror} (USB đầy hoặc chỉ cho phép đọc?).",
        f"cannot write {path}: {error.strerror} (is the USB stick full or read-only?)",
    )


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every platform (Windows)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


if __name__ == "__main__" and sys.argv[1:2] == ["--steps-part"]:
    _, _, db_file, office, low, high, part_file = sys.argv
    _build_steps_part(Path(db_file), office, int(low), int(high), Path(part_file))
