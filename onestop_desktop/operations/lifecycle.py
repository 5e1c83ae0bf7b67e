"""Following a dossier to its end: moves between statuses, and the apology with a new date.

Asking for supplementary papers stops the deadline clock; receiving them restarts it. The rules
are `domain.lifecycle` and `domain.apology`; this module applies them and records each step.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from onestop_desktop.domain.apology import check_apology, needs_override, sent_in_time
from onestop_desktop.domain.apology import propose_new_due as propose
from onestop_desktop.domain.clock import iso, to_vn
from onestop_desktop.domain.dossier import (
    Dossier,
    FieldError,
    InvalidInput,
    control_character_error,
)
from onestop_desktop.domain.lifecycle import StepCheck, check_transition, step_time
from onestop_desktop.domain.status import Status
from onestop_desktop.operations.base import DeskBase
from onestop_desktop.store import dossiers as repo


def check_papers(target: Status, papers: tuple[str, ...]) -> tuple[str, ...]:
    """The papers a request for papers names, each one line of text; refused for any other move
    (nothing would print them) and for a name that is empty or holds a control character."""
    if not papers:
        return ()
    if target is not Status.SUPPLEMENT_REQUESTED:
        raise InvalidInput(
            [
                FieldError(
                    "papers",
                    "Chỉ yêu cầu bổ sung giấy tờ mới kèm danh sách giấy tờ.",
                    "only a request for papers takes a list of papers",
                )
            ]
        )
    errors: list[FieldError] = []
    for number, name in enumerate(papers, start=1):
        error = control_character_error(
            "papers", name, f"Tên giấy tờ thứ {number}", f"the name of paper {number}"
        )
        if error is None and not name.strip():
            error = FieldError(
                "papers",
                f"Tên giấy tờ thứ {number} đang để trống.",
                f"the name of paper {number} is empty",
            )
        if error is not None:
            errors.append(error)
    if errors:
        raise InvalidInput(errors)
    return tuple(" ".join(name.split()) for name in papers)


class Lifecycle(DeskBase):
    """The desk's moves on a dossier and its apologies."""

    def transition(
        self,
        code: str,
        target: Status,
        note: str = "",
        at: datetime | None = None,
        collected_by: str = "",
        papers: tuple[str, ...] = (),
    ) -> Dossier:
        """Move a dossier to `target`, enforcing the lifecycle rules; record who, when and why.

        Asking for supplementary papers stops the deadline clock; receiving them (back to
        "in progress") restarts it with the due time moved by the office time paused. The papers
        asked for (`papers`, picked from the procedure's checklist) are recorded with the step,
        apart from its reason (`note`): the supplement request lists the one, says the other.
        """
        dossier = self.get(code)
        check_transition(StepCheck(dossier.status, target, note, collected_by))
        asked = check_papers(target, papers)
        now = self.clock.now()
        moment = step_time(dossier, at, now)
        changes: dict[str, object] = {"status": int(target)}
        data: dict[str, object] = {}
        if asked:
            data["papers"] = list(asked)
        if target is Status.SUPPLEMENT_REQUESTED:
            changes["paused_at"] = iso(moment)
            changes["supplement_count"] = dossier.supplement_count + 1
        if dossier.status is Status.SUPPLEMENT_REQUESTED and dossier.paused_at is not None:
            paused = self.calendar.office_time_between(dossier.paused_at, moment)
            state = repo.dossier_state(self.db, dossier.code)
            assert state is not None
            changes["paused_at"] = None
            changes["paused_total_s"] = int(state["paused_total_s"]) + int(paused.total_seconds())
            data["paused_office_seconds"] = int(paused.total_seconds())
            if dossier.due_at is not None and target is Status.IN_PROGRESS:
                new_due = self.calendar.add_office_time(dossier.due_at, paused)
                changes["due_at"] = iso(new_due)
                data["due_before"] = iso(dossier.due_at)
                data["due_after"] = iso(new_due)
        if target in (Status.RESOLVED, Status.REFUSED, Status.STOPPED):
            changes["finished_at"] = iso(moment)
        if target is Status.RETURNED:
            changes["returned_at"] = iso(moment)
            changes["collected_by"] = " ".join(collected_by.split())
            data["collected_by"] = changes["collected_by"]
        self._record(dossier, changes, "transition", target, note, moment, data, now)
        return self.get(dossier.code)

    def apologise(
        self,
        code: str,
        new_due: datetime,
        reason: str,
        at: datetime | None = None,
        override: bool = False,
    ) -> Dossier:
        """Give a late dossier a new appointment with the apology (once; again only by override).

        The rule is `domain.apology` (Decree 61/2018 Art. 19, kept in the 2025 provincial
        regulations): at least one day before the deadline, a new date no more than once.
        """
        dossier = self.get(code)
        check_apology(dossier, new_due, reason, override, self.calendar)
        assert dossier.due_at is not None
        new_due = to_vn(new_due)
        now = self.clock.now()
        moment = step_time(dossier, at, now)
        data = {
            "previous_due": iso(dossier.due_at),
            "new_due": iso(new_due),
            "override": needs_override(dossier),
            "sent_in_time": sent_in_time(moment, dossier.due_at),
            "number": dossier.apology_count + 1,
        }
        changes: dict[str, object] = {
            "due_at": iso(new_due),
            "apology_count": dossier.apology_count + 1,
            "apologised_at": iso(moment),
        }
        if dossier.apology_count == 0:
            # what the period report grades against (migration 0008, domain/reports.py)
            changes["first_apology_at"] = iso(moment)
            changes["due_before_apology"] = iso(dossier.due_at)
        self._record(dossier, changes, "apology", None, reason, moment, data, now)
        return self.get(dossier.code)

    def apologise_and_move(
        self,
        code: str,
        new_due: datetime,
        target: Status,
        note: str,
        at: datetime | None = None,
        override: bool = False,
        collected_by: str = "",
    ) -> Dossier:
        """The apology with a new date, then the move, as one transaction: both or neither.

        A move that is refused (not allowed from the status, a missing reason) leaves no apology
        behind, so the dossier never carries a new date for a step that did not happen.
        """
        with self.db.transaction():
            self.apologise(code, new_due, note, at, override)
            return self.transition(code, target, note, at, collected_by)

    def apologies(self, code: str) -> list[dict[str, Any]]:
        """Every apology of a dossier: when, why, the previous and the new due time."""
        return repo.event_data(self.db, self.get(code).id, "apology")

    def propose_new_due(self, dossier: Dossier) -> datetime:
        """The new appointment the apology dialog proposes first (`domain.apology`)."""
        try:
            rule = self.catalogue.get(dossier.procedure_code).deadline
        except KeyError:  # a procedure since withdrawn from the catalogue
            rule = None
        return propose(dossier.due_at, rule, self.calendar, self.clock.now())

    def _record(
        self,
        dossier: Dossier,
        changes: dict[str, object],
        kind: str,
        target: Status | None,
        note: str,
        moment: datetime,
        data: dict[str, object],
        now: datetime,
    ) -> None:
        actor = self.actor
        event = {
            "at": iso(moment),
            "kind": kind,
            "from_status": int(dossier.status),
            "to_status": int(target) if target is not None else int(dossier.status),
            "actor": actor.name,
            "person_id": actor.person_id,
            "actor_title": actor.title,
            "actor_unit": actor.unit,
            "note": note.strip(),
            "data": data,
        }
        with self.db.transaction():
            recorded = repo.record_step(
                self.db, dossier.id, int(dossier.status), changes, event, now
            )
            if recorded:
                self.audit(
                    f"dossier.{kind}",
                    dossier.code,
                    {"from": event["from_status"], "to": event["to_status"], "at": event["at"]},
                    at=now,
                )
        if not recorded:
            raise InvalidInput(
                [
                    FieldError(
                        "status",
                        "Hồ sơ vừa được cập nhật ở nơi khác; hãy mở lại và thử lại.",
                        "the dossier was changed meanwhile (another window?); reload and retry",
                    )
                ]
            )
