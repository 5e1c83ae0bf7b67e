"""The audit trail at the desk: verifying the chain, and the log per dossier and for the desk.

A backup is not a change of the desk's data (it copies the database, and a daily backup on a
read-only desk must still work), so it writes no entry; its own catalogue records it. A
restore, undoing one, and setting the backup passphrase are changes and are logged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from onestop_desktop.domain.audit import ChainReport, Row, walk
from onestop_desktop.domain.dossier import normalise_code
from onestop_desktop.operations.base import DeskBase
from onestop_desktop.store import audit as audit_store

#: readable names of the actions, Vietnamese and English (the log views show these)
ACTION_NAMES: dict[str, tuple[str, str]] = {
    "dossier.received": ("Tiếp nhận hồ sơ", "Dossier received"),
    "dossier.transition": ("Chuyển trạng thái hồ sơ", "Dossier status changed"),
    "dossier.apology": ("Xin lỗi, hẹn lại ngày trả", "Apology with a new date"),
    "dossier.handover": ("Chuyển hồ sơ cho cán bộ xử lý", "Dossier handed to an officer"),
    "dossier.result_back": ("Nhận kết quả về Bộ phận Một cửa", "Result back at the desk"),
    "print.printed": ("In biểu mẫu", "Form printed"),
    "print.pdf": ("Lưu biểu mẫu ra PDF", "Form saved as PDF"),
    "print.failed": ("In biểu mẫu không thành công", "Form printing failed"),
    "settings.init": ("Thiết lập đơn vị", "Office set up"),
    "settings.changed": ("Thay đổi cài đặt", "Settings changed"),
    "desk.new_identity": ("Đổi định danh quầy (khóa mới)", "New desk identity (new key)"),
    "calendar.added": ("Thêm ngày nghỉ/ngày làm bù", "Calendar day added"),
    "calendar.edited": ("Sửa ngày nghỉ/ngày làm bù", "Calendar day changed"),
    "calendar.removed": ("Xóa ngày nghỉ/ngày làm bù", "Calendar day removed"),
    "dossiers.imported": ("Nhập hồ sơ tồn từ sổ cũ", "Backlog of dossiers imported"),
    "export.written": ("Xuất tệp đồng bộ", "Sync file exported"),
    "ack.imported": ("Nhận xác nhận từ cấp trên", "Acknowledgement taken in"),
    "person.added": ("Thêm cán bộ", "Person added"),
    "person.edited": ("Sửa thông tin cán bộ", "Person edited"),
    "person.retired": ("Cho cán bộ nghỉ", "Person retired"),
    "person.restored": ("Cho cán bộ làm lại", "Person restored"),
    "person.deleted": ("Xóa cán bộ", "Person deleted"),
    "desk.signed_in": ("Vào làm việc tại quầy", "Signed in at the desk"),
    "desk.signed_out": ("Rời quầy", "Signed out of the desk"),
    "backup.passphrase_set": ("Đặt mật khẩu sao lưu", "Backup passphrase set"),
    "backup.restored": ("Khôi phục từ bản sao lưu", "Restored from a backup"),
    "backup.restore_undone": ("Hoàn tác khôi phục", "Restore undone"),
}


def action_name(action: str, english: bool = False) -> str:
    """The readable name of an action (the action itself when it has none yet)."""
    names = ACTION_NAMES.get(action)
    if names is None:
        return action
    return names[1] if english else names[0]


class Audit(DeskBase):
    """Verifying the audit chain and reading the log."""

    def verify_audit(self, progress: Callable[[int], None] | None = None) -> ChainReport:
        """Walk the whole chain and name its first break; `progress` gets the entries read so
        far every 100,000 (from the thread that runs the walk)."""
        head_id, head_hash = audit_store.head(self.db)
        rows = audit_store.chain_rows(self.db)
        if progress is not None:
            rows = _counting(rows, progress)
        return walk(rows, head_id, head_hash)

    def audit_log(
        self,
        *,
        entity: str | None = None,
        person_id: int | None = None,
        day: date | None = None,
        action_prefix: str | None = None,
        before_id: int | None = None,
        limit: int = 200,
    ) -> list[dict[str, Any]]:
        """Log entries newest first, filtered by entity (a dossier code, a setting), person,
        local day or kind of action; `before_id` pages back (keyset, cheap at any depth)."""
        return audit_store.entries(
            self.db,
            entity=entity,
            person_id=person_id,
            day=day.isoformat() if day is not None else None,
            action_prefix=action_prefix,
            before_id=before_id,
            limit=limit,
        )

    def dossier_log(self, code: str, limit: int = 500) -> list[dict[str, Any]]:
        """One dossier's log, newest first: who did what to it and when, prints included
        (UnknownDossier when no dossier has this code)."""
        dossier = self.get(code)
        return self.audit_log(entity=normalise_code(dossier.code), limit=limit)


def _counting(rows: Iterable[Row], progress: Callable[[int], None]) -> Iterator[Row]:
    """The rows, calling `progress` every 100,000 (a generator: the walk's loop stays tight)."""
    for count, row in enumerate(rows, 1):
        if count % 100_000 == 0:
            progress(count)
        yield row
