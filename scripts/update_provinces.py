"""Write resources/provinces.json, the shipped list of provinces and communes, from the
`vietnam-provinces` package (the units after the July 2025 reorganisation: 34 provinces, their
communes, wards and special zones, no districts).

The package is a tool for this script only, never a runtime dependency (its releases from 2026.1
need Python 3.12):

    .venv/bin/pip install vietnam-provinces==2025.10.1
    .venv/bin/python scripts/update_provinces.py           # rewrite the shipped file
    .venv/bin/python scripts/update_provinces.py --check   # exit 1 if it differs

Codes are the General Statistics Office's, zero-padded as it prints them (province 2 digits,
commune 5 digits).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "resources" / "provinces.json"
PACKAGE = "vietnam-provinces"
LICENCE_NOTE = "resources/LICENSE-provinces.txt"


def full_name(province: dict[str, Any]) -> str:
    """The package names cities in full ("Thành phố Hà Nội") but provinces bare ("Tuyên
    Quang"); documents write both in full ("Tỉnh Tuyên Quang")."""
    name = str(province["name"])
    if province["division_type"] == "tỉnh" and not name.startswith("Tỉnh "):
        return f"Tỉnh {name}"
    return name


def build() -> dict[str, Any]:
    """The shipped document, from the installed package's nested data."""
    import vietnam_provinces

    nested = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text("utf-8"))
    provinces = [
        {
            "code": f"{province['code']:02d}",
            "name": full_name(province),
            "communes": {
                f"{ward['code']:05d}": ward["name"]
                for ward in sorted(province["wards"], key=lambda w: int(w["code"]))
            },
        }
        for province in sorted(nested, key=lambda p: int(p["code"]))
    ]
    return {
        "source": f"{PACKAGE} (https://github.com/sunshine-tech/VietnamProvinces)",
        "version": metadata.version(PACKAGE),
        "data_version": vietnam_provinces.__data_version__,
        "licence": f"see {LICENCE_NOTE}",
        "provinces": provinces,
    }


def render(document: dict[str, Any]) -> str:
    # one commune a line: a new release shows as a readable diff
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--out", type=Path, default=TARGET, help="the file to write or compare")
    args = parser.parse_args(argv)
    try:
        text = render(build())
    except ImportError:
        print(
            f"{PACKAGE} is not installed: pip install {PACKAGE}==2025.10.1 (dev tool only)",
            file=sys.stderr,
        )
        return 2
    if args.check:
        same = args.out.exists() and args.out.read_text("utf-8") == text
        print(f"{args.out.name} {'matches' if same else 'differs from'} {PACKAGE}")
        return 0 if same else 1
    # temp file + rename: a cut-short run never leaves half a file
    fd, tmp = tempfile.mkstemp(dir=args.out.parent, prefix=".provinces-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the file ships
        os.replace(tmp, args.out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
