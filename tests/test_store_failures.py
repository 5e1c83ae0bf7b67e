"""What happens to the desk database when the PC misbehaves: a newer program's file, a read-only
folder, a full disk, a removed drive. Real files, and real filesystems where this machine lets
a test mount one (a read-only bind, a tiny tmpfs); those tests skip cleanly where it does not.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import resource
import shutil
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from onestop_desktop import cli
from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.store.database import (
    StoreError,
    StoreErrorKind,
    classify,
    open_database,
)
from tests.helpers import make_desk


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"this machine does not let the test mount a filesystem: {done.stderr}")


@contextlib.contextmanager
def _read_only_view(source: Path, view: Path) -> Iterator[Path]:
    """`source` seen through a read-only bind mount at `view` (root too cannot write there)."""
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    view.mkdir()
    _mount("--bind", str(source), str(view))
    try:
        done = subprocess.run(
            ["mount", "-o", "remount,ro,bind", str(view)], capture_output=True, check=False
        )
        if done.returncode != 0:
            pytest.skip("this machine does not let the test make a read-only bind mount")
        yield view
    finally:
        subprocess.run(["umount", str(view)], check=True)


@contextlib.contextmanager
def _tmpfs(folder: Path, size: str) -> Iterator[Path]:
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    folder.mkdir()
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def _fill(folder: Path) -> None:
    """Fill the filesystem holding `folder` to the last byte."""
    with (folder / "filler").open("wb", buffering=0) as handle:
        for chunk in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    handle.write(b"\0" * chunk)
    assert shutil.disk_usage(folder).free == 0


def _desk_with_one_dossier(path: Path) -> str:
    desk = make_desk(path)
    try:
        return desk.receive(ReceiveRequest("2.000815", "Nguyễn Văn An")).code
    finally:
        desk.close()


def _cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    status = cli.main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return status, out, err


# --- 1. a newer program's database -------------------------------------------------------------


def test_newer_database_is_refused_with_its_bytes_and_journal_mode_unchanged(
    db_path: Path,
) -> None:
    raw = sqlite3.connect(db_path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=DELETE")  # a rollback journal, as an older tool may leave
    raw.execute("CREATE TABLE from_the_future (x)")
    raw.execute("PRAGMA user_version = 999")
    raw.close()
    before = _sha256(db_path)
    with pytest.raises(StoreError) as caught:
        open_database(db_path, create=False)
    assert caught.value.kind is StoreErrorKind.TOO_NEW
    assert _sha256(db_path) == before
    assert not db_path.with_name(db_path.name + "-wal").exists()
    assert not db_path.with_name(db_path.name + "-shm").exists()
    check = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    check.close()


# --- 2. a read-only folder -----------------------------------------------------------------------


def test_desk_in_a_read_only_folder_can_still_be_read_and_refuses_writes_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "desk"
    source.mkdir()
    code = _desk_with_one_dossier(source / "desk.sqlite3")
    before = _sha256(source / "desk.sqlite3")
    with _read_only_view(source, tmp_path / "ro") as view:
        db = view / "desk.sqlite3"
        status, out, err = _cli(capsys, db, "show", code, "--json")
        assert status == 0, err
        assert json.loads(out)["code"] == code
        status, out, err = _cli(capsys, db, "search", "nguyen van an", "--json")
        assert status == 0, err
        assert [row["code"] for row in json.loads(out)] == [code]
        status, out, err = _cli(capsys, db, "board", "--date", "2026-11-25", "--json")
        assert status == 0, err
        assert json.loads(out)["sections"]
        status, _, err = _cli(capsys, db, "procedures")
        assert status == 0, err
        # A write is refused as what it is: the place is read-only.
        status, _, err = _cli(capsys, db, "receive", "--procedure", "2.000815", "--name", "Lê Hà")
        assert status == 1
        assert "cannot write" in err and "read-only" in err
        desk = Desk.open(db)
        try:
            assert desk.db.read_only
            with pytest.raises(StoreError) as caught:
                desk.receive(ReceiveRequest("2.000815", "Lê Hà"))
            assert caught.value.kind is StoreErrorKind.READ_ONLY
            assert "chỉ cho phép đọc" in caught.value.message_vi
        finally:
            desk.close()
    assert _sha256(source / "desk.sqlite3") == before


def test_read_only_folder_whose_log_holds_changes_says_so_instead_of_blaming_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "desk"
    source.mkdir()
    db = source / "desk.sqlite3"
    _desk_with_one_dossier(db)
    # A copy taken while the desk ran: changes in the log, not yet in the file, and no index.
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute("INSERT INTO settings (key, value) VALUES ('pending', '1')")
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(db, copy / db.name)
    shutil.copy(db.with_name(db.name + "-wal"), copy / (db.name + "-wal"))
    holder.close()
    with _read_only_view(copy, tmp_path / "ro") as view:
        with pytest.raises(StoreError) as caught:
            open_database(view / db.name, create=False)
        assert caught.value.kind is StoreErrorKind.READ_ONLY_FOLDER
        assert "thư mục ghi được" in caught.value.message_vi
        status, _, err = _cli(capsys, view / db.name, "board", "--json")
        assert status == 1
        assert "folder holding" in err and "read-only" in err and "cannot write" not in err


def test_creating_a_database_in_a_read_only_folder_is_refused_as_read_only(
    tmp_path: Path,
) -> None:
    source = tmp_path / "empty"
    source.mkdir()
    with _read_only_view(source, tmp_path / "ro") as view:
        with pytest.raises(StoreError) as caught:
            open_database(view / "desk.sqlite3", create=True)
        assert caught.value.kind is StoreErrorKind.READ_ONLY


# --- 5. a full disk, a removed drive -------------------------------------------------------------


def test_full_disk_is_told_apart_from_a_removed_drive_for_reads_and_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with _tmpfs(tmp_path / "small", "4m") as disk:
        db = disk / "desk.sqlite3"
        code = _desk_with_one_dossier(db)
        _fill(disk)
        # A real I/O error from SQLite on the full disk, read or write.
        raw = sqlite3.connect(db, isolation_level=None)
        with pytest.raises(sqlite3.Error) as caught:
            raw.execute("SELECT count(*) FROM dossiers").fetchone()
        raw.close()
        assert caught.value.sqlite_errorname.startswith("SQLITE_IOERR")
        for reading in (classify(caught.value, db), classify(caught.value, db, writing=False)):
            assert reading is not None and reading.kind is StoreErrorKind.DISK_FULL
            assert "USB" not in reading.message_vi and "NOT saved" not in reading.message_en
            assert "đầy" in reading.message_vi and "Không có gì bị thay đổi" in reading.message_vi
        writing = classify(caught.value, db, writing=True)
        assert writing is not None and writing.kind is StoreErrorKind.DISK_FULL
        assert "CHƯA được lưu" in writing.message_vi
        # The same error on a file that is no longer there: the drive was removed.
        gone = classify(caught.value, tmp_path / "stick" / "desk.sqlite3")
        assert gone is not None and gone.kind is StoreErrorKind.DRIVE_GONE
        assert "USB" in gone.message_vi
        # Every command: reads say the disk is full and that nothing changed, without blaming
        # a USB stick or a lost change; a write says its change was not saved.
        for args in (["show", code], ["board"], ["search", "an"], ["export"]):
            status, _, err = _cli(capsys, db, *args)
            assert status == 1, args
            assert "disk holding" in err and "is full" in err, (args, err)
            assert "USB" not in err and "NOT saved" not in err, (args, err)
        (disk / "filler").unlink()
        # Space freed: everything is there, and a write works again.
        status, out, err = _cli(capsys, db, "show", code, "--json")
        assert status == 0 and json.loads(out)["code"] == code, err


def test_disk_full_while_writing_says_the_change_was_not_saved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with _tmpfs(tmp_path / "small", "4m") as disk:
        db = disk / "desk.sqlite3"
        _desk_with_one_dossier(db)
        desk = Desk.open(db)
        try:
            _fill(disk)
            with pytest.raises(StoreError) as caught:
                desk.receive(ReceiveRequest("2.000815", "Trần Thị Bình", address="x" * 200))
            assert caught.value.kind is StoreErrorKind.DISK_FULL
            assert "CHƯA được lưu" in caught.value.message_vi
            assert "USB" not in caught.value.message_vi
        finally:
            desk.close()
            (disk / "filler").unlink()
        status, out, _ = _cli(capsys, db, "search", "Bình", "--json")
        assert status == 0 and json.loads(out) == []


def test_sqlite_full_is_a_full_disk_and_names_the_lost_change_only_for_writes(
    db_path: Path,
) -> None:
    db = open_database(db_path)
    pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
    db.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL, on a disk with room
    with pytest.raises(sqlite3.Error) as caught:
        db.conn.execute("INSERT INTO settings (key, value) VALUES ('big', ?)", ("x" * 100_000,))
    db.close()
    assert caught.value.sqlite_errorname == "SQLITE_FULL"
    written = classify(caught.value, db_path, writing=True)
    read = classify(caught.value, db_path, writing=False)
    assert written is not None and read is not None
    assert written.kind is read.kind is StoreErrorKind.DISK_FULL
    assert "NOT saved" in written.message_en and "NOT saved" not in read.message_en


def test_io_error_on_a_local_disk_with_room_blames_neither_usb_nor_a_full_disk(
    tmp_path: Path,
) -> None:
    # A real SQLITE_IOERR on a disk with room: a file-size limit makes growing the log's index
    # fail (EFBIG), as a failing drive would, while the file is there and the disk has room.
    db = tmp_path / "desk.sqlite3"
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("CREATE TABLE t (x)")
    raw.close()
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, limit[1]))
    again = sqlite3.connect(db, isolation_level=None)
    try:
        with pytest.raises(sqlite3.Error) as caught:
            again.execute("SELECT * FROM t").fetchall()
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limit)
        signal.signal(signal.SIGXFSZ, handler)
        again.close()
    assert caught.value.sqlite_errorname.startswith("SQLITE_IOERR")
    read = classify(caught.value, db)
    written = classify(caught.value, db, writing=True)
    assert read is not None and written is not None
    assert read.kind is written.kind is StoreErrorKind.IO
    for known in (read, written):
        assert "USB" not in known.message_vi and "USB" not in known.message_en
        assert "đầy" not in known.message_vi and "full" not in known.message_en
    assert "Không có gì bị thay đổi" in read.message_vi and "NOT saved" not in read.message_en
    assert "CHƯA được lưu" in written.message_vi
