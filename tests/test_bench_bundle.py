"""The benchmark's bundle figures: the shipped folder's size, and "not built" without a bundle
(the timings themselves are not asserted: no timing in tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from onestop_desktop.bench import bundle


def test_the_size_counts_every_file_of_the_folder_once(tmp_path: Path) -> None:
    (tmp_path / "_internal").mkdir()
    (tmp_path / "_internal" / "lib.so").write_bytes(b"x" * 3_000_000)
    (tmp_path / "OneStopDesktop").write_bytes(b"y" * 1_000_000)
    (tmp_path / "_internal" / "same.so").hardlink_to(tmp_path / "_internal" / "lib.so")
    assert 4.0 <= bundle.size_mb(tmp_path) < 4.1


def test_without_a_bundle_both_figures_say_it_is_not_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle, "BUNDLE_DIR", tmp_path / "dist" / "OneStopDesktop")
    monkeypatch.setattr(bundle, "bundle_program", lambda folder=None: None)

    def never(args: list[str], program: str | None) -> float:
        raise AssertionError("nothing to start")

    figures = bundle.bundle_figures(tmp_path / "desk.sqlite3", never, max, 400.0, 90.0)
    assert figures["bundle_size"]["value"] is None
    assert figures["startup_bundle"]["value"] is None
    assert "not built" in figures["startup_bundle"]["reason"]


def test_a_built_bundle_is_timed_beside_the_source_start_and_an_empty_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "OneStopDesktop"
    folder.mkdir()
    (folder / "OneStopDesktop").write_bytes(b"z" * 2_000_000)
    monkeypatch.setattr(bundle, "bundle_program", lambda folder=folder: folder / "OneStopDesktop")
    started: list[tuple[list[str], str | None]] = []

    def fake_start(args: list[str], program: str | None) -> float:
        started.append((args, program))
        return 450.0

    def median(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    db = tmp_path / "desk.sqlite3"
    figures = bundle.bundle_figures(db, fake_start, median, 400.0, 90.0)
    assert started[0] == (["--db", str(db), "--exit-when-ready"], str(folder / "OneStopDesktop"))
    assert len(started) == 4  # one to fill the page cache, three timed
    figure = figures["startup_bundle"]
    assert figure["value"] == 450.0
    assert figure["ratio_to_baseline"] == 5.0
    assert figure["ratio_to_source"] == 1.12
    assert figures["bundle_size"]["value"] >= 2.0
