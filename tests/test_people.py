"""The office's people and the person at the desk: the command line, PINs, deleting and
retiring, who each step and audit entry names, and the names printed on the forms."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from onestop_desktop.domain.dossier import InvalidInput
from onestop_desktop.domain.people import PersonInput
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.operations.base import NotAllowed
from onestop_desktop.operations.people import WrongPin
from onestop_desktop.store import audit as audit_store
from tests.helpers import ROOT, make_desk

BIRTH = "1.001193"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")


def cli(
    *args: str, db: Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m onestop_desktop --db DB ...`, with a standard input and extra environment."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    full_env.pop("ONESTOP_PIN", None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "onestop_desktop", "--db", str(db), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full_env,
        timeout=120,
    )


def _office(desk: Desk) -> tuple[int, int, int]:
    """An administrator, a clerk with a PIN, a clerk without: their ids."""
    admin = desk.add_person(PersonInput("Nguyễn Văn An", "Chủ tịch UBND xã", roles=("admin",)))
    binh = desk.add_person(
        PersonInput("Trần Thị Bình", "Công chức Văn phòng", roles=("clerk",), pin="2468")
    )
    cuong = desk.add_person(
        PersonInput("Lê Văn Cường", "Công chức Tư pháp - Hộ tịch", roles=("clerk", "officer"))
    )
    return admin.id, binh.id, cuong.id


def _receive(desk: Desk, name: str = "Đặng Thị Ánh Tuyết") -> str:
    return desk.receive(ReceiveRequest(BIRTH, name, "001203004567", "0912345678")).code


# -- the command line --------------------------------------------------------------------------
def test_people_lifecycle_on_the_command_line(db_path: Path) -> None:
    make_desk(db_path).close()
    added = cli(
        "people",
        "add",
        "--name",
        "  trần   thị bình ",
        "--title",
        "Công chức Văn phòng",
        "--role",
        "clerk",
        "--role",
        "officer",
        "--field",
        "ho-tich",
        "--pin-stdin",
        "--json",
        db=db_path,
        stdin="2468\n",
    )
    assert added.returncode == 0, added.stderr
    person = json.loads(added.stdout)
    assert set(person) == {
        "id",
        "name",
        "title",
        "unit",
        "roles",
        "fields",
        "has_pin",
        "retired",
        "retired_at",
    }
    assert person["roles"] == ["clerk", "officer"] and person["fields"] == ["ho-tich"]
    assert person["has_pin"] is True and person["retired"] is False
    pid = str(person["id"])

    edited = cli(
        "people", "edit", pid, "--unit", "Bộ phận một cửa", "--clear-pin", "--json", db=db_path
    )
    assert edited.returncode == 0, edited.stderr
    assert json.loads(edited.stdout)["has_pin"] is False
    assert json.loads(edited.stdout)["title"] == "Công chức Văn phòng", "unchanged when not given"

    assert cli("people", "retire", pid, db=db_path).returncode == 0
    listed = json.loads(cli("people", "list", "--json", db=db_path).stdout)
    assert listed == []
    everyone = json.loads(cli("people", "list", "--all", "--json", db=db_path).stdout)
    assert [p["retired"] for p in everyone] == [True]
    assert cli("people", "restore", pid, db=db_path).returncode == 0
    assert json.loads(cli("people", "list", "--json", db=db_path).stdout)[0]["unit"] == (
        "Bộ phận một cửa"
    )
    deleted = cli("people", "delete", pid, db=db_path)
    assert deleted.returncode == 0, deleted.stderr
    assert json.loads(cli("people", "list", "--all", "--json", db=db_path).stdout) == []


@pytest.mark.parametrize(
    ("args", "stdin", "field"),
    [
        (("--name", "", "--role", "clerk"), "", "name"),
        (("--name", "An", "--role", "clerk", "--field", "dat-dai-xyz"), "", "fields"),
        (("--name", "An", "--role", "clerk", "--pin-stdin"), "12\n", "pin"),
        (("--name", "An", "--role", "boss"), "", "--role"),
    ],
)
def test_wrong_input_to_people_add_exits_2_naming_the_field_and_saves_nothing(
    db_path: Path, args: tuple[str, ...], stdin: str, field: str
) -> None:
    make_desk(db_path).close()
    done = cli("people", "add", *args, db=db_path, stdin=stdin)
    assert done.returncode == 2
    assert field in done.stderr
    assert json.loads(cli("people", "list", "--all", "--json", db=db_path).stdout) == []


def test_sign_in_and_as_record_the_right_person_on_steps_and_audit_entries(
    db_path: Path,
) -> None:
    desk = make_desk(db_path)
    _admin, binh, cuong = _office(desk)
    desk.close()
    wrong = cli("sign-in", str(binh), "--pin-stdin", db=db_path, stdin="1111\n")
    assert wrong.returncode == 2
    signed = cli("sign-in", str(binh), "--pin-stdin", db=db_path, stdin="2468\n")
    assert signed.returncode == 0, signed.stderr
    received = cli("receive", "--procedure", BIRTH, "--name", "Phạm Văn Dũng", "--json", db=db_path)
    assert received.returncode == 0, received.stderr
    code = json.loads(received.stdout)["code"]
    # one command as another person, the one remembered at the desk unchanged
    moved = cli("--as", str(cuong), "transition", code, "--to", "4", db=db_path)
    assert moved.returncode == 0, moved.stderr
    # --as a person with a PIN needs it in ONESTOP_PIN
    refused = cli("--as", str(binh), "transition", code, "--to", "9", db=db_path)
    assert refused.returncode == 2 and "PIN" in refused.stderr
    resolved = cli(
        "--as", str(binh), "transition", code, "--to", "9", db=db_path, env={"ONESTOP_PIN": "2468"}
    )
    assert resolved.returncode == 0, resolved.stderr
    history = json.loads(cli("show", code, "--json", db=db_path).stdout)["history"]
    assert [(h["kind"], h["person_id"], h["actor"]) for h in history] == [
        ("received", binh, "Trần Thị Bình"),
        ("transition", cuong, "Lê Văn Cường"),
        ("transition", binh, "Trần Thị Bình"),
    ]
    assert history[1]["actor_title"] == "Công chức Tư pháp - Hộ tịch"

    desk = Desk.open(db_path)
    try:
        assert desk.on_duty is not None and desk.on_duty.id == binh, "remembered for the day"
        logged = desk_entries(desk, code)
        assert [(e["action"], e["person_id"]) for e in logged] == [
            ("dossier.received", binh),
            ("dossier.transition", cuong),
            ("dossier.transition", binh),
        ]
    finally:
        desk.close()
    assert cli("sign-out", db=db_path).returncode == 0
    desk = Desk.open(db_path)
    try:
        assert desk.on_duty is None
    finally:
        desk.close()


def desk_entries(desk: Desk, code: str) -> list[dict[str, object]]:
    return list(reversed(audit_store.entries(desk.db, entity=code)))


# -- PINs ----------------------------------------------------------------------------------------
def test_a_pin_is_never_stored_in_clear(desk: Desk, db_path: Path) -> None:
    _office(desk)
    desk.close()
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        dump = "\n".join(conn.iterdump())
    assert "2468" not in dump
    assert "scrypt$" in dump


def test_a_wrong_pin_gets_the_same_message_whoever_is_chosen(desk: Desk) -> None:
    _admin, binh, cuong = _office(desk)
    messages = []
    for person_id, pin in ((binh, "1111"), (binh, ""), (cuong, "1111"), (999, "")):
        with pytest.raises(WrongPin) as refused:
            desk.sign_in(person_id, pin)
        messages.append((refused.value.message_vi, refused.value.message_en))
    assert len(set(messages)) == 1
    assert "Bình" not in messages[0][0] and "Cường" not in messages[0][0]
    assert desk.on_duty is None, "nobody signed in by a refusal"
    assert desk.sign_in(cuong, "").id == cuong
    assert desk.sign_in(binh, "2468").id == binh


# -- retiring and deleting -----------------------------------------------------------------------
def test_a_retired_person_stays_in_the_history_and_is_not_offered_at_sign_in(desk: Desk) -> None:
    _admin, binh, cuong = _office(desk)
    desk.sign_in(cuong)
    code = _receive(desk)
    desk.on_duty = None
    desk.retire_person(cuong)
    assert cuong not in [p.id for p in desk.roster().at_the_desk()]
    assert binh in [p.id for p in desk.roster().at_the_desk()]
    with pytest.raises(WrongPin):
        desk.sign_in(cuong)
    step = desk.get(code).history[0]
    assert (step.person_id, step.actor, step.actor_title) == (
        cuong,
        "Lê Văn Cường",
        "Công chức Tư pháp - Hộ tịch",
    )
    assert desk.get(code).clerk == "Lê Văn Cường"


def test_delete_is_refused_for_a_person_the_history_names_or_holding_dossiers(
    desk: Desk, db_path: Path
) -> None:
    admin, binh, cuong = _office(desk)
    desk.sign_in(cuong)
    _receive(desk)
    desk.on_duty = None
    with pytest.raises(InvalidInput) as named:
        desk.delete_person(cuong)
    assert named.value.errors[0].field == "person"
    assert "1 bước" in named.value.errors[0].vi
    # holding a dossier (handed over by the processing piece, set here as it records it)
    other = _receive(desk, "Võ Thị Hạnh")
    with desk.db.transaction() as conn:
        conn.execute("UPDATE dossiers SET holder_id = ? WHERE code = ?", (admin, other))
    with pytest.raises(InvalidInput) as holding:
        desk.delete_person(admin)
    assert "đang giữ 1 hồ sơ" in holding.value.errors[0].vi
    assert {p.id for p in desk.people(include_retired=True)} == {admin, binh, cuong}
    desk.delete_person(binh)  # never did anything: added by mistake
    assert {p.id for p in desk.people(include_retired=True)} == {admin, cuong}


def test_only_an_administrator_manages_people_once_the_office_has_one(desk: Desk) -> None:
    clerk = desk.add_person(PersonInput("Trần Thị Bình", roles=("clerk",)))
    desk.sign_in(clerk.id)
    # no administrator yet: the clerk may add one (or the office would be locked out)
    admin = desk.add_person(PersonInput("Nguyễn Văn An", roles=("admin",)))
    with pytest.raises(NotAllowed):
        desk.add_person(PersonInput("Lê Văn Cường", roles=("clerk",)))
    desk.sign_in(admin.id)
    assert desk.add_person(PersonInput("Lê Văn Cường", roles=("clerk",))).name == "Lê Văn Cường"


# -- names on the forms --------------------------------------------------------------------------
def _pdf_text(desk: Desk, code: str, form: str, out: Path) -> str:
    desk.render_form(code, out, form)
    done = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


@needs_poppler
def test_each_form_prints_the_clerk_who_made_its_step(desk: Desk, tmp_path: Path) -> None:
    _admin, binh, cuong = _office(desk)
    desk.sign_in(binh, "2468")
    code = _receive(desk)
    refused_code = _receive(desk, "Võ Thị Hạnh")
    desk.sign_in(cuong)
    desk.transition(code, Status.SUPPLEMENT_REQUESTED, "Bản sao giấy khai sinh")
    desk.transition(refused_code, Status.REFUSED, "Không thuộc thẩm quyền của xã")
    receipt = _pdf_text(desk, code, "receipt", tmp_path / "r.pdf")
    assert "Trần Thị Bình" in receipt and "Lê Văn Cường" not in receipt
    supplement = _pdf_text(desk, code, "supplement", tmp_path / "s.pdf")
    assert "Lê Văn Cường" in supplement and "Cán bộ một cửa" not in supplement
    refusal = _pdf_text(desk, refused_code, "refusal", tmp_path / "f.pdf")
    assert "Lê Văn Cường" in refusal and "Cán bộ một cửa" not in refusal


def test_as_applies_to_the_commands_of_every_module_not_only_the_core_ones(
    db_path: Path,
) -> None:
    """`--as` is honoured by the hand-over, settings, calendar and report commands too: one way
    to open the desk (cli_common.open_desk) for every command module."""
    desk = make_desk(db_path)
    _admin, binh, cuong = _office(desk)
    code = _receive(desk)
    desk.close()
    # a person with a PIN and no ONESTOP_PIN: refused, whatever module the command lives in
    for args in (
        ("handover", code, "--to", str(cuong)),
        ("calendar", "add", "2027-02-15", "--off"),
        ("report", "--from", "2026-11-01", "--to", "2026-11-30", "--json"),
        ("officers", "--json"),
    ):
        refused = cli("--as", str(binh), *args, db=db_path)
        assert refused.returncode == 2 and "PIN" in refused.stderr, args
    handed = cli("--as", str(cuong), "handover", code, "--to", str(cuong), db=db_path)
    assert handed.returncode == 0, handed.stderr
    history = json.loads(cli("show", code, "--json", db=db_path).stdout)["history"]
    assert (history[-1]["kind"], history[-1]["person_id"]) == ("handover", cuong)
