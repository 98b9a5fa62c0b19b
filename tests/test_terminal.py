"""What the commands print fits an 80-column terminal, names the cost of exclusion, obeys --quiet/--verbose,
and every result folder keeps the command's log in run.log."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from ree_opt import terminal
from ree_opt.cli import app
from tests.helpers import ROOT

runner = CliRunner()
MODELS = ROOT / "models"


@pytest.fixture
def eighty_columns(monkeypatch):
    monkeypatch.setattr(terminal.console, "width", 80)


def test_compare_fits_80_columns_and_names_the_cost_of_exclusion(tmp_path, eighty_columns):
    models = [str(MODELS / f"{name}.yaml") for name in ("example", "example_china_ban", "example_ex_china")]
    result = runner.invoke(app, ["compare", *models, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(len(line) <= 80 for line in lines if str(tmp_path) not in line)
    # one table line per model in the cost and self-sufficiency tables (then the shortfall table, a line per model
    # and year): every row starts with a whole model name, so no cell wrapped onto a second line
    first_cells = [line.split("│")[1].strip() for line in lines if line.startswith("│")]
    assert first_cells[:6] == ["example", "example_china_ban", "example_ex_china", "example", "example_china_ban", "example_ex_china*"]
    assert set(first_cells) == {"example", "example_china_ban", "example_ex_china", "example_ex_china*"}
    costs = pd.read_csv(next((tmp_path / "compare").iterdir()) / "costs.csv").set_index("model")
    text = " ".join(result.output.split())
    # the ban keeps China's demand, so its difference is the cost of exclusion; removing China also removes its
    # demand from the bill, so that difference is not called one
    headline = costs.loc["example_china_ban", "cost_without_true_loss_difference_to_first"]
    assert f"cost of exclusion of china (example_china_ban: every export banned): {headline:+,.0f} MUSD" in text
    assert "cost of exclusion of china (example_ex_china" not in text
    removed = costs.loc["example_ex_china", "cost_without_true_loss_difference_to_first"]
    assert f"example_ex_china removes china with its demand, so its cost difference ({removed:+,.0f} MUSD) is not a cost of exclusion" in text


def test_quiet_prints_only_the_folder_and_the_folder_keeps_the_log(tmp_path):
    result = runner.invoke(app, ["--quiet", "run", str(MODELS / "example.yaml"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (folder,) = (tmp_path / "example").iterdir()
    assert result.output == f"{folder}\n"
    log = (folder / "run.log").read_text()
    assert "command run:" in log and "example: optimal" in log and f"wrote {folder}" in log


def test_verbose_shows_the_log(tmp_path):
    result = runner.invoke(app, ["--verbose", "run", str(MODELS / "example.yaml"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "INFO" in result.output and "example: optimal, objective" in result.output.replace("\n", " ")


def test_every_result_folder_has_a_log_with_one_line_per_solve(result_folders):
    for kind, folder in result_folders.items():
        assert (folder / "run.log").read_text().count(" INFO wrote ") == 1, kind
    # the stress test solves the undisrupted case and each of the model's four disruptions
    assert (result_folders["stress"] / "run.log").read_text().count(" done") == 5
