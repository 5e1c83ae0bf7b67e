"""Where the shipped data files live (procedure catalogue, holiday overrides, fonts, form texts)."""

from __future__ import annotations

import os
from pathlib import Path


def resources_dir() -> Path:
    """The resources folder shipped with the program; the environment variable
    ONESTOP_RESOURCES overrides it (tests, packaged builds, an administrator's copy)."""
    override = os.environ.get("ONESTOP_RESOURCES")
    if override:
        return Path(override)
    # onestop_desktop/resources.py -> the repository (or bundle) root holds resources/
    return Path(__file__).resolve().parents[1] / "resources"
