"""Handing dossiers to processing officers, the result coming back, and the per-officer view.

The rules (who may take a dossier, in which statuses, early / on time / late) are
`domain.handover`. Each hand-over and each result back is a history step (kinds `handover` and
`result_back`) made by the person at the desk, with the officers' names, titles and units as
they were then in its data, and an audit entry in the same transaction. A held dossier moved to
resolved, refused or stopped comes back to the desk in the same transaction, so the chain on the
control sheet is never left open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from onestop_desktop.domain.clock import VN_TZ, iso
from onestop_desktop.domain.dossier import Dossier, FieldError, InvalidInput
from onestop_desktop.domain.handover import (
    BRINGS_RESULT_BACK,
    UNFINISHED_STATUSES,
    OfficerLoad,
    check_hand_over,
    check_officer,
    check_result_back,
    outcome,
)
from onestop_desktop.domain.lifecycle import PAUSED, step_time
from onestop_desktop.domain.people import Person
from onestop_desktop.domain.status import Status
from onestop_desktop.operations.lifecycle import Lifecycle
from onestop_desktop.store import dossiers as repo
from onestop_desktop.store import handover as handover_store
from onestop_desktop.store import people as people_store

#: the dossiers an officer's list shows at most
LIST_LIMIT = 1000
#: the dossiers still at the desk are named so in the per-officer view
DESK_VI = "Bộ phận Một cửa (chưa chuyển xử lý)"
DESK_EN = "One-stop desk (not handed over)"


@dataclass(frozen=True)
class OfficerView:
    """The per-officer view at a moment: each officer's load (worst first) and the desk's."""

    moment: datetime
    #: "due soon" runs to the close of the next working day
    soon_until: datetime
    officers: tuple[OfficerLoad, ...]
    desk: OfficerLoad

    @property
    def totals(self) -> tuple[int, int, int]:
        rows = (*self.officers, self.desk)
        return (
            sum(r.held for r in rows),
            sum(r.overdue for r in rows),
            sum(r.due_soon for r in rows),
        )


@dataclass(frozen=True)
class HeldDossier:
    """One dossier in an officer's list (or still at the desk)."""

    code: str
    applicant_name: str
    procedure_name: str
    status: Status
    due_at: datetime | None
    held_since: datetime | None


def _person_fields(prefix: str, person: Person | None) -> dict[str, Any]:
    if person is None:
        return {
            f"{prefix}_id": None,
            f"{prefix}_name": "",
            f"{prefix}_title": "",
            f"{prefix}_unit": "",
        }
    return {
        f"{prefix}_id": person.id,
        f"{prefix}_name": person.name,
        f"{prefix}_title": person.title,
        f"{prefix}_unit": person.unit,
    }


class Handover(Lifecycle):
    """The desk's hand-overs to officers and the per-officer view."""

    def hand_over(
        self,
        codes: Sequence[str],
        officer_id: int,
        note: str = "",
        at: datetime | None = None,
    ) -> list[Dossier]:
        """Hand one or several dossiers to an officer, all or none (a refusal names each
        dossier). A received dossier becomes in progress; a dossier another officer holds is
        handed on between officers (the step names both)."""
        officer = check_officer(people_store.get_person(self.db, officer_id), officer_id)
        dossiers = [self.get(code) for code in codes]
        note = note.strip()
        check_hand_over(dossiers, officer, note)
        now = self.clock.now()
        moments = [step_time(d, at, now) for d in dossiers]
        with self.db.transaction():
            for dossier, moment in zip(dossiers, moments, strict=True):
                previous = (
                    people_store.get_person(self.db, dossier.holder_id)
                    if dossier.holder_id is not None
                    else None
                )
                target = Status.IN_PROGRESS if dossier.status is Status.RECEIVED else dossier.status
                data = {
                    **_person_fields("from", previous),
                    **_person_fields("to", officer),
                    "due_at": iso(dossier.due_at) if dossier.due_at else None,
                    "outcome": outcome(moment, dossier.due_at),
                }
                changes: dict[str, object] = {"holder_id": officer.id, "held_since": iso(moment)}
                if target is not dossier.status:
                    changes["status"] = int(target)
                self._hand_step(dossier, "handover", target, changes, note, moment, data, now)
        return [self.get(d.code) for d in dossiers]

    def result_back(self, code: str, note: str = "", at: datetime | None = None) -> Dossier:
        """The result (or the dossier) came back from its officer to the desk: the holder is
        cleared; the step says whether it came back early, on time or late."""
        dossier = self.get(code)
        check_result_back(dossier)
        now = self.clock.now()
        moment = step_time(dossier, at, now)
        assert dossier.holder_id is not None
        holder = people_store.get_person(self.db, dossier.holder_id)
        data = {
            **_person_fields("from", holder),
            "held_since": iso(dossier.held_since) if dossier.held_since else None,
            "due_at": iso(dossier.due_at) if dossier.due_at else None,
            "outcome": outcome(moment, dossier.due_at),
        }
        changes: dict[str, object] = {"holder_id": None, "held_since": None}
        self._hand_step(
            dossier, "result_back", dossier.status, changes, note.strip(), moment, data, now
        )
        return self.get(dossier.code)

    def transition(
        self,
        code: str,
        target: Status,
        note: str = "",
        at: datetime | None = None,
        collected_by: str = "",
        papers: tuple[str, ...] = (),
    ) -> Dossier:
        """A move (see `Lifecycle.transition`); a held dossier moved to resolved, refused or
        stopped first comes back to the desk, in the same transaction."""
        dossier = self.get(code)
        if dossier.holder_id is None or target not in BRINGS_RESULT_BACK:
            return super().transition(code, target, note, at, collected_by, papers)
        with self.db.transaction():
            self.result_back(dossier.code, "", at)
            return super().transition(dossier.code, target, note, at, collected_by, papers)

    def _hand_step(
        self,
        dossier: Dossier,
        kind: str,
        target: Status,
        changes: dict[str, object],
        note: str,
        moment: datetime,
        data: dict[str, Any],
        now: datetime,
    ) -> None:
        actor = self.actor
        event = {
            "at": iso(moment),
            "kind": kind,
            "from_status": int(dossier.status),
            "to_status": int(target),
            "actor": actor.name,
            "person_id": actor.person_id,
            "actor_title": actor.title,
            "actor_unit": actor.unit,
            "note": note,
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
                    {
                        "at": event["at"],
                        "from": data.get("from_id"),
                        "to": data.get("to_id"),
                        "outcome": data["outcome"],
                    },
                    at=now,
                )
        if not recorded:
            raise InvalidInput(
                [
                    FieldError(
                        "status",
                        f"Hồ sơ {dossier.code} vừa được cập nhật ở nơi khác; hãy mở lại và "
                        "thử lại.",
                        f"{dossier.code} was changed meanwhile (another window?); reload and retry",
                    )
                ]
            )

    # -- the per-officer view --------------------------------------------------------------

    def officer_view(self, day: date | None = None) -> OfficerView:
        """Per active officer (and anyone else still holding dossiers): how many they hold,
        how many are overdue and how many are due by the close of the next working day
        (the desk's calendar), worst first; and the same of the dossiers still at the desk."""
        now = self.clock.now()
        if day is None or day == now.date():
            moment = now
        else:
            moment = datetime.combine(day, self.calendar.hours.periods[0][0], tzinfo=VN_TZ)
        soon = self.calendar.closing(self.calendar.next_working_day(moment.date()))
        paused = next(iter(PAUSED))
        counts = handover_store.holder_counts(self.db, iso(moment), iso(soon), int(paused))
        people = {p.id: p for p in people_store.all_people(self.db)}
        loads = []
        for person_id in {
            *(p.id for p in people.values() if p.active and p.has_role("officer")),
            *counts,
        }:
            person = people.get(person_id)
            held, overdue, due_soon = counts.get(person_id, (0, 0, 0))
            loads.append(
                OfficerLoad(
                    person_id=person_id,
                    name=person.name if person else f"#{person_id}",
                    title=person.title if person else "",
                    unit=person.unit if person else "",
                    held=held,
                    overdue=overdue,
                    due_soon=due_soon,
                )
            )
        loads.sort(key=OfficerLoad.worst_first)
        running = {int(s) for s in UNFINISHED_STATUSES} - {int(s) for s in PAUSED}
        all_open = handover_store.unfinished_counts(
            self.db, {int(s) for s in UNFINISHED_STATUSES}, running, iso(moment), iso(soon)
        )
        held_total = [sum(c[i] for c in counts.values()) for i in range(3)]
        desk = OfficerLoad(
            person_id=None,
            name=DESK_VI,
            title="",
            unit="",
            held=all_open[0] - held_total[0],
            overdue=all_open[1] - held_total[1],
            due_soon=all_open[2] - held_total[2],
        )
        return OfficerView(moment, soon, tuple(loads), desk)

    def officer_dossiers(self, person_id: int | None, limit: int = LIST_LIMIT) -> list[HeldDossier]:
        """The dossiers an officer holds (None: those still at the desk), earliest due first."""
        if person_id is None:
            rows = handover_store.desk_rows(self.db, {int(s) for s in UNFINISHED_STATUSES}, limit)
        else:
            rows = handover_store.held_rows(self.db, person_id, limit)
        return [
            HeldDossier(
                code=r["code"],
                applicant_name=r["applicant_name"],
                procedure_name=r["procedure_name"],
                status=Status(r["status"]),
                due_at=datetime.fromisoformat(r["due_at"]) if r["due_at"] else None,
                held_since=datetime.fromisoformat(r["held_since"]) if r["held_since"] else None,
            )
            for r in rows
        ]

    def render_officer_view(self, out: Path | BinaryIO, day: date | None = None) -> OfficerView:
        """The per-officer view as a one-page A4 PDF for the weekly meeting."""
        from onestop_desktop.documents.officer_load import render_officer_load

        view = self.officer_view(day)
        render_officer_load(
            view.moment,
            view.soon_until,
            [*view.officers, view.desk],
            header=(self.settings.header_line1, self.settings.office_name),
            place=self.settings.place_name,
            out=out,
        )
        return view
