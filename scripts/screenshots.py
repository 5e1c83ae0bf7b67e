"""Take the clerk's guide's screenshots from the real window on a demo office.

    python scripts/screenshots.py OUT_DIR [--lang vi|en|all] [--dossiers N] [--work DIR]

Builds a throwaway demo office (UBND xã Tân Hưng, fixed seed, the clock pinned to Wednesday
25/11/2026 09:30) in a work folder of a fixed name, so the paths the dialogs show are the same
each run; opens the real main window and its dialogs offscreen at 1366×768, and saves one PNG
per view into OUT_DIR/vi/ and OUT_DIR/en/, named as docs/guide/vi.md and en.md reference them
(images/<language>/<name>.png). Run it into docs/guide/images before building the bundle, or
after any change to the window: the images are not committed. Nothing of the user's own data
folder is read or written.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WIDTH, HEIGHT = 1366, 768
LANGUAGES = ("vi", "en")


def isolate(folder: Path) -> None:
    """Every per-user folder in the temporary one: the user's real data is never touched."""
    os.environ["HOME"] = str(folder / "home")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(folder / name.lower())
    os.environ["ONESTOP_BACKUP_DIR"] = str(folder / "backups")
    os.environ["ONESTOP_LOG_DIR"] = str(folder / "logs")
    for name in ("ONESTOP_DB", "ONESTOP_UPSTREAM_DB"):
        os.environ.pop(name, None)


MARKER = ".onestop-guide-screenshots"


def prepare(work: Path) -> None:
    """An empty work folder: a leftover of an earlier run is cleared, anything else refused."""
    if work.exists():
        if not (work / MARKER).is_file():
            raise FileExistsError(f"{work} exists and was not made by this script: choose --work")
        shutil.rmtree(work)
    work.mkdir(parents=True)
    (work / MARKER).write_text("made by scripts/screenshots.py; removed when it ends\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to write the screenshots into")
    parser.add_argument("--lang", choices=(*LANGUAGES, "all"), default="all")
    parser.add_argument("--dossiers", type=int, default=600, help="demo dossiers (default 600)")
    parser.add_argument(
        "--work",
        type=Path,
        help="the throwaway folder of the demo office (default: onestop-guide-screenshots in "
        "the temporary folder); the same folder each run, so the paths the dialogs show are too",
    )
    args = parser.parse_args(argv)
    languages = LANGUAGES if args.lang == "all" else (args.lang,)
    work = args.work or Path(tempfile.gettempdir()) / "onestop-guide-screenshots"
    try:
        prepare(work)
    except FileExistsError as error:
        parser.exit(2, f"screenshots.py: error: {error}\n")
    try:
        isolate(work)
        written = take_all(work / "demo.sqlite3", args.out, languages, args.dossiers)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for path in written:
        print(path)
    return 0


def take_all(db: Path, out: Path, languages: tuple[str, ...], dossiers: int) -> list[Path]:
    from onestop_desktop.demo import generate_demo
    from onestop_desktop.domain.clock import VN_TZ, FixedClock
    from onestop_desktop.operations import Desk
    from onestop_desktop.ui import i18n
    from onestop_desktop.ui.app import create_application

    now = datetime(2026, 11, 25, 9, 30, tzinfo=VN_TZ)  # a Wednesday morning at the counter
    desk = Desk.initialise(
        db, "000.00.01.H56", "UBND xã Tân Hưng", 0, clock=FixedClock(now), place_name="Tân Hưng"
    )
    generate_demo(desk, dossiers, seed=1, workers=0)
    clerk = next(p for p in desk.people() if p.has_role("clerk"))
    desk.sign_in(clerk.id)
    app = create_application(sys.argv[:1], "vi")
    written: list[Path] = []
    try:
        for language in languages:
            i18n.set_language(language)
            folder = out / language
            folder.mkdir(parents=True, exist_ok=True)
            written += Shots(app, desk, folder).take()
    finally:
        from onestop_desktop.ui.background import stop_background

        stop_background(desk)
        desk.close()
    return written


class Shots:
    """One language's screenshots, in the order the guide tells the day."""

    def __init__(self, app: object, desk: object, folder: Path) -> None:
        from onestop_desktop.operations import Desk
        from onestop_desktop.ui.main_window import MainWindow
        from onestop_desktop.ui.printing import PrintHooks

        assert isinstance(desk, Desk)
        self.desk = desk
        self.folder = folder
        self.written: list[Path] = []
        self.window = MainWindow(
            desk, print_hooks=PrintHooks(printers=lambda: [], choose_pdf_path=lambda _p, _s: None)
        )
        self.window.resize(WIDTH, HEIGHT)
        self.window.show()

    # -- helpers ----------------------------------------------------------------------------------
    def settle(self, done: Callable[[], bool] = lambda: True, timeout: float = 20.0) -> None:
        """Let the window draw (and background work finish) until `done` says so."""
        from onestop_desktop.ui.qt import QApplication

        deadline = time.monotonic() + timeout
        while True:
            QApplication.processEvents()
            if done() or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        QApplication.processEvents()

    def save(self, widget: object, name: str) -> None:
        from onestop_desktop.ui.qt import QWidget

        assert isinstance(widget, QWidget)
        self.settle()
        path = self.folder / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        self.written.append(path)

    # -- the views --------------------------------------------------------------------------------
    def take(self) -> list[Path]:
        window = self.window
        window.retranslate()
        fired: list[bool] = []
        window.board.refreshed.connect(lambda: fired.append(True))
        window.board.refresh()
        self.settle(lambda: bool(fired))
        window.show_board()
        self.save(window, "board")

        # receiving: the intake form with a procedure and a citizen typed in
        window.new_dossier()
        intake = window.intake
        intake.picker.set_procedure(self.desk.catalogue.get("1.001193"))
        intake.name_edit.setText("Nguyễn Văn An")
        intake.phone_edit.setText("0912345678")
        self.save(window, "intake")

        # saved: the banner with the new code, then the slip's preview
        intake.save(print_after=False)
        self.save(window, "intake-saved")
        code = intake.banner.code.text()
        shown: list[object] = []
        window.printing.previewed.connect(shown.append)
        window.print_slip(code)
        self.settle(lambda: bool(shown))
        if shown:
            preview = shown[0]
            self.save(preview, "slip-preview")
            preview.close()  # type: ignore[attr-defined]

        # a dossier's page
        window.show_board()
        window.open_dossier(code)
        self.save(window, "dossier")

        # the apology with a new date, for an open dossier whose date is near
        from onestop_desktop.ui.actions import ApologyDialog

        late = self.desk.get(self._a_dossier(lambda _d: True, "due_today", "due_soon", "overdue"))
        now = self.desk.clock.now()
        apology = ApologyDialog(late, self.desk.propose_new_due(late), now, window)
        apology.show()
        self.save(apology, "apology")
        apology.close()

        # the hand-over to an officer
        from onestop_desktop.ui.handover_dialog import HandOverDialog

        handover = HandOverDialog(self.desk, [self.desk.get(code)], window)
        handover.show()
        self.save(handover, "handover")
        handover.close()

        # the end of the day: the export dialog
        window.show_board()
        export = window.end_of_day.open_dialog()
        self.save(export, "export")
        export.close()

        # backups and restore: the day's first backup is made at start, as the window does
        self.desk.backup_if_due()
        backups = window.open_backups()
        self.settle()
        self.save(backups, "backup")
        backups.close()

        # the Help menu's guide and about box
        about = window.about()
        self.save(about, "about")
        about.close()
        window.close()
        return self.written

    def _a_dossier(self, wanted: Callable[[Any], bool], *sections: str) -> str:
        """The code of the first dossier of the board's sections that `wanted` accepts."""
        board = self.desk.board(page_size=200)
        for key in sections:
            for row in board.section(key).rows:
                if wanted(row):
                    return row.code
        raise LookupError("the demo office has no dossier of that kind")


if __name__ == "__main__":
    sys.exit(main())
