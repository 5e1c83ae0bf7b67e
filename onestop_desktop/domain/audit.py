"""The audit chain: every change at the desk is an entry carrying the hash of the one before
it (the pattern of Odoo's inalterability check), so an entry altered, removed or inserted behind
the program's back is found by walking the chain.

What is hashed, per entry: SHA-256 over the previous entry's hash and the entry's own fields,
joined by the unit separator (U+001F) in this order: previous hash, id, at, person id ("" when
none), actor, action, entity, data (JSON, keys sorted), encoded as UTF-8. The first entry's
previous hash is `GENESIS`. `audit_head` records the last entry's id and hash, so entries cut
from the end are found too.

What it guarantees, and its limit: inside the program the log is append-only (triggers in the
database refuse any change or deletion of an entry, and any change of the head other than moving
it forward), and anyone editing the file with another tool (a plain SQLite connection can drop
the triggers) leaves a break the walk names: the first entry altered, removed or inserted, or
entries cut from the end. The chain is not keyed: there is no secret, so someone who knows this
scheme can rewrite every entry from some point on, recompute each hash and move the head, and
the walk cannot tell. It proves the log was not edited piecemeal, not that nobody rewrote all of
it; a backup or an export kept elsewhere is the witness for that.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
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
    #: "altered" (its content does not give its hash, or it was rewritten with its hash
    #: recomputed so the next entry or the head no longer matches it), "removed" (this entry
    #: and perhaps more after it are missing), "inserted" (it was added outside the program, or
    #: put in place of another), or "truncated" (this entry and every one after it were
    #: removed from the end, or the head record is gone)
    kind: str
    vi: str
    en: str


@dataclass(frozen=True)
class ChainReport:
    """What walking the chain found."""

    #: entries that held (all of them when the chain is whole)
    entries: int
    #: the last entry that held
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
                "message_vi": self.broken.vi,
            },
        }


#: one stored entry as the walk reads it: id, at, person_id, actor, action, entity, data,
#: prev_hash, hash
Row = tuple[int, str, int | None, str, str, str, str, str, str]

#: `walk`'s head when the database has no `audit_head` row
NO_HEAD = (-1, "")


def walk(rows: Iterable[Row], head_id: int, head_hash: str) -> ChainReport:
    """Walk entries in id order and name the first break; `head_*` is the recorded last entry
    (`NO_HEAD` when that record is missing).

    Written for millions of entries: the loop does one f-string, one SHA-256 and three
    comparisons per entry and keeps nothing but the previous hash; working out what kind of
    break it is happens once, after the loop has stopped."""
    sha256 = hashlib.sha256
    expected_prev = GENESIS
    expected_id = 1
    it = iter(rows)
    for row in it:
        entry_id, at, person_id, actor, action, entity, data, prev_hash, stored = row
        if (
            entry_id != expected_id
            or prev_hash != expected_prev
            or sha256(
                f"{prev_hash}\x1f{entry_id}\x1f{at}\x1f{'' if person_id is None else person_id}"
                f"\x1f{actor}\x1f{action}\x1f{entity}\x1f{data}".encode()
            ).hexdigest()
            != stored
        ):
            held = expected_id - 1
            return ChainReport(held, held, _explain(row, expected_id, it, head_id, head_hash))
        expected_prev = stored
        expected_id += 1
    last_id = expected_id - 1
    return ChainReport(last_id, last_id, _explain_end(last_id, expected_prev, head_id, head_hash))


def _hash_of(row: Row) -> str:
    entry_id, at, person_id, actor, action, entity, data, prev_hash, _stored = row
    if not isinstance(entry_id, int) or not all(
        isinstance(v, str) for v in (at, actor, action, entity, data, prev_hash)
    ):
        return ""  # a value of the wrong type written by another tool: it cannot match
    return entry_hash(prev_hash, entry_id, at, person_id, actor, action, entity, data)


def _explain(
    row: Row, expected_id: int, rest: Iterator[Row], head_id: int, head_hash: str
) -> ChainBreak:
    """What the first entry that failed the walk's checks says about what was done."""
    entry_id, stored = row[0], row[8]
    if entry_id < expected_id or (head_id >= 0 and entry_id > head_id):
        # ids before the first, or after the last the program recorded: nobody in the
        # program wrote it
        return _inserted(entry_id, head_id)
    if entry_id > expected_id:
        return ChainBreak(
            expected_id,
            "removed",
            f"Mục nhật ký số {_span(expected_id, entry_id - 1)} đã bị xóa "
            f"(trước mục số {entry_id}).",
            f"entries {_span(expected_id, entry_id - 1, en=True)} were removed "
            f"(before entry {entry_id})",
        )
    if _hash_of(row) != stored:
        return ChainBreak(
            entry_id,
            "altered",
            f"Mục nhật ký số {entry_id} đã bị sửa: nội dung không khớp mã băm của nó.",
            f"entry {entry_id} was altered: its content does not give its hash",
        )
    # The entry is whole but does not follow the one before it: either the one before was
    # rewritten with its hash recomputed (then this entry still leads on to the next), or
    # this one was put in its place (then the next does not follow it either).
    following = next(rest, None)
    if following is not None:
        holds_on = following[0] == entry_id + 1 and following[7] == stored
    else:
        holds_on = entry_id == head_id and stored == head_hash
    if entry_id > 1 and holds_on:
        return _rewritten(entry_id - 1)
    return ChainBreak(
        entry_id,
        "inserted",
        f"Mục nhật ký số {entry_id} không nối tiếp mục trước nó: nó đã bị chèn vào hoặc bị thay.",
        f"entry {entry_id} does not follow the entry before it: it was inserted or replaced",
    )


def _explain_end(last_id: int, last_hash: str, head_id: int, head_hash: str) -> ChainBreak | None:
    """The walk went through every entry: do they end where the program's record says?"""
    if head_id < 0:
        return ChainBreak(
            last_id + 1,
            "truncated",
            "Bản ghi mục cuối của nhật ký (audit_head) đã bị xóa: không thể biết có mục nào "
            "bị xóa ở cuối hay không.",
            "the record of the last entry (audit_head) was removed: entries cut from the end "
            "cannot be told",
        )
    if last_id < head_id:
        return ChainBreak(
            last_id + 1,
            "truncated",
            f"Mục nhật ký số {_span(last_id + 1, head_id)} đã bị xóa ở cuối.",
            f"entries {_span(last_id + 1, head_id, en=True)} were removed from the end",
        )
    if last_id > head_id:
        return _inserted(head_id + 1, head_id)
    if last_hash != head_hash:
        if last_id == 0:
            return ChainBreak(
                0,
                "altered",
                "Bản ghi mục cuối của nhật ký (audit_head) đã bị sửa.",
                "the record of the last entry (audit_head) was altered",
            )
        return _rewritten(last_id, head=True)
    return None


def _inserted(entry_id: int, head_id: int) -> ChainBreak:
    return ChainBreak(
        entry_id,
        "inserted",
        f"Mục nhật ký số {entry_id} được thêm vào ngoài chương trình (mục cuối cùng chương "
        f"trình đã ghi là số {max(head_id, 0)}).",
        f"entry {entry_id} was added outside the program (the last entry the program "
        f"recorded is {max(head_id, 0)})",
    )


def _rewritten(entry_id: int, head: bool = False) -> ChainBreak:
    after_vi = "bản ghi mục cuối (audit_head)" if head else f"mục số {entry_id + 1}"
    after_en = "the record of the last entry (audit_head)" if head else f"entry {entry_id + 1}"
    return ChainBreak(
        entry_id,
        "altered",
        f"Mục nhật ký số {entry_id} đã bị viết lại (mã băm được tính lại): {after_vi} không "
        "còn khớp với nó.",
        f"entry {entry_id} was rewritten with its hash recomputed: {after_en} no longer matches it",
    )


def _span(first: int, last: int, en: bool = False) -> str:
    if first == last:
        return str(first)
    return f"{first}–{last}" if not en else f"{first}-{last}"
