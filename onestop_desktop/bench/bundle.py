"""The bundle's benchmark figures: its size on disk and its start to a ready window, beside the
same start from source and an empty Qt window, when scripts/bundle.sh has built one."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
#: where scripts/bundle.sh leaves the one-folder bundle
BUNDLE_DIR = ROOT / "dist" / "OneStopDesktop"
NOT_BUILT = "not built (bash scripts/bundle.sh builds it)"


def bundle_program(folder: Path = BUNDLE_DIR) -> Path | None:
    """The bundle's program, or None when no bundle has been built."""
    for name in ("OneStopDesktop", "OneStopDesktop.exe"):
        if (folder / name).is_file():
            return folder / name
    return None


def size_mb(folder: Path) -> float:
    """The disk space a folder's files take, in MB (10^6 bytes), counted once per file."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            info = os.lstat(os.path.join(dirpath, name))
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            total += info.st_blocks * 512 if hasattr(info, "st_blocks") else info.st_size
    return round(total / 1e6, 1)


def bundle_figures(
    db: Path,
    startup_ms: Callable[[list[str], str | None], float],
    median: Callable[[list[float]], float],
    source_ms: float,
    empty_window_ms: float,
    runs: int = 3,
) -> dict[str, Any]:
    """`bundle_size` and `startup_bundle`: the bundle started on `db` as the source start was
    (its first start, which fills the page cache, not counted), against an empty Qt window."""
    program = bundle_program()
    if program is None:
        return {
            "bundle_size": {"value": None, "unit": "MB", "reason": NOT_BUILT},
            "startup_bundle": {"value": None, "unit": "ms", "reason": NOT_BUILT},
        }
    start = ["--db", str(db), "--exit-when-ready"]
    startup_ms(start, str(program))
    bundle_ms = median([startup_ms(start, str(program)) for _ in range(runs)])
    return {
        "bundle_size": {
            "value": size_mb(program.parent),
            "unit": "MB",
            "target": "as small as PyInstaller makes it (about 225 MB measured before)",
            "what": f"disk space of {program.parent.name}/, the folder that is shipped",
        },
        "startup_bundle": {
            "value": bundle_ms,
            "unit": "ms",
            "target": "≤ 5× an empty Qt window",
            "baseline": {
                "value": empty_window_ms,
                "what": "python process showing an empty QMainWindow",
            },
            "ratio_to_baseline": round(bundle_ms / empty_window_ms, 2),
            "source": {"value": source_ms, "what": "python main.py, the same desk and flags"},
            "ratio_to_source": round(bundle_ms / source_ms, 2),
        },
    }
