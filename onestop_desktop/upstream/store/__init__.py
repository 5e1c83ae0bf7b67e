"""The upstream store: where the provincial side keeps what the desks' sync files bring.

One interface (`base.UpstreamStore`, and the `ImportTransaction` an import works in) with two
backends that differ only in dialect: `sqlite.py` (the default: a file path) and `postgres.py`
(a `postgresql://` address). `open_store` picks one from the target.
"""

from __future__ import annotations

from pathlib import Path

from onestop_desktop.domain.text import excerpt, excerpt_vi
from onestop_desktop.upstream.store import migrations
from onestop_desktop.upstream.store.base import (
    Desk,
    DossierRow,
    Held,
    ImportRecord,
    ImportTransaction,
    StepRow,
    TombstoneRow,
    UpstreamStore,
    UpstreamStoreError,
    readable,
    stamp,
)
from onestop_desktop.upstream.store.postgres import PostgresStore, redact
from onestop_desktop.upstream.store.sqlite import SqliteStore

__all__ = [
    "Desk",
    "DossierRow",
    "Held",
    "ImportRecord",
    "ImportTransaction",
    "PostgresStore",
    "SqliteStore",
    "StepRow",
    "TombstoneRow",
    "UpstreamStore",
    "UpstreamStoreError",
    "is_postgres",
    "migrations",
    "open_store",
    "readable",
    "redact",
    "stamp",
]


def is_postgres(target: str) -> bool:
    """Whether a store target is a PostgreSQL address (else a SQLite file's path)."""
    return target.startswith(("postgresql://", "postgres://"))


def open_store(target: str | Path) -> UpstreamStore:
    """Open (creating or upgrading its schema when needed) the store at `target`: a
    `postgresql://` address, or the path of a SQLite file."""
    text = str(target)
    if is_postgres(text):
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise UpstreamStoreError(
                "Kho PostgreSQL cần gói psycopg: hãy cài các gói trong requirements.txt.",
                "PostgreSQL stores need the psycopg package: install requirements.txt",
                cli_hint="bash scripts/setup.sh",
            ) from None
        return PostgresStore(text)
    if "://" in text:
        raise UpstreamStoreError(
            f"{excerpt_vi(text)}: cần đường dẫn tệp (SQLite) hoặc địa chỉ postgresql://.",
            f"{excerpt(text)}: expected a file path (SQLite) or a postgresql:// address",
        )
    return SqliteStore(Path(text))
