"""The schema checks (sync/schemas.py) against the reference `jsonschema` validator: on valid
records and on records changed at random, both say valid or invalid alike; the typed check of
whole parts never takes what the schema refuses."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop_desktop.bench import synthetic
from onestop_desktop.sync import format as fmt
from onestop_desktop.sync import schemas

CODE = synthetic.synthetic_code("000.00.01.H56", 1, 7)
SAMPLES: dict[str, dict[str, Any]] = {
    "dossier": synthetic.synthetic_dossier(CODE, 3, 5, 7),
    "step": synthetic.synthetic_step(CODE, 2, 3, 5),
    "tombstone": {"MaHoSo": CODE, "NgayXoa": "20260115160000", "_version": 4},
}
#: values JSON can hold, as a desk or an attacker could write them. No floats and no final
#: newlines: there the schema check is stricter than jsonschema on purpose (1.0 is not an
#: integer; "…\n" does not match a pattern ending in `$`, see the test below)
TEXT = st.text(st.characters(blacklist_characters="\n"), max_size=40)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | TEXT
    | st.sampled_from(["", "1", "10", "20260115090000", CODE, "0912345678", "001090000007"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)


def _reference(name: str, record: Any) -> bool:
    return jsonschema.Draft202012Validator(schemas.load_schema(name)).is_valid(record)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_samples_are_valid_for_both(name: str) -> None:
    assert _reference(name, SAMPLES[name])
    assert schemas.checker(name)(SAMPLES[name], name) is None


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*prefix, index))
    return out


def _changes(test: Callable[..., None]) -> Callable[..., None]:
    """Run `test` on one value of a sample record replaced, deleted or added to, at random."""
    return settings(max_examples=300, deadline=None)(
        given(
            name=st.sampled_from(sorted(SAMPLES)),
            data=st.data(),
            action=st.sampled_from(["replace", "delete", "add"]),
            value=JSON_VALUES,
        )(test)
    )


def _changed(name: str, data: st.DataObject, action: str, value: Any) -> dict[str, Any]:
    """The sample record with one value, drawn at random, replaced, deleted, or added to."""
    record = copy.deepcopy(SAMPLES[name])
    path = data.draw(st.sampled_from(_paths(record)[1:]))
    parent: Any = record
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "replace":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif isinstance(parent, dict):
        parent[data.draw(st.text(min_size=1, max_size=12))] = value
    else:
        parent.append(value)
    return record


@_changes
def test_the_schema_check_agrees_with_jsonschema(
    name: str, data: st.DataObject, action: str, value: Any
) -> None:
    record = _changed(name, data, action, value)
    problem = schemas.checker(name)(record, name)
    assert (problem is None) == _reference(name, record), problem


def test_a_final_newline_does_not_pass_an_anchored_pattern() -> None:
    # Python's `$` matches before a final "\n"; JSON Schema's does not. The schema check
    # follows JSON Schema (jsonschema itself, using Python's re, would let it through).
    record = dict(SAMPLES["tombstone"], NgayXoa="20260115160000\n")
    assert schemas.checker("tombstone")(record, "t") == (
        "t.NgayXoa: '20260115160000\\n' does not match ^[0-9]{14}$"
    )


def test_true_is_not_the_version_1() -> None:
    record = dict(SAMPLES["tombstone"], _version=True)
    assert schemas.checker("tombstone")(record, "t") == "t._version: expected integer"


def test_a_number_with_a_fraction_is_not_an_integer() -> None:
    # JSON Schema counts 4.0 as an integer; no field of the format holds a float.
    record = dict(SAMPLES["tombstone"], _version=4.0)
    assert schemas.checker("tombstone")(record, "t") == "t._version: expected integer"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"KenhThucHien": "9"}, "d.KenhThucHien: '9' is not one of ['1', '2', '3']"),
        ({"TenTTHC": ""}, "d.TenTTHC: minLength 1 not met"),
        ({"DinhDanhCHS": [{"LoaiDinhDanh": "1", "SoDinhDanh": "12"}]}, "d.DinhDanhCHS[0]"),
        ({"Extra": 1}, "d: unexpected ['Extra']"),
    ],
)
def test_a_refusal_names_the_field_and_what_is_expected(
    change: dict[str, Any], problem: str
) -> None:
    record = dict(SAMPLES["dossier"], **change)
    found = schemas.checker("dossier")(record, "d")
    assert found is not None and found.startswith(problem), found


def test_a_missing_field_is_named() -> None:
    record = dict(SAMPLES["tombstone"])
    del record["NgayXoa"]
    assert schemas.checker("tombstone")(record, "t") == "t: missing NgayXoa"


DIGIT_PATTERNS = [
    "^[0-9]{14}$",
    "^([0-9]{14})?$",
    "^([0-9]{12})?$",
    "^[0-9]{9,12}$",
    "^(0[0-9]{9,10})?$",
    "^0[0-9]{2}$",
]


def test_the_schemas_digit_patterns_are_the_ones_tested_as_strings() -> None:
    found = set()
    for name in ("dossier", "step", "tombstone", "manifest", "ack"):
        found |= set(re.findall(r'"pattern": "([^"]*)"', schemas.schema_path(name).read_text()))
    spelt = {p for p in found if schemas._Digits.of("v", p) is not None}
    assert spelt == set(DIGIT_PATTERNS[:5])
    assert schemas._Digits.of("v", "^[A-Z0-9.]{1,35}-[0-9]{6}-[0-9]{4,}$") is None
    assert schemas._Digits.of("v", "^[0-9]{4,}$") is None


@settings(max_examples=300, deadline=None)
@given(
    pattern=st.sampled_from(DIGIT_PATTERNS),
    values=st.lists(
        st.text(st.sampled_from("0123456789٣²a \n"), max_size=16)
        | st.from_regex(r"\A0?[0-9]{8,14}\Z"),
        min_size=1,
        max_size=3,
    ),
)
def test_a_digit_pattern_tested_as_strings_passes_what_the_expression_matches(
    pattern: str, values: list[str]
) -> None:
    test = schemas._Digits.of("v", pattern)
    assert test is not None
    matches = all(re.search(schemas._strict_end(pattern), v) is not None for v in values)
    assert test.passes([SimpleNamespace(v=v) for v in values]) == matches, (pattern, values)


# --- The typed check of whole parts (PartCheck): never more lenient than the plain checks ---

PART_OF = {"dossier": "dossiers.jsonl", "step": "steps.jsonl", "tombstone": "tombstones.jsonl"}


def _typed_accepts(name: str, lines: bytes) -> bool:
    check = schemas.part_check(PART_OF[name])
    assert check is not None, f"the {name} schema fell out of the typed check"
    return check.accepts(lines, lines.count(b"\n"))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_part_has_a_typed_check_that_takes_a_desks_records(name: str) -> None:
    lines = fmt.jsonl([SAMPLES[name], SAMPLES[name]])
    assert _typed_accepts(name, lines)


@_changes
def test_the_typed_check_agrees_with_jsonschema(
    name: str, data: st.DataObject, action: str, value: Any
) -> None:
    record = _changed(name, data, action, value)
    try:
        lines = fmt.jsonl([SAMPLES[name], record])
    except UnicodeEncodeError:
        # A lone surrogate, which only an escape can spell: the typed check leaves such a part
        # to the plain checks, so it may refuse what the schema takes, never the reverse.
        lines = b"".join(json.dumps(r).encode() + b"\n" for r in (SAMPLES[name], record))
        assert not _typed_accepts(name, lines) or _reference(name, record)
        return
    assert _typed_accepts(name, lines) == _reference(name, record)


def _verdict(check: Any, parts: dict[str, bytes]) -> str | None:
    try:
        check(parts)
    except fmt.SyncFileError as error:
        return str(error)
    return None


@settings(max_examples=400, deadline=None)
@given(
    name=st.sampled_from(sorted(SAMPLES)),
    position=st.floats(0, 1),
    cut=st.integers(0, 3),
    insert=st.sampled_from(
        [b"", b" ", b"\n", b"{", b"}", b'"', b"\\", b"\\u0000", b"\\ud800", b"1.0", b",", b"\xff"]
    ),
)
def test_the_typed_verdict_is_the_plain_verdict_on_damaged_bytes(
    name: str, position: float, cut: int, insert: bytes
) -> None:
    """Bytes of a part cut and spliced at random: `validate_records` (typed first) refuses
    exactly what `read_records` (parse, then the plain checks) refuses, with the same words."""
    lines = fmt.jsonl([SAMPLES[name]] * 3)
    at = int(position * len(lines))
    blob = lines[:at] + insert + lines[at + cut :]
    if not blob.endswith(b"\n"):
        blob += b"\n"
    parts = {PART_OF[name]: blob}
    assert _verdict(fmt.validate_records, parts) == _verdict(fmt.read_records, parts)


@pytest.mark.parametrize(
    ("first", "last", "valid"),
    [("20260115160000", "not a date", False), ("not a date", "20260115160000", True)],
)
def test_a_key_given_twice_is_judged_by_its_last_value_by_both(
    first: str, last: str, valid: bool
) -> None:
    # json.loads keeps the last of a repeated key; the typed check must judge that value too.
    line = f'{{"MaHoSo":"{CODE}","NgayXoa":"{first}","NgayXoa":"{last}","_version":4}}\n'.encode()
    parts = {"tombstones.jsonl": line}
    assert (_verdict(fmt.read_records, parts) is None) is valid
    assert (_verdict(fmt.validate_records, parts) is None) is valid


def test_an_integer_spelt_as_a_float_is_refused_by_both() -> None:
    line = f'{{"MaHoSo":"{CODE}","NgayXoa":"20260115160000","_version":4.0}}\n'.encode()
    parts = {"tombstones.jsonl": line}
    assert _verdict(fmt.validate_records, parts) == _verdict(fmt.read_records, parts) is not None


def test_an_object_open_to_other_keys_is_left_to_the_plain_checks() -> None:
    # msgspec skips unknown keys unread: b"\xff" there would pass, which no parser accepts.
    with pytest.raises(schemas._Unsupported):
        schemas.PartCheck(
            {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}}
        )
