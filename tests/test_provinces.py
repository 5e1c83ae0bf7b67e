"""The shipped list of provinces and communes (resources/provinces.json)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from onestop_desktop.domain.provinces import bare_name, default_path, load_divisions, parse

ROOT = Path(__file__).resolve().parents[1]


def test_the_list_has_the_34_provinces_after_july_2025() -> None:
    divisions = load_divisions()
    names = [p.name for p in divisions.provinces]
    assert len(names) == 34 == len(set(names))
    for known in (
        "Thành phố Hà Nội",
        "Tỉnh Tuyên Quang",
        "Thành phố Hồ Chí Minh",
        "Thành phố Huế",
        "Tỉnh Cà Mau",
    ):
        assert known in names
    # merged away in 2025: not provinces any more
    for gone in ("Tỉnh Hà Giang", "Tỉnh Bình Dương", "Tỉnh Kon Tum"):
        assert gone not in names


def test_every_commune_belongs_to_exactly_one_province() -> None:
    divisions = load_divisions()
    owners: dict[str, str] = {}
    for province in divisions.provinces:
        assert province.communes, province.name
        for commune in province.communes:
            assert commune.province_code == province.code
            assert commune.code not in owners, commune.code
            owners[commune.code] = province.code
    assert len(owners) > 3300
    hoan_kiem = divisions.commune("00070")
    assert hoan_kiem is not None and hoan_kiem.name == "Phường Hoàn Kiếm"
    assert divisions.province(hoan_kiem.province_code).name == "Thành phố Hà Nội"  # type: ignore[union-attr]


def test_the_file_says_its_source_version_and_licence() -> None:
    data = json.loads(default_path().read_text("utf-8"))
    assert data["source"].startswith("vietnam-provinces")
    assert data["version"] == "2025.10.1"
    assert "LICENSE-provinces.txt" in data["licence"]
    assert (ROOT / "resources" / "LICENSE-provinces.txt").is_file()


def test_place_name_drops_the_kind_of_unit() -> None:
    assert bare_name("Xã Tân Hưng") == "Tân Hưng"
    assert bare_name("Phường Hoàn Kiếm") == "Hoàn Kiếm"
    assert bare_name("Đặc khu Phú Quốc") == "Phú Quốc"
    assert bare_name("Thành phố Hà Nội") == "Hà Nội"


def test_a_file_of_another_shape_is_refused() -> None:
    with pytest.raises(ValueError, match="not a provinces file"):
        parse('{"provinces": [{"name": "x"}]}')


def test_the_shipped_file_is_what_the_script_writes(tmp_path: Path) -> None:
    out = tmp_path / "provinces.json"
    script = ROOT / "scripts" / "update_provinces.py"
    subprocess.run([sys.executable, str(script), "--out", str(out)], check=True)
    assert out.read_text("utf-8") == default_path().read_text("utf-8")
    check = subprocess.run([sys.executable, str(script), "--check"], capture_output=True)
    assert check.returncode == 0, check.stdout
