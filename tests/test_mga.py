"""MGA (ree_opt.mga) on a two-supplier toy whose ranges are derived by hand."""

from __future__ import annotations

import copy

import pytest

from ree_opt.config import config_from_raw
from ree_opt.data import dataset_from_records
from ree_opt.errors import ConfigError
from ree_opt.indicators import parse_indicator
from ree_opt.mga import run_mga
from tests.helpers import C_A, C_B, D, tiny_config, two_suppliers


def mga(indicators, slacks, records=None):
    data = dataset_from_records(copy.deepcopy(records or two_suppliers()))
    cfg = config_from_raw(tiny_config())
    return run_mga(cfg, data, [parse_indicator(i) for i in indicators], slacks=slacks)


def test_two_supplier_share_ranges_by_hand():
    # One year, discount weight 1: cost = c_a·x_a + c_b·x_b with x_a + x_b ≥ D (surplus disposed of free).
    # Optimum x_a = D, C* = c_a·D = 5. Within slack ε: c_a·x_a + c_b·x_b ≤ (1+ε)·c_a·D. For a share of b
    # as high as possible x_a = D − x_b (more a only lowers it; more b than D costs ≥ c_b·D = 7.5 > 5.5), so
    # c_a·D + (c_b − c_a)·x_b ≤ (1+ε)·c_a·D → x_b ≤ ε·c_a·D/(c_b − c_a), share_b ≤ ε·c_a/(c_b − c_a):
    # ε = 1 %: 0.02; ε = 10 %: 0.2. The least share of b is 0 (the optimum); a's share is 1 − b's.
    res = mga(["share:mining:gb:2025", "share:mining:ga:2025", "output:mining:gb:2025"], slacks=(0.01, 0.1))
    r = res.ranges.set_index(["indicator", "slack", "sense"])["value"]
    assert res.optimum == pytest.approx(C_A * D)
    for eps in (0.01, 0.1):
        hi = eps * C_A / (C_B - C_A)
        assert r["share:mining:gb:2025", eps, "max"] == pytest.approx(hi, abs=1e-7)
        assert r["share:mining:gb:2025", eps, "min"] == pytest.approx(0.0, abs=1e-7)
        assert r["share:mining:ga:2025", eps, "min"] == pytest.approx(1 - hi, abs=1e-7)
        assert r["share:mining:ga:2025", eps, "max"] == pytest.approx(1.0, abs=1e-7)
        assert r["output:mining:gb:2025", eps, "max"] == pytest.approx(hi * D, abs=1e-7)
    assert r["share:mining:gb:2025", 0.0, "optimum"] == pytest.approx(0.0, abs=1e-9)
    # every extreme plan costs at most (1 + ε)·C*
    ext = res.ranges[res.ranges["sense"] != "optimum"]
    assert (ext["cost"] <= (1 + ext["slack"]) * res.optimum * (1 + 1e-9)).all()
    # the extreme plans are reported at the first slack: b's share at its max is 2 %
    gs = res.plans["group_shares"]
    top = gs[(gs["indicator"] == "share:mining:gb:2025") & (gs["sense"] == "max") & (gs["group"] == "gb")]
    assert top["share"].iloc[0] == pytest.approx(0.01 * C_A / (C_B - C_A), abs=1e-7)


def test_share_with_a_moving_denominator():
    # Nothing may be built; b is cheap (0.5) but has only 2 kt/yr; a costs 1; unmet ore costs 1.2/kt.
    # Optimum x_b = 2, x_a = 3, C* = 1·3 + 0.5·2 = 4. Slack 5 %: budget 0.2 MUSD.
    # Max share of b = 2/(x_a + 2): leave u kt unmet instead of mining it in a (+0.2/kt) → u = 1,
    #   share 2/4 = 0.5 (the denominator moves from 5 to 4: Dinkelbach, not a fixed total).
    # Min share of b: swap b → a (+0.5/kt): δ = 0.4, share 1.6/5 = 0.32; the other vertices are worse:
    #   surplus in a (+1/kt) 2/5.2 = 0.385; b → unmet (+0.7/kt) δ = 2/7, (2 − δ)/(5 − δ) = 0.364.
    rec = two_suppliers(c_a=1.0, c_b=0.5)
    rec["existing_capacity"][1]["capacity"] = 2
    rec["processes"][0]["buildable"] = False
    rec["commodities"][0]["unmet_penalty"] = 1.2
    res = mga(["share:mining:gb:2025"], slacks=(0.05,), records=rec)
    r = res.ranges.set_index(["slack", "sense"])["value"]
    assert res.optimum == pytest.approx(4.0)
    assert r[0.05, "max"] == pytest.approx(0.5, abs=1e-7)
    assert r[0.05, "min"] == pytest.approx(0.32, abs=1e-7)


def test_bad_indicators_are_refused():
    with pytest.raises(ConfigError, match="is not a model period"):
        mga(["share:mining:gb:2030"], slacks=(0.01,))
    with pytest.raises(ConfigError, match="unknown region or group 'gx'"):
        mga(["share:mining:gx:2025"], slacks=(0.01,))
    with pytest.raises(ConfigError, match="expected KIND:WHAT:GROUP:YEAR"):
        parse_indicator("china-share-2040")


def test_cli_mga_writes_ranges_plans_and_figure(tmp_path):
    import json

    import pandas as pd
    from typer.testing import CliRunner

    from ree_opt.cli import app
    from tests.helpers import ROOT

    result = CliRunner().invoke(app, ["mga", str(ROOT / "models" / "example.yaml"), "--set", "horizon.end=2040", "--slack", "0.01",
                                      "--slacks", "0.005,0.02", "--indicator", "share:separation:china:2040",
                                      "--indicator", "capacity:magnet:allied:2035", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (folder,) = (tmp_path / "example" / "mga").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["kind"] == "mga" and manifest["slacks"] == [0.005, 0.01, 0.02] and manifest["figures"] == ["range_vs_slack.png"]
    r = pd.read_csv(folder / "mga_ranges.csv")
    # Invariants: the optimum lies within every range, and ranges widen as the slack grows (the feasible set grows).
    for name, part in r.groupby("indicator"):
        opt = part.loc[part["sense"] == "optimum", "value"].iloc[0]
        lo = part[part["sense"] == "min"].sort_values("slack")["value"].to_numpy()
        hi = part[part["sense"] == "max"].sort_values("slack")["value"].to_numpy()
        assert (lo <= opt + 1e-7).all() and (hi >= opt - 1e-7).all(), name
        assert (lo[1:] <= lo[:-1] + 1e-7).all() and (hi[1:] >= hi[:-1] - 1e-7).all(), name
    assert (r["cost_increase"] <= r["slack"] + 1e-7).all()
    plans = pd.read_csv(folder / "mga_group_shares.csv")
    assert set(zip(plans["indicator"], plans["sense"])) == {(i, s) for i in ("share:separation:china:2040", "capacity:magnet:allied:2035") for s in ("min", "max")}


def test_stochastic_model_mga_on_expected_cost():
    # Two equally likely scenarios: demand D = 5 and 2·D = 10 (a demand shock). Nothing binds, so in each
    # scenario a supplies all: E[cost] = c_a·E[D] = 7.5. Within ε: Σ_s p_s·(c_a·x_a,s + c_b·x_b,s) ≤ (1+ε)·c_a·E[D]
    # and Σ_s p_s·(x_a,s + x_b,s) ≥ E[D] → E[x_b] ≤ ε·c_a·E[D]/(c_b − c_a): the expected share of b,
    # E[x_b]/E[x_a + x_b], is at most ε·c_a/(c_b − c_a) = 0.02 at ε = 1 %, as in the deterministic toy.
    scenarios = [{"name": "low", "probability": 0.5, "events": []},
                 {"name": "high", "probability": 0.5, "events": [{"kind": "demand", "factor": 2.0}]}]
    data = dataset_from_records(copy.deepcopy(two_suppliers()))
    cfg = config_from_raw(tiny_config(disruptions=scenarios, stochastic=True))
    res = run_mga(cfg, data, [parse_indicator("share:mining:gb:2025")], slacks=(0.01,))
    r = res.ranges.set_index(["slack", "sense"])["value"]
    assert res.optimum == pytest.approx(C_A * 1.5 * D)
    assert r[0.01, "max"] == pytest.approx(0.01 * C_A / (C_B - C_A), abs=1e-7)
    assert r[0.01, "min"] == pytest.approx(0.0, abs=1e-7)
    assert set(res.plans["group_shares"]["scenario"]) == {"low", "high"}


def test_cli_mga_on_a_stochastic_model_writes_plans_per_scenario(tmp_path):
    import json

    import pandas as pd
    from typer.testing import CliRunner

    from ree_opt.cli import app
    from tests.helpers import ROOT

    result = CliRunner().invoke(app, ["mga", str(ROOT / "models" / "example_stochastic.yaml"), "--set", "horizon.end=2035", "--slacks", "",
                                      "--indicator", "capacity:magnet:allied:2035", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (folder,) = (tmp_path / "example_stochastic" / "mga").iterdir()
    assert json.loads((folder / "manifest.json").read_text())["kind"] == "mga"
    r = pd.read_csv(folder / "mga_ranges.csv").set_index("sense")["value"]
    assert r["min"] <= r["optimum"] + 1e-7 <= r["max"] + 2e-7
    cap = pd.read_csv(folder / "mga_capacity.csv")
    # capacity is first stage: every scenario of an extreme plan has the same allied magnet capacity in 2035
    part = cap[(cap["stage"] == "magnet") & (cap["group"] == "allied") & (cap["year"] == 2035)]
    per = part.groupby(["sense", "scenario"])["value"].sum().unstack()
    assert len(per.columns) > 1 and (per.max(axis=1) - per.min(axis=1) < 1e-6).all()
    assert per.loc["max"].iloc[0] == pytest.approx(r["max"], rel=1e-6)
