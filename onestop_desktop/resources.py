"""Where the shipped data files live (procedure catalogue, holiday overrides, fonts, form texts),
the clerk's guide and the licence."""

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


def program_root() -> Path:
    """The repository's root, or the bundle's data folder: resources/, docs/guide/ and LICENSE
    sit there (packaging/onestop.spec puts them in the same places)."""
    return Path(__file__).resolve().parents[1]


def guide_dir() -> Path:
    """The clerk's guide (docs/guide: one Markdown file per language and its images);
    ONESTOP_GUIDE overrides it."""
    override = os.environ.get("ONESTOP_GUIDE")
    if override:
        return Path(override)
    return program_root() / "docs" / "guide"


def licence_path() -> Path:
    """The program's licence text (MIT)."""
    return program_root() / "LICENSE"
