"""Vietnam's public holidays from the `holidays` package, kept in a small cache file.

Importing `holidays` loads the modules of every country it covers (about 200 ms at start-up),
while the calendar needs only Vietnam's days off and swapped working Saturdays for a handful of
years. Those are computed once, written to a JSON file (in the user cache folder: the caller
chooses the path) and read from there on later starts, so a warm start never imports `holidays`.

The file is keyed by this program's version and the `holidays` package's version: a different
key (an update of either) makes the cache be computed again and rewritten. Each key has a file
of its own (`cache_file`), so two installations on one account (the bundle and a checkout, an
old and a new release) do not rewrite each other's cache at every start; files no start has
used for `STALE_DAYS` are removed when a new one is written. A cache that cannot be read or
written is only slower, never wrong: the package is asked instead.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from onestop_desktop import __version__

#: the "format" value of a cache file; anything else is ignored and rewritten
CACHE_FORMAT = "onestop-holiday-cache"
#: the country whose holidays the office keeps
COUNTRY = "VN"
# On a miss, the years around the missing one are computed in one go (about half a millisecond a
# year): an office looks at this year, the last few (the board, reports) and the next one.
YEARS_BEFORE = 10
YEARS_AFTER = 5
#: a cache file of another key not read or written for this many days is removed
STALE_DAYS = 60

_VERSION_LINE = re.compile(r"""^__version__\s*=\s*["']([^"']+)["']""", re.MULTILINE)


@dataclass(frozen=True)
class YearHolidays:
    """One year of the package's table: the days off and the Saturdays made working days."""

    days_off: frozenset[date]
    weekend_workdays: frozenset[date]


@functools.cache  # read once a process: every cache file name and check asks for it
def holidays_version() -> str:
    """The installed `holidays` package's version, found without importing the package.

    Read from its `version.py` (importing it, or asking importlib.metadata, costs 20–50 ms). In
    a bundle that file is inside PyInstaller's archive; a bundle ships one `holidays` release, so
    the program's own file date stands for it (a rebuilt bundle has a new one).
    """
    spec = find_spec("holidays")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        try:
            found = _VERSION_LINE.search((Path(folder) / "version.py").read_text("utf-8"))
        except OSError:
            continue
        if found:
            return found.group(1)
    if getattr(sys, "frozen", False):
        return f"bundle-{Path(sys.executable).stat().st_mtime_ns}"
    return "unknown"


def cache_key() -> str:
    """What a cache file must carry to be used: this program's and `holidays`' versions."""
    return f"onestop-desktop {__version__}; holidays {holidays_version()}"


def cache_file(folder: Path) -> Path:
    """The cache file of this program and `holidays` release in `folder`."""
    digest = hashlib.sha256(cache_key().encode("utf-8")).hexdigest()[:12]
    return folder / f"holidays-{COUNTRY.lower()}-{digest}.json"


def _remove_stale(folder: Path, keep: Path) -> None:
    """Remove the cache files of other keys that no start has used for `STALE_DAYS`."""
    limit = time.time() - STALE_DAYS * 86400
    for other in folder.glob(f"holidays-{COUNTRY.lower()}*.json"):
        try:
            if other != keep and other.stat().st_mtime < limit:
                other.unlink()
        except OSError:
            pass


def package_years(years: Iterable[int]) -> dict[int, YearHolidays]:
    """Vietnam's days off and swapped working Saturdays for `years`, from the package."""
    import holidays  # only here: the import is what the cache saves

    wanted = sorted(set(years))
    table = holidays.country_holidays(COUNTRY, years=wanted)
    days_off: dict[int, set[date]] = {y: set() for y in wanted}
    workdays: dict[int, set[date]] = {y: set() for y in wanted}
    for day in table:
        days_off.setdefault(day.year, set()).add(day)
    for day in getattr(table, "weekend_workdays", ()):
        workdays.setdefault(day.year, set()).add(day)
    return {
        y: YearHolidays(frozenset(days_off[y]), frozenset(workdays.get(y, ()))) for y in days_off
    }


class HolidayCache:
    """Vietnam's holidays year by year: from the cache file when its key matches, otherwise
    from the package, written back to the file for the next start. `path` None: no file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._years: dict[int, YearHolidays] | None = None
        self._lock = threading.Lock()  # the window preloads a year off the UI thread

    def year(self, year: int) -> YearHolidays:
        """The table of `year`."""
        with self._lock:
            if self._years is None:
                self._years = self._read() if self.path is not None else {}
            found = self._years.get(year)
            if found is None:
                if self.path is None:  # no file to fill: just the year asked for
                    self._years.update(package_years([year]))
                else:
                    span = range(year - YEARS_BEFORE, year + YEARS_AFTER + 1)
                    self._years.update(package_years(span))
                    self._write(self._years)
                found = self._years[year]
            return found

    def _read(self) -> dict[int, YearHolidays]:
        assert self.path is not None
        try:
            data = json.loads(self.path.read_text("utf-8"))
            if data.get("format") != CACHE_FORMAT or data.get("key") != cache_key():
                return {}
            return {
                int(y): YearHolidays(
                    frozenset(date.fromisoformat(d) for d in entry["days_off"]),
                    frozenset(date.fromisoformat(d) for d in entry["weekend_workdays"]),
                )
                for y, entry in data["years"].items()
            }
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}  # missing, unreadable or from another version: computed again

    def _write(self, years: dict[int, YearHolidays]) -> None:
        assert self.path is not None
        data: dict[str, Any] = {
            "format": CACHE_FORMAT,
            "key": cache_key(),
            "country": COUNTRY,
            "years": {
                str(y): {
                    "days_off": sorted(d.isoformat() for d in t.days_off),
                    "weekend_workdays": sorted(d.isoformat() for d in t.weekend_workdays),
                }
                for y, t in sorted(years.items())
            },
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".holidays-", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(data, out, indent=1)
                os.replace(temp, self.path)
            except BaseException:
                os.unlink(temp)
                raise
            _remove_stale(self.path.parent, self.path)
        except OSError:
            pass  # a read-only or full cache folder: the next start asks the package again


_shared: dict[Path | None, HolidayCache] = {}
_shared_lock = threading.Lock()


def holiday_cache(path: Path | None) -> HolidayCache:
    """The process's one cache for `path` (every calendar of the process shares its years)."""
    with _shared_lock:
        cache = _shared.get(path)
        if cache is None:
            cache = _shared[path] = HolidayCache(path)
        return cache
