"""`ree-opt compare` on tiny models with a hand-derived cost difference."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.helpers import ROOT, write_dataset
from tests.helpers import two_regions
from ree_opt.cli import app

runner = CliRunner()


def test_compare_reports_cost_of_a_ban_and_self_sufficiency(tmp_path):
    # Global: b imports 10 kt from a at 1 → 10. Ban g1 → g2: b mines its own at 4 → 40.
    # Cost of the ban = 30; under the ban g2 needs nothing from outside from the first year.
    data = write_dataset(two_regions(), tmp_path / "data")
    base = "dataset: data\ndemand_case: base\ndiscount_rate: 0\nhorizon: {start: 2025, end: 2025, step: 1}\n"
    (tmp_path / "global.yaml").write_text("name: global\n" + base)
    (tmp_path / "ban.yaml").write_text("name: ban\n" + base + "policies: {trade_bans: [{origin: g1, destination: g2}]}\n")
    result = runner.invoke(app, ["compare", str(tmp_path / "global.yaml"), str(tmp_path / "ban.yaml"), "--out", str(tmp_path / "out"), "--group", "g2"])
    assert result.exit_code == 0, result.output
    (folder,) = (tmp_path / "out" / "compare").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["cost_difference_to_first_musd"]["ban"] == pytest.approx(30.0)
    costs = pd.read_csv(folder / "costs.csv").set_index("model")
    assert costs.at["global", "total"] == pytest.approx(10.0) and costs.at["ban", "total"] == pytest.approx(40.0)
    ss = pd.read_csv(folder / "self_sufficiency.csv")
    mining = ss[(ss["group"] == "g2") & (ss["stage"] == "mining")].set_index("model")["self_sufficient_from"]
    assert str(mining["ban"]) == "2025" and str(mining["global"]).startswith("not by")
    # the complement bloc not:g1 (= region b) is the same set of regions as g2 here
    outside = ss[(ss["group"] == "not:g1") & (ss["stage"] == "mining")].set_index("model")["self_sufficient_from"]
    assert str(outside["ban"]) == "2025"
    for name in ("capacity_by_stage", "group_shares", "unmet_demand", "marginal_costs", "bottlenecks"):
        assert (folder / f"{name}.csv").exists()
    assert data.exists() and len(list((tmp_path / "out").iterdir())) == 3  # two run folders + compare


def test_compare_example_variants_run_from_the_command_line(tmp_path):
    models = [str(ROOT / "models" / f"{n}.yaml") for n in ("example", "example_china_ban", "example_ex_china", "example_allied_share")]
    result = runner.invoke(app, ["compare", *models, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (folder,) = (tmp_path / "compare").iterdir()
    diff = json.loads((folder / "manifest.json").read_text())["cost_difference_to_first_musd"]
    # a constraint added to a minimisation can never lower its cost (same data and demand)
    assert diff["example_china_ban"] >= -1e-6 and diff["example_allied_share"] >= -1e-6


def test_compare_needs_two_distinct_models(tmp_path):
    one = str(ROOT / "models" / "example.yaml")
    assert runner.invoke(app, ["compare", one]).exit_code == 1
    result = runner.invoke(app, ["compare", one, one, "--out", str(tmp_path)])
    assert result.exit_code == 1 and "model names must differ" in result.output


def test_compare_splits_supply_cost_response_and_true_loss(tmp_path):
    # One mine (existing 3 kt, variable cost 2), demand 5 kt of sector s, no builds, one period of one year.
    # 'plain': the 2 kt short are true loss at 100 → 6 + 200 = 206. 'respond': thrift 1 kt at 5, switch 1 kt at 8
    # → 6 + 13 = 19. Difference to the first = 19 − 206 = −187; supply costs are equal (6), so Δ supply cost = 0.
    from tests.helpers import one_mine_records

    rec = one_mine_records(var_cost=2.0, existing=3.0, demand=5.0)
    rec["demand_response"] = [
        {"sector": "s", "step": "thrift", "order": 1, "cost": 5.0, "max_share": 0.2},
        {"sector": "s", "step": "switch", "order": 2, "cost": 8.0, "max_share": 0.2},
        {"sector": "s", "step": "loss", "order": 3, "max_share": 1.0},
    ]
    write_dataset(rec, tmp_path / "data")
    base = "dataset: data\ndemand_case: base\ndiscount_rate: 0\ninvest: false\nunmet_penalty: 100\nhorizon: {start: 2025, end: 2025, step: 1}\n"
    (tmp_path / "plain.yaml").write_text("name: plain\n" + base)
    (tmp_path / "respond.yaml").write_text("name: respond\n" + base + "demand_response: true\n")
    result = runner.invoke(app, ["compare", str(tmp_path / "plain.yaml"), str(tmp_path / "respond.yaml"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    (folder,) = (tmp_path / "out" / "compare").iterdir()
    costs = pd.read_csv(folder / "costs.csv").set_index("model")
    assert costs.at["respond", "difference_to_first"] == pytest.approx(-187.0)
    assert costs.at["respond", "supply_cost_difference_to_first"] == pytest.approx(0.0, abs=1e-6)
    assert costs.at["respond", "cost_without_true_loss_difference_to_first"] == pytest.approx(13.0)  # 19 − 6
    resp = pd.read_csv(folder / "demand_response.csv")
    kt = {(m, st): v for m, st, v in zip(resp["model"], resp["step"], resp["kt"]) if v > 1e-9}
    musd = {(m, st): v for m, st, v in zip(resp["model"], resp["step"], resp["cost_musd"]) if v > 1e-9}
    assert kt == pytest.approx({("plain", "loss"): 2.0, ("respond", "thrift"): 1.0, ("respond", "switch"): 1.0})
    assert musd == pytest.approx({("plain", "loss"): 200.0, ("respond", "thrift"): 5.0, ("respond", "switch"): 8.0})
