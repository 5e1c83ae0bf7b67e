"""The JSON Schemas of the sync format (`resources/schemas/`), and the checks made from them.

Each schema is compiled, once and when first used, by fastjsonschema (a maintained library
that turns a JSON Schema into Python code); its verdict is the format's, and its exception is
spelt as a message naming the record and the field at fault. Two rules are stricter than JSON
Schema on purpose: a number written with a fraction (1.0) is not an integer, and an anchored
pattern's `$` does not match before a final newline (fastjsonschema reads it as `\\Z`).

A whole part, or a batch of the desk's records, is first checked by msgspec against types
built from the same schema (`PartCheck`, in C). What that buys: the benchmark's file of 20,000
dossiers and 40,000 steps is checked in 0.3-0.4 s, where parsing it and checking each record
with the schema takes 1.6 s, three times the whole import's 0.57 s (35,000 dossiers/s, its
records checked by a second process while the first merges them); at the desk, a batch of
records is checked at 2.8 us a dossier against 8.9 with the schema. That check only ever says
"every record passes"; when it does not, the schema check above decides and names the record
at fault.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from operator import attrgetter, itemgetter
from pathlib import Path
from types import GenericAlias
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

import msgspec

from onestop_desktop.resources import resources_dir

if TYPE_CHECKING:
    from fastjsonschema import JsonSchemaValueException

Check = Callable[[Any, str], str | None]  # value, where → problem or None

#: the keywords the schemas use, which `PartCheck` spells as msgspec types (any other keyword
#: leaves a schema to the schema check alone)
SUPPORTED = frozenset(
    {
        "$schema",
        "$id",
        "title",
        "description",
        "type",
        "const",
        "enum",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "minItems",
        "maxItems",
        "required",
        "properties",
        "additionalProperties",
        "items",
    }
)


def schema_path(name: str) -> Path:
    return resources_dir() / "schemas" / f"{name}.schema.json"


def load_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return schema


def compile_schema(schema: dict[str, Any]) -> Check:
    """One check function for `schema`: None when a value passes, else the problem, as
    "<where>.<field>: <what is wrong>" (where is the record's name, given by the caller)."""
    # Imported here: a program that reads no sync file does not pay for it (30 ms).
    import fastjsonschema

    validate = fastjsonschema.compile(schema)

    def check(value: Any, where: str) -> str | None:
        try:
            validate(value, name_prefix=where)
        except fastjsonschema.JsonSchemaValueException as error:
            return _problem(error, where)
        return _first_fraction(value, where)

    return check


def _problem(error: JsonSchemaValueException, where: str) -> str:
    """The failed rule in the words the desk and upstream have always used."""
    at = error.name or where
    value, rule, definition = error.value, error.rule, error.definition or {}
    limit = error.rule_definition
    if rule == "type":
        declared = definition.get("type", [])
        names = declared if isinstance(declared, list) else [declared]
        return f"{at}: expected {' or '.join(names)}"
    if rule == "const":
        return f"{at}: expected {limit!r}"
    if rule == "enum":
        return f"{at}: {value!r} is not one of {sorted(limit)}"
    if rule == "pattern":
        return f"{at}: {value!r} does not match {limit}"
    if rule in ("minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems"):
        return f"{at}: {rule} {limit} not met"
    if rule == "required" and isinstance(value, dict):
        missing = next(key for key in limit if key not in value)
        return f"{at}: missing {missing}"
    if rule == "additionalProperties" and isinstance(value, dict):
        return f"{at}: unexpected {sorted(value.keys() - definition.get('properties', {}).keys())}"
    return error.message


def _first_fraction(value: Any, where: str) -> str | None:
    """A number with a fraction part anywhere in `value`, which JSON Schema counts as an
    integer when the fraction is zero (1.0) but no field of the format holds: the record
    would be stored with a float where an integer belongs. No schema has a `number` type, so
    such a value passed the schema only in place of an integer."""
    if isinstance(value, float | Decimal):
        return f"{where}: expected integer"
    if isinstance(value, dict):
        items: Any = ((f"{where}.{key}", item) for key, item in value.items())
    elif isinstance(value, list):
        items = ((f"{where}[{index}]", item) for index, item in enumerate(value))
    else:
        return None
    for at, item in items:
        if isinstance(item, dict | list | float | Decimal):
            problem = _first_fraction(item, at)
            if problem:
                return problem
    return None


@cache
def checker(name: str) -> Check:
    """The check of schema `name` (`dossier`, `step`, `tombstone`, `manifest`, `ack`)."""
    return compile_schema(load_schema(name))


#: the schema of each part's records
PART_SCHEMAS = {
    "dossiers.jsonl": "dossier",
    "steps.jsonl": "step",
    "tombstones.jsonl": "tombstone",
}


def check_manifest(manifest: dict[str, Any]) -> str | None:
    return checker("manifest")(manifest, "manifest")


def check_records(part: str, records: list[dict[str, Any]]) -> str | None:
    """The first record of `part` its schema refuses, named by its line, or None."""
    check = checker(PART_SCHEMAS[part])
    for number, record in enumerate(records, start=1):
        problem = check(record, f"{part} line {number}")
        if problem:
            return problem
    return None


def check_ack(ack: dict[str, Any]) -> str | None:
    return checker("ack")(ack, "acknowledgement")


# --- Whole parts and batches, checked in C ---------------------------------------------------


class _Unsupported(Exception):
    """A schema node the typed check does not spell exactly (the schema check takes it)."""


#: a field of `msgspec.defstruct`: (name, type) or (name, type, default)
_Field = tuple[str, Any] | tuple[str, Any, Any]


def _typed(schema: dict[str, Any], digits: list[_Digits] | None = None) -> Any:
    """The msgspec type that takes only values `schema` accepts (strict: no float for an
    integer, no bool for either; a key given twice in JSON must be valid each time, where the
    schema sees only its last value). Required top-level strings with a pattern of digits are
    typed `str` and their pattern put in `digits`, tested after (`_Digits`)."""
    if set(schema) - SUPPORTED:
        raise _Unsupported(sorted(set(schema) - SUPPORTED))
    declared = schema.get("type", [])
    names = declared if isinstance(declared, list) else [declared]
    constrained = set(schema) - {"$schema", "$id", "title", "description", "type"}
    if "enum" in schema or "const" in schema:
        values = schema["enum"] if "enum" in schema else [schema["const"]]
        if constrained - {"enum", "const"} or not all(
            value is None or type(value) in (str, int) for value in values
        ):
            raise _Unsupported("enum with other keywords, or of values Literal cannot hold")
        kinds = {"string": str, "integer": int, "null": type(None)}
        if names:  # what the type check lets through of the listed values
            allowed = tuple(kinds[n] for n in names if n in kinds)
            values = [value for value in values if isinstance(value, allowed)]
        if not values:
            raise _Unsupported("no value passes")
        return Literal[tuple(values)]
    if not names:
        raise _Unsupported("a node without a type")
    options: list[Any] = []
    for name in names:
        meta: dict[str, Any] = {}
        if name == "string":
            if "pattern" in schema:
                meta["pattern"] = _strict_end(schema["pattern"])
            if "minLength" in schema:
                meta["min_length"] = schema["minLength"]
            if "maxLength" in schema:
                meta["max_length"] = schema["maxLength"]
            kind: Any = str
        elif name == "integer":
            if "minimum" in schema:
                meta["ge"] = schema["minimum"]
            if "maximum" in schema:
                meta["le"] = schema["maximum"]
            kind = int
        elif name == "null":
            options.append(None)
            continue
        elif name == "array":
            if "minItems" in schema:
                meta["min_length"] = schema["minItems"]
            if "maxItems" in schema:
                meta["max_length"] = schema["maxItems"]
            kind = GenericAlias(list, (_typed(schema["items"]) if "items" in schema else Any,))
        elif name == "object":
            kind = _struct(schema, digits)
        else:
            raise _Unsupported(f"type {name}")
        options.append(Annotated[kind, msgspec.Meta(**meta)] if meta else kind)
    return options[0] if len(options) == 1 else Union[tuple(options)]  # noqa: UP007


def _strict_end(pattern: str) -> str:
    """A pattern whose final `$` matches only at the very end, as in JSON Schema (ECMA 262):
    Python's `$` also matches before a final newline, which would let "…\\n" through."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + r"\Z"
    return pattern


#: the patterns of dates and numbers: `^[0-9]{n}$`, `^[0-9]{m,n}$`, `^0[0-9]{m,n}$`, each
#: possibly optional as `^(…)?$`
_DIGITS = re.compile(r"^\^(\()?(0)?\[0-9\]\{(\d+)(?:,(\d+))?\}(?(1)\)\?)\$$")


@dataclass(frozen=True)
class _Digits:
    """A pattern of digits (most of a record's patterns: its dates) tested on one field of a
    whole batch of records at once, with string operations in C: the import's typed check
    costs a third less than with msgspec's regular expressions (345 against 269 ms for the
    20,000 dossiers and 40,000 steps of the benchmark's file), which keeps the second
    process's verdict ahead of the merge. `isascii() and isdigit()` is exactly [0-9]:
    isdigit alone also takes other scripts' digits."""

    field: str
    optional: bool
    zero: bool
    #: the value's length, leading zero included
    low: int
    high: int

    @classmethod
    def of(cls, field: str, pattern: str | None) -> _Digits | None:
        found = _DIGITS.match(pattern) if pattern is not None else None
        if not found:
            return None
        optional, zero, low, high = found.groups()
        lo, hi = int(low), int(high if high is not None else low)
        extra = 1 if zero else 0
        return cls(field, bool(optional), bool(zero), lo + extra, hi + extra)

    def passes(self, records: list[Any]) -> bool:
        values: list[str] = list(map(attrgetter(self.field), records))
        if self.optional:
            values = list(filter(None, values))  # "" passes an optional pattern
        if not values:
            return True
        lengths = set(map(len, values))
        joined = "".join(values)
        return (
            self.low <= min(lengths)
            and max(lengths) <= self.high
            and joined.isascii()
            and joined.isdigit()
            and (not self.zero or set(map(itemgetter(0), values)) == {"0"})
        )


_struct_numbers = itertools.count(1)


def _struct(schema: dict[str, Any], digits: list[_Digits] | None) -> Any:
    """A struct of a closed object's properties (fields f0, f1, … renamed to the JSON keys);
    `digits` as in `_typed`."""
    if schema.get("additionalProperties", True) is not False:
        # msgspec skips other keys unread (their UTF-8 unchecked, where the parser refuses
        # what is not UTF-8): only a closed object is decoded exactly.
        raise _Unsupported("an object open to other keys")
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", ()))
    if required - set(properties):
        raise _Unsupported("a required key with no property")
    fields: list[_Field] = []
    rename: dict[str, str] = {}
    for index, (key, sub) in enumerate(properties.items()):
        field = f"f{index}"
        rename[field] = key
        test = _Digits.of(field, sub.get("pattern")) if sub.get("type") == "string" else None
        if digits is not None and key in required and test is not None:
            # (a missing optional key would leave None for the string tests)
            digits.append(test)
            sub = {k: v for k, v in sub.items() if k != "pattern"}
        kind = _typed(sub)
        # A missing optional key decodes to None; no check reads it.
        fields.append((field, kind) if key in required else (field, kind, None))
    fields.sort(key=len)  # required fields first, as defstruct needs
    return msgspec.defstruct(
        f"Record{next(_struct_numbers)}", fields, forbid_unknown_fields=True, rename=rename
    )


class PartCheck:
    """Whether every record of a part (its JSON Lines) or of a batch (the desk's dicts) is one
    its schema accepts, decided by msgspec against types built from the schema (lengths,
    enums, bounds and patterns checked in C), the patterns of digits then on whole columns
    (`_Digits`). Sound, not complete: True only when the schema
    check would pass every record; False when any fails or msgspec cannot tell (a lone
    surrogate escape, an integer spelt 1.0), and the schema check decides."""

    def __init__(self, schema: dict[str, Any]) -> None:
        if schema.get("type") != "object":
            raise _Unsupported("a record that is not an object")
        self.digits: list[_Digits] = []
        record = _typed(schema, self.digits)
        self.records = GenericAlias(list, (record,))
        self.decoder = msgspec.json.Decoder(record)

    def accepts(self, blob: bytes, expected: int) -> bool:
        """Whether `blob`, `expected` lines each one JSON object (the caller's check), holds
        only records the schema accepts."""
        try:
            records = self.decoder.decode_lines(blob)
        except Exception:  # whatever stops the decoder, the schema check decides
            return False
        return len(records) == expected and all(test.passes(records) for test in self.digits)

    def accepts_records(self, records: list[dict[str, Any]]) -> bool:
        """Whether the schema accepts every one of `records` (Python values, as the desk
        builds them before encoding)."""
        try:
            structs = msgspec.convert(records, self.records)
        except Exception:  # whatever stops the conversion, the schema check decides
            return False
        return all(test.passes(structs) for test in self.digits)


@cache
def part_check(part: str) -> PartCheck | None:
    """The typed check of a part's records, or None when its schema needs the schema check."""
    try:
        return PartCheck(load_schema(PART_SCHEMAS[part]))
    except (_Unsupported, TypeError):  # TypeError: a union msgspec cannot decode
        return None
