"""A wrong value is quoted in its error as a short excerpt, never whole: a pasted page in a
field must not become a page-long message (in the window, on the command line, in JSON)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from onestop_desktop import cli
from onestop_desktop.domain.calendar import CalendarDataError, OfficeHours
from onestop_desktop.domain.clock import VN_TZ, parse_time
from onestop_desktop.domain.dossier import HandedDocument, InvalidInput, validate_agency_code
from onestop_desktop.domain.errors import KnownError
from onestop_desktop.domain.lifecycle import parse_status
from onestop_desktop.domain.procedures import default_catalogue_path, load_catalogue
from onestop_desktop.domain.receiving import ReceiveRequest, check_receipt
from onestop_desktop.domain.settings import settings_from_values
from onestop_desktop.domain.text import EXCERPT_CHARS, excerpt, excerpt_vi
from onestop_desktop.sync import keys
from tests.helpers import make_desk

LONG = 10_000
#: a message may say what is expected at length, but not hold the value whole
MAX_MESSAGE = 400


def _long(start: str) -> str:
    return (start * LONG)[:LONG]


def _assert_short(text: str, value: str) -> None:
    assert value not in text
    assert len(text) < MAX_MESSAGE, text[:200]


def test_excerpt_keeps_a_short_value_whole_and_cuts_a_long_one_with_its_length() -> None:
    assert excerpt("Nguyễn Văn An") == "'Nguyễn Văn An'"
    assert excerpt_vi("1.001") == "“1.001”"
    value = "Nguyễn" + "x" * 100
    assert excerpt(value) == f"'{value[:EXCERPT_CHARS]}…' ({len(value)} characters)"
    assert excerpt_vi(value) == f"“{value[:EXCERPT_CHARS]}…” ({len(value)} ký tự)"
    # a pasted line break or NUL is shown, not obeyed
    assert excerpt("An\nBình\x00") == "'An\\nBình\\x00'"


def test_every_field_error_of_a_receipt_quotes_a_ten_thousand_character_value_briefly() -> None:
    catalogue = load_catalogue(default_catalogue_path())
    values = {
        "procedure_code": _long("X"),
        "name": _long("An"),
        "id_number": _long("1"),
        "phone": _long("9"),
        "email": _long("a"),
    }
    request = ReceiveRequest(
        **values, documents=[HandedDocument(_long("Giấy"), originals=-1)], sets_count=1
    )
    with pytest.raises(InvalidInput) as caught:
        check_receipt(request, catalogue, datetime(2026, 11, 25, 9, tzinfo=VN_TZ))
    errors = {e.field: e for e in caught.value.errors}
    assert set(errors) == {"procedure", "name", "id_number", "phone", "email", "documents"}
    for error in caught.value.errors:
        for value in (*values.values(), _long("Giấy")):
            _assert_short(error.en, value)
            _assert_short(error.vi, value)
    for field in ("procedure", "name", "id_number", "phone", "email", "documents"):
        assert f"…' ({LONG} characters)" in errors[field].en, field
    assert f"({LONG} ký tự)" in errors["procedure"].vi
    assert len(caught.value.message_en) < MAX_MESSAGE * len(errors)


@pytest.mark.parametrize(
    "check",
    [
        lambda v: validate_agency_code(v),
        lambda v: parse_status(v),
        lambda v: settings_from_values({"agency_code": "H56", "agency_name": "x", "paper": v}),
        lambda v: settings_from_values({"agency_code": "H56", "agency_name": "x", v: 1}),
    ],
    ids=["agency_code", "status", "setting_value", "setting_name"],
)
def test_other_input_errors_quote_a_long_value_briefly(check: object) -> None:
    value = _long("Z")
    with pytest.raises(KnownError) as caught:
        check(value)  # type: ignore[operator]
    _assert_short(caught.value.message_en, value)
    _assert_short(caught.value.message_vi, value)
    assert f"({LONG} characters)" in caught.value.message_en


@pytest.mark.parametrize(
    ("parse", "error"),
    [
        (parse_time, ValueError),
        (OfficeHours.parse, CalendarDataError),
        (keys.parse_public, ValueError),
    ],
    ids=["time", "office_hours", "public_key"],
)
def test_parsers_quote_a_long_value_briefly(parse: object, error: type[Exception]) -> None:
    value = _long("9:")
    with pytest.raises(error) as caught:
        parse(value)  # type: ignore[operator]
    _assert_short(str(caught.value), value)
    assert f"({LONG} characters)" in str(caught.value)


@pytest.mark.parametrize(
    "args",
    [
        ["receive", "--procedure", _long("X"), "--name", _long("An"), "--phone", _long("9")],
        ["receive", "--procedure", "2.000815", "--name", "An", "--channel", _long("x")],
        ["board", "--date", _long("2")],
        ["search", "an", "--limit", _long("1")],
        ["due", "--procedure", "2.000815", "--received-at", _long("2")],
        ["show", _long("H56-")],
        ["transition", "H56-261125-0001", "--to", _long("z")],
        ["slip", "H56-261125-0001", "--out", "x.pdf", "--form", _long("f")],
        ["board", _long("u")],
    ],
    ids=[
        "fields",
        "choice",
        "date",
        "number",
        "time",
        "code",
        "status",
        "form",
        "unrecognised",
    ],
)
def test_command_line_errors_quote_a_long_argument_briefly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    db = tmp_path / "desk.sqlite3"
    make_desk(db).close()
    status = cli.main(["--db", str(db), *args])
    err = capsys.readouterr().err
    assert status == 2, err
    longest = max(args, key=len)
    assert longest not in err
    assert longest[:EXCERPT_CHARS] in err and str(LONG) in err, err[:300]
    assert len(err) < 3 * MAX_MESSAGE, err[:300]
