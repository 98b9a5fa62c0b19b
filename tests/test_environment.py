"""Environmental accounting, caps, carbon prices and the ε-constraint Pareto front."""

from __future__ import annotations

import copy

import pytest

from conftest import one_mine_records, solve, tiny_config, var_values
from ree_opt.config import config_from_raw
from ree_opt.data import dataset_from_records
from ree_opt.errors import ConfigError
from ree_opt.pareto import trace_front


def two_region_records() -> dict:
    """Demand 10 kt/yr of ore in region a. Mine d in a: 1 MUSD/kt, 2 t CO2e/t, 0.1 t residue/t.
    Mine e in b: 3 MUSD/kt, 0.5 t CO2e/t; freight b → a is free. Both have 20 kt/yr in place."""
    rec = one_mine_records(var_cost=1.0, existing=20.0, demand=10.0)
    rec["regions"].append({"region": "b", "name": "B", "group": "g2", "cost_of_capital": 0.0})
    rec["processes"].append({"process": "mine_b", "stage": "mining", "capex": 10, "var_cost": 3, "lifetime": 10})
    rec["deposits"].append({"deposit": "e", "region": "b", "feed": "f", "process": "mine_b", "status": "operating"})
    rec["existing_capacity"].append({"region": "b", "process": "e", "capacity": 20})
    rec["process_emissions"] = [
        {"process": "mine", "pollutant": "co2e", "intensity": 2.0, "source": "test"},
        {"process": "mine", "pollutant": "radioactive_residue", "intensity": 0.1, "source": "test"},
        {"process": "mine_b", "region": "b", "pollutant": "co2e", "intensity": 0.5, "source": "test"},
    ]
    return rec


def test_emissions_are_reported_by_region_stage_and_year():
    # Without caps or prices all 10 kt come from a (cost 10): 20 kt CO2e and 1 kt residue in a.
    run = solve(two_region_records())
    assert run.objective == pytest.approx(10.0)
    em = run.tables["emissions"].set_index(["region", "stage", "pollutant", "year"])["value"]
    assert em[("a", "mining", "co2e", 2025)] == pytest.approx(20.0)
    assert em[("a", "mining", "radioactive_residue", 2025)] == pytest.approx(1.0)


@pytest.mark.parametrize("where", ["a", "g1", "*"])
def test_cap_binds_and_shifts_production_to_the_dearer_region(where):
    # Cap a's CO2e at 8 kt/yr (the world cap 11 = 8 from a + 0.5 × 6 from b gives the same):
    # a may mine 8 / 2 = 4 kt; b supplies the other 6 at 3 instead of 1 MUSD/kt.
    # Cost = 4 × 1 + 6 × 3 = 22, i.e. 12 = 6 × (3 − 1) more than the uncapped 10.
    limit = 11.0 if where == "*" else 8.0
    run = solve(two_region_records(), environment={"caps": [{"pollutant": "co2e", "region": where, "limit": limit}]})
    act = var_values(run.model.v_activity)
    assert act[("a", "d", "default", 2025)] == pytest.approx(4.0)
    assert act[("b", "e", "default", 2025)] == pytest.approx(6.0)
    assert run.objective - 10.0 == pytest.approx(12.0)
    # Shadow price of the cap: 1 more kt CO2e lets a mine 1/2 (region cap) or 1/1.5 (world cap) kt more
    # instead of b, saving 2 MUSD/kt: 1 or 4/3 MUSD per kt CO2e (= USD/kg, i.e. 1,000 or 1,333 USD/t).
    duals = run.tables["policy_duals"]
    cap_dual = float(duals[duals["constraint"] == "c_emission_cap"]["value"].iloc[0])
    assert cap_dual == pytest.approx(4 / 3 if where == "*" else 1.0)


def test_carbon_price_is_a_named_cost_component():
    # 2000 USD/t CO2e = 2 MUSD/kt: a costs 1 + 2 × 2 = 5 per kt, b 3 + 0.5 × 2 = 4 → all from b.
    # Objective = 10 × 3 + carbon 10 × 0.5 × 2 = 30 + 10 = 40.
    run = solve(two_region_records(), environment={"carbon_price": [{"region": "*", "path": {2020: 2000, 2030: 2000}}]})
    costs = run.tables["costs"].set_index("component")["value"]
    assert costs["carbon"] == pytest.approx(10.0)
    assert run.objective == pytest.approx(40.0)


def test_unknown_cap_region_is_a_config_error():
    with pytest.raises(ConfigError, match="environment.caps\\[0\\].region: unknown region or group 'mars'"):
        solve(two_region_records(), environment={"caps": [{"region": "mars", "limit": 1}]})


def test_pareto_front_end_points_and_middle():
    # Min cost: all from a, 20 kt CO2e at cost 10. Min CO2e (demand still met): all from b, 5 kt at 30.
    # Three points ε = 20, 12.5, 5. Middle: 2x + 0.5 (10 − x) ≤ 12.5 → x = 5 from a, cost 5 + 15 = 20.
    data = dataset_from_records(copy.deepcopy(two_region_records()))
    front = trace_front(config_from_raw(tiny_config()), metric="co2e", points=3, data=data)
    pts = front.points
    assert list(pts["status"]) == ["optimal"] * 3
    assert list(pts["emissions"]) == pytest.approx([20.0, 12.5, 5.0], abs=1e-5)
    assert list(pts["cost"]) == pytest.approx([10.0, 20.0, 30.0], abs=1e-5)


def test_pareto_needs_a_metric_with_intensities():
    data = dataset_from_records(copy.deepcopy(two_region_records()))
    with pytest.raises(ConfigError, match="--metric wastewater"):
        trace_front(config_from_raw(tiny_config()), metric="wastewater", points=3, data=data)


def test_cap_on_a_pollutant_nobody_emits_warns():
    run = solve(two_region_records(), environment={"caps": [{"pollutant": "wastewater", "limit": 0}]})
    assert any("environment.caps[0]: no process in the model emits wastewater" in w for w in run.warnings)
    assert run.objective == pytest.approx(10.0)  # no effect


def test_pareto_front_of_a_mip():
    # b has no capacity and builds mine_b in modules of 4 kt/yr (annuity 1 MUSD per kt/yr).
    # Min cost: all 10 from a (20 kt CO2e, cost 10). Min CO2e: all from b, 3 modules = 12 kt/yr:
    # 12 + 10 × 3 = 42 at 5 kt. Middle ε = 12.5: a ≤ 5, so b makes 5 in 2 modules (8):
    # 5 × 1 + 5 × 3 + 8 = 28 (b making all 8 it built, a 2, would cost 2 + 24 + 8 = 34).
    rec = two_region_records()
    rec["existing_capacity"] = [row for row in rec["existing_capacity"] if row["process"] != "e"]
    rec["processes"][1]["module_size"] = 4
    data = dataset_from_records(copy.deepcopy(rec))
    front = trace_front(config_from_raw(tiny_config(lumpy=True, solver={"mip_gap": 0.0})), points=3, data=data)
    assert list(front.points["status"]) == ["optimal"] * 3
    assert list(front.points["emissions"]) == pytest.approx([20.0, 12.5, 5.0], abs=1e-5)
    assert list(front.points["cost"]) == pytest.approx([10.0, 28.0, 42.0], abs=1e-5)


def test_price_path_is_averaged_over_the_years_of_a_period_and_caps_cover_their_years():
    # 5-year periods 2025 and 2030, price 0 in 2025 rising to 1000 USD/t in 2035:
    # 2025–29 average (0 + 100 + 200 + 300 + 400) / 5 = 200; 2030–34 average 700 USD/t.
    # Only a's 2 t/t matters (b's mine costs 3 + 0.5 × 0.7 = 3.35 > a's 1 + 2 × 0.7 = 2.4 in 2030):
    # all from a; carbon cost = 5 yr × 20 kt × (0.2 + 0.7) MUSD/kt = 90 (no discounting).
    # A cap of 8 kt/yr on a from 2030 binds only in 2030: 2025 all a (10), 2030 a 4 + b 6 (22), × 5 yr.
    rec = two_region_records()
    rec["demand"].append({**rec["demand"][0], "year": 2030})
    env = {"carbon_price": [{"path": {2025: 0, 2035: 1000}}]}
    run = solve(rec, end=2030, step=5, environment=env)
    costs = run.tables["costs"].set_index("component")["value"]
    assert costs["carbon"] == pytest.approx(90.0)
    capped = solve(rec, end=2030, step=5, environment={"caps": [{"region": "a", "limit": 8, "from_year": 2030}]})
    assert capped.objective == pytest.approx(5 * 10 + 5 * 22)
