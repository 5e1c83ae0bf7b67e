"""Merging a verified file's records into the store, inside the import's transaction.

The merge reads of each record only what it needs (code, numbers, status: `record_keys`) and
stores each line as signed. The merge policy, per record:

* a dossier whose `MaHoSo` names another agency than the file's is **rejected**
  ("not this desk's agency");
* a dossier (or deletion) whose `MaHoSo` number is not in the number blocks of the file's
  station is **rejected** ("not this desk's number"): the desk did not issue it
  (domain/dossier.py `issued_by_station`, the rule the desk issues codes by), and another
  desk of the agency may;
* a code the store holds for another desk (live or deleted) is **rejected**
  ("code already registered by desk X");
* a version not newer than the stored one (live or deleted) is **ignored** but listed as
  accepted in the acknowledgement: upstream already holds that state or a newer one of the
  desk's own dossier, so the desk has nothing to resend (the count is reported as "older
  versions ignored");
* a record holding U+0000 or text that is not valid Unicode (no store keeps them) is
  **rejected**;
* otherwise the dossier is written (newest version per code wins); a tombstone deletes the
  dossier if it is newer and is kept, so an older version arriving later cannot bring it back;
* steps are kept once per (desk, step number); steps of rejected codes are skipped.

The reasons' texts come from `sync/reasons.py`, which the desk reads them back with.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec

from onestop_desktop.domain.dossier import issued_by_station, station_of_code
from onestop_desktop.domain.reports import record_facts
from onestop_desktop.sync import format as fmt
from onestop_desktop.sync import reasons
from onestop_desktop.upstream.store import (
    DossierRow,
    Held,
    ImportTransaction,
    StepRow,
    TombstoneRow,
)
from onestop_desktop.upstream.verifying import Verified

#: a JSON string escape of U+0000 (not preceded by an escaping backslash)
_NUL_ESCAPE = re.compile(r"(?:^|[^\\])(?:\\\\)*\\u0000")


def _agency_of(code: str) -> str:
    return code.rsplit("-", 2)[0]


class _Supplement(msgspec.Struct):
    NgayBoSung: str = ""
    NgayHenTraTruoc: str = ""


class _DossierKey(msgspec.Struct):
    MaHoSo: str
    TrangThaiHoSo: str
    version: int = msgspec.field(name="_version")
    # What the period report reads (domain/reports.py `record_facts`), kept in columns.
    MaLinhVuc: str = ""
    TenLinhVuc: str = ""
    MaTTHC: str = ""
    TenTTHC: str = ""
    KenhThucHien: str = ""
    NgayTiepNhan: str = ""
    NgayHenTra: str = ""
    NgayKetThucXuLy: str = ""
    DanhSachHoSoBoSung: list[_Supplement] = msgspec.field(default_factory=list)

    def facts(self) -> tuple[Any, ...]:
        return record_facts(
            {
                "MaLinhVuc": self.MaLinhVuc,
                "TenLinhVuc": self.TenLinhVuc,
                "MaTTHC": self.MaTTHC,
                "TenTTHC": self.TenTTHC,
                "TrangThaiHoSo": self.TrangThaiHoSo,
                "KenhThucHien": self.KenhThucHien,
                "NgayTiepNhan": self.NgayTiepNhan,
                "NgayHenTra": self.NgayHenTra,
                "NgayKetThucXuLy": self.NgayKetThucXuLy,
                "DanhSachHoSoBoSung": [
                    {"NgayBoSung": e.NgayBoSung, "NgayHenTraTruoc": e.NgayHenTraTruoc}
                    for e in self.DanhSachHoSoBoSung
                ],
            }
        ).as_tuple()


class _StepKey(msgspec.Struct):
    MaHoSo: str
    step: int = msgspec.field(name="_step")
    version: int = msgspec.field(name="_version")


class _TombstoneKey(msgspec.Struct):
    MaHoSo: str
    NgayXoa: str
    version: int = msgspec.field(name="_version")


_KEY_DECODERS: dict[str, msgspec.json.Decoder[Any]] = {
    "dossiers.jsonl": msgspec.json.Decoder(_DossierKey),
    "steps.jsonl": msgspec.json.Decoder(_StepKey),
    "tombstones.jsonl": msgspec.json.Decoder(_TombstoneKey),
}
#: per part, what the merge reads of each record, in this order
_KEY_FIELDS = {
    "dossiers.jsonl": ("MaHoSo", "_version", "TrangThaiHoSo"),
    "steps.jsonl": ("MaHoSo", "_step", "_version"),
    "tombstones.jsonl": ("MaHoSo", "_version", "NgayXoa"),
}


def _keys_of(part: str, record: dict[str, Any]) -> tuple[Any, ...]:
    keys = tuple(record[f] for f in _KEY_FIELDS[part])
    if part == "dossiers.jsonl":
        return (*keys, record_facts(record).as_tuple())
    return keys


def _record_keys(verified: Verified) -> dict[str, list[tuple[Any, ...]]]:
    """Per part, what the merge reads of each record (code, numbers, status): read by msgspec
    into small structs, the rest of each record skipped in C (the whole record is checked by
    the records' check). A part msgspec does not read (JSON it does not take, such as a lone
    surrogate escape) is read whole by format's reference parser."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    sync_file = verified.sync_file
    # Each part's line count as the manifest says (the records' check holds the part to it).
    lines = fmt.part_records(sync_file.manifest)
    for part, blob in verified.parts.items():
        expected = lines[part]
        keys: list[tuple[Any, ...]] | None = None
        if isinstance(sync_file, fmt.SyncFile):
            records = {
                "dossiers.jsonl": sync_file.dossiers,
                "steps.jsonl": sync_file.steps,
                "tombstones.jsonl": sync_file.tombstones,
            }[part]
            keys = [_keys_of(part, r) for r in records]
        else:
            try:
                found = _KEY_DECODERS[part].decode_lines(blob)
            except (msgspec.DecodeError, UnicodeDecodeError, ValueError, RecursionError):
                found = None
            if found is not None and len(found) == expected:
                if part == "dossiers.jsonl":
                    keys = [(r.MaHoSo, r.version, r.TrangThaiHoSo, r.facts()) for r in found]
                elif part == "steps.jsonl":
                    keys = [(r.MaHoSo, r.step, r.version) for r in found]
                else:
                    keys = [(r.MaHoSo, r.version, r.NgayXoa) for r in found]
        if keys is None:
            verified.refuse_if_records_fail()
            records = fmt.read_records({part: blob}, validate=False)[part]
            keys = [_keys_of(part, r) for r in records]
        out[part] = keys
    return out


def _stored_texts(verified: Verified, part: str) -> list[bytes | str | None]:
    """Per line of a part, `_stored_text`. A part without a `\\u` escape (what a desk writes)
    is stored line for line as signed, without a look at each line: the records' check, whose
    verdict comes before anything is committed, says that each line is one JSON object in
    UTF-8. The lines are handed to the store as bytes, which saves decoding them here."""
    blob = verified.parts[part]
    # A search for one byte is the quick one: most parts hold no backslash at all.
    if b"\\" in blob and b"\\u" in blob:
        return [_stored_text(line) for line in blob.split(b"\n")]
    lines: list[bytes | str | None] = list(blob.split(b"\n"))
    return lines


def _stored_text(line: bytes) -> bytes | str | None:
    """The record's JSON text to store: the line as signed when it is plain JSON text (the
    canonical line a desk writes), else the record re-serialised canonically. None when the
    record holds what no store can keep (U+0000, or text that is not valid Unicode)."""
    if b"\\u" not in line and line[:1] == b"{":
        return line
    try:
        record = json.loads(line)
        text = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        text.encode("utf-8")
    except (UnicodeEncodeError, ValueError, RecursionError):
        return None
    if "\\u0000" in text and _NUL_ESCAPE.search(text):
        return None
    return text


@dataclass
class Merge:
    accepted: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    ignored_older: int = 0
    steps_added: int = 0
    steps_skipped: int = 0
    tombstones: int = 0


def _newest_per_code(
    entries: Sequence[tuple[Any, ...]],
    agency: str,
    station: int,
    issued: Callable[[str], bool],
    rejected: Callable[[int], str | None] | None = None,
) -> tuple[list[str | None], dict[str, int]]:
    """Per line of a part (code, version, ...): None = to be decided against the store, else
    the reason it is rejected, or "" for "ignored: older than another line of this file"; and
    the index of each code's newest line. `issued(code)`: whether the file's `station` issues
    the code; `rejected(index)` may refuse a line of the agency and station."""
    prefix = agency + "-"  # an agency code holds no "-": the code's agency is all before it
    verdict: list[str | None] = [None] * len(entries)
    newest: dict[str, int] = {}
    for index, (code, version, *_) in enumerate(entries):
        if not code.startswith(prefix):
            verdict[index] = reasons.other_agency(_agency_of(code), agency)
            continue
        if not issued(code):
            verdict[index] = reasons.other_station(station_of_code(code), station)
            continue
        reason = rejected(index) if rejected is not None else None
        if reason is not None:
            verdict[index] = reason
            continue
        other = newest.get(code)
        if other is None:
            newest[code] = index
        elif version > entries[other][1]:
            verdict[other] = ""
            newest[code] = index
        else:
            verdict[index] = ""
    return verdict, newest


def merge(tx: ImportTransaction, verified: Verified, imported_at: str) -> Merge:
    sync_file = verified.sync_file
    agency = sync_file.manifest["agency_code"]
    station = int(sync_file.manifest["station"])
    desk_id = sync_file.desk_id
    out = Merge()
    prefix = agency + "-"  # an agency code holds no "-": the code's agency is all before it
    keys = _record_keys(verified)
    dossiers = keys["dossiers.jsonl"]
    texts = _stored_texts(verified, "dossiers.jsonl")

    def unstorable(index: int) -> str | None:
        return reasons.UNSTORABLE if texts[index] is None else None

    issued_here: dict[str, bool] = {}

    def issued(code: str) -> bool:
        """`issued_by_station`, once per code (a dossier's steps share its code)."""
        known = issued_here.get(code)
        if known is None:
            known = issued_here[code] = issued_by_station(code, station)
        return known

    verdict, newest = _newest_per_code(dossiers, agency, station, issued, unstorable)
    graves = keys["tombstones.jsonl"]
    tomb_verdict, tombstones = _newest_per_code(graves, agency, station, issued)

    steps = keys["steps.jsonl"]
    step_codes = {s[0] for s in steps}
    codes = list(newest.keys() | tombstones.keys() | step_codes)
    held = tx.held(agency, [c for c in codes if c.startswith(prefix)])

    def decide(code: str, version: int) -> str | None:
        """None: write it; "": ignored (not newer); else the reason it is rejected."""
        h = held.get(code)
        if h is None:
            return None
        if h.desk_id != desk_id:
            return reasons.held_by_other_desk(h.desk_id)
        return "" if h.version >= version else None

    rows: list[DossierRow] = []
    for code, index in newest.items():
        version = dossiers[index][1]
        verdict[index] = decision = decide(code, version) if held else None
        if decision is None:
            text = texts[index]
            assert text is not None
            rows.append((code, version, int(dossiers[index][2]), text, dossiers[index][3]))
    written = tx.upsert_dossiers(agency, desk_id, rows, imported_at)
    if len(written) < len(rows):
        # Another transaction wrote some of these codes meanwhile (PostgreSQL): look again.
        late = [row[0] for row in rows if row[0] not in written]
        held.update(tx.held(agency, late))
        for code in late:
            index = newest[code]
            verdict[index] = decide(code, dossiers[index][1]) or ""
    for row in rows:
        if row[0] in written:
            held[row[0]] = Held(desk_id, row[1])

    rejected_codes: set[str] = set()

    def listed(entries: Sequence[tuple[Any, ...]], verdicts: list[str | None]) -> None:
        """Each line in the acknowledgement: rejected with its reason, else accepted."""
        for (code, version, *_), reason in zip(entries, verdicts, strict=True):
            if reason:
                out.rejected.append({"MaHoSo": code, "_version": version, "reason": reason})
                rejected_codes.add(code)
            else:
                out.accepted.append({"MaHoSo": code, "_version": version})
                if reason == "":
                    out.ignored_older += 1

    listed(dossiers, verdict)

    tomb_rows: list[TombstoneRow] = []
    for code, index in tombstones.items():
        version = graves[index][1]
        tomb_verdict[index] = decide(code, version)
        if tomb_verdict[index] is None:
            tomb_rows.append((code, version, graves[index][2]))
    tx.apply_tombstones(agency, desk_id, tomb_rows)
    out.tombstones = len(tomb_rows)
    listed(graves, tomb_verdict)

    # Steps of a dossier rejected in every line are skipped; held by another desk, too.
    rejected_codes -= {entry["MaHoSo"] for entry in out.accepted}
    step_texts = _stored_texts(verified, "steps.jsonl")
    step_rows: list[StepRow] = []
    seen: set[int] = set()
    # A step of a code this desk did not issue is skipped.
    for index, (code, number, version) in enumerate(steps):
        h = held.get(code)
        text = None
        if (
            number not in seen
            and code not in rejected_codes
            and code.startswith(prefix)
            and issued(code)
            and (h is None or h.desk_id == desk_id)
        ):
            text = step_texts[index]
        if text is None:
            out.steps_skipped += 1
            continue
        seen.add(number)
        step_rows.append((number, code, version, text))
    out.steps_added = tx.insert_steps(desk_id, step_rows)
    out.steps_skipped += len(step_rows) - out.steps_added
    return out
