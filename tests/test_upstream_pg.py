"""The PostgreSQL upstream store, for a province taking in the files of many desks at once:
desks of several agencies imported in parallel into one store, a code claimed by two desks at
the same moment, records kept as JSONB. Runs against a throwaway server started on loopback
(tests/upstream_helpers.py); skipped only when PostgreSQL is not installed at all."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from onestop_desktop import upstream
from onestop_desktop.bench import synthetic
from onestop_desktop.domain.reports import record_facts
from onestop_desktop.upstream.store import PostgresStore, UpstreamStore, open_store
from tests.upstream_helpers import (
    AGENCY,
    OTHER_AGENCY,
    PostgresCluster,
    SynthDesk,
    clock,
    import_one,
    postgres_cluster,
    stop_postgres_cluster,
)


@pytest.fixture(scope="session")
def cluster() -> Iterator[PostgresCluster]:
    yield postgres_cluster()
    stop_postgres_cluster()


@pytest.fixture
def url(cluster: PostgresCluster) -> Iterator[str]:
    address = cluster.new_schema()
    yield address
    cluster.drop_schema(address)


@pytest.fixture
def store(url: str) -> Iterator[UpstreamStore]:
    with open_store(url) as opened:
        assert isinstance(opened, PostgresStore)
        yield opened


def _desks() -> list[SynthDesk]:
    return [
        SynthDesk(agency=agency, station=station)
        for agency in (AGENCY, OTHER_AGENCY)
        for station in (1, 2)
    ]


def _files(desks: list[SynthDesk], folder: Path) -> dict[str, list[Path]]:
    out = {}
    for desk in desks:
        out[desk.desk_id] = [
            desk.export_new(folder, 1, 40),
            desk.export_new(folder, 41, 25),
            desk.export(folder, [desk.dossier(n, 9) for n in range(1, 11)]),
        ]
    return out


def test_desks_of_several_agencies_import_in_parallel_into_one_store(
    url: str, cluster: PostgresCluster, tmp_path: Path
) -> None:
    desks = _desks()
    files = _files(desks, tmp_path)

    def one_desk(desk_id: str) -> list[upstream.ImportResult]:
        with open_store(url) as own:
            return upstream.import_files(own, files[desk_id], clock=clock())

    with open_store(url) as store:
        for desk in desks:
            desk.register(store)
    with ThreadPoolExecutor(max_workers=len(desks)) as pool:
        results = [r for batch in pool.map(one_desk, files) for r in batch]
    assert [r.outcome for r in results] == ["imported"] * 12
    assert sum(r.rejected for r in results) == 0
    with open_store(url) as store:
        assert store.dossiers_by_desk() == {d.desk_id: 65 for d in desks}
        assert store.counts()["steps"] == 4 * 75
        for desk in desks:
            held = store.dossier(desk.agency, desk.code(3))
            assert held is not None and held["desk_id"] == desk.desk_id
            assert held["status"] == 9
        parallel = store.dump()

    # the same files imported one after another give the very same store
    other = cluster.new_schema()
    try:
        with open_store(other) as store:
            for desk in desks:
                desk.register(store)
            every = [p for batch in files.values() for p in batch]
            assert {r.outcome for r in upstream.import_files(store, every, clock=clock())} == {
                "imported"
            }
            sequential = store.dump()
    finally:
        cluster.drop_schema(other)
    assert _without_registration_times(parallel) == _without_registration_times(sequential)


def _without_registration_times(dump: dict[str, list[tuple[object, ...]]]) -> object:
    return {**dump, "desks": [row[:4] + row[5:] for row in dump["desks"]]}


def test_racing_imports_of_the_same_files_import_each_exactly_once(
    url: str, tmp_path: Path
) -> None:
    desk = SynthDesk()
    files = [desk.export_new(tmp_path, n * 100, 30) for n in range(1, 5)]
    with open_store(url) as store:
        desk.register(store)

    def run(_: int) -> list[upstream.ImportResult]:
        with open_store(url) as own:
            return upstream.import_files(own, files, clock=clock())

    with ThreadPoolExecutor(max_workers=3) as pool:
        batches = list(pool.map(run, range(3)))
    for index in range(len(files)):
        outcomes = sorted(batch[index].outcome for batch in batches)
        assert outcomes == ["already_imported", "already_imported", "imported"], outcomes
    with open_store(url) as store:
        assert store.counts()["dossiers"] == 120
        assert store.counts()["imports"] == 4


def test_a_code_claimed_by_two_desks_at_the_same_moment_goes_to_one(
    store: UpstreamStore, url: str, tmp_path: Path
) -> None:
    # (station 0, a lone desk, issues every number: its codes can clash with station 1's)
    first, second = SynthDesk(station=1), SynthDesk(station=0)
    first.register(store)
    second.register(store)
    contested = first.code(1)
    late_file = second.export(tmp_path, [second.dossier(1, code=contested), second.dossier(2)])
    assert isinstance(store, PostgresStore)
    outcome: list[upstream.ImportResult] = []

    # The first desk's transaction has written the code but not committed when the second
    # desk's import looks it up (and sees nothing), then waits on the row, then must notice.
    with store.importing(first.desk_id) as tx:
        record = {"MaHoSo": contested}
        row = (contested, 1, 2, json.dumps(record), record_facts(record).as_tuple())
        tx.upsert_dossiers(AGENCY, first.desk_id, [row], "x")
        worker = threading.Thread(
            target=lambda: outcome.append(_import_elsewhere(url, late_file)), daemon=True
        )
        worker.start()
        _wait_for_a_lock_wait(store)
    worker.join(60)
    assert not worker.is_alive()
    result = outcome[0]
    assert (result.outcome, result.accepted, result.rejected) == ("imported", 1, 1)
    assert result.ack_path is not None
    assert f"code already registered by desk {first.desk_id}" in result.ack_path.read_text()
    held = store.dossier(AGENCY, contested)
    assert held is not None and held["desk_id"] == first.desk_id


def _import_elsewhere(url: str, path: Path) -> upstream.ImportResult:
    with open_store(url) as own:
        return import_one(own, path)


def _wait_for_a_lock_wait(store: PostgresStore) -> None:
    import psycopg

    deadline = time.monotonic() + 30
    with psycopg.connect(store.url, autocommit=True) as watcher:
        while time.monotonic() < deadline:
            row = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query LIKE 'INSERT INTO dossiers%'"
            ).fetchone()
            if row and row[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the second import never waited on the first one's row")


def test_records_are_kept_as_jsonb(store: UpstreamStore, tmp_path: Path) -> None:
    desk = SynthDesk()
    desk.register(store)
    import_one(store, desk.export_new(tmp_path, 1, 3))
    assert isinstance(store, PostgresStore)
    rows = store.conn.execute(
        "SELECT record->>'ChuHoSo', jsonb_typeof(record), pg_typeof(record)::text "
        "FROM dossiers ORDER BY code"
    ).fetchall()
    assert [r[1:] for r in rows] == [("object", "jsonb")] * 3
    assert rows[0][0] == "Trần Thị Bình"


def test_the_import_rate_can_be_measured(url: str) -> None:
    rate = synthetic.measure_import_rate(url, 500)
    assert rate > 0


def test_the_newest_installed_postgresql_is_chosen_by_version_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """9.6 is older than 16 (as text it sorts above it), and a stray folder is no crash."""
    from onestop_desktop.bench import throwaway_pg

    for version in ("9.6", "16", "10", "common"):
        programs = tmp_path / version / "bin"
        programs.mkdir(parents=True)
        for name in ("initdb", "pg_ctl"):
            (programs / name).touch()
    monkeypatch.setattr(throwaway_pg, "DEBIAN_FOLDER", tmp_path)
    monkeypatch.delenv("ONESTOP_PG_BIN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert throwaway_pg.server_programs() == tmp_path / "16" / "bin"
    for name in ("initdb", "pg_ctl"):
        (tmp_path / "16" / "bin" / name).unlink()
        (tmp_path / "10" / "bin" / name).unlink()
    assert throwaway_pg.server_programs() == tmp_path / "9.6" / "bin"
