"""The desk's end-of-day export: every dossier and step changed since the last export, in the
national portal's vocabulary (DongBoHoSoMC headers, CapNhatTienDoHoSoMC steps), as one signed
sync file. The file is written under a temporary name, read back and verified, and only then
renamed and recorded; any failure leaves the desk's state as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onestop_desktop.domain.clock import iso
from onestop_desktop.domain.dossier import FieldError, InvalidInput
from onestop_desktop.domain.settings import OfficeSettings
from onestop_desktop.domain.status import Status
from onestop_desktop.store import sync as sync_store
from onestop_desktop.store.database import Database
from onestop_desktop.sync import format as fmt

Progress = Callable[[str, int], None]  # stage, records done


class ExportError(Exception):
    """The export could not be written; nothing was recorded."""


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
    return stamp[0:4] + stamp[5:7] + stamp[8:10] + stamp[11:13] + stamp[14:16] + stamp[17:19]


_KIND_TEXT = {
    "received": "Tiếp nhận hồ sơ",
    "transition": "Chuyển trạng thái",
    "apology": "Xin lỗi và hẹn lại ngày trả kết quả",
}


def dossier_record(row: Any, settings: OfficeSettings, extensions: list[Any]) -> dict[str, Any]:
    """A dossier row as a DongBoHoSoMC data item (DOMAIN.md §5.2)."""
    documents = json.loads(row["documents"])
    papers = []
    for doc in documents:
        for kind, key in (("1", "originals"), ("2", "certified_copies"), ("3", "photocopies")):
            if doc[key]:
                papers.append({"TenGiayTo": doc["name"], "SoLuong": doc[key], "LoaiGiayTo": kind})
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
    status = int(row["status"])
    return {
        "MaHoSo": row["code"],
        "MaTTHC": row["procedure_code"],
        "TenTTHC": row["procedure_name"],
        "MaLinhVuc": row["field_code"],
        "TenLinhVuc": row["field_name"],
        "KenhThucHien": str(row["channel"]),
        "ChuHoSo": row["applicant_name"],
        "SoGiayToChuHoSo": row["id_number"] or "",
        "LoaiDoiTuong": str(row["applicant_kind"]),
        "DiaChiChuHoSo": row["address"] or "",
        "SoDienThoai": row["phone"] or "",
        "Email": row["email"] or "",
        "TrichYeuHoSo": f"{row['procedure_name']} - {row['applicant_name']}"[:1000],
        "NgayNopHoSo": compact(row["received_at"]),
        "NgayTiepNhan": compact(row["received_at"]),
        "NgayHenTra": compact(row["due_at"]),
        "TrangThaiHoSo": str(status),
        "NgayTra": compact(row["returned_at"]),
        "ThongTinTra": f"Người nhận: {row['collected_by']}" if row["collected_by"] else "",
        "HinhThuc": str(row["return_method"]),
        "NgayKetThucXuLy": compact(row["finished_at"]) if status in (8, 9, 10) else "",
        "DonViXuLy": settings.agency_name,
        "GhiChu": row["note"],
        "NgayTuChoi": compact(row["finished_at"]) if status == int(Status.REFUSED) else "",
        "DinhDanhCHS": (
            [{"LoaiDinhDanh": "1", "SoDinhDanh": row["id_number"]}] if row["id_number"] else []
        ),
        "DanhSachTepDinhKemKhac": papers,
        "DanhSachHoSoBoSung": supplements,
        "_version": int(row["change_seq"]),
    }


def step_record(row: Any, settings: OfficeSettings) -> dict[str, Any]:
    """A history step as a CapNhatTienDoHoSoMC data item (DOMAIN.md §5.3)."""
    status = int(row["to_status"]) if row["to_status"] is not None else 2
    text = _KIND_TEXT.get(row["kind"], row["kind"])
    if row["kind"] == "transition":
        text = f"{text}: {Status(status).label_vi}"
    if row["note"]:
        text = f"{text}. {row['note']}"
    return {
        "MaHoSo": row["code"],
        "NguoiXuLy": (row["actor"] or "Cán bộ một cửa")[:50],
        "ChucDanh": "Cán bộ một cửa",
        "ThoiDiemXuLy": compact(row["at"]),
        "PhongBanXuLy": settings.office_name[:300],
        "NoiDungXuLy": text[:2000],
        "TrangThai": str(status),
        "NgayBatDau": compact(row["received_at"]),
        "NgayKetThucTheoQuyDinh": compact(row["due_at"]),
        "_step": int(row["id"]),
        "_version": int(row["change_seq"]),
    }


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
    by_status: dict[int, int] = {}
    latest = ""
    with db.snapshot():
        extensions = sync_store.extension_events(db, lo, hi)
        dossier_lines: list[bytes] = []
        for row in sync_store.dossiers_in_range(db, lo, hi):
            record = dossier_record(row, settings, extensions.get(int(row["id"]), []))
            dossier_lines.append(fmt.canonical(record) + b"\n")
            by_status[int(row["status"])] = by_status.get(int(row["status"]), 0) + 1
            latest = max(latest, row["updated_at"])
            if progress and len(dossier_lines) % 10_000 == 0:
                progress("dossiers", len(dossier_lines))
        step_lines: list[bytes] = []
        for row in sync_store.steps_in_range(db, lo, hi):
            step_lines.append(fmt.canonical(step_record(row, settings)) + b"\n")
            latest = max(latest, row["at"])
            if progress and len(step_lines) % 10_000 == 0:
                progress("steps", len(step_lines))
        tomb_lines = []
        for row in sync_store.tombstones_in_range(db, lo, hi):
            tomb_lines.append(
                fmt.canonical(
                    {
                        "MaHoSo": row["entity_key"],
                        "NgayXoa": compact(row["deleted_at"]),
                        "_version": int(row["change_seq"]),
                    }
                )
                + b"\n"
            )
            latest = max(latest, row["deleted_at"])
    counts = {
        "dossiers": len(dossier_lines),
        "steps": len(step_lines),
        "tombstones": len(tomb_lines),
    }
    parts = {
        "dossiers.jsonl": b"".join(dossier_lines),
        "steps.jsonl": b"".join(step_lines),
        "tombstones.jsonl": b"".join(tomb_lines),
    }
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
    return db.path.with_name(db.path.name + ".exports")


def export_changes(
    db: Database,
    settings: OfficeSettings,
    key: Ed25519PrivateKey,
    out_dir: Path,
    now: datetime,
    progress: Progress | None = None,
) -> ExportResult | None:
    """Write the next sync file into `out_dir`; None when nothing changed since the last one."""
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
        file_sha256=fmt.sha256(data),
        dossiers=counts["dossiers"],
        steps=counts["steps"],
        tombstones=counts["tombstones"],
        exported_at=iso(now),
        folder=str(out_dir),
    )
    path = _write_verified(data, out_dir / name, settings, key, record)
    archived = archive_dir(db) / name
    try:
        # The same bytes, verified whole just above: reading the copy back and comparing its
        # SHA-256 is enough (parsing a million records a second time would double the cost).
        _write_verified(data, archived, settings, key, record, parse=False)
        sync_store.record_export(db, record)
    except BaseException:
        # Not recorded: remove what was written so the desk's state is as it was.
        path.unlink(missing_ok=True)
        archived.unlink(missing_ok=True)
        raise
    if progress:
        progress("done", counts["dossiers"])
    return ExportResult(path, record, by_status)


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
                f"export {seq} cannot be rebuilt (its dossiers changed since) and its archived "
                f"copy {archived} is missing or damaged"
            )
        data = archived.read_bytes()
    return _write_verified(data, out_dir / record.file_name, settings, key, record)


def _write_verified(
    data: bytes,
    path: Path,
    settings: OfficeSettings,
    key: Ed25519PrivateKey,
    record: sync_store.ExportRecord,
    parse: bool = True,
) -> Path:
    """Write under a temporary name, fsync, read back and verify, then rename into place.

    Verifying is what upstream does (format.read_file: signature, checksums, every record
    against its schema) when `parse`, else checking that the bytes read back are those
    written (for a second copy of bytes already verified)."""
    tmp = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        # A stick that filled up keeps no half-written file.
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise ExportError(
            f"cannot write {path}: {error.strerror} (is the USB stick full or read-only?)"
        ) from None
    try:
        if parse:
            written = fmt.read_file(tmp, {settings.desk_id: key.public_key()}).file_sha256
        else:
            written = fmt.sha256(tmp.read_bytes())
        if written != record.file_sha256:
            raise ExportError(f"{tmp} read back differently from what was written")
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except fmt.SyncFileError as error:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"the file written to {path.parent} did not verify: {error}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every platform (Windows)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
