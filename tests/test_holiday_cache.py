"""The package's Vietnam holidays cached in the user cache folder: a warm start does not import
`holidays`, and a cache of another program or package version is computed again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from onestop_desktop.domain import holiday_cache
from onestop_desktop.domain.calendar import default_calendar
from onestop_desktop.domain.holiday_cache import (
    CACHE_FORMAT,
    STALE_DAYS,
    HolidayCache,
    cache_file,
    cache_key,
    holidays_version,
    package_years,
)
from onestop_desktop.operations import Desk, ReceiveRequest
from tests.helpers import ROOT

# Days only the package knows of (the shipped overrides cover 2025 and 2026).
NATIONAL_DAY = date(2027, 9, 2)  # a Thursday, a public holiday
MAKE_UP_SATURDAY = date(2019, 1, 5)  # a Saturday the 2019 swap made a working day

# Builds the calendar from the cache file in a new process and reports what it saw.
PROBE = """
import json, sys
from datetime import date
from pathlib import Path
from onestop_desktop.domain.calendar import default_calendar
calendar = default_calendar(holidays_file=Path(sys.argv[1]))
print(json.dumps({
    "national_day_works": calendar.is_working_day(date(2027, 9, 2)),
    "saturday_works": calendar.is_working_day(date(2019, 1, 5)),
    "holidays_imported": "holidays" in sys.modules,
}))
"""


def probe(cache: Path) -> dict[str, bool]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(cache)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=True,
    )
    result: dict[str, bool] = json.loads(out.stdout)
    return result


def test_a_cold_cache_is_written_with_the_years_around_the_one_asked_and_its_key(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache" / "holidays-vn.json"
    table = HolidayCache(cache).year(2027)
    assert NATIONAL_DAY in table.days_off
    data = json.loads(cache.read_text("utf-8"))
    assert data["format"] == CACHE_FORMAT
    assert data["key"] == cache_key()
    assert holidays_version() in data["key"]
    assert {"2017", "2019", "2027", "2032"} <= set(data["years"])
    assert MAKE_UP_SATURDAY.isoformat() in data["years"]["2019"]["weekend_workdays"]
    # what the file holds is what the package says, year by year
    direct = package_years([2019, 2027])
    assert sorted(d.isoformat() for d in direct[2027].days_off) == data["years"]["2027"]["days_off"]
    assert list(cache.parent.iterdir()) == [cache]  # no temporary file left behind


def test_a_warm_cache_builds_the_calendar_without_importing_holidays(tmp_path: Path) -> None:
    cache = tmp_path / "holidays-vn.json"
    cold = probe(cache)  # the first start computes and writes the cache
    assert cold == {"national_day_works": False, "saturday_works": True, "holidays_imported": True}
    warm = probe(cache)
    assert warm == {"national_day_works": False, "saturday_works": True, "holidays_imported": False}


def test_the_cache_is_what_the_calendar_reads_while_its_key_matches(tmp_path: Path) -> None:
    cache = tmp_path / "holidays-vn.json"
    probe(cache)
    data = json.loads(cache.read_text("utf-8"))
    data["years"]["2027"]["days_off"].remove(NATIONAL_DAY.isoformat())
    cache.write_text(json.dumps(data), "utf-8")
    # the edited file is believed: proof that the answers come from it, not from the package
    assert probe(cache)["national_day_works"] is True


def test_a_cache_of_another_version_is_computed_again_and_rewritten(tmp_path: Path) -> None:
    cache = tmp_path / "holidays-vn.json"
    probe(cache)
    data = json.loads(cache.read_text("utf-8"))
    data["years"]["2027"]["days_off"].remove(NATIONAL_DAY.isoformat())
    data["key"] = "onestop-desktop 0.0.1; holidays 0.1"
    cache.write_text(json.dumps(data), "utf-8")
    assert probe(cache) == {
        "national_day_works": False,
        "saturday_works": True,
        "holidays_imported": True,
    }
    rewritten = json.loads(cache.read_text("utf-8"))
    assert rewritten["key"] == cache_key()
    assert NATIONAL_DAY.isoformat() in rewritten["years"]["2027"]["days_off"]


def test_a_broken_cache_file_is_only_slower(tmp_path: Path) -> None:
    cache = tmp_path / "holidays-vn.json"
    cache.write_text("{not json", "utf-8")
    calendar = default_calendar(holidays_file=cache)
    assert not calendar.is_working_day(NATIONAL_DAY)
    assert json.loads(cache.read_text("utf-8"))["key"] == cache_key()


def test_the_desk_caches_its_holidays_in_the_user_cache_folder(desk: Desk) -> None:
    # conftest points XDG_CACHE_HOME at a temporary folder
    expected = cache_file(Path(os.environ["XDG_CACHE_HOME"]) / "onestop-desktop")
    assert not expected.exists()
    dossier = desk.receive(ReceiveRequest("2.000815", "Nguyễn Thị Ánh", phone="0912345678"))
    assert dossier.due_at is not None
    assert expected.exists()
    years = json.loads(expected.read_text("utf-8"))["years"]
    assert str(desk.clock.now().year) in years
    assert dossier.due_at - dossier.received_at < timedelta(days=7)


def test_each_program_and_package_release_keeps_a_file_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the bundle and a checkout on one account: neither rewrites the other's cache at each start
    mine = cache_file(tmp_path)
    assert mine.parent == tmp_path and mine.name.startswith("holidays-vn-")
    HolidayCache(mine).year(2027)
    monkeypatch.setattr(holiday_cache, "cache_key", lambda: "onestop-desktop 9.9; holidays 9.9")
    theirs = cache_file(tmp_path)
    assert theirs != mine
    HolidayCache(theirs).year(2027)
    assert sorted(tmp_path.iterdir()) == sorted([mine, theirs])
    assert (
        json.loads(mine.read_text("utf-8"))["key"] != json.loads(theirs.read_text("utf-8"))["key"]
    )


def test_a_cache_file_no_start_used_for_long_is_removed_when_a_new_one_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, recent = tmp_path / "holidays-vn-000000000000.json", tmp_path / "holidays-vn-1.json"
    for path, days in ((old, STALE_DAYS + 1), (recent, STALE_DAYS - 1)):
        path.write_text("{}", "utf-8")
        then = time.time() - days * 86400
        os.utime(path, (then, then))
    fresh = cache_file(tmp_path)
    HolidayCache(fresh).year(2027)
    assert sorted(tmp_path.iterdir()) == sorted([recent, fresh])
