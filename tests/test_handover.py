"""Hand-over to processing officers: who may take which dossier, all or nothing over several,
the result coming back (also by a finishing move), early / on time / late, the per-officer
view's counts, the control sheet's real chain, the export's step fields and the command line."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from onestop_desktop.domain.clock import VN_TZ
from onestop_desktop.domain.dossier import InvalidInput
from onestop_desktop.domain.handover import outcome
from onestop_desktop.domain.people import PersonInput
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.store import audit as audit_store
from tests.helpers import make_desk, run_cli

SAME_DAY = "2.000815"  # chứng thực: same day, 15:00 cut-off (field chung-thuc)
THREE_DAYS = "1.004873"  # hộ tịch: 3 working days


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=VN_TZ)


class Office:
    """A desk with a clerk (also the administrator), two officers and a signer."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.clerk = desk.add_person(
            PersonInput("Nguyễn Thị Lan", "Công chức Văn phòng - Thống kê", "Bộ phận Một cửa",
                        ("clerk", "admin"))
        )  # fmt: skip
        self.civil = desk.add_person(
            PersonInput("Trần Văn Hộ", "Công chức Tư pháp - Hộ tịch", "Phòng Tư pháp",
                        ("officer",), ("ho-tich",))
        )  # fmt: skip
        self.certify = desk.add_person(
            PersonInput("Lê Thị Chứng", "Công chức Văn hóa - Xã hội", "Phòng Văn hóa",
                        ("officer",), ("chung-thuc",))
        )  # fmt: skip
        self.signer = desk.add_person(
            PersonInput("Phạm Văn Ký", "Phó Chủ tịch UBND xã", "UBND xã", ("signer",))
        )
        desk.sign_in(self.clerk.id)

    def receive(self, procedure: str, name: str, when: datetime) -> str:
        return self.desk.receive(ReceiveRequest(procedure, name, received_at=when)).code


@pytest.fixture
def office(db_path: Path) -> Office:
    return Office(make_desk(db_path))  # now: Wed 25/11/2026 09:00


def test_hand_over_makes_a_received_dossier_in_progress_and_records_who(office: Office) -> None:
    desk = office.desk
    code = office.receive(THREE_DAYS, "Ngô Văn Mai", _at(24, 8))
    [dossier] = desk.hand_over([code], office.civil.id, "Xác minh", at=_at(24, 10))
    assert dossier.status is Status.IN_PROGRESS
    assert dossier.holder_id == office.civil.id
    assert dossier.held_since == _at(24, 10)
    step = dossier.history[-1]
    assert step.kind == "handover"
    assert (step.person_id, step.actor, step.actor_title) == (
        office.clerk.id,
        office.clerk.name,
        office.clerk.title,
    )
    assert step.data["to_id"] == office.civil.id
    assert step.data["to_name"] == "Trần Văn Hộ"
    assert step.data["from_id"] is None
    assert step.data["outcome"] == "early"
    actions = [r["action"] for r in audit_store.entries(desk.db) if r["entity"] == code]
    assert "dossier.handover" in actions


def test_hand_back_between_officers_names_both(office: Office) -> None:
    desk = office.desk
    code = office.receive(THREE_DAYS, "Ngô Văn Mai", _at(24, 8))
    desk.hand_over([code], office.civil.id, at=_at(24, 10))
    [dossier] = desk.hand_over([code], office.certify.id, "Chuyển lại", at=_at(24, 14))
    step = dossier.history[-1]
    assert (step.data["from_id"], step.data["to_id"]) == (office.civil.id, office.certify.id)
    assert step.data["from_title"] == "Công chức Tư pháp - Hộ tịch"
    assert dossier.holder_id == office.certify.id


def test_hand_over_refuses_a_non_officer_a_retired_officer_and_an_unknown_id(
    office: Office,
) -> None:
    desk = office.desk
    code = office.receive(THREE_DAYS, "Ngô Văn Mai", _at(24, 8))
    for person_id, field in ((office.signer.id, "officer"), (999, "officer")):
        with pytest.raises(InvalidInput) as caught:
            desk.hand_over([code], person_id)
        assert caught.value.for_field(field) is not None
    desk.retire_person(office.civil.id)
    with pytest.raises(InvalidInput, match="retired"):
        desk.hand_over([code], office.civil.id)
    assert desk.get(code).holder_id is None
    assert desk.get(code).status is Status.RECEIVED


def test_hand_over_of_several_is_all_or_nothing_naming_each_refused_dossier(
    office: Office,
) -> None:
    desk = office.desk
    good = office.receive(THREE_DAYS, "Ngô Văn Mai", _at(24, 8))
    resolved = office.receive(THREE_DAYS, "Đỗ Thị Xong", _at(24, 8, 30))
    refused = office.receive(THREE_DAYS, "Vũ Văn Không", _at(24, 8, 40))
    desk.transition(resolved, Status.RESOLVED, at=_at(24, 9))
    desk.transition(refused, Status.REFUSED, "Không đủ điều kiện", at=_at(24, 9))
    with pytest.raises(InvalidInput) as caught:
        desk.hand_over([good, resolved, refused], office.civil.id, at=_at(24, 10))
    text = str(caught.value)
    assert resolved in text and refused in text and good not in text
    assert desk.get(good).holder_id is None
    assert desk.get(good).status is Status.RECEIVED
    assert [h.kind for h in desk.get(good).history] == ["received"]


def test_hand_over_accepts_waiting_statuses_and_keeps_them(office: Office) -> None:
    desk = office.desk
    waiting = office.receive(THREE_DAYS, "Ngô Văn Chờ", _at(24, 8))
    desk.transition(waiting, Status.SUPPLEMENT_REQUESTED, "Thiếu tờ khai", at=_at(24, 9))
    [dossier] = desk.hand_over([waiting], office.civil.id, at=_at(24, 10))
    assert dossier.status is Status.SUPPLEMENT_REQUESTED
    assert dossier.holder_id == office.civil.id


def test_result_back_clears_the_holder_and_records_the_outcome(office: Office) -> None:
    desk = office.desk
    code = office.receive(SAME_DAY, "Lê Văn Trễ", _at(23, 9))  # due Mon 23/11 17:00
    desk.hand_over([code], office.certify.id, at=_at(23, 10))
    dossier = desk.result_back(code, "Đã ký", at=_at(24, 9))
    assert dossier.holder_id is None and dossier.held_since is None
    step = dossier.history[-1]
    assert step.kind == "result_back"
    assert step.data["from_id"] == office.certify.id
    assert step.data["outcome"] == "late"
    with pytest.raises(InvalidInput, match="at the desk"):
        desk.result_back(code)


def test_resolving_a_held_dossier_brings_the_result_back_in_the_same_step(
    office: Office,
) -> None:
    desk = office.desk
    code = office.receive(THREE_DAYS, "Ngô Văn Mai", _at(24, 8))
    desk.hand_over([code], office.civil.id, at=_at(24, 10))
    dossier = desk.transition(code, Status.RESOLVED, at=_at(25, 8))
    assert [h.kind for h in dossier.history] == [
        "received",
        "handover",
        "result_back",
        "transition",
    ]
    assert dossier.holder_id is None
    assert dossier.status is Status.RESOLVED


def test_a_refused_move_of_a_held_dossier_leaves_it_held(office: Office) -> None:
    desk = office.desk
    code = office.receive(THREE_DAYS, "Ngô Văn Mai", _at(24, 8))
    desk.hand_over([code], office.civil.id, at=_at(24, 10))
    with pytest.raises(InvalidInput):
        desk.transition(code, Status.REFUSED, "", at=_at(25, 8))  # a refusal needs a reason
    dossier = desk.get(code)
    assert dossier.holder_id == office.civil.id
    assert [h.kind for h in dossier.history] == ["received", "handover"]


def test_a_person_holding_dossiers_cannot_be_deleted(office: Office) -> None:
    desk = office.desk
    code = office.receive(THREE_DAYS, "Ngô Văn Mai", _at(24, 8))
    desk.hand_over([code], office.civil.id, at=_at(24, 10))
    with pytest.raises(InvalidInput, match=r"hold 1 dossier\(s\)"):
        desk.delete_person(office.civil.id)


def test_outcome_compares_dates_only() -> None:
    due = _at(25, 17)
    assert outcome(_at(24, 23), due) == "early"
    assert outcome(_at(25, 23, 59), due) == "on_time"
    assert outcome(_at(26, 7), due) == "late"
    assert outcome(_at(26, 7), None) == "on_time"


def test_officer_view_counts_against_hand_computed_expectations_over_a_weekend(
    db_path: Path,
) -> None:
    # Friday 27/11/2026 09:00: the next working day is Monday 30/11, closing at 17:00.
    desk = make_desk(db_path, now=datetime(2026, 11, 27, 9, 0, tzinfo=VN_TZ))
    office = Office(desk)
    overdue = office.receive(SAME_DAY, "Trần Văn Quá", _at(25, 9))  # due Wed 25/11 17:00
    today = office.receive(SAME_DAY, "Lê Thị Nay", _at(27, 8))  # due Fri 27/11 17:00
    monday = office.receive(THREE_DAYS, "Ngô Văn Hai", _at(25, 9))  # due Mon 30/11 9:00
    later = office.receive(THREE_DAYS, "Đỗ Thị Xa", _at(27, 8, 30))  # due Wed 2/12
    waiting = office.receive(SAME_DAY, "Vũ Văn Chờ", _at(25, 8))  # due 25/11, clock stopped
    desk.transition(waiting, Status.SUPPLEMENT_REQUESTED, "Thiếu tờ khai", at=_at(25, 9))
    desk.hand_over([overdue, today, waiting], office.certify.id, at=_at(27, 8, 45))
    desk.hand_over([monday, later], office.civil.id, at=_at(27, 8, 50))
    at_desk = office.receive(SAME_DAY, "Hồ Văn Quầy", _at(26, 8))  # overdue, never handed over

    view = desk.officer_view()
    rows = {r.name: (r.held, r.overdue, r.due_soon) for r in view.officers}
    assert rows == {"Lê Thị Chứng": (3, 1, 1), "Trần Văn Hộ": (2, 0, 1)}
    assert [r.name for r in view.officers] == ["Lê Thị Chứng", "Trần Văn Hộ"]  # worst first
    assert (view.desk.held, view.desk.overdue, view.desk.due_soon) == (1, 1, 0)
    assert view.soon_until == datetime(2026, 11, 30, 17, 0, tzinfo=VN_TZ)
    assert view.totals == (6, 2, 2)
    held = [d.code for d in desk.officer_dossiers(office.certify.id)]
    assert held == [overdue, waiting, today]  # earliest due first (then the oldest)
    assert [d.code for d in desk.officer_dossiers(None)] == [at_desk]
    # seen on Monday 30/11 morning, the 3-day dossier is due today and the next working day
    # (Tuesday) closes the window
    monday_view = desk.officer_view(date(2026, 12, 1))
    civil = next(r for r in monday_view.officers if r.name == "Trần Văn Hộ")
    assert (civil.held, civil.overdue) == (2, 1)


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_control_sheet_prints_the_real_chain(office: Office, tmp_path: Path) -> None:
    desk = office.desk
    code = office.receive(THREE_DAYS, "Ngô Văn Mai", _at(23, 8))  # due Thu 26/11
    desk.hand_over([code], office.civil.id, at=_at(23, 10, 5))
    desk.hand_over([code], office.certify.id, at=_at(24, 14, 30))
    desk.result_back(code, at=_at(25, 8, 15))
    out = tmp_path / "control.pdf"
    desk.render_form(code, out, "control")
    text = _pdf_text(out)
    flat = " ".join(text.split())
    assert "Trần Văn Hộ" in flat and "Lê Thị Chứng" in flat
    assert "10 giờ 05 phút" in flat and "14 giờ 30 phút" in flat and "08 giờ 15 phút" in flat
    assert "Trước hạn" in flat
    # the chain in order: desk → Hộ, Hộ → Chứng, Chứng → desk
    assert flat.index("10 giờ 05") < flat.index("14 giờ 30") < flat.index("08 giờ 15")


def test_export_carries_each_steps_person_title_and_unit(office: Office, tmp_path: Path) -> None:
    desk = office.desk
    code = office.receive(THREE_DAYS, "Ngô Văn Mai", _at(24, 8))
    desk.hand_over([code], office.civil.id, at=_at(24, 10))
    desk.transition(code, Status.RESOLVED, at=_at(25, 8))
    result = desk.export(tmp_path / "out")
    assert result is not None
    with zipfile.ZipFile(result.path) as z:
        steps = [json.loads(line) for line in z.read("steps.jsonl").splitlines()]
    by_text = {s["NoiDungXuLy"]: s for s in steps}
    received = by_text["Tiếp nhận hồ sơ"]
    assert received["NguoiXuLy"] == "Nguyễn Thị Lan"
    assert received["ChucDanh"] == "Công chức Văn phòng - Thống kê"
    assert received["PhongBanXuLy"] == "Bộ phận Một cửa"
    handed = by_text["Chuyển hồ sơ cho Trần Văn Hộ (Công chức Tư pháp - Hộ tịch) xử lý"]
    assert handed["NguoiXuLy"] == "Nguyễn Thị Lan"
    assert handed["TrangThai"] == "4"
    assert "Trả kết quả về Bộ phận Một cửa" in by_text
    # values come from the step rows: a later change of title does not rewrite the export
    desk.edit_person(
        office.clerk.id,
        PersonInput("Nguyễn Thị Lan", "Chánh Văn phòng", "Văn phòng", ("clerk", "admin")),
    )
    again = desk.export_again(result.record.export_seq, tmp_path / "again")
    assert again.read_bytes() == result.path.read_bytes()


def test_cli_hand_over_result_back_and_officers(office: Office, db_path: Path) -> None:
    desk = office.desk
    code = office.receive(THREE_DAYS, "Ngô Văn Mai", _at(24, 8))
    done = office.receive(THREE_DAYS, "Đỗ Thị Xong", _at(24, 8))
    desk.transition(done, Status.RESOLVED, at=_at(24, 9))
    officer = office.civil.id
    desk.close()
    refused = run_cli("handover", code, done, "--to", str(officer), db=db_path)
    assert refused.returncode == 2, refused.stderr
    assert done in refused.stderr
    unknown = run_cli("handover", code, "--to", "999", db=db_path)
    assert unknown.returncode == 2
    ok = run_cli("handover", code, "--to", str(officer), "--at", "2026-11-24T10:00", db=db_path)
    assert ok.returncode == 0, ok.stderr
    listed = run_cli("officers", "--json", db=db_path)
    assert listed.returncode == 0, listed.stderr
    data = json.loads(listed.stdout)
    first = data["officers"][0]
    assert (first["id"], first["held"]) == (officer, 1)
    back = run_cli("result-back", code, "--at", "2026-11-24T15:00", db=db_path)
    assert back.returncode == 0, back.stderr
    again = run_cli("result-back", code, db=db_path)
    assert again.returncode == 2


def test_officers_pdf_is_one_page_with_each_officer(office: Office, tmp_path: Path) -> None:
    desk = office.desk
    code = office.receive(THREE_DAYS, "Ngô Văn Mai", _at(24, 8))
    desk.hand_over([code], office.civil.id, at=_at(24, 10))
    out = tmp_path / "officers.pdf"
    desk.render_officer_view(out)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M)
    flat = " ".join(_pdf_text(out).split())
    assert "Trần Văn Hộ" in flat and "Lê Thị Chứng" in flat and "Tổng cộng" in flat


def test_the_demo_office_has_officers_holding_dossiers_counted_as_plain_sql_counts_them(
    db_path: Path,
) -> None:
    from onestop_desktop.bench import plain
    from onestop_desktop.demo import generate_demo
    from onestop_desktop.domain.clock import iso

    desk = make_desk(db_path)
    summary = generate_demo(desk, 3000, seed=5, workers=0)
    assert summary["people_added"] > 0 and summary["handed_over"] > 0
    view = desk.officer_view()
    conn = sqlite3.connect(db_path)
    sql = (
        "SELECT holder_id, COUNT(*), SUM(status != 5 AND due_at < ?1), "
        "SUM(status != 5 AND due_at >= ?1 AND due_at <= ?2) FROM dossiers "
        "WHERE status IN (2, 4, 5, 6, 7) GROUP BY holder_id"
    )
    expected = {
        r[0]: (r[1], r[2] or 0, r[3] or 0)
        for r in conn.execute(sql, (iso(view.moment), iso(view.soon_until)))
    }
    conn.close()
    got = {o.person_id: (o.held, o.overdue, o.due_soon) for o in view.officers if o.held}
    got[None] = (view.desk.held, view.desk.overdue, view.desk.due_soon)
    assert got == expected
    assert plain.officer_view_plain_ms(db_path, iso(view.moment), iso(view.soon_until), 1)
    held = desk.officer_dossiers(view.officers[0].person_id)[0]
    history = desk.get(held.code).history
    assert history[-1].kind == "handover" and history[-1].person_id is not None


def test_upstream_imports_hand_over_steps_and_a_replay_after_restore_brings_them_back(
    tmp_path: Path,
) -> None:
    import shutil

    from onestop_desktop import upstream
    from onestop_desktop.bench.plain import online_backup
    from onestop_desktop.sync import keys
    from onestop_desktop.upstream.store import open_store
    from tests.test_restore_chain import _parts
    from tests.upstream_helpers import import_one

    path = tmp_path / "desk" / "desk.sqlite3"
    usb, backup = tmp_path / "usb", tmp_path / "backup.sqlite3"
    desk = make_desk(path, station=1)
    office = Office(desk)
    store = open_store(tmp_path / "upstream.sqlite3")
    info = desk.public_key()
    upstream.register_desk(store, info["desk_id"], info["public_key"])
    code = office.receive(THREE_DAYS, "Ngô Văn Mai", _at(24, 8))
    one = desk.export(usb)
    assert one is not None and import_one(store, one.path).outcome == "imported"
    online_backup(path, backup)
    shutil.copy2(keys.key_path(path), keys.key_path(backup))
    desk.hand_over([code], office.civil.id, "Xác minh", at=_at(24, 10))
    desk.hand_over([code], office.certify.id, at=_at(24, 14))
    desk.transition(code, Status.RESOLVED, at=_at(25, 8))
    two = desk.export(usb)
    assert two is not None and import_one(store, two.path).outcome == "imported"
    parts = _parts(desk, two.record.change_seq_to)
    clock = desk.clock
    desk.close()
    store.close()

    shutil.copy2(backup, path)  # the disk died; the backup comes back
    shutil.copy2(keys.key_path(backup), keys.key_path(path))
    restored = Desk.open(path, clock=clock)
    result = restored.replay_exports([usb])
    assert result.exports_replayed == [2]
    history = restored.get(code).history
    assert [h.kind for h in history] == [
        "received",
        "handover",
        "handover",
        "result_back",
        "transition",
    ]
    assert history[1].note == "Xác minh"
    assert history[1].actor_title == "Công chức Văn phòng - Thống kê"
    assert history[1].person_id is None  # the export names people, it does not number them
    assert _parts(restored, two.record.change_seq_to) == parts
    restored.close()
