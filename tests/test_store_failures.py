"""What happens to the desk database when the PC misbehaves: a newer program's file, a read-only
folder, a full disk, a removed drive. Real files, and real filesystems where this machine lets
a test mount one (a read-only bind, a tiny tmpfs); those tests skip cleanly where it does not.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from onestop_desktop import cli
from onestop_desktop.operations import ReceiveRequest
from onestop_desktop.store.database import (
    StoreError,
    StoreErrorKind,
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
