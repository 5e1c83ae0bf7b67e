"""The benchmark runs on a tiny database and reports every issue's figure as a number, each
beside its plain baseline (the figures themselves are not asserted: no timing in tests)."""

from __future__ import annotations

import json
import math

import pytest

from onestop_desktop.bench import throwaway_pg
from onestop_desktop.bench.runner import run_bench
from tests.helpers import run_cli

#: issue → the figures it names
FIGURES = {
    2: ("demo_generation", "receive_durable", "render_receipt"),
    3: (
        "board",
        "search_name_without_accents",
        "search_id_number",
        "search_code",
        "open_dossier",
        "jump_to_last_row",
    ),
    4: (
        "export_one_day",
        "export_full_history",
        "upstream_import_sqlite",
        "upstream_import_postgresql",
    ),
    9: ("replay_day", "backup_desk"),
    10: ("officer_view", "audit_verify"),
    11: (
        "sorted_days_late_first_page",
        "sorted_days_late_last_page",
        "sorted_due_first_page",
        "sorted_due_last_page",
    ),
    12: ("upstream_report", "report_year_by_field", "report_year_xlsx", "report_12_months"),
}


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@pytest.fixture(scope="module")
def result() -> dict[str, object]:
    return run_bench(120, repeat=3, startup=False)


@pytest.mark.parametrize("name", [n for names in FIGURES.values() for n in names])
def test_each_figure_is_a_number_beside_its_baseline(result: dict[str, object], name: str) -> None:
    figures = result["figures"]
    assert isinstance(figures, dict)
    figure = figures[name]
    if name == "upstream_import_postgresql" and throwaway_pg.server_programs() is None:
        assert figure["value"] is None and figure["reason"]
        return
    assert _number(figure["value"]) and figure["value"] > 0, figure
    assert _number(figure["baseline"]["value"]) and figure["baseline"]["what"], figure
    assert figure["unit"] and figure["target"]


def test_the_backup_figure_gives_the_backup_size(result: dict[str, object]) -> None:
    figures = result["figures"]
    assert isinstance(figures, dict)
    backup = figures["backup_desk"]
    assert backup["unit"] == "s" and backup["size_bytes"] > 0 and backup["database_bytes"] > 0
    stages = ("quick_check", "online_backup", "integrity_check", "sha256")
    assert set(backup["stages_s"]) == set(stages)


def test_the_upstream_rates_are_in_dossiers_per_second(result: dict[str, object]) -> None:
    figures = result["figures"]
    assert isinstance(figures, dict)
    assert figures["upstream_import_sqlite"]["unit"] == "dossiers/s"
    assert figures["upstream_import_postgresql"]["unit"] == "dossiers/s"


def test_bench_command_prints_one_json_document() -> None:
    done = run_cli("bench", "--dossiers", "60", "--repeat", "2", "--skip-startup", "--json")
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert set(FIGURES[4]) <= set(printed["figures"])


def test_the_audit_figure_walks_a_whole_chain_of_several_entries_a_dossier(
    result: dict[str, object],
) -> None:
    figures = result["figures"]
    assert isinstance(figures, dict)
    figure = figures["audit_verify"]
    assert figure["ok"] is True
    assert figure["entries"] > 2 * 120 and figure["seconds"] >= 0
