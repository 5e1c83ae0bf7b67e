"""The provinces and communes of Vietnam after the July 2025 reorganisation (34 provinces, no
districts), read from the shipped resources/provinces.json (scripts/update_provinces.py writes
it from the `vietnam-provinces` package; see resources/LICENSE-provinces.txt).

An office is a commune's: the first start chooses its province and commune from this list, and
the commune's name gives the place name printed on the forms' date line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from onestop_desktop.resources import resources_dir

#: the unit kinds a name starts with, longest first ("Thành phố Hà Nội" → "Hà Nội")
_PREFIXES = ("Thành phố ", "Đặc khu ", "Phường ", "Tỉnh ", "Xã ")


@dataclass(frozen=True)
class Commune:
    """A commune, ward or special zone: the Statistics Office's 5-digit code and its name."""

    code: str
    name: str
    province_code: str

    @property
    def place_name(self) -> str:
        """The name without its kind, as the date line of a form writes it ("Tân Hưng")."""
        return bare_name(self.name)


@dataclass(frozen=True)
class Province:
    """A province or centrally-run city with its communes, in order of code."""

    code: str
    name: str
    communes: tuple[Commune, ...]


@dataclass(frozen=True)
class Divisions:
    """The whole list with where it came from."""

    provinces: tuple[Province, ...]
    source: str
    version: str
    data_version: str

    def province(self, code: str) -> Province | None:
        return next((p for p in self.provinces if p.code == code), None)

    def commune(self, code: str) -> Commune | None:
        for province in self.provinces:
            for commune in province.communes:
                if commune.code == code:
                    return commune
        return None


def bare_name(name: str) -> str:
    """A unit's name without the kind it starts with."""
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def default_path() -> Path:
    return resources_dir() / "provinces.json"


def parse(text: str) -> Divisions:
    """The list from the file's text (ValueError if it is not the shipped shape)."""
    data = json.loads(text)
    try:
        provinces = tuple(
            Province(
                str(p["code"]),
                str(p["name"]),
                tuple(Commune(str(c), str(n), str(p["code"])) for c, n in p["communes"].items()),
            )
            for p in data["provinces"]
        )
        return Divisions(
            provinces, str(data["source"]), str(data["version"]), str(data["data_version"])
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"not a provinces file: {error!r}") from None


@cache
def load_divisions(path: Path | None = None) -> Divisions:
    """The shipped list (read once a process)."""
    return parse((path or default_path()).read_text("utf-8"))
