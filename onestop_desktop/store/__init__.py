"""Storage: the only package that speaks SQL. One SQLite file per desk, WAL, durable commits."""

import sys

# sqlite-utils looks for pandas and numpy when it is imported, to store their values (the desk
# never stores any); with numpy installed (another package may bring it) that costs about 55 ms
# of every start. Hide both from that one import, unless something loaded them already.
_HIDDEN = [name for name in ("numpy", "pandas") if name not in sys.modules]
for _name in _HIDDEN:
    sys.modules[_name] = None  # type: ignore[assignment]  # None: "import fails" to the importer
try:
    import sqlite_utils  # noqa: F401  # loaded here, once, with the two hidden
finally:
    for _name in _HIDDEN:
        if sys.modules.get(_name, 0) is None:
            del sys.modules[_name]
