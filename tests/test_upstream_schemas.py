"""The fast schema checker (sync/schemas.py) against the reference `jsonschema` validator: on
valid records and on records changed at random, both say valid or invalid alike."""

from __future__ import annotations

import copy
import re
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop_desktop.sync import schemas, upstream

CODE = upstream.synthetic_code("000.00.01.H56", 1, 7)
SAMPLES: dict[str, dict[str, Any]] = {
    "dossier": upstream.synthetic_dossier(CODE, 3, 5, 7),
    "step": upstream.synthetic_step(CODE, 2, 3, 5),
    "tombstone": {"MaHoSo": CODE, "NgayXoa": "20260115160000", "_version": 4},
}
#: values JSON can hold, as a desk or an attacker could write them. No floats and no final
#: newlines: there the fast checker is stricter than jsonschema on purpose (1.0 is not an
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


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(sorted(SAMPLES)),
    data=st.data(),
    action=st.sampled_from(["replace", "delete", "add"]),
    value=JSON_VALUES,
)
def test_the_fast_checker_agrees_with_jsonschema(
    name: str, data: st.DataObject, action: str, value: Any
) -> None:
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
    problem = schemas.checker(name)(record, name)
    assert (problem is None) == _reference(name, record), problem


def test_a_final_newline_does_not_pass_an_anchored_pattern() -> None:
    # Python's `$` matches before a final "\n"; JSON Schema's does not. The fast checker
    # follows JSON Schema (jsonschema itself, using Python's re, would let it through).
    record = dict(SAMPLES["tombstone"], NgayXoa="20260115160000\n")
    assert schemas.checker("tombstone")(record, "t") == (
        "t.NgayXoa: '20260115160000\\n' does not match ^[0-9]{14}$"
    )


def test_true_is_not_the_version_1() -> None:
    record = dict(SAMPLES["tombstone"], _version=True)
    assert schemas.checker("tombstone")(record, "t") == "t._version: expected integer"


DIGIT_PATTERNS = [
    "^[0-9]{14}$",
    "^([0-9]{14})?$",
    "^([0-9]{12})?$",
    "^[0-9]{9,12}$",
    "^(0[0-9]{9,10})?$",
    "^0[0-9]{2}$",
]


def test_the_schemas_digit_patterns_are_the_ones_spelt_as_string_tests() -> None:
    found = set()
    for name in ("dossier", "step", "tombstone", "manifest", "ack"):
        found |= set(re.findall(r'"pattern": "([^"]*)"', schemas.schema_path(name).read_text()))
    spelt = {p for p in found if schemas._digits_test(p, "v") is not None}
    assert spelt == set(DIGIT_PATTERNS[:5])
    assert schemas._digits_test("^[A-Z0-9.]{1,35}-[0-9]{6}-[0-9]{4,}$", "v") is None
    assert schemas._digits_test("^[0-9]{4,}$", "v") is None


@settings(max_examples=500, deadline=None)
@given(
    pattern=st.sampled_from(DIGIT_PATTERNS),
    value=st.text(st.sampled_from("0123456789٣²a \n"), max_size=16)
    | st.from_regex(r"\A0?[0-9]{8,14}\Z"),
)
def test_a_digit_pattern_spelt_as_string_tests_matches_what_the_expression_matches(
    pattern: str, value: str
) -> None:
    test = schemas._digits_test(pattern, "v")
    assert test is not None
    fails = eval(test, {}, {"v": value})  # the expression the checker's source holds
    matches = re.search(schemas._strict_end(pattern), value) is not None
    assert bool(fails) != matches, (pattern, value)
