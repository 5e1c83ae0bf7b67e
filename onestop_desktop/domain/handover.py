"""Handing a dossier to the processing officer, and the result coming back to the desk.

The one-stop desk receives a dossier and hands it to an officer (công chức chuyên môn) of the
procedure's field; an officer may hand it on to another (a hand-back between officers); the
result comes back to the desk, which returns it to the citizen. The control sheet (Phiếu kiểm
soát quá trình giải quyết hồ sơ, Mẫu 06 of TT 03/2025/TT-VPCP, DOMAIN.md §1.7) prints this chain.

Which dossiers may be handed over: those still being processed, 2 (received: the hand-over
starts the processing, so it becomes 4), 4 (in progress), 5 (waiting for papers) and 6
(waiting for the financial obligation). A withdrawal requested (7) waits for the desk's
decision, and a finished, refused or stopped dossier has nothing left to process.

Early, on time or late (trước hạn / đúng hạn / quá hạn): each hand-over and the result back is
classified when it happens, by its date against the date of the dossier's due time in force at
that moment (after pauses and apologies), as the reports classify a resolved dossier by date
only (DOMAIN.md §4.2): an earlier date is early, the same date on time, a later date late; a
dossier with no due time is on time. The row of the control sheet for a hand-over says whether
the dossier was still in time when the receiving side took it over, as the form's note asks
("do bên nhận nhập thông tin/ghi khi nhận bàn giao hồ sơ").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from onestop_desktop.domain.dossier import Dossier, FieldError, InvalidInput
from onestop_desktop.domain.people import Person
from onestop_desktop.domain.status import Status

S = Status

#: statuses in which a dossier may be handed to an officer
HANDABLE = frozenset({S.RECEIVED, S.IN_PROGRESS, S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION})
#: moves that end the processing: a held dossier moved there comes back to the desk first, so
#: the chain on the control sheet is never left open
BRINGS_RESULT_BACK = frozenset({S.RESOLVED, S.REFUSED, S.STOPPED})
#: statuses a held dossier may be in (the holder is cleared when the processing ends)
HELD_STATUSES = frozenset(
    {S.IN_PROGRESS, S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION, S.WITHDRAWAL_REQUESTED}
)
#: statuses of the dossiers still to be processed (held by an officer or still at the desk)
UNFINISHED_STATUSES = frozenset({S.RECEIVED, *HELD_STATUSES})
NOTE_LIMIT = 500

#: outcome key → (Vietnamese as the control sheet prints it, English)
OUTCOMES: dict[str, tuple[str, str]] = {
    "early": ("trước hạn", "early"),
    "on_time": ("đúng hạn", "on time"),
    "late": ("quá hạn", "late"),
}


def outcome(moment: datetime, due_at: datetime | None) -> str:
    """The step's outcome key (see the module's docstring): by date only."""
    if due_at is None or moment.date() == due_at.date():
        return "on_time"
    return "early" if moment.date() < due_at.date() else "late"


def outcome_vi(key: str) -> str:
    return OUTCOMES[key][0] if key in OUTCOMES else ""


def check_officer(officer: Person | None, wanted: int) -> Person:
    """The officer to hand over to: an active person with the officer role."""
    if officer is None:
        raise InvalidInput(
            [
                FieldError(
                    "officer",
                    f"Không có cán bộ nào mang số {wanted}.",
                    f"no person has the id {wanted}",
                    cli_hint="--to PERSON_ID (see `officers`)",
                )
            ]
        )
    if not officer.active:
        raise InvalidInput(
            [
                FieldError(
                    "officer",
                    f"{officer.name} đã nghỉ, không nhận hồ sơ được.",
                    f"{officer.name} is retired and cannot take dossiers",
                )
            ]
        )
    if not officer.has_role("officer"):
        raise InvalidInput(
            [
                FieldError(
                    "officer",
                    f"{officer.name} không phải công chức chuyên môn xử lý hồ sơ.",
                    f"{officer.name} is not a processing officer (role 'officer')",
                )
            ]
        )
    return officer


def check_hand_over(dossiers: Sequence[Dossier], officer: Person, note: str) -> None:
    """Refuse the whole hand-over when any dossier may not go to the officer, naming each."""
    errors: list[FieldError] = []
    if not dossiers:
        errors.append(
            FieldError("codes", "Hãy chọn ít nhất một hồ sơ.", "give at least one dossier code")
        )
    if len(note) > NOTE_LIMIT:
        errors.append(
            FieldError(
                "note",
                f"Ghi chú dài tối đa {NOTE_LIMIT} ký tự.",
                f"the note must be at most {NOTE_LIMIT} characters",
            )
        )
    seen: set[str] = set()
    for d in dossiers:
        if d.code in seen:
            errors.append(
                FieldError(
                    "codes", f"Hồ sơ {d.code} được chọn hai lần.", f"{d.code} is given twice"
                )
            )
            continue
        seen.add(d.code)
        if d.status not in HANDABLE:
            errors.append(
                FieldError(
                    "codes",
                    f"Hồ sơ {d.code} đang ở trạng thái “{d.status.label_vi}”, không chuyển "
                    "cho cán bộ xử lý được.",
                    f"{d.code} is {int(d.status)} ({d.status.label_en}): only dossiers received, "
                    "in progress or waiting (papers, financial obligation) can be handed over",
                )
            )
        elif d.holder_id == officer.id:
            errors.append(
                FieldError(
                    "codes",
                    f"Hồ sơ {d.code} đã ở chỗ {officer.name}.",
                    f"{d.code} is already held by {officer.name}",
                )
            )
    if errors:
        raise InvalidInput(errors)


def check_result_back(dossier: Dossier) -> None:
    if dossier.holder_id is None:
        raise InvalidInput(
            [
                FieldError(
                    "code",
                    f"Hồ sơ {dossier.code} đang ở Bộ phận Một cửa, chưa chuyển cho cán bộ nào.",
                    f"{dossier.code} is at the desk: no officer holds it",
                )
            ]
        )


@dataclass(frozen=True)
class OfficerLoad:
    """What one officer holds (person None: the dossiers still at the desk)."""

    person_id: int | None
    name: str
    title: str
    unit: str
    held: int
    overdue: int
    due_soon: int  # due by the close of the next working day, not yet overdue

    def worst_first(self) -> tuple[int, int, int, str]:
        return (-self.overdue, -self.due_soon, -self.held, self.name)
