"""The audit chain: every change at the desk is an entry carrying the hash of the one before
it (the pattern of Odoo's inalterability check), so an entry altered, removed or inserted behind
the program's back is found by walking the chain.

What is hashed, per entry: SHA-256 over the previous entry's hash and the entry's own fields,
joined by the unit separator (U+001F) in this order: previous hash, id, at, person id ("" when
none), actor, action, entity, data (JSON, keys sorted). The first entry's previous hash is
`GENESIS`. The chain is not keyed: it proves that the log was not edited piecemeal, not that
nobody rewrote all of it from some entry on (a backup or an export elsewhere is the witness
for that).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
_SEP = "\x1f"


def entry_hash(
    prev_hash: str,
    entry_id: int,
    at: str,
    person_id: int | None,
    actor: str,
    action: str,
    entity: str,
    data: str,
) -> str:
    """The hash an entry must carry (see the module's docstring for what goes in)."""
    text = _SEP.join(
        (
            prev_hash,
            str(entry_id),
            at,
            "" if person_id is None else str(person_id),
            actor,
            action,
            entity,
            data,
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """The first place the chain does not hold: which entry, and what was done to it."""

    entry_id: int
    #: "altered" (its content does not give its hash), "removed" (entries before it are
    #: missing), "inserted" (it does not follow the entry before it), or "truncated" (entries
    #: after it were removed from the end)
    kind: str
    vi: str
    en: str


@dataclass(frozen=True)
class ChainReport:
    """What walking the chain found."""

    entries: int
    last_id: int
    broken: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "last_id": self.last_id,
            "first_break": None
            if self.broken is None
            else {
                "entry_id": self.broken.entry_id,
                "kind": self.broken.kind,
                "message": self.broken.en,
            },
        }


#: one stored entry as the walk reads it: id, at, person_id, actor, action, entity, data,
#: prev_hash, hash
Row = tuple[int, str, int | None, str, str, str, str, str, str]


def walk(rows: Iterable[Row], head_id: int, head_hash: str) -> ChainReport:
    """Walk entries in id order and name the first break; `head_*` is the recorded last entry.

    Written for millions of entries: one loop, one hash each, nothing kept but the previous
    hash."""
    expected_prev = GENESIS
    expected_id = 1
    count = 0
    last_id = 0
    for entry_id, at, person_id, actor, action, entity, data, prev_hash, stored in rows:
        count += 1
        if entry_id > expected_id:
            return ChainReport(
                count,
                last_id,
                ChainBreak(
                    entry_id,
                    "removed",
                    f"Mục nhật ký số {expected_id}–{entry_id - 1} đã bị xóa "
                    f"(trước mục số {entry_id}).",
                    f"entries {expected_id}–{entry_id - 1} were removed (before entry {entry_id})",
                ),
            )
        if entry_hash(prev_hash, entry_id, at, person_id, actor, action, entity, data) != stored:
            return ChainReport(
                count,
                last_id,
                ChainBreak(
                    entry_id,
                    "altered",
                    f"Mục nhật ký số {entry_id} đã bị sửa: nội dung không khớp mã băm.",
                    f"entry {entry_id} was altered: its content does not give its hash",
                ),
            )
        if prev_hash != expected_prev:
            return ChainReport(
                count,
                last_id,
                ChainBreak(
                    entry_id,
                    "inserted",
                    f"Mục nhật ký số {entry_id} không nối tiếp mục trước nó: "
                    "có mục bị chèn vào hoặc bị thay.",
                    f"entry {entry_id} does not follow the entry before it: "
                    "an entry was inserted or replaced",
                ),
            )
        expected_prev = stored
        expected_id = entry_id + 1
        last_id = entry_id
    if last_id != head_id or (last_id and expected_prev != head_hash):
        if last_id < head_id:
            return ChainReport(
                count,
                last_id,
                ChainBreak(
                    last_id + 1,
                    "truncated",
                    f"Các mục nhật ký từ số {last_id + 1} đến {head_id} đã bị xóa ở cuối.",
                    f"entries {last_id + 1}–{head_id} were removed from the end",
                ),
            )
        return ChainReport(
            count,
            last_id,
            ChainBreak(
                head_id + 1 if last_id > head_id else last_id,
                "inserted",
                f"Có mục nhật ký được thêm sau mục cuối cùng đã ghi (số {head_id}).",
                f"entries were added after the last recorded entry ({head_id})",
            ),
        )
    return ChainReport(count, last_id, None)
