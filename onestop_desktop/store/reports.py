"""The desk's period report: one aggregate query over `dossiers`, the classification of
`domain.reports.classify` written in SQL the way the upstream store does it
(`upstream/store/base.py` `report_query`): each row is put in four classes once, the inner query
counts rows per group and class, the outer one sums those few rows into the counters.

The desk keeps moments as ISO 8601 text in Vietnam's time, so a day is `substr(…, 1, 10)` and
the period's days are compared as 'YYYY-MM-DD' text. The due time graded against is the one
before the first apology (`due_before_apology`, migration 0008), else `due_at` (`_GRADED`); the
apology's moment is `first_apology_at`, else `apologised_at` (dossiers a demo load or a replay
wrote before those two columns were filled there carry only that).

Grouping by officer uses the dossier's current holder (`dossiers.holder_id`, the person who has
it now, after the last hand-over; a dossier nobody took over is in the row with no officer):
the report answers "whose desk is it on", which the hand-over book keeps current.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from onestop_desktop.domain.reports import COUNTER_CLASSES, Bounds, Counts
from onestop_desktop.store.database import Database, translated_errors

#: per grouping: the key column, and the name shown beside it
REPORT_GROUPS: dict[str, tuple[str, str]] = {
    "field": ("field_code", "MAX(field_name)"),
    "procedure": ("procedure_code", "MAX(procedure_name)"),
    "officer": ("holder_id", "MAX(holder_name)"),
    # each procedure within its field (the Reports window's tree): "field<US>procedure"
    "field_procedure": (
        "field_code || char(31) || procedure_code",
        "MAX(field_name) || char(31) || MAX(procedure_name)",
    ),
}
#: the separator of the two parts of a "field_procedure" key or name
UNIT_SEPARATOR = "\x1f"

#: the due time graded against: before the first apology; a dossier written in bulk before the
#: demo and the replay filled `due_before_apology` has none, but an apology moved only its
#: `due_at` away from the one first promised
_GRADED = (
    "COALESCE(d.due_before_apology, "
    "CASE WHEN d.apologised_at IS NOT NULL THEN d.original_due_at END, d.due_at)"
)
# The report's columns of one desk dossier: the moments as stored (ISO text in Vietnam's time).
# A moment compared with a day's bound compares as its day does ('2026-10-31T09:00…' sorts after
# '2026-10-31' and before '2026-11-01'), so only the comparisons of two moments by day take
# `substr` (fday, dday), which keeps a year over a million dossiers quick.
_FACTS = (
    "SELECT d.status AS status, d.channel AS channel, d.field_code AS field_code, "
    "d.field_name AS field_name, d.procedure_code AS procedure_code, "
    "d.procedure_name AS procedure_name, "
    "COALESCE(d.holder_id, '') AS holder_id, COALESCE(p.name, '') AS holder_name, "
    "d.received_at AS received, "
    "CASE WHEN d.status IN (8, 9, 10) THEN d.finished_at END AS finished, "
    f"{_GRADED} AS due, "
    "COALESCE(d.first_apology_at, d.apologised_at) AS apology_at "
    "FROM dossiers d LEFT JOIN people p ON p.id = d.holder_id "
    "WHERE d.status <> 3 AND d.received_at < {end_next}"
)
#: the facts without the people (every grouping but by officer)
_NO_PEOPLE = (
    ("COALESCE(p.name, '') AS holder_name", "'' AS holder_name"),
    (" LEFT JOIN people p ON p.id = d.holder_id", ""),
)
#: for a short recent period (the board's month): only the dossiers that can count, found
#: through the indexes (open ones; finished from the start on; finished and due from the day
#: before the start on: the due time graded against is never after `due_at`, which an apology
#: or a supplement only moves later)
_RECENT = (
    " AND d.id IN (SELECT id FROM dossiers WHERE status IN (1, 2, 4, 5, 6, 7) "
    "UNION ALL SELECT id FROM dossiers WHERE finished_at >= {start} "
    "UNION ALL SELECT id FROM dossiers WHERE status IN (8, 9, 10) AND due_at >= {late_from})"
)
_S = "(status = 8 AND finished IS NOT NULL)"
_FDAY = "substr(finished, 1, 10)"
_DDAY = "substr(due, 1, 10)"
_CLASSES = (
    "CASE WHEN finished < {start} THEN 0 WHEN received < {start} THEN 3 "
    "WHEN channel = 2 THEN 1 ELSE 2 END",
    "CASE WHEN finished < {start} THEN 0 WHEN finished < {end_next} THEN "
    f"(CASE WHEN {_S} OR due IS NULL OR {_FDAY} = {_DDAY} THEN 2 "
    f"WHEN {_FDAY} < {_DDAY} THEN 1 ELSE 3 END) "
    "WHEN status = 5 OR due IS NULL OR due >= {ref} THEN 4 ELSE 5 END",
    "CASE WHEN due IS NULL OR status = 5 OR due < {start} OR due >= {ref_next} THEN 0 "
    f"WHEN {_FDAY} <= {_DDAY} OR {_S} THEN 2 ELSE 1 END",
    f"CASE WHEN due IS NULL OR status = 5 OR {_S} OR due < {{late_from}} "
    f"OR due >= {{ref}} OR {_FDAY} <= {_DDAY} THEN 0 "
    "WHEN apology_at IS NULL THEN 1 WHEN apology_at < due THEN 3 ELSE 2 END",
)
#: the four classes (domain.reports COUNTER_CLASSES) as the digits of one number per row
_DIGITS = (
    "(cls / 1000)",
    "(cls / 100 - cls / 1000 * 10)",
    "(cls / 10 - cls / 100 * 10)",
    "(cls - cls / 10 * 10)",
)
#: rows that can count at all: handled in the period or due around it
_WHERE = "(finished IS NULL OR finished >= {start} OR due >= {late_from})"


def _values(b: Bounds) -> dict[str, str]:
    """The period's bounds as day texts: a moment before `end_next` is on or before `end`."""
    return {
        "start": b.start.isoformat(),
        "end_next": (b.end + timedelta(days=1)).isoformat(),
        "ref": b.ref.isoformat(),
        "ref_next": (b.ref + timedelta(days=1)).isoformat(),
        "late_from": (b.start - timedelta(days=1)).isoformat(),
    }


def _bind(template: str, values: dict[str, str], params: list[Any]) -> str:
    """`template` with each {name} made a `?` parameter, its value appended to `params`."""
    parts = template.split("{")
    out = [parts[0]]
    for part in parts[1:]:
        name, rest = part.split("}", 1)
        params.append(values[name])
        out.append("?" + rest)
    return "".join(out)


def report_query(by: str, b: Bounds, recent: bool = False) -> tuple[str, list[Any]]:
    """The one aggregate query of a report grouped `by` (REPORT_GROUPS) and its parameters:
    key, name, then one sum per counter in COUNT_KEYS order, ordered by key. `recent` reads
    only the candidate rows through the indexes (`_RECENT`): faster for a recent month, the
    same counts."""
    key, name = REPORT_GROUPS[by]
    values = _values(b)
    params: list[Any] = []
    # parameters in the order their `?` appear: the classes, the facts, the filter
    cls = " + ".join(
        f"({_bind(case, values, params)}) * {weight}"
        for case, weight in zip(_CLASSES, (1000, 100, 10, 1), strict=True)
    )
    facts = _FACTS
    if by != "officer":
        for was, now in _NO_PEOPLE:
            facts = facts.replace(was, now)
    facts = _bind(facts + (_RECENT if recent else ""), values, params)
    where = _bind(_WHERE, values, params)
    inner = (
        f"SELECT {key} AS k, {name} AS n, {cls} AS cls, COUNT(*) AS rows_ "
        f"FROM ({facts}) f WHERE {where} GROUP BY {key}, cls"
    )
    sums = []
    for kind, classes in COUNTER_CLASSES.values():
        condition = f"{_DIGITS[kind]} IN ({', '.join(map(str, classes))})"
        sums.append(f"SUM(CASE WHEN {condition} THEN rows_ ELSE 0 END)")
    query = f"SELECT k, MAX(n), {', '.join(sums)} FROM ({inner}) classed GROUP BY k ORDER BY k"
    return query, params


def report_rows(
    db: Database, by: str, b: Bounds, recent: bool = False
) -> list[tuple[str, str, Counts]]:
    """(key, name, counts) of every group with something to count in the period."""
    query, params = report_query(by, b, recent)
    with translated_errors(db.path):
        rows = db.conn.execute(query, params).fetchall()
    return [
        ("" if r[0] is None else str(r[0]), str(r[1] or ""), Counts.from_values(r[2:]))
        for r in rows
    ]


def report_total(db: Database, b: Bounds) -> Counts:
    """The counts of the whole desk in a recent period (the board's month so far)."""
    return sum((counts for _, _, counts in report_rows(db, "field", b, recent=True)), Counts())


def first_day(db: Database) -> date | None:
    """The receiving day of the desk's first dossier (None on an empty desk)."""
    with translated_errors(db.path):
        row = db.conn.execute("SELECT MIN(received_at) FROM dossiers").fetchone()
    return date.fromisoformat(row[0][:10]) if row and row[0] else None


# --- the months' series (the Reports window's and the PDF's charts) ---------------------------

#: Each dossier that can count in the months is put, in one scan, in the month it was received
#: ('' before the first month), finished ('' before, NULL not by the end), fell due (NULL: not
#: due in the months, or waiting for papers), became late (the day after its due day; NULL:
#: never late there) with its apology class (0 none, 1 too late, 2 in time), and whether it was
#: finished by its due day; the query counts the rows of each combination, a few hundred.
_MONTH_KEYS = (
    "CASE WHEN received < {first} THEN '' ELSE substr(received, 1, 7) END",
    "CASE WHEN finished IS NULL OR finished >= {end_next} THEN NULL "
    "WHEN finished < {first} THEN '' ELSE substr(finished, 1, 7) END",
    "CASE WHEN due IS NULL OR status = 5 OR due < {first} OR due >= {ref_next} THEN NULL "
    "ELSE substr(due, 1, 7) END",
    f"CASE WHEN finished IS NOT NULL AND ({_S} OR {_FDAY} <= {_DDAY}) THEN 1 ELSE 0 END",
    f"CASE WHEN due IS NULL OR status = 5 OR {_S} OR due < {{late_from}} OR due >= {{ref}} "
    f"OR {_FDAY} <= {_DDAY} THEN NULL "
    f"ELSE substr(date({_DDAY}, '+1 day'), 1, 7) END",
    "CASE WHEN apology_at IS NULL THEN 0 WHEN apology_at < due THEN 2 ELSE 1 END",
)


def monthly_query(first: date, last_end: date, today: date) -> tuple[str, list[Any]]:
    """The one query of the months from `first` (a month's first day) to `last_end` (the last
    month's last day): received, finished, due and late month keys with their counts."""
    b = Bounds(first, last_end, min(last_end, today))
    values = {**_values(b), "first": first.isoformat()}
    params: list[Any] = []
    keys = ", ".join(_bind(key, values, params) for key in _MONTH_KEYS)
    facts = _bind(_FACTS.replace(*_NO_PEOPLE[0]).replace(*_NO_PEOPLE[1]), values, params)
    where = _bind(_WHERE, values, params)
    query = f"SELECT {keys}, COUNT(*) FROM ({facts}) f WHERE {where} GROUP BY 1, 2, 3, 4, 5, 6"
    return query, params


def monthly_counts(db: Database, first: date, last_end: date, today: date) -> dict[str, Counts]:
    """Per month ('YYYY-MM') from `first` to `last_end`, the counts the month's own report has
    for received, resolved, pending, due in the period, finished by due, late in the period and
    the apologies (the other counters are left 0), from one scan of the desk."""
    months: list[str] = []
    day = first
    while day <= last_end:
        months.append(day.isoformat()[:7])
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    sums = {m: dict.fromkeys(("received", "resolved", "pending", "due", "by_due", "late",
                              "in_time", "any"), 0) for m in months}  # fmt: skip
    query, params = monthly_query(first, last_end, today)
    with translated_errors(db.path):
        rows = db.conn.execute(query, params).fetchall()
    for received, finished, due, by_due, late, apology, n in rows:
        if received in sums:
            sums[received]["received"] += n
        if finished in sums:
            sums[finished]["resolved"] += n
        if due in sums:
            sums[due]["due"] += n
            sums[due]["by_due"] += n * by_due
        if late in sums:
            sums[late]["late"] += n
            sums[late]["in_time"] += n * (apology == 2)
            sums[late]["any"] += n * (apology >= 1)
        if finished == "":
            continue  # finished before the first month: pending in none of them
        for month in months:
            # pending at the month's end: received by then and not finished by then
            if received <= month and (finished is None or finished > month):
                sums[month]["pending"] += n
    return {
        m: Counts(
            received=s["received"],
            resolved=s["resolved"],
            pending=s["pending"],
            due_in_period=s["due"],
            finished_by_due=s["by_due"],
            late_in_period=s["late"],
            apologised_in_time=s["in_time"],
            apologised=s["any"],
        )
        for m, s in sums.items()
    }
