"""An export killed at any moment: recorded at the desk if and only if its file exists.

A real `python -m onestop_desktop export` process is killed (SIGKILL, aimed with the test-only
`ONESTOP_TEST_CRASH_AT` at a named step of sync/export.py), the stick is carried upstream as the
kill left it, and the desk is opened again: the exports it records and the files in both
folders agree, no `.part` is left, and the next export is accepted by a real upstream store
after every earlier file, with no replay refused.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from onestop_desktop import upstream
from onestop_desktop.domain.clock import FixedClock
from onestop_desktop.operations import Desk, ReceiveRequest
from onestop_desktop.store import sync as sync_store
from onestop_desktop.store.database import latest_schema, open_database
from onestop_desktop.sync import format as fmt
from onestop_desktop.sync.export import ExportError, archive_dir, export_lock
from onestop_desktop.upstream.store import UpstreamStore, open_store
from tests.helpers import ROOT, WEDNESDAY_9AM, downgrade, make_desk
from tests.upstream_helpers import clock as upstream_clock

#: an export's steps, in order; a kill at one of the first nine leaves no file (dropped at the
#: next start), at one of the last five a file (recorded). "-renamed" is just after the rename,
#: before the folder's entry is synced; "-placed" after that.
DROPPED_AT = (
    "locked",
    "built",
    "pending",
    "archive-half-written",
    "folder-half-written",
    "archive-synced",
    "folder-synced",
    "verified",
    "hashed",
)
RECORDED_AT = ("archive-renamed", "archive-placed", "folder-renamed", "folder-placed", "recorded")
KILLS_PER_STEP = 3


@dataclass
class Office:
    """A desk on a real database, its USB folder, and the upstream store its files go to."""

    db: Path
    usb: Path
    acks: Path
    store: UpstreamStore
    names: int = 0

    def open(self) -> Desk:
        return Desk.open(self.db, FixedClock(WEDNESDAY_9AM))

    def work(self) -> None:
        """A little of a day's work, so the next export has something to carry."""
        desk = self.open()
        try:
            for _ in range(2):
                self.names += 1
                desk.receive(ReceiveRequest("2.000815", f"Nguyễn Văn {chr(65 + self.names % 26)}"))
        finally:
            desk.close()

    def export_killed_at(self, step: str, folder: Path | None = None) -> None:
        """Run the command line's export, killed at `step`."""
        command = [sys.executable, "-m", "onestop_desktop", "--db", str(self.db)]
        done = subprocess.run(
            [*command, "export", "--out", str(folder or self.usb)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONIOENCODING": "utf-8", "ONESTOP_TEST_CRASH_AT": step},
            timeout=120,
        )
        assert done.returncode == -signal.SIGKILL, (step, done.returncode, done.stderr)

    def carry_upstream(self, folder: Path | None = None) -> list[upstream.ImportResult]:
        """Import every sync file the folder holds, as the clerk carrying the stick would."""
        folder = folder or self.usb
        files = sorted(folder.glob("*.zip")) if folder.is_dir() else []
        results = upstream.import_files(self.store, files, self.acks, clock=upstream_clock())
        refused = [r for r in results if r.outcome not in ("imported", "already_imported")]
        assert not refused, [(r.path.name, r.message) for r in refused]
        return results


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    desk = make_desk(tmp_path / "desk.sqlite3", station=1)
    key = desk.public_key()
    desk.close()
    (tmp_path / "acks").mkdir()
    with open_store(tmp_path / "upstream.sqlite3") as store:
        upstream.register_desk(store, key["desk_id"], key["public_key"])
        yield Office(tmp_path / "desk.sqlite3", tmp_path / "usb", tmp_path / "acks", store)


def assert_files_and_records_agree(desk: Desk, *folders: Path) -> None:
    """Every recorded export has its file, with its SHA-256, in the desk's archive and in each
    folder; every file there is a recorded export; nothing is pending, no `.part` is left."""
    assert sync_store.pending_exports(desk.db) == []
    records = desk.exports()
    assert [r.export_seq for r in records] == list(range(1, len(records) + 1))
    recorded = sorted(r.file_name for r in records)
    for folder in (archive_dir(desk.db), *folders):
        present = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
        assert present == recorded, folder
        for record in records:
            assert fmt.sha256((folder / record.file_name).read_bytes()) == record.file_sha256


def assert_next_export_is_accepted(office: Office) -> None:
    """The next export is imported upstream after all earlier files: no replay refused."""
    office.work()
    desk = office.open()
    try:
        result = desk.export(office.usb)
        assert result is not None
        assert_files_and_records_agree(desk, office.usb)
    finally:
        desk.close()
    results = office.carry_upstream()
    assert results[-1].path == result.path and results[-1].outcome == "imported"
    assert results[-1].export_seq == result.record.export_seq


def kill_and_reopen(office: Office, step: str) -> int:
    """One kill at `step`, the stick carried upstream as it is, the desk reopened: how many
    exports the kill added to the desk's record (0 or 1)."""
    office.work()
    desk = office.open()
    before = len(desk.exports())
    desk.close()
    office.export_killed_at(step)
    office.carry_upstream()  # the file the kill left, if any, goes upstream before the desk sees it
    desk = office.open()
    try:
        assert_files_and_records_agree(desk, office.usb)
        return len(desk.exports()) - before
    finally:
        desk.close()


@pytest.mark.parametrize("step", DROPPED_AT + RECORDED_AT)
def test_an_export_killed_at_any_step_is_recorded_if_and_only_if_its_file_exists(
    office: Office, step: str
) -> None:
    added = [kill_and_reopen(office, step) for _ in range(KILLS_PER_STEP)]
    assert added == [int(step in RECORDED_AT)] * KILLS_PER_STEP
    assert_next_export_is_accepted(office)
    assert office.store.counts()["imports"] == sum(added) + 1


@pytest.mark.parametrize(("step", "recorded"), [("verified", 0), ("archive-placed", 1)])
def test_a_start_killed_while_settling_settles_at_the_next_start(
    office: Office, step: str, recorded: int
) -> None:
    """Settling is itself killed (the export command settles before it numbers the next
    file): the next start settles the same way."""
    office.work()
    office.export_killed_at(step)
    office.export_killed_at("settling")
    office.carry_upstream()
    desk = office.open()
    try:
        assert len(desk.exports()) == recorded
        assert_files_and_records_agree(desk, office.usb)
    finally:
        desk.close()
    assert_next_export_is_accepted(office)


@pytest.mark.parametrize("step", ["archive-placed", "folder-placed"])
def test_a_stick_pulled_out_before_the_next_start_leaves_the_export_recorded_from_the_desk_copy(
    office: Office, tmp_path: Path, step: str
) -> None:
    """The desk's archived copy tells whether the export exists: with the stick gone, it is
    recorded and written again from that copy onto another stick; the first stick, back for
    the next export, loses the `.part` the kill left on it."""
    office.work()
    office.export_killed_at(step)
    first_stick = office.usb.rename(tmp_path / "pulled-out")  # with whatever the kill left
    desk = office.open()
    try:
        assert [s.outcome for s in desk.settled] == ["recorded"]
        assert not desk.settled[0].in_folder
        assert_files_and_records_agree(desk)
        again = desk.export_again(1, tmp_path / "other-stick")
        assert fmt.sha256(again.read_bytes()) == desk.exports()[0].file_sha256
    finally:
        desk.close()
    office.carry_upstream(again.parent)
    if step == "folder-placed":  # the pulled stick holds the very same file
        assert (first_stick / again.name).read_bytes() == again.read_bytes()
    assert list(first_stick.glob("*.part")) == (
        [] if step == "folder-placed" else [first_stick / f"{again.name}.part"]
    )

    first_stick.rename(office.usb)  # plugged in again for the next day's export
    office.work()
    desk = office.open()
    try:
        result = desk.export(office.usb)
        assert result is not None and result.record.export_seq == 2
        records = {r.file_name: r.file_sha256 for r in desk.exports()}
    finally:
        desk.close()
    held = {p.name: fmt.sha256(p.read_bytes()) for p in office.usb.iterdir()}
    assert held.items() <= records.items() and result.path.name in held  # and no .part
    assert office.carry_upstream()[-1].outcome == "imported"


def test_a_desk_opened_while_an_export_runs_leaves_that_export_alone(office: Office) -> None:
    """Another window or command is exporting (it holds the export lock): its pending row is
    its own, not one a crash left; the next start after it settles it."""
    office.work()
    office.export_killed_at("pending")
    running = open_database(office.db, create=False)  # the other export, as the lock sees it
    try:
        with export_lock(running):
            desk = office.open()
            assert desk.settled == () and len(sync_store.pending_exports(desk.db)) == 1
            desk.close()
    finally:
        running.close()
    desk = office.open()
    try:
        assert [s.outcome for s in desk.settled] == ["dropped"]
        assert_files_and_records_agree(desk, office.usb)
    finally:
        desk.close()


def test_a_desk_of_the_version_before_keeps_its_exports_and_settles_nothing(
    office: Office,
) -> None:
    """Migration 0005 from a database of version 4 with an export recorded."""
    office.work()
    desk = office.open()
    assert desk.export(office.usb) is not None
    desk.close()
    downgrade(office.db, 4)
    desk = office.open()
    try:
        assert desk.db.schema_version == latest_schema()
        assert [r.export_seq for r in desk.exports()] == [1] and desk.settled == ()
        assert_files_and_records_agree(desk, office.usb)
    finally:
        desk.close()
    office.carry_upstream()
    assert_next_export_is_accepted(office)


def test_an_export_that_fails_takes_back_its_pending_row_and_both_copies(
    office: Office, tmp_path: Path
) -> None:
    """A failure the process survives (the folder cannot be written) is undone at once: no
    pending row, no file, no `.part` in either place; the next export is number 1."""
    office.work()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the USB folder should be")
    desk = office.open()
    try:
        with pytest.raises(ExportError):
            desk.export(blocker)
        assert sync_store.pending_exports(desk.db) == [] and desk.exports() == []
        assert_files_and_records_agree(desk)
        result = desk.export(office.usb)
        assert result is not None and result.record.export_seq == 1
    finally:
        desk.close()
    assert office.carry_upstream()[-1].outcome == "imported"
