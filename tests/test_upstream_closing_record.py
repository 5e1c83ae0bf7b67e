"""A sync file whose ZIP closing record (end of central directory) had a byte changed is whole,
so `upstream verify` and `import` call it altered, while a file truly cut short is still called
cut short, wherever it was cut."""

from __future__ import annotations

from pathlib import Path

import pytest

from onestop_desktop import upstream
from onestop_desktop.cli import main
from onestop_desktop.sync import format as fmt
from onestop_desktop.upstream.store import open_store
from tests.upstream_helpers import SynthDesk, import_one

Problem = fmt.Problem
END_RECORD = 22
MASKS = (0x01, 0x80, 0xFF)


def test_each_changed_byte_of_the_closing_record_is_altered_not_cut_short(
    tmp_path: Path,
) -> None:
    desk = SynthDesk()
    data = desk.export_new(tmp_path, 1, 3).read_bytes()
    registered = {desk.desk_id: desk.key.public_key()}
    assert data[-END_RECORD:].startswith(b"PK\x05\x06")
    for position in range(len(data) - END_RECORD, len(data)):
        for mask in MASKS:
            flipped = bytearray(data)
            flipped[position] ^= mask
            with pytest.raises(fmt.SyncFileError) as caught:
                upstream.check_bytes("f.zip", bytes(flipped), registered)
            assert caught.value.problem is Problem.ALTERED, (position, mask, str(caught.value))
            assert "cut short" not in caught.value.detail.replace("not cut short", "")


def test_a_file_cut_anywhere_in_its_last_records_is_still_cut_short(tmp_path: Path) -> None:
    desk = SynthDesk()
    data = desk.export_new(tmp_path, 1, 3).read_bytes()
    registered = {desk.desk_id: desk.key.public_key()}
    # the central directory and the closing record, cut at every byte
    for length in range(len(data) - 4 * END_RECORD - 200, len(data)):
        with pytest.raises(fmt.SyncFileError) as caught:
            upstream.check_bytes("f.zip", data[:length], registered)
        assert caught.value.problem is Problem.CUT_SHORT, (length, str(caught.value))


def test_import_and_verify_call_a_changed_closing_record_altered_and_apply_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = SynthDesk()
    path = desk.export_new(tmp_path, 1, 2)
    good = path.read_bytes()
    db = tmp_path / "upstream.sqlite3"
    with open_store(db) as store:
        desk.register(store)
        before = store.dump()
        for offset in range(END_RECORD):
            flipped = bytearray(good)
            flipped[len(good) - END_RECORD + offset] ^= 0xFF
            path.write_bytes(bytes(flipped))
            result = import_one(store, path)
            assert result.outcome == "refused" and result.problem is Problem.ALTERED, offset
            assert store.dump() == before
        with pytest.raises(fmt.SyncFileError) as caught:
            upstream.verify(path, store)
        assert caught.value.problem is Problem.ALTERED
    flipped = bytearray(good)
    flipped[len(good) - 8] ^= 0x01  # the central directory's offset: the ZIP cannot be read
    path.write_bytes(bytes(flipped))
    status = main(["upstream", "verify", "--db", str(db), str(path)])
    err = capsys.readouterr().err
    assert status == 2 and "altered" in err and "complete, not cut short" in err
    path.write_bytes(good[:-5])
    status = main(["upstream", "verify", "--db", str(db), str(path)])
    assert status == 2 and "cut short" in capsys.readouterr().err
