"""Queries behind the daily board and search: sections by due time, pages, counts, rates.

Every section query is served by the (status, due_at) index and pages by position with the
cheaper end of the ordering (a page near the end is read backwards), so the board stays fast
with millions of dossiers.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from onestop_desktop.store.database import Database

#: the columns a board row shows
ROW_COLUMNS = (
    "id, code, applicant_name, procedure_code, procedure_name, field_name, received_at, due_at, "
    "original_due_at, status, apology_count, phone"
)


@dataclass(frozen=True)
class SectionQuery:
    """A board section as SQL: a WHERE clause with its parameters and an ordering."""

    where: str
    params: tuple[Any, ...]
    order: tuple[tuple[str, str], ...]  # (column, "ASC"|"DESC"), last must be unique (id)


def _marks(values: tuple[int, ...]) -> str:
    return ", ".join(str(int(v)) for v in values)


def section_open_due_between(
    statuses: tuple[int, ...], after: str | None, until: str | None
) -> SectionQuery:
    """Open dossiers whose due time is in (after, until]; None leaves a side unbounded."""
    clauses = [f"status IN ({_marks(statuses)})", "due_at IS NOT NULL"]
    params: list[Any] = []
    if after is not None:
        clauses.append("due_at > ?")
        params.append(after)
    if until is not None:
        clauses.append("due_at <= ?")
        params.append(until)
    return SectionQuery(" AND ".join(clauses), tuple(params), (("due_at", "ASC"), ("id", "ASC")))


def section_status(statuses: tuple[int, ...], by: str = "due_at") -> SectionQuery:
    return SectionQuery(f"status IN ({_marks(statuses)})", (), ((by, "ASC"), ("id", "ASC")))


def section_all() -> SectionQuery:
    return SectionQuery("1 = 1", (), (("id", "DESC"),))


def ordered_by(section: SectionQuery, order: tuple[tuple[str, str], ...]) -> SectionQuery:
    """The same rows in another order (the last column must make it unique)."""
    return replace(section, order=order)


def excluding(section: SectionQuery, other: SectionQuery) -> SectionQuery:
    """The rows of `section` that are not in `other`, in `section`'s order. `other`'s clause
    never yields NULL for a row it cannot hold (it tests its nullable columns first), so NOT of
    it is true exactly for the rows it does not hold."""
    return SectionQuery(
        f"({section.where}) AND NOT ({other.where})", section.params + other.params, section.order
    )


def count(db: Database, section: SectionQuery) -> int:
    row = db.query_one(f"SELECT COUNT(*) FROM dossiers WHERE {section.where}", section.params)
    return int(row[0]) if row else 0


def count_by_field(db: Database, section: SectionQuery) -> dict[str, int]:
    rows = db.query(
        f"SELECT field_name, COUNT(*) FROM dossiers WHERE {section.where} GROUP BY field_name",
        section.params,
    )
    return {row[0]: int(row[1]) for row in rows}


def page(
    db: Database, section: SectionQuery, offset: int, limit: int, total: int | None = None
) -> list[sqlite3.Row]:
    """Rows [offset, offset+limit) of the section in its order.

    A page past the middle is read with the ordering reversed from the end, so the last page of
    a million rows costs what the first one does.
    """
    if total is None:
        total = count(db, section)
    if offset >= total or limit <= 0:
        return []
    limit = min(limit, total - offset)
    forward = ", ".join(f"{c} {d}" for c, d in section.order)
    if offset <= total // 2:
        return db.query(
            f"SELECT {ROW_COLUMNS} FROM dossiers WHERE {section.where} ORDER BY {forward} "
            f"LIMIT ? OFFSET ?",
            (*section.params, limit, offset),
        )
    backward = ", ".join(f"{c} {'DESC' if d == 'ASC' else 'ASC'}" for c, d in section.order)
    from_end = total - offset - limit
    rows = db.query(
        f"SELECT {ROW_COLUMNS} FROM dossiers WHERE {section.where} ORDER BY {backward} "
        f"LIMIT ? OFFSET ?",
        (*section.params, limit, from_end),
    )
    rows.reverse()
    return rows


def chained_page(
    db: Database,
    parts: Sequence[SectionQuery],
    offset: int,
    limit: int,
    total: int,
    rest: int = -1,
) -> list[sqlite3.Row]:
    """Rows [offset, offset+limit) of parts that do not overlap, read one after another, each in
    its own order; `total` is the count of all of them, and the part at index `rest` (the large
    one) is not counted: its count is what the others leave.

    So "the overdue first, most late first, then the rest newest first" is two index-served
    queries instead of a sort of every row."""
    rest %= len(parts)
    counts = [0 if n == rest else count(db, part) for n, part in enumerate(parts)]
    counts[rest] = max(0, total - sum(counts))
    rows: list[sqlite3.Row] = []
    for part, part_total in zip(parts, counts, strict=True):
        if limit <= 0:
            break
        if offset >= part_total:
            offset -= part_total
            continue
        got = page(db, part, offset, min(limit, part_total - offset), part_total)
        rows.extend(got)
        limit -= len(got)
        offset = 0
    return rows


def by_code(db: Database, code: str) -> list[sqlite3.Row]:
    return db.query(f"SELECT {ROW_COLUMNS} FROM dossiers WHERE code = ?", (code,))


_TOKEN = re.compile(r"[0-9a-z]+")


def search(db: Database, folded_text: str, limit: int = 50) -> list[sqlite3.Row]:
    """Dossiers matching every word typed (already folded), newest first.

    Words match the start of a word of the folded name, the code's parts, the ID number or the
    phone; a long run of digits also matches an ID number or phone exactly.
    """
    tokens = _TOKEN.findall(folded_text)
    if not tokens:
        return []
    match = " ".join(f'"{t}"*' for t in tokens)
    # Order by the FTS table's own rowid: newest first without sorting the matches.
    return db.query(
        f"SELECT {ROW_COLUMNS} FROM dossiers WHERE id IN ("
        "  SELECT rowid FROM dossier_search WHERE dossier_search MATCH ? "
        "  ORDER BY rowid DESC LIMIT ?"
        ") ORDER BY id DESC",
        (match, limit),
    )
