"""A throwaway PostgreSQL server on 127.0.0.1, in a temporary folder, for the benchmark.

`initdb` into a new folder and `pg_ctl start` at a free loopback port (socket in that folder
too), run as the `postgres` user when the program runs as root (PostgreSQL refuses root). The
server keeps PostgreSQL's durable defaults, so the import rate it gives is a real one. It is
stopped and its folder deleted when the `with` block ends.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from onestop_desktop.bench.plain import create_database

USER = "onestop"
DATABASE = "upstream_bench"


class ServerUnavailable(Exception):
    """No PostgreSQL server can be started here; the message says why."""


#: where Debian and Ubuntu install each PostgreSQL version's server programs (VERSION/bin)
DEBIAN_FOLDER = Path("/usr/lib/postgresql")


def _version(name: str) -> tuple[int, ...]:
    """A version folder's name as numbers, so that 16 comes before 9.6 (newest first); a name
    that is not a version sorts last."""
    try:
        return tuple(int(piece) for piece in name.split("."))
    except ValueError:
        return ()


def server_programs() -> Path | None:
    """The folder holding initdb and pg_ctl ($ONESTOP_PG_BIN, the PATH, then Debian's folders,
    the newest version first)."""
    candidates = [Path(os.environ["ONESTOP_PG_BIN"])] if os.environ.get("ONESTOP_PG_BIN") else []
    found = shutil.which("initdb")
    if found:
        candidates.append(Path(found).parent)
    debian = DEBIAN_FOLDER.glob("*/bin")
    candidates += sorted(debian, key=lambda p: _version(p.parent.name), reverse=True)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def free_port() -> int:
    """A loopback TCP port free right now (the server is started on it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def throwaway_server() -> Iterator[str]:
    """Start a server and yield the postgresql:// address of an empty database on it."""
    programs = server_programs()
    if programs is None:
        raise ServerUnavailable(
            "the PostgreSQL server programs are not installed "
            "(bash scripts/setup.sh --with-postgres)"
        )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise ServerUnavailable("psycopg is not installed (bash scripts/setup.sh)") from None
    folder = Path(tempfile.mkdtemp(prefix="onestop-bench-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        owner = "postgres"
        try:
            entry = pwd.getpwnam(owner)
        except KeyError:
            owner, entry = "nobody", pwd.getpwnam("nobody")
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        run_as = ["runuser", "-u", owner, "--"]
    data, port = folder / "data", free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}

    def run(*argv: str) -> None:
        done = subprocess.run(
            [*run_as, *argv], capture_output=True, text=True, timeout=120, cwd=folder, env=env
        )
        if done.returncode != 0:
            raise ServerUnavailable(
                f"{Path(argv[0]).name} failed ({done.returncode}): {done.stderr.strip()[:300]}"
            )

    started = False
    try:
        run(
            str(programs / "initdb"), "-D", str(data), "--username", USER, "--auth", "trust",
            "--encoding", "UTF8", "--locale", "C.UTF-8", "--no-sync",
        )  # fmt: skip
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder}"
        )
        run(
            str(programs / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip
        started = True
        base = f"postgresql://{USER}@127.0.0.1:{port}"
        create_database(f"{base}/postgres", DATABASE)
        yield f"{base}/{DATABASE}"
    finally:
        if started:
            with suppress(ServerUnavailable, subprocess.TimeoutExpired):
                run(str(programs / "pg_ctl"), "-D", str(data), "-m", "fast", "stop")
        shutil.rmtree(folder, ignore_errors=True)
