"""The JSON Schemas of the sync format (`resources/schemas/`), checked fast.

A general JSON Schema validator costs tens of microseconds a record, too slow for importing a
million dossiers; the schemas use a small subset (type, const, enum, pattern, lengths, bounds,
required, properties, additionalProperties false, items), which is compiled here into plain
checks. The test suite checks that this agrees with the reference `jsonschema` validator.
A whole part is first decoded by msgspec into types built from the same schema (`PartCheck`),
which costs a third of parsing it and then checking each record; the compiled checks decide
whenever that does not pass.
"""

from __future__ import annotations

import itertools
import json
import operator
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import GenericAlias
from typing import Annotated, Any, Literal, Union

import msgspec

from onestop_desktop.resources import resources_dir

Check = Callable[[Any, str], str | None]  # value, where → problem or None

_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}
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
    """Turn a schema of the supported subset into one check function.

    The schema is translated into the source of one Python function (as fastjsonschema does),
    so a record is checked in a few microseconds: a million dossiers and their steps are
    checked in seconds, not minutes.
    """
    emitter = _Emitter()
    emitter.node(schema, "v0", "w", 1)
    source = "def check(v0, w):\n" + "\n".join(emitter.lines) + "\n    return None\n"
    namespace: dict[str, Any] = dict(emitter.constants)
    namespace["_int"] = _is_integer
    # The source is written above from the repository's own schema files, never from input.
    exec(compile(source, "<schema check>", "exec"), namespace)
    check: Check = namespace["check"]
    return check


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


#: the Python test for each JSON type, on the variable `{v}`
_TYPE_TESTS = {
    "string": "isinstance({v}, str)",
    "integer": "(type({v}) is int or _int({v}))",
    "array": "isinstance({v}, list)",
    "object": "isinstance({v}, dict)",
    "null": "{v} is None",
}
#: the test that a keyword applies (lengths to strings, bounds to integers, ...)
_GUARDS = {
    "string": "isinstance({v}, str)",
    "integer": "(type({v}) is int or _int({v}))",
    "array": "isinstance({v}, list)",
    "object": "isinstance({v}, dict)",
}


class _Emitter:
    """Writes the check function's body, one schema node after another."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.constants: dict[str, Any] = {}
        self._names = 0

    def constant(self, value: Any) -> str:
        self._names += 1
        name = f"_c{self._names}"
        self.constants[name] = value
        return name

    def variable(self) -> str:
        self._names += 1
        return f"v{self._names}"

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def fail(self, depth: int, message: str) -> None:
        """Return the problem: `message` is the source of an f-string body."""
        self.emit(depth, f"return f{message!r}")

    def node(self, schema: dict[str, Any], v: str, w: str, depth: int) -> None:
        """Emit the checks of `schema` on the variable `v`, whose path is the expression `w`."""
        unknown = set(schema) - SUPPORTED
        if unknown:
            raise ValueError(
                f"schema keywords not supported by the fast checker: {sorted(unknown)}"
            )
        where = "{" + w + "}"
        declared = schema.get("type", [])
        names = declared if isinstance(declared, list) else [declared]
        #: the one type the value is known to have past the type check (its guards drop out)
        known = names[0] if len(names) == 1 else None

        def only(kind: str, test: str) -> str:
            guard = _GUARDS[kind].format(v=v)
            return test if known == kind else f"{guard} and {test}"

        #: (failing test, message) of each check on the value itself, in order
        tests: list[tuple[str, str]] = []
        if names:
            test = " or ".join(_TYPE_TESTS[n].format(v=v) for n in names)
            tests.append((f"not ({test})", f"{where}: expected {' or '.join(names)}"))
        if "const" in schema:
            const = self.constant(schema["const"])
            if isinstance(schema["const"], str):
                test = f"{v} != {const}"
            else:  # JSON tells 1 from true and from 1.0; Python's == does not
                test = f"not ({v} == {const} and type({v}) is type({const}))"
            tests.append((test, f"{where}: expected {{{const}!r}}"))
        if "enum" in schema:
            types = schema.get("type", [])
            hashable = set(types if isinstance(types, list) else [types]) or {"array"}
            # A set only when the type check above guarantees a hashable value.
            allowed = self.constant(
                frozenset(schema["enum"])
                if hashable <= {"string", "integer", "null"}
                else tuple(schema["enum"])
            )
            shown = self.constant(sorted(schema["enum"]))
            if all(isinstance(x, str) for x in schema["enum"]):
                test = f"{v} not in {allowed}"
            else:
                kinds = self.constant(frozenset(type(x) for x in schema["enum"]))
                test = f"type({v}) not in {kinds} or {v} not in {allowed}"
            tests.append((test, f"{where}: {{{v}!r}} is not one of {{{shown}}}"))
        if "pattern" in schema:
            shown = self.constant(schema["pattern"])
            digits = _digits_test(schema["pattern"], v)
            if digits is None:
                regex = self.constant(re.compile(_strict_end(schema["pattern"])))
                digits = f"{regex}.search({v}) is None"
            tests.append((only("string", digits), f"{where}: {{{v}!r}} does not match {{{shown}}}"))
        for key, kind, measure, compare in (
            ("minLength", "string", "len({v})", "<"),
            ("maxLength", "string", "len({v})", ">"),
            ("minimum", "integer", "{v}", "<"),
            ("maximum", "integer", "{v}", ">"),
            ("minItems", "array", "len({v})", "<"),
            ("maxItems", "array", "len({v})", ">"),
        ):
            if key in schema:
                limit = int(schema[key])
                test = only(kind, f"{measure.format(v=v)} {compare} {limit}")
                tests.append((test, f"{where}: {key} {limit} not met"))
        if len(tests) > 1:
            # The usual value passes every check: one test of them all, in order (each test
            # after the type's runs only once the type is right), then which one failed.
            self.emit(depth, "if " + " or ".join(f"({test})" for test, _ in tests) + ":")
            inner = depth + 1
        else:
            inner = depth
        for test, message in tests:
            self.emit(inner, f"if {test}:")
            self.fail(inner + 1, message)
        if "properties" in schema or "required" in schema:
            if known != "object":
                self.emit(depth, f"if {_GUARDS['object'].format(v=v)}:")
            self.object(schema, v, w, depth + (known != "object"))
        if "items" in schema:
            item, index = self.variable(), self.variable()
            if known != "array":
                self.emit(depth, f"if {_GUARDS['array'].format(v=v)}:")
            inner = depth + (known != "array")
            self.emit(inner, f"for {index}, {item} in enumerate({v}):")
            self.node(schema["items"], item, f'{w} + "[" + str({index}) + "]"', inner + 1)

    def object(self, schema: dict[str, Any], v: str, w: str, depth: int) -> None:
        where = "{" + w + "}"
        required = list(schema.get("required", ()))
        properties: dict[str, Any] = schema.get("properties", {})
        closed = schema.get("additionalProperties", True) is False
        keys = self.constant(frozenset(properties))
        if closed and set(required) == set(properties):
            # The usual record: every property present, nothing else. One comparison.
            self.emit(depth, f"if {v}.keys() != {keys}:")
            inner = depth + 1
        else:
            inner = depth
        for key in required:
            self.emit(inner, f"if {key!r} not in {v}:")
            self.fail(inner + 1, f"{where}: missing {key}")
        if closed:
            extra = self.variable()
            self.emit(inner, f"{extra} = {v}.keys() - {keys}")
            self.emit(inner, f"if {extra}:")
            self.fail(inner + 1, f"{where}: unexpected {{sorted({extra})}}")
        for key, sub in properties.items():
            value = self.variable()
            path = f'{w} + ".{key}"'
            if key in required:
                # Present: checked above.
                self.emit(depth, f"{value} = {v}[{key!r}]")
                self.node(sub, value, path, depth)
            else:
                self.emit(depth, f"if {key!r} in {v}:")
                self.emit(depth + 1, f"{value} = {v}[{key!r}]")
                self.node(sub, value, path, depth + 1)


#: the patterns of dates and numbers: `^[0-9]{n}$`, `^[0-9]{m,n}$`, `^0[0-9]{m,n}$`, each
#: possibly optional as `^(…)?$`
_DIGITS = re.compile(r"^\^(\()?(0)?\[0-9\]\{(\d+)(?:,(\d+))?\}(?(1)\)\?)\$$")


def _digits_test(pattern: str, v: str) -> str | None:
    """The failing test of a pattern of ASCII digits as plain string operations (a regular
    expression costs four times as much, and dates are most of a record's patterns), or None
    for any other pattern. `isascii() and isdigit()` is exactly [0-9]: isdigit alone also
    takes other scripts' digits."""
    found = _DIGITS.match(pattern)
    if not found:
        return None
    optional, zero, low, high = found.groups()
    lo, hi = int(low), int(high if high is not None else low)
    if zero:
        lo, hi = lo + 1, hi + 1
    length = f"len({v}) == {lo}" if lo == hi else f"{lo} <= len({v}) <= {hi}"
    digits = f"{v}.isdigit()" if not zero else f"{v}[0] == '0' and {v}.isdigit()"
    test = f"not ({length} and {v}.isascii() and {digits})"
    return f"({v} and {test})" if optional else test


def _strict_end(pattern: str) -> str:
    """A pattern whose final `$` matches only at the very end, as in JSON Schema (ECMA 262):
    Python's `$` also matches before a final newline, which would let "…\\n" through."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + r"\Z"
    return pattern


@cache
def checker(name: str) -> Check:
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
    check = checker(PART_SCHEMAS[part])
    for number, record in enumerate(records, start=1):
        problem = check(record, f"{part} line {number}")
        if problem:
            return problem
    return None


def check_ack(ack: dict[str, Any]) -> str | None:
    return checker("ack")(ack, "acknowledgement")


# --- Whole parts, decoded and checked in C ---------------------------------------------------


class _Unsupported(Exception):
    """A schema node the typed decoding does not spell exactly (the plain checks take it)."""


#: a field of `msgspec.defstruct`: (name, type) or (name, type, default)
_Field = tuple[str, Any] | tuple[str, Any, Any]


def _typed(schema: dict[str, Any], digits: list[tuple[str, str]] | None = None) -> Any:
    """The msgspec type that decodes only values `schema` accepts (strict: no float for an
    integer, no bool for either; a key given twice must be valid each time, where the schema
    sees only its last value). Top-level string properties with a pattern of digits
    are typed `str` and their pattern put in `digits` as (field, pattern): plain string tests
    after decoding cost a tenth of a regular expression each."""
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


_struct_numbers = itertools.count(1)


def _struct(schema: dict[str, Any], digits: list[tuple[str, str]] | None) -> Any:
    """A struct of a closed object's properties (fields f0, f1, … renamed to the JSON keys);
    `digits` as in `_typed`."""
    if schema.get("additionalProperties", True) is not False:
        # msgspec skips other keys unread (their UTF-8 unchecked, where the parsers refuse
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
        pattern = sub.get("pattern")
        if (
            digits is not None
            and key in required  # a missing key would leave None for the string tests
            and sub.get("type") == "string"
            and pattern is not None
            and _digits_test(pattern, "v") is not None
        ):
            digits.append((field, pattern))
            sub = {k: v for k, v in sub.items() if k != "pattern"}
        kind = _typed(sub)
        # A missing optional key decodes to None; no check reads it.
        fields.append((field, kind) if key in required else (field, kind, None))
    fields.sort(key=len)  # required fields first, as defstruct needs
    return msgspec.defstruct(
        f"Record{next(_struct_numbers)}", fields, forbid_unknown_fields=True, rename=rename
    )


class PartCheck:
    """A part's records decoded into structs with the schema's constraints (in C), then the
    digit patterns of the top-level fields as string tests: whether every line is a record its
    schema accepts. Sound, not complete: True only when the plain checks would pass every
    record; False when any fails or the decoder cannot tell (a lone surrogate escape, an integer
    spelt 1.0), and the plain checks decide."""

    def __init__(self, schema: dict[str, Any]) -> None:
        digits: list[tuple[str, str]] = []
        if schema.get("type") != "object":
            raise _Unsupported("a record that is not an object")
        self.decoder = msgspec.json.Decoder(_typed(schema, digits))
        self.digits = self._digit_tests(digits)

    @staticmethod
    def _digit_tests(digits: list[tuple[str, str]]) -> Callable[[list[Any]], bool]:
        if not digits:
            return lambda records: True
        names = [f"v{index}" for index in range(len(digits))]
        tests = [
            _digits_test(pattern, name) for name, (_, pattern) in zip(names, digits, strict=True)
        ]
        # attrgetter of one field gives its value, of several a tuple: either fits `target`.
        target = ", ".join(names)
        source = (
            "def passes(records):\n"
            f"    for {target} in map(_fields, records):\n"
            f"        if {' or '.join(f'({test})' for test in tests)}:\n"
            "            return False\n"
            "    return True\n"
        )
        namespace: dict[str, Any] = {"_fields": operator.attrgetter(*(f for f, _ in digits))}
        # The source is written above from the repository's own schema files, never from input.
        exec(compile(source, "<digit tests>", "exec"), namespace)
        passes: Callable[[list[Any]], bool] = namespace["passes"]
        return passes

    def accepts(self, blob: bytes, expected: int) -> bool:
        """Whether `blob`, `expected` lines each one JSON object (the caller's check), holds
        only records the schema accepts."""
        try:
            records = self.decoder.decode_lines(blob)
        except Exception:  # whatever stops the decoder, the plain checks decide
            return False
        return len(records) == expected and self.digits(records)


@cache
def part_check(part: str) -> PartCheck | None:
    """The typed check of a part's records, or None when its schema needs the plain checks."""
    try:
        return PartCheck(load_schema(PART_SCHEMAS[part]))
    except (_Unsupported, TypeError):  # TypeError: a union msgspec cannot decode
        return None
