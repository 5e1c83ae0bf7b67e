"""Upstream verify and import, on both stores (SQLite and PostgreSQL): idempotent merges, newest
version wins, whole files refused with a message naming the failed check, acknowledgements."""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from onestop_desktop import upstream
from onestop_desktop.sync import format as fmt
from onestop_desktop.sync import reasons
from onestop_desktop.sync.schemas import load_schema
from onestop_desktop.upstream import importing, record_check, verifying
from onestop_desktop.upstream.store import (
    PostgresStore,
    SqliteStore,
    UpstreamStore,
    UpstreamStoreError,
)
from tests.upstream_helpers import (
    AGENCY,
    BACKENDS,
    OTHER_AGENCY,
    SynthDesk,
    clock,
    entries_of,
    import_one,
    new_store,
    postgres_cluster,
    repack,
    resign,
    stop_postgres_cluster,
)

Problem = fmt.Problem


@pytest.fixture(scope="session", autouse=True)
def _postgres_stopped_at_the_end() -> Iterator[None]:
    yield
    stop_postgres_cluster()


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[UpstreamStore]:
    with new_store(request.param, tmp_path / "store") as opened:
        yield opened


@pytest.fixture
def desk(store: UpstreamStore) -> SynthDesk:
    made = SynthDesk()
    made.register(store)
    return made


def _refused(store: UpstreamStore, path: Path, problem: Problem) -> upstream.ImportResult:
    before = store.dump()
    result = import_one(store, path)
    assert result.outcome == "refused", result.message
    assert result.problem is problem, result.message
    assert store.dump() == before
    return result


def test_import_applies_everything_and_importing_again_changes_nothing(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    first = desk.export_new(tmp_path, 1, 5)
    second = desk.export(
        tmp_path, [desk.dossier(1, 4), desk.dossier(6)], tombstones=[desk.tombstone(desk.code(2))]
    )
    results = upstream.import_files(store, [second, first], clock=clock())
    assert [r.outcome for r in results] == ["imported", "imported"]
    assert [r.export_seq for r in results] == [1, 2]
    counts = store.counts()
    assert (counts["dossiers"], counts["steps"], counts["tombstones"]) == (5, 7, 1)
    assert counts["imports"] == 2
    held = store.dossier(AGENCY, desk.code(1))
    assert held is not None and held["status"] == 4 and held["record"]["TrangThaiHoSo"] == "4"
    assert store.dossier(AGENCY, desk.code(2)) is None
    dump = store.dump()
    acks = {p.name: p.read_bytes() for p in tmp_path.glob("ACK-*.json")}
    assert len(acks) == 2

    again = upstream.import_files(store, [first, second], clock=clock())
    assert [r.outcome for r in again] == ["already_imported", "already_imported"]
    assert all("already imported" in r.message for r in again)
    # the time is said as people read times, not the store's yyyyMMddHHmmss
    assert all(
        re.search(r"imported on \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", r.message) for r in again
    )
    assert store.dump() == dump
    assert {p.name: p.read_bytes() for p in tmp_path.glob("ACK-*.json")} == acks


def test_newer_versions_win_and_older_ones_are_ignored(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    old_a, old_b = desk.dossier(1), desk.dossier(2)
    assert import_one(store, desk.export(tmp_path, [old_a, old_b])).outcome == "imported"
    newer_a = desk.dossier(1, 9)
    stale_b = dict(old_b, _version=old_b["_version"] - 1 or 1, TrangThaiHoSo="10")
    result = import_one(store, desk.export(tmp_path, [newer_a, stale_b]))
    assert result.outcome == "imported"
    assert (result.accepted, result.ignored_older, result.rejected) == (2, 1, 0)
    a = store.dossier(AGENCY, desk.code(1))
    b = store.dossier(AGENCY, desk.code(2))
    assert a is not None and (a["version"], a["status"]) == (newer_a["_version"], 9)
    assert b is not None and (b["version"], b["status"]) == (old_b["_version"], 2)
    assert "older versions ignored" in result.message


def test_the_same_code_twice_in_one_file_keeps_the_newest(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    first, second = desk.dossier(1, 2), desk.dossier(1, 4)
    result = import_one(store, desk.export(tmp_path, [second, first], steps=[]))
    assert (result.outcome, result.accepted, result.ignored_older) == ("imported", 2, 1)
    held = store.dossier(AGENCY, desk.code(1))
    assert held is not None and held["version"] == second["_version"]


def test_the_acknowledgement_validates_and_lists_every_record(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    foreign = desk.dossier(3, code=f"{OTHER_AGENCY}-260115-1000003")
    records = [desk.dossier(1), desk.dossier(2), foreign]
    path = desk.export(tmp_path / "in", records, tombstones=[desk.tombstone(desk.code(9))])
    result = import_one(store, path, tmp_path / "acks")
    assert result.outcome == "imported" and result.ack_path is not None
    assert result.ack_path == tmp_path / "acks" / f"ACK-{path.name}.json"
    ack = json.loads(result.ack_path.read_bytes())
    jsonschema.validate(ack, load_schema("ack"))
    assert result.ack_path.read_bytes() == fmt.canonical(ack) + b"\n"
    assert ack["desk_id"] == desk.desk_id and ack["export_seq"] == 1
    assert ack["file_name"] == path.name
    assert ack["file_sha256"] == fmt.sha256(path.read_bytes())
    assert ack["imported_at"] == "20260115180000"
    assert [a["MaHoSo"] for a in ack["accepted"]] == [desk.code(1), desk.code(2), desk.code(9)]
    assert ack["rejected"] == [
        {
            "MaHoSo": foreign["MaHoSo"],
            "_version": foreign["_version"],
            "reason": f"not this desk's agency: the code belongs to agency {OTHER_AGENCY}, the "
            f"file to {AGENCY}",
        }
    ]
    assert reasons.read_reason(ack["rejected"][0]["reason"]) == reasons.Reason(
        reasons.Rejection.OTHER_AGENCY, code_agency=OTHER_AGENCY, file_agency=AGENCY
    )
    assert store.dossier(OTHER_AGENCY, foreign["MaHoSo"]) is None
    assert store.counts()["steps"] == 2  # the foreign dossier's step is skipped too
    assert not list((tmp_path / "acks").glob(".*.part"))


def test_a_reason_upstream_does_not_write_is_not_read_as_one() -> None:
    assert reasons.read_reason("some other upstream's words") is None
    assert reasons.read_reason(reasons.held_by_other_desk("X#1") + " (and more)") is None


def test_a_code_already_held_by_another_desk_is_rejected_with_a_reason(
    store: UpstreamStore, tmp_path: Path
) -> None:
    # Station 0 (a lone desk) issues every number: misconfigured beside station 1, its codes
    # can clash with station 1's, and upstream keeps the code for the first desk that sent it.
    one, two = SynthDesk(station=1), SynthDesk(station=0)
    one.register(store)
    two.register(store)
    taken = one.code(1)
    assert import_one(store, one.export(tmp_path, [one.dossier(1)])).outcome == "imported"
    clash = two.dossier(1, 4, code=taken)
    result = import_one(store, two.export(tmp_path, [clash, two.dossier(2)]))
    assert (result.outcome, result.accepted, result.rejected) == ("imported", 1, 1)
    assert result.ack_path is not None
    ack = json.loads(result.ack_path.read_bytes())
    assert ack["rejected"] == [
        {
            "MaHoSo": taken,
            "_version": clash["_version"],
            "reason": f"code already registered by desk {one.desk_id}",
        }
    ]
    assert reasons.read_reason(ack["rejected"][0]["reason"]) == reasons.Reason(
        reasons.Rejection.HELD_BY_OTHER_DESK, desk_id=one.desk_id
    )
    held = store.dossier(AGENCY, taken)
    assert held is not None and held["desk_id"] == one.desk_id and held["status"] == 2
    # nor can the other desk delete it
    result = import_one(store, two.export(tmp_path, [], tombstones=[two.tombstone(taken)]))
    assert result.rejected == 1 and store.dossier(AGENCY, taken) is not None


def test_two_desks_of_one_agency_merge_without_collisions(
    store: UpstreamStore, tmp_path: Path
) -> None:
    one, two = SynthDesk(station=1), SynthDesk(station=2)
    one.register(store)
    two.register(store)
    files = [one.export_new(tmp_path, 1, 30), two.export_new(tmp_path, 1, 40)]
    files += [one.export_new(tmp_path, 31, 5), two.export(tmp_path, [two.dossier(1, 9)])]
    results = upstream.import_files(store, files)
    assert [r.outcome for r in results] == ["imported"] * 4
    assert sum(r.rejected for r in results) == 0
    assert store.dossiers_by_desk() == {one.desk_id: 35, two.desk_id: 40}
    assert store.counts()["steps"] == 76
    assert upstream.missing_sequences(store) == {}


def test_a_tombstone_deletes_an_older_dossier_and_keeps_it_deleted(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    record = desk.dossier(1)
    import_one(store, desk.export(tmp_path, [record]))
    grave = desk.tombstone(desk.code(1))
    assert import_one(store, desk.export(tmp_path, [], tombstones=[grave])).tombstones == 1
    assert store.dossier(AGENCY, desk.code(1)) is None
    # the old state arriving again (an older version) does not bring it back
    result = import_one(store, desk.export(tmp_path, [record], steps=[]))
    assert (result.accepted, result.ignored_older) == (1, 1)
    assert store.dossier(AGENCY, desk.code(1)) is None
    assert store.counts()["tombstones"] == 1


def test_every_truncation_is_refused_as_cut_short(tmp_path: Path) -> None:
    desk = SynthDesk()
    data = desk.export_new(tmp_path, 1, 2).read_bytes()
    registered = {desk.desk_id: desk.key.public_key()}
    for length in range(len(data)):
        with pytest.raises(fmt.SyncFileError) as caught:
            upstream.check_bytes("f.zip", data[:length], registered)
        assert caught.value.problem is Problem.CUT_SHORT, (length, str(caught.value))


def test_every_single_flipped_byte_is_refused(tmp_path: Path) -> None:
    desk = SynthDesk()
    data = desk.export(
        tmp_path, [desk.dossier(1)], tombstones=[desk.tombstone(desk.code(5))]
    ).read_bytes()
    registered = {desk.desk_id: desk.key.public_key()}
    problems = set()
    for position in range(len(data)):
        flipped = bytearray(data)
        flipped[position] ^= 0x01 if position % 2 else 0xFF
        with pytest.raises(fmt.SyncFileError) as caught:
            upstream.check_bytes("f.zip", bytes(flipped), registered)
        problem = caught.value.problem
        problems.add(problem)
        if position < 4:  # the ZIP signature, in a file that is otherwise whole: altered
            assert problem is Problem.ALTERED, str(caught.value)
        elif position >= len(data) - 22:  # the ZIP's end record, in a file that is whole
            assert problem is Problem.ALTERED, (position, str(caught.value))
        else:
            assert problem in (
                Problem.ALTERED,
                Problem.BAD_SIGNATURE,
                Problem.UNKNOWN_DESK,  # the desk id or key fingerprint in the manifest
                Problem.UNKNOWN_VERSION,  # the version digit in the manifest
                Problem.NOT_A_SYNC_FILE,  # the format name in the manifest
            ), (position, str(caught.value))
    assert Problem.ALTERED in problems


def test_a_damaged_file_is_refused_whole_and_nothing_is_applied(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    assert import_one(store, desk.export_new(tmp_path, 1, 3)).outcome == "imported"
    path = desk.export(tmp_path, [desk.dossier(1, 4), desk.dossier(7)])
    good = path.read_bytes()
    for position in range(0, len(good), max(1, len(good) // 12)):
        flipped = bytearray(good)
        flipped[position] ^= 0x20
        path.write_bytes(bytes(flipped))
        before = store.dump()
        result = import_one(store, path)
        assert result.outcome == "refused" and result.problem is not None, position
        assert "nothing of it was applied" in result.message
        assert store.dump() == before
    path.write_bytes(good[: len(good) // 2])
    assert "copy it again" in _refused(store, path, Problem.CUT_SHORT).message
    path.write_bytes(good)
    assert import_one(store, path).outcome == "imported"


def test_a_part_changed_after_signing_is_refused_as_altered(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    path = desk.export_new(tmp_path, 1, 2)
    entries = entries_of(path.read_bytes())
    changed = entries["dossiers.jsonl"].replace(b'"TrangThaiHoSo":"2"', b'"TrangThaiHoSo":"9"', 1)
    path.write_bytes(
        repack([(n, changed if n == "dossiers.jsonl" else entries[n]) for n in fmt.ENTRIES])
    )
    assert "checksum" in _refused(store, path, Problem.ALTERED).message


def test_a_file_from_an_unregistered_desk_or_key_is_refused(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    stranger = SynthDesk(station=7)
    message = _refused(store, stranger.export_new(tmp_path, 1, 1), Problem.UNKNOWN_DESK).message
    assert f"desk '{stranger.desk_id}' is not registered" in message
    # a registered desk's id, but another key signed it
    impostor = SynthDesk(station=desk.station)
    message = _refused(
        store, impostor.export_new(tmp_path / "x", 1, 1), Problem.UNKNOWN_DESK
    ).message
    assert "not the key registered" in message
    # another key's signature over a manifest naming the registered key
    path = desk.export_new(tmp_path / "y", 1, 1)
    path.write_bytes(resign(path.read_bytes(), impostor.key, keep_fingerprint=True))
    assert "signature" in _refused(store, path, Problem.BAD_SIGNATURE).message


def test_an_unknown_format_version_is_refused(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    path = desk.export_new(tmp_path, 1, 1)
    path.write_bytes(resign(path.read_bytes(), desk.key, lambda m: m.update(version=2)))
    message = _refused(store, path, Problem.UNKNOWN_VERSION).message
    assert "format version 2" in message and "reads version 1" in message


def test_a_replayed_old_file_is_refused_and_the_same_file_is_already_imported(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    files = [desk.export_new(tmp_path, n * 10, 2) for n in range(1, 4)]
    assert [r.outcome for r in upstream.import_files(store, files)] == ["imported"] * 3
    dump = store.dump()
    assert import_one(store, files[0]).outcome == "already_imported"
    # export 1 again, but with other content (signed by the desk's own key: a forgery or a
    # desk restored from a backup): refused
    forged = tmp_path / "forged" / files[0].name
    forged.parent.mkdir()
    forged.write_bytes(
        resign(files[0].read_bytes(), desk.key, lambda m: m.update(generated_at="20260101000000"))
    )
    message = _refused(store, forged, Problem.OUT_OF_SEQUENCE).message
    assert "export 1 of desk" in message and "replayed or forged" in message
    assert store.dump() == dump
    assert upstream.missing_sequences(store) == {}


def test_skipping_a_file_is_refused_naming_the_missing_number(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    files = [desk.export_new(tmp_path, n * 10, 2) for n in range(1, 6)]
    assert import_one(store, files[0]).outcome == "imported"
    message = _refused(store, files[2], Problem.OUT_OF_SEQUENCE).message
    assert "export 2 is missing" in message and files[1].name in message
    assert upstream.missing_sequences(store) == {desk.desk_id: [(2, 2)]}
    message = _refused(store, files[4], Problem.OUT_OF_SEQUENCE).message
    assert "exports 2–4 are missing" in message
    assert upstream.missing_sequences(store) == {desk.desk_id: [(2, 4)]}
    status = upstream.status(store)
    assert status["desks"][0]["missing"] == [[2, 4]]
    results = upstream.import_files(store, files[1:])
    assert [r.outcome for r in results] == ["imported"] * 4
    assert upstream.missing_sequences(store) == {}


def test_a_broken_chain_is_refused(store: UpstreamStore, desk: SynthDesk, tmp_path: Path) -> None:
    assert import_one(store, desk.export_new(tmp_path, 1, 1)).outcome == "imported"
    path = desk.export_new(tmp_path, 2, 1)
    path.write_bytes(
        resign(path.read_bytes(), desk.key, lambda m: m.update(previous_manifest_sha256="0" * 64))
    )
    message = _refused(store, path, Problem.OUT_OF_SEQUENCE).message
    assert "does not follow" in message and "history diverged" in message


def test_the_first_file_must_not_name_a_previous_one(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    path = desk.export_new(tmp_path, 1, 1)
    path.write_bytes(
        resign(path.read_bytes(), desk.key, lambda m: m.update(previous_manifest_sha256="a" * 64))
    )
    assert "names a previous export" in _refused(store, path, Problem.OUT_OF_SEQUENCE).message


def test_verify_reports_next_already_imported_and_refused(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    first, second = desk.export_new(tmp_path, 1, 1), desk.export_new(tmp_path, 2, 1)
    verified = upstream.verify(first, store)
    assert not verified.already_imported and verified.export_seq == 1
    with pytest.raises(fmt.SyncFileError) as caught:
        upstream.verify(second, store)
    assert caught.value.problem is Problem.OUT_OF_SEQUENCE
    import_one(store, first)
    assert upstream.verify(first, store).already_imported
    assert not upstream.verify(second, store).already_imported
    assert upstream.missing_sequences(store) == {}  # verify logs nothing


def test_records_the_store_cannot_keep_are_rejected_not_fatal(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    bad = desk.dossier(1)
    bad["GhiChu"] = "a\x00b"
    result = import_one(store, desk.export(tmp_path, [bad, desk.dossier(2)]))
    assert (result.outcome, result.accepted, result.rejected) == ("imported", 1, 1)
    assert result.ack_path is not None
    ack = json.loads(result.ack_path.read_bytes())
    assert "NUL" in ack["rejected"][0]["reason"]
    read = reasons.read_reason(ack["rejected"][0]["reason"])
    assert read is not None and read.kind is reasons.Rejection.UNSTORABLE
    assert store.dossier(AGENCY, desk.code(1)) is None


def test_steps_are_kept_once(store: UpstreamStore, desk: SynthDesk, tmp_path: Path) -> None:
    record = desk.dossier(1)
    steps = desk.steps_for([record])
    result = import_one(store, desk.export(tmp_path, [record], steps=steps + steps))
    assert (result.steps_added, result.steps_skipped) == (1, 1)
    result = import_one(store, desk.export(tmp_path, [], steps=steps))
    assert (result.steps_added, result.steps_skipped) == (0, 1)
    assert store.counts()["steps"] == 1


def test_registering_desks(store: UpstreamStore) -> None:
    desk = SynthDesk()
    first = upstream.register_desk(store, desk.desk_id, desk.public_key)
    assert (first.agency_code, first.station, first.last_export_seq) == (AGENCY, 1, 0)
    assert upstream.register_desk(store, desk.desk_id, desk.public_key) == first
    other = SynthDesk()
    with pytest.raises(upstream.RegistrationError, match="already registered with another key"):
        upstream.register_desk(store, desk.desk_id, other.public_key)
    replaced = upstream.register_desk(store, desk.desk_id, other.public_key, replace=True)
    assert replaced.public_key == other.public_key
    assert replaced.registered_at == first.registered_at
    with pytest.raises(upstream.RegistrationError, match="expected <agency code>#<station>"):
        upstream.register_desk(store, "h56-1", desk.public_key)
    with pytest.raises(upstream.RegistrationError, match="public key"):
        upstream.register_desk(store, desk.desk_id, "not a key")


def test_a_store_on_a_desk_database_is_refused(tmp_path: Path) -> None:
    import sqlite3

    from onestop_desktop.upstream.store import UpstreamStoreError, open_store

    path = tmp_path / "desk.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE dossiers (id INTEGER)")
    with pytest.raises(UpstreamStoreError, match="not an upstream store"):
        open_store(path)
    with pytest.raises(UpstreamStoreError, match="does not exist"):
        open_store(tmp_path / "nowhere" / "up.sqlite3")
    with pytest.raises(UpstreamStoreError, match="postgresql://"):
        open_store("mysql://x")


def test_a_new_sqlite_store_has_large_pages_and_an_older_one_keeps_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from onestop_desktop.upstream.store import open_store
    from onestop_desktop.upstream.store import sqlite as upstream_store

    def page_size(path: Path) -> int:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            return int(conn.execute("PRAGMA page_size").fetchone()[0])

    new = tmp_path / "new.sqlite3"
    open_store(new).close()
    assert page_size(new) == upstream_store.SQLITE_PAGE_SIZE == 16384
    older = tmp_path / "older.sqlite3"
    monkeypatch.setattr(upstream_store, "SQLITE_PAGE_SIZE", 4096)  # as stores were made
    open_store(older).close()
    monkeypatch.undo()
    desk = SynthDesk()
    with open_store(older) as store:
        desk.register(store)
        imported = import_one(store, desk.export_new(tmp_path / "in", 1, 3))
    assert imported.outcome == "imported" and imported.accepted == 3, imported.message
    assert page_size(older) == 4096


def test_an_unreachable_postgresql_server_is_a_clear_error() -> None:
    postgres_cluster()  # skips without PostgreSQL (psycopg needed)
    from onestop_desktop.upstream.store import UpstreamStoreError, open_store

    with pytest.raises(UpstreamStoreError, match=r"cannot connect .*:\*\*\*@") as caught:
        open_store("postgresql://someone:secret@127.0.0.1:1/none")
    assert "secret" not in str(caught.value)


def test_a_store_written_by_a_newer_version_is_refused(store: UpstreamStore) -> None:
    from onestop_desktop.upstream.store import UpstreamStoreError, open_store
    from tests.upstream_helpers import store_target

    target = store_target(store)
    if isinstance(store, SqliteStore):
        store.conn.execute("PRAGMA user_version = 99")
    else:
        assert isinstance(store, PostgresStore)
        store.conn.execute("UPDATE upstream_schema_version SET version = 99")
    with pytest.raises(UpstreamStoreError, match="newer version"):
        open_store(target)


# --- The desk's round trip -------------------------------------------------------------------


def test_the_acknowledgement_round_trip_updates_the_desks_sync_states(
    store: UpstreamStore, db_path: Path, tmp_path: Path
) -> None:
    from onestop_desktop.operations import ReceiveRequest
    from onestop_desktop.sync import keys
    from tests.helpers import make_desk

    desk = make_desk(db_path, station=1)
    info = desk.public_key()
    upstream.register_desk(store, info["desk_id"], info["public_key"])
    good = desk.receive(ReceiveRequest("1.001193", "Đặng Thị Ánh", "001203004567")).code
    taken = desk.receive(ReceiveRequest("2.000815", "Trần Văn Hỏng")).code
    # another desk of the office already sent a dossier under the second code (a
    # misconfigured lone desk, station 0, which issues every number): upstream keeps the
    # first and rejects this desk's
    other = SynthDesk(station=0)
    other.register(store)
    assert import_one(store, other.export(tmp_path, [other.dossier(1, code=taken)])).rejected == 0

    exported = desk.export(tmp_path / "usb")
    assert exported is not None
    result = import_one(store, exported.path)
    assert (result.outcome, result.accepted, result.rejected) == ("imported", 1, 1)
    assert result.ack_path is not None
    assert result.ack_path.parent == exported.path.parent
    assert keys.fingerprint(keys.parse_public(info["public_key"])) == info["fingerprint"]

    counts = desk.import_ack(result.ack_path)
    assert (counts["accepted"], counts["rejected"]) == (1, 1)
    assert desk.sync_state(good)["state"] == "acknowledged"
    state = desk.sync_state(taken)
    assert state["state"] == "rejected"
    assert state["reason"] == f"code already registered by desk {other.desk_id}"
    held = store.dossier(AGENCY, good)
    assert held is not None and held["record"]["ChuHoSo"] == "Đặng Thị Ánh"
    desk.close()


# --- Command line ----------------------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from onestop_desktop.upstream.cli import main

    status = main(["upstream", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def test_the_command_line(
    store: UpstreamStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.upstream_helpers import store_target

    db = store_target(store)
    desk = SynthDesk()
    files = [desk.export_new(tmp_path / "in", n * 10, 2) for n in range(1, 4)]
    status, out, err = _cli(capsys, "verify", "--db", db, str(files[0]))
    assert status == 2 and "unknown desk" in err and "register its public key" in err

    args = ("register", "--db", db, "--desk-id", desk.desk_id, "--public-key", desk.public_key)
    status, out, err = _cli(capsys, *args)
    assert status == 0 and f"registered desk {desk.desk_id}" in out
    status, out, err = _cli(capsys, "register", "--db", db, "--desk-id", "x", "--public-key", "y")
    assert status == 2 and "not valid" in err

    status, out, err = _cli(capsys, "verify", "--db", db, str(files[0]))
    assert status == 0 and "next in sequence" in out
    status, out, err = _cli(capsys, "verify", "--public-key", desk.public_key, str(files[2]))
    assert status == 0 and "sequence not checked" in out
    other = SynthDesk(station=2)
    status, out, err = _cli(capsys, "verify", "--public-key", other.public_key, str(files[2]))
    assert status == 2 and "not the public key given" in err and "registered" not in err
    status, out, err = _cli(capsys, "verify", str(files[2]))
    assert status == 2 and "there is no upstream store at" in err and "--db" in err

    acks = tmp_path / "acks"
    status, out, err = _cli(
        capsys, "import", "--db", db, "--ack-dir", str(acks), str(files[0]), str(files[2])
    )
    assert status == 2
    assert f"imported: {files[0].name}" in out
    assert f"REFUSED: {files[2].name}: out of sequence" in err and "export 2 is missing" in err
    assert f"missing exports of desk {desk.desk_id}: 2" in err

    status, out, err = _cli(capsys, "status", "--db", db, "--json")
    info = json.loads(out)
    assert status == 0 and info["desks"][0]["missing"] == [[2, 2]]
    assert info["counts"]["dossiers"] == 2

    status, out, err = _cli(capsys, "import", "--db", db, "--ack-dir", str(acks), *map(str, files))
    assert status == 0, err
    labels = [line.split(":")[0] for line in out.splitlines()]
    assert labels == ["already imported", "imported", "imported"]
    assert sorted(p.name for p in acks.iterdir()) == [f"ACK-{f.name}.json" for f in files]

    status, out, err = _cli(capsys, "import", "--db", db, "--json", str(files[1]))
    report = json.loads(out)
    assert status == 0 and report["results"][0]["outcome"] == "already_imported"
    assert report["missing"] == {}

    status, out, err = _cli(capsys, "status", "--db", db)
    assert status == 0 and desk.desk_id in out and "6 dossiers" in out
    assert re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", out)

    broken = tmp_path / "broken.zip"
    broken.write_bytes(files[0].read_bytes()[:100])
    status, out, err = _cli(capsys, "verify", "--db", db, str(broken))
    assert status == 2 and "cut short" in err
    status, out, err = _cli(capsys, "verify", "--db", db, str(tmp_path / "absent.zip"))
    assert status == 2 and "cannot read" in err


def test_the_command_line_reports_an_unusable_store_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _cli(capsys, "register", "--db", str(tmp_path / "no" / "such" / "x.db"))
    assert status == 2  # argparse: the desk and its key are required
    garbage = tmp_path / "garbage.db"
    garbage.write_text("not a database at all")
    status, _, err = _cli(capsys, "status", "--db", str(garbage))
    assert status == 1 and "is not a database" in err and "Traceback" not in err
    status, _, err = _cli(capsys, "import", "--db", str(tmp_path / "up.db"))
    assert status == 2 and "FILE" in err  # argparse: files are required


def test_status_of_a_store_that_does_not_exist_creates_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no" / "such" / "x.db"
    status, _, err = _cli(capsys, "status", "--db", str(target))
    assert status == 2 and "there is no upstream store" in err and "register" in err
    assert not target.exists() and not target.parent.exists()


def test_the_command_line_runs_as_a_program(tmp_path: Path) -> None:
    import subprocess
    import sys

    from onestop_desktop.upstream.store import open_store
    from tests.helpers import ROOT

    with open_store(str(tmp_path / "up.sqlite3")):
        pass  # an empty store, as the first `register` leaves it before its desk
    argv = [sys.executable, "-m", "onestop_desktop.upstream.cli", "upstream", "status"]
    argv += ["--db", str(tmp_path / "up.sqlite3"), "--json"]
    done = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["counts"]["desks"] == 0


def test_the_program_command_line_offers_upstream(tmp_path: Path) -> None:
    """`python -m onestop_desktop upstream …` (cli.py wires in upstream/cli.py)."""
    from tests.helpers import run_cli

    desk = SynthDesk()
    path = desk.export_new(tmp_path / "in", 1, 2)
    db = str(tmp_path / "upstream.sqlite3")
    done = run_cli("upstream", "register", "--db", db, "--desk-id", desk.desk_id)
    assert done.returncode == 2 and "--public-key" in done.stderr
    args = ("--desk-id", desk.desk_id, "--public-key", desk.public_key)
    assert run_cli("upstream", "register", "--db", db, *args).returncode == 0
    done = run_cli("upstream", "import", "--db", db, str(path), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["results"][0]["outcome"] == "imported"
    path.write_bytes(path.read_bytes()[:-10])
    done = run_cli("upstream", "verify", "--db", db, str(path))
    assert done.returncode == 2 and "cut short" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_changed_first_byte_is_refused_as_altered_not_as_a_foreign_file(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    path = desk.export_new(tmp_path / "usb", 1, 2)
    data = bytearray(path.read_bytes())
    data[0] ^= 0x01
    path.write_bytes(bytes(data))
    result = _refused(store, path, Problem.ALTERED)
    assert "complete, not cut short" in result.message
    other = tmp_path / "notes.zip"
    other.write_bytes(b"not a zip at all")
    _refused(store, other, Problem.NOT_A_SYNC_FILE)


def test_without_db_the_store_is_the_environment_variable_else_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """DESIGN.md's `upstream verify FILE`: register, verify, import and status all default to
    $ONESTOP_UPSTREAM_DB, else upstream.sqlite3 in the user data folder (a temporary one here:
    conftest.py points it away from the real one)."""
    import os

    from onestop_desktop.upstream.cli import default_store

    data_home = Path(os.environ["XDG_DATA_HOME"])
    assert "ONESTOP_UPSTREAM_DB" not in os.environ
    assert Path(default_store()) == data_home / "onestop-desktop" / "upstream.sqlite3"
    desk = SynthDesk()
    first = desk.export_new(tmp_path / "in", 1, 2)
    args = ("--desk-id", desk.desk_id, "--public-key", desk.public_key)
    status, out, err = _cli(capsys, "register", *args)
    assert status == 0, err
    assert Path(default_store()).is_file()
    status, out, err = _cli(capsys, "verify", str(first))
    assert status == 0 and "next in sequence" in out, err
    status, out, err = _cli(capsys, "import", "--ack-dir", str(tmp_path / "acks"), str(first))
    assert status == 0 and f"imported: {first.name}" in out, err
    status, out, err = _cli(capsys, "status", "--json")
    assert status == 0 and json.loads(out)["store"] == default_store()

    chosen = tmp_path / "chosen" / "up.sqlite3"
    chosen.parent.mkdir()
    monkeypatch.setenv("ONESTOP_UPSTREAM_DB", str(chosen))
    assert default_store() == str(chosen)
    status, out, err = _cli(capsys, "register", *args)
    assert status == 0 and chosen.is_file(), err
    status, out, err = _cli(capsys, "status", "--json")
    assert json.loads(out)["counts"]["imports"] == 0
    status, out, err = _cli(capsys, "verify", "--db", default_store(), str(first))
    assert status == 0 and "next in sequence" in out


def test_verify_creates_no_store_where_there_is_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    from onestop_desktop.upstream.cli import default_store

    desk = SynthDesk()
    path = desk.export_new(tmp_path / "in", 1, 1)
    absent = tmp_path / "absent.sqlite3"
    before = sorted(p.name for p in tmp_path.iterdir())
    status, _, err = _cli(capsys, "verify", "--db", str(absent), str(path))
    assert status == 2 and f"there is no upstream store at {absent}" in err
    assert "nothing was created" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    status, _, err = _cli(capsys, "verify", "--json", str(path))
    assert status == 2 and "there is no upstream store" in err
    assert not Path(default_store()).exists()
    assert not (Path(os.environ["XDG_DATA_HOME"]) / "onestop-desktop").exists()


# --- The records' check in a second process --------------------------------------------------


@pytest.fixture
def in_a_second_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file's records checked by a forked second process, however small."""
    monkeypatch.setattr(record_check, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(record_check, "_fork_is_safe", lambda: True)


@pytest.fixture
def record_checks(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, int | None]]:
    """Each records' check of the test, with the pid of its second process (None: none)."""
    made: list[tuple[object, int | None]] = []

    class Recorded(record_check.RecordCheck):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            made.append((self, self.process.pid if self.process is not None else None))

    monkeypatch.setattr(verifying, "RecordCheck", Recorded)
    return made


def _ended(check: tuple[object, int | None]) -> bool:
    """Whether the check's second process was reaped (no zombie) and its pipe closed."""
    instance, pid = check
    assert pid is not None, "the check was expected in a second process"
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return getattr(instance, "receiver", None) is None
    return False


_FORK = pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(), reason="no fork"
)


def _bad_dossier(desk: SynthDesk, number: int) -> dict[str, object]:
    record = desk.dossier(number)
    record["NgayTiepNhan"] = "15/01/2026"
    return record


@_FORK
@pytest.mark.usefixtures("in_a_second_process")
def test_records_checked_in_a_second_process_merge_the_same_and_refuse_the_same(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = desk.export_new(tmp_path / "in", 1, 5)
    result = import_one(store, good)
    assert result.outcome == "imported" and result.accepted == 5, result.message
    held = store.dump()
    bad = desk.export(tmp_path / "in", [desk.dossier(6), _bad_dossier(desk, 7)])
    refused = _refused(store, bad, Problem.ALTERED)
    assert "dossiers.jsonl line 2.NgayTiepNhan: '15/01/2026' does not match" in refused.message
    monkeypatch.setattr(record_check, "PARALLEL_BYTES", 10**12)  # checked here, now
    assert _refused(store, bad, Problem.ALTERED).message == refused.message
    assert store.dump() == held


@_FORK
@pytest.mark.usefixtures("in_a_second_process")
@pytest.mark.parametrize("damage", ["checksum", "crc"])
def test_a_part_changed_under_a_good_signature_is_refused_by_the_second_process_as_verify_does(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path, damage: str
) -> None:
    """This process checks only the manifest before merging (fmt.read_signed); each part's
    CRC, checksum and line count are the second process's, and its verdict comes before any
    commit: the file is refused with verify's very words, and nothing of it is kept."""
    good = desk.export_new(tmp_path / "in", 1, 5)
    entries = entries_of(good.read_bytes())
    dossiers = entries["dossiers.jsonl"]
    if damage == "checksum":  # the ZIP is sound, the part is not what was signed
        entries["dossiers.jsonl"] = dossiers.replace("Thôn".encode(), b"Thon", 1)
        data = repack([(name, entries[name]) for name in fmt.ENTRIES])
    else:  # a byte of the stored part changed: its CRC no longer holds
        at = good.read_bytes().index(dossiers) + len(dossiers) // 2
        data = good.read_bytes()[:at] + b"#" + good.read_bytes()[at + 1 :]
    bad = tmp_path / "bad" / good.name
    bad.parent.mkdir()
    bad.write_bytes(data)
    with pytest.raises(fmt.SyncFileError) as verified:
        upstream.verify(bad, store)
    assert verified.value.problem is Problem.ALTERED
    refused = _refused(store, bad, Problem.ALTERED)
    assert refused.message.startswith(str(verified.value)), refused.message
    assert import_one(store, good).outcome == "imported"


@_FORK
@pytest.mark.usefixtures("in_a_second_process")
def test_a_second_process_that_dies_leaves_the_check_to_this_one(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    def die(*_: object) -> None:
        os._exit(9)

    monkeypatch.setattr(record_check, "_check_and_send", die)
    bad = desk.export(tmp_path / "in", [_bad_dossier(desk, 1)])
    assert "NgayTiepNhan" in _refused(store, bad, Problem.ALTERED).message
    desk.seq, desk.previous = 0, None  # the bad export never reached upstream: write it again
    good = desk.export_new(tmp_path / "again", 1, 3)
    assert import_one(store, good).outcome == "imported"


@_FORK
def test_with_other_threads_running_the_records_are_checked_here_not_forked(
    store: UpstreamStore,
    desk: SynthDesk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    record_checks: list[tuple[object, int | None]],
) -> None:
    """A fork while another thread holds a lock (import, logging) can hang the child."""
    monkeypatch.setattr(record_check, "PARALLEL_BYTES", 0)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        bad = desk.export(tmp_path / "in", [_bad_dossier(desk, 1)])
        assert "NgayTiepNhan" in _refused(store, bad, Problem.ALTERED).message
    finally:
        release.set()
        other.join()
    assert [pid for _, pid in record_checks] == [None]


@_FORK
@pytest.mark.usefixtures("in_a_second_process")
def test_a_second_process_stuck_is_killed_and_the_check_done_here(
    store: UpstreamStore,
    desk: SynthDesk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    record_checks: list[tuple[object, int | None]],
) -> None:
    monkeypatch.setattr(record_check, "_check_and_send", lambda *_: threading.Event().wait())
    monkeypatch.setattr(record_check, "RECORD_CHECK_MIN_SECONDS", 0.05)
    monkeypatch.setattr(record_check, "RECORD_CHECK_SECONDS_PER_MB", 0.0)
    bad = desk.export(tmp_path / "in", [_bad_dossier(desk, 1)])
    assert "NgayTiepNhan" in _refused(store, bad, Problem.ALTERED).message
    assert len(record_checks) == 1 and _ended(record_checks[0])


@_FORK
@pytest.mark.usefixtures("in_a_second_process")
def test_the_second_process_is_ended_when_the_store_fails_before_its_verdict(
    store: UpstreamStore,
    desk: SynthDesk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    record_checks: list[tuple[object, int | None]],
) -> None:
    good = desk.export_new(tmp_path / "in", 1, 3)

    def locked(_: str) -> None:
        raise UpstreamStoreError("kho đang bị khóa", "the store is locked")

    monkeypatch.setattr(store, "importing", locked)
    assert import_one(store, good).outcome == "failed"

    def broken(*_: object) -> None:
        raise RuntimeError("a bug in the sequence look-up")

    monkeypatch.setattr(store, "import_record", broken)
    monkeypatch.setattr(verifying, "check_sequence", broken)
    monkeypatch.setattr(importing, "check_sequence", broken)
    with pytest.raises(RuntimeError):
        import_one(store, good)
    assert len(record_checks) == 2 and all(_ended(check) for check in record_checks)


@pytest.mark.usefixtures("in_a_second_process")
def test_a_record_at_fault_is_named_before_the_sequence(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    """As when every record is checked first: a file both out of sequence and holding a bad
    record is refused for the record, and logged as nothing missing."""
    desk.export_new(tmp_path / "skipped", 1, 1)  # export 1, never imported
    bad = desk.export(tmp_path / "in", [_bad_dossier(desk, 2)])
    assert "NgayTiepNhan" in _refused(store, bad, Problem.ALTERED).message
    assert upstream.missing_sequences(store) == {}


def test_a_lone_surrogate_is_read_by_the_reference_parser_and_rejected_not_fatal(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    """msgspec refuses the JSON escape of a lone surrogate, json.loads reads it: the part is
    then read by the reference parser, and the record rejected as one no store can keep."""
    odd = desk.dossier(2)
    odd["GhiChu"] = "PLACE"
    lines = fmt.jsonl([desk.dossier(1), odd]).replace(b"PLACE", b"\\ud800")
    desk.seq += 1
    manifest = {
        "agency_code": desk.agency,
        "station": desk.station,
        "desk_id": desk.desk_id,
        "export_seq": desk.seq,
        "previous_manifest_sha256": desk.previous,
        "change_seq_from": 0,
        "change_seq_to": desk.version,
        "generated_at": "20260115170000",
    }
    parts = {"dossiers.jsonl": lines, "steps.jsonl": b"", "tombstones.jsonl": b""}
    data, _ = fmt.build_file(
        manifest, parts, {"dossiers": 2, "steps": 0, "tombstones": 0}, desk.key
    )
    path = tmp_path / fmt.file_name(desk.agency, desk.station, desk.seq)
    path.write_bytes(data)
    result = import_one(store, path)
    assert result.outcome == "imported", result.message
    assert (result.accepted, result.rejected) == (1, 1)
    assert store.dossier(AGENCY, desk.code(2)) is None
