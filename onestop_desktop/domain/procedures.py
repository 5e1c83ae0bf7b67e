"""Administrative procedures (thủ tục hành chính) and their deadline rules.

The catalogue itself is data (`resources/procedures.json`); this module defines its shape and
validates it when loaded. A bad entry is refused with a message naming the entry and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from enum import StrEnum


class DeadlineUnit(StrEnum):
    """How a procedure's statutory time is counted (DOMAIN.md §3)."""

    WORKING_DAYS = "working_days"  # N × the office hours of a day, in office time
    WORKING_HOURS = "working_hours"  # N office hours
    CALENDAR_DAYS = "calendar_days"  # N calendar days, pushed to the next working day
    SAME_DAY = "same_day"  # close of the receiving day (or the next working day after the cut-off)
    NONE = "none"  # no due date fixed by law ("Không có ngày hẹn trả cụ thể theo quy định")


@dataclass(frozen=True)
class DeadlineRule:
    """The statutory processing time of a procedure."""

    unit: DeadlineUnit
    amount: float = 0.0
    #: same-day procedures received after this time are due at the close of the next working day
    cutoff: time | None = None

    def describe_vi(self) -> str:
        """The statutory time as printed on the slip, e.g. "03 ngày làm việc"."""
        amount = f"{self.amount:g}"
        if self.unit is DeadlineUnit.WORKING_DAYS:
            return f"{amount.zfill(2)} ngày làm việc"
        if self.unit is DeadlineUnit.WORKING_HOURS:
            return f"{amount} giờ làm việc"
        if self.unit is DeadlineUnit.CALENDAR_DAYS:
            return f"{amount.zfill(2)} ngày"
        if self.unit is DeadlineUnit.SAME_DAY:
            if self.cutoff is not None:
                return (
                    f"Trong ngày (nhận sau {self.cutoff.hour:02d} giờ "
                    "thì trả trong ngày làm việc tiếp theo)"
                )
            return "Trong ngày"
        return "Không có ngày hẹn trả cụ thể theo quy định"

    def describe_en(self) -> str:
        """The statutory time in English, for the English interface."""
        amount = f"{self.amount:g}"
        if self.unit is DeadlineUnit.WORKING_DAYS:
            return f"{amount} working days"
        if self.unit is DeadlineUnit.WORKING_HOURS:
            return f"{amount} working hours"
        if self.unit is DeadlineUnit.CALENDAR_DAYS:
            return f"{amount} calendar days"
        if self.unit is DeadlineUnit.SAME_DAY:
            if self.cutoff is not None:
                return f"Same day (next working day if received after {self.cutoff:%H:%M})"
            return "Same day"
        return "No statutory due date"


@dataclass(frozen=True)
class DocumentRequirement:
    """One paper the applicant hands in, with the usual number of each kind of copy."""

    name: str
    originals: int = 0  # bản chính
    certified_copies: int = 0  # bản chứng thực
    photocopies: int = 0  # bản photo / bản sao
    required: bool = True


@dataclass(frozen=True)
class Procedure:
    """One administrative procedure of the commune catalogue."""

    code: str  # national code (mã TTHC), e.g. "1.001193"
    name: str
    field: str  # lĩnh vực, e.g. "Hộ tịch"
    field_code: str
    deadline: DeadlineRule
    fee: str
    documents: tuple[DocumentRequirement, ...]
    #: what is not verified in the sources (DOMAIN.md labels [R]/[S]), shown to administrators
    unverified: tuple[str, ...] = ()
    #: the result may be sent by post (hình thức trả qua bưu chính)
    postal_return: bool = True
