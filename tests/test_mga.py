"""MGA (ree_opt.mga) on a two-supplier toy whose ranges are derived by hand."""

from __future__ import annotations

import copy

import pytest

from conftest import tiny_config
from ree_opt.config import config_from_raw
from ree_opt.data import dataset_from_records
from ree_opt.errors import ConfigError
from ree_opt.indicators import parse_indicator
from ree_opt.mga import run_mga

C_A, C_B, D = 1.0, 1.5, 5.0


def two_suppliers(c_a: float = C_A, c_b: float = C_B, demand: float = D) -> dict:
    """Regions a (group ga) and b (group gb) each mine ore:f (existing 10 kt/yr, no build cost counted
    because nothing is built); demand D in a; free shipping b → a; surplus may be disposed of at no cost."""
    return {
        "sources": [{"source": "test", "kind": "assumption", "citation": "test figure"}],
        "regions": [{"region": "a", "name": "A", "group": "ga", "cost_of_capital": 0.0},
                    {"region": "b", "name": "B", "group": "gb", "cost_of_capital": 0.0}],
        "commodities": [{"commodity": "ore:f", "kind": "ore"}],
        "feeds": [{"feed": "f", "element": "nd", "share": 1.0}],
        "processes": [{"process": "mine", "stage": "mining", "capex": 10, "lifetime": 10}],
        "deposits": [{"deposit": "da", "region": "a", "feed": "f", "process": "mine", "status": "operating", "var_cost": c_a},
                     {"deposit": "db", "region": "b", "feed": "f", "process": "mine", "status": "operating", "var_cost": c_b}],
        "existing_capacity": [{"region": "a", "process": "da", "capacity": 10}, {"region": "b", "process": "db", "capacity": 10}],
        "demand": [{"case": "base", "region": "a", "sector": "s", "commodity": "ore:f", "year": 2025, "demand": demand}],
    }


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


def test_bad_indicator_and_stochastic_are_refused():
    with pytest.raises(ConfigError, match="is not a model period"):
        mga(["share:mining:gb:2030"], slacks=(0.01,))
    with pytest.raises(ConfigError, match="unknown region or group 'gx'"):
        mga(["share:mining:gx:2025"], slacks=(0.01,))
    with pytest.raises(ConfigError, match="expected KIND:WHAT:GROUP:YEAR"):
        parse_indicator("china-share-2040")
