"""Carrying in the backlog (issue 12): an office's earlier dossiers brought in from a CSV or
XLSX file, all or nothing, each with a code from the desk's own counter, the history its status
implies (marked as imported) and change sequence numbers, so that reports count them and the
next export carries them like any other dossier."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from onestop_desktop.domain.backlog import (
    BacklogFileError,
    BacklogRejected,
    BacklogRow,
    RowError,
    check_file,
)
from onestop_desktop.domain.dossier import ReturnMethod
from onestop_desktop.domain.people import Actor
from onestop_desktop.domain.status import Status
from onestop_desktop.domain.text import excerpt, excerpt_vi
from onestop_desktop.operations.base import DeskBase
from onestop_desktop.store import audit as audit_store
from onestop_desktop.store import backlog as backlog_store
from onestop_desktop.store.dossiers import NewDossier

#: the note every imported step carries (the export's NoiDungXuLy says it too)
IMPORTED_NOTE = "Nhập từ sổ theo dõi cũ"


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, with `dry_run`, would do)."""

    file: str
    sha256: str
    dry_run: bool
    imported: int
    by_status: dict[int, int]
    #: the desk's code given to each row, in the file's order of lines (empty for a dry run)
    codes: list[tuple[int, str, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _steps(row: BacklogRow) -> tuple[backlog_store.ImportedStep, ...]:
    """The history a status implies after receiving, at the times the book gives (the
    receiving time where it gives none)."""
    received = Status.RECEIVED
    status = row.status
    if status is Status.RECEIVED:
        return ()
    if status is Status.RETURNED:
        assert row.finished_at is not None and row.returned_at is not None
        return (
            backlog_store.ImportedStep(
                row.finished_at, "transition", received, Status.RESOLVED, IMPORTED_NOTE
            ),
            backlog_store.ImportedStep(
                row.returned_at, "transition", Status.RESOLVED, Status.RETURNED, IMPORTED_NOTE
            ),
        )
    at = row.finished_at or row.received_at
    return (backlog_store.ImportedStep(at, "transition", received, status, IMPORTED_NOTE),)


class Backlog(DeskBase):
    """Bringing in an office's backlog of dossiers."""

    def import_dossiers(self, path: Path, dry_run: bool = False) -> ImportResult:
        """Check every row of the file and, unless `dry_run`, write them all in one transaction.

        Raises BacklogFileError for a file refused whole, BacklogRejected listing every bad row
        (line, field, message) when any row is wrong; nothing is written then."""
        now = self.clock.now()
        rows, errors = check_file(path, self.catalogue, now)
        if errors:
            raise BacklogRejected(errors)
        by_status = dict(sorted(Counter(int(r.status) for r in rows).items()))
        sha = file_sha256(path)
        self._refuse_imported_before(sha, path)
        if dry_run:
            return ImportResult(path.name, sha, True, len(rows), by_status)
        actor = self.actor
        # Numbers follow the receiving order within each day, as the book received them.
        ordered = sorted(rows, key=lambda r: (r.received_at, r.line))
        items = [self._imported(row, actor) for row in ordered]
        with self.db.transaction() as conn:
            codes = backlog_store.insert_backlog(conn, items, now)
            self.audit(
                "dossiers.imported",
                f"backlog:{sha}",
                {"file": path.name, "sha256": sha, "count": len(rows), "by_status": by_status},
                at=now,
            )
        given = sorted(
            ((row.line, code, row.original_code) for row, code in zip(ordered, codes, strict=True)),
        )
        return ImportResult(path.name, sha, False, len(rows), by_status, given)

    def _refuse_imported_before(self, sha: str, path: Path) -> None:
        """The same file brought in twice would file every dossier twice: refuse it (the
        audit entry of an import is kept under the file's SHA-256)."""
        earlier = audit_store.entries(self.db, entity=f"backlog:{sha}", limit=1)
        if earlier:
            when = earlier[0]["at"]
            raise BacklogFileError(
                f"Tệp {excerpt_vi(path.name)} (cùng nội dung) đã được nhập lúc {when}; không "
                "nhập lại.",
                f"{excerpt(path.name)}: a file with the same content (SHA-256 {sha[:12]}…) was "
                f"already imported at {when}; nothing imported",
            )

    def _imported(self, row: BacklogRow, actor: Actor) -> backlog_store.ImportedDossier:
        procedure = row.procedure
        due = row.due_at
        if due is None:
            due = self.calendar.due_at(procedure.deadline, row.received_at)
        note = IMPORTED_NOTE
        if row.original_code:
            note = f"{IMPORTED_NOTE}, mã hồ sơ cũ: {row.original_code}"
        data: dict[str, object] = {"imported": True}
        if row.original_code:
            data["original_code"] = row.original_code
        return backlog_store.ImportedDossier(
            new=NewDossier(
                agency_code=self.settings.agency_code,
                station=self.settings.station,
                procedure_code=procedure.code,
                procedure_name=procedure.name,
                field_code=procedure.field_code,
                field_name=procedure.field,
                deadline_text=procedure.deadline.describe_vi(),
                applicant=row.applicant,
                channel=row.channel,
                return_method=ReturnMethod.COUNTER,
                documents=(),
                sets_count=1,
                received_at=row.received_at,
                due_at=due,
                clerk=actor.name,
                note=note,
                clerk_id=actor.person_id,
                clerk_title=actor.title,
                clerk_unit=actor.unit,
            ),
            status=int(row.status),
            finished_at=row.finished_at,
            returned_at=row.returned_at,
            # The book gives no time the papers were asked for: the clock counts as stopped
            # since receiving (as the office's wait began no later than that).
            paused_at=row.received_at if row.status is Status.SUPPLEMENT_REQUESTED else None,
            steps=_steps(row),
            data=data,
        )
