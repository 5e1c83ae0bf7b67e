"""The apology with a new appointment date: who may get one, when, and which date to propose.

The rule (Decree 61/2018 Art. 19, kept in the 2025 provincial regulations, DOMAIN.md §1.6): a
dossier that will miss its date gets a written apology with a new date, sent at least one day
before the deadline, and the new date is set no more than once (a second one only by an explicit,
recorded override). The window and the command line both ask these functions; neither keeps a
copy of the rule.
"""

from __future__ import annotations

from datetime import datetime

from onestop_desktop.domain.calendar import WorkCalendar
from onestop_desktop.domain.clock import iso, to_vn
from onestop_desktop.domain.dossier import (
    Dossier,
    FieldError,
    InvalidInput,
    control_character_error,
)
from onestop_desktop.domain.procedures import DeadlineRule
from onestop_desktop.domain.status import OPEN_STATUSES, Status

#: the statuses in which a dossier can still be given a new date (waiting for papers included)
APOLOGISABLE = OPEN_STATUSES | {Status.SUPPLEMENT_REQUESTED}
#: when the procedure gives no usable duration, the new date proposed is this many working days on
FALLBACK_EXTRA_DAYS = 3


def can_apologise(status: Status, due_at: datetime | None) -> bool:
    """Whether a dossier can still be given a new date with an apology."""
    return due_at is not None and status in APOLOGISABLE


def check_apology(
    dossier: Dossier, new_due: datetime, reason: str, override: bool, calendar: WorkCalendar
) -> None:
    """Raise InvalidInput listing every reason this apology cannot be given."""
    errors: list[FieldError] = []
    if dossier.status not in APOLOGISABLE:
        errors.append(
            FieldError(
                "status",
                f"Hồ sơ ở trạng thái “{dossier.status.label_vi}” không cần xin lỗi, hẹn lại.",
                f"a dossier in status {int(dossier.status)} ({dossier.status.label_en}) "
                "needs no apology",
            )
        )
    if dossier.due_at is None:
        errors.append(
            FieldError(
                "due_at",
                "Thủ tục không có ngày hẹn trả nên không hẹn lại.",
                "the procedure has no due date to move",
            )
        )
    if not reason.strip():
        errors.append(
            FieldError(
                "note", "Cần ghi lý do chậm trễ.", "the apology needs the reason for the delay"
            )
        )
    reason_error = control_character_error(
        "note", reason, "Lý do chậm trễ", "the reason for the delay", multiline=True
    )
    if reason_error is not None:
        errors.append(reason_error)
    new_due = to_vn(new_due)
    if dossier.due_at is not None and not moves_due_later(dossier.due_at, new_due):
        errors.append(
            FieldError(
                "new_due",
                "Ngày hẹn mới phải sau ngày hẹn hiện tại.",
                f"the new due time must be after the current one ({iso(dossier.due_at)})",
            )
        )
    if not calendar.is_working_day(new_due.date()):
        errors.append(
            FieldError(
                "new_due",
                f"Ngày hẹn mới {new_due:%d/%m/%Y} là ngày nghỉ; hãy chọn một ngày làm việc.",
                f"the new due time {iso(new_due)} falls on a day the office is closed; "
                "expected a working day",
            )
        )
    if needs_override(dossier) and not override:
        errors.append(
            FieldError(
                "override",
                "Hồ sơ đã được hẹn lại một lần; chỉ hẹn lại lần nữa khi có xác nhận ngoại lệ.",
                "the dossier was already given a new date once; a second one needs an "
                "explicit override, which is recorded",
                cli_hint="--override",
            )
        )
    if errors:
        raise InvalidInput(errors)


def moves_due_later(due_at: datetime | None, new_due: datetime) -> bool:
    """Whether `new_due` is after the current due time (a dossier without one has none to pass)."""
    return due_at is None or to_vn(new_due) > due_at


def needs_override(dossier: Dossier) -> bool:
    """Whether a new date now would be a second one (allowed only by a recorded override)."""
    return dossier.apology_count >= 1


def sent_in_time(moment: datetime, due_at: datetime) -> bool:
    """ "At least one day before the deadline": the apology went out before the due day began."""
    return moment.date() < due_at.date()


def propose_new_due(
    due_at: datetime | None, rule: DeadlineRule | None, calendar: WorkCalendar, now: datetime
) -> datetime:
    """A sensible new appointment: the procedure's own duration again, counted from the current
    due time (or from now, when that has passed), in office time; else a few working days on."""
    base = max(due_at or now, now)
    proposal = calendar.due_at(rule, base) if rule is not None else None
    if proposal is None or proposal <= base:
        day = base.date()
        for _ in range(FALLBACK_EXTRA_DAYS):
            day = calendar.next_working_day(day)
        proposal = calendar.closing(day)
    return proposal
