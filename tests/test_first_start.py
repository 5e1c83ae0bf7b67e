"""The first start's operations: a plan checked whole, written in one go or not at all."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from onestop_desktop.domain.dossier import InvalidInput
from onestop_desktop.domain.people import PersonInput
from onestop_desktop.operations import Desk
from onestop_desktop.operations import first_start as fs
from onestop_desktop.sync import keys


def office(tmp_path: Path, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "agency_code": "000.23.45.H56",
        "agency_name": "UBND xã Tân Hưng",
        "station": 2,
        "province_code": "08",
        "commune_code": "02269",
        "place_name": "Tân Hưng",
        "office_type": "bpmc",
        "head_of_agency": "Nguyễn Văn Hùng",
        "head_title": "CHỦ TỊCH",
        "paper": "A4",
        "backup_dir": str(tmp_path / "backups"),
        "export_dir": str(tmp_path / "usb" / "exports"),
    }
    values.update(changes)
    return values


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*"))


def test_a_plan_writes_the_desk_its_clerk_key_and_folders(tmp_path: Path) -> None:
    path = tmp_path / "data" / "desk.sqlite3"
    plan = fs.plan_desk(office(tmp_path), PersonInput("Trần Thị Mai", "Công chức", pin="2468"))
    assert files_under(tmp_path) == []  # planning writes nothing
    desk = fs.set_up_desk(path, plan)
    desk.close()
    desk = Desk.open(path)
    try:
        s = desk.settings
        assert (s.agency_code, s.station) == ("000.23.45.H56", 2)
        assert (s.office_type, s.paper) == ("bpmc", "A4")
        assert (s.province_code, s.commune_code, s.head_title) == ("08", "02269", "CHỦ TỊCH")
        assert desk.backup_dir == tmp_path / "backups" and desk.backup_dir.is_dir()
        assert desk.outbox_dir() == tmp_path / "usb" / "exports" and desk.outbox_dir().is_dir()
        [clerk] = desk.people()
        assert clerk.name == "Trần Thị Mai" and set(clerk.roles) == {"clerk", "admin"}
        assert clerk.has_pin and desk.on_duty is not None and desk.on_duty.id == clerk.id
        # the key shown before finishing is the key saved
        assert desk.public_key()["fingerprint"] == keys.fingerprint(plan.key)
    finally:
        desk.close()


def test_every_wrong_field_is_named_and_nothing_written(tmp_path: Path) -> None:
    values = office(tmp_path, agency_code="abc!", commune_code="12", backup_dir="relative/dir")
    with pytest.raises(InvalidInput) as caught:
        fs.plan_desk(values, PersonInput("", pin="12"))
    assert {e.field for e in caught.value.errors} >= {
        "agency_code",
        "commune_code",
        "backup_dir",
        "name",
        "pin",
    }
    assert files_under(tmp_path) == []


def test_an_unwritable_folder_is_refused(tmp_path: Path) -> None:
    assert fs.folder_problem(str(tmp_path / "new" / "folder")) is None
    (tmp_path / "file").write_text("x")
    problem = fs.folder_problem(str(tmp_path / "file" / "sub"))
    assert problem is not None and "là một tệp" in problem.vi
    relative = fs.folder_problem("backups")
    assert relative is not None and "đường dẫn đầy đủ" in relative.vi
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who may write anywhere")
        problem = fs.folder_problem(str(locked / "backups"))
        assert problem is not None and "Không ghi được" in problem.vi
    finally:
        locked.chmod(0o700)


def test_a_failure_while_writing_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "desk.sqlite3"  # its folder exists: the files themselves must go
    plan = fs.plan_desk(office(tmp_path), PersonInput("Trần Thị Mai"))

    def broken(self: Desk, data: PersonInput) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(Desk, "add_person", broken)
    with pytest.raises(OSError, match="disk full"):
        fs.set_up_desk(path, plan)
    assert files_under(tmp_path) == []


def test_a_desk_already_set_up_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    fs.set_up_desk(path, fs.plan_desk(office(tmp_path), PersonInput("A"))).close()
    before = path.read_bytes()
    with pytest.raises(fs.DeskExists):
        fs.set_up_desk(path, fs.plan_desk(office(tmp_path), PersonInput("B")))
    assert path.read_bytes() == before


def test_the_demo_office_lives_in_its_own_folder(tmp_path: Path) -> None:
    real = tmp_path / "data" / "desk.sqlite3"
    fs.set_up_desk(real, fs.plan_desk(office(tmp_path), PersonInput("A"))).close()
    real_files = {p: p.read_bytes() for p in real.parent.iterdir() if p.is_file()}
    demo = fs.make_demo_office(real, dossiers=30)
    assert demo.parent != real.parent and not demo.parent.is_relative_to(real.parent)
    desk = Desk.open(demo)
    try:
        assert desk.settings.agency_name == fs.DEMO_AGENCY_NAME
        assert sum(desk.export_preview().values()) == 30
    finally:
        desk.close()
    assert {p: p.read_bytes() for p in real.parent.iterdir() if p.is_file()} == real_files
    assert not any(p.name.startswith("building-") for p in demo.parent.iterdir())


@pytest.mark.parametrize(
    ("code", "station", "field"), [("xã tân hưng", "0", "agency_code"), ("H56.1", "12", "station")]
)
def test_cli_init_with_bad_input_exits_2_and_makes_no_file(
    tmp_path: Path, code: str, station: str, field: str
) -> None:
    from tests.helpers import run_cli

    target = tmp_path / "new" / "desk.sqlite3"
    done = run_cli(
        "init", "--agency-code", code, "--agency-name", "UBND xã A", "--station", station, db=target
    )
    assert done.returncode == 2 and f"{field}:" in done.stderr
    assert files_under(tmp_path) == []
