from __future__ import annotations
import pytest
from tests.helpers import solve, var_values
from ree_opt.errors import ConfigError
from tests.helpers import emitting_two_regions


def test_emissions_are_reported_by_region_stage_and_year():
    # Without caps or prices all 10 kt come from a (cost 10): 20 kt CO2e and 1 kt residue in a.
    run = solve(emitting_two_regions())
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
    run = solve(emitting_two_regions(), environment={"caps": [{"pollutant": "co2e", "region": where, "limit": limit}]})
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
    run = solve(emitting_two_regions(), environment={"carbon_price": [{"region": "*", "path": {2020: 2000, 2030: 2000}}]})
    costs = run.tables["costs"].set_index("component")["value"]
    assert costs["carbon"] == pytest.approx(10.0)
    assert run.objective == pytest.approx(40.0)


def test_unknown_cap_region_is_a_config_error():
    with pytest.raises(ConfigError, match="environment.caps\\[0\\].region: unknown region or group 'mars'"):
        solve(emitting_two_regions(), environment={"caps": [{"region": "mars", "limit": 1}]})


def test_cap_on_a_pollutant_nobody_emits_warns():
    run = solve(emitting_two_regions(), environment={"caps": [{"pollutant": "wastewater", "limit": 0}]})
    assert any("environment.caps[0]: no process in the model emits wastewater" in w for w in run.warnings)
    assert run.objective == pytest.approx(10.0)  # no effect


def test_price_path_is_averaged_over_the_years_of_a_period_and_caps_cover_their_years():
    # 5-year periods 2025 and 2030, price 0 in 2025 rising to 1000 USD/t in 2035:
    # 2025–29 average (0 + 100 + 200 + 300 + 400) / 5 = 200; 2030–34 average 700 USD/t.
    # Only a's 2 t/t matters (b's mine costs 3 + 0.5 × 0.7 = 3.35 > a's 1 + 2 × 0.7 = 2.4 in 2030):
    # all from a; carbon cost = 5 yr × 20 kt × (0.2 + 0.7) MUSD/kt = 90 (no discounting).
    # A cap of 8 kt/yr on a from 2030 binds only in 2030: 2025 all a (10), 2030 a 4 + b 6 (22), × 5 yr.
    rec = emitting_two_regions()
    rec["demand"].append({**rec["demand"][0], "year": 2030})
    env = {"carbon_price": [{"path": {2025: 0, 2035: 1000}}]}
    run = solve(rec, end=2030, step=5, environment=env)
    costs = run.tables["costs"].set_index("component")["value"]
    assert costs["carbon"] == pytest.approx(90.0)
    capped = solve(rec, end=2030, step=5, environment={"caps": [{"region": "a", "limit": 8, "from_year": 2030}]})
    assert capped.objective == pytest.approx(5 * 10 + 5 * 22)
