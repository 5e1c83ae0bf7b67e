"""A line break, tab or other control character typed or pasted into a name or an address is
refused with a field message saying so, rather than silently turned into a space; notes and
reasons keep their line breaks (the request for papers prints one paper a line)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from onestop_desktop import cli
from onestop_desktop.domain.clock import VN_TZ
from onestop_desktop.domain.dossier import (
    HandedDocument,
    InvalidInput,
    validate_applicant,
    validate_documents,
)
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk, ReceiveRequest
from tests.helpers import make_desk

PROCEDURE = "2.000815"


@pytest.mark.parametrize(
    ("name", "what_vi", "what_en", "position"),
    [
        ("Nguyễn Văn\nAn", "xuống dòng", "a line break", 11),
        ("Nguyễn Văn\r\nAn", "xuống dòng", "a line break", 11),
        ("Nguyễn\tVăn An", "tab", "a tab", 7),
        ("Nguyễn Văn An\x00", "U+0000", "U+0000", 14),
        ("Nguyễn\u2028Văn An", "xuống dòng", "a line break", 7),
    ],
)
def test_a_control_character_in_a_name_is_refused_saying_what_and_where(
    name: str, what_vi: str, what_en: str, position: int
) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_applicant(name)
    error = caught.value.for_field("name")
    assert error is not None and len(caught.value.errors) == 1
    assert what_vi in error.vi and f"vị trí {position}" in error.vi and "một dòng" in error.vi
    assert what_en in error.en and f"position {position}" in error.en
    assert "one line" in error.en


@pytest.mark.parametrize("address", ["Thôn 3\nxã Tân Hưng", "Thôn 3\txã Tân Hưng", "Thôn\x1b3"])
def test_a_control_character_in_an_address_is_refused(address: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_applicant("Nguyễn Văn An", address=address)
    error = caught.value.for_field("address")
    assert error is not None and "Địa chỉ" in error.vi and "the address" in error.en


def test_a_control_character_in_a_document_name_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_documents([HandedDocument("Tờ khai\nđăng ký", originals=1)])
    error = caught.value.for_field("documents")
    assert error is not None and "xuống dòng" in error.vi


def test_a_name_with_a_line_break_saves_nothing(db_path: Path) -> None:
    desk = make_desk(db_path)
    try:
        with pytest.raises(InvalidInput):
            desk.receive(ReceiveRequest(PROCEDURE, "Nguyễn Văn\nAn"))
        assert desk.search("an") == []
    finally:
        desk.close()


def test_a_note_keeps_its_line_breaks_but_not_other_control_characters(db_path: Path) -> None:
    desk = make_desk(db_path)
    try:
        code = desk.receive(ReceiveRequest(PROCEDURE, "Nguyễn Văn An", note="Dòng 1\nDòng 2")).code
        assert desk.get(code).note == "Dòng 1\nDòng 2"
        with pytest.raises(InvalidInput) as caught:
            desk.receive(ReceiveRequest(PROCEDURE, "Lê Hà", note="Ghi chú\x07"))
        error = caught.value.for_field("note")
        assert error is not None and "U+0007" in error.en and "line breaks" in error.en
    finally:
        desk.close()


def test_transition_reasons_keep_line_breaks_and_who_collected_is_one_line(
    db_path: Path,
) -> None:
    desk: Desk = make_desk(db_path)
    try:
        code = desk.receive(ReceiveRequest(PROCEDURE, "Nguyễn Văn An")).code
        with pytest.raises(InvalidInput) as caught:
            desk.transition(code, Status.SUPPLEMENT_REQUESTED, "Thiếu giấy\x00")
        assert caught.value.for_field("note") is not None
        papers = "Bản sao giấy khai sinh\nSổ hộ khẩu"
        assert desk.transition(code, Status.SUPPLEMENT_REQUESTED, papers).history[-1].note == papers
        desk.transition(code, Status.IN_PROGRESS)
        desk.transition(code, Status.RESOLVED)
        with pytest.raises(InvalidInput) as caught:
            desk.transition(code, Status.RETURNED, collected_by="Nguyễn\nVăn An")
        assert caught.value.for_field("collected_by") is not None
        assert desk.get(code).status is Status.RESOLVED
    finally:
        desk.close()


def test_an_apology_reason_with_a_control_character_is_refused(db_path: Path) -> None:
    desk = make_desk(db_path)
    try:
        code = desk.receive(ReceiveRequest("1.004873", "Nguyễn Văn An")).code
        with pytest.raises(InvalidInput) as caught:
            desk.apologise(code, datetime(2026, 12, 10, 9, tzinfo=VN_TZ), "Chậm\x1b do mưa bão")
        assert caught.value.for_field("note") is not None
        assert desk.apologies(code) == []
    finally:
        desk.close()


def test_command_line_refuses_a_name_with_a_line_break_naming_the_field(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_desk(db_path).close()
    status = cli.main(
        ["--db", str(db_path), "receive", "--procedure", PROCEDURE, "--name", "Nguyễn Văn\nAn"]
    )
    err = capsys.readouterr().err
    assert status == 2
    assert "error: name:" in err and "a line break at position 11" in err
