"""Helpers for the upstream tests: synthetic desks that write signed sync files, stores of both
kinds, and a throwaway PostgreSQL cluster started on loopback for the test session.

The cluster: `initdb` into a fresh temporary folder and `pg_ctl start` listening on 127.0.0.1 at
a free port (its socket in that folder too), run as the `postgres` user when the tests run as
root (PostgreSQL refuses to run as root). Each test gets its own schema in one database, through
the address's `options=-csearch_path=…`. The cluster is stopped and deleted at the end of the
session. It trades durability for speed (`fsync=off`; `durable=True` keeps the defaults, for
measuring): it is thrown away anyway.
"""

from __future__ import annotations

import atexit
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onestop_desktop import upstream
from onestop_desktop.bench import synthetic
from onestop_desktop.bench.throwaway_pg import free_port, server_programs
from onestop_desktop.domain.clock import VN_TZ, FixedClock
from onestop_desktop.sync import format as fmt
from onestop_desktop.sync import keys
from onestop_desktop.upstream.store import (
    PostgresStore,
    SqliteStore,
    UpstreamStore,
    open_store,
)

AGENCY = "000.00.01.H56"
OTHER_AGENCY = "000.00.02.H56"
SETUP_HINT = "bash scripts/setup.sh --dev --with-postgres"
#: every import in the tests happens at this moment, so stores can be compared whole
IMPORT_TIME = datetime(2026, 1, 15, 18, 0, tzinfo=VN_TZ)


def clock() -> FixedClock:
    return FixedClock(IMPORT_TIME)


# --- Synthetic desks -------------------------------------------------------------------------


@dataclass
class SynthDesk:
    """A desk that writes sync files from records given to it, chaining its exports."""

    agency: str = AGENCY
    station: int = 1
    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    seq: int = 0
    previous: str | None = None
    version: int = 0
    step: int = 0

    @property
    def desk_id(self) -> str:
        return f"{self.agency}#{self.station}"

    @property
    def public_key(self) -> str:
        return keys.public_text(self.key)

    def code(self, number: int) -> str:
        return synthetic.synthetic_code(self.agency, self.station, number)

    def dossier(self, number: int, status: int = 2, code: str | None = None) -> dict[str, Any]:
        """The next version of dossier `number` (or of `code`)."""
        self.version += 1
        return synthetic.synthetic_dossier(code or self.code(number), self.version, status, number)

    def steps_for(self, dossiers: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for record in dossiers:
            self.step += 1
            out.append(
                synthetic.synthetic_step(
                    record["MaHoSo"], self.step, record["_version"], int(record["TrangThaiHoSo"])
                )
            )
        return out

    def tombstone(self, code: str) -> dict[str, Any]:
        self.version += 1
        return {"MaHoSo": code, "NgayXoa": "20260115160000", "_version": self.version}

    def export(
        self,
        folder: Path,
        dossiers: Sequence[Mapping[str, Any]] = (),
        steps: Sequence[Mapping[str, Any]] | None = None,
        tombstones: Sequence[Mapping[str, Any]] = (),
    ) -> Path:
        """Write the next export into `folder` (steps default to one per dossier)."""
        self.seq += 1
        if steps is None:
            steps = self.steps_for(dossiers)
        data, manifest = synthetic.build_sync_file(
            self.key,
            self.agency,
            self.station,
            self.seq,
            self.previous,
            dossiers,
            steps,
            tombstones,
        )
        self.previous = fmt.sha256(manifest)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / fmt.file_name(self.agency, self.station, self.seq)
        path.write_bytes(data)
        return path

    def export_new(self, folder: Path, first: int, count: int, status: int = 2) -> Path:
        """An export of `count` new dossiers numbered from `first`, one step each."""
        return self.export(folder, [self.dossier(n, status) for n in range(first, first + count)])

    def register(self, store: UpstreamStore) -> None:
        upstream.register_desk(store, self.desk_id, self.public_key)


def import_one(
    store: UpstreamStore, path: Path, ack_dir: Path | None = None
) -> upstream.ImportResult:
    return upstream.import_file(store, path, ack_dir, clock())


# --- PostgreSQL cluster ----------------------------------------------------------------------


class PostgresCluster:
    """A throwaway PostgreSQL server on 127.0.0.1, in a temporary folder."""

    USER = "onestop"
    DATABASE = "upstream_test"

    def __init__(self, bin_dir: Path, durable: bool = False) -> None:
        self.bin_dir = bin_dir
        self.durable = durable
        self.folder = Path(tempfile.mkdtemp(prefix="onestop-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.running = False
        self._schemas = itertools.count(1)
        self._as: list[str] = []
        if os.geteuid() == 0:
            # PostgreSQL will not run as root: run it as the postgres user (or nobody).
            owner = "postgres"
            try:
                pwd.getpwnam(owner)
            except KeyError:
                owner = "nobody"
            entry = pwd.getpwnam(owner)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
            self._as = ["runuser", "-u", owner, "--"]

    def _run(self, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [*self._as, *argv],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.folder,
            env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{Path(argv[0]).name} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
            )
        return done

    def start(self) -> None:
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data),
            "--username",
            self.USER,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--locale",
            "C.UTF-8",
            "--no-sync",
        )
        settings = [
            "-c listen_addresses=127.0.0.1",
            f"-c port={self.port}",
            f"-c unix_socket_directories={self.folder}",
            "-c max_connections=40",
        ]
        if not self.durable:
            settings += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        options = " ".join(settings)
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        self.running = True
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {self.DATABASE}")

    def url(self, database: str | None = None, schema: str | None = None) -> str:
        address = f"postgresql://{self.USER}@127.0.0.1:{self.port}/{database or self.DATABASE}"
        if schema:
            address += "?options=" + quote(f"-csearch_path={schema}")
        return address

    def new_schema(self) -> str:
        """The address of a new, empty schema: one store per test."""
        import psycopg

        name = f"t{next(self._schemas)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        return self.url(schema=name)

    def drop_schema(self, url: str) -> None:
        import psycopg

        name = url.rsplit("%3D", 1)[-1]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")

    def stop(self) -> None:
        if self.running:
            self.running = False
            with suppress(RuntimeError, subprocess.TimeoutExpired):
                self._run(
                    str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"
                )
        shutil.rmtree(self.folder, ignore_errors=True)


_cluster: PostgresCluster | None = None


def postgres_cluster() -> PostgresCluster:
    """The session's cluster, started on first use (skips the test when PostgreSQL is absent)."""
    global _cluster
    if _cluster is None:
        bin_dir = server_programs()
        if bin_dir is None:
            pytest.skip(f"the PostgreSQL server is not installed: run `{SETUP_HINT}`")
        try:
            import psycopg  # noqa: F401
        except ImportError:
            pytest.skip(f"psycopg is not installed: run `{SETUP_HINT}`")
        cluster = PostgresCluster(bin_dir)
        atexit.register(cluster.stop)
        try:
            cluster.start()
        except BaseException:
            cluster.stop()
            raise
        _cluster = cluster
    return _cluster


def stop_postgres_cluster() -> None:
    global _cluster
    if _cluster is not None:
        _cluster.stop()
        _cluster = None


# --- Stores ----------------------------------------------------------------------------------

BACKENDS = ("sqlite", "postgres")


@contextmanager
def new_store(kind: str, folder: Path) -> Iterator[UpstreamStore]:
    """A new empty store of this kind (the SQLite file in `folder`)."""
    if kind == "sqlite":
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"upstream-{time.monotonic_ns()}.sqlite3"
        with open_store(path) as store:
            yield store
        return
    cluster = postgres_cluster()
    url = cluster.new_schema()
    try:
        with open_store(url) as store:
            yield store
    finally:
        cluster.drop_schema(url)


def store_target(store: UpstreamStore) -> str:
    """The --db argument that opens this store again."""
    if isinstance(store, PostgresStore):
        return store.url
    assert isinstance(store, SqliteStore)
    return str(store.path)


StoreFactory = Callable[[], UpstreamStore]


# --- Crafting altered files ------------------------------------------------------------------


def entries_of(data: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def repack(entries: Sequence[tuple[str, bytes]]) -> bytes:
    """A ZIP of these entries in this order, laid out as a desk lays out its files."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, blob in entries:
            fmt._write_entry(archive, name, blob)
    return buffer.getvalue()


def resign(
    data: bytes,
    key: Ed25519PrivateKey,
    edit: Callable[[dict[str, Any]], None] | None = None,
    parts: Mapping[str, bytes] | None = None,
    keep_fingerprint: bool = False,
) -> bytes:
    """The file with its parts replaced (checksums, sizes and counts updated), its manifest
    edited, and signed again with `key` (by default also naming `key`'s fingerprint)."""
    import json

    entries = entries_of(data)
    entries.update(parts or {})
    manifest = json.loads(entries["manifest.json"])
    for part in manifest["parts"]:
        blob = entries[part["name"]]
        part.update(sha256=fmt.sha256(blob), bytes=len(blob), records=blob.count(b"\n"))
    for part_name, count in zip(fmt.PARTS, ("dossiers", "steps", "tombstones"), strict=True):
        manifest["counts"][count] = entries[part_name].count(b"\n")
    if not keep_fingerprint:
        manifest["key_fingerprint"] = keys.fingerprint(key)
    if edit is not None:
        edit(manifest)
    entries["manifest.json"] = fmt.canonical(manifest) + b"\n"
    entries["manifest.sig"] = key.sign(entries["manifest.json"])
    return repack([(name, entries[name]) for name in fmt.ENTRIES])
