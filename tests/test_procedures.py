"""The procedure catalogue: the shipped data, its validating loader, look-up and search."""

from __future__ import annotations

import copy
import json
import unicodedata
from collections.abc import Callable
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from onestop_desktop.domain.procedures import (
    Catalogue,
    CatalogueError,
    DeadlineRule,
    DeadlineUnit,
    DocumentRequirement,
    Procedure,
    default_catalogue_path,
    load_catalogue,
)

# -- helpers ---------------------------------------------------------------------------------


def _entry(code: str, name: str, **changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "code": code,
        "name": name,
        "field": "Hộ tịch",
        "field_code": "ho-tich",
        "deadline": {"unit": "working_days", "amount": 3, "cutoff": None},
        "fee": "Theo mức do HĐND cấp tỉnh quy định",
        "postal_return": True,
        "documents": [
            {
                "name": "Tờ khai theo mẫu",
                "originals": 1,
                "certified_copies": 0,
                "photocopies": 0,
                "required": True,
            },
            {
                "name": "Thẻ căn cước (xuất trình)",
                "originals": 0,
                "certified_copies": 0,
                "photocopies": 0,
                "required": True,
                "shown": True,
            },
        ],
        "unverified": ["field_code"],
        "sources": "test",
    }
    entry.update(changes)
    return entry


VALID: dict[str, Any] = {
    "format": "onestop-procedure-catalogue",
    "version": 1,
    "updated": "2026-11-22",
    "procedures": [
        _entry(
            "1.000001",
            "Đăng ký khai sinh",
            deadline={"unit": "same_day", "amount": 0, "cutoff": "15:00"},
        ),
        _entry("1.000002", "Đăng ký giám hộ"),
    ],
}


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "procedures.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _load_error(tmp_path: Path, data: object) -> CatalogueError:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(_write(tmp_path, data))
    return caught.value


Mutation = Callable[[dict[str, Any]], None]


def _set(*path: str | int, value: object) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _delete(*path: str | int) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


def _procedure(code: str, name: str, field: str = "Hộ tịch") -> Procedure:
    return Procedure(
        code=code,
        name=name,
        field=field,
        field_code="test",
        deadline=DeadlineRule(DeadlineUnit.WORKING_DAYS, 3),
        fee="Không",
        documents=(DocumentRequirement("Tờ khai", originals=1),),
    )


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return load_catalogue(default_catalogue_path())


# -- the shipped catalogue -------------------------------------------------------------------


def test_shipped_catalogue_loads_at_least_twenty_procedures_each_with_documents(
    shipped: Catalogue,
) -> None:
    assert len(shipped.procedures) >= 20
    for procedure in shipped.procedures:
        assert procedure.documents, procedure.code
        assert any(d.required for d in procedure.documents), procedure.code
        assert procedure.name and procedure.field and procedure.fee, procedure.code


def test_shipped_catalogue_has_the_core_commune_procedures(shipped: Catalogue) -> None:
    for code in ("1.001193", "1.000894", "1.000656", "1.004873", "2.000635", "2.000815"):
        shipped.get(code)
    assert shipped.get("1.001193").name == "Đăng ký khai sinh"


def test_shipped_same_day_civil_status_and_certification_procedures_cut_off_at_15h(
    shipped: Catalogue,
) -> None:
    same_day = [p for p in shipped.procedures if p.deadline.unit is DeadlineUnit.SAME_DAY]
    assert same_day
    for procedure in same_day:
        assert procedure.field in ("Hộ tịch", "Chứng thực"), procedure.code
        assert procedure.deadline.cutoff == time(15, 0), procedure.code


def test_shipped_catalogue_text_is_nfc_vietnamese(shipped: Catalogue) -> None:
    birth = shipped.get("1.001193")
    assert birth.field == "Hộ tịch"
    assert unicodedata.is_normalized("NFC", birth.name)
    assert shipped.updated == date(2026, 11, 22)


# -- look-up and search ----------------------------------------------------------------------


def test_search_khai_sinh_without_accents_finds_dang_ky_khai_sinh_first(
    shipped: Catalogue,
) -> None:
    found = shipped.search("khai sinh")
    assert found[0].code == "1.001193"
    assert {p.code for p in found} >= {"1.001193", "1.000689", "1.004884"}
    assert all("khai sinh" in p.name.lower() for p in found)


def test_search_chung_thuc_without_accents_finds_the_certification_procedures(
    shipped: Catalogue,
) -> None:
    found = shipped.search("chung thuc")
    codes = [p.code for p in found]
    assert {"2.000815", "2.000884", "2.001035", "2.001019"} <= set(codes)
    assert all(p.field == "Chứng thực" for p in found)
    # names starting with "Chứng thực" come before those that only belong to the field
    assert found[0].name.startswith("Chứng thực")


def test_search_ignores_case_and_accents_typed_either_way(shipped: Catalogue) -> None:
    assert shipped.search("KHAI SINH") == shipped.search("khai sinh")
    assert shipped.search("Khai Sinh")[0].code == shipped.search("khai sinh")[0].code
    assert shipped.search("kết hôn")[0].code == "1.000894"


def test_search_by_code_prefix_lists_the_codes_starting_with_it(shipped: Catalogue) -> None:
    found = shipped.search("2.0008")
    assert found
    assert all(p.code.startswith("2.0008") for p in found)
    assert shipped.search("2.000815")[0].code == "2.000815"


def test_search_requires_every_word_typed(shipped: Catalogue) -> None:
    assert [p.code for p in shipped.search("lai khai sinh")] == ["1.004884"]
    assert shipped.search("khai sinh xyzzy") == []


def test_search_ranks_name_start_then_name_phrase_then_other_matches_stably() -> None:
    catalogue = Catalogue(
        (
            _procedure("1.000001", "Hỗ trợ", field="Khai sinh"),
            _procedure("1.000002", "Đăng ký lại khai sinh"),
            _procedure("1.000003", "Khai sinh lưu động"),
            _procedure("1.000004", "Cấp trích lục khai sinh"),
            _procedure("1.000005", "Sinh hoạt khai báo"),
        )
    )
    assert [p.code for p in catalogue.search("khai sinh")] == [
        "1.000003",  # name starts with the query
        "1.000002",  # name contains the phrase, catalogue order
        "1.000004",
        "1.000001",  # matches only through its field
        "1.000005",  # both words, not as a phrase
    ]


def test_search_respects_the_limit_and_lists_the_catalogue_for_empty_text(
    shipped: Catalogue,
) -> None:
    assert len(shipped.search("ho tich", limit=3)) == 3
    assert shipped.search("ho tich", limit=0) == []
    assert shipped.search("   ", limit=5) == list(shipped.procedures[:5])


def test_get_returns_the_procedure_with_that_code(shipped: Catalogue) -> None:
    assert shipped.get("2.000815").field == "Chứng thực"
    assert shipped.get(" 2.000815 ").code == "2.000815"


def test_get_unknown_code_raises_key_error_naming_the_code(shipped: Catalogue) -> None:
    with pytest.raises(KeyError, match=r"9\.999999"):
        shipped.get("9.999999")


def test_fields_lists_each_field_once_in_catalogue_order(shipped: Catalogue) -> None:
    fields = shipped.fields()
    assert fields[0] == "Hộ tịch"
    assert "Chứng thực" in fields
    assert len(fields) == len(set(fields))


def test_catalogue_refuses_the_same_code_twice_when_built_in_code() -> None:
    with pytest.raises(ValueError, match=r"1\.000001"):
        Catalogue((_procedure("1.000001", "A"), _procedure("1.000001", "B")))


# -- the loader accepts -----------------------------------------------------------------------


def test_loader_reads_a_valid_file_with_its_defaults(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    for key in ("unverified", "sources"):
        del data["procedures"][1][key]
    catalogue = load_catalogue(_write(tmp_path, data))
    birth, guardian = catalogue.procedures
    assert birth.deadline == DeadlineRule(DeadlineUnit.SAME_DAY, 0, time(15, 0))
    assert guardian.deadline == DeadlineRule(DeadlineUnit.WORKING_DAYS, 3.0, None)
    assert guardian.unverified == () and guardian.sources == ""
    assert birth.unverified == ("field_code",)
    form, id_card = birth.documents
    assert form == DocumentRequirement("Tờ khai theo mẫu", 1, 0, 0, True, shown=False)
    assert id_card.shown and id_card.originals == 0
    assert catalogue.updated == date(2026, 11, 22)


def test_loader_accepts_a_byte_order_mark_and_normalises_text_to_nfc(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["procedures"][0]["name"] = unicodedata.normalize("NFD", "Đăng ký  khai sinh")
    path = tmp_path / "procedures.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8-sig")
    name = load_catalogue(path).procedures[0].name
    assert name == unicodedata.normalize("NFC", "Đăng ký khai sinh")


def test_loader_accepts_units_without_amount_and_fractional_working_days(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["procedures"][0]["deadline"] = {"unit": "none"}
    data["procedures"][1]["deadline"] = {"unit": "working_days", "amount": 0.5}
    first, second = load_catalogue(_write(tmp_path, data)).procedures
    assert first.deadline == DeadlineRule(DeadlineUnit.NONE)
    assert second.deadline.amount == 0.5


# -- the loader refuses, naming the entry and the field ---------------------------------------

ENTRY_2 = "procedures.json, entry 2 (1.000002): "

BROKEN_ENTRIES = [
    pytest.param(
        _set("procedures", 1, "deadline", "unit", value="weeks"),
        "deadline.unit 'weeks' is not one of "
        "working_days, working_hours, calendar_days, same_day, none",
        id="unknown-deadline-unit",
    ),
    pytest.param(_delete("procedures", 1, "fee"), "fee is missing", id="missing-key"),
    pytest.param(
        _delete("procedures", 1, "deadline", "unit"), "deadline.unit is missing", id="no-unit"
    ),
    pytest.param(
        _set("procedures", 1, "feee", value="x"), "feee is not a known key", id="misspelt-key"
    ),
    pytest.param(
        _set("procedures", 1, "deadline", "days", value=3),
        "deadline.days is not a known key",
        id="unknown-deadline-key",
    ),
    pytest.param(
        _set("procedures", 1, "documents", 0, "copies", value=1),
        "documents[1].copies is not a known key",
        id="unknown-document-key",
    ),
    pytest.param(
        _set("procedures", 1, "name", value="   "), "name must not be empty", id="blank-name"
    ),
    pytest.param(
        _set("procedures", 1, "name", value=5), "name must be a string, got 5", id="name-type"
    ),
    pytest.param(
        _set("procedures", 1, "field", value=""), "field must not be empty", id="blank-field"
    ),
    pytest.param(
        _set("procedures", 1, "fee", value=None), "fee must be a string, got null", id="fee-null"
    ),
    pytest.param(
        _set("procedures", 1, "field_code", value="ho tich"),
        "field_code 'ho tich' must be letters, digits",
        id="field-code-with-space",
    ),
    pytest.param(
        _set("procedures", 1, "postal_return", value="yes"),
        "postal_return must be true or false, got 'yes'",
        id="postal-return-type",
    ),
    pytest.param(
        _set("procedures", 1, "documents", 1, "originals", value=-1),
        "documents[2].originals must be a whole number from 0 to 99, got -1",
        id="negative-count",
    ),
    pytest.param(
        _set("procedures", 1, "documents", 0, "photocopies", value=1.5),
        "documents[1].photocopies must be a whole number from 0 to 99, got 1.5",
        id="fractional-count",
    ),
    pytest.param(
        _set("procedures", 1, "documents", 0, "certified_copies", value=True),
        "documents[1].certified_copies must be a whole number from 0 to 99, got true",
        id="boolean-count",
    ),
    pytest.param(
        _set("procedures", 1, "documents", 0, "originals", value=100),
        "documents[1].originals must be a whole number from 0 to 99, got 100",
        id="count-above-99",
    ),
    pytest.param(
        _set("procedures", 1, "documents", 0, "required", value=1),
        "documents[1].required must be true or false, got 1",
        id="required-type",
    ),
    pytest.param(
        _set("procedures", 1, "documents", 0, "name", value=""),
        "documents[1].name must not be empty",
        id="blank-document-name",
    ),
    pytest.param(
        _set("procedures", 1, "documents", 0, "originals", value=0),
        "documents[1] lists no copy",
        id="document-without-copies-not-shown",
    ),
    pytest.param(
        _set("procedures", 1, "documents", 1, "name", value="tờ khai theo mẫu"),
        "documents[2].name 'tờ khai theo mẫu' repeats documents[1]",
        id="duplicate-document",
    ),
    pytest.param(
        _set("procedures", 1, "documents", value=[]),
        "documents must be a non-empty list of papers",
        id="no-documents",
    ),
    pytest.param(
        _set("procedures", 1, "documents", 0, value="Tờ khai"),
        "documents[1] must be a JSON object",
        id="document-not-object",
    ),
    pytest.param(
        _set("procedures", 1, "deadline", value={"unit": "same_day", "cutoff": "3pm"}),
        "deadline.cutoff must be a time written HH:MM such as '15:00', got '3pm'",
        id="cutoff-not-hh-mm",
    ),
    pytest.param(
        _set("procedures", 1, "deadline", value={"unit": "same_day", "cutoff": "24:00"}),
        "deadline.cutoff must be a time written HH:MM",
        id="cutoff-out-of-range",
    ),
    pytest.param(
        _set("procedures", 1, "deadline", "cutoff", value="15:00"),
        "deadline.cutoff is only used with unit same_day",
        id="cutoff-on-working-days",
    ),
    pytest.param(
        _set("procedures", 1, "deadline", "amount", value=0),
        "deadline.amount must be a number above 0 for unit working_days, got 0",
        id="zero-working-days",
    ),
    pytest.param(
        _set("procedures", 1, "deadline", "amount", value="3"),
        "deadline.amount must be a number above 0 for unit working_days, got '3'",
        id="amount-as-text",
    ),
    pytest.param(
        _set("procedures", 1, "deadline", value={"unit": "calendar_days"}),
        "deadline.amount is missing: unit calendar_days needs a number above 0",
        id="calendar-days-without-amount",
    ),
    pytest.param(
        _set("procedures", 1, "deadline", value={"unit": "calendar_days", "amount": 2.5}),
        "deadline.amount must be a whole number of days for unit calendar_days, got 2.5",
        id="fractional-calendar-days",
    ),
    pytest.param(
        _set("procedures", 1, "deadline", value={"unit": "same_day", "amount": 1}),
        "deadline.amount must be 0 or left out for unit same_day, got 1",
        id="amount-on-same-day",
    ),
    pytest.param(
        _set("procedures", 1, "deadline", value="3 ngày"),
        "deadline must be a JSON object",
        id="deadline-as-text",
    ),
    pytest.param(
        _set("procedures", 1, "unverified", value=["time"]),
        "unverified item 'time' is not one of code, name, field, field_code",
        id="unknown-unverified-item",
    ),
    pytest.param(
        _set("procedures", 1, "unverified", value=["fee", "fee"]),
        "unverified item 'fee' appears more than once",
        id="repeated-unverified-item",
    ),
    pytest.param(
        _set("procedures", 1, "unverified", value="fee"),
        "unverified must be a list of key names",
        id="unverified-not-a-list",
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), BROKEN_ENTRIES)
def test_loader_refuses_a_broken_entry_naming_the_entry_and_the_field(
    tmp_path: Path, mutate: Mutation, expected: str
) -> None:
    data = copy.deepcopy(VALID)
    mutate(data)
    error = _load_error(tmp_path, data)
    assert str(error).startswith(ENTRY_2 + expected), str(error)
    assert error.entry == 2
    assert error.code == "1.000002"
    assert error.path.name == "procedures.json"


def test_loader_refuses_a_badly_shaped_code_naming_the_entry_without_a_code(
    tmp_path: Path,
) -> None:
    data = copy.deepcopy(VALID)
    data["procedures"][1]["code"] = "1.2"
    error = _load_error(tmp_path, data)
    assert str(error).startswith(
        "procedures.json, entry 2: code '1.2' is not a national procedure code like 1.001193"
    )
    assert error.code is None and error.field == "code"


def test_loader_refuses_a_code_used_twice_naming_both_entries(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["procedures"][1]["code"] = "1.000001"
    error = _load_error(tmp_path, data)
    assert str(error) == (
        "procedures.json, entry 2 (1.000001): code 1.000001 is already used by entry 1"
    )


def test_loader_refuses_a_key_repeated_in_an_entry(tmp_path: Path) -> None:
    text = json.dumps(VALID, ensure_ascii=False, indent=2)
    text = text.replace('"fee": ', '"fee": "Không",\n      "fee": ', 1)
    path = tmp_path / "procedures.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    assert str(caught.value) == "procedures.json, entry 1 (1.000001): fee appears more than once"


def test_loader_refuses_an_entry_that_is_not_an_object(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["procedures"][1] = "1.000002"
    error = _load_error(tmp_path, data)
    assert str(error).startswith("procedures.json, entry 2: must be a JSON object")


BROKEN_FILES = [
    pytest.param(
        _set("format", value="something-else"),
        "procedures.json: format must be 'onestop-procedure-catalogue', got 'something-else'",
        id="wrong-format",
    ),
    pytest.param(
        _set("version", value=2),
        "procedures.json: version 2 is newer than this program reads (1)",
        id="newer-version",
    ),
    pytest.param(
        _set("version", value="1"),
        "procedures.json: version must be 1, got '1'",
        id="version-as-text",
    ),
    pytest.param(
        _set("version", value=True),
        "procedures.json: version must be 1, got true",
        id="version-as-boolean",
    ),
    pytest.param(
        _delete("procedures"), "procedures.json: procedures is missing", id="no-procedures"
    ),
    pytest.param(
        _set("procedures", value=[]),
        "procedures.json: procedures must be a non-empty list of procedures",
        id="empty-procedures",
    ),
    pytest.param(
        _set("author", value="x"),
        "procedures.json: author is not a known key",
        id="unknown-top-level-key",
    ),
    pytest.param(
        _set("updated", value="2026-13-01"),
        "procedures.json: updated must be a date written YYYY-MM-DD, got '2026-13-01'",
        id="impossible-date",
    ),
    pytest.param(
        _set("updated", value="22/11/2026"),
        "procedures.json: updated must be a date written YYYY-MM-DD",
        id="date-in-another-format",
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), BROKEN_FILES)
def test_loader_refuses_a_broken_file_header_naming_the_field(
    tmp_path: Path, mutate: Mutation, expected: str
) -> None:
    data = copy.deepcopy(VALID)
    mutate(data)
    error = _load_error(tmp_path, data)
    assert str(error).startswith(expected), str(error)
    assert error.entry is None


def test_loader_refuses_a_file_that_is_not_a_json_object(tmp_path: Path) -> None:
    error = _load_error(tmp_path, [VALID])
    assert str(error).startswith("procedures.json: must be a JSON object")


def test_loader_refuses_invalid_json_naming_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "procedures.json"
    path.write_text('{\n  "format": "onestop-procedure-catalogue",\n  "version": 1,,\n}')
    with pytest.raises(CatalogueError, match=r"procedures\.json: is not valid JSON: .* line 3"):
        load_catalogue(path)


def test_loader_refuses_nan_which_json_does_not_allow(tmp_path: Path) -> None:
    text = json.dumps(VALID).replace('"amount": 3', '"amount": NaN', 1)
    path = tmp_path / "procedures.json"
    path.write_text(text)
    with pytest.raises(CatalogueError, match="NaN"):
        load_catalogue(path)


def test_loader_reports_a_missing_file_as_a_catalogue_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "procedures.json"
    with pytest.raises(CatalogueError, match="cannot be read"):
        load_catalogue(missing)


def test_catalogue_error_is_a_value_error() -> None:
    assert issubclass(CatalogueError, ValueError)
