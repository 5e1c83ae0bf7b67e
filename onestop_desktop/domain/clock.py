"""The injected clock: every "now" in the program comes from here, so tests can pin it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Protocol

from onestop_desktop.domain.text import excerpt

#: Vietnam is UTC+07:00 all year (no daylight saving).
VN_TZ = timezone(timedelta(hours=7), "ICT")
#: how far in the future a typed time may be (clock drift between PCs)
FUTURE_TOLERANCE = timedelta(minutes=10)


class Clock(Protocol):
    """Something that tells the current time as an aware datetime in Vietnam time."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real wall clock, expressed in Vietnam time."""

    def now(self) -> datetime:
        return datetime.now(VN_TZ).replace(microsecond=0)


@dataclass
class FixedClock:
    """A clock pinned to a moment; `advance` moves it forward (for tests and the demo generator)."""

    current: datetime

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current = self.current + delta


def to_vn(moment: datetime) -> datetime:
    """Return `moment` in Vietnam time; a naive datetime is taken to be Vietnam local time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ)


def parse_time(text: str) -> datetime:
    """Parse ISO 8601 input (`2026-02-13T10:00`, optional offset; local time when none is given).

    Raises ValueError with a message saying what is expected.
    """
    cleaned = text.strip()
    try:
        parsed = datetime.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(
            f"{excerpt(text)} is not a time; expected ISO 8601 such as 2026-02-13T10:00 "
            "(local Vietnam time unless an offset such as +07:00 is given)"
        ) from None
    return to_vn(parsed)


def iso(moment: datetime) -> str:
    """Format a moment as stored: ISO 8601 with the +07:00 offset, to the second."""
    return to_vn(moment).replace(microsecond=0).isoformat()
