"""Storage: the only package that speaks SQL. One SQLite file per desk, WAL, durable commits."""

import sys

# sqlite-utils imports numpy when it is installed, only to store numpy's scalar types, which the
# desk never stores. numpy is installed for the Reports window's charts (pyqtgraph) and costs
# ~0.1 s to import: hidden while sqlite-utils loads, it loads only when that window opens.
if "numpy" not in sys.modules and "sqlite_utils" not in sys.modules:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` raises ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        if sys.modules.get("numpy", 0) is None:
            del sys.modules["numpy"]
