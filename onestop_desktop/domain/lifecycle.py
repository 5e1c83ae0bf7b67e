"""A dossier's life: which status may follow which, and what each step requires.

Statuses are the national TrangThaiHoSo codes (DOMAIN.md §5.4). The rules for supplementary
papers (the clock stops while the office waits), the apology with a new date (no more than once:
Decree 61/2018 Art. 19, carried into the 2025 provincial regulations, DOMAIN.md §1.6) and the
hand-back of the result are enforced here, before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from onestop_desktop.domain.calendar import WorkCalendar
from onestop_desktop.domain.clock import FUTURE_TOLERANCE, iso, to_vn
from onestop_desktop.domain.dossier import (
    Dossier,
    FieldError,
    InvalidInput,
    control_character_error,
)
from onestop_desktop.domain.status import OPEN_STATUSES, Status

S = Status

#: from → the statuses a dossier may move to next
ALLOWED: dict[Status, tuple[Status, ...]] = {
    S.RECEIVED: (
        S.IN_PROGRESS,
        S.SUPPLEMENT_REQUESTED,
        S.FINANCIAL_OBLIGATION,
        S.RESOLVED,
        S.REFUSED,
        S.WITHDRAWAL_REQUESTED,
        S.STOPPED,
    ),
    S.IN_PROGRESS: (
        S.SUPPLEMENT_REQUESTED,
        S.FINANCIAL_OBLIGATION,
        S.RESOLVED,
        S.REFUSED,
        S.WITHDRAWAL_REQUESTED,
        S.STOPPED,
    ),
    S.SUPPLEMENT_REQUESTED: (S.IN_PROGRESS, S.WITHDRAWAL_REQUESTED, S.STOPPED, S.REFUSED),
    S.FINANCIAL_OBLIGATION: (S.IN_PROGRESS, S.RESOLVED, S.WITHDRAWAL_REQUESTED, S.STOPPED),
    S.WITHDRAWAL_REQUESTED: (S.STOPPED, S.IN_PROGRESS),
    S.RESOLVED: (S.RETURNED,),
    S.REFUSED: (),
    S.STOPPED: (),
    S.RETURNED: (),
}

#: the moves that need a written reason (refusal, stopping, asking for papers, withdrawal)
NEEDS_REASON = frozenset({S.REFUSED, S.STOPPED, S.SUPPLEMENT_REQUESTED, S.WITHDRAWAL_REQUESTED})
#: statuses in which the deadline clock does not run
PAUSED = frozenset({S.SUPPLEMENT_REQUESTED})
#: statuses after which the office's processing has ended
FINISHED = frozenset({S.RESOLVED, S.RETURNED, S.REFUSED, S.STOPPED})


@dataclass(frozen=True)
class StepCheck:
    """What a transition needs, as the clerk typed it."""

    current: Status
    target: Status
    note: str = ""
    collected_by: str = ""


def parse_status(text: str) -> Status:
    """A status from its national code ("9") or its English or Vietnamese name."""
    from onestop_desktop.domain.text import excerpt, excerpt_vi, fold

    cleaned = text.strip()
    if cleaned.isdigit():
        try:
            return Status(int(cleaned))
        except ValueError:
            pass
    wanted = fold(cleaned).replace("_", " ").replace("-", " ")
    for status in Status:
        names = {fold(status.name.replace("_", " ")), fold(status.label_en), fold(status.label_vi)}
        if wanted in names:
            return status
    choices = ", ".join(f"{int(s)} ({s.name.lower()})" for s in Status)
    raise InvalidInput(
        [
            FieldError(
                "status",
                f"Không có trạng thái {excerpt_vi(text)}.",
                f"{excerpt(text)} is not a status: expected one of {choices}",
            )
        ]
    )


def check_transition(step: StepCheck) -> None:
    """Refuse an illegal move, saying which moves are possible from the current status."""
    allowed = ALLOWED[step.current]
    if step.target not in allowed:
        if allowed:
            vi_list = ", ".join(f"{int(s)} – {s.label_vi}" for s in allowed)
            en_list = ", ".join(f"{int(s)} ({s.label_en})" for s in allowed)
            vi = (
                f"Không thể chuyển hồ sơ từ “{step.current.label_vi}” sang "
                f"“{step.target.label_vi}”. Có thể chuyển sang: {vi_list}."
            )
            en = (
                f"cannot move from {int(step.current)} ({step.current.label_en}) to "
                f"{int(step.target)} ({step.target.label_en}); possible: {en_list}"
            )
        else:
            vi = f"Hồ sơ đã ở trạng thái cuối “{step.current.label_vi}”, không chuyển tiếp được."
            en = (
                f"the dossier is in the final status {int(step.current)} "
                f"({step.current.label_en}); no further move is possible"
            )
        raise InvalidInput([FieldError("status", vi, en)])
    errors: list[FieldError] = []
    if step.target in NEEDS_REASON and not step.note.strip():
        errors.append(
            FieldError(
                "note",
                f"Cần ghi lý do khi chuyển sang “{step.target.label_vi}”.",
                f"moving to {int(step.target)} ({step.target.label_en}) needs a reason",
                cli_hint="--note",
            )
        )
    for typed in (
        control_character_error("note", step.note, "Lý do", "the reason", multiline=True),
        control_character_error(
            "collected_by", step.collected_by, "Họ tên người nhận", "the name of who collected it"
        ),
    ):
        if typed is not None:
            errors.append(typed)
    if step.target is S.RETURNED and not step.collected_by.strip():
        errors.append(
            FieldError(
                "collected_by",
                "Cần ghi họ tên người nhận kết quả.",
                "handing back the result needs the name of who collected it",
            )
        )
    if errors:
        raise InvalidInput(errors)


def step_time(dossier: Dossier, at: datetime | None, now: datetime) -> datetime:
    """When a step happens: `at` as typed (or now), neither in the future nor before the
    dossier's last step, so the history stays in order."""
    moment = to_vn(at) if at else now
    if moment > now + FUTURE_TOLERANCE:
        raise InvalidInput(
            [
                FieldError(
                    "at",
                    "Thời điểm không được ở tương lai.",
                    f"the time {iso(moment)} is in the future (now is {iso(now)})",
                    cli_hint="--at",
                )
            ]
        )
    last = dossier.history[-1].at if dossier.history else dossier.received_at
    if moment < last:
        raise InvalidInput(
            [
                FieldError(
                    "at",
                    "Thời điểm phải sau bước xử lý trước đó.",
                    f"the time {iso(moment)} is before the dossier's last step ({iso(last)})",
                    cli_hint="--at",
                )
            ]
        )
    return moment


def days_overdue(
    calendar: WorkCalendar, status: Status, due_at: datetime | None, now: datetime
) -> int | None:
    """How many working days an open dossier is past its due time at `now` (0 on its due day
    once the due time has passed), or None when it is not overdue: no due time, not yet due, or
    no longer open (waiting for papers stops its clock; a resolved or closed one is done).
    The board's "overdue" section and every "days overdue" mark follow this rule."""
    if due_at is None or status not in OPEN_STATUSES:
        return None
    return calendar.working_days_late(due_at, now)


def due_today(status: Status, due_at: datetime | None, now: datetime) -> bool:
    """An open dossier whose due time is later today: it must be finished before the day ends."""
    return (
        due_at is not None
        and status in OPEN_STATUSES
        and now < due_at
        and to_vn(due_at).date() == to_vn(now).date()
    )
