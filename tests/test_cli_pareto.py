"""`ree-opt pareto`: writes a complete run-like folder with the front's table and plot."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.helpers import ROOT
from ree_opt.cli import app

runner = CliRunner()
EXAMPLE = str(ROOT / "models" / "example.yaml")


def test_pareto_writes_table_plot_and_manifest(tmp_path):
    # Radioactive residue differs by region in the example (Malaysia's LAMP-like separation 2.85 t/t REO,
    # elsewhere 1.0), so cutting it costs money; CO2e has no trade-off there (every route emits alike).
    result = runner.invoke(app, ["pareto", EXAMPLE, "--metric", "radioactive_residue", "--points", "3", "--out", str(tmp_path), "--set", "horizon.end=2035"])
    assert result.exit_code == 0, result.output
    (folder,) = (tmp_path / "example" / "pareto-radioactive_residue").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["kind"] == "pareto" and manifest["points"] == 3 and manifest["statuses"] == ["optimal"]
    front = pd.read_csv(folder / "pareto.csv")
    # End points: the min-cost plan emits most and costs least; along the front emissions fall and cost rises.
    assert (front["emissions"].diff().dropna() < -1e-6).all() and (front["cost"].diff().dropna() > 1e-6).all()
    assert front["emissions"].iloc[0] == pytest.approx(front["epsilon"].iloc[0], rel=1e-6)
    assert (folder / "pareto.png").stat().st_size > 0
    costs = pd.read_csv(folder / "pareto_costs.csv")
    assert costs.groupby("point")["value"].sum().tolist() == pytest.approx(front["cost"].tolist(), rel=1e-9)


def test_pareto_with_unknown_metric_fails_cleanly(tmp_path):
    result = runner.invoke(app, ["pareto", EXAMPLE, "--metric", "noise", "--points", "3", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "--metric noise" in result.output and "Traceback" not in result.output
