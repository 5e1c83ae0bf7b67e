"""Synthetic sync files, as a desk writes them, for the tests and the benchmark: realistic
dossier and step records, a signed file of them, and the import rate of such a file."""

from __future__ import annotations

import secrets
import tempfile
import time
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onestop_desktop.domain.dossier import make_code, sequence_for
from onestop_desktop.sync import format as fmt
from onestop_desktop.sync import keys
from onestop_desktop.upstream import import_file, register_desk
from onestop_desktop.upstream.store import open_store

SYNTHETIC_DAY = "260115"


_FIRST_DAY = date(2026, 1, 15)
#: the most dossiers a station (1–9) numbers in one day (domain.dossier.station_blocks)
_PER_DAY = 99_999


def synthetic_code(agency_code: str, station: int, number: int) -> str:
    """The code of a desk's `number`-th dossier, in the station's own blocks as the desk issues
    them (upstream accepts no other): station 2 issues 2001…2999, then 201000…299999, 99,999 a
    day, from 15 January 2026 on."""
    day, n = divmod(number - 1, _PER_DAY)
    return make_code(agency_code, _FIRST_DAY + timedelta(days=day), sequence_for(station, n + 1))


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


#: (field code, field name, procedure code, procedure name, working days) for report data
REPORT_PROCEDURES = (
    ("HT", "Hộ tịch", "1.001193", "Đăng ký khai sinh", 1),
    ("HT", "Hộ tịch", "1.000656", "Đăng ký kết hôn", 5),
    ("CT", "Chứng thực", "2.000815", "Chứng thực bản sao từ bản chính", 1),
    ("DD", "Đất đai", "1.003003", "Đăng ký biến động đất đai", 10),
    ("BTXH", "Bảo trợ xã hội", "1.001776", "Trợ cấp xã hội hằng tháng", 15),
)


def _stamp(day: date, hour: int) -> str:
    return f"{day:%Y%m%d}{hour:02d}0000"


def report_dossier(
    code: str, version: int, n: int, received: date, today: date = date(2026, 12, 31)
) -> dict[str, Any]:
    """A synthetic record with what the period report reads varied from `n` (deterministic):
    its procedure and field, channel, due day, status (finished early, on time, late, pending,
    waiting for papers, stopped, refused) and, for some late ones, an apology before or after
    the due time. Nothing finishes after `today`."""
    record = synthetic_dossier(code, version, 4, n)
    field_code, field_name, procedure_code, procedure_name, days = REPORT_PROCEDURES[n % 5]
    due = received + timedelta(days=days + days // 5 * 2)
    mix = (n * 2_654_435_761 >> 11) % 100  # spread independently of n % 5 (the procedure)
    status = 4
    finished: date | None = None
    if mix < 45:
        status, finished = (10 if mix % 2 else 9), due - timedelta(days=mix % 3)
    elif mix < 60:
        status, finished = 10, due + timedelta(days=1 + mix % 4)
    elif mix < 64:
        status, finished = 8, received + timedelta(days=1)
    elif mix < 68:
        status = 5
    elif mix < 70:
        status = 3
    elif mix < 72:
        status = 7
    if finished is not None and finished > today:
        status, finished = 4, None
    supplements: list[dict[str, Any]] = []
    if 45 <= mix < 60 or mix >= 90:
        if mix % 3 != 0:
            # an apology a day before the due day, or (every fourth) on the day after it
            at = due - timedelta(days=1) if mix % 4 else due + timedelta(days=1)
            new_due = due + timedelta(days=5)
            supplements.append(
                {
                    "NoiDungBoSung": "Xin lỗi, hẹn lại ngày trả kết quả: chờ xác minh",
                    "NgayBoSung": _stamp(at, 10),
                    "NgayHenTraTruoc": _stamp(due, 17),
                    "NgayHenTraMoi": _stamp(new_due, 17),
                }
            )
            due_shown = new_due
        else:
            due_shown = due
    else:
        due_shown = due
    if status == 5:
        supplements.append(
            {
                "NoiDungBoSung": "Yêu cầu bổ sung: thiếu giấy tờ",
                "NgayBoSung": _stamp(received, 15),
                "NgayHenTraTruoc": "",
                "NgayHenTraMoi": "",
            }
        )
    stamp_finished = _stamp(finished, 16) if finished else ""
    record.update(
        {
            "MaLinhVuc": field_code,
            "TenLinhVuc": field_name,
            "MaTTHC": procedure_code,
            "TenTTHC": procedure_name,
            "KenhThucHien": str(1 + n % 3),
            "NgayNopHoSo": _stamp(received, 9),
            "NgayTiepNhan": _stamp(received, 9),
            "NgayHenTra": "" if n % 37 == 0 else _stamp(due_shown, 17),
            "TrangThaiHoSo": str(status),
            "NgayKetThucXuLy": stamp_finished if status in (8, 9, 10) else "",
            "NgayTuChoi": _stamp(received, 9) if status == 3 else "",
            "DanhSachHoSoBoSung": supplements,
        }
    )
    return record
