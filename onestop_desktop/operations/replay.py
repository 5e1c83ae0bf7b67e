"""After a restore from an older backup: replay the export files written since, so that every
dossier and step they carried is back at the desk and the export chain goes on where upstream
expects it (issue 9, "Nothing lost, whatever happens to the PC").

The desk's own files are found in the folders given (the outbox, the USB stick), each verified
whole with the desk's public key (or the previous one, when the restored desk had to make a new
key) and against the chain the restored database holds (the next export number, the previous
manifest's SHA-256, the change range that follows), then applied in one transaction per file:
dossiers upserted back by code (a state not newer than the desk's is left alone, so replaying
twice changes nothing), steps inserted under their own numbers, deletions applied, the file
recorded in the exports table, the change counter and the day's code counters raised past
what the file carried. The next export then carries only new work, numbered and chained as
upstream expects, and a code issued after the restore never reuses one a replayed file carried.

What a file does not carry cannot come back (`NOT_CARRIED` says which columns and what they
get). Work done after the last export and before the disk died is lost: the result says from
what time (`missing_since`).
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from onestop_desktop.domain.clock import iso
from onestop_desktop.domain.dossier import CODE_RE, FieldError, InvalidInput
from onestop_desktop.domain.errors import KnownError
from onestop_desktop.domain.status import Status
from onestop_desktop.domain.text import fold
from onestop_desktop.operations.base import DeskBase
from onestop_desktop.store import replay as replay_store
from onestop_desktop.store import sync as sync_store
from onestop_desktop.sync import export as sync_export
from onestop_desktop.sync import format as fmt
from onestop_desktop.sync import keys

_log = logging.getLogger("onestop_desktop.replay")

#: the dossier columns an export does not carry, and what a replayed dossier gets for them
#: (an existing row keeps its own value for the first six)
NOT_CARRIED: dict[str, str] = {
    "deadline_text": "the catalogue's wording of the procedure's deadline ('' if withdrawn)",
    "documents": "the papers handed over, rebuilt from DanhSachTepDinhKemKhac (papers "
    "counted zero are not carried)",
    "sets_count": "1",
    "original_due_at": "the calendar's due time for the receiving time (else NgayHenTra)",
    "clerk": "the receiving step's officer (else this desk's clerk)",
    "created_at": "the receiving time",
    "updated_at": "the time of the step that made the state carried (else the file's time)",
    "paused_total_s": "kept, 0 on a new row (office time paused is not carried)",
    "step data": "an apology's previous and new due time and its number, the collector of a "
    "returned result; not whether an apology was overridden or sent in time, nor a resumed "
    "clock's due times",
    "print_log": "the desk's print log (never exported)",
    "step person": "a step's person id (the export names people, it does not number them: "
    "NULL); its name, title and unit come back from NguoiXuLy, ChucDanh and PhongBanXuLy "
    "(the title 'Cán bộ một cửa' and the office's name, the export's fallbacks, come back as '')",
    "hand-over data": "a hand-over's officer as its text names them (to_name: 'Name (title)'); "
    "not the officers' ids, nor the outcome of a hand-over or a result back",
    "holder_id, held_since": "kept, NULL on a new row (who holds a dossier is not exported)",
    "audit_log": "the audit log of work after the backup (never exported): the restored log "
    "is the backup's, followed by one entry recording the restore",
}

_APOLOGY = "Xin lỗi, hẹn lại ngày trả kết quả: "
_SUPPLEMENT = "Yêu cầu bổ sung: "
_COLLECTOR = "Người nhận: "
_STEP_KINDS = {
    "Tiếp nhận hồ sơ": "received",
    "Xin lỗi và hẹn lại ngày trả kết quả": "apology",
    "Trả kết quả về Bộ phận Một cửa": "result_back",
}
#: the export's ChucDanh when a step names no title (sync.export)
_OFFICER_FALLBACK = "Cán bộ một cửa"
_HANDOVER_PREFIX, _HANDOVER_SUFFIX = "Chuyển hồ sơ cho ", " xử lý"
_VI = {
    "already_at_desk": "Đã có ở quầy (kết xuất trước bản sao lưu hoặc đã phát lại).",
    "other_desk": "Tệp của quầy khác.",
    "duplicate": "Bản sao của một tệp đã phát lại.",
    "gap": "Thiếu lần kết xuất trước nó (bị thiếu hoặc bị từ chối); chưa phát lại được.",
    "out_of_sequence": "Không nối tiếp chuỗi kết xuất của quầy.",
    "diverged": "Cơ sở dữ liệu đã có công việc khác ghi sau khi khôi phục, trùng số với tệp.",
    "cut_short": "Tệp bị cắt cụt; hãy chép lại.",
    "altered": "Tệp đã bị sửa đổi hoặc hỏng.",
    "bad_signature": "Chữ ký không hợp lệ (tệp bị sửa hoặc ký bằng khóa khác).",
    "unknown_desk": "Tệp được ký bằng khóa không phải của quầy này. Nếu quầy đã tạo khóa mới, "
    "hãy nhập khóa công khai cũ của quầy (đã đăng ký với hệ thống cấp trên).",
    "unknown_version": "Phiên bản định dạng không đọc được.",
    "not_a_sync_file": "Không phải tệp đồng bộ.",
}


@dataclass(frozen=True)
class SkippedFile:
    """A file found and not applied, and why (`problem`: a short code; the reasons in both
    languages)."""

    path: Path
    problem: str
    reason: str

    @property
    def reason_vi(self) -> str:
        return _VI.get(self.problem, self.reason)

    def as_json(self) -> dict[str, str]:
        return {"file": str(self.path), "problem": self.problem, "reason": self.reason}


@dataclass(frozen=True)
class ReplayResult:
    """What a replay brought back."""

    #: the export numbers replayed, in order
    exports_replayed: list[int]
    #: dossiers written back (new at the desk, or a newer state of one it held)
    dossiers: int
    #: history steps written back
    steps: int
    #: deletions applied
    tombstones: int
    #: the desk's last export number now: the next export is this + 1
    last_export_seq: int
    #: the latest work the desk holds (ISO 8601): work recorded after it may be missing
    missing_since: str | None
    skipped: list[SkippedFile] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "exports_replayed": self.exports_replayed,
            "dossiers": self.dossiers,
            "steps": self.steps,
            "tombstones": self.tombstones,
            "last_export_seq": self.last_export_seq,
            "missing_since": self.missing_since,
            "skipped": [s.as_json() for s in self.skipped],
            "not_restored": NOT_CARRIED,
        }


class ReplayError(KnownError):
    """The replay cannot start (no key to verify the files with)."""


class _Refused(Exception):
    """One file refused whole (`problem`, English reason)."""

    def __init__(self, problem: str, reason: str) -> None:
        super().__init__(reason)
        self.problem = problem
        self.reason = reason


def number_of(station: int, sequence: int) -> int | None:
    """The day's n-th dossier a code's sequence stands for at `station` (the inverse of
    domain.dossier.sequence_for), or None when the sequence is not this station's."""
    if station == 0:
        return sequence
    if station * 1000 < sequence < (station + 1) * 1000:
        return sequence - station * 1000
    if station * 100_000 + 1000 <= sequence < (station + 1) * 100_000:
        return sequence - station * 100_000
    return None


def _fingerprint_named(data: bytes) -> str:
    """The start of the key fingerprint a file's manifest names, for a refusal's message."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            named = json.loads(archive.read("manifest.json")).get("key_fingerprint")
    except (*fmt.DAMAGED, OSError):
        return "?"
    return f"{str(named)[:16]}…"


def _iso(compact: str) -> str | None:
    """The portal's `yyyyMMddHHmmss` (Vietnam time) → ISO 8601 as stored; None for ""."""
    if not compact:
        return None
    c = compact
    return f"{c[0:4]}-{c[4:6]}-{c[6:8]}T{c[8:10]}:{c[10:12]}:{c[12:14]}+07:00"


def _after(text: str, prefix: str) -> str | None:
    """The note after `prefix` in a step's text, "" when none, None when it is not the prefix."""
    if text == prefix:
        return ""
    if text.startswith(prefix + ". "):
        return text[len(prefix) + 2 :]
    return None


def _step_kind(text: str, to_status: int) -> tuple[str, str]:
    """A step's kind and note from its text (NoiDungXuLy), the inverse of the export's."""
    if text.startswith(_HANDOVER_PREFIX):
        _, sep, rest = text.partition(_HANDOVER_SUFFIX)
        if sep and (not rest or rest.startswith(". ")):
            return "handover", rest[2:]
    for prefix, kind in _STEP_KINDS.items():
        note = _after(text, prefix)
        if note is not None:
            return kind, note
    with contextlib.suppress(ValueError):
        note = _after(text, f"Chuyển trạng thái: {Status(to_status).label_vi}")
        if note is not None:
            return "transition", note
    kind, _, note = text.partition(". ")
    return kind, note


def _documents(papers: list[dict[str, Any]]) -> str:
    """The `documents` column from DanhSachTepDinhKemKhac (store.dossiers.documents_json)."""
    by_name: dict[str, dict[str, Any]] = {}
    column = {"1": "originals", "2": "certified_copies", "3": "photocopies"}
    for paper in papers:
        doc = by_name.setdefault(
            paper["TenGiayTo"],
            {"name": paper["TenGiayTo"], "originals": 0, "certified_copies": 0, "photocopies": 0},
        )
        doc[column[str(paper["LoaiGiayTo"])]] = int(paper["SoLuong"])
    return json.dumps(list(by_name.values()), ensure_ascii=False)


class Replay(DeskBase):
    """Replaying the export files written since a restored backup."""

    def replay_exports(
        self, folders: Sequence[Path], previous_public_key: str | None = None
    ) -> ReplayResult:
        """Replay this desk's export files found in `folders` (see the module's docstring).

        `previous_public_key`: the public key the files were signed with, when the desk's key
        was lost with its disk and a new one made (the text `key` printed, which upstream
        registered). Each file is applied whole or not at all; the ones not applied are listed
        with why."""
        return replay_exports(self, folders, previous_public_key)


def replay_exports(
    desk: DeskBase, folders: Sequence[Path], previous_public_key: str | None = None
) -> ReplayResult:
    """Replay the desk's export files found in `folders`: `Replay.replay_exports`."""
    missing = [f for f in folders if not f.is_dir()]
    if missing or not folders:
        where = ", ".join(str(f) for f in missing) or "none given"
        raise InvalidInput(
            [
                FieldError(
                    "folders",
                    f"Không tìm thấy thư mục chứa tệp kết xuất: {where}.",
                    f"no such folder of export files: {where}; expected the outbox or the "
                    "USB stick's folder",
                )
            ]
        )
    verifying = _verifying_keys(desk, previous_public_key)
    with sync_export.export_lock(desk.db):
        return _Replayer(desk, verifying).run(folders)


def _verifying_keys(desk: DeskBase, previous_public_key: str | None) -> list[Ed25519PublicKey]:
    found: list[Ed25519PublicKey] = []
    with contextlib.suppress(keys.SigningKeyError):
        found.append(keys.load_key(keys.key_path(desk.db.path)).public_key())
    if previous_public_key:
        try:
            found.append(keys.parse_public(previous_public_key))
        except ValueError as error:
            raise InvalidInput(
                [
                    FieldError(
                        "previous_public_key",
                        f"Khóa công khai cũ không hợp lệ: {error}.",
                        f"previous public key: {error}",
                    )
                ]
            ) from None
    if not found:
        raise ReplayError(
            "Quầy không có khóa ký để kiểm tra các tệp kết xuất. Hãy nhập khóa công khai cũ "
            "của quầy (đã đăng ký với hệ thống cấp trên).",
            "the desk has no signing key to verify its export files with; give the desk's "
            "previous public key (the one registered upstream)",
        )
    return found


class _Replayer:
    """One replay: the candidates found, the chain followed file by file."""

    def __init__(self, desk: DeskBase, verifying: list[Ed25519PublicKey]) -> None:
        self.desk = desk
        self.db = desk.db
        self.settings = desk.settings
        self.verifying = verifying
        self.skipped: list[SkippedFile] = []
        self.totals = {"dossiers": 0, "steps": 0, "tombstones": 0}

    def run(self, folders: Sequence[Path]) -> ReplayResult:
        candidates = self._candidates(folders)
        last = sync_store.last_export(self.db)
        seq = last.export_seq if last else 0
        chain = (last.manifest_sha256 if last else None, last.change_seq_to if last else 0)
        for number in sorted(n for n in candidates if n <= seq):
            for path in candidates.pop(number):
                self._already(path, number)
        replayed: list[int] = []
        while seq + 1 in candidates:
            applied = None
            for path in candidates.pop(seq + 1):
                if applied is not None:
                    self._skip(path, "duplicate", f"another copy of export {seq + 1} was applied")
                    continue
                try:
                    applied = self._replay_file(path, *chain)
                except _Refused as refused:
                    self._skip(path, refused.problem, refused.reason)
            if applied is None:
                break
            seq += 1
            chain = applied
            replayed.append(seq)
        for number in sorted(candidates):
            for path in candidates[number]:
                self._skip(
                    path,
                    "gap",
                    f"export {seq + 1} is missing or was refused: export {number} cannot be "
                    f"applied before it; find export {seq + 1} (the outbox, a USB stick, or "
                    "upstream) and replay again",
                )
        return ReplayResult(
            exports_replayed=replayed,
            dossiers=self.totals["dossiers"],
            steps=self.totals["steps"],
            tombstones=self.totals["tombstones"],
            last_export_seq=seq,
            missing_since=replay_store.latest_change_time(self.db),
            skipped=self.skipped,
        )

    def _skip(self, path: Path, problem: str, reason: str) -> None:
        self.skipped.append(SkippedFile(path, problem, reason))

    def _candidates(self, folders: Sequence[Path]) -> dict[int, list[Path]]:
        """This desk's files by export number; another desk's are listed as skipped."""
        found: dict[int, list[Path]] = {}
        seen: set[Path] = set()
        for folder in folders:
            for path in sorted(folder.glob("OS1-*.zip")):
                match = fmt.FILE_NAME_RE.match(path.name)
                if match is None or path.resolve() in seen:
                    continue
                seen.add(path.resolve())
                agency, station = match["agency"], int(match["station"])
                if (agency, station) != (self.settings.agency_code, self.settings.station):
                    self._skip(path, "other_desk", f"an export of desk {agency}#{station}")
                    continue
                found.setdefault(int(match["seq"]), []).append(path)
        return found

    def _already(self, path: Path, number: int) -> None:
        """A file numbered at or below the desk's last export: not read (a whole history is
        gigabytes), since the desk holds that export whatever the file says."""
        self._skip(path, "already_at_desk", f"export {number} is already at the desk")

    def _read(self, path: Path) -> tuple[fmt.SyncFile, bytes]:
        """The file verified whole with one of the desk's keys; _Refused otherwise."""
        try:
            data = path.read_bytes()
        except OSError as error:
            raise _Refused("not_a_sync_file", f"cannot read {path}: {error.strerror}") from None
        desk_id = self.settings.desk_id
        refusal: _Refused | None = None
        for public in self.verifying:
            try:
                return fmt.read_bytes(path.name, data, {desk_id: public}), data
            except fmt.SyncFileError as error:
                if error.problem is not fmt.Problem.UNKNOWN_DESK:
                    refusal = _Refused(error.problem.value, str(error))
                    break
                refusal = _Refused(
                    error.problem.value,
                    f"unknown desk: signed with key {_fingerprint_named(data)}, none of the keys "
                    "this desk knows; if the desk made a new key, give its previous public key",
                )
            except fmt.DAMAGED as error:
                refusal = _Refused("altered", f"altered: the file is damaged ({error})")
                break
        assert refusal is not None
        raise refusal

    def _replay_file(self, path: Path, previous: str | None, lo: int) -> tuple[str, int]:
        """Verify and apply one file in one transaction; its (manifest SHA-256, change_seq_to)."""
        sync_file, data = self._read(path)
        manifest = sync_file.manifest
        seq = sync_file.export_seq
        if manifest["previous_manifest_sha256"] != previous or manifest["change_seq_from"] != lo:
            raise _Refused(
                "out_of_sequence",
                f"out of sequence: export {seq} does not follow the export {seq - 1} the desk "
                "holds (another history of this desk?)",
            )
        with self.db.transaction():
            counts = self._apply(sync_file)
            sync_store.record_export(
                self.db,
                sync_store.ExportRecord(
                    export_seq=seq,
                    file_name=sync_file.name,
                    change_seq_from=lo,
                    change_seq_to=int(manifest["change_seq_to"]),
                    manifest_sha256=sync_file.manifest_sha256,
                    file_sha256=sync_file.file_sha256,
                    dossiers=int(manifest["counts"]["dossiers"]),
                    steps=int(manifest["counts"]["steps"]),
                    tombstones=int(manifest["counts"]["tombstones"]),
                    # when it was written is not in the file: its latest change is the closest
                    exported_at=_iso(manifest["generated_at"]) or "",
                    folder=str(path.parent),
                ),
            )
        for key, value in counts.items():
            self.totals[key] += value
        self._archive(sync_file.name, data)
        return sync_file.manifest_sha256, int(manifest["change_seq_to"])

    def _archive(self, name: str, data: bytes) -> None:
        """Keep a copy as the desk keeps its own exports, so `export --again` can write it."""
        target = sync_export.archive_dir(self.db) / name
        tmp = target.with_name(name + ".part")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, target)
        except OSError as error:
            _log.warning("the replayed export %s was not archived: %s", name, error)
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)

    def _apply(self, sync_file: fmt.SyncFile) -> dict[str, int]:
        """Write one verified file's records (inside the caller's transaction)."""
        db = self.db
        generated = _iso(sync_file.manifest["generated_at"])
        self._check_steps(sync_file)
        step_time = {(s["MaHoSo"], s["_version"]): s["ThoiDiemXuLy"] for s in sync_file.steps}
        receivers = {
            s["MaHoSo"]: s["NguoiXuLy"]
            for s in sync_file.steps
            if _step_kind(s["NoiDungXuLy"], int(s["TrangThai"]))[0] == "received"
        }
        codes = [r["MaHoSo"] for r in sync_file.dossiers]
        held = replay_store.dossiers_by_code(db, codes)
        ids = {code: int(row["id"]) for code, row in held.items()}
        records = {r["MaHoSo"]: r for r in sync_file.dossiers}
        written = 0
        days: dict[str, int] = {}
        for record in sync_file.dossiers:
            code = record["MaHoSo"]
            self._count_code(code, days)
            row = held.get(code)
            if row is not None and int(row["change_seq"]) >= int(record["_version"]):
                continue  # the desk holds this state or a newer one
            updated = _iso(step_time.get((code, record["_version"]), "")) or generated
            values = self._dossier_values(record, receivers.get(code), updated)
            ids[code] = replay_store.upsert_dossier(
                db, values, int(row["id"]) if row is not None else None
            )
            written += 1
        statuses = replay_store.last_statuses(db, sorted(set(ids.values())))
        events = []
        office_name = self.settings.office_name[:300]
        for step in sync_file.steps:
            dossier_id = ids.get(step["MaHoSo"])
            if dossier_id is None:
                continue  # a step of a dossier deleted since: not exported either
            to_status = int(step["TrangThai"])
            kind, note = _step_kind(step["NoiDungXuLy"], to_status)
            from_status = None if kind == "received" else statuses.get(dossier_id)
            statuses[dossier_id] = to_status
            data = _step_data(kind, step, records.get(step["MaHoSo"]))
            events.append(
                (
                    int(step["_step"]),
                    dossier_id,
                    _iso(step["ThoiDiemXuLy"]),
                    kind,
                    from_status,
                    to_status,
                    step["NguoiXuLy"],
                    note,
                    json.dumps(data, ensure_ascii=False, sort_keys=True),
                    int(step["_version"]),
                    "" if step["ChucDanh"] == _OFFICER_FALLBACK else step["ChucDanh"],
                    "" if step["PhongBanXuLy"] == office_name else step["PhongBanXuLy"],
                )
            )
        steps = replay_store.insert_events(db, events)
        for tombstone in sync_file.tombstones:
            self._count_code(tombstone["MaHoSo"], days)  # a deleted dossier's code stays used
        tombstones = replay_store.apply_tombstones(
            db,
            [
                (t["MaHoSo"], _iso(t["NgayXoa"]) or "", int(t["_version"]))
                for t in sync_file.tombstones
            ],
        )
        replay_store.raise_counters(
            db, self.settings.agency_code, int(sync_file.manifest["change_seq_to"]), days
        )
        return {"dossiers": written, "steps": steps, "tombstones": tombstones}

    def _check_steps(self, sync_file: fmt.SyncFile) -> None:
        """A step the desk holds under one of the file's step numbers must be that very step:
        other work under it means the restored database was worked on before the replay (two
        histories under one chain). Refuse rather than mix them. (Steps in the file's range
        that the file lacks are not refused: a dossier deleted later takes its steps along.)"""
        steps = sync_file.steps
        held = replay_store.events_by_id(self.db, [int(s["_step"]) for s in steps])
        for step in steps:
            row = held.get(int(step["_step"]))
            if row is not None and (row["code"], row["at"], int(row["change_seq"])) != (
                step["MaHoSo"],
                _iso(step["ThoiDiemXuLy"]),
                int(step["_version"]),
            ):
                raise _Refused("diverged", _diverged(f"dossier {row['code']}"))

    def _count_code(self, code: str, days: dict[str, int]) -> None:
        match = CODE_RE.match(code)
        if match is None or match["agency"] != self.settings.agency_code:
            return
        number = number_of(self.settings.station, int(match["seq"]))
        if number is not None:
            days[match["day"]] = max(days.get(match["day"], 0), number)

    def _dossier_values(
        self, record: dict[str, Any], receiver: str | None, updated: str | None
    ) -> dict[str, Any]:
        """The dossier row a record stands for (the inverse of sync.export.dossier_records)."""
        received = _iso(record["NgayTiepNhan"]) or ""
        due = _iso(record["NgayHenTra"])
        deadline_text, original_due = "", due
        try:
            procedure = self.desk.catalogue.get(record["MaTTHC"])
        except KeyError:
            procedure = None  # withdrawn from the catalogue since
        if procedure is not None:
            deadline_text = procedure.deadline.describe_vi()
            calendar_due = self.desk.calendar.due_at(
                procedure.deadline, datetime.fromisoformat(received)
            )
            original_due = iso(calendar_due) if calendar_due else due
        status = int(record["TrangThaiHoSo"])
        extensions = record["DanhSachHoSoBoSung"]
        apologies = [e for e in extensions if e["NoiDungBoSung"].startswith(_APOLOGY)]
        requests = [e for e in extensions if e["NoiDungBoSung"].startswith(_SUPPLEMENT)]
        paused = requests[-1]["NgayBoSung"] if requests and status == 5 else ""
        collector = record["ThongTinTra"]
        return {
            "code": record["MaHoSo"],
            "agency_code": self.settings.agency_code,
            "station": self.settings.station,
            "procedure_code": record["MaTTHC"],
            "procedure_name": record["TenTTHC"],
            "field_code": record["MaLinhVuc"],
            "field_name": record["TenLinhVuc"],
            "deadline_text": deadline_text,
            "applicant_name": record["ChuHoSo"],
            "name_folded": fold(record["ChuHoSo"]),
            "id_number": record["SoGiayToChuHoSo"] or None,
            "phone": record["SoDienThoai"] or None,
            "email": record["Email"] or None,
            "address": record["DiaChiChuHoSo"] or None,
            "applicant_kind": int(record["LoaiDoiTuong"]),
            "channel": int(record["KenhThucHien"]),
            "return_method": int(record["HinhThuc"]),
            "documents": _documents(record["DanhSachTepDinhKemKhac"]),
            "sets_count": 1,
            "note": record["GhiChu"],
            "received_at": received,
            "due_at": due,
            "original_due_at": original_due,
            "status": status,
            "finished_at": _iso(record["NgayKetThucXuLy"] or record["NgayTuChoi"]),
            "returned_at": _iso(record["NgayTra"]),
            "clerk": receiver or self.settings.clerk_name,
            "change_seq": int(record["_version"]),
            "created_at": received,
            "updated_at": updated or received,
            "paused_at": _iso(paused),
            "supplement_count": len(requests),
            "apology_count": len(apologies),
            "apologised_at": _iso(apologies[-1]["NgayBoSung"]) if apologies else None,
            # what the period report grades against (migration 0008): the first apology
            "first_apology_at": _iso(apologies[0]["NgayBoSung"]) if apologies else None,
            "due_before_apology": _iso(apologies[0]["NgayHenTraTruoc"]) if apologies else None,
            "collected_by": collector.removeprefix(_COLLECTOR) or None,
        }


def _diverged(what: str) -> str:
    return (
        f"the desk holds other work ({what}) under the numbers this file uses: the restored "
        "database was worked on before the replay; restore the backup again and replay "
        "before receiving anything"
    )


def _step_data(kind: str, step: dict[str, Any], record: dict[str, Any] | None) -> dict[str, Any]:
    """What a step's `data` held that its dossier's record still tells: an apology's due times
    and number (DanhSachHoSoBoSung), who collected a returned result (ThongTinTra)."""
    if record is None:
        return {}
    if kind == "apology":
        apologies = [
            e for e in record["DanhSachHoSoBoSung"] if e["NoiDungBoSung"].startswith(_APOLOGY)
        ]
        for number, entry in enumerate(apologies, start=1):
            if entry["NgayBoSung"] == step["ThoiDiemXuLy"]:
                return {
                    "previous_due": _iso(entry["NgayHenTraTruoc"]),
                    "new_due": _iso(entry["NgayHenTraMoi"]),
                    "number": number,
                }
    if kind == "handover":
        head = step["NoiDungXuLy"].removeprefix(_HANDOVER_PREFIX)
        return {"to_name": head.partition(_HANDOVER_SUFFIX)[0]}
    if kind == "transition" and int(step["TrangThai"]) == int(Status.RETURNED):
        collector = str(record["ThongTinTra"]).removeprefix(_COLLECTOR)
        if collector:
            return {"collected_by": collector}
    return {}
