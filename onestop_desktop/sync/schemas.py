"""The JSON Schemas of the sync format (`resources/schemas/`), checked fast.

A general JSON Schema validator costs tens of microseconds a record, too slow for importing a
million dossiers; the schemas use a small subset (type, const, enum, pattern, lengths, bounds,
required, properties, additionalProperties false, items), which is compiled here into plain
checks. The test suite checks that this agrees with the reference `jsonschema` validator.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

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
    """Turn a schema of the supported subset into one check function."""
    unknown = set(schema) - SUPPORTED
    if unknown:
        raise ValueError(f"schema keywords not supported by the fast checker: {sorted(unknown)}")
    checks: list[Check] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        tests = [_TYPES[n] for n in names]
        expected = " or ".join(names)
        checks.append(
            lambda v, w: None if any(t(v) for t in tests) else f"{w}: expected {expected}"
        )
    if "const" in schema:
        const = schema["const"]
        checks.append(lambda v, w: None if v == const else f"{w}: expected {const!r}")
    if "enum" in schema:
        allowed = frozenset(schema["enum"])
        checks.append(
            lambda v, w: None if v in allowed else f"{w}: {v!r} is not one of {sorted(allowed)}"
        )
    if "pattern" in schema:
        regex = re.compile(schema["pattern"])
        checks.append(
            lambda v, w: (
                None
                if not isinstance(v, str) or regex.search(v)
                else f"{w}: {v!r} does not match {regex.pattern}"
            )
        )
    for key, test in (
        ("minLength", lambda v, n: not isinstance(v, str) or len(v) >= n),
        ("maxLength", lambda v, n: not isinstance(v, str) or len(v) <= n),
        ("minimum", lambda v, n: not _TYPES["integer"](v) or v >= n),
        ("maximum", lambda v, n: not _TYPES["integer"](v) or v <= n),
        ("minItems", lambda v, n: not isinstance(v, list) or len(v) >= n),
        ("maxItems", lambda v, n: not isinstance(v, list) or len(v) <= n),
    ):
        if key in schema:
            checks.append(_bound(key, schema[key], test))
    if "properties" in schema or "required" in schema:
        checks.append(_object_check(schema))
    if "items" in schema:
        item_check = compile_schema(schema["items"])

        def items(v: Any, w: str) -> str | None:
            if not isinstance(v, list):
                return None
            for i, item in enumerate(v):
                problem = item_check(item, f"{w}[{i}]")
                if problem:
                    return problem
            return None

        checks.append(items)

    def check(value: Any, where: str) -> str | None:
        for one in checks:
            problem = one(value, where)
            if problem:
                return problem
        return None

    return check


def _bound(key: str, limit: int, test: Callable[[Any, int], bool]) -> Check:
    return lambda v, w: None if test(v, limit) else f"{w}: {key} {limit} not met"


def _object_check(schema: dict[str, Any]) -> Check:
    required = tuple(schema.get("required", ()))
    properties = {k: compile_schema(s) for k, s in schema.get("properties", {}).items()}
    closed = schema.get("additionalProperties", True) is False

    def check(v: Any, w: str) -> str | None:
        if not isinstance(v, dict):
            return None
        for key in required:
            if key not in v:
                return f"{w}: missing {key}"
        if closed:
            extra = v.keys() - properties.keys()
            if extra:
                return f"{w}: unexpected {sorted(extra)}"
        for key, value in v.items():
            sub = properties.get(key)
            if sub is not None:
                problem = sub(value, f"{w}.{key}")
                if problem:
                    return problem
        return None

    return check


@cache
def checker(name: str) -> Check:
    return compile_schema(load_schema(name))


_PART_SCHEMAS = {
    "dossiers.jsonl": "dossier",
    "steps.jsonl": "step",
    "tombstones.jsonl": "tombstone",
}


def check_manifest(manifest: dict[str, Any]) -> str | None:
    return checker("manifest")(manifest, "manifest")


def check_records(part: str, records: list[dict[str, Any]]) -> str | None:
    check = checker(_PART_SCHEMAS[part])
    for number, record in enumerate(records, start=1):
        problem = check(record, f"{part} line {number}")
        if problem:
            return problem
    return None


def check_ack(ack: dict[str, Any]) -> str | None:
    return checker("ack")(ack, "acknowledgement")
