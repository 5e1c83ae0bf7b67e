"""The upstream store's numbered migrations: db/upstream/<dialect>/NNNN_name.sql, one folder per
dialect (SQLite and PostgreSQL spell types, JSON and the version's home differently), applied in
order by `UpstreamStore.migrate` in one transaction.

Version 1 (0001) is the store as first shipped, which kept its version in a `meta` table; from
version 2 it is kept where it can be read before anything changes (SQLite's header, PostgreSQL's
`upstream_schema_version` table). `meta` is kept current too, since it is all a program of
version 1 reads: it then refuses a newer store. The `-- ` lines heading a file say why the step
exists.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_NAME = re.compile(r"^(?P<number>[0-9]{4})_[a-z0-9_]+\.sql$")


def migrations_dir(dialect: str) -> Path:
    """The folder of one dialect's migrations ($ONESTOP_UPSTREAM_MIGRATIONS/<dialect> when set,
    as a bundled program may place them elsewhere)."""
    override = os.environ.get("ONESTOP_UPSTREAM_MIGRATIONS")
    root = Path(override) if override else Path(__file__).resolve().parents[3] / "db" / "upstream"
    return root / dialect


@dataclass(frozen=True)
class Migration:
    """One numbered step and its statements, in order."""

    number: int
    name: str
    statements: tuple[str, ...]


def _statements(text: str) -> tuple[str, ...]:
    # The files hold no ";" inside a literal: each ";" ends a statement.
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("--")]
    return tuple(s.strip() for s in "\n".join(lines).split(";") if s.strip())


@cache
def load(dialect: str) -> tuple[Migration, ...]:
    """Every migration of `dialect`, numbered 1, 2, ... without a gap."""
    found = []
    for path in sorted(migrations_dir(dialect).glob("*.sql")):
        match = _NAME.match(path.name)
        if match is None:
            raise RuntimeError(f"{path}: a migration's name is NNNN_name.sql")
        found.append(
            Migration(int(match["number"]), path.stem, _statements(path.read_text("utf-8")))
        )
    if [m.number for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"{migrations_dir(dialect)}: migrations must be numbered 1, 2, ...")
    return tuple(found)


def latest(dialect: str) -> int:
    """The newest schema version this program knows for `dialect`."""
    return len(load(dialect))


def pending(dialect: str, version: int, target: int) -> tuple[Migration, ...]:
    """The steps from `version` to `target`."""
    return tuple(m for m in load(dialect) if version < m.number <= target)
