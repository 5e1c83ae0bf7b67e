"""Administrative procedures (thủ tục hành chính), their deadline rules and the catalogue.

The catalogue itself is data (`resources/procedures.json`, format "onestop-procedure-catalogue"
version 1) that an administrator may update; this module defines its shape and validates all of
it when loaded. A bad file is refused whole, with a message naming the file, the entry (numbered
from 1, with its code when known), the field and what is expected.

Procedure codes are the national codes of Cổng Dịch vụ công quốc gia (MaTTHC, e.g. "1.001193");
the same-day cut-off (15:00) comes from the civil-status and certification procedure texts
(DOMAIN.md §3.2).
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

from onestop_desktop.domain.errors import DataFileError
from onestop_desktop.domain.text import fold


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
    #: only shown at the counter and handed back (e.g. the ID card): not kept, not scanned
    #: (TT 03/2025/TT-VPCP Art. 5(2))
    shown: bool = False


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
    #: where the entry's facts come from, for the administrator
    sources: str = ""


# -- the catalogue file ----------------------------------------------------------------------

CATALOGUE_FORMAT = "onestop-procedure-catalogue"
CATALOGUE_VERSION = 1
#: the keys of a procedure entry that its "unverified" list may name
VERIFIABLE_KEYS: tuple[str, ...] = (
    "code",
    "name",
    "field",
    "field_code",
    "deadline",
    "fee",
    "documents",
    "postal_return",
)
#: the counter's checklist takes 0–99 of each kind of copy
MAX_COPIES = 99

_CODE_RE = re.compile(r"\d\.\d{6}")
_FIELD_CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_CUTOFF_RE = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UNITS_WITH_AMOUNT = frozenset(
    {DeadlineUnit.WORKING_DAYS, DeadlineUnit.WORKING_HOURS, DeadlineUnit.CALENDAR_DAYS}
)

# (required keys, optional keys) of each kind of JSON object in the file
_Keys = tuple[tuple[str, ...], tuple[str, ...]]
_TOP_KEYS: _Keys = (("format", "version", "procedures"), ("updated",))
_PROCEDURE_KEYS: _Keys = (
    ("code", "name", "field", "field_code", "deadline", "fee", "postal_return", "documents"),
    ("unverified", "sources"),
)
_DEADLINE_KEYS: _Keys = (("unit",), ("amount", "cutoff"))
_DOCUMENT_KEYS: _Keys = (
    ("name", "originals", "certified_copies", "photocopies", "required"),
    ("shown",),
)


class CatalogueError(DataFileError):
    """The procedure catalogue file cannot be used: says where, which field and what is expected.

    Entries and the documents of an entry are numbered from 1, as a person reading the file
    counts them; the message names the file, e.g. "procedures.json, entry 7 (1.004873):
    deadline.unit 'weeks' is not one of working_days, ...".
    """

    what_vi = "danh mục thủ tục hành chính"

    def __init__(
        self,
        path: Path,
        problem: str,
        *,
        entry: int | None = None,
        code: str | None = None,
        field: str | None = None,
    ) -> None:
        where = path.name
        if entry is not None:
            where += f", entry {entry}" + (f" ({code})" if code else "")
        super().__init__(f"{where}: {field} {problem}" if field else f"{where}: {problem}")
        self.path = path
        self.entry = entry
        self.code = code
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class Catalogue:
    """The procedures the office handles, looked up by code and searched at the counter."""

    procedures: tuple[Procedure, ...]
    #: when the catalogue's content was last revised ("updated" in the file)
    updated: date | None = None
    _by_code: dict[str, Procedure] = dataclasses.field(init=False, repr=False, compare=False)
    #: per procedure: folded "code name field" and folded name, for search
    _folded: tuple[tuple[str, str], ...] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code: dict[str, Procedure] = {}
        for procedure in self.procedures:
            if procedure.code in by_code:
                raise ValueError(f"procedure code {procedure.code} appears twice in the catalogue")
            by_code[procedure.code] = procedure
        folded = tuple(
            (fold(f"{p.code} {p.name} {p.field}"), fold(p.name)) for p in self.procedures
        )
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_folded", folded)

    def get(self, code: str) -> Procedure:
        """The procedure with this national code; KeyError naming the code if there is none."""
        try:
            return self._by_code[code.strip()]
        except KeyError:
            raise KeyError(f"no procedure with code {code!r} in the catalogue") from None

    def search(self, text: str, limit: int = 50) -> list[Procedure]:
        """Procedures matching what the clerk typed, best first, at most `limit` of them.

        Accents and case are ignored ("khai sinh" finds "Đăng ký khai sinh"). Every word typed
        must appear somewhere in the procedure's code, name or field. Ranking: the exact code,
        then codes starting with the text, names starting with it, names containing it as a
        phrase, then the other matches; ties keep catalogue order. Empty text lists the
        catalogue from the top.
        """
        if limit <= 0:
            return []
        query = fold(text)
        if not query:
            return list(self.procedures[:limit])
        words = query.split()
        ranked: list[tuple[int, int, Procedure]] = []
        for index, (procedure, (haystack, name)) in enumerate(
            zip(self.procedures, self._folded, strict=True)
        ):
            if not all(word in haystack for word in words):
                continue
            if procedure.code == query:
                rank = 0
            elif procedure.code.startswith(query):
                rank = 1
            elif name.startswith(query):
                rank = 2
            elif query in name:
                rank = 3
            else:
                rank = 4
            ranked.append((rank, index, procedure))
        ranked.sort(key=lambda item: (item[0], item[1]))
        return [procedure for _, _, procedure in ranked[:limit]]

    def fields(self) -> list[str]:
        """The fields (lĩnh vực) of the catalogue, each once, in catalogue order."""
        return list(dict.fromkeys(p.field for p in self.procedures))


def default_catalogue_path() -> Path:
    """The catalogue shipped with the program: resources/procedures.json."""
    from onestop_desktop.resources import resources_dir

    return resources_dir() / "procedures.json"


def load_catalogue(path: Path) -> Catalogue:
    """Read and check the whole catalogue file; CatalogueError at the first problem found.

    Everything is checked: format and version, required and unknown keys (a misspelt key is
    refused, not ignored), types, code pattern and uniqueness, non-empty names, copy counts,
    deadline units, amounts and cut-off times. Text is normalised to NFC.
    """
    reader = _Reader(path)
    try:
        content = path.read_text(encoding="utf-8-sig")  # Notepad may add a byte-order mark
    except UnicodeDecodeError as exc:
        raise CatalogueError(path, f"is not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise CatalogueError(path, f"cannot be read at {path} ({exc.strerror or exc})") from exc
    try:
        data = json.loads(
            content, object_pairs_hook=_JsonObject.from_pairs, parse_constant=_refuse_constant
        )
    except json.JSONDecodeError as exc:
        raise CatalogueError(
            path, f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc
    except _BadConstant as exc:
        raise CatalogueError(path, f"is not valid JSON: {exc} is not a number JSON allows") from exc

    top = reader.object(data, None, _TOP_KEYS)
    if top["format"] != CATALOGUE_FORMAT:
        reader.fail("format", f"must be '{CATALOGUE_FORMAT}', got {_show(top['format'])}")
    version = top["version"]
    if isinstance(version, int) and not isinstance(version, bool) and version > CATALOGUE_VERSION:
        reader.fail(
            "version",
            f"{version} is newer than this program reads ({CATALOGUE_VERSION}); "
            "update OneStop Desktop to use this catalogue",
        )
    if version != CATALOGUE_VERSION or isinstance(version, bool):
        reader.fail("version", f"must be {CATALOGUE_VERSION}, got {_show(version)}")
    updated = None
    if "updated" in top:
        updated = reader.day(top, "updated")
    entries = top["procedures"]
    if not isinstance(entries, list) or not entries:
        reader.fail("procedures", f"must be a non-empty list of procedures, got {_show(entries)}")

    procedures: list[Procedure] = []
    entry_of_code: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        entry_reader = _Reader(path, number)
        procedure = _read_procedure(entry_reader, entry)
        if procedure.code in entry_of_code:
            entry_reader.fail(
                "code", f"{procedure.code} is already used by entry {entry_of_code[procedure.code]}"
            )
        entry_of_code[procedure.code] = number
        procedures.append(procedure)
    return Catalogue(tuple(procedures), updated)


def _read_procedure(reader: _Reader, value: object) -> Procedure:
    if isinstance(value, dict):  # name the entry by its code in every message, once it is sound
        code = value.get("code")
        if isinstance(code, str) and _CODE_RE.fullmatch(code.strip()):
            reader.code = code.strip()
    entry = reader.object(value, None, _PROCEDURE_KEYS)

    code = entry["code"]
    if not isinstance(code, str) or not _CODE_RE.fullmatch(code.strip()):
        reader.fail(
            "code",
            f"{_show(code)} is not a national procedure code like 1.001193 "
            "(a digit, a dot and six digits)",
        )
    field_code = reader.text(entry, "field_code")
    if not _FIELD_CODE_RE.fullmatch(field_code):
        reader.fail(
            "field_code",
            f"{_show(field_code)} must be letters, digits, '.', '-' or '_' (no spaces)",
        )

    documents_raw = entry["documents"]
    if not isinstance(documents_raw, list) or not documents_raw:
        reader.fail("documents", f"must be a non-empty list of papers, got {_show(documents_raw)}")
    documents: list[DocumentRequirement] = []
    seen_names: dict[str, int] = {}
    for number, item in enumerate(documents_raw, start=1):
        document = _read_document(reader, item, f"documents[{number}]")
        folded = fold(document.name)
        if folded in seen_names:
            reader.fail(
                f"documents[{number}].name",
                f"{_show(document.name)} repeats documents[{seen_names[folded]}]",
            )
        seen_names[folded] = number
        documents.append(document)

    unverified: list[str] = []
    if "unverified" in entry:
        items = entry["unverified"]
        if not isinstance(items, list):
            reader.fail("unverified", f"must be a list of key names, got {_show(items)}")
        for item in items:
            if not isinstance(item, str) or item not in VERIFIABLE_KEYS:
                reader.fail(
                    "unverified",
                    f"item {_show(item)} is not one of {', '.join(VERIFIABLE_KEYS)}",
                )
            if item in unverified:
                reader.fail("unverified", f"item {_show(item)} appears more than once")
            unverified.append(item)

    return Procedure(
        code=code.strip(),
        name=reader.text(entry, "name"),
        field=reader.text(entry, "field"),
        field_code=field_code,
        deadline=_read_deadline(reader, entry["deadline"]),
        fee=reader.text(entry, "fee"),
        documents=tuple(documents),
        unverified=tuple(unverified),
        postal_return=reader.flag(entry, "postal_return"),
        sources=reader.text(entry, "sources", allow_empty=True) if "sources" in entry else "",
    )


def _read_deadline(reader: _Reader, value: object) -> DeadlineRule:
    rule = reader.object(value, "deadline", _DEADLINE_KEYS)
    units = [unit.value for unit in DeadlineUnit]
    unit_raw = rule["unit"]
    if not isinstance(unit_raw, str) or unit_raw not in units:
        reader.fail("deadline.unit", f"{_show(unit_raw)} is not one of {', '.join(units)}")
    unit = DeadlineUnit(unit_raw)

    amount_raw = rule.get("amount")
    amount = 0.0
    if unit in _UNITS_WITH_AMOUNT:
        if amount_raw is None:
            reader.fail("deadline.amount", f"is missing: unit {unit} needs a number above 0")
        if (
            isinstance(amount_raw, bool)
            or not isinstance(amount_raw, int | float)
            or not math.isfinite(amount_raw)
            or amount_raw <= 0
        ):
            reader.fail(
                "deadline.amount",
                f"must be a number above 0 for unit {unit}, got {_show(amount_raw)}",
            )
        if unit is DeadlineUnit.CALENDAR_DAYS and not float(amount_raw).is_integer():
            reader.fail(
                "deadline.amount",
                f"must be a whole number of days for unit {unit}, got {_show(amount_raw)}",
            )
        amount = float(amount_raw)
    elif amount_raw is not None and (isinstance(amount_raw, bool) or amount_raw != 0):
        reader.fail(
            "deadline.amount", f"must be 0 or left out for unit {unit}, got {_show(amount_raw)}"
        )

    cutoff_raw = rule.get("cutoff")
    cutoff = None
    if cutoff_raw is not None:
        if unit is not DeadlineUnit.SAME_DAY:
            reader.fail(
                "deadline.cutoff",
                f"is only used with unit same_day; leave it out or null for unit {unit}",
            )
        match = _CUTOFF_RE.fullmatch(cutoff_raw) if isinstance(cutoff_raw, str) else None
        if match is None:
            reader.fail(
                "deadline.cutoff",
                f"must be a time written HH:MM such as '15:00', got {_show(cutoff_raw)}",
            )
        cutoff = time(int(match.group(1)), int(match.group(2)))
    return DeadlineRule(unit=unit, amount=amount, cutoff=cutoff)


def _read_document(reader: _Reader, value: object, where: str) -> DocumentRequirement:
    document = reader.object(value, where, _DOCUMENT_KEYS)
    originals = reader.count(document, "originals", where)
    certified_copies = reader.count(document, "certified_copies", where)
    photocopies = reader.count(document, "photocopies", where)
    shown = reader.flag(document, "shown", where) if "shown" in document else False
    if not shown and originals + certified_copies + photocopies == 0:
        reader.fail(
            where,
            "lists no copy: give at least one of originals, certified_copies or photocopies, "
            'or mark a paper that is only shown with "shown": true',
        )
    return DocumentRequirement(
        name=reader.text(document, "name", where),
        originals=originals,
        certified_copies=certified_copies,
        photocopies=photocopies,
        required=reader.flag(document, "required", where),
        shown=shown,
    )


class _Reader:
    """Checks one part of the file, failing with the file, the entry and the field named."""

    def __init__(self, path: Path, entry: int | None = None) -> None:
        self.path = path
        self.entry = entry
        self.code: str | None = None

    def fail(self, field: str | None, problem: str) -> NoReturn:
        raise CatalogueError(self.path, problem, entry=self.entry, code=self.code, field=field)

    def object(self, value: object, where: str | None, keys: _Keys) -> dict[str, Any]:
        required, optional = keys
        if not isinstance(value, dict):
            self.fail(where, f"must be a JSON object {{...}}, got {_show(value)}")
        duplicates = value.duplicates if isinstance(value, _JsonObject) else ()
        if duplicates:
            self.fail(_join(where, duplicates[0]), "appears more than once")
        known = required + optional
        for key in value:
            if key not in known:
                self.fail(_join(where, key), f"is not a known key (expected {', '.join(known)})")
        for key in required:
            if key not in value:
                self.fail(_join(where, key), "is missing")
        return value

    def text(
        self, obj: dict[str, Any], key: str, where: str | None = None, *, allow_empty: bool = False
    ) -> str:
        value = obj[key]
        if not isinstance(value, str):
            self.fail(_join(where, key), f"must be a string, got {_show(value)}")
        text = " ".join(unicodedata.normalize("NFC", value).split())
        if not text and not allow_empty:
            self.fail(_join(where, key), "must not be empty")
        return text

    def flag(self, obj: dict[str, Any], key: str, where: str | None = None) -> bool:
        value = obj[key]
        if not isinstance(value, bool):
            self.fail(_join(where, key), f"must be true or false, got {_show(value)}")
        return value

    def count(self, obj: dict[str, Any], key: str, where: str) -> int:
        value = obj[key]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COPIES:
            self.fail(
                _join(where, key),
                f"must be a whole number from 0 to {MAX_COPIES}, got {_show(value)}",
            )
        return value

    def day(self, obj: dict[str, Any], key: str) -> date:
        value = obj[key]
        try:
            if isinstance(value, str) and _DATE_RE.fullmatch(value):
                return date.fromisoformat(value)
        except ValueError:
            pass
        self.fail(key, f"must be a date written YYYY-MM-DD, got {_show(value)}")


class _JsonObject(dict[str, Any]):
    """A JSON object that remembers the keys the file repeats (json keeps only the last one)."""

    duplicates: tuple[str, ...] = ()

    @classmethod
    def from_pairs(cls, pairs: Sequence[tuple[str, Any]]) -> _JsonObject:
        obj = cls(pairs)
        if len(obj) != len(pairs):
            keys = [key for key, _ in pairs]
            obj.duplicates = tuple(dict.fromkeys(k for k in keys if keys.count(k) > 1))
        return obj


class _BadConstant(ValueError):
    """NaN or Infinity in the file: Python's json accepts them, JSON does not."""


def _refuse_constant(name: str) -> NoReturn:
    raise _BadConstant(name)


def _join(where: str | None, key: str) -> str:
    return f"{where}.{key}" if where else key


def _show(value: object) -> str:
    """A value as the message quotes it: 'text' for strings, JSON spelling for the rest."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "an object {...}"
    if isinstance(value, list):
        return "a list [...]" if value else "an empty list []"
    return json.dumps(value)
