"""The upstream store's one interface, and every step of it that SQLite and PostgreSQL share.

`UpstreamStore` runs the whole flow (opening and migrating, registering desks, an import's
transaction, the refusal log, status and dump) with portable SQL written once, `?` for a
parameter. A backend (`sqlite.py`, `postgres.py`) supplies only what its dialect does its own
way: the placeholder, how a transaction starts and holds the desk's lock, how the schema version
is read and recorded, the bulk writes of an import (`ImportTransaction`), and how a driver error
becomes a known error.

Tables (db/upstream/<dialect>/NNNN_*.sql):

* `desks`: each registered desk, its public key, and the last export imported from it
  (`last_export_seq`, `last_manifest_sha256`: the sequence chain).
* `imports`: one row per imported file, with the acknowledgement written for it (so importing the
  same file again writes the same acknowledgement, and changes nothing).
* `dossiers`: per (`agency_code`, `code`) the newest version received, its desk, status and the
  whole record (the line exactly as the desk signed it: canonical JSON; JSONB in PostgreSQL).
* `steps`: processing steps, kept once per (`desk_id`, `step`).
* `tombstones`: dossiers deleted at their desk (newest version per code).
* `refusals`: files refused as out of sequence, whose manifest was authentic; the highest number
  seen tells which exports of a desk are missing. A log, not data: refusing a file never changes
  the other tables.

The merge policy (which records are accepted, ignored or rejected) lives in `upstream/merge.py`;
this package offers the operations it needs inside one transaction.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any

from onestop_desktop.domain.clock import VN_TZ
from onestop_desktop.domain.errors import KnownError
from onestop_desktop.domain.reports import COUNTER_CLASSES, Counts, QueryBounds
from onestop_desktop.upstream.store import migrations

#: the report's columns of a dossier, in this order (domain/reports.py `RecordFacts`)
REPORT_COLUMNS = (
    "field_code",
    "field_name",
    "procedure_code",
    "procedure_name",
    "channel",
    "received_day",
    "finished_day",
    "graded_due",
    "due_day",
    "apology_at",
)
#: (code, version, status, record JSON text: str, or its UTF-8 bytes as signed, the report's
#: columns: `RecordFacts.as_tuple()`)
DossierRow = tuple[str, int, int, str | bytes, tuple[Any, ...]]
#: (step, code, version, record JSON text: str, or its UTF-8 bytes as signed)
StepRow = tuple[int, str, int, str | bytes]
#: (code, version, deleted_at)
TombstoneRow = tuple[str, int, str]

#: a report's groups: the columns grouped by, then the names shown beside them
REPORT_GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "field": (("field_code",), ("MAX(field_name)",)),
    "procedure": (("field_code", "procedure_code"), ("MAX(field_name)", "MAX(procedure_name)")),
    "desk": (("desk_id",), ()),
    "commune": (("agency_code",), ()),
}

# The classification of domain/reports.py `classify`, over the report's columns ({name}: a
# parameter of `QueryBounds`). F: finished with a known day; S: stopped; H: handled in the
# period. Each row is put in four classes, each worked out once (a CASE stops at its first
# match): how it came in (0 not handled, 1 online, 2 direct or postal, 3 carried over), where
# it stands (0 not handled, 1 resolved early, 2 on time, 3 late, 4 pending in time, 5 overdue),
# its due day (0 not due in the period, 1 due and not finished by it, 2 finished by it) and its
# lateness (0 not late in the period, 1 late without an apology, 2 apologised after the due
# time, 3 apologised before it). The inner query counts the rows of each group and classes;
# the outer one sums those few rows into the counters.
# (finished_day is kept for a finished status only: domain/reports.py `record_facts`)
_S = "(status = 8 AND finished_day IS NOT NULL)"
_NOT_H = "finished_day < {start}"
_CLASSES = (
    f"CASE WHEN {_NOT_H} THEN 0 WHEN received_day < {{start}} THEN 3 "
    "WHEN channel = 2 THEN 1 ELSE 2 END",
    f"CASE WHEN {_NOT_H} THEN 0 WHEN finished_day <= {{end}} THEN "
    f"(CASE WHEN {_S} OR due_day IS NULL OR finished_day = due_day THEN 2 "
    "WHEN finished_day < due_day THEN 1 ELSE 3 END) "
    "WHEN status = 5 OR due_day IS NULL OR due_day >= {ref} THEN 4 ELSE 5 END",
    "CASE WHEN due_day IS NULL OR status = 5 OR due_day < {start} OR due_day > {ref} THEN 0 "
    f"WHEN finished_day <= due_day OR {_S} THEN 2 ELSE 1 END",
    f"CASE WHEN due_day IS NULL OR status = 5 OR {_S} OR due_day < {{late_from}} "
    "OR due_day > {late_to} OR finished_day <= due_day THEN 0 "
    "WHEN apology_at IS NULL THEN 1 WHEN apology_at < graded_due THEN 3 ELSE 2 END",
)
#: the classes as digits of one number per row (fewer keys for the grouping's sort to compare)
_DIGITS = (
    "(cls / 1000)",
    "(cls / 100 - cls / 1000 * 10)",
    "(cls / 10 - cls / 100 * 10)",
    "(cls - cls / 10 * 10)",
)
#: rows that can count at all: received by the end, not refused, handled or due around it
_REPORT_WHERE = (
    "status <> 3 AND received_day IS NOT NULL AND received_day <= {end} "
    "AND (finished_day IS NULL OR finished_day >= {start} OR due_day >= {late_from})"
)


def _bind(template: str, bounds: QueryBounds, params: list[Any]) -> str:
    """`template` with each {name} made a `?` parameter, its value appended to `params`."""
    parts = template.split("{")
    out = [parts[0]]
    for part in parts[1:]:
        name, rest = part.split("}", 1)
        params.append(getattr(bounds, name))
        out.append("?" + rest)
    return "".join(out)


def report_query(by: str, bounds: QueryBounds) -> tuple[str, list[Any]]:
    """The one aggregate query of a report grouped `by` (REPORT_GROUPS), and its parameters:
    the group's columns, its names, then one sum per counter in COUNT_KEYS order."""
    keys, names = REPORT_GROUPS[by]
    params: list[Any] = []
    weights = (1000, 100, 10, 1)
    cls = " + ".join(
        f"({_bind(case, bounds, params)}) * {weight}"
        for case, weight in zip(_CLASSES, weights, strict=True)
    )
    where = _bind(_REPORT_WHERE, bounds, params)
    named = [f"{name} AS n{i}" for i, name in enumerate(names)]
    inner = (
        f"SELECT {', '.join((*keys, *named))}, {cls} AS cls, COUNT(*) AS rows_ FROM dossiers "
        f"WHERE {where} GROUP BY {', '.join((*keys, 'cls'))}"
    )
    sums = []
    for kind, classes in COUNTER_CLASSES.values():
        condition = f"{_DIGITS[kind]} IN ({', '.join(map(str, classes))})"
        sums.append(f"SUM(CASE WHEN {condition} THEN rows_ ELSE 0 END)")
    outer_names = [f"MAX(n{i})" for i in range(len(names))]
    group = ", ".join(keys)
    query = (
        f"SELECT {', '.join((*keys, *outer_names, *sums))} FROM ({inner}) classed "
        f"GROUP BY {group} ORDER BY {group}"
    )
    return query, params


_TABLES = ("desks", "imports", "dossiers", "steps", "tombstones")


class UpstreamStoreError(KnownError):
    """The store cannot be opened or used; the message says what to do."""


def stamp(moment: datetime) -> str:
    """A moment as the store keeps it (and the acknowledgement shows it): yyyyMMddHHmmss in
    Vietnam's time, the national portal's format."""
    return moment.astimezone(VN_TZ).strftime("%Y%m%d%H%M%S")


def readable(stored: str) -> str:
    """A stored moment (`stamp`) as people and reports read times: ISO 8601 with Vietnam's
    offset; a value that is not a stamp is shown as it is."""
    try:
        return datetime.strptime(stored, "%Y%m%d%H%M%S").replace(tzinfo=VN_TZ).isoformat()
    except ValueError:
        return stored


@dataclass(frozen=True)
class Desk:
    """A registered desk and the last export imported from it."""

    desk_id: str
    agency_code: str
    station: int
    public_key: str
    registered_at: str
    last_export_seq: int
    last_manifest_sha256: str | None


@dataclass(frozen=True)
class ImportRecord:
    """One imported sync file."""

    desk_id: str
    export_seq: int
    file_name: str
    file_sha256: str
    manifest_sha256: str
    imported_at: str
    accepted: int
    rejected: int
    ack: str


@dataclass(frozen=True)
class Held:
    """What the store holds for a dossier code: its desk and newest version (live or deleted)."""

    desk_id: str
    version: int


def merge_held(found: dict[str, Held], code: str, desk_id: str, version: int) -> None:
    """Keep in `found` the newest of what the store holds for `code` (a dossier or its
    tombstone)."""
    old = found.get(code)
    if old is None or version > old.version:
        found[code] = Held(desk_id, version)


_DESK_COLUMNS = (
    "desk_id, agency_code, station, public_key, registered_at, last_export_seq, "
    "last_manifest_sha256"
)
_IMPORT_COLUMNS = (
    "desk_id, export_seq, file_name, file_sha256, manifest_sha256, imported_at, accepted, "
    "rejected, ack"
)
_DUMP_QUERIES = {
    "desks": f"SELECT {_DESK_COLUMNS} FROM desks ORDER BY desk_id",
    "imports": f"SELECT {_IMPORT_COLUMNS} FROM imports ORDER BY desk_id, export_seq",
    "dossiers": "SELECT agency_code, code, desk_id, version, status, record, updated_at "
    "FROM dossiers ORDER BY agency_code, code",
    "steps": "SELECT desk_id, step, code, version, record FROM steps ORDER BY desk_id, step",
    "tombstones": "SELECT agency_code, code, desk_id, version, deleted_at FROM tombstones "
    "ORDER BY agency_code, code",
}
_RECORD_COLUMN = {"dossiers": 5, "steps": 4}


def _desk(row: Sequence[Any]) -> Desk:
    return Desk(
        desk_id=str(row[0]),
        agency_code=str(row[1]),
        station=int(row[2]),
        public_key=str(row[3]),
        registered_at=str(row[4]),
        last_export_seq=int(row[5]),
        last_manifest_sha256=None if row[6] is None else str(row[6]),
    )


def _import(row: Sequence[Any]) -> ImportRecord:
    return ImportRecord(
        desk_id=str(row[0]),
        export_seq=int(row[1]),
        file_name=str(row[2]),
        file_sha256=str(row[3]),
        manifest_sha256=str(row[4]),
        imported_at=str(row[5]),
        accepted=int(row[6]),
        rejected=int(row[7]),
        ack=str(row[8]),
    )


def record_text(record: str | bytes) -> str:
    """A record handed over as signed bytes or as text, as text."""
    return record.decode("utf-8") if isinstance(record, bytes) else record


def _canonical_text(record: Any) -> str:
    if isinstance(record, str):
        record = json.loads(record)
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class ImportTransaction(ABC):
    """The operations of one import, inside one transaction that holds the desk's lock. The
    bulk writes are the dialect's (executemany or COPY); recording the import is shared."""

    def __init__(self, store: UpstreamStore, desk: Desk) -> None:
        self.store = store
        #: the desk as read under the lock (its sequence state is current)
        self.desk = desk

    @abstractmethod
    def held(self, agency_code: str, codes: Sequence[str]) -> dict[str, Held]:
        """The stored owner and newest version of those codes that the store knows."""

    @abstractmethod
    def upsert_dossiers(
        self, agency_code: str, desk_id: str, rows: Sequence[DossierRow], updated_at: str
    ) -> set[str]:
        """Insert or update dossiers (only where the stored version is older and of this desk);
        return the codes written."""

    @abstractmethod
    def apply_tombstones(
        self, agency_code: str, desk_id: str, rows: Sequence[TombstoneRow]
    ) -> None:
        """Delete this desk's dossiers older than each tombstone, and keep the tombstones."""

    @abstractmethod
    def insert_steps(self, desk_id: str, rows: Sequence[StepRow]) -> int:
        """Add steps not already kept; return how many were new."""

    def finish(self, record: ImportRecord, manifest_sha256: str) -> None:
        """Record the import and advance the desk's sequence chain to it."""
        self.store.execute(
            f"INSERT INTO imports ({_IMPORT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.desk_id,
                record.export_seq,
                record.file_name,
                record.file_sha256,
                record.manifest_sha256,
                record.imported_at,
                record.accepted,
                record.rejected,
                record.ack,
            ),
        )
        self.store.execute(
            "UPDATE desks SET last_export_seq = ?, last_manifest_sha256 = ? WHERE desk_id = ?",
            (record.export_seq, manifest_sha256, record.desk_id),
        )


class UpstreamStore(ABC):
    """An open upstream store (SQLite or PostgreSQL)."""

    #: "sqlite" or "postgresql": also the folder of its migrations under db/upstream/
    kind: str
    #: where it is, for messages (a PostgreSQL password is never shown)
    where: str
    #: the driver's connection (sqlite3 or psycopg), in autocommit mode: transactions are
    #: begun explicitly by `_transaction`
    conn: Any
    #: what the desk's row is read with at the start of an import, to hold its lock
    _LOCK_DESK_ROW = ""

    # --- the dialect --------------------------------------------------------------------------

    def _sql(self, query: str) -> str:
        """The portable query (`?` parameters) in the driver's own placeholders."""
        return query

    @abstractmethod
    def _errors(self) -> AbstractContextManager[None]:
        """Turns the driver's errors into UpstreamStoreError, with what to do."""

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[None]:
        """A write transaction: committed when the block ends normally, else rolled back."""

    def _reading(self) -> AbstractContextManager[None]:
        """What a read runs in (a snapshot, where the driver needs one)."""
        return nullcontext()

    @abstractmethod
    def _schema_version(self) -> int:
        """The schema version, read without changing anything: 0 for a new, empty store;
        UpstreamStoreError for a database that is not an upstream store."""

    @abstractmethod
    def _migrating(self) -> AbstractContextManager[None]:
        """The one transaction the migrations run in, holding the schema's lock."""

    @abstractmethod
    def _record_version(self, number: int) -> None:
        """Record the schema version `number` (inside the migrations' transaction)."""

    def _before_migrating(self, version: int) -> None:  # noqa: B027 (a hook, empty by default)
        """What the dialect sets up, outside any transaction, before migrating from `version`."""

    @abstractmethod
    def _import_transaction(self, desk: Desk) -> ImportTransaction: ...

    def _record_value(self, stored: Any) -> Any:
        """A stored record as a JSON value."""
        return stored

    # --- the shared flow ----------------------------------------------------------------------

    def execute(self, query: str, params: Sequence[Any] = ()) -> Any:
        """Run one portable query in whatever transaction is open; the driver's cursor."""
        return self.conn.execute(self._sql(query), params)

    def _too_new(self, version: int, latest: int) -> UpstreamStoreError:
        return UpstreamStoreError(
            f"Kho dữ liệu {self.where} do một phiên bản mới hơn của chương trình ghi (lược đồ "
            f"{version}, chương trình này biết đến {latest}); hãy dùng phiên bản mới hơn. Kho "
            "không bị thay đổi.",
            f"{self.where} was written by a newer version (store schema {version}, this program "
            f"knows {latest}); use the newer program. The store was left as it was",
        )

    def migrate(self, up_to: int | None = None) -> int:
        """Bring the schema to `up_to` (default: the newest this program knows), every step in
        one transaction; return the version now. A store newer than this program is refused
        before anything in it is changed."""
        latest = migrations.latest(self.kind)
        target = latest if up_to is None else up_to
        with self._errors():
            with self._reading():
                version = self._schema_version()
            if version > latest:
                raise self._too_new(version, latest)
            if version >= target:
                # A current store takes no lock, so `status` and `verify` never wait for an
                # import (PostgreSQL's DDL would wait for every one in progress).
                return version
            self._before_migrating(version)
            with self._migrating():
                version = self._schema_version()  # again, under the lock: another may have run
                if version > latest:
                    raise self._too_new(version, latest)
                for step in migrations.pending(self.kind, version, target):
                    for statement in step.statements:
                        self.conn.execute(statement)
                    self._record_version(step.number)
                    # Programs of version 1 read their version only in `meta`: keeping it
                    # current makes them refuse a newer store instead of importing into it.
                    self.execute(
                        "UPDATE meta SET value = ? WHERE key = 'schema_version'",
                        (str(step.number),),
                    )
                    version = step.number
        return version

    def __enter__(self) -> UpstreamStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def _one(self, query: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        with self._errors(), self._reading():
            row: tuple[Any, ...] | None = self.execute(query, params).fetchone()
        return row

    def _all(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._errors(), self._reading():
            return [tuple(r) for r in self.execute(query, params).fetchall()]

    def desk(self, desk_id: str) -> Desk | None:
        row = self._one(f"SELECT {_DESK_COLUMNS} FROM desks WHERE desk_id = ?", (desk_id,))
        return _desk(row) if row else None

    def desks(self) -> list[Desk]:
        return [_desk(r) for r in self._all(f"SELECT {_DESK_COLUMNS} FROM desks ORDER BY desk_id")]

    def add_desk(self, desk: Desk) -> None:
        """Register a desk, or replace the public key of a registered one (keeps its chain)."""
        with self._errors(), self._transaction():
            self.execute(
                f"INSERT INTO desks ({_DESK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (desk_id) DO UPDATE SET public_key = excluded.public_key",
                (
                    desk.desk_id,
                    desk.agency_code,
                    desk.station,
                    desk.public_key,
                    desk.registered_at,
                    desk.last_export_seq,
                    desk.last_manifest_sha256,
                ),
            )

    def import_record(self, desk_id: str, export_seq: int) -> ImportRecord | None:
        row = self._one(
            f"SELECT {_IMPORT_COLUMNS} FROM imports WHERE desk_id = ? AND export_seq = ?",
            (desk_id, export_seq),
        )
        return _import(row) if row else None

    @contextmanager
    def importing(self, desk_id: str) -> Iterator[ImportTransaction]:
        """One import's transaction, holding the desk's lock; committed when the block ends
        normally, rolled back whole otherwise. UpstreamStoreError if the desk is unknown."""
        with self._errors(), self._transaction():
            row = self.execute(
                f"SELECT {_DESK_COLUMNS} FROM desks WHERE desk_id = ?{self._LOCK_DESK_ROW}",
                (desk_id,),
            ).fetchone()
            if row is None:
                raise UpstreamStoreError(
                    f"Trạm {desk_id} chưa được đăng ký.", f"desk {desk_id} is not registered"
                )
            yield self._import_transaction(_desk(row))

    def log_refusal(
        self,
        desk_id: str,
        export_seq: int,
        file_name: str,
        file_sha256: str,
        problem: str,
        message: str,
        refused_at: str,
    ) -> None:
        """Log a file refused as out of sequence (the newest message for the same file)."""
        with self._errors(), self._transaction():
            self.execute(
                "INSERT INTO refusals (desk_id, export_seq, file_sha256, file_name, problem, "
                "message, refused_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (desk_id, export_seq, file_sha256) DO UPDATE SET "
                "refused_at = excluded.refused_at, message = excluded.message",
                (desk_id, export_seq, file_sha256, file_name, problem, message, refused_at),
            )

    def highest_refused(self) -> dict[str, int]:
        """Per desk, the highest export number refused as out of sequence."""
        rows = self._all("SELECT desk_id, MAX(export_seq) FROM refusals GROUP BY desk_id")
        return {str(r[0]): int(r[1]) for r in rows}

    def counts(self) -> dict[str, int]:
        """Rows per table: dossiers, steps, tombstones, imports, desks."""
        query = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {t}" for t in _TABLES)
        return {str(r[0]): int(r[1]) for r in self._all(query)}

    def dossiers_by_desk(self) -> dict[str, int]:
        rows = self._all("SELECT desk_id, COUNT(*) FROM dossiers GROUP BY desk_id")
        return {str(r[0]): int(r[1]) for r in rows}

    def dossier(self, agency_code: str, code: str) -> dict[str, Any] | None:
        """One stored dossier: desk, version, status and the record."""
        row = self._one(
            "SELECT desk_id, version, status, record FROM dossiers "
            "WHERE agency_code = ? AND code = ?",
            (agency_code, code),
        )
        if row is None:
            return None
        return {
            "desk_id": row[0],
            "version": int(row[1]),
            "status": int(row[2]),
            "record": self._record_value(row[3]),
        }

    def report(self, by: str, bounds: QueryBounds) -> list[tuple[tuple[str, ...], Counts]]:
        """The period report's counters per group (`by`: field, procedure, desk or commune):
        each group's key and names, and its counts; one aggregate query."""
        query, params = report_query(by, bounds)
        width = sum(len(part) for part in REPORT_GROUPS[by])
        return [
            (
                tuple("" if v is None else str(v) for v in row[:width]),
                Counts.from_values(row[width:]),
            )
            for row in self._all(query, params)
        ]

    def codes_received(self, start_day: int, end_day: int) -> list[tuple[str, str]]:
        """(desk, code) of every dossier received on those days (yyyymmdd), and of every
        deletion: what completeness looks for gaps in."""
        return [
            (str(r[0]), str(r[1]))
            for r in self._all(
                "SELECT desk_id, code FROM dossiers WHERE received_day >= ? "
                "AND received_day <= ? UNION ALL SELECT desk_id, code FROM tombstones",
                (start_day, end_day),
            )
        ]

    def last_imports(self) -> dict[str, tuple[int, str]]:
        """Per desk, its newest imported export: (number, when, as stored)."""
        rows = self._all(
            "SELECT i.desk_id, i.export_seq, i.imported_at FROM imports i JOIN "
            "(SELECT desk_id, MAX(export_seq) AS seq FROM imports GROUP BY desk_id) m "
            "ON m.desk_id = i.desk_id AND m.seq = i.export_seq"
        )
        return {str(r[0]): (int(r[1]), str(r[2])) for r in rows}

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of the data tables (not the refusal log), sorted, records as canonical
        JSON text: two stores with equal dumps hold the same data."""
        out: dict[str, list[tuple[Any, ...]]] = {}
        for table, query in _DUMP_QUERIES.items():
            rows = self._all(query)
            column = _RECORD_COLUMN.get(table)
            if column is not None:
                rows = [(*r[:column], _canonical_text(r[column]), *r[column + 1 :]) for r in rows]
            out[table] = rows
        return out
