"""Sensitivity (ree_opt.sensitivity): hand-derived objective changes, warm re-solves equal cold ones, CLI folders."""

from __future__ import annotations

import copy
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from ree_opt.api import run_model
from ree_opt.cli import app
from ree_opt.config import config_from_raw
from ree_opt.data import dataset_from_records
from ree_opt.indicators import parse_indicator
from ree_opt.sensitivity import case_inputs, make_cases, run_sensitivity, tornado_table
from ree_opt.variations import parse_variation
from tests.helpers import C_B, ROOT, D, tiny_config, two_suppliers

runner = CliRunner()
EXAMPLE = str(ROOT / "models" / "example.yaml")


def toy(specs, indicators=("share:mining:gb:2025",), samples=0):
    data = dataset_from_records(copy.deepcopy(two_suppliers()))
    raw = tiny_config()
    return run_sensitivity(config_from_raw(raw), raw, data, [parse_variation(s) for s in specs],
                           [parse_indicator(i) for i in indicators], group="gb", samples=samples)


def test_objective_is_linear_in_the_varied_cost_until_the_other_supplier_is_cheaper():
    # Two suppliers (tests.helpers.two_suppliers): one year, discount weight 1, nothing built, D = 5 kt.
    # While c_a < c_b = 1.5, a supplies all: objective = c_a·D (slope D = 5 per USD/kg), b's share 0.
    # At c_a = 2 > c_b, b supplies all: objective = c_b·D = 7.5 and b's share is 1.
    res = toy(["deposits.var_cost[deposit=da]=0.5,1.2,2.0"])
    obj = res.cases.set_index("level")["objective"]
    assert obj[""] == pytest.approx(1.0 * D)
    assert obj["0.5"] == pytest.approx(0.5 * D) and obj["1.2"] == pytest.approx(1.2 * D)
    assert obj["2.0"] == pytest.approx(C_B * D)
    share = res.indicators[res.indicators["indicator"] == "share:mining:gb:2025"].set_index("level")["value"]
    assert share["1.2"] == pytest.approx(0.0, abs=1e-9) and share["2.0"] == pytest.approx(1.0)
    assert list(res.cases["solve"]) == ["cold", "warm", "warm", "warm"]
    # a factor on the same cell: objective = f·c_a·D, linear in f
    res = toy(["deposits.var_cost[deposit=da]*0.8,1.4"])
    assert res.cases["objective"].tolist() == pytest.approx([5.0, 0.8 * 5.0, 1.4 * 5.0])


def test_tornado_table_ranks_by_swing():
    res = toy(["deposits.var_cost[deposit=da]*0.8,1.4", "deposits.var_cost[deposit=db]*0.9,1.1"])
    t = tornado_table(res, "objective")
    # a's cost moves the objective 4 … 7; b's cost (b unused while c_b·0.9 = 1.35 > 1) not at all
    assert list(t["variation"]) == ["deposits.var_cost[deposit=da]", "deposits.var_cost[deposit=db]"]
    assert (t.loc[0, "low"], t.loc[0, "high"], t.loc[1, "swing"]) == pytest.approx((4.0, 7.0, 0.0))
    assert t.loc[0, "low_level"] == "0.8" and t.loc[0, "base"] == pytest.approx(5.0)


def test_warm_resolves_equal_cold_solves_on_the_example():
    # Invariant: each case re-solved warm on one HiGHS object has the optimum of a fresh build and solve.
    from ree_opt.config import resolve_raw
    from ree_opt.data import load_dataset

    raw = resolve_raw(ROOT / "models" / "example.yaml")
    raw["horizon"] = {"start": 2025, "end": 2040, "step": 5}
    cfg = config_from_raw(raw)
    data = load_dataset(cfg.dataset)
    specs = [parse_variation(s) for s in ("regions.cost_of_capital[region=china]=0.06,0.09", "demand[case=base]*1.2", "discount_rate=0.03")]
    res = run_sensitivity(cfg, raw, data, specs, [])
    assert (res.cases["solve"] == "warm").sum() >= 3
    for case in make_cases(specs)[1:]:
        c_cfg, c_data = case_inputs(case, raw, cfg, data)
        cold = run_model(c_cfg, data=c_data)
        warm = res.cases.set_index("case").at[case.name, "objective"]
        assert warm == pytest.approx(cold.objective, rel=1e-7), case.name


def test_samples_combine_every_variation():
    res = toy(["deposits.var_cost[deposit=da]*0.8,1.4", "unmet_penalty=500,2000"], samples=3)
    samples = res.cases[res.cases["kind"] == "sample"]
    assert len(samples) == 3 and all("deposits.var_cost" in lv and "unmet_penalty" in lv for lv in samples["level"])
    # objective = f·c_a·D for the drawn factor f ∈ [0.8, 1.4] (a stays the cheaper supplier)
    for level, obj in zip(samples["level"], samples["objective"]):
        f = float(level.split(";")[0].split("*")[1])
        assert obj == pytest.approx(f * 5.0)


def test_cli_sensitivity_writes_folder_with_tornados(tmp_path):
    result = runner.invoke(app, ["sensitivity", EXAMPLE, "--set", "horizon.end=2035", "--out", str(tmp_path),
                                 "--vary", "regions.cost_of_capital[region=china]=0.06,0.09", "--vary", "demand[case=base]*0.9,1.1",
                                 "--indicator", "share:magnet:china:2035"])
    assert result.exit_code == 0, result.output
    (folder,) = (tmp_path / "example" / "sensitivity").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["kind"] == "sensitivity" and manifest["cases"] == 5 and manifest["statuses"] == ["optimal"]
    assert set(manifest["figures"]) == {"tornado_objective.png", "tornado_share_magnet_china_2035.png"}
    ind = pd.read_csv(folder / "sensitivity_indicators.csv")
    names = set(ind["indicator"])
    assert {"objective", "share:magnet:china:2035", "unmet:total", "ndpr_price:2035", "share:separation:china:2030"} <= names
    named = ind[ind["indicator"] == "share:magnet:china:2035"]
    assert len(named) == 5 and named["value"].between(0, 1).all()
    tornado = pd.read_csv(folder / "tornado.csv")
    assert set(tornado["indicator"]) == {"objective", "share:magnet:china:2035"} and (tornado["low"] <= tornado["high"]).all()


@pytest.mark.parametrize("spec, words", [
    ("regions.cost_of_capital[region=atlantis]=0.06", "matches no row of regions"),
    ("regions.cost_of_capital[region=china]", "found no '=' or '*'"),
])
def test_cli_sensitivity_bad_spec_is_one_line(tmp_path, spec, words):
    result = runner.invoke(app, ["sensitivity", EXAMPLE, "--vary", spec, "--out", str(tmp_path)])
    assert result.exit_code == 1 and words in result.output and "Traceback" not in result.output
    assert not (tmp_path / "example").exists()


def test_stochastic_model_sensitivity_on_expected_cost():
    # Demand 5 or 10 (p = ½ each): E[D] = 7.5. While c_a < c_b, a supplies all: E[cost] = f·c_a·E[D] = 7.5·f;
    # at f = 2 (c_a = 2 > c_b = 1.5) b supplies all: 1.5·7.5 = 11.25 and b's expected share is 1.
    scenarios = [{"name": "low", "probability": 0.5, "events": []},
                 {"name": "high", "probability": 0.5, "events": [{"kind": "demand", "factor": 2.0}]}]
    data = dataset_from_records(copy.deepcopy(two_suppliers()))
    raw = tiny_config(disruptions=scenarios, stochastic=True)
    res = run_sensitivity(config_from_raw(raw), raw, data, [parse_variation("deposits.var_cost[deposit=da]*0.8,2")],
                          [parse_indicator("share:mining:gb:2025")], group="gb")
    assert res.cases["objective"].tolist() == pytest.approx([7.5, 0.8 * 7.5, C_B * 7.5])
    share = res.indicators[res.indicators["indicator"] == "share:mining:gb:2025"]["value"].tolist()
    assert share == pytest.approx([0.0, 0.0, 1.0], abs=1e-9)
