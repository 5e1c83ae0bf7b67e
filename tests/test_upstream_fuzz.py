"""Bad input, generated (hypothesis): truncated, byte-flipped, reordered, duplicated, re-signed
and random files fed to the verifier and the importer of both stores. Each is refused with a
SyncFileError naming the problem (never another exception, and the store unchanged), or, when
it is an authentic file of the desk, imported correctly."""

from __future__ import annotations

import json
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onestop_desktop import upstream
from onestop_desktop.sync import format as fmt
from onestop_desktop.upstream.store import UpstreamStore, open_store
from tests.upstream_helpers import (
    BACKENDS,
    SynthDesk,
    clock,
    entries_of,
    postgres_cluster,
    repack,
    resign,
    stop_postgres_cluster,
)

Problem = fmt.Problem
FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DATA_TABLES = ("dossiers", "steps", "tombstones")


@dataclass
class World:
    """A store holding the desk's export 1, and its export 2 to be mangled: every example
    starts again from that state."""

    kind: str
    folder: Path
    desk: SynthDesk
    base: Path
    target: bytes
    target_name: str
    reference: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    _target: str = ""  # the SQLite master copy, or the PostgreSQL address
    _dirty: bool = True

    @contextmanager
    def fresh(self) -> Iterator[UpstreamStore]:
        if self.kind == "sqlite":
            copy = self.folder / "example.sqlite3"
            copy.unlink(missing_ok=True)
            shutil.copyfile(self._target, copy)
            with open_store(copy) as store:
                yield store
            return
        if self._dirty:
            cluster = postgres_cluster()
            cluster.drop_schema(self._target)
            self._target = cluster.new_schema()
            with open_store(self._target) as store:
                self._load_base(store)
            self._dirty = False
        with open_store(self._target) as store:
            yield store

    def _load_base(self, store: UpstreamStore) -> None:
        self.desk.register(store)
        assert upstream.import_file(store, self.base, self.folder, clock()).outcome == "imported"

    def setup(self) -> None:
        if self.kind == "sqlite":
            self._target = str(self.folder / "base.sqlite3")
            with open_store(self._target) as store:
                self._load_base(store)
        else:
            self._target = postgres_cluster().new_schema()
            self._dirty = True
        with self.fresh() as store:
            path = self.folder / self.target_name
            path.write_bytes(self.target)
            assert upstream.import_file(store, path, self.folder, clock()).outcome == "imported"
            self.reference = _data(store)
        self._dirty = True

    def mark_changed(self) -> None:
        self._dirty = True


def _data(store: UpstreamStore) -> dict[str, list[tuple[Any, ...]]]:
    dump = store.dump()
    return {t: dump[t] for t in DATA_TABLES}


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest) -> Iterator[World]:
    if request.param == "postgres":
        postgres_cluster()
    folder = Path(tempfile.mkdtemp(prefix="onestop-fuzz-"))
    desk = SynthDesk()
    base = desk.export_new(folder / "files", 1, 4)
    target_path = desk.export(
        folder / "files",
        [desk.dossier(1, 4), desk.dossier(5), desk.dossier(6, 9)],
        tombstones=[desk.tombstone(desk.code(2))],
    )
    made = World(request.param, folder, desk, base, target_path.read_bytes(), target_path.name)
    made.setup()
    yield made
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def _postgres_stopped_at_the_end() -> Iterator[None]:
    yield
    stop_postgres_cluster()


def _feed(world: World, data: bytes, expected: tuple[Problem, ...] = ()) -> str:
    """Verify and import `data` as export 2; check the outcome; return it."""
    path = world.folder / "in" / world.target_name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    with world.fresh() as store:
        before = store.dump()
        try:
            upstream.verify(path, store)
            verify_problem = None
        except fmt.SyncFileError as error:
            verify_problem = error.problem
            assert str(error).startswith(error.problem.value.replace("_", " "))
        result = upstream.import_file(store, path, world.folder / "acks", clock())
        if result.outcome == "refused":
            assert result.problem is verify_problem
            assert "nothing of it was applied" in result.message
            assert store.dump() == before
            if expected:
                assert result.problem in expected, result.message
            return "refused"
        world.mark_changed()
        assert result.outcome == "imported", result.message
        assert verify_problem is None
        assert _data(store) == world.reference
        assert not expected, "expected a refusal"
        return "imported"


def test_the_unchanged_file_imports(world: World) -> None:
    assert _feed(world, world.target) == "imported"


@FUZZ
@given(cut=st.integers(min_value=0, max_value=10**9))
def test_truncated_files_are_cut_short(world: World, cut: int) -> None:
    _feed(world, world.target[: cut % len(world.target)], (Problem.CUT_SHORT,))


@FUZZ
@given(position=st.integers(min_value=0, max_value=10**9), mask=st.integers(1, 255))
def test_files_with_a_flipped_byte_are_refused(world: World, position: int, mask: int) -> None:
    data = bytearray(world.target)
    data[position % len(data)] ^= mask
    assert _feed(world, bytes(data)) == "refused"


@FUZZ
@given(order=st.permutations(fmt.ENTRIES))
def test_files_with_reordered_entries_are_refused(world: World, order: list[str]) -> None:
    entries = entries_of(world.target)
    data = repack([(name, entries[name]) for name in order])
    outcome = _feed(world, data, () if list(order) == list(fmt.ENTRIES) else (Problem.ALTERED,))
    assert outcome == ("imported" if list(order) == list(fmt.ENTRIES) else "refused")


@FUZZ
@given(entry=st.sampled_from(fmt.ENTRIES), where=st.integers(0, len(fmt.ENTRIES)))
def test_files_with_a_duplicated_entry_are_refused(world: World, entry: str, where: int) -> None:
    entries = entries_of(world.target)
    listed = [(name, entries[name]) for name in fmt.ENTRIES]
    listed.insert(where, (entry, entries[entry]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
        data = repack(listed)
    assert _feed(world, data, (Problem.ALTERED,)) == "refused"


_EDITS: list[Callable[[dict[str, Any]], None]] = [
    lambda m: None,
    lambda m: m.update(export_seq=m["export_seq"] + 1),
    lambda m: m.update(station=(m["station"] + 1) % 10),
    lambda m: m.update(generated_at="20300101000000"),
]


@FUZZ
@given(secret=st.binary(min_size=32, max_size=32), edit=st.sampled_from(_EDITS))
def test_files_signed_again_by_another_key_are_refused(
    world: World, secret: bytes, edit: Callable[[dict[str, Any]], None]
) -> None:
    key = Ed25519PrivateKey.from_private_bytes(secret)
    # naming their own key (unknown desk) or still naming the desk's (bad signature)
    for keep in (False, True):
        data = resign(world.target, key, edit, keep_fingerprint=keep)
        expected = (Problem.BAD_SIGNATURE, Problem.UNKNOWN_DESK, Problem.ALTERED)
        assert _feed(world, data, expected) == "refused"


@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes_are_refused(world: World, data: bytes) -> None:
    assert _feed(world, data) == "refused"


@FUZZ
@given(tail=st.binary(max_size=3000))
def test_random_bytes_after_a_zip_signature_are_refused(world: World, tail: bytes) -> None:
    assert _feed(world, b"PK\x03\x04" + tail) == "refused"


@FUZZ
@given(data=st.data())
def test_the_desks_own_reordered_or_repeated_records_import_correctly(
    world: World, data: st.DataObject
) -> None:
    """An authentic file (signed by the desk's key) whose lines are shuffled or repeated: a
    desk could write it; the store must end up the same as with the plain file."""
    entries = entries_of(world.target)
    parts = {}
    for part in fmt.PARTS:
        lines = entries[part].splitlines(keepends=True)
        extra = data.draw(st.lists(st.sampled_from(lines), max_size=3)) if lines else []
        shuffled = data.draw(st.permutations(lines + extra))
        parts[part] = b"".join(shuffled)
    assert _feed(world, resign(world.target, world.desk.key, parts=parts)) == "imported"


def test_a_refused_file_after_an_import_leaves_the_acknowledgement_alone(world: World) -> None:
    acks = world.folder / "acks"
    _feed(world, world.target)
    written = {p.name: p.read_bytes() for p in acks.glob("ACK-*.json")}
    assert written
    _feed(world, world.target[:-1])
    assert {p.name: p.read_bytes() for p in acks.glob("ACK-*.json")} == written
    for name in written:
        json.loads(written[name])
