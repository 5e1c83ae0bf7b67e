"""The audit chain: tampering behind the program's back is found (first break named), every kind
of change logs its entry with the person and the entity, a failed change logs nothing, and the
program itself cannot rewrite the log."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from onestop_desktop.demo import generate_demo
from onestop_desktop.domain.audit import GENESIS, entry_hash, walk
from onestop_desktop.domain.people import PersonInput
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.operations.audit import ACTION_NAMES, action_name
from onestop_desktop.operations.backup import restore_backup
from tests.helpers import WEDNESDAY_9AM, make_desk, run_cli

BIRTH = "1.001193"
#: the append-only triggers of db/0006
TRIGGERS = (
    "audit_log_no_update",
    "audit_log_no_delete",
    "audit_head_forward",
    "audit_head_no_delete",
)


@contextlib.contextmanager
def plain(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain SQLite connection, as any tool would open the file behind the program's back;
    the append-only triggers are dropped first, as such a tool can."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for name in TRIGGERS:
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        yield conn
    finally:
        conn.close()


def _desk_with_log(tmp_path: Path) -> tuple[Desk, Path, int]:
    """A desk with a dozen entries or so: dossiers received, moved, printed; closed again."""
    path = tmp_path / "desk.sqlite3"
    desk = make_desk(path)
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
        code = desk.receive(ReceiveRequest(BIRTH, name)).code
        desk.record_print(code, "receipt", "printed")
        desk.transition(code, Status.RESOLVED)
    last = desk.verify_audit().last_id
    desk.close()
    return desk, path, last


def _verify(path: Path) -> tuple[bool, int | None, str | None]:
    desk = Desk.open(path)
    try:
        report = desk.verify_audit()
    finally:
        desk.close()
    b = report.broken
    return report.ok, b.entry_id if b else None, b.kind if b else None


def _row(conn: sqlite3.Connection, entry_id: int) -> tuple[object, ...]:
    row = conn.execute("SELECT * FROM audit_log WHERE id = ?", (entry_id,)).fetchone()
    assert row is not None
    return tuple(row)


def _hash_for(prev: str, entry_id: int, actor: str = "Kẻ gian", data: str = "{}") -> str:
    return entry_hash(prev, entry_id, "2026-11-25T10:00:00+07:00", None, actor, "x.y", "", data)


def _insert(conn: sqlite3.Connection, entry_id: int, prev: str, digest: str) -> None:
    conn.execute(
        "INSERT INTO audit_log VALUES (?, '2026-11-25T10:00:00+07:00', NULL, 'Kẻ gian', 'x.y', "
        "'', '{}', ?, ?)",
        (entry_id, prev, digest),
    )


# -- the chain holds, and the walk names the first break of each kind of tampering -------------


def test_a_desk_s_chain_holds_through_the_api_and_the_cli(tmp_path: Path) -> None:
    _, path, last = _desk_with_log(tmp_path)
    assert last >= 9
    assert _verify(path) == (True, None, None)
    done = run_cli("audit", "verify", "--json", db=path)
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["ok"] is True and info["first_break"] is None
    assert info["entries"] == info["last_id"] == last
    assert info["entries_per_second"] > 0
    done = run_cli("audit", "verify", db=path)
    assert done.returncode == 0 and f"{last} entries" in done.stdout


@pytest.mark.parametrize(
    "column", ["at", "person_id", "actor", "action", "entity", "data", "prev_hash", "hash"]
)
def test_editing_any_column_of_an_entry_is_found_at_that_entry(tmp_path: Path, column: str) -> None:
    _, path, _ = _desk_with_log(tmp_path)
    value: object = {"person_id": 7, "prev_hash": "1" * 64, "hash": "2" * 64}.get(column, "x")
    with plain(path) as conn:
        conn.execute(f"UPDATE audit_log SET {column} = ? WHERE id = 5", (value,))
    assert _verify(path) == (False, 5, "altered")


def test_an_entry_s_id_changed_is_found_where_it_is_missing(tmp_path: Path) -> None:
    _, path, _ = _desk_with_log(tmp_path)
    with plain(path) as conn:
        conn.execute("UPDATE audit_log SET id = 1000 WHERE id = 5")
    assert _verify(path) == (False, 5, "removed")


@pytest.mark.parametrize(("which", "kind"), [("first", "removed"), ("middle", "removed")])
def test_deleting_an_entry_is_found_at_the_first_one_missing(
    tmp_path: Path, which: str, kind: str
) -> None:
    _, path, _ = _desk_with_log(tmp_path)
    gone = 1 if which == "first" else 4
    with plain(path) as conn:
        conn.execute("DELETE FROM audit_log WHERE id = ?", (gone,))
    assert _verify(path) == (False, gone, kind)


def test_deleting_the_last_entries_is_found_through_the_head(tmp_path: Path) -> None:
    _, path, last = _desk_with_log(tmp_path)
    with plain(path) as conn:
        conn.execute("DELETE FROM audit_log WHERE id >= ?", (last - 1,))
    assert _verify(path) == (False, last - 1, "truncated")


@pytest.mark.parametrize("how", ["wrong hash", "linked, head not moved", "recomputed, unlinked"])
def test_an_entry_added_at_the_end_is_found(tmp_path: Path, how: str) -> None:
    _, path, last = _desk_with_log(tmp_path)
    with plain(path) as conn:
        last_hash = str(_row(conn, last)[8])
        prev = {"wrong hash": last_hash, "linked, head not moved": last_hash}.get(how, "3" * 64)
        digest = "4" * 64 if how == "wrong hash" else _hash_for(prev, last + 1)
        _insert(conn, last + 1, prev, digest)
    assert _verify(path) == (False, last + 1, "inserted")


def test_an_entry_put_before_the_first_is_found(tmp_path: Path) -> None:
    _, path, _ = _desk_with_log(tmp_path)
    with plain(path) as conn:
        _insert(conn, 0, GENESIS, _hash_for(GENESIS, 0))
    assert _verify(path) == (False, 0, "inserted")


def test_an_entry_rewritten_with_its_hash_recomputed_is_named_not_the_next_one(
    tmp_path: Path,
) -> None:
    _, path, _ = _desk_with_log(tmp_path)
    with plain(path) as conn:
        _, at, _, _, action, entity, data, prev, _ = _row(conn, 4)
        digest = entry_hash(
            str(prev), 4, str(at), None, "Kẻ gian", str(action), str(entity), str(data)
        )
        conn.execute(
            "UPDATE audit_log SET actor = 'Kẻ gian', person_id = NULL, hash = ? WHERE id = 4",
            (digest,),
        )
    # entry 4 is whole on its own; entry 5 still carries the hash 4 had
    assert _verify(path) == (False, 4, "altered")


def test_a_row_replaced_by_one_over_another_previous_hash_is_named_inserted(
    tmp_path: Path,
) -> None:
    _, path, _ = _desk_with_log(tmp_path)
    with plain(path) as conn:
        conn.execute("DELETE FROM audit_log WHERE id = 6")
        _insert(conn, 6, "5" * 64, _hash_for("5" * 64, 6))
    assert _verify(path) == (False, 6, "inserted")


def test_the_last_entry_rewritten_or_the_head_altered_is_found(tmp_path: Path) -> None:
    _, path, last = _desk_with_log(tmp_path)
    with plain(path) as conn:
        conn.execute("UPDATE audit_head SET hash = ? WHERE id = 1", ("6" * 64,))
    assert _verify(path) == (False, last, "altered")


@pytest.mark.parametrize(("shift", "kind"), [(-2, "inserted"), (+3, "truncated")])
def test_the_head_moved_is_found(tmp_path: Path, shift: int, kind: str) -> None:
    _, path, last = _desk_with_log(tmp_path)
    with plain(path) as conn:
        conn.execute("UPDATE audit_head SET last_id = last_id + ? WHERE id = 1", (shift,))
    # a head moved back makes the entries after it look added; moved on, missing
    assert _verify(path) == (False, last + shift + 1 if shift < 0 else last + 1, kind)


def test_the_head_deleted_is_found(tmp_path: Path) -> None:
    _, path, last = _desk_with_log(tmp_path)
    with plain(path) as conn:
        conn.execute("DELETE FROM audit_head")
    assert _verify(path) == (False, last + 1, "truncated")


@pytest.mark.parametrize("tamper", ["update", "delete", "insert"])
def test_audit_verify_on_the_command_line_names_the_first_break_and_exits_1(
    tmp_path: Path, tamper: str
) -> None:
    """The issue's check: alter the database behind the program's back and run `audit
    verify`."""
    _, path, last = _desk_with_log(tmp_path)
    with plain(path) as conn:
        if tamper == "update":
            conn.execute('UPDATE audit_log SET data = \'{"note":"x"}\' WHERE id = 3')
        elif tamper == "delete":
            conn.execute("DELETE FROM audit_log WHERE id = 3")
        else:
            last_hash = str(_row(conn, last)[8])
            _insert(conn, last + 1, last_hash, _hash_for(last_hash, last + 1))
    expected = {
        "update": (3, "altered"),
        "delete": (3, "removed"),
        "insert": (last + 1, "inserted"),
    }
    entry_id, kind = expected[tamper]
    done = run_cli("audit", "verify", "--json", db=path)
    assert done.returncode == 1, done.stderr
    info = json.loads(done.stdout)
    assert info["ok"] is False
    assert info["first_break"]["entry_id"] == entry_id
    assert info["first_break"]["kind"] == kind
    assert str(entry_id) in info["first_break"]["message"]
    done = run_cli("audit", "verify", db=path)
    assert done.returncode == 1
    assert f"broken at entry {entry_id} ({kind})" in done.stderr


def test_the_program_cannot_rewrite_the_log_or_move_the_head_back(tmp_path: Path) -> None:
    _, path, _ = _desk_with_log(tmp_path)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        for sql in (
            "UPDATE audit_log SET actor = 'x' WHERE id = 1",
            "DELETE FROM audit_log WHERE id = 1",
            "UPDATE audit_head SET last_id = 1 WHERE id = 1",
            "DELETE FROM audit_head",
        ):
            with pytest.raises(sqlite3.IntegrityError):
                conn.execute(sql)
    assert _verify(path) == (True, None, None)


def test_walk_over_rows_agrees_with_entry_hash() -> None:
    """The walk's inlined hash is the same text as `entry_hash`, with and without a person."""
    rows = []
    prev = GENESIS
    for i, person in enumerate([None, 3, None], 1):
        digest = entry_hash(prev, i, "t", person, "Lê Thị Ánh", "a.b", "E", '{"k":"v"}')
        rows.append((i, "t", person, "Lê Thị Ánh", "a.b", "E", '{"k":"v"}', prev, digest))
        prev = digest
    assert walk(rows, 3, prev).ok
    assert walk(rows, 3, "7" * 64).broken is not None


# -- every change logs its entry, by the person at the desk -----------------------------------


def _entries(desk: Desk) -> list[dict[str, object]]:
    return list(reversed(desk.audit_log(limit=1000)))


def test_each_kind_of_change_logs_its_entry_with_the_person_and_the_entity(
    tmp_path: Path,
) -> None:
    desk = make_desk(tmp_path / "desk.sqlite3")
    admin = desk.add_person(PersonInput("Phạm Thị Hoa", "Công chức", roles=("clerk", "admin")))
    desk.sign_in(admin.id)
    code = desk.receive(ReceiveRequest(BIRTH, "Nguyễn Văn An")).code
    desk.transition(code, Status.IN_PROGRESS)
    other = desk.receive(ReceiveRequest(BIRTH, "Trần Thị Bình")).code
    desk.apologise(other, WEDNESDAY_9AM + timedelta(days=20), "Chờ xác minh")
    desk.record_print(code, "receipt", "printed")
    desk.update_settings(place_name="Tân Hưng Mới")
    exported = desk.export(tmp_path / "out")
    assert exported is not None
    record = desk.exports()[-1]
    ack = {
        "format": "onestop-sync-ack",
        "version": 1,
        "desk_id": desk.settings.desk_id,
        "export_seq": record.export_seq,
        "file_name": record.file_name,
        "file_sha256": record.file_sha256,
        "manifest_sha256": record.manifest_sha256,
        "imported_at": "20261125180000",
        "accepted": [{"MaHoSo": code, "_version": 1}],
        "rejected": [],
    }
    ack_path = tmp_path / "ACK.json"
    ack_path.write_text(json.dumps(ack), encoding="utf-8")
    desk.import_ack(ack_path)
    log = _entries(desk)
    by_action: dict[str, dict[str, object]] = {}
    for e in log:
        by_action.setdefault(str(e["action"]), e)  # the first of each
    assert by_action["person.added"]["entity"] == str(admin.id)
    assert by_action["desk.signed_in"]["person_id"] == admin.id
    for action, entity in [
        ("dossier.received", code),
        ("dossier.apology", other),
        ("print.printed", code),
        ("settings.changed", "place_name"),
        ("export.written", exported.path.name),
        ("ack.imported", str(record.export_seq)),
    ]:
        entry = by_action[action]
        assert entry["entity"] == entity, action
        assert entry["person_id"] == admin.id and entry["actor"] == "Phạm Thị Hoa", action
        assert entry["at"] == "2026-11-25T09:00:00+07:00"
    moved = by_action["dossier.transition"]
    assert moved["entity"] == code and moved["person_id"] == admin.id
    assert moved["data"] == {"from": 2, "to": 4, "at": "2026-11-25T09:00:00+07:00"}
    assert desk.verify_audit().ok
    # each logged action has a readable Vietnamese name
    assert {str(e["action"]) for e in log} <= set(ACTION_NAMES)
    assert action_name("dossier.received") == "Tiếp nhận hồ sơ"


def test_a_refused_change_logs_nothing(tmp_path: Path) -> None:
    desk = make_desk(tmp_path / "desk.sqlite3")
    code = desk.receive(ReceiveRequest(BIRTH, "Nguyễn Văn An")).code
    before = desk.verify_audit().last_id
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do: received → returned
        desk.transition(code, Status.RETURNED)
    with pytest.raises(Exception):  # noqa: B017 - an unknown procedure
        desk.receive(ReceiveRequest("9.999999", "Trần Thị Bình"))
    assert desk.verify_audit().last_id == before


def test_when_the_entry_cannot_be_written_the_change_is_not_kept_either(tmp_path: Path) -> None:
    """The change and its entry are one transaction: an entry refused (here by a trigger a
    plain connection added) undoes the dossier received with it."""
    path = tmp_path / "desk.sqlite3"
    desk = make_desk(path)
    before = desk.verify_audit().last_id  # the office's set-up
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'no'); END"
        )
    with pytest.raises(Exception):  # noqa: B017 - the database's refusal, translated
        desk.receive(ReceiveRequest(BIRTH, "Nguyễn Văn An"))
    assert desk.search("Nguyễn Văn An") == []
    assert desk.verify_audit().last_id == before


def test_the_log_filters_by_dossier_person_and_day(tmp_path: Path) -> None:
    desk = make_desk(tmp_path / "desk.sqlite3")
    clerk = desk.add_person(PersonInput("Vũ Văn Nam"))
    code = desk.receive(ReceiveRequest(BIRTH, "Nguyễn Văn An")).code
    desk.sign_in(clerk.id)
    desk.record_print(code, "receipt", "printed")
    desk.receive(ReceiveRequest(BIRTH, "Trần Thị Bình"))
    mine = desk.dossier_log(code)
    assert [e["action"] for e in mine] == ["print.printed", "dossier.received"]
    assert mine[0]["actor"] == "Vũ Văn Nam" and mine[1]["person_id"] is None
    by_clerk = desk.audit_log(person_id=clerk.id)
    assert {e["action"] for e in by_clerk} == {
        "desk.signed_in",
        "print.printed",
        "dossier.received",
    }
    assert len(desk.audit_log(day=date(2026, 11, 25))) == len(desk.audit_log())
    assert desk.audit_log(day=date(2026, 11, 24)) == []
    newest = desk.audit_log(limit=2)
    older = desk.audit_log(before_id=int(str(newest[-1]["id"])), limit=100)
    assert [e["id"] for e in older] == list(range(int(str(newest[-1]["id"])) - 1, 0, -1))
    desk.close()
    done = run_cli("audit", "log", "--dossier", code, "--json", db=tmp_path / "desk.sqlite3")
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    assert [e["action_name"] for e in listed] == ["In biểu mẫu", "Tiếp nhận hồ sơ"]
    done = run_cli("audit", "log", "--day", "25/11/2026", db=tmp_path / "desk.sqlite3")
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr
    done = run_cli("audit", "log", "--dossier", "NOPE", db=tmp_path / "desk.sqlite3")
    assert done.returncode == 2


# -- backups, restores and the demo's back-filled log ------------------------------------------


def test_backup_passphrase_and_restore_are_logged_and_a_backup_is_not(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    desk = make_desk(path)
    desk.receive(ReceiveRequest(BIRTH, "Nguyễn Văn An"))
    desk.set_backup_passphrase("mật khẩu dài của quản trị")
    assert desk.audit_log(limit=1)[0]["action"] == "backup.passphrase_set"
    before = desk.verify_audit().last_id
    backup = desk.backup().backup
    assert desk.verify_audit().last_id == before  # a backup changes no data
    desk.receive(ReceiveRequest(BIRTH, "Trần Thị Bình"))  # logged after the backup: not carried
    desk.restore(backup.path, exports=[])
    log = desk.audit_log()
    assert log[0]["action"] == "backup.restored" and log[0]["entity"] == backup.path.name
    assert log[0]["id"] == before + 1
    assert desk.verify_audit().ok
    desk.close()
    done = run_cli("restore", "--undo", db=path)
    assert done.returncode == 0, done.stderr
    desk = Desk.open(path)
    assert desk.audit_log(limit=1)[0]["action"] == "backup.restore_undone"
    assert desk.verify_audit().ok


def test_the_demo_back_fills_one_entry_per_step_and_the_chain_holds(tmp_path: Path) -> None:
    desk = make_desk(tmp_path / "desk.sqlite3")
    desk.receive(ReceiveRequest(BIRTH, "Nguyễn Văn An"))  # an entry before the demo's
    summary = generate_demo(desk, 300, seed=3, workers=0)
    steps = desk.db.query_one("SELECT COUNT(*) FROM dossier_events")
    assert steps is not None
    # the office's set-up, the dossier received before the demo and the demo's people have
    # their own entries
    assert summary["audit_entries"] == int(steps[0]) - 1 > 300
    report = desk.verify_audit()
    assert report.ok and report.entries == 1 + int(steps[0]) + int(summary["people_added"])
    some = desk.audit_log(action_prefix="dossier.received", limit=1)[0]
    assert set(some["data"]) == {"procedure", "channel"}
    history = desk.dossier_log(str(some["entity"]))
    assert history[-1]["action"] == "dossier.received"


def test_restore_backup_function_alone_leaves_the_backup_s_log_whole(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    desk = make_desk(path)
    desk.receive(ReceiveRequest(BIRTH, "Nguyễn Văn An"))
    backup = desk.backup().backup
    desk.close()
    restore_backup(path, backup.path, now=WEDNESDAY_9AM + timedelta(hours=1))
    assert _verify(path) == (True, None, None)
