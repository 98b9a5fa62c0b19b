"""The command line for disruptions: stress writes a complete folder, stochastic runs report VSS/EVPI, clear errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.helpers import ROOT
from ree_opt.cli import app

runner = CliRunner()
EXAMPLE = str(ROOT / "models" / "example.yaml")
STOCHASTIC = str(ROOT / "models" / "example_stochastic.yaml")


def _only(folder):
    (child,) = [p for p in folder.iterdir() if not p.name.startswith(".tmp")]
    return child


def test_stress_cli_writes_a_complete_folder(tmp_path):
    assert runner.invoke(app, ["run", EXAMPLE, "--out", str(tmp_path)]).exit_code == 0
    plan = _only(tmp_path / "example")
    result = runner.invoke(app, ["stress", STOCHASTIC, "--plan", str(plan), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "scenarios/s (persistent)" in result.output
    folder = _only(tmp_path / "example_stochastic" / "stress")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["kind"] == "stress" and manifest["scenarios"] == 5 and manifest["scenarios_per_second"] > 0
    for name in manifest["tables"]:
        assert (folder / name).exists()
    summary = pd.read_csv(folder / "stress_summary.csv")
    # the model lists `undisrupted` itself, so no extra baseline is added
    assert list(summary["scenario"]) == ["undisrupted", "china_heavy_ban", "china_full_ban", "clay_outage", "ev_surge"]
    # with the plan fixed, a ban, an outage or more demand can only restrict operations: never cheaper
    assert (summary["extra_cost"].iloc[1:] >= -1e-6).all()
    assert set(pd.read_csv(folder / "marginal_costs_ndpr.csv")["commodity"]) == {"oxide:nd", "oxide:pr"}


def test_stress_cli_errors_are_one_line(tmp_path):
    result = runner.invoke(app, ["stress", STOCHASTIC, "--plan", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a run folder (no builds.csv)" in result.output and "Traceback" not in result.output
    (tmp_path / "builds.csv").write_text("region,process,year,value\natlantis,mine,2025,3\n")
    result = runner.invoke(app, ["stress", STOCHASTIC, "--plan", str(tmp_path)])
    assert result.exit_code == 1 and "build atlantis/mine/2025 is not a buildable unit" in result.output
    result = runner.invoke(app, ["stress", EXAMPLE, "--plan", str(tmp_path)])
    assert result.exit_code == 1 and "has no `disruptions`" in result.output


def test_run_on_a_stochastic_model_reports_vss_and_evpi(tmp_path):
    result = runner.invoke(app, ["run", STOCHASTIC, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "VSS" in result.output and "EVPI" in result.output
    folder = _only(tmp_path / "example_stochastic")
    manifest = json.loads((folder / "manifest.json").read_text())
    metrics = manifest["metrics_musd"]
    # definitions: VSS = EEV − E[SP] ≥ 0 and EVPI = E[SP] − WS ≥ 0 for a risk-neutral plan
    assert metrics["vss"] == pytest.approx(metrics["eev"] - metrics["expected_cost"])
    assert metrics["evpi"] == pytest.approx(metrics["expected_cost"] - metrics["wait_and_see"])
    assert metrics["vss"] >= -1e-6 and metrics["evpi"] >= -1e-6
    costs = pd.read_csv(folder / "scenario_costs.csv")
    assert (costs["probability"] * costs["value"]).sum() == pytest.approx(metrics["expected_cost"], rel=1e-9)
    # the stochastic plan's cost in each scenario is never below that scenario's perfect-foresight optimum
    assert (costs["value"] >= costs["wait_and_see"] - 1e-6).all()
    unmet = pd.read_csv(folder / "unmet_demand.csv")
    assert set(unmet["scenario"]) == set(costs["scenario"])


def test_ph_cli_needs_disruptions():
    result = runner.invoke(app, ["ph", EXAMPLE])
    assert result.exit_code == 1 and "needs `disruptions`" in result.output
