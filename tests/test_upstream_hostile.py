"""Hostile sync files, on both stores (SQLite and PostgreSQL): integers no store can hold,
ZIP bombs, an absurd gap in the export sequence, and a desk sending another station's codes.
Each is refused (whole, or the record alone) with a clear message, never an internal error,
and without exhausting memory."""

from __future__ import annotations

import hashlib
import json
import resource
import shutil
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from onestop_desktop import upstream
from onestop_desktop.domain.dossier import (
    MAX_STATION,
    issued_by_station,
    make_code,
    sequence_for,
    station_of_code,
)
from onestop_desktop.sync import format as fmt
from onestop_desktop.sync import reasons, schemas
from onestop_desktop.upstream.store import UpstreamStore, open_store
from tests.upstream_helpers import (
    BACKENDS,
    SynthDesk,
    entries_of,
    import_one,
    new_store,
    resign,
    stop_postgres_cluster,
    store_target,
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


def _verify_and_import_refuse_alike(store: UpstreamStore, path: Path) -> str:
    """`verify` and `import` both refuse `path` as altered, in the same words, and nothing of
    it is stored; returns the words."""
    before = store.dump()
    with pytest.raises(fmt.SyncFileError) as refused:
        upstream.verify(path, store)
    assert refused.value.problem is Problem.ALTERED, str(refused.value)
    result = import_one(store, path)
    assert (result.outcome, result.problem) == ("refused", Problem.ALTERED), result.message
    assert result.message == f"{refused.value}; nothing of it was applied"
    assert store.dump() == before
    return str(refused.value)


# --- Integers no store holds (issue 9, item 2) -------------------------------------------------

HUGE = (2**63, 2**64)


def _with_record(desk: SynthDesk, part: str, field: str, value: int) -> Callable[[Path], Path]:
    """A signed export whose second record of `part` has `field` = `value`."""

    def write(folder: Path) -> Path:
        dossiers = [desk.dossier(1), desk.dossier(2)]
        steps = desk.steps_for(dossiers)
        records = {"dossiers.jsonl": dossiers, "steps.jsonl": steps}[part]
        records[1][field] = value
        path = desk.export(folder, dossiers, steps)

        # The manifest's range of change numbers stays a desk's: only the record is at fault.
        def normal(manifest: dict[str, Any]) -> None:
            manifest["change_seq_to"] = desk.version

        path.write_bytes(resign(path.read_bytes(), desk.key, normal))
        desk.previous = None  # (one export per test)
        return path

    return write


@pytest.mark.parametrize(
    ("part", "field", "value"),
    [
        ("dossiers.jsonl", "_version", 2**63),
        ("dossiers.jsonl", "_version", 2**64),
        ("steps.jsonl", "_step", 2**64),
        ("steps.jsonl", "_version", 2**63),
    ],
)
def test_a_record_integer_beyond_64_bits_is_refused_alike_by_verify_and_import(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path, part: str, field: str, value: int
) -> None:
    path = _with_record(desk, part, field, value)(tmp_path)
    words = _verify_and_import_refuse_alike(store, path)
    assert f"{part} line 2.{field}: maximum" in words


@pytest.mark.parametrize("value", HUGE)
def test_a_manifest_export_seq_beyond_64_bits_is_refused_alike_by_verify_and_import(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path, value: int
) -> None:
    path = desk.export_new(tmp_path, 1, 2)

    def huge(manifest: dict[str, Any]) -> None:
        manifest["export_seq"] = value

    path.write_bytes(resign(path.read_bytes(), desk.key, huge))
    words = _verify_and_import_refuse_alike(store, path)
    assert "manifest.export_seq: maximum" in words


def _integers(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every node of a schema whose type is (or may be) an integer, with where it is."""
    if isinstance(node, dict):
        kind = node.get("type")
        if kind == "integer" or (isinstance(kind, list) and "integer" in kind):
            yield where, node
        for key, value in node.items():
            yield from _integers(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _integers(value, f"{where}/{index}")


@pytest.mark.parametrize("name", ["dossier", "step", "tombstone", "manifest", "ack"])
def test_every_integer_of_the_schemas_is_bounded_within_signed_64_bits(name: str) -> None:
    found = list(_integers(schemas.load_schema(name)))
    assert found or name == "tombstone"
    for where, node in found:
        assert "maximum" in node, f"{name}{where} has no maximum"
        assert "minimum" in node, f"{name}{where} has no minimum"
        assert -(2**63) <= node["minimum"] <= node["maximum"] < 2**63, f"{name}{where}"


def test_the_typed_check_applies_the_schemas_bounds(tmp_path: Path) -> None:
    desk = SynthDesk()
    record = desk.dossier(1)
    check = schemas.part_check("dossiers.jsonl")
    assert check is not None
    limit = schemas.load_schema("dossier")["properties"]["_version"]["maximum"]
    record["_version"] = limit
    assert check.accepts(fmt.jsonl([record]), 1)
    assert check.accepts_records([record])
    for value in (limit + 1, *HUGE):
        record["_version"] = value
        assert not check.accepts(fmt.jsonl([record]), 1)
        assert not check.accepts_records([record])
        assert schemas.check_records("dossiers.jsonl", [record]) == (
            f"dossiers.jsonl line 1._version: maximum {limit} not met"
        )


def test_a_record_at_the_bound_is_imported(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    limit = schemas.load_schema("dossier")["properties"]["_version"]["maximum"]
    path = _with_record(desk, "dossiers.jsonl", "_version", limit)(tmp_path)
    result = import_one(store, path)
    assert (result.outcome, result.accepted) == ("imported", 2), result.message
    held = store.dossier(desk.agency, desk.code(2))
    assert held is not None and held["version"] == limit


# --- A huge gap in the sequence (issue 9, item 4) ---------------------------------------------

GAP_SEQ = 20_000_000


def test_a_huge_gap_is_refused_naming_a_range_and_status_stays_short(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert import_one(store, desk.export_new(tmp_path, 1, 1)).outcome == "imported"
    second = desk.export_new(tmp_path / "far", 2, 1)
    far = second.with_name(fmt.file_name(desk.agency, desk.station, GAP_SEQ))
    far.write_bytes(resign(second.read_bytes(), desk.key, lambda m: m.update(export_seq=GAP_SEQ)))
    second.unlink()
    result = import_one(store, far)
    assert (result.outcome, result.problem) == ("refused", Problem.OUT_OF_SEQUENCE)
    assert "exports 2–19,999,999 are missing" in result.message
    assert len(result.message) < 1000
    assert upstream.missing_sequences(store) == {desk.desk_id: [(2, GAP_SEQ - 1)]}
    info = upstream.status(store)
    assert info["desks"][0]["missing"] == [[2, GAP_SEQ - 1]]
    assert len(json.dumps(info)) < 2000

    from onestop_desktop.upstream.cli import main

    target = store_target(store)
    assert main(["upstream", "status", "--db", target]) == 0
    out = capsys.readouterr().out
    assert "2–19,999,999" in out and len(out) < 2000
    assert main(["upstream", "status", "--db", target, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["desks"][0]["missing"] == [[2, GAP_SEQ - 1]]


def test_missing_exports_are_told_as_a_few_ranges_then_how_many_more() -> None:
    from onestop_desktop.upstream.verifying import exports_missing

    assert exports_missing([(2, 2)]) == "export 2 is"
    assert exports_missing([(2, 4)]) == "exports 2–4 are"
    assert exports_missing([(2, 19_999_999)]) == "exports 2–19,999,999 are"
    many = [(n * 10, n * 10 + 1) for n in range(1, 11)]
    told = exports_missing(many)
    assert told == (
        "exports 10–11, 20–21, 30–31, 40–41, 50–51 and 5 more ranges (20 exports in all) are"
    )


# --- Another station's codes (issue 9, item 5) -------------------------------------------------


def test_a_code_in_another_stations_block_is_rejected_and_that_station_keeps_it(
    store: UpstreamStore, tmp_path: Path
) -> None:
    one, two = SynthDesk(station=1), SynthDesk(station=2)
    one.register(store)
    two.register(store)
    taken, deleted = two.code(1), two.code(2)
    nobodys = f"{one.agency}-260115-0005"  # a lone desk's number: no station's block
    own = one.dossier(1)
    records = [own, one.dossier(2, code=taken), one.dossier(3, code=nobodys)]
    path = one.export(tmp_path / "one", records, tombstones=[one.tombstone(deleted)])
    result = import_one(store, path, tmp_path / "acks")
    assert (result.outcome, result.accepted, result.rejected) == ("imported", 1, 3)
    assert result.ack_path is not None
    ack = json.loads(result.ack_path.read_bytes())
    assert ack["accepted"] == [{"MaHoSo": own["MaHoSo"], "_version": own["_version"]}]
    told = {entry["MaHoSo"]: entry["reason"] for entry in ack["rejected"]}
    assert told == {
        taken: reasons.other_station(2, 1),
        nobodys: reasons.other_station(None, 1),
        deleted: reasons.other_station(2, 1),
    }
    assert reasons.read_reason(told[taken]) == reasons.Reason(
        reasons.Rejection.OTHER_STATION, code_station=2, file_station=1
    )
    assert reasons.read_reason(told[nobodys]) == reasons.Reason(
        reasons.Rejection.OTHER_STATION, code_station=None, file_station=1
    )
    # Nothing of the other station's codes was kept: not the dossier, its steps, the deletion.
    dump = store.dump()
    stored = json.dumps([dump[t] for t in ("dossiers", "steps", "tombstones")])
    assert taken not in stored and deleted not in stored and nobodys not in stored
    assert len(dump["steps"]) == 1

    # Station 2's own dossiers under those codes are then imported as theirs.
    real = two.export(tmp_path / "two", [two.dossier(1), two.dossier(2)])
    result = import_one(store, real)
    assert (result.outcome, result.accepted, result.rejected) == ("imported", 2, 0)
    held = store.dossier(two.agency, taken)
    assert held is not None and held["desk_id"] == two.desk_id


def test_upstream_accepts_exactly_the_codes_a_station_issues() -> None:
    from datetime import date

    day = date(2026, 1, 15)
    for station in range(0, MAX_STATION + 1):
        for n in (1, 2, 998, 999, 1000, 1001, 54_321, 99_999):
            code = make_code("A.1", day, sequence_for(station, n))
            assert issued_by_station(code, station), code
            if station:  # no other station of the office issues it
                owners = [s for s in range(1, MAX_STATION + 1) if issued_by_station(code, s)]
                assert owners == [station] and station_of_code(code) == station
    assert [issued_by_station(f"A.1-260115-{text}", 2) for text in ("2001", "02001")] == [
        True,
        False,
    ]
    for number in (1, 1000, 2000, 2999 + 1, 200_000, 200_999, 300_000, 10**12):
        assert not issued_by_station(f"A.1-260115-{number:04d}", 2), number
    assert issued_by_station("A.1-260115-0005", 0) and not issued_by_station("A.1-x", 0)
    assert station_of_code("A.1-260115-2001") == 2 and station_of_code("A.1-260115-0005") is None


# --- ZIP bombs (issue 9, item 3) ---------------------------------------------------------------

#: the address space the commands under test may use: a third of what one bomb inflates to
#: takes more than this
ADDRESS_SPACE = 1024**3
#: what each bomb inflates to, a mebibyte of spaces at a time
BOMB_MIB = 1024
_MIB_OF_SPACES = b" " * 1024**2


def _write_zip(path: Path, entries: dict[str, bytes], deflated: str | None = None) -> None:
    """A sync file's five entries laid out as a desk does, but `deflated` compressed and, in
    place of its bytes, `BOMB_MIB` MiB of spaces (streamed: the test never holds them)."""
    with zipfile.ZipFile(path, "w") as archive:
        for name in fmt.ENTRIES:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            if name != deflated:
                archive.writestr(info, entries[name])
                continue
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as out:
                for _ in range(BOMB_MIB):
                    out.write(_MIB_OF_SPACES)


def _spaces_sha256() -> str:
    digest = hashlib.sha256()
    for _ in range(BOMB_MIB):
        digest.update(_MIB_OF_SPACES)
    return digest.hexdigest()


def _lie_about_size(path: Path, entry: str, size: int) -> None:
    """Patch `entry`'s uncompressed size, in its local header and in the central directory."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(entry)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    name = entry.encode()
    at = data.index(b"PK\x01\x02", info.header_offset)
    while data[at + 46 : at + 46 + len(name)] != name:
        at = data.index(b"PK\x01\x02", at + 4)
    struct.pack_into("<I", data, at + 24, size)
    path.write_bytes(bytes(data))


@dataclass
class Bombs:
    """The hostile files, a legitimate one of about their size, and a store and key for them."""

    desk: SynthDesk
    store: Path
    files: dict[str, Path]


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> Bombs:
    folder = tmp_path_factory.mktemp("bombs")
    desk = SynthDesk()
    store = folder / "upstream.sqlite3"
    with open_store(store) as opened:
        desk.register(opened)
    legit = desk.export_new(folder / "legit", 1, 700)
    entries = entries_of(legit.read_bytes())
    files: dict[str, Path] = {"legitimate": legit}

    # No key needed: manifest.json itself inflates to a gibibyte of spaces.
    files["bombed manifest"] = folder / "manifest" / legit.name
    files["bombed manifest"].parent.mkdir()
    _write_zip(files["bombed manifest"], entries, "manifest.json")

    # Signed by the desk's key: the manifest declares the inflated part, size and SHA-256.
    manifest = json.loads(entries["manifest.json"])
    for part in manifest["parts"]:
        if part["name"] == "dossiers.jsonl":
            part.update(bytes=BOMB_MIB * 1024**2, sha256=_spaces_sha256(), records=0)
    manifest["counts"]["dossiers"] = 0
    signed = dict(entries)
    signed["manifest.json"] = fmt.canonical(manifest) + b"\n"
    signed["manifest.sig"] = desk.key.sign(signed["manifest.json"])
    files["signed part bomb"] = folder / "part" / legit.name
    files["signed part bomb"].parent.mkdir()
    _write_zip(files["signed part bomb"], signed, "dossiers.jsonl")

    # The desk's own signed manifest, and a part whose ZIP directory declares the size the
    # manifest says but which inflates to a gibibyte.
    files["lying declared size"] = folder / "lying" / legit.name
    files["lying declared size"].parent.mkdir()
    _write_zip(files["lying declared size"], entries, "dossiers.jsonl")
    _lie_about_size(files["lying declared size"], "dossiers.jsonl", len(entries["dossiers.jsonl"]))
    return Bombs(desk, store, files)


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _upstream(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m onestop_desktop upstream ARGS` in a process of at most `ADDRESS_SPACE`."""
    from tests.helpers import ROOT

    return subprocess.run(
        [sys.executable, "-m", "onestop_desktop", "upstream", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        preexec_fn=_limited,  # (the test process runs no other thread)
    )


@pytest.mark.parametrize("hostile", ["bombed manifest", "signed part bomb", "lying declared size"])
def test_a_zip_bomb_is_refused_by_verify_and_import_within_a_gibibyte(
    bombs: Bombs, hostile: str, tmp_path: Path
) -> None:
    path = bombs.files[hostile]
    store = tmp_path / "upstream.sqlite3"
    shutil.copyfile(bombs.store, store)
    for args in (
        ("verify", "--public-key", bombs.desk.public_key, str(path)),
        ("verify", "--db", str(store), str(path)),
        ("import", "--db", str(store), "--ack-dir", str(tmp_path / "acks"), str(path)),
    ):
        done = _upstream(*args)
        assert done.returncode == 2, (args[0], done.stderr)
        assert "internal error" not in done.stderr
        assert "altered: " in done.stderr and "not what a desk writes" in done.stderr, done.stderr
    with open_store(store) as opened:
        assert opened.counts()["dossiers"] == 0 and opened.counts()["imports"] == 0


def test_a_legitimate_file_of_the_same_size_imports_within_the_same_limit(
    bombs: Bombs, tmp_path: Path
) -> None:
    path = bombs.files["legitimate"]
    assert path.stat().st_size > 0.5 * bombs.files["signed part bomb"].stat().st_size
    store = tmp_path / "upstream.sqlite3"
    shutil.copyfile(bombs.store, store)
    done = _upstream("verify", "--db", str(store), str(path))
    assert done.returncode == 0, done.stderr
    done = _upstream("import", "--db", str(store), "--ack-dir", str(tmp_path), str(path))
    assert done.returncode == 0, done.stderr
    with open_store(store) as opened:
        assert opened.counts()["dossiers"] == 700


def test_a_part_larger_than_its_signed_size_is_refused_alike_by_verify_and_import(
    store: UpstreamStore, desk: SynthDesk, tmp_path: Path
) -> None:
    """The import cuts a part out of the ZIP only at the size the signed manifest declares."""
    path = desk.export_new(tmp_path, 1, 2)

    def smaller(manifest: dict[str, Any]) -> None:
        manifest["parts"][0]["bytes"] -= 1

    path.write_bytes(resign(path.read_bytes(), desk.key, smaller))
    words = _verify_and_import_refuse_alike(store, path)
    assert "dossiers.jsonl does not match its checksum in the manifest" in words
