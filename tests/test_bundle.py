"""The PyInstaller bundle, built from the checked-in spec by scripts/bundle.sh and started as a
clerk's PC would: from a folder outside the checkout, with nothing of the build machine's Python
on PATH or PYTHONPATH, on a fresh data folder.

The bundle is built once per session, and not at all when the one in dist/ is newer than every
file it is built from (a clean clone has none, so it is built there).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import AGENCY, ROOT
from tests.test_documents import decode, pdf_text, scan

BUNDLE_DIR = ROOT / "dist" / "OneStopDesktop"
PROGRAM = "OneStopDesktop"
#: what the bundle is made of: a change to any of these makes it stale
SOURCES = (
    "main.py",
    "onestop_desktop",
    "resources",
    "db",
    "packaging",
    "requirements.txt",
    "scripts/bundle.sh",
    "scripts/screenshots.py",
    "docs/guide/vi.md",
    "docs/guide/en.md",
    "LICENSE",
)
#: derived files the set-up and the tests write into the source tree
NOT_SOURCES = (".qm", ".pyc")

pytestmark = pytest.mark.slow


def newest_source_mtime() -> float:
    newest = 0.0
    for name in SOURCES:
        top = ROOT / name
        files = [top] if top.is_file() else [p for p in top.rglob("*") if p.is_file()]
        for path in files:
            if "__pycache__" in path.parts or path.suffix in NOT_SOURCES:
                continue
            newest = max(newest, path.stat().st_mtime)
    return newest


@pytest.fixture(scope="session")
def built_bundle() -> Path:
    """dist/OneStopDesktop, built by scripts/bundle.sh unless it is newer than every source."""
    program = BUNDLE_DIR / PROGRAM
    if not program.exists() or program.stat().st_mtime < newest_source_mtime():
        done = subprocess.run(
            ["bash", str(ROOT / "scripts" / "bundle.sh")],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=1800,
        )
        assert done.returncode == 0, f"scripts/bundle.sh failed:\n{done.stderr[-4000:]}"
    assert program.exists()
    return BUNDLE_DIR


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)  # the same disk: as good as a copy for the program, and instant
    except OSError:
        shutil.copy2(src, dst)


@pytest.fixture
def clerk_pc(built_bundle: Path, tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """The bundle copied out of the checkout, and a clean environment with a fresh home."""
    installed = tmp_path / "Programs" / "OneStopDesktop"
    shutil.copytree(built_bundle, installed, symlinks=True, copy_function=_link_or_copy)
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "tmp").mkdir()
    env = {
        "HOME": str(home),
        "TMPDIR": str(tmp_path / "tmp"),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_RUNTIME_DIR": str(tmp_path / "run"),
    }
    (tmp_path / "run").mkdir(mode=0o700)
    yield installed / PROGRAM, env


def run(program: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=env["HOME"],  # not the checkout: nothing may be found relative to it
        timeout=180,
    )


def test_the_bundle_starts_its_window_and_prints_a_slip_with_a_readable_barcode(
    clerk_pc: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    program, env = clerk_pc
    desk_db = Path(env["XDG_DATA_HOME"]) / "onestop-desktop" / "desk.sqlite3"
    assert not desk_db.exists()

    # The office set up through the bundle's own command line, in the default data folder.
    done = run(program, env, "cli", "init", "--agency-code", AGENCY, "--agency-name",
               "UBND xã Tân Hưng", "--station", "1")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert desk_db.exists()

    # The window comes up on a virtual X screen (Qt's xcb platform, as on a desktop PC: no
    # QT_QPA_PLATFORM) and takes the keyboard. xvfb-run needs PATH for Xvfb and xauth only.
    xvfb_run = shutil.which("xvfb-run")
    assert xvfb_run, "scripts/setup.sh --dev installs xvfb"
    screen_env = {k: v for k, v in env.items() if k != "QT_QPA_PLATFORM"} | {
        "PATH": "/usr/bin:/bin"
    }
    started = subprocess.run(
        [xvfb_run, "-a", "-s", "-screen 0 1366x768x24", str(program), "--exit-when-ready"],
        capture_output=True,
        text=True,
        env=screen_env,
        cwd=env["HOME"],
        timeout=180,
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.splitlines() == ["ready"]

    # A dossier received and its slip rendered by the bundle; the barcode scans at 150 dpi.
    received = run(program, env, "cli", "receive", "--procedure", "2.000815", "--name",
                   "Nguyễn Thị Ánh", "--phone", "0912345678", "--json")  # fmt: skip
    assert received.returncode == 0, received.stderr
    dossier = json.loads(received.stdout)
    code = dossier["code"]
    assert dossier["due_at"]  # counted on the calendar: the holidays came with the bundle
    slip = tmp_path / "slip.pdf"
    printed = run(program, env, "cli", "slip", code, "--out", str(slip))
    assert printed.returncode == 0, printed.stderr
    (text,) = pdf_text(slip)
    assert "Nguyễn Thị Ánh" in text
    assert code in text
    (page,) = scan(slip, dpi=150)
    assert decode(page, "code128") == [code]

    # The guide the Help menu opens came with the bundle, with the pictures of its own window.
    guide = program.parent / "_internal" / "docs" / "guide"
    for language in ("vi", "en"):
        assert (guide / f"{language}.md").is_file()
        assert (guide / "images" / language / "board.png").stat().st_size > 10_000

    # The calendar's holidays were cached for the next start, in the user cache folder.
    (cache,) = (Path(env["XDG_CACHE_HOME"]) / "onestop-desktop").glob("holidays-vn-*.json")
    assert json.loads(cache.read_text("utf-8"))["format"] == "onestop-holiday-cache"


def test_the_bundled_command_line_reports_bad_input_with_status_2(
    clerk_pc: tuple[Path, dict[str, str]],
) -> None:
    program, env = clerk_pc
    done = run(program, env, "cli", "init", "--agency-code", "not-a-code", "--agency-name", "X")
    assert done.returncode == 2
    assert done.stderr.startswith("error: agency_code: ")
    assert "e.g. 000.00.01.H56" in done.stderr  # what is expected, not only what is wrong
