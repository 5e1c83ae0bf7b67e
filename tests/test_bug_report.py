"""The bug report for support: one zip with the logs and the versions, and nothing private.

The zip is opened and searched, compressed bytes and every member unpacked, for the desk's
private key, a PIN hash, the backup key's salt and the database itself.
"""

from __future__ import annotations

import base64
import json
import logging
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from onestop_desktop import __version__, cli, logs
from onestop_desktop.domain.people import PersonInput
from onestop_desktop.store import people as people_store
from onestop_desktop.sync.keys import key_path
from tests.helpers import make_desk, run_cli


def _zip_texts(path: Path) -> tuple[bytes, dict[str, bytes]]:
    raw = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        return raw, {name: archive.read(name) for name in archive.namelist()}


def test_the_bug_report_holds_logs_and_versions_and_nothing_private(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    desk = make_desk(db)
    try:
        person = desk.add_person(
            PersonInput("Trần Thị Bình", "Công chức Văn phòng", roles=("admin",), pin="2468")
        )
        desk.set_backup_passphrase("một câu mật khẩu đủ dài")
        pin_hash = people_store.pin_hash(desk.db, person.id)
        salt = desk.settings.backup_key_salt
        public = desk.settings.backup_public_key
    finally:
        desk.close()
    assert pin_hash and salt and public
    pem = key_path(db).read_bytes()
    private = serialization.load_pem_private_key(pem, password=None)
    raw_key = private.private_bytes(  # type: ignore[union-attr]
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    logs.setup_logging()
    logging.getLogger("onestop_desktop.test").info("dossier 000.00.01.H56-261125-0001 received")
    logs.stop_logging()

    out = tmp_path / "report.zip"
    done = run_cli("bug-report", "--out", str(out), db=db)
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    raw, members = _zip_texts(out)

    assert "logs/onestop.log" in members
    assert b"000.00.01.H56-261125-0001 received" in members["logs/onestop.log"]
    versions = json.loads(members["versions.json"])
    assert versions["onestop_desktop"] == __version__
    assert versions["python"].startswith("3.11")
    assert "PySide6_Essentials" in versions["packages"] and "reportlab" in versions["packages"]
    settings = json.loads(members["settings.json"])
    assert settings["agency_code"] == "000.00.01.H56"
    assert not {"backup_key_salt", "backup_public_key"} & settings.keys()

    secrets = {
        "signing key (PEM)": pem.strip(),
        "signing key (raw)": raw_key,
        "signing key (base64)": base64.b64encode(raw_key),
        "PIN hash": pin_hash.encode(),
        "backup key salt": salt.encode(),
        "backup public key": public.encode(),
        "database": b"SQLite format 3",
    }
    for what, secret in secrets.items():
        for name, data in {"(zip bytes)": raw, **members}.items():
            assert secret not in data, f"{what} found in {name}"
    assert not any(name.endswith((".sqlite3", ".pem", ".wal")) for name in members)


def test_logs_rotate_and_every_rotated_file_goes_in_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = logs.setup_logging()
    assert path == logs.log_dir() / "onestop.log"
    log = logging.getLogger("onestop_desktop.test")
    for n in range(400):
        log.info("line %d of a long day at the counter", n)
    logs.stop_logging()
    files = logs.log_files()
    # the current file and BACKUP_COUNT older ones, no more, each near the size limit
    assert [f.name for f in files] == ["onestop.log"] + [
        f"onestop.log.{n}" for n in range(1, logs.BACKUP_COUNT + 1)
    ]
    assert all(f.stat().st_size <= 2_000 for f in files)
    assert "line 399 " in files[0].read_text("utf-8")

    from datetime import datetime

    from onestop_desktop.operations.support import write_bug_report

    report = write_bug_report(tmp_path / "r.zip", now=datetime(2026, 11, 25, 9, 0))
    assert {f"logs/{f.name}" for f in files} <= set(report.entries)


def test_a_report_that_cannot_be_written_says_where_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "report.zip"
    done = run_cli("bug-report", "--out", str(out), db=tmp_path / "none.sqlite3")
    assert done.returncode == 2
    assert "cannot write" in done.stderr and "missing or not writable" in done.stderr
    assert not out.exists() and not out.parent.exists()


def test_a_report_is_written_even_when_the_desk_will_not_open(tmp_path: Path) -> None:
    db = tmp_path / "damaged.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    out = tmp_path / "r.zip"
    done = run_cli("bug-report", "--out", str(out), db=db)
    assert done.returncode == 0, done.stderr
    _raw, members = _zip_texts(out)
    assert "settings.json" not in members
    assert b"the desk could not be opened" in members["README.txt"]


def test_a_command_line_bug_goes_to_the_same_rotated_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_args: object) -> int:
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(cli.COMMANDS, "procedures", broken)
    assert cli.main(["procedures"]) == 1
    assert str(logs.log_file()) in capsys.readouterr().err
    text = logs.log_file().read_text("utf-8")
    assert "ZeroDivisionError: boom" in text and "Traceback" in text


def test_the_desk_is_left_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    make_desk(db).close()
    before = sorted(p.name for p in tmp_path.iterdir())
    assert run_cli("bug-report", "--out", str(tmp_path / "r.zip"), db=db).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, "r.zip"])
