"""The backup on the USB stick, its signing key sealed to the administrator's backup key (issue 9,
"Nothing lost"): the passphrase is set once and only a public key is stored; any backup off the
PC seals the key to it with no passphrase typed; a restore opens it with the passphrase only.
Real SQLite files in temporary folders, real keys."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from pathlib import Path

import pytest

from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.operations.backup import (
    STICK_FOLDER,
    BackupKey,
    BadPassphrase,
    BadPassphraseNeeded,
    PassphraseTooShort,
    _backup_private_key,
    derive_backup_key,
    open_sealed_key,
    restore_backup,
    seal_key,
)
from onestop_desktop.sync import keys
from tests.helpers import WEDNESDAY_9AM, make_desk, run_cli

PASSPHRASE = "Cây đa giếng nước sân đình 2026"
LATER = WEDNESDAY_9AM + timedelta(hours=1)


def _receive(desk: Desk, n: int) -> None:
    names = ("An", "Bình", "Cường", "Dũng")
    for i in range(n):
        desk.receive(ReceiveRequest("1.001193", f"Phạm Văn {names[i % 4]}"))


def _desk_files(db_path: Path) -> bytes:
    """Every byte the desk keeps beside its database (the file, its WAL, its backups)."""
    return b"".join(p.read_bytes() for p in sorted(db_path.parent.rglob("*")) if p.is_file())


def test_the_sealed_key_opens_with_the_passphrase_and_with_nothing_else() -> None:
    key = derive_backup_key(PASSPHRASE)
    pem = b"-----BEGIN PRIVATE KEY-----\nnot really a key\n-----END PRIVATE KEY-----\n"
    blob = seal_key(pem, key)
    assert pem not in blob and PASSPHRASE.encode() not in blob
    assert open_sealed_key(blob, PASSPHRASE) == pem
    with pytest.raises(BadPassphrase):
        open_sealed_key(blob, PASSPHRASE + " ")
    # a blob altered on the stick is refused too, not opened into garbage
    fields = json.loads(blob)
    data = bytearray(base64.b64decode(fields["data"]))
    data[0] ^= 1
    fields["data"] = base64.b64encode(bytes(data)).decode()
    with pytest.raises(BadPassphrase):
        open_sealed_key(json.dumps(fields).encode(), PASSPHRASE)
    # each seal uses its own ephemeral key: two backups never share the ciphertext
    assert seal_key(pem, key) != blob


def test_setting_the_passphrase_stores_only_a_public_key(db_path: Path) -> None:
    desk = make_desk(db_path)
    key = desk.set_backup_passphrase(PASSPHRASE)
    desk.close()
    reopened = Desk.open(db_path)
    assert reopened.backup_key == key  # stored, durably
    reopened.close()
    private = _backup_private_key(PASSPHRASE, key.salt).private_bytes_raw()
    stored = _desk_files(db_path)
    assert base64.b64encode(key.public_key) in stored
    for secret in (PASSPHRASE.encode(), private, base64.b64encode(private), private.hex().encode()):
        assert secret not in stored


def test_a_short_passphrase_is_refused_with_a_vietnamese_message(db_path: Path) -> None:
    desk = make_desk(db_path)
    with pytest.raises(PassphraseTooShort) as refused:
        desk.set_backup_passphrase("ngắn quá")
    assert "ít nhất 12 ký tự" in refused.value.message_vi
    assert "--" not in refused.value.message_vi + refused.value.message_en
    assert desk.backup_key is None
    desk.close()


def test_a_backup_off_the_pc_with_no_passphrase_set_leaves_the_key_out(
    db_path: Path, tmp_path: Path
) -> None:
    desk = make_desk(db_path)
    _receive(desk, 1)
    pem = keys.key_path(db_path).read_bytes()
    b = desk.backup(tmp_path / "usb").backup
    desk.close()
    assert (b.has_key, b.key_encrypted) == (False, False)
    assert pem not in b.path.read_bytes()
    assert restore_backup(db_path, b.path, now=LATER).new_key_made


def test_a_stick_backup_seals_the_key_and_restores_with_the_right_passphrase_only(
    db_path: Path, tmp_path: Path
) -> None:
    desk = make_desk(db_path)
    _receive(desk, 2)
    desk.set_backup_passphrase(PASSPHRASE)
    pem = keys.key_path(db_path).read_bytes()
    sealed = desk.backup(tmp_path / "usb").backup  # no passphrase typed
    assert (sealed.has_key, sealed.key_encrypted) == (True, True)
    assert pem not in sealed.path.read_bytes()
    _receive(desk, 1)
    desk.close()
    before = db_path.read_bytes()

    with pytest.raises(BadPassphraseNeeded):
        restore_backup(db_path, sealed.path, now=LATER)
    with pytest.raises(BadPassphrase) as wrong:
        restore_backup(db_path, sealed.path, now=LATER, passphrase="một mật khẩu khác hẳn")
    assert "Mật khẩu không đúng" in wrong.value.message_vi
    # refused before anything was replaced or kept aside
    assert keys.key_path(db_path).read_bytes() == pem and db_path.read_bytes() == before
    assert not list(db_path.parent.glob("*.before-restore-*"))

    result = restore_backup(db_path, sealed.path, now=LATER, passphrase=PASSPHRASE)
    assert result.key_restored and not result.new_key_made
    assert keys.key_path(db_path).read_bytes() == pem
    restored = Desk.open(db_path)
    assert len(restored.search("Phạm")) == 2
    restored.close()


def test_a_new_passphrase_still_lets_the_old_one_open_older_backups(
    db_path: Path, tmp_path: Path
) -> None:
    desk = make_desk(db_path)
    desk.set_backup_passphrase(PASSPHRASE)
    old = desk.backup(tmp_path / "usb").backup
    desk.set_backup_passphrase("mật khẩu mới của năm sau")
    assert BackupKey.from_settings(desk.settings) != derive_backup_key(PASSPHRASE)
    desk.close()
    assert restore_backup(db_path, old.path, now=LATER, passphrase=PASSPHRASE).key_restored


def test_command_line_sets_the_passphrase_exports_with_a_backup_and_restores(
    db_path: Path, tmp_path: Path
) -> None:
    desk = make_desk(db_path)
    _receive(desk, 3)
    desk.close()
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    short = tmp_path / "short.txt"
    short.write_text("ngắn\n", encoding="utf-8")

    refused = run_cli("backup-passphrase", "--passphrase-file", str(short), db=db_path)
    assert refused.returncode == 2 and "passphrase" in refused.stderr and "12" in refused.stderr
    done = run_cli("backup-passphrase", "--passphrase-file", str(secret), "--json", db=db_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["set"] is True
    assert PASSPHRASE.encode() not in db_path.read_bytes()

    stick = tmp_path / "usb"
    exported = run_cli("export", "--out", str(stick), "--backup", "--json", db=db_path)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["dossiers"] == 3 and Path(data["file"]).parent == stick
    backup = data["backup"]
    assert backup["written"] and backup["key_encrypted"] and backup["checked"] == "ok"
    assert Path(backup["path"]).parent == stick / STICK_FOLDER

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("không phải mật khẩu này\n", encoding="utf-8")
    args = ("restore", backup["path"], "--yes", "--exports", str(stick))
    bad = run_cli(*args, "--passphrase-file", str(wrong), db=db_path)
    assert bad.returncode == 2 and "wrong passphrase" in bad.stderr
    good = run_cli(*args, "--passphrase-file", str(secret), "--json", db=db_path)
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["key_restored"] is True


def test_command_line_export_reports_a_failed_backup_and_keeps_the_export(
    db_path: Path, tmp_path: Path
) -> None:
    desk = make_desk(db_path)
    _receive(desk, 1)
    desk.close()
    stick = tmp_path / "usb"
    stick.mkdir()
    (stick / STICK_FOLDER).write_text("a file where the backup folder should be")
    result = run_cli("export", "--out", str(stick), "--backup", "--json", db=db_path)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert Path(data["file"]).is_file() and data["backup"]["written"] is False
    assert "export was written and verified, but the backup was not" in result.stderr
    desk = Desk.open(db_path)
    assert [e.export_seq for e in desk.exports()] == [1]  # the export stands
    desk.close()
