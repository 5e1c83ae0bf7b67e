"""The PyInstaller spec and the Windows installer script carry what the bundle needs, agree on
the program's name, and keep the office's data on uninstall. (Windows cannot be built here: the
files are read, and packaging/README.md lists what to try on the first Windows build.)"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from onestop_desktop.bench.bundle import BUNDLE_DIR
from tests.helpers import ROOT

SPEC = ROOT / "packaging" / "onestop.spec"
ISS = ROOT / "packaging" / "windows" / "onestop.iss"


def spec() -> str:
    return SPEC.read_text("utf-8")


def iss() -> str:
    return ISS.read_text("utf-8")


def iss_sections() -> dict[str, list[str]]:
    """Each [Section] of the .iss with its lines, comments and blank lines left out."""
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in iss().splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            current = header.group(1)
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(line)
    return sections


def iss_defines() -> dict[str, str]:
    return dict(re.findall(r'^#define\s+(\w+)\s+"([^"]*)"', iss(), re.MULTILINE))


def test_the_spec_ships_resources_migrations_translations_and_holiday_data() -> None:
    text = spec()
    assert '(os.path.join(ROOT, "resources"), "resources")' in text
    assert '(os.path.join(ROOT, "db"), "db")' in text
    assert 'ts.with_suffix(".qm")' in text and '"resources/translations"' in text
    assert 'collect_data_files("holidays")' in text
    # reportlab imports its barcode modules by name: without them no slip prints
    assert 'collect_submodules("reportlab.graphics.barcode")' in text
    for folder in ("resources/fonts", "resources/translations", "db"):
        assert (ROOT / folder).is_dir()
    assert list((ROOT / "resources" / "translations").glob("*.ts"))


def test_the_spec_builds_a_windowed_program_named_as_the_installer_expects() -> None:
    text = spec()
    names = set(re.findall(r'name="([^"]+)"', text))
    assert names == {"OneStopDesktop"}  # the program and its folder
    assert "console=False" in text
    defines = iss_defines()
    assert defines["AppExeName"] == "OneStopDesktop.exe"
    assert defines["BundleDir"].replace("\\", "/").endswith("dist/OneStopDesktop")
    # the installer takes the bundle from where scripts/bundle.sh and the spec put it
    assert (ISS.parent / defines["BundleDir"].replace("\\", "/")).resolve() == BUNDLE_DIR


def test_the_spec_has_nothing_linux_only() -> None:
    text = spec()
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for linux_only in (".so", "/usr/", "/lib/", "xcb", "linux", "strip=True", "upx=True"):
        assert linux_only not in code, linux_only
    # paths are joined, never written with a separator of one system
    assert not re.search(r'"[^"]*\\\\[^"]*"', code)


def test_the_installer_installs_per_user_with_start_menu_and_desktop_shortcuts() -> None:
    sections = iss_sections()
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"].startswith("{userpf}")
    icons = sections["Icons"]
    assert any(i.startswith('Name: "{userprograms}') and "{#AppExeName}" in i for i in icons)
    assert any(i.startswith('Name: "{userdesktop}') and "Tasks: desktopicon" in i for i in icons)
    # the demo office has a shortcut of its own, so a clerk practises without a command line
    assert any('Parameters: "--demo"' in i for i in icons)
    files = " ".join(sections["Files"])
    assert "{#BundleDir}\\{#AppExeName}" in files
    assert "{#BundleDir}\\_internal\\*" in files and "recursesubdirs" in files
    # nothing is installed for all users or into system folders
    assert not re.search(r"\{(pf|commonpf|commonprograms|commondesktop|sys|win)\}", iss())


def test_uninstalling_keeps_the_offices_data() -> None:
    sections = iss_sections()
    # only what [Files] installed is removed: no extra deletions at all
    assert "UninstallDelete" not in sections
    assert "UninstallRun" not in sections
    assert not re.search(r"\{(localappdata|userappdata|app)\}[^\n]*onestop-desktop", iss())
    assert "onestop-desktop" in iss()  # the comment says where the data is kept, and why
    # the data folder is platformdirs' user folder, outside the program's folder
    desk = (ROOT / "onestop_desktop" / "operations" / "desk.py").read_text("utf-8")
    assert 'platformdirs.user_data_dir("onestop-desktop"' in desk


def test_the_programs_one_entry_reaches_the_command_line(tmp_path: Path) -> None:
    # a bundle has one program: `main.py cli ...` must be `python -m onestop_desktop ...`
    db = tmp_path / "desk.sqlite3"
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "cli", "--db", str(db), "init",
         "--agency-code", "000.00.01.H56", "--agency-name", "UBND xã Tân Hưng"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert db.exists()
    bad = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "cli", "--db", str(db), "nonsense"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2
