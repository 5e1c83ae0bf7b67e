"""Backups, restore and a damaged database found early (issue 9, "Nothing lost, whatever happens
to the PC"): real SQLite files in temporary folders, real keys, a really corrupted file."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from onestop_desktop.domain.clock import FixedClock, iso
from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.operations.backup import (
    BackupInfo,
    BackupRefused,
    BadPassphrase,
    BadPassphraseNeeded,
    DamagedDatabase,
    _kept,
    list_backups,
    read_backup,
    restore_backup,
    undo_restore,
)
from onestop_desktop.store.backup import CATALOGUE_NAME
from onestop_desktop.sync import keys
from tests.helpers import WEDNESDAY_9AM, downgrade, make_desk, run_cli

BIRTH = "1.001193"
LATER = WEDNESDAY_9AM + timedelta(hours=1)


NAMES = ["An", "Bình", "Cường", "Dũng", "Đức", "Hà", "Lan", "Minh", "Nam", "Oanh"]


def _receive(desk: Desk, n: int) -> None:
    for i in range(n):
        desk.receive(ReceiveRequest(BIRTH, f"Nguyễn Văn {NAMES[i % 10]}"))


def _corrupt(path: Path, table: str = "dossiers") -> None:
    """Overwrite the cell pointers of a table's root page with garbage."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size + 8)
        handle.write(b"\xff\x7f" * 40)


def test_a_backup_holds_the_desk_and_its_key_is_checked_and_private(db_path: Path) -> None:
    desk = make_desk(db_path)
    _receive(desk, 3)
    result = desk.backup()
    b = result.backup
    assert (b.kind, b.dossiers, b.steps, b.checked, b.has_key, b.key_encrypted) == (
        "manual",
        3,
        3,
        "ok",
        True,
        False,
    )
    assert b.path.parent == db_path.with_name("desk.sqlite3.backups")
    assert stat.S_IMODE(b.path.stat().st_mode) == 0o600
    assert read_backup(b.path, verify=True).sha256 == b.sha256
    assert b.path.with_name(b.path.name + ".sha256").read_text().startswith(b.sha256)
    assert keys.key_path(db_path).read_bytes() in b.path.read_bytes()
    assert desk.backups() == [b]


def test_two_backups_in_one_second_are_both_kept(db_path: Path) -> None:
    desk = make_desk(db_path)
    first = desk.backup().backup
    second = desk.backup().backup  # the desk's clock is pinned: the same second
    assert first.path != second.path and first.path.exists() and second.path.exists()
    assert len(desk.backups()) == 2


def test_a_folder_of_backups_lists_without_its_catalogue(db_path: Path) -> None:
    desk = make_desk(db_path)
    _receive(desk, 2)
    first = desk.backup().backup
    with_catalogue = desk.backups()
    (first.path.parent / CATALOGUE_NAME).unlink()
    assert desk.backups() == with_catalogue


def test_a_backup_on_a_stick_holds_the_key_only_encrypted_or_not_at_all(
    db_path: Path, tmp_path: Path
) -> None:
    desk = make_desk(db_path)
    _receive(desk, 1)
    pem = keys.key_path(db_path).read_bytes()
    plain = desk.backup(tmp_path / "usb").backup
    assert (plain.has_key, pem in plain.path.read_bytes()) == (False, False)
    desk.set_backup_passphrase("mật khẩu dài của quản trị")
    sealed = desk.backup(tmp_path / "usb2").backup
    assert (sealed.has_key, sealed.key_encrypted) == (True, True)
    assert pem not in sealed.path.read_bytes()
    desk.close()

    with pytest.raises(BadPassphraseNeeded):
        restore_backup(db_path, sealed.path, now=LATER)
    with pytest.raises(BadPassphrase):
        restore_backup(db_path, sealed.path, now=LATER, passphrase="sai")
    assert keys.key_path(db_path).read_bytes() == pem  # nothing replaced
    result = restore_backup(db_path, sealed.path, now=LATER, passphrase="mật khẩu dài của quản trị")
    assert result.key_restored and not result.new_key_made
    assert keys.key_path(db_path).read_bytes() == pem


def test_a_restore_from_a_backup_without_key_makes_a_new_key(db_path: Path, tmp_path: Path) -> None:
    desk = make_desk(db_path)
    old = keys.key_path(db_path).read_bytes()
    plain = desk.backup(tmp_path / "usb").backup
    desk.close()
    result = restore_backup(db_path, plain.path, now=LATER)
    assert result.new_key_made
    assert keys.key_path(db_path).read_bytes() != old
    assert stat.S_IMODE(keys.key_path(db_path).stat().st_mode) == 0o600


def test_a_damaged_database_refuses_the_backup_and_keeps_the_good_ones(
    db_path: Path, tmp_path: Path
) -> None:
    desk = make_desk(db_path)
    _receive(desk, 40)
    good = desk.backup().backup
    desk.close()
    _corrupt(db_path)
    damaged = Desk.open(db_path, clock=FixedClock(LATER))
    with pytest.raises(DamagedDatabase) as error:
        damaged.check_database()
    assert "phục hồi từ bản sao lưu" in error.value.message_vi
    before = sorted(p.name for p in good.path.parent.iterdir())
    with pytest.raises(DamagedDatabase):
        damaged.backup(kind="daily")
    assert sorted(p.name for p in good.path.parent.iterdir()) == before
    damaged.close()


def test_restore_puts_the_backup_in_place_and_keeps_the_current_desk_aside(
    db_path: Path,
) -> None:
    desk = make_desk(db_path)
    _receive(desk, 2)
    backup = desk.backup().backup
    _receive(desk, 3)
    desk.close()

    result = restore_backup(db_path, backup.path, now=LATER)
    assert result.restored.dossiers == 2
    restored = Desk.open(db_path)
    assert len(restored.search("Nguyễn")) == 2
    restored.close()
    aside = [p for p in result.kept_aside if p.name.startswith("desk.sqlite3.before-restore-")]
    assert (
        aside
        and sqlite3.connect(aside[0]).execute("SELECT count(*) FROM dossiers").fetchone()[0] == 5
    )

    undo_restore(db_path, now=LATER + timedelta(minutes=1))
    back = Desk.open(db_path)
    assert len(back.search("Nguyễn")) == 5
    back.close()


def test_an_undo_in_the_same_second_as_the_restore_overwrites_nothing(db_path: Path) -> None:
    desk = make_desk(db_path)
    _receive(desk, 2)
    backup = desk.backup().backup
    _receive(desk, 3)
    desk.close()
    restore_backup(db_path, backup.path, now=LATER)
    undo_restore(db_path, now=LATER)  # the same second: the kept-aside names must not collide
    back = Desk.open(db_path)
    assert len(back.search("Nguyễn")) == 5
    back.close()
    undo_restore(db_path, now=LATER)  # and undoing the undo brings the restored one back
    again = Desk.open(db_path)
    assert len(again.search("Nguyễn")) == 2
    again.close()


def test_restore_refuses_an_altered_backup_and_replaces_nothing(db_path: Path) -> None:
    desk = make_desk(db_path)
    _receive(desk, 2)
    backup = desk.backup().backup
    _receive(desk, 1)
    desk.close()
    data = bytearray(backup.path.read_bytes())
    data[len(data) // 2] ^= 0x01
    backup.path.write_bytes(bytes(data))
    before = db_path.read_bytes()
    with pytest.raises(BackupRefused, match="sha256"):
        restore_backup(db_path, backup.path, now=LATER)
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob("*before-restore*"))


def test_a_database_is_backed_up_before_it_is_migrated(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_desk(db_path).close()
    assert not list_backups(db_path.with_name("desk.sqlite3.backups"))
    # Take the desk back to schema 4, as the program before migration 0005 left it.
    downgrade(db_path, 4)

    Desk.open(db_path).close()
    [backup] = list_backups(db_path.with_name("desk.sqlite3.backups"))
    assert (backup.kind, backup.schema_version, backup.checked) == ("pre-migration", 4, "ok")


def test_the_daily_backup_is_written_once_a_day(db_path: Path) -> None:
    desk = make_desk(db_path)
    assert desk.backup_if_due() is not None
    assert desk.backup_if_due() is None
    desk.clock = FixedClock(WEDNESDAY_9AM + timedelta(days=1))
    assert desk.backup_if_due() is not None
    assert [b.kind for b in desk.backups()] == ["daily", "daily"]


def _info(day: int) -> BackupInfo:
    when = WEDNESDAY_9AM - timedelta(days=day)
    return BackupInfo(Path(f"b{day}"), "daily", iso(when), 0, 0, 0, "", "ok", True, False)


def test_rotation_keeps_7_daily_4_weekly_and_12_monthly() -> None:
    backups = [_info(day) for day in range(0, 500)]  # newest first, one a day
    kept = _kept(backups)
    days = {int(p.name[1:]) for p in kept}
    assert set(range(7)) <= days  # the last 7 days
    weeks = {(WEDNESDAY_9AM - timedelta(days=d)).isocalendar()[:2] for d in days}
    months = {
        ((WEDNESDAY_9AM - timedelta(days=d)).year, (WEDNESDAY_9AM - timedelta(days=d)).month)
        for d in days
    }
    assert len(weeks) >= 4 and len(months) == 12
    assert len(kept) <= 7 + 4 + 12
    assert max(days) < 366  # nothing older than the 12th month


def test_rotation_removes_old_backups_from_the_folder(db_path: Path) -> None:
    desk = make_desk(db_path)
    for day in range(9):
        desk.clock = FixedClock(WEDNESDAY_9AM + timedelta(days=day))
        desk.backup(kind="daily")
    left = desk.backups()
    assert 7 <= len(left) < 9
    files = sorted(p.name for p in desk.backup_dir.glob("*.backup.sqlite3"))
    assert files == sorted(b.path.name for b in left)


BACKUP_KEYS = {
    "path",
    "kind",
    "created_at",
    "dossiers",
    "steps",
    "last_export_seq",
    "sha256",
    "checked",
    "has_key",
    "key_encrypted",
}


def test_command_line_backs_up_lists_restores_and_undoes(db_path: Path) -> None:
    desk = make_desk(db_path)
    _receive(desk, 2)
    desk.close()
    made = run_cli("backup", "--json", db=db_path)
    assert made.returncode == 0, made.stderr
    backup = json.loads(made.stdout)
    assert backup.keys() >= BACKUP_KEYS and backup["checked"] == "ok"
    listed = run_cli("backups", "--json", db=db_path)
    assert [b["path"] for b in json.loads(listed.stdout)] == [backup["path"]]
    assert json.loads(listed.stdout)[0].keys() >= BACKUP_KEYS

    desk = Desk.open(db_path)
    _receive(desk, 1)
    desk.close()
    refused = run_cli("restore", backup["path"], db=db_path)  # stdin is not a terminal
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert "2 dossiers" in refused.stderr  # what the backup holds is shown first
    done = run_cli("restore", backup["path"], "--yes", "--json", db=db_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["restored"]["dossiers"] == 2 and result["kept_aside"]
    # without --exports the replay looks in the desk's own archive and outbox
    assert result["exports"] == [
        str(db_path.with_name("desk.sqlite3.exports")),
        str(db_path.with_name("Tệp gửi cấp trên")),
        str(db_path.with_name("desk.sqlite3.outbox")),  # where the outbox was before
    ]
    undone = run_cli("restore", "--undo", "--json", db=db_path)
    assert undone.returncode == 0, undone.stderr
    reopened = Desk.open(db_path)
    assert len(reopened.search("Nguyễn")) == 3
    reopened.close()


def test_command_line_refuses_to_back_up_a_damaged_database(db_path: Path) -> None:
    desk = make_desk(db_path)
    _receive(desk, 40)
    desk.close()
    _corrupt(db_path)
    refused = run_cli("backup", db=db_path)
    assert refused.returncode == 1
    assert "damaged" in refused.stderr and "restore" in refused.stderr
    assert not list(db_path.with_name("desk.sqlite3.backups").glob("*.backup.sqlite3"))


def test_a_new_pc_restores_from_a_stick_with_no_desk_and_no_catalogue(
    db_path: Path, tmp_path: Path
) -> None:
    desk = make_desk(db_path)
    _receive(desk, 4)
    stick = tmp_path / "usb"
    desk.set_backup_passphrase("mật khẩu của quản trị")
    desk.backup(stick)
    desk.close()
    (stick / CATALOGUE_NAME).unlink()
    [found] = list_backups(stick)
    assert (found.dossiers, found.key_encrypted) == (4, True)

    new_pc = tmp_path / "new-pc" / "desk.sqlite3"
    result = restore_backup(new_pc, found.path, now=LATER, passphrase="mật khẩu của quản trị")
    assert result.kept_aside == [] and result.key_restored
    restored = Desk.open(new_pc)
    assert len(restored.search("Nguyễn")) == 4
    assert keys.load_key(keys.key_path(new_pc)).public_key() is not None
    restored.close()


def _rewrite_description(backup: Path, name: str, value: str) -> None:
    """Change one line of what a backup says it holds, and record the file's new hash, as a
    newer program (or damage the hash cannot see) would have written it."""
    with contextlib.closing(sqlite3.connect(backup)) as conn, conn:
        conn.execute("UPDATE onestop_backup SET value = ? WHERE name = ?", (value, name))
    import hashlib

    digest = hashlib.sha256(backup.read_bytes()).hexdigest()
    backup.with_name(backup.name + ".sha256").write_text(f"{digest}  {backup.name}\n")
    (backup.parent / CATALOGUE_NAME).unlink(missing_ok=True)


def test_restore_refuses_a_backup_of_a_newer_program_before_setting_anything_aside(
    db_path: Path,
) -> None:
    desk = make_desk(db_path)
    _receive(desk, 2)
    backup = desk.backup().backup
    desk.close()
    _rewrite_description(backup.path, "schema_version", "99")
    before = db_path.read_bytes()
    with pytest.raises(BackupRefused, match="newer OneStop"):
        restore_backup(db_path, backup.path, now=LATER)
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob("*before-restore*"))


def test_a_backup_whose_description_is_damaged_is_refused_not_a_bug(db_path: Path) -> None:
    desk = make_desk(db_path)
    backup = desk.backup().backup
    desk.close()
    _rewrite_description(backup.path, "dossiers", "many")
    with pytest.raises(BackupRefused, match="damaged backup"):
        read_backup(backup.path, verify=True)


def test_a_backup_on_a_stick_replays_the_exports_written_beside_it(db_path: Path) -> None:
    from onestop_desktop.operations.backup import STICK_FOLDER, export_folders

    stick = db_path.parent / "usb"
    backup = stick / STICK_FOLDER / "desk-20261204T170000-end-of-day.backup.sqlite3"
    assert stick in export_folders(db_path, backup)
    assert stick not in export_folders(db_path, db_path.parent / "elsewhere" / backup.name)


def test_a_key_in_a_form_this_program_does_not_know_is_refused_not_written_as_a_key(
    db_path: Path,
) -> None:
    desk = make_desk(db_path)
    backup = desk.backup().backup
    desk.close()
    with contextlib.closing(sqlite3.connect(backup.path)) as conn, conn:
        conn.execute("UPDATE onestop_backup_key SET format = 'pem+rot13'")
    _rewrite_description(backup.path, "kind", backup.kind)  # records the new hash
    before = db_path.read_bytes()
    with pytest.raises(BackupRefused, match="unknown form"):
        restore_backup(db_path, backup.path, now=LATER)
    assert db_path.read_bytes() == before
