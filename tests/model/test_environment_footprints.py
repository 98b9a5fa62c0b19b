"""Footprints from their causes in the model (issue 16): energy × grid intensity, a cap that moves
separation to a cleaner grid, holding grids flat, a border charge that changes an import decision,
and cradle-to-gate product footprints. Every expected number is derived by hand beside it."""

from __future__ import annotations

import pytest

from tests.helpers import cost, solve, var_values


def separation_two_grids(var_a: float = 1.0, var_b: float = 3.0, grid_a: float = 500.0, grid_b: float = 100.0) -> dict:
    """Demand 10 kt/yr of Nd oxide in a. Ore from a free mine in a; separation `sep` (10 MWh/t, recovery 1) in a
    (var_a MUSD/kt, grid_a g/kWh) and in b (var_b, grid_b), 20 kt/yr each in place; freight free both ways."""
    return {
        "sources": [{"source": "test", "kind": "assumption", "citation": "test figure"}],
        "regions": [{"region": "a", "name": "A", "group": "g1", "cost_of_capital": 0.0},
                    {"region": "b", "name": "B", "group": "g2", "cost_of_capital": 0.0}],
        "commodities": [{"commodity": "ore:f", "kind": "ore"}, {"commodity": "oxide:nd", "kind": "oxide", "element": "nd"}],
        "feeds": [{"feed": "f", "element": "nd", "share": 1.0}],
        "processes": [{"process": "mine", "stage": "mining", "capex": 10, "var_cost": 0, "lifetime": 10},
                      {"process": "sep", "stage": "separation", "capex": 10, "var_cost": var_a, "lifetime": 10}],
        "process_region_costs": [{"region": "b", "process": "sep", "var_cost": var_b}],
        "separation": [{"process": "sep", "element": "nd", "recovery": 1.0}],
        "deposits": [{"deposit": "d", "region": "a", "feed": "f", "process": "mine", "status": "operating"}],
        "existing_capacity": [{"region": "a", "process": "d", "capacity": 20}, {"region": "a", "process": "sep", "capacity": 20},
                              {"region": "b", "process": "sep", "capacity": 20}],
        "demand": [{"case": "base", "region": "a", "sector": "s", "commodity": "oxide:nd", "year": 2025, "demand": 10}],
        "energy_use": [{"process": "sep", "carrier": "electricity", "value": 10.0, "source": "test"}],
        "carrier_intensity": [{"region": "a", "carrier": "electricity", "year": 2025, "value": grid_a, "source": "test"},
                              {"region": "b", "carrier": "electricity", "year": 2025, "value": grid_b, "source": "test"}],
    }


def _sep(run, r: str, t: int = 2025) -> float:
    return var_values(run.model.v_activity)[(r, "sep", "f", t)]


def test_intensity_is_energy_times_grid_intensity():
    # No cap: all 10 kt separated in a (1 < 3 MUSD/kt). a's intensity 10 MWh × 500 kg/MWh = 5 t CO2e/t → 50 kt/yr.
    run = solve(separation_two_grids())
    assert _sep(run, "a") == pytest.approx(10.0) and run.objective == pytest.approx(10.0)
    em = run.tables["emissions"].set_index(["region", "stage", "pollutant", "year"])["value"]
    assert em[("a", "separation", "co2e", 2025)] == pytest.approx(50.0)
    # intensities.csv: γ per unit, mode and period; b's cleaner grid gives 10 × 100/1000 = 1 t/t
    gamma = run.tables["intensities"].set_index(["region", "process", "mode", "pollutant", "year"])["value"]
    assert gamma[("a", "sep", "f", "co2e", 2025)] == pytest.approx(5.0) and gamma[("b", "sep", "f", "co2e", 2025)] == pytest.approx(1.0)
    # oxide made in a carries 5 t CO2e per t (the ore is burden-free here); a uses only its own oxide
    fp = run.tables["product_footprints"].set_index(["region", "commodity", "basis"])["value"]
    assert fp[("a", "oxide:nd", "made")] == pytest.approx(5.0) == fp[("a", "oxide:nd", "used")]


def test_cap_moves_separation_to_the_cleaner_grid():
    # World cap 20 kt/yr: a emits 5 t/t, b 10 × 100/1000 = 1 t/t. x_a + x_b = 10, 5 x_a + x_b ≤ 20 → x_a = 2.5, x_b = 7.5.
    # Cost 1 × 2.5 + 3 × 7.5 = 25 (15 more than uncapped). Dual: one more kt CO2e lets a separate 1/4 kt more
    # instead of b, saving 2/4 = 0.5 MUSD/kt CO2e (500 USD/t).
    run = solve(separation_two_grids(), environment={"caps": [{"region": "*", "limit": 20}]})
    assert _sep(run, "a") == pytest.approx(2.5) and _sep(run, "b") == pytest.approx(7.5)
    assert run.objective == pytest.approx(25.0)
    duals = run.tables["policy_duals"]
    assert float(duals[duals["constraint"] == "c_emission_cap"]["value"].iloc[0]) == pytest.approx(0.5)


def test_grid_path_and_holding_it_flat():
    # a's grid falls from 500 g (2025) to 0 (2035). Period 2030 spans 2030–34: 250, 200, 150, 100, 50 → mean 150 g,
    # so 10 MWh/t gives 1.5 t/t and 10 kt emit 15 kt/yr; held flat at the first model year (2025: 500 g) → 50 kt/yr.
    rec = separation_two_grids()
    rec["carrier_intensity"].append({"region": "a", "carrier": "electricity", "year": 2035, "value": 0.0, "source": "test"})
    rec["demand"].append({**rec["demand"][0], "year": 2030})
    for flat, expected in ((False, 15.0), (True, 50.0)):
        run = solve(rec, end=2030, step=5, environment={"hold_grid_flat": flat})
        em = run.tables["emissions"].set_index(["region", "stage", "pollutant", "year"])["value"]
        assert em[("a", "separation", "co2e", 2030)] == pytest.approx(expected)


@pytest.mark.parametrize(("price", "home", "objective"), [(300.0, 0.0, 10.0 + 15.0), (500.0, 10.0, 30.0)])
def test_border_charge_changes_the_import_decision(price, home, objective):
    # Now b separates cheaply (1 MUSD/kt) on a dirty grid (500 g: 5 t/t) and a dearly (3) on a clean one (100 g: 1 t/t).
    # Without a charge a imports all 10 kt of oxide from b (cost 10). a's charge on oxide from outside g1 is
    # price × β[b, oxide], β = 5 t/t (b's only oxide maker, its ore input burden-free): 1.5 MUSD/kt at 300 USD/t
    # (< the 2 MUSD/kt a would pay more at home: still import, border_carbon = 15), 2.5 at 500 (> 2: separate at home).
    rec = separation_two_grids(var_a=3.0, var_b=1.0, grid_a=100.0, grid_b=500.0)
    charge = {"border_charge": [{"importer": "g1", "commodities": ["oxide:*"], "path": {2025: price}}]}
    run = solve(rec, environment=charge)
    assert _sep(run, "a") == pytest.approx(home)
    assert run.objective == pytest.approx(objective)
    if home == 0.0:
        assert cost(run, "border_carbon") == pytest.approx(15.0)
    # ore shipped a → b for separation is an export of a: never charged
    assert solve(rec).objective == pytest.approx(10.0)


def test_bad_border_charge_is_a_config_error():
    from ree_opt.errors import ConfigError

    with pytest.raises(ConfigError, match=r"environment.border_charge\[0\].importer: unknown region or group 'mars'"):
        solve(separation_two_grids(), environment={"border_charge": [{"importer": "mars", "path": {2025: 100}}]})
    with pytest.raises(ConfigError, match=r"environment.border_charge\[0\].commodities: 'metal:\*' matches no commodity"):
        solve(separation_two_grids(), environment={"border_charge": [{"importer": "a", "commodities": ["metal:*"], "path": {2025: 1}}]})
