"""Long desk queries a clerk can cancel: while one runs, SQLite's progress handler asks every few
thousand steps whether to stop; stopping interrupts the statement, which writes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from onestop_desktop.domain.errors import KnownError
from onestop_desktop.store.database import Database

#: SQLite virtual-machine steps between two questions (a few milliseconds of work)
STEPS = 20_000


class Cancelled(KnownError):
    """The clerk cancelled the work; nothing of it was kept."""

    def __init__(self) -> None:
        super().__init__("Đã hủy theo yêu cầu; không có gì được ghi.", "cancelled; nothing written")


@contextmanager
def interruptible(db: Database, cancelled: Callable[[], bool]) -> Iterator[None]:
    """Within the block, a query on `db` stops soon after `cancelled()` turns true, and the
    block raises Cancelled (also when it turned true between two queries)."""
    db.conn.set_progress_handler(lambda: 1 if cancelled() else 0, STEPS)
    try:
        yield
    except Exception:
        if cancelled():
            raise Cancelled() from None
        raise
    finally:
        db.conn.set_progress_handler(None, STEPS)
    if cancelled():
        raise Cancelled()
