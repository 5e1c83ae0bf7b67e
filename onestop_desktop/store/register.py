"""The register book's rows: dossiers received in a period, optionally of one field, in the
order of their codes (index `dossiers_received`, migration 0007)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from onestop_desktop.domain.clock import iso
from onestop_desktop.domain.register import RegisterRow
from onestop_desktop.store.database import Database, translated_errors


def register_rows(
    db: Database, start: datetime, end: datetime, field_code: str = ""
) -> list[RegisterRow]:
    """Dossiers received from `start` (included) to `end` (excluded), ordered by code."""
    sql = (
        "SELECT code, procedure_name, field_name, applicant_name, address, phone, received_at, "
        "due_at, returned_at, return_method, collected_by FROM dossiers "
        "WHERE received_at >= ? AND received_at < ?"
    )
    params: list[object] = [iso(start), iso(end)]
    if field_code:
        sql += " AND field_code = ?"
        params.append(field_code)
    sql += " ORDER BY code"
    with translated_errors(db.path):
        cursor = db.conn.execute(sql, params)
        return list(_rows(cursor))


def _rows(cursor: object) -> Iterator[RegisterRow]:
    for r in cursor:  # type: ignore[attr-defined]
        yield RegisterRow(
            r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", r[6], r[7] or "", r[8] or "",
            int(r[9]), r[10] or "",
        )  # fmt: skip
