"""End-of-day export: complete, signed, verifiable, reproducible, and all-or-nothing."""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop_desktop.demo import generate_demo
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.sync import format as fmt
from onestop_desktop.sync import keys
from onestop_desktop.sync.export import ExportError, RecordRefused
from onestop_desktop.sync.schemas import load_schema
from tests.helpers import ROOT, make_desk, run_cli
from tests.upstream_helpers import entries_of


@pytest.fixture(autouse=True)
def _a_spare_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even on a one-core machine, a second process is started wherever PARALLEL_CHANGES is
    lowered (it then takes turns with this one: slower, the same bytes)."""
    from onestop_desktop.sync import export

    monkeypatch.setattr(export, "_spare_core", lambda: True)


def _desk(path: Path, dossiers: int = 300) -> Desk:
    desk = make_desk(path, station=1)
    generate_demo(desk, dossiers, seed=11, workers=0)
    return desk


def _entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_export_holds_every_changed_dossier_and_step_and_validates_against_the_schemas(
    db_path: Path, tmp_path: Path
) -> None:
    desk = _desk(db_path)
    result = desk.export(tmp_path / "usb")
    assert result is not None
    entries = _entries(result.path)
    assert list(entries) == list(fmt.ENTRIES)
    manifest = json.loads(entries["manifest.json"])
    jsonschema.validate(manifest, load_schema("manifest"))
    dossiers = [json.loads(line) for line in entries["dossiers.jsonl"].splitlines()]
    steps = [json.loads(line) for line in entries["steps.jsonl"].splitlines()]
    for record in dossiers:
        jsonschema.validate(record, load_schema("dossier"))
    for record in steps:
        jsonschema.validate(record, load_schema("step"))
    assert len(dossiers) == 300 == manifest["counts"]["dossiers"]
    with desk.db.snapshot():
        codes = {r["code"] for r in desk.db.query("SELECT code FROM dossiers")}
        n_events = desk.db.query_one("SELECT COUNT(*) FROM dossier_events")
    assert {d["MaHoSo"] for d in dossiers} == codes
    assert n_events is not None and len(steps) == n_events[0]
    assert manifest["export_seq"] == 1 and manifest["previous_manifest_sha256"] is None


def test_national_codes_and_dates_follow_the_portal_vocabulary(
    db_path: Path, tmp_path: Path
) -> None:
    desk = make_desk(db_path, station=1)
    dossier = desk.receive(ReceiveRequest("1.001193", "Đặng Thị Ánh", "001203004567", "0912345678"))
    result = desk.export(tmp_path)
    assert result is not None
    record = json.loads(_entries(result.path)["dossiers.jsonl"])
    assert record["MaHoSo"] == dossier.code
    assert record["NgayTiepNhan"] == "20261125090000"
    assert record["NgayHenTra"] == "20261125170000"
    assert (record["TrangThaiHoSo"], record["KenhThucHien"], record["HinhThuc"]) == ("2", "1", "0")
    assert record["DinhDanhCHS"] == [{"LoaiDinhDanh": "1", "SoDinhDanh": "001203004567"}]


def test_exporting_the_same_range_again_gives_a_byte_identical_file(
    db_path: Path, tmp_path: Path
) -> None:
    desk = _desk(db_path)
    first = desk.export(tmp_path / "a")
    assert first is not None
    again = desk.export_again(1, tmp_path / "b")
    assert again.read_bytes() == first.path.read_bytes()
    # Even after the dossiers changed, the archived copy keeps export 1 reproducible.
    row = desk.db.query_one("SELECT code FROM dossiers WHERE status = 4 LIMIT 1")
    assert row is not None
    desk.transition(row["code"], Status.RESOLVED)
    assert desk.export_again(1, tmp_path / "c").read_bytes() == first.path.read_bytes()


def test_parts_hashed_side_by_side_give_the_same_file(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole history's parts are hashed in threads (fmt._HASH_APART_BYTES): same bytes."""
    desk = _desk(db_path)
    first = desk.export(tmp_path / "a")
    assert first is not None
    entries = entries_of(first.path.read_bytes())
    manifest = json.loads(entries["manifest.json"])
    fields = {k: manifest[k] for k in manifest if k not in {"format", "version", "parts"}}
    fields.pop("key_fingerprint")
    counts = fields.pop("counts")
    parts = {name: entries[name] for name in fmt.PARTS}
    alone, _ = fmt.build_file(fields, parts, counts, desk.signing_key())
    monkeypatch.setattr(fmt, "_HASH_APART_BYTES", 0)
    side_by_side, _ = fmt.build_file(fields, parts, counts, desk.signing_key())
    assert alone == side_by_side == first.path.read_bytes()


def test_nothing_changed_means_no_new_file(db_path: Path, tmp_path: Path) -> None:
    desk = _desk(db_path, 50)
    usb = tmp_path / "usb"
    assert desk.export(usb) is not None
    assert desk.export(usb) is None
    assert len(list(usb.iterdir())) == 1


def test_next_export_carries_only_the_changes_and_chains_to_the_previous_manifest(
    db_path: Path, tmp_path: Path
) -> None:
    desk = _desk(db_path, 100)
    usb = tmp_path / "usb"
    first = desk.export(usb)
    assert first is not None
    code = desk.receive(ReceiveRequest("2.000815", "Lê Văn Mới")).code
    second = desk.export(usb)
    assert second is not None
    manifest = json.loads(_entries(second.path)["manifest.json"])
    assert manifest["export_seq"] == 2
    assert manifest["previous_manifest_sha256"] == first.record.manifest_sha256
    assert [
        json.loads(x)["MaHoSo"] for x in _entries(second.path)["dossiers.jsonl"].splitlines()
    ] == [code]
    assert sorted(p.name for p in usb.iterdir()) == [first.path.name, second.path.name]


def test_failed_export_leaves_no_file_and_no_record(db_path: Path, tmp_path: Path) -> None:
    desk = _desk(db_path, 50)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the USB folder should be")
    with pytest.raises(ExportError):
        desk.export(blocker)
    assert desk.exports() == []
    assert desk.export(tmp_path / "ok") is not None  # and the next try works


def test_signature_verifies_with_the_desk_public_key_only(db_path: Path, tmp_path: Path) -> None:
    desk = _desk(db_path, 20)
    result = desk.export(tmp_path)
    assert result is not None
    public = keys.parse_public(desk.public_key()["public_key"])
    checked = fmt.read_file(result.path, {"000.00.01.H56#1": public})
    assert checked.export_seq == 1
    other = keys.create_key(tmp_path / "other.pem")
    with pytest.raises(fmt.SyncFileError) as caught:
        fmt.read_file(result.path, {"000.00.01.H56#1": other.public_key()})
    assert caught.value.problem is fmt.Problem.UNKNOWN_DESK


def test_private_key_is_readable_only_by_its_owner(db_path: Path) -> None:
    make_desk(db_path)
    mode = stat.S_IMODE(keys.key_path(db_path).stat().st_mode)
    assert mode == 0o600


def test_key_command_prints_public_key_and_fingerprint(db_path: Path) -> None:
    make_desk(db_path, station=2)
    done = run_cli("key", "--json", db=db_path)
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["desk_id"] == "000.00.01.H56#2"
    assert keys.fingerprint(keys.parse_public(info["public_key"])) == info["fingerprint"]


def _ack(
    desk: Desk, seq: int, accepted: list[tuple[str, int]], rejected: list[tuple[str, int, str]]
) -> dict[str, object]:
    record = next(r for r in desk.exports() if r.export_seq == seq)
    return {
        "format": "onestop-sync-ack",
        "version": 1,
        "desk_id": desk.settings.desk_id,
        "export_seq": seq,
        "file_name": record.file_name,
        "file_sha256": record.file_sha256,
        "manifest_sha256": record.manifest_sha256,
        "imported_at": "20261125180000",
        "accepted": [{"MaHoSo": c, "_version": v} for c, v in accepted],
        "rejected": [{"MaHoSo": c, "_version": v, "reason": r} for c, v, r in rejected],
    }


def test_sync_state_goes_from_not_exported_to_exported_to_acknowledged_or_rejected(
    db_path: Path, tmp_path: Path
) -> None:
    desk = make_desk(db_path, station=1)
    good = desk.receive(ReceiveRequest("2.000815", "Trần Văn Tốt")).code
    bad = desk.receive(ReceiveRequest("2.000815", "Trần Văn Hỏng")).code
    assert desk.sync_state(good)["state"] == "not_exported"
    assert desk.export(tmp_path) is not None
    assert desk.sync_state(good)["state"] == "exported"
    ack = _ack(desk, 1, [(good, 1)], [(bad, 2, "code already registered by desk 000.00.01.H56#2")])
    ack_path = tmp_path / "ACK.json"
    ack_path.write_text(json.dumps(ack), encoding="utf-8")
    done = run_cli("sync-ack", str(ack_path), "--json", db=db_path)
    assert done.returncode == 0, done.stderr
    assert desk.sync_state(good)["state"] == "acknowledged"
    state = desk.sync_state(bad)
    assert state["state"] == "rejected" and "registered by desk" in state["reason"]
    desk.transition(good, Status.IN_PROGRESS)
    assert desk.sync_state(good)["state"] == "not_exported"


def test_acknowledgement_for_another_desk_or_file_is_refused(db_path: Path, tmp_path: Path) -> None:
    desk = make_desk(db_path, station=1)
    desk.receive(ReceiveRequest("2.000815", "Trần Văn Tốt"))
    assert desk.export(tmp_path) is not None
    ack = _ack(desk, 1, [], [])
    ack["file_sha256"] = "0" * 64
    path = tmp_path / "ACK.json"
    path.write_text(json.dumps(ack), encoding="utf-8")
    done = run_cli("sync-ack", str(path), db=db_path)
    assert done.returncode == 2 and "did not write" in done.stderr
    path.write_text("{not json", encoding="utf-8")
    done = run_cli("sync-ack", str(path), db=db_path)
    assert done.returncode == 2 and "not JSON" in done.stderr


def test_unexported_changes_from_earlier_days_are_counted_for_the_closing_reminder(
    db_path: Path, tmp_path: Path
) -> None:
    desk = _desk(db_path, 40)
    assert desk.unexported_from_earlier_days() == 40
    desk.export(tmp_path)
    assert desk.unexported_from_earlier_days() == 0


def test_every_request_for_papers_in_the_history_is_listed_in_the_dossier_header(
    db_path: Path, tmp_path: Path
) -> None:
    # The demo writes histories directly (its dossiers' supplement counters stay 0): the export
    # must report what the history holds, not what a counter says.
    desk = _desk(db_path)
    result = desk.export(tmp_path / "usb")
    assert result is not None
    dossiers = [json.loads(line) for line in _entries(result.path)["dossiers.jsonl"].splitlines()]
    with desk.db.snapshot():
        asked = desk.db.query(
            "SELECT d.code, COUNT(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id "
            "WHERE e.kind = 'transition' AND e.to_status = 5 GROUP BY d.code"
        )
    assert asked, "the demo data should hold requests for papers"
    listed = {
        d["MaHoSo"]: sum(
            s["NoiDungBoSung"].startswith("Yêu cầu bổ sung") for s in d["DanhSachHoSoBoSung"]
        )
        for d in dossiers
    }
    assert {code: listed[code] for code, _ in asked} == {code: n for code, n in asked}


def test_export_again_of_an_unknown_number_is_bad_input_naming_the_exports(
    db_path: Path, tmp_path: Path
) -> None:
    desk = make_desk(db_path, station=1)
    desk.receive(ReceiveRequest("2.000815", "Trần Văn Tốt"))
    assert desk.export(tmp_path / "usb") is not None
    done = run_cli("export", "--again", "9", "--out", str(tmp_path / "again"), db=db_path)
    assert done.returncode == 2, done.stderr
    assert "again" in done.stderr and "no export number 9" in done.stderr
    assert "1–1" in done.stderr
    assert not (tmp_path / "again").exists() or not any((tmp_path / "again").iterdir())


def test_a_write_that_fails_leaves_no_partial_file_and_no_record(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = make_desk(db_path, station=1)
    desk.receive(ReceiveRequest("2.000815", "Trần Văn Tốt"))
    real_fsync = __import__("os").fsync

    def full_stick(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("onestop_desktop.sync.export.os.fsync", full_stick)
    with pytest.raises(ExportError, match="No space left"):
        desk.export(tmp_path / "usb")
    monkeypatch.setattr("onestop_desktop.sync.export.os.fsync", real_fsync)
    assert list((tmp_path / "usb").iterdir()) == []
    assert desk.exports() == []


def test_the_archived_copy_is_read_back_and_compared(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second copy (the desk's archive) is checked too: bytes read back differently leave
    no file in either place and no record."""
    from onestop_desktop.sync import export

    desk = make_desk(db_path, station=1)
    desk.receive(ReceiveRequest("2.000815", "Trần Văn Tốt"))
    real = Path.read_bytes

    def flaky(self: Path) -> bytes:
        data = real(self)
        if self.parent == export.archive_dir(desk.db):
            return data[:-1] + bytes([data[-1] ^ 1])
        return data

    monkeypatch.setattr(Path, "read_bytes", flaky)
    with pytest.raises(ExportError):
        desk.export(tmp_path / "usb")
    monkeypatch.setattr(Path, "read_bytes", real)
    assert list((tmp_path / "usb").iterdir()) == []
    assert list(export.archive_dir(desk.db).iterdir()) == []
    assert desk.exports() == []


# --- Built for a whole history: the encoder, the parser, the checks before writing ----------

TEXT = st.text(max_size=30)
#: what a record of the format can hold: no floats (the C encoder spells them otherwise)
RECORD_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.dictionaries(TEXT, RECORD_VALUES, max_size=6), max_size=5))
def test_the_encoder_writes_the_bytes_of_json_dumps(records: list[dict[str, object]]) -> None:
    """The spelling docs/SYNC_FORMAT.md promises: sorted keys, ensure_ascii=False, separators
    (",", ":"), byte for byte, controls, quotes, U+2028, astral characters and big integers
    included."""
    try:
        expected = [
            json.dumps(r, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
            for r in records
        ]
    except UnicodeEncodeError:  # a lone surrogate: neither can write it
        with pytest.raises(UnicodeEncodeError):
            fmt.jsonl(records)
        return
    assert fmt.jsonl(records) == b"".join(line + b"\n" for line in expected)
    assert [fmt.canonical(record) for record in records] == expected


@pytest.mark.parametrize(
    ("line", "read"),
    [
        (' {"a":1}', "line 2 is not an object"),
        ("[]", "line 2 is not an object"),
        ("", "line 2 is not an object"),
        ('{"a":1} ', "line 2 is not one JSON object on its own line"),
        ('{"a":\n1}', "line 2 is not one JSON object on its own line"),
        ("{}{}", "line 2 is not JSON"),
        ('{"a":"\\ud800"}', {"a": "\ud800"}),  # for the schema to judge, as json.loads reads it
        ('{"a":1.0}', {"a": Decimal("1.0")}),  # never an integer for the schema
        ('{"a":"b","a":2}', {"a": 2}),  # the last of a key given twice, as json.loads
    ],
)
def test_a_part_is_read_a_line_at_a_time_where_it_is_not_plainly_one_object_a_line(
    line: str, read: object
) -> None:
    blob = b'{"a":0}\n' + line.encode("utf-8") + b"\n" + b'{"a":3}\n'
    expected = blob.count(b"\n")
    if isinstance(read, str):
        with pytest.raises(fmt.SyncFileError, match=f"^altered: p {read}$"):
            fmt.read_records({"p": blob}, validate=False)
    else:
        assert fmt.read_records({"p": blob}, validate=False)["p"] == [{"a": 0}, read, {"a": 3}]
        assert fmt._parse_lines("p", blob, expected)[1] == read


def test_a_plain_part_is_read_whole_to_what_json_loads_reads() -> None:
    records = [{"MaHoSo": "Ánh", "n": 2**70, "l": [None, True, "\u2028"]}, {"x": {"y": ""}}]
    blob = fmt.jsonl(records)
    assert fmt._one_object_a_line(blob, 2)
    assert fmt.read_records({"p": blob}, validate=False)["p"] == records
    assert fmt._parse_lines("p", blob, 2) == records


def test_a_whole_history_built_by_two_processes_is_the_same_file(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above PARALLEL_CHANGES the steps are built by `python -m onestop_desktop.sync.export` in
    a second process: the same bytes as built here."""
    from onestop_desktop.store import sync as sync_store
    from onestop_desktop.sync import export

    desk = _desk(db_path, 200)
    hi = sync_store.last_change_seq(desk.db)
    used: list[bool] = []
    real = export._StepsElsewhere.result

    def spy(self: export._StepsElsewhere, seen: int) -> tuple[bytes, int] | None:
        built = real(self, seen)
        used.append(built is not None)
        return built

    monkeypatch.setattr(export._StepsElsewhere, "result", spy)
    monkeypatch.setattr(export, "PARALLEL_CHANGES", 1)
    two = export.build_range(desk.db, desk.settings, desk.signing_key(), 1, 0, hi, None)
    assert used == [True]
    monkeypatch.setattr(export, "PARALLEL_CHANGES", 10**12)
    one = export.build_range(desk.db, desk.settings, desk.signing_key(), 1, 0, hi, None)
    assert two == one and used == [True]
    monkeypatch.setattr(export, "PARALLEL_CHANGES", 1)
    result = desk.export(tmp_path / "usb")
    assert result is not None and result.path.read_bytes() == one[0]


def test_a_change_between_the_two_reads_has_the_steps_built_here(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second process read another state of the database (its last change sequence
    differs): its part is dropped and the steps are built in this snapshot."""
    from onestop_desktop.store import sync as sync_store
    from onestop_desktop.sync import export

    desk = _desk(db_path, 60)
    hi = sync_store.last_change_seq(desk.db)
    real = export._StepsElsewhere.result
    answers: list[object] = []

    def later(self: export._StepsElsewhere, seen: int) -> tuple[bytes, int] | None:
        answers.append(real(self, seen + 1))
        return answers[-1]  # type: ignore[return-value]

    monkeypatch.setattr(export._StepsElsewhere, "result", later)
    monkeypatch.setattr(export, "PARALLEL_CHANGES", 1)
    built = export.build_range(desk.db, desk.settings, desk.signing_key(), 1, 0, hi, None)
    assert answers == [None]
    monkeypatch.setattr(export, "PARALLEL_CHANGES", 10**12)
    assert built == export.build_range(desk.db, desk.settings, desk.signing_key(), 1, 0, hi, None)


@pytest.mark.parametrize("where", ["here", "second process"])
def test_a_record_upstream_would_refuse_stops_the_export_naming_the_dossier(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """Records are checked against their schemas before they are written (the file read back
    is then checked by its checksums): a bad one stops the export, nothing is written."""
    from onestop_desktop.sync import export

    if where == "second process":
        monkeypatch.setattr(export, "PARALLEL_CHANGES", 1)
    desk = _desk(db_path, 30)
    code = desk.receive(ReceiveRequest("2.000815", "Trần Văn Tốt")).code
    with desk.db.transaction() as conn:
        conn.execute(
            "UPDATE dossier_events SET at = 'yesterday' "
            "WHERE id = (SELECT max(id) FROM dossier_events)"
        )
    with pytest.raises(RecordRefused, match=f"dossier {code} cannot be exported: .*ThoiDiemXuLy"):
        desk.export(tmp_path / "usb")
    with desk.db.transaction() as conn:
        conn.execute(
            "UPDATE dossier_events SET at = '2026-11-25T09:00:00+07:00' WHERE at = 'yesterday'"
        )
        conn.execute("UPDATE dossiers SET procedure_code = '1-001193' WHERE code = ?", (code,))
    with pytest.raises(RecordRefused, match=f"dossier {code} cannot be exported: .*MaTTHC") as e:
        desk.export(tmp_path / "usb")
    assert e.value.code == code and f"Hồ sơ {code} chưa kết xuất được" in e.value.message_vi
    assert not (tmp_path / "usb").exists() or list((tmp_path / "usb").iterdir()) == []
    assert desk.exports() == []


def _second_process_replaced(monkeypatch: pytest.MonkeyPatch, code: str) -> list[dict[str, str]]:
    """The second export process replaced by `python -c code`; the environments it was given."""
    from onestop_desktop.sync import export

    envs: list[dict[str, str]] = []
    real = subprocess.Popen

    def popen(command: list[str], **options: Any) -> subprocess.Popen[bytes]:
        envs.append(options["env"])
        return real([sys.executable, "-c", code], **options)

    monkeypatch.setattr(export.subprocess, "Popen", popen)
    monkeypatch.setattr(export, "PARALLEL_CHANGES", 1)
    return envs


def _built_here(desk: Desk) -> tuple[bytes, bytes, dict[str, int], dict[int, int]]:
    from onestop_desktop.store import sync as sync_store
    from onestop_desktop.sync import export

    hi = sync_store.last_change_seq(desk.db)
    return export.build_range(desk.db, desk.settings, desk.signing_key(), 1, 0, hi, None)


def test_a_stuck_second_process_is_killed_and_the_steps_built_here(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from onestop_desktop.sync import export

    desk = _desk(db_path, 20)
    _second_process_replaced(monkeypatch, "import threading; threading.Event().wait()")
    monkeypatch.setattr(export._StepsElsewhere, "MIN_SECONDS", 0.05)
    monkeypatch.setattr(export._StepsElsewhere, "SECONDS_PER_CHANGE", 0.0)
    with caplog.at_level(logging.WARNING, logger="onestop_desktop.sync"):
        built = _built_here(desk)
    assert "was killed" in caplog.text
    monkeypatch.setattr(export, "PARALLEL_CHANGES", 10**12)
    assert built == _built_here(desk)


def test_a_failing_second_process_has_its_stderr_logged_and_the_steps_built_here(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from onestop_desktop.sync import export

    desk = _desk(db_path, 20)
    _second_process_replaced(
        monkeypatch, "import sys; sys.stderr.write('Traceback: the child broke'); sys.exit(1)"
    )
    with caplog.at_level(logging.WARNING, logger="onestop_desktop.sync"):
        built = _built_here(desk)
    assert "exit status 1" in caplog.text and "Traceback: the child broke" in caplog.text
    monkeypatch.setattr(export, "PARALLEL_CHANGES", 10**12)
    assert built == _built_here(desk)


def test_the_second_process_path_has_no_empty_entry_for_the_current_folder(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = _desk(db_path, 5)
    envs = _second_process_replaced(monkeypatch, "import sys; sys.exit(1)")
    monkeypatch.delenv("PYTHONPATH", raising=False)
    _built_here(desk)
    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    _built_here(desk)
    root = str(Path(__file__).resolve().parents[1])
    assert [env["PYTHONPATH"] for env in envs] == [root, root + os.pathsep + "/somewhere"]


def test_the_second_process_is_ended_when_the_snapshot_cannot_start(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from onestop_desktop.sync import export

    desk = _desk(db_path, 5)
    _second_process_replaced(monkeypatch, "import threading; threading.Event().wait()")
    started: list[export._StepsElsewhere] = []
    real = export._steps_elsewhere

    def spy(*args: Any) -> export._StepsElsewhere | None:
        made = real(*args)
        assert made is not None
        started.append(made)
        return made

    def locked() -> None:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(export, "_steps_elsewhere", spy)
    monkeypatch.setattr(desk.db, "snapshot", locked)
    with pytest.raises(RuntimeError, match="locked"):
        _built_here(desk)
    process = started[0].process
    assert process is not None and process.returncode is not None  # killed and reaped
    assert not Path(started[0].folder.name).exists()


def test_a_locked_database_while_reading_the_records_is_a_store_error(tmp_path: Path) -> None:
    """Rows read for an export go through the store's error translation, like every read:
    the clerk is told the database is locked, not shown a crash report."""
    import sqlite3
    from types import SimpleNamespace

    from onestop_desktop.store import sync as sync_store
    from onestop_desktop.store.database import StoreError, StoreErrorKind

    class LockedCursor:
        row_factory: object = None

        def execute(self, *_: object) -> None:
            raise sqlite3.OperationalError("database is locked")

    db: Any = SimpleNamespace(
        path=tmp_path / "desk.sqlite", conn=SimpleNamespace(cursor=LockedCursor)
    )
    with pytest.raises(StoreError) as caught:
        list(sync_store.dossiers_in_range(db, 0, 10))
    assert caught.value.kind is StoreErrorKind.LOCKED


def test_a_second_export_while_one_runs_is_refused_and_writes_nothing(
    db_path: Path, tmp_path: Path
) -> None:
    """Two exports at once would number their files alike, and the loser would remove the
    winner's file: the second is refused at once."""
    from onestop_desktop.sync.export import ExportBusy, export_lock

    desk = _desk(db_path, 40)
    with export_lock(desk.db), pytest.raises(ExportBusy) as caught:
        desk.export(tmp_path / "usb")
    assert "đang kết xuất" in caught.value.message_vi
    assert desk.exports() == [] and not (tmp_path / "usb").exists()
    result = desk.export(tmp_path / "usb")  # the lock went with the first
    assert result is not None and result.record.export_seq == 1


def test_the_export_lock_of_a_process_that_died_does_not_stay(
    db_path: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    desk = _desk(db_path, 5)
    held = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from onestop_desktop.store.database import open_database\n"
        "from onestop_desktop.sync.export import export_lock\n"
        "db = open_database(Path(sys.argv[1]), create=False)\n"
        "lock = export_lock(db)\n"
        "lock.__enter__()\n"
        "os._exit(0)  # dies holding it, as at a power cut\n"
    )
    subprocess.run([sys.executable, "-c", held, str(db_path)], check=True, cwd=ROOT)
    assert desk.export(tmp_path / "usb") is not None
