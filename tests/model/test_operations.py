from __future__ import annotations
import pytest
from tests.helpers import one_mine_records, solve, var_values


def test_single_mine_feeds_demand():
    # Existing mine of 10 kt/yr, demand 5 kt of ore, variable cost 2 MUSD/kt, one 1-year period,
    # no discounting, no fixed O&M: produce exactly 5, objective = 5 × 2 = 10.
    run = solve(one_mine_records(var_cost=2.0, existing=10.0, demand=5.0))
    assert run.objective == pytest.approx(10.0)
    assert var_values(run.model.v_activity)[("a", "d", "default", 2025)] == pytest.approx(5.0)
    assert run.tables["builds"].empty  # existing capacity suffices, nothing is built


def test_reserves_bind():
    # Two deposits: d (variable cost 1, reserves 12 kt) and e (variable cost 3, unlimited), both
    # with 20 kt/yr existing; demand 10 kt/yr in 2025 and 2026 (annual periods). d can supply only
    # 12 kt over both years, e the other 8: objective = 12 × 1 + 8 × 3 = 36.
    rec = one_mine_records(var_cost=1.0, existing=20.0, demand=10.0)
    rec["deposits"][0]["reserves"] = 12
    rec["processes"].append({"process": "mine_dear", "stage": "mining", "capex": 10, "var_cost": 3, "lifetime": 10})
    rec["deposits"].append({"deposit": "e", "region": "a", "feed": "f", "process": "mine_dear", "status": "operating"})
    rec["existing_capacity"].append({"region": "a", "process": "e", "capacity": 20})
    rec["demand"].append({**rec["demand"][0], "year": 2026})
    run = solve(rec, end=2026)
    act = var_values(run.model.v_activity)
    assert act[("a", "d", "default", 2025)] + act[("a", "d", "default", 2026)] == pytest.approx(12.0)
    assert run.objective == pytest.approx(36.0)


def test_magnet_recipe_modes_share_capacity_and_make_scrap():
    # A magnet plant (10 kt/yr, no expansion allowed) makes magnet:x from metal:nd (0.4 kt per kt, with 0.1 kt of scrap)
    # or magnet:y (0.5 kt Nd per kt). Nd metal is supplied by a mine-like source at 1 MUSD/kt.
    # Demand 6 of x and 6 of y exceeds the shared capacity of 10: with unmet penalty 100 for both,
    # the plant runs 10 and 2 kt are unmet. Scrap 0.1 × (x made) is disposed of at no cost.
    rec = one_mine_records(var_cost=1.0, existing=100.0)
    rec["commodities"] = [
        {"commodity": "ore:f", "kind": "ore"},
        {"commodity": "magnet:x", "kind": "magnet", "unmet_penalty": 100},
        {"commodity": "magnet:y", "kind": "magnet", "unmet_penalty": 100},
        {"commodity": "scrap:s", "kind": "scrap"},
    ]
    rec["processes"].append({"process": "mag", "stage": "magnet", "capex": 1, "lifetime": 10, "buildable": False})
    rec["process_io"] = [
        {"process": "mag", "mode": "x", "commodity": "ore:f", "coef": -0.4},
        {"process": "mag", "mode": "x", "commodity": "magnet:x", "coef": 1},
        {"process": "mag", "mode": "x", "commodity": "scrap:s", "coef": 0.1},
        {"process": "mag", "mode": "y", "commodity": "ore:f", "coef": -0.5},
        {"process": "mag", "mode": "y", "commodity": "magnet:y", "coef": 1},
    ]
    rec["existing_capacity"].append({"region": "a", "process": "mag", "capacity": 10})
    rec["demand"] = [{"case": "base", "region": "a", "sector": s, "commodity": f"magnet:{s}", "year": 2025, "demand": 6} for s in ("x", "y")]
    run = solve(rec)
    act = var_values(run.model.v_activity)
    x, y = act[("a", "mag", "x", 2025)], act[("a", "mag", "y", 2025)]
    assert x + y == pytest.approx(10.0)
    # x needs less Nd, so it is preferred: 6 of x, 4 of y; Nd = 0.4·6 + 0.5·4 = 4.4; unmet 2 of y.
    assert x == pytest.approx(6.0)
    assert run.objective == pytest.approx(4.4 + 200.0)
    assert var_values(run.model.v_dispose)[("a", "scrap:s", 2025)] == pytest.approx(0.6)


def test_capacity_rent_and_deposit_limit_dual():
    # As in the deposit-limit test: capacity capped at 3, demand 5, unmet at 100, variable cost 2,
    # annuity 1 per kt/yr. One more kt/yr usable capacity replaces 1 kt of unmet demand with
    # production: rent = 100 − 2 = 98 USD/kg per yr, 98× its annual cost of 1 (a binding link).
    # One more kt/yr of deposit limit allows one more build at annuity 1: dual 98 − 1 = 97.
    rec = one_mine_records(existing=0.0)
    rec["deposits"][0]["max_capacity"] = 3
    rec["commodities"][0]["unmet_penalty"] = 100
    run = solve(rec)
    rents = run.tables["capacity_rents"]
    assert float(rents["value"].iloc[0]) == pytest.approx(98.0)
    assert float(rents["rent_ratio"].iloc[0]) == pytest.approx(98.0)
    duals = run.tables["policy_duals"]
    assert float(duals[duals["constraint"] == "c_capacity_max"]["value"].iloc[0]) == pytest.approx(97.0)
