"""End of day: the sync file for upstream, and upstream's acknowledgements coming back.

The file format and its writing are `sync/`; this module gives them the desk's settings, key
and clock, and reads what the acknowledgements say about each dossier.
"""

from __future__ import annotations

import logging
from datetime import datetime, time
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onestop_desktop.domain.clock import VN_TZ, iso
from onestop_desktop.domain.dossier import FieldError, InvalidInput
from onestop_desktop.domain.errors import KnownError
from onestop_desktop.operations.base import DeskBase
from onestop_desktop.store import sync as sync_store
from onestop_desktop.sync import export as sync_export
from onestop_desktop.sync import keys
from onestop_desktop.sync.ack import load_ack

_log = logging.getLogger("onestop_desktop.sync")


class Export(DeskBase):
    """The desk's export and acknowledgement operations."""

    #: what the last `settle_exports` did with exports a crash interrupted (for the window to
    #: tell the clerk, e.g. an export recorded whose folder was not there to receive it)
    settled: tuple[sync_export.Settled, ...] = ()

    def settle_exports(self) -> tuple[sync_export.Settled, ...]:
        """Settle the exports a crash interrupted (at the desk's start; cheap when none): each
        is recorded if its file exists, dropped if not (sync/export.py `settle_pending`).

        A known failure (a locked or damaged disk) does not keep the desk from opening: the
        counter works without it, and the next export settles first or refuses to number a
        file while an earlier one is unsettled."""
        try:
            self.settled = tuple(sync_export.settle_pending(self.db))
        except KnownError as error:
            _log.warning("interrupted exports not settled at start: %s", error.message_en)
            self.settled = ()
        return self.settled

    def outbox_dir(self) -> Path:
        """Where an export goes when no folder is given: the folder chosen at set-up, else the
        outbox beside the database."""
        chosen = self.settings.export_dir
        return Path(chosen) if chosen else sync_export.outbox_dir_for(self.db.path)

    def signing_key(self) -> Ed25519PrivateKey:
        return keys.load_key(keys.key_path(self.db.path))

    def public_key(self) -> dict[str, str]:
        """What upstream registers: the desk id, the public key and its fingerprint."""
        key = self.signing_key()
        return {
            "desk_id": self.settings.desk_id,
            "public_key": keys.public_text(key),
            "fingerprint": keys.fingerprint(key),
        }

    def export_preview(self) -> dict[int, int]:
        """What the next export will carry: changed dossiers by status."""
        last = sync_store.last_export(self.db)
        return sync_store.pending_counts(self.db, last.change_seq_to if last else 0)

    def export(
        self, out_dir: Path, progress: sync_export.Progress | None = None
    ) -> sync_export.ExportResult | None:
        """Write, verify and record the next sync file; None when nothing changed."""
        result = sync_export.export_changes(
            self.db, self.settings, self.signing_key(), out_dir, self.clock.now(), progress
        )
        if result is not None:
            self.audit("export.written", result.path.name, _export_facts(result))
        return result

    def export_again(self, seq: int, out_dir: Path) -> Path:
        return sync_export.export_again(self.db, self.settings, self.signing_key(), seq, out_dir)

    def exports(self) -> list[sync_store.ExportRecord]:
        return sync_store.exports(self.db)

    def unexported_from_earlier_days(self) -> int:
        """Changes made before today that no export has carried (the reminder on closing)."""
        today = datetime.combine(self.clock.now().date(), time(0, 0), tzinfo=VN_TZ)
        return sync_store.unexported_before(self.db, iso(today))

    def sync_state(self, code: str) -> dict[str, Any]:
        return sync_store.sync_state(self.db, self.get(code).code)

    def rejected_dossiers(self, limit: int = 200) -> list[dict[str, Any]]:
        """Dossiers upstream rejected that have not changed since, newest acknowledgement first."""
        return [
            {
                "code": r["code"],
                "applicant_name": r["applicant_name"],
                "reason": r["reason"],
                "export_seq": int(r["export_seq"]),
            }
            for r in sync_store.rejected_dossiers(self.db, limit)
        ]

    def import_ack(self, path: Path) -> dict[str, int]:
        """Take in upstream's acknowledgement file and update each dossier's sync state."""
        ack = load_ack(path)
        if ack["desk_id"] != self.settings.desk_id:
            raise InvalidInput(
                [
                    FieldError(
                        "ack",
                        "Tệp xác nhận này thuộc quầy khác.",
                        f"{path.name} acknowledges desk {ack['desk_id']}, "
                        f"this is desk {self.settings.desk_id}",
                    )
                ]
            )
        record = sync_store.export_by_seq(self.db, ack["export_seq"])
        if record is None or record.file_sha256 != ack["file_sha256"]:
            raise InvalidInput(
                [
                    FieldError(
                        "ack",
                        "Tệp xác nhận không khớp với lần kết xuất nào của quầy này.",
                        f"{path.name} acknowledges export {ack['export_seq']} with a file this "
                        "desk did not write",
                    )
                ]
            )
        if sync_store.ack_imported(self.db, ack["export_seq"]):
            return {"accepted": 0, "rejected": 0, "already_imported": 1}
        accepted = [(a["MaHoSo"], a["_version"]) for a in ack["accepted"]]
        rejected = [(r["MaHoSo"], r["_version"], r["reason"]) for r in ack["rejected"]]
        with self.db.transaction():
            sync_store.record_ack(
                self.db,
                ack["export_seq"],
                ack["file_sha256"],
                ack["imported_at"],
                accepted,
                rejected,
            )
            self.audit(
                "ack.imported",
                str(ack["export_seq"]),
                {"file": path.name, "accepted": len(accepted), "rejected": len(rejected)},
            )
        return {"accepted": len(accepted), "rejected": len(rejected), "already_imported": 0}


def _export_facts(result: sync_export.ExportResult) -> dict[str, Any]:
    """What the audit log keeps of an export: its number, range, counts and checksum."""
    record = result.record
    return {
        "export_seq": record.export_seq,
        "change_seq_from": record.change_seq_from,
        "change_seq_to": record.change_seq_to,
        "dossiers": record.dossiers,
        "steps": record.steps,
        "file_sha256": record.file_sha256,
    }
