"""The benchmark: each figure the issues name, beside the same work done the plainest way.

`python -m onestop_desktop bench --json` builds a database of N dossiers in a temporary folder
and prints medians in milliseconds (or rates). Baselines run in the same process and moment, so
the ratio is meaningful on a noisy machine.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from onestop_desktop.domain.clock import SystemClock
from onestop_desktop.services import Desk, ReceiveRequest
from onestop_desktop.store import baseline

ROOT = Path(__file__).resolve().parents[1]


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def _figure(
    name: str,
    value: float,
    unit: str,
    target: str,
    plain: float | None = None,
    plain_what: str = "",
) -> dict[str, Any]:
    entry: dict[str, Any] = {"value": value, "unit": unit, "target": target}
    if plain is not None:
        entry["baseline"] = {"value": plain, "what": plain_what}
        entry["ratio_to_baseline"] = round(value / plain, 2) if plain else None
    return entry


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def run_bench(dossiers: int, repeat: int = 200, startup: bool = True) -> dict[str, Any]:
    """Run every figure on a fresh database of `dossiers` dossiers; return the JSON object."""
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="onestop-bench-") as folder:
        path = Path(folder) / "bench.sqlite3"
        desk = Desk.initialise(path, "000.00.01.H56", "UBND xã Tân Hưng", 1, clock=SystemClock())

        started = time.perf_counter()
        from onestop_desktop.demo import generate_demo

        generate_demo(desk, dossiers, seed=7)
        demo_seconds = time.perf_counter() - started
        plain_seconds = baseline.bulk_insert_seconds(Path(folder) / "plain.sqlite3", dossiers)
        figures["demo_generation"] = _figure(
            f"demo data: {dossiers} dossiers",
            round(demo_seconds, 2),
            "s",
            "≤ 90 s for 1,000,000",
            round(plain_seconds, 2),
            "executemany of the same number of pre-built 29-column rows",
        )

        # Receive durably into the full database (a real clock: each call is a new dossier).
        names = ["Nguyễn Thị Ánh", "Trần Văn Đức", "Lê Hoàng Yến", "Phạm Quốc Việt"]
        counter = iter(range(10**9))

        def receive_one() -> None:
            i = next(counter)
            desk.receive(ReceiveRequest("2.000815", names[i % 4], phone="0912345678"))

        receive_one()  # warm-up
        receive_ms = _timed(receive_one, repeat)
        plain_ms = baseline.durable_insert_ms(Path(folder) / "plain.sqlite3", repeat)
        figures["receive_durable"] = _figure(
            f"receive one dossier durably into {dossiers} dossiers",
            _median(receive_ms),
            "ms",
            "≤ 5 ms median",
            _median(plain_ms),
            "bare insert + commit of one row, WAL, synchronous=FULL",
        )

        # Render one receipt slip.
        code = desk.receive(
            ReceiveRequest("1.001193", "Đặng Thị Ánh Tuyết", "001203004567", "0912345678")
        ).code
        out = Path(folder) / "slip.pdf"
        desk.render_form(code, out)  # warm-up: imports and font registration
        slip_ms = _timed(lambda: desk.render_form(code, out), max(20, repeat // 4))
        plain_slip_ms = _timed(
            lambda: _plain_canvas(Path(folder) / "plain.pdf"), max(20, repeat // 4)
        )
        figures["render_receipt"] = _figure(
            "render one receipt slip PDF",
            _median(slip_ms),
            "ms",
            "≤ 50 ms median",
            _median(plain_slip_ms),
            "bare reportlab canvas: one A5 page, 20 lines, Code128",
        )
        desk.close()

        if startup:
            ready_ms = [
                _startup_ms([str(ROOT / "main.py"), "--db", str(path), "--exit-when-ready"])
                for _ in range(3)
            ]
            plain_ready = [_startup_ms(["-c", _PLAIN_QT]) for _ in range(3)]
            figures["startup_to_ready"] = _figure(
                f"main window shown and ready for typing, {dossiers} dossiers",
                _median(ready_ms),
                "ms",
                "≤ 1500 ms",
                _median(plain_ready),
                "python process showing an empty QMainWindow",
            )
    return {
        "dossiers": dossiers,
        "repeat": repeat,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "figures": figures,
    }


_PLAIN_QT = (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "from PySide6.QtCore import QTimer\n"
    "app = QApplication([]); w = QMainWindow(); w.show()\n"
    "QTimer.singleShot(0, lambda: (print('ready', flush=True), app.quit()))\n"
    "app.exec()\n"
)


def _startup_ms(args: list[str]) -> float:
    env = {**os.environ}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, *args], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "ready":
            break
    elapsed = (time.perf_counter() - started) * 1000
    proc.wait(timeout=60)
    if proc.returncode != 0:
        raise RuntimeError(f"start-up run exited with {proc.returncode}")
    return elapsed


def _plain_canvas(out: Path) -> None:
    from reportlab.graphics.barcode.code128 import Code128
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(out), pagesize=A5)
    for i in range(20):
        canvas.drawString(40, 560 - i * 20, f"Line {i}: 000.00.01.H56-261125-1001")
    Code128("000.00.01.H56-261125-1001", barWidth=0.85, barHeight=30).drawOn(canvas, 40, 100)
    canvas.showPage()
    canvas.save()
