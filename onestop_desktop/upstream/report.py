"""The province's view of the period report (Biểu số 06/VPCP/KSTT) over everything imported, and
how complete each desk's data is upstream.

The counting rules are domain/reports.py's (the store's aggregate query implements them, and the
tests hold it to the reference classifier). Completeness per desk:

* the last export received (its number and when it was imported, ISO 8601);
* the export numbers missing (a gap in the chain, or numbers refused as out of sequence);
* the days of the period with dossiers received at the desk that upstream has not got: a desk
  numbers each day's dossiers in its own blocks (domain/dossier.py `station_blocks`), so a number
  of that order missing below the highest one upstream holds for that day is a dossier the desk
  received and has not exported yet (or whose export is missing). Deleted dossiers
  (tombstones) count as received. Bound: only the period's days, and only below the day's
  highest number held — numbers issued after it cannot be seen from upstream.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from onestop_desktop.domain.dossier import CODE_RE, station_blocks
from onestop_desktop.domain.reports import (
    Counts,
    Period,
    day_number,
    query_bounds,
)
from onestop_desktop.upstream.status import missing_json, missing_sequences
from onestop_desktop.upstream.store import UpstreamStore, readable

BY_CHOICES = ("field", "procedure", "desk", "commune")


def position_in_blocks(station: int, sequence: int) -> int | None:
    """The n of `sequence` among a station's day numbers (`sequence_for(station, n)`), None
    when the station does not issue it."""
    before = 0
    for block in station_blocks(station):
        if sequence in block:
            return before + sequence - block.start + 1
        before += len(block)
    return None


def _row(by: str, key: tuple[str, ...], counts: Counts) -> dict[str, Any]:
    if by == "field":
        head: dict[str, Any] = {"field_code": key[0], "field_name": key[1]}
    elif by == "procedure":
        head = {
            "field_code": key[0],
            "procedure_code": key[1],
            "field_name": key[2],
            "procedure_name": key[3],
        }
    elif by == "desk":
        head = {"desk_id": key[0]}
    else:
        head = {"commune": key[0]}
    return {**head, **counts.as_json()}


def completeness(store: UpstreamStore, period: Period) -> list[dict[str, Any]]:
    """Per registered desk: its last export, the export numbers missing, and the period's days
    with dossiers received at the desk but not yet seen upstream."""
    desks = store.desks()
    last = store.last_imports()
    missing = missing_sequences(store)
    stations = {d.desk_id: d.station for d in desks}
    # per desk, per day: the positions of the numbers upstream holds
    held: dict[str, dict[date, set[int]]] = defaultdict(lambda: defaultdict(set))
    for desk_id, code in store.codes_received(day_number(period.start), day_number(period.end)):
        station = stations.get(desk_id)
        match = CODE_RE.match(code)
        if station is None or match is None:
            continue
        day_text = match["day"]
        try:
            day = date(2000 + int(day_text[:2]), int(day_text[2:4]), int(day_text[4:]))
        except ValueError:
            continue
        if not period.start <= day <= period.end:
            continue
        n = position_in_blocks(station, int(match["seq"]))
        if n is not None:
            held[desk_id][day].add(n)
    out = []
    for desk in desks:
        days = []
        for day, numbers in sorted(held[desk.desk_id].items()):
            highest = max(numbers)
            if highest > len(numbers):
                days.append(
                    {
                        "day": day.isoformat(),
                        "received_upstream": len(numbers),
                        "missing": highest - len(numbers),
                    }
                )
        seq_at = last.get(desk.desk_id)
        out.append(
            {
                "desk_id": desk.desk_id,
                "last_export": None
                if seq_at is None
                else {"number": seq_at[0], "imported_at": readable(seq_at[1])},
                "missing_exports": missing_json(missing.get(desk.desk_id, [])),
                "days_not_exported": days,
            }
        )
    return out


def build_report(store: UpstreamStore, period: Period, by: str, today: date) -> dict[str, Any]:
    """The period report grouped `by` (field, procedure, desk or commune): `period`, `by`,
    `rows`, `total` (each with the report's keys and rates) and `completeness`."""
    if by not in BY_CHOICES:
        raise ValueError(f"by must be one of {BY_CHOICES}")
    groups = store.report(by, query_bounds(period, today))
    total = Counts()
    for _, counts in groups:
        total = total + counts
    return {
        "period": period.as_json(),
        "by": by,
        "rows": [_row(by, key, counts) for key, counts in groups],
        "total": total.as_json(),
        "completeness": completeness(store, period),
    }
