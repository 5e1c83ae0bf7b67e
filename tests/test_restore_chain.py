"""The export chain after a restore (issue 9): a desk restored from a backup older than its last
export replays the exports written since, and upstream accepts the next one.

Most tests here make the backup with SQLite's online backup API and a copy of the key file, to
hold the replay itself to each case; the last ones go through the real `backup` and `restore
--exports`, with and without the key in the backup."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onestop_desktop import upstream
from onestop_desktop.bench.plain import online_backup
from onestop_desktop.domain.clock import FixedClock
from onestop_desktop.domain.dossier import InvalidInput, sequence_for
from onestop_desktop.domain.status import Status
from onestop_desktop.operations import Desk, ReceiveRequest, UnknownDossier
from onestop_desktop.operations.replay import number_of
from onestop_desktop.store import sync as sync_store
from onestop_desktop.sync import export as sync_export
from onestop_desktop.sync import format as fmt
from onestop_desktop.sync import keys
from onestop_desktop.upstream.store import UpstreamStore, open_store
from tests.helpers import make_desk
from tests.upstream_helpers import import_one

MARRIAGE_STATUS = "1.004873"
BIRTH = "1.001193"


def _advance(desk: Desk, minutes: int = 20) -> None:
    clock = desk.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(minutes=minutes))


def _receive(desk: Desk, name: str, procedure: str = MARRIAGE_STATUS) -> str:
    _advance(desk)
    return desk.receive(ReceiveRequest(procedure, name, note=f"hồ sơ của {name}")).code


def _parts(desk: Desk, hi: int) -> dict[str, bytes]:
    """The dossiers and steps of the change range (0, hi] as an export spells them."""
    data, *_ = sync_export.build_range(desk.db, desk.settings, desk.signing_key(), 1, 0, hi, None)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in ("dossiers.jsonl", "steps.jsonl")}


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the desk's tables, to tell whether anything changed."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'dossier_search%' ORDER BY name"
            )
        ]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    finally:
        conn.close()


@dataclass
class Story:
    """A desk's day up to its disk dying: what was exported, where, and what upstream holds."""

    path: Path
    usb: Path
    store: UpstreamStore
    desk: Desk
    old_key: str
    exported: list[str]
    lost: str
    #: when it was received
    lost_at: str
    #: the exported range's dossiers and steps as the desk spelled them before the crash
    parts: dict[str, bytes]
    #: the last change the last export carried
    exported_to: int


def _backup(path: Path, to: Path, keep_key: bool) -> None:
    online_backup(path, to)
    if keep_key:
        shutil.copy2(keys.key_path(path), keys.key_path(to))


def _live_through_the_day(tmp_path: Path, keep_key: bool) -> Story:
    """Receive, export, back up, receive and move, export again, receive more; then the disk
    dies (the database, its key and its archived exports are gone) and the backup comes back."""
    path = tmp_path / "desk" / "desk.sqlite3"
    usb = tmp_path / "usb"
    backup = tmp_path / "backup" / "desk.sqlite3"
    backup.parent.mkdir()
    store = open_store(tmp_path / "upstream.sqlite3")
    desk = make_desk(path, station=1)
    info = desk.public_key()
    upstream.register_desk(store, info["desk_id"], info["public_key"])

    first = [_receive(desk, "Phan Thị Ngọc Hân"), _receive(desk, "Đặng Văn Đức", BIRTH)]
    one = desk.export(usb)
    assert one is not None
    assert import_one(store, one.path).outcome == "imported"
    desk.close()
    _backup(path, backup, keep_key)
    desk = Desk.open(path, clock=desk.clock)

    # After the backup: received, moved through their life, asked for papers, exported.
    second = [_receive(desk, "Lê Thị Hoa"), _receive(desk, "Trần Quốc Bảo", BIRTH)]
    _advance(desk)
    desk.transition(first[0], Status.IN_PROGRESS)
    _advance(desk)
    desk.transition(first[0], Status.SUPPLEMENT_REQUESTED, note="Thiếu bản sao CCCD")
    _advance(desk)
    desk.transition(first[1], Status.RESOLVED)
    _advance(desk)
    desk.transition(first[1], Status.RETURNED, collected_by="Đặng Văn Đức")
    due = desk.get(second[0]).due_at
    assert due is not None
    _advance(desk)
    desk.apologise(second[0], due + timedelta(days=3), "Chờ xác minh của xã khác")
    two = desk.export(usb)
    assert two is not None
    assert import_one(store, two.path).outcome == "imported"
    parts = _parts(desk, two.record.change_seq_to)

    lost = _receive(desk, "Võ Thị Mất")  # received after the last export: the one loss
    lost_at = desk.get(lost).received_at.isoformat()
    clock = desk.clock
    desk.close()

    # The disk dies: the database, its key and the archived copies of the exports are gone.
    shutil.rmtree(path.parent)
    path.parent.mkdir()
    shutil.copy2(backup, path)
    if keep_key:
        shutil.copy2(keys.key_path(backup), keys.key_path(path))
    else:
        keys.create_key(keys.key_path(path))  # the restored desk makes a new key
    restored = Desk.open(path, clock=clock)
    return Story(
        path,
        usb,
        store,
        restored,
        info["public_key"],
        first + second,
        lost,
        lost_at,
        parts,
        two.record.change_seq_to,
    )


@pytest.fixture
def story(tmp_path: Path) -> Iterator[Story]:
    told = _live_through_the_day(tmp_path, keep_key=True)
    yield told
    told.desk.close()
    told.store.close()


def test_a_restored_desk_replays_its_exports_and_upstream_accepts_the_next_one(
    story: Story,
) -> None:
    desk = story.desk
    assert sync_store.last_export(desk.db) is not None
    result = desk.replay_exports([story.usb])

    assert result.exports_replayed == [2]
    assert result.last_export_seq == 2
    assert (result.dossiers, result.tombstones) == (4, 0)
    assert result.steps == 7  # two receipts, four moves, one apology
    assert [(s.path.name[-12:], s.problem) for s in result.skipped] == [
        ("00000001.zip", "already_at_desk")
    ]
    # every dossier and step ever exported is back, as the export spells them
    assert _parts(desk, story.exported_to) == story.parts
    for code in story.exported:
        assert desk.get(code).code == code
    # the apology is graded as the desk graded it: against the due time it moved, from its moment
    (apologised,) = desk.db.query(
        "SELECT d.first_apology_at, d.due_before_apology, e.at, json_extract(e.data, "
        "'$.previous_due') AS previous FROM dossiers d JOIN dossier_events e "
        "ON e.dossier_id = d.id AND e.kind = 'apology' WHERE d.code = ?",
        (story.exported[2],),
    )
    assert apologised["first_apology_at"] == apologised["at"]
    assert apologised["due_before_apology"] == apologised["previous"] is not None
    # the one dossier received after the last export is what the desk may be missing
    with pytest.raises(UnknownDossier):
        desk.get(story.lost)
    assert result.missing_since is not None
    assert result.missing_since < story.lost_at

    # new work continues the chain: a fresh code, the next export number, upstream accepts it
    new = _receive(desk, "Nguyễn Văn Mới")
    assert new not in story.exported
    assert sync_store.last_change_seq(desk.db) > sync_store.export_by_seq(desk.db, 2).change_seq_to
    three = desk.export(story.usb)
    assert three is not None
    assert three.record.export_seq == 3
    assert three.record.dossiers == 1  # only the new work
    imported = import_one(story.store, three.path)
    assert (imported.outcome, imported.accepted) == ("imported", 1)
    for code in [*story.exported, new]:
        held = story.store.dossier(desk.settings.agency_code, code)
        assert held is not None, code
    # the desk's own copy of the replayed export lets it write the file again
    assert (
        desk.export_again(2, story.usb.parent / "again").read_bytes()
        == (story.usb / sync_store.export_by_seq(desk.db, 2).file_name).read_bytes()
    )


def test_codes_issued_after_the_replay_continue_past_the_replayed_ones(story: Story) -> None:
    story.desk.replay_exports([story.usb])
    new = _receive(story.desk, "Nguyễn Văn Mới")
    numbers = {int(code.rsplit("-", 1)[1]) for code in story.exported}
    assert int(new.rsplit("-", 1)[1]) == max(numbers) + 1


def test_without_the_replay_the_desk_would_reuse_a_code_and_break_the_chain(
    story: Story,
) -> None:
    """What the replay prevents, shown on the restored desk as it comes back."""
    new = _receive(story.desk, "Nguyễn Văn Mới")
    assert new in story.exported
    clash = story.desk.export(story.usb.parent / "clash")
    assert clash is not None and clash.record.export_seq == 2
    assert import_one(story.store, clash.path).outcome == "refused"


def test_replaying_twice_changes_nothing(story: Story) -> None:
    story.desk.replay_exports([story.usb])
    before = _dump(story.path)
    again = story.desk.replay_exports([story.usb, story.usb])
    assert again.exports_replayed == []
    assert (again.dossiers, again.steps, again.tombstones) == (0, 0, 0)
    assert {s.problem for s in again.skipped} == {"already_at_desk"}
    assert _dump(story.path) == before


def _altered(source: Path, target: Path) -> None:
    """A copy of an export whose dossiers part has one letter changed (the manifest kept)."""
    with zipfile.ZipFile(source) as archive:
        entries = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    changed = entries["dossiers.jsonl"].replace(b"Hoa", b"Hoc", 1)
    assert changed != entries["dossiers.jsonl"]
    entries["dossiers.jsonl"] = changed
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)


def test_an_altered_or_foreign_copy_is_refused_whole_and_a_good_copy_applied(
    story: Story, tmp_path: Path
) -> None:
    desk = story.desk
    name = sync_store.export_by_seq(desk.db, 1)
    assert name is not None
    good = story.usb / name.file_name.replace("00000001", "00000002")
    altered = tmp_path / "stick-a" / good.name
    _altered(good, altered)
    foreign = tmp_path / "stick-b" / good.name
    foreign.parent.mkdir()
    # the same export, laid out as a desk lays it, but signed by another key
    with zipfile.ZipFile(good) as archive:
        parts = {p: archive.read(p) for p in ("dossiers.jsonl", "steps.jsonl", "tombstones.jsonl")}
        manifest = archive.read("manifest.json")
    fields = json.loads(manifest)
    counts = fields.pop("counts")
    for key in ("parts", "format", "version", "key_fingerprint"):
        fields.pop(key)
    data, _ = fmt.build_file(fields, parts, counts, Ed25519PrivateKey.generate())
    foreign.write_bytes(data)
    before = _dump(story.path)

    refused = desk.replay_exports([altered.parent, foreign.parent])
    assert refused.exports_replayed == []
    assert [(s.path, s.problem) for s in refused.skipped] == [
        (altered, "altered"),
        (foreign, "unknown_desk"),
    ]
    assert _dump(story.path) == before  # nothing of either was applied

    applied = desk.replay_exports([altered.parent, foreign.parent, story.usb])
    assert applied.exports_replayed == [2]
    assert _parts(desk, story.exported_to) == story.parts


def test_a_file_that_does_not_follow_the_desk_s_last_export_is_refused(
    story: Story, tmp_path: Path
) -> None:
    desk = story.desk
    last = sync_store.last_export(desk.db)
    assert last is not None
    # export 2 as the desk would write it, signed with its key, chained to another manifest
    data, *_ = sync_export.build_range(
        desk.db,
        desk.settings,
        desk.signing_key(),
        2,
        last.change_seq_to,
        last.change_seq_to,
        "0" * 64,
    )
    stick = tmp_path / "stick"
    stick.mkdir()
    forged = stick / fmt.file_name(desk.settings.agency_code, desk.settings.station, 2)
    forged.write_bytes(data)
    before = _dump(story.path)
    result = desk.replay_exports([stick])
    assert [(s.path, s.problem) for s in result.skipped] == [(forged, "out_of_sequence")]
    assert _dump(story.path) == before


def test_a_restored_desk_worked_on_before_the_replay_is_refused_not_mixed(story: Story) -> None:
    desk = story.desk
    clash = _receive(desk, "Nguyễn Văn Vội")  # received before replaying: takes a used code
    assert clash in story.exported
    before = _dump(story.path)
    result = desk.replay_exports([story.usb])
    assert result.exports_replayed == []
    assert [s.problem for s in result.skipped] == ["already_at_desk", "diverged"]
    assert "worked on before the replay" in result.skipped[1].reason
    assert _dump(story.path) == before
    assert desk.get(clash).applicant.name == "Nguyễn Văn Vội"


def test_a_gap_stops_the_replay_before_it_and_says_which_export_is_missing(
    story: Story, tmp_path: Path
) -> None:
    desk = story.desk
    third = tmp_path / "stick"
    third.mkdir()
    # export 3 without export 2: written by the same desk (the original one, on another stick)
    name = sync_store.export_by_seq(desk.db, 1)
    assert name is not None
    for path in story.usb.glob("*00000002.zip"):
        shutil.copy2(path, third / path.name.replace("00000002", "00000003"))
    before = _dump(story.path)
    result = desk.replay_exports([third])
    assert result.exports_replayed == []
    assert [s.problem for s in result.skipped] == ["gap"]
    assert "export 2 is missing" in result.skipped[0].reason
    assert _dump(story.path) == before


def test_a_restored_desk_with_a_new_key_replays_with_the_previous_one_and_upstream_takes_the_new(
    tmp_path: Path,
) -> None:
    told = _live_through_the_day(tmp_path, keep_key=False)
    desk = told.desk
    try:
        refused = desk.replay_exports([told.usb])
        assert refused.exports_replayed == []
        assert [s.problem for s in refused.skipped][-1] == "unknown_desk"
        assert "give its previous public key" in refused.skipped[-1].reason
        assert "khóa công khai cũ" in refused.skipped[-1].reason_vi

        result = desk.replay_exports([told.usb], previous_public_key=told.old_key)
        assert result.exports_replayed == [2]
        assert _parts(desk, told.exported_to) == told.parts

        new = _receive(desk, "Nguyễn Văn Mới")
        three = desk.export(told.usb)
        assert three is not None and three.record.export_seq == 3
        # upstream refuses the new key until the administrator registers it in place of the old
        assert import_one(told.store, three.path).problem is not None
        info = desk.public_key()
        upstream.register_desk(told.store, info["desk_id"], info["public_key"], replace=True)
        imported = import_one(told.store, three.path)
        assert (imported.outcome, imported.accepted) == ("imported", 1)
        assert told.store.dossier(desk.settings.agency_code, new) is not None
    finally:
        desk.close()
        told.store.close()


def test_a_missing_folder_is_bad_input_naming_it(story: Story, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        story.desk.replay_exports([tmp_path / "nowhere"])
    assert caught.value.for_field("folders") is not None
    assert "nowhere" in str(caught.value)


@pytest.mark.parametrize(
    ("station", "sequence", "number"),
    [(0, 7, 7), (1, 1001, 1), (1, 1999, 999), (1, 101000, 1000), (2, 1001, None), (1, 2001, None)],
)
def test_a_code_s_day_number_is_read_back_for_its_station(
    station: int, sequence: int, number: int | None
) -> None:
    assert number_of(station, sequence) == number
    if number is not None:
        assert sequence_for(station, number) == sequence


def test_a_deletion_replayed_removes_the_dossier_and_its_code_is_never_issued_again(
    tmp_path: Path,
) -> None:
    path = tmp_path / "desk" / "desk.sqlite3"
    usb = tmp_path / "usb"
    backup = tmp_path / "backup.sqlite3"
    desk = make_desk(path, station=1)
    kept = _receive(desk, "Phan Thị Ngọc Hân")
    gone_later = _receive(desk, "Đỗ Văn Bỏ")  # in the backup, deleted after it
    assert desk.export(usb) is not None
    _backup(path, backup, keep_key=True)
    second = _receive(desk, "Lê Thị Hoa")
    deleted = _receive(desk, "Trần Văn Xóa")
    # No operation deletes a dossier yet; the format carries deletions, so do it as the
    # desk's own trigger expects (its history first).
    for code in (gone_later, deleted):
        row = desk.db.query_one("SELECT id FROM dossiers WHERE code = ?", (code,))
        assert row is not None
        with desk.db.transaction() as conn:
            conn.execute("DELETE FROM dossier_events WHERE dossier_id = ?", (row["id"],))
            conn.execute("DELETE FROM dossiers WHERE id = ?", (row["id"],))
    two = desk.export(usb)
    assert two is not None and two.record.tombstones == 2
    clock = desk.clock
    desk.close()
    shutil.rmtree(path.parent)
    path.parent.mkdir()
    shutil.copy2(backup, path)
    shutil.copy2(keys.key_path(backup), keys.key_path(path))

    restored = Desk.open(path, clock=clock)
    try:
        result = restored.replay_exports([usb])
        assert (result.exports_replayed, result.dossiers, result.tombstones) == ([2], 1, 2)
        assert restored.get(second).applicant.name == "Lê Thị Hoa"
        for code in (gone_later, deleted):
            with pytest.raises(UnknownDossier):
                restored.get(code)
        # the tombstones keep the numbers the export gave them, none is made anew
        tombstones = sync_store.tombstones_in_range(restored.db, 0, 2**62)
        assert [(t["entity_key"], t["change_seq"]) for t in tombstones] == [
            (gone_later, two.record.change_seq_to - 1),
            (deleted, two.record.change_seq_to),
        ]
        assert sync_store.last_change_seq(restored.db) == two.record.change_seq_to
        new = _receive(restored, "Nguyễn Văn Mới")
        assert int(new.rsplit("-", 1)[1]) == int(deleted.rsplit("-", 1)[1]) + 1
        assert kept != new
    finally:
        restored.close()


def test_a_backup_older_than_the_first_export_replays_it_leaving_what_it_holds_alone(
    tmp_path: Path,
) -> None:
    path = tmp_path / "desk" / "desk.sqlite3"
    usb = tmp_path / "usb"
    backup = tmp_path / "backup.sqlite3"
    desk = make_desk(path, station=1)
    moved = _receive(desk, "Phan Thị Ngọc Hân")
    unchanged = _receive(desk, "Lê Thị Hoa")
    _backup(path, backup, keep_key=True)
    _advance(desk)
    desk.transition(moved, Status.IN_PROGRESS, note="Chuyển phòng Tư pháp")
    one = desk.export(usb)
    assert one is not None
    parts = _parts(desk, one.record.change_seq_to)
    clock = desk.clock
    desk.close()
    path.unlink()
    shutil.copy2(backup, path)

    restored = Desk.open(path, clock=clock)
    try:
        result = restored.replay_exports([usb])
        # the unchanged dossier and both receipts are the backup's own: left as they are
        assert (result.exports_replayed, result.dossiers, result.steps) == ([1], 1, 1)
        assert restored.get(moved).status is Status.IN_PROGRESS
        assert restored.get(unchanged).status is Status.RECEIVED
        assert _parts(restored, one.record.change_seq_to) == parts
    finally:
        restored.close()


@pytest.mark.parametrize("on_the_stick", [False, True])
def test_the_whole_story_through_the_backup_and_restore_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], on_the_stick: bool
) -> None:
    """Receive, export, back up, receive and export again, receive more, lose the disk, then
    `restore --exports STICK`: the backup comes back, the exports since are replayed, and
    upstream takes the next export. From the stick the backup carries no key: the restored desk
    makes a new one, verifies the old exports with the public key the backup recorded, and
    upstream takes the next export once the new key is registered in place of the old."""
    from onestop_desktop.cli import main

    path = tmp_path / "desk" / "desk.sqlite3"
    usb = tmp_path / "usb"
    store = open_store(tmp_path / "upstream.sqlite3")
    desk = make_desk(path, station=1)
    info = desk.public_key()
    upstream.register_desk(store, info["desk_id"], info["public_key"])
    try:
        exported = [_receive(desk, "Phan Thị Ngọc Hân")]
        one = desk.export(usb)
        assert one is not None and import_one(store, one.path).outcome == "imported"
        backup = desk.backup(usb / "backups" if on_the_stick else None).backup
        assert backup.has_key is not on_the_stick and backup.public_key == info["public_key"]
        exported += [_receive(desk, "Lê Thị Hoa"), _receive(desk, "Trần Quốc Bảo", BIRTH)]
        two = desk.export(usb)
        assert two is not None and import_one(store, two.path).outcome == "imported"
        lost = _receive(desk, "Võ Thị Mất")
        clock = desk.clock
        desk.close()

        # The disk dies: the database, its key, its archive and outbox; the backup is kept
        # (on the stick, or copied off the PC before).
        kept = tmp_path / "kept" / backup.path.name
        kept.parent.mkdir()
        shutil.copy2(backup.path, kept)
        shutil.rmtree(path.parent)
        path.parent.mkdir()

        capsys.readouterr()
        args = ["--db", str(path), "restore", str(kept), "--exports", str(usb), "--yes"]
        assert main([*args, "--json"]) == 0
        told = json.loads(capsys.readouterr().out)
        assert told["new_key_made"] is on_the_stick
        assert told["replay"]["exports_replayed"] == [2]
        assert told["replay"]["last_export_seq"] == 2
        assert told["replay"]["missing_since"] is not None

        desk = Desk.open(path, clock=clock)
        for code in exported:
            assert desk.get(code).code == code
        with pytest.raises(UnknownDossier):
            desk.get(lost)
        new = _receive(desk, "Nguyễn Văn Mới")
        three = desk.export(usb)
        assert three is not None and three.record.export_seq == 3
        if on_the_stick:
            assert import_one(store, three.path).problem is not None  # the new key, unknown
            now = desk.public_key()
            upstream.register_desk(store, now["desk_id"], now["public_key"], replace=True)
        imported = import_one(store, three.path)
        assert (imported.outcome, imported.accepted) == ("imported", 1)
        for code in [*exported, new]:
            assert store.dossier(desk.settings.agency_code, code) is not None, code
        desk.close()
    finally:
        store.close()


def test_restore_refuses_an_exports_folder_that_does_not_exist_before_replacing_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from onestop_desktop.cli import main

    path = tmp_path / "desk.sqlite3"
    desk = make_desk(path, station=1)
    _receive(desk, "Phan Thị Ngọc Hân")
    backup = desk.backup().backup
    desk.close()
    before = path.read_bytes()
    args = ["--db", str(path), "restore", str(backup.path), "--exports", str(tmp_path / "no")]
    assert main([*args, "--yes"]) == 2
    assert "--exports" in capsys.readouterr().err
    assert path.read_bytes() == before
