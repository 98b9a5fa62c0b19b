"""One tiny model per constraint family, each with its optimum derived by hand in a comment."""

from __future__ import annotations

import pytest

from conftest import one_mine_records, solve, var_values
from ree_opt.sets import capital_recovery_factor, period_weights


def cost(run, component: str) -> float:
    table = run.tables["costs"]
    return float(table.loc[table["component"] == component, "value"].iloc[0])


def test_single_mine_feeds_demand():
    # Existing mine of 10 kt/yr, demand 5 kt of ore, variable cost 2 MUSD/kt, one 1-year period,
    # no discounting, no fixed O&M: produce exactly 5, objective = 5 × 2 = 10.
    run = solve(one_mine_records(var_cost=2.0, existing=10.0, demand=5.0))
    assert run.objective == pytest.approx(10.0)
    assert var_values(run.model.v_activity)[("a", "d", "default", 2025)] == pytest.approx(5.0)
    assert run.tables["builds"].empty  # existing capacity suffices, nothing is built


def test_capex_is_annualised_at_the_regions_cost_of_capital():
    # No existing capacity; demand 5 must be built. Capex 100 MUSD per kt/yr, lifetime 10 yr,
    # cost of capital 8 %: CRF = 0.08·1.08^10 / (1.08^10 − 1) = 0.1490295. One 1-year period:
    # capex = 100 × 0.1490295 × 5 = 74.51474; variable = 2 × 5 = 10.
    rec = one_mine_records(existing=0.0)
    rec["processes"][0]["capex"] = 100
    rec["regions"][0]["cost_of_capital"] = 0.08
    run = solve(rec)
    assert capital_recovery_factor(0.08, 10) == pytest.approx(0.1490295, rel=1e-6)
    assert cost(run, "capex") == pytest.approx(74.51474, rel=1e-6)
    assert run.objective == pytest.approx(84.51474, rel=1e-6)


def test_lead_time_delays_capacity():
    # Annual periods 2025 and 2026, demand 5 in each, no existing capacity, lead time 1 yr,
    # unmet demand at 100 MUSD/kt. A build decided in 2025 is online only in 2026, so 2025's
    # demand goes unmet: 5 × 100 = 500. In 2026 the build of 5 costs its annuity for the one
    # online year inside the horizon, 10 × (1/10) × 5 = 5 (cost of capital 0), plus 2 × 5 = 10.
    # Objective = 515.
    rec = one_mine_records(existing=0.0)
    rec["processes"][0]["lead_time"] = 1
    rec["commodities"][0]["unmet_penalty"] = 100
    rec["demand"].append({**rec["demand"][0], "year": 2026})
    run = solve(rec, end=2026)
    unmet = var_values(run.model.v_unmet)
    assert unmet[("a", "ore:f", 2025)] == pytest.approx(5.0)
    assert unmet[("a", "ore:f", 2026)] == pytest.approx(0.0)
    assert var_values(run.model.v_build)[("a", "d", 2025)] == pytest.approx(5.0)
    assert run.objective == pytest.approx(515.0)


def test_without_lead_time_capex_is_charged_every_online_period():
    # Same as above with lead time 0: build 5 in 2025, online both years; annuity 5 per year × 2 = 10,
    # variable cost 2 × 5 × 2 = 20; nothing unmet. Objective = 30.
    rec = one_mine_records(existing=0.0)
    rec["commodities"][0]["unmet_penalty"] = 100
    rec["demand"].append({**rec["demand"][0], "year": 2026})
    run = solve(rec, end=2026)
    assert run.objective == pytest.approx(30.0)


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


@pytest.mark.parametrize("penalty, unmet, objective", [(4.0, 10.0, 40.0), (6.0, 0.0, 50.0)])
def test_unmet_demand_taken_exactly_when_penalty_below_supply_cost(penalty, unmet, objective):
    # Supplying costs 5 MUSD/kt (variable cost). With a penalty of 4 it is cheaper to leave all
    # 10 kt unmet (40); with a penalty of 6 all is supplied (50).
    rec = one_mine_records(var_cost=5.0, existing=20.0, demand=10.0)
    rec["commodities"][0]["unmet_penalty"] = penalty
    run = solve(rec)
    assert var_values(run.model.v_unmet)[("a", "ore:f", 2025)] == pytest.approx(unmet)
    assert run.objective == pytest.approx(objective)


def test_coproduct_disposal_cost_shows_in_objective():
    # Feed f is half Nd, half La; separation recovers both fully. Demand: 4 kt oxide:nd only.
    # So 8 kt of ore is mined (8 × 1) and separated (8 × 2), and the 4 kt of La that comes out
    # whether wanted or not is disposed of at 3 MUSD/kt (12). Objective = 8 + 16 + 12 = 36.
    rec = one_mine_records(var_cost=1.0, existing=100.0)
    rec["feeds"] = [{"feed": "f", "element": "nd", "share": 0.5}, {"feed": "f", "element": "la", "share": 0.5}]
    rec["commodities"] += [
        {"commodity": "oxide:nd", "kind": "oxide", "element": "nd"},
        {"commodity": "oxide:la", "kind": "oxide", "element": "la", "disposal_cost": 3},
    ]
    rec["processes"].append({"process": "sep", "stage": "separation", "capex": 1, "var_cost": 2, "lifetime": 10})
    rec["separation"] = [{"process": "sep", "element": "nd", "recovery": 1.0}, {"process": "sep", "element": "la", "recovery": 1.0}]
    rec["existing_capacity"].append({"region": "a", "process": "sep", "capacity": 100})
    rec["demand"] = [{"case": "base", "region": "a", "sector": "s", "commodity": "oxide:nd", "year": 2025, "demand": 4}]
    run = solve(rec)
    assert cost(run, "disposal") == pytest.approx(12.0)
    assert var_values(run.model.v_dispose)[("a", "oxide:la", 2025)] == pytest.approx(4.0)
    assert run.objective == pytest.approx(36.0)


def _three_regions(loss_b_to_c: float = 0.0) -> dict:
    rec = one_mine_records(var_cost=1.0, existing=20.0)
    rec["regions"] += [{"region": r, "name": r.upper(), "group": "g1", "cost_of_capital": 0.0} for r in ("b", "c")]
    rec["processes"].append({"process": "mine_b", "stage": "mining", "capex": 10, "var_cost": 2, "lifetime": 10})
    rec["deposits"].append({"deposit": "e", "region": "b", "feed": "f", "process": "mine_b", "status": "operating"})
    rec["existing_capacity"].append({"region": "b", "process": "e", "capacity": 20})
    rec["transport"] = [
        {"origin": "a", "destination": "c", "commodity": "ore:f", "cost": 5},
        {"origin": "b", "destination": "c", "commodity": "ore:f", "cost": 1, "loss": loss_b_to_c},
    ]
    rec["demand"] = [{"case": "base", "region": "c", "sector": "s", "commodity": "ore:f", "year": 2025, "demand": 10}]
    return rec


def test_trade_chooses_the_cheaper_route():
    # Demand 10 in c. Via a: 1 + 5 = 6 per kt; via b: 2 + 1 = 3 per kt. All from b: objective 30,
    # and the marginal cost of ore in c is 3 USD/kg (one more kt delivered from b).
    run = solve(_three_regions())
    ship = var_values(run.model.v_ship)
    assert ship[("ore:f", "b", "c", 2025)] == pytest.approx(10.0)
    assert ship[("ore:f", "a", "c", 2025)] == pytest.approx(0.0)
    assert run.objective == pytest.approx(30.0)
    mc = run.tables["marginal_costs"]
    assert float(mc[(mc.region == "c") & (mc.commodity == "ore:f")]["value"].iloc[0]) == pytest.approx(3.0)


def test_transport_loss_can_flip_the_route():
    # With 60 % lost on b → c, a delivered kt via b costs (2 + 1) / 0.4 = 7.5 > 6 via a:
    # all 10 from a, objective 60.
    run = solve(_three_regions(loss_b_to_c=0.6))
    assert var_values(run.model.v_ship)[("ore:f", "a", "c", 2025)] == pytest.approx(10.0)
    assert run.objective == pytest.approx(60.0)


def test_discounting_of_annual_periods():
    # Existing capacity, demand 10 in 2025 and 2026, variable cost 2, discount rate 10 %:
    # objective = 20 + 20 / 1.1 = 38.181818.
    rec = one_mine_records(existing=20.0, demand=10.0)
    rec["demand"].append({**rec["demand"][0], "year": 2026})
    run = solve(rec, end=2026, discount_rate=0.1)
    assert run.objective == pytest.approx(20 + 20 / 1.1)


def test_multi_year_period_stands_for_its_years():
    # One 5-year period with rate 10 %: weight = Σ_{y=0..4} 1.1^−y = 4.169865; annual cost 20.
    weights = period_weights([2025], {2025: 5}, 0.1, 2025)
    assert weights[2025] == pytest.approx(1 + 1 / 1.1 + 1 / 1.1**2 + 1 / 1.1**3 + 1 / 1.1**4)
    rec = one_mine_records(existing=20.0, demand=10.0)
    run = solve(rec, step=5, discount_rate=0.1)
    assert run.objective == pytest.approx(20 * 4.169865, rel=1e-6)


def test_build_rate_limit_binds():
    # No existing capacity, demand 10; at most 4 kt/yr of new mining capacity per year (1-yr
    # period): build 4 (annuity 10/10 × 4 = 4), variable 2 × 4 = 8, unmet 6 × 100 = 600. Total 612.
    rec = one_mine_records(existing=0.0, demand=10.0)
    rec["commodities"][0]["unmet_penalty"] = 100
    rec["build_limits"] = [{"region": "*", "stage": "mining", "max_new_capacity": 4}]
    run = solve(rec)
    assert var_values(run.model.v_build)[("a", "d", 2025)] == pytest.approx(4.0)
    assert run.objective == pytest.approx(612.0)


def test_announced_project_is_an_option_at_its_own_capex():
    # Demand 5, no existing. An announced project of 3 kt/yr at capex 5 (annuity 0.5/kt) beats
    # a generic build at capex 10 (annuity 1/kt): take the project (1.5), build 2 (2), produce 5 (10).
    # Objective = 13.5.
    rec = one_mine_records(existing=0.0)
    rec["projects"] = [{"project": "p", "region": "a", "process": "d", "capacity": 3, "start_year": 2025, "status": "announced", "capex": 5}]
    run = solve(rec)
    assert var_values(run.model.v_project)["p"] == pytest.approx(3.0)
    assert var_values(run.model.v_build)[("a", "d", 2025)] == pytest.approx(2.0)
    assert run.objective == pytest.approx(13.5)


def test_deposit_max_capacity_limits_builds():
    # Deposit supports 3 kt/yr; demand 5 with penalty 100: build 3 (annuity 3), produce 3 (6),
    # unmet 2 (200). Objective = 209.
    rec = one_mine_records(existing=0.0)
    rec["deposits"][0]["max_capacity"] = 3
    rec["commodities"][0]["unmet_penalty"] = 100
    run = solve(rec)
    assert run.objective == pytest.approx(209.0)


def test_invest_false_builds_nothing():
    # Operations only: no capacity, so all 5 kt are unmet at the model default penalty 1000 → 5000.
    run = solve(one_mine_records(existing=0.0), invest=False)
    assert run.model.nvariables() == 1  # only the unmet-demand variable exists
    assert run.objective == pytest.approx(5000.0)


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


def test_project_starting_after_the_horizon_is_left_out():
    # A committed project online from 2030 in a 2025-only model adds nothing and costs nothing:
    # the objective is the single-mine one, 5 × 2 = 10.
    rec = one_mine_records()
    rec["processes"].append({"process": "sep", "stage": "separation", "capex": 1, "lifetime": 10})
    rec["commodities"].append({"commodity": "oxide:nd", "kind": "oxide", "element": "nd"})
    rec["separation"] = [{"process": "sep", "element": "nd", "recovery": 1.0}]
    rec["projects"] = [{"project": "later", "region": "a", "process": "sep", "capacity": 3, "start_year": 2030, "status": "committed"}]
    run = solve(rec, invest=False)
    assert "later" not in run.sets.projects
    assert run.objective == pytest.approx(10.0)


def test_region_override_beats_deposit_value_beats_process_value():
    # Process var_cost 2, deposit-specific 3, region override 0 for fixed O&M only: the deposit's
    # 3 applies (5 kt × 3 = 15). A zero deposit value is a value, not a blank: 0 → objective 0.
    rec = one_mine_records()
    rec["deposits"][0]["var_cost"] = 3
    rec["process_region_costs"] = [{"region": "a", "process": "d", "fixed_om": 0}]
    assert solve(rec).objective == pytest.approx(15.0)
    rec["deposits"][0]["var_cost"] = 0
    assert solve(rec).objective == pytest.approx(0.0)
    rec["process_region_costs"] = [{"region": "a", "process": "d", "var_cost": 1}]
    assert solve(rec).objective == pytest.approx(5.0)


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


@pytest.mark.parametrize("pooled, objective", [(False, 24.0), (True, 412.0)])
def test_build_limit_per_region_or_pooled(pooled, objective):
    # Two regions of group g1, each with a deposit and demand 4, no existing capacity, a limit of
    # 4 kt/yr of new mining per year, one 1-year period, annuity 10 × 1/10 = 1 per kt/yr.
    # Per region: each builds 4 (4) and mines 4 at 2 (8): 2 × 12 = 24.
    # Pooled over g1: 4 kt/yr in total: build 4 (4), mine 4 (8), 4 kt unmet at 100 (400) → 412.
    rec = one_mine_records(existing=0.0, demand=4.0)
    rec["commodities"][0]["unmet_penalty"] = 100
    rec["regions"].append({"region": "b", "name": "B", "group": "g1", "cost_of_capital": 0.0})
    rec["deposits"].append({"deposit": "e", "region": "b", "feed": "f", "process": "mine", "status": "operating"})
    rec["demand"].append({**rec["demand"][0], "region": "b"})
    rec["build_limits"] = [{"region": "g1", "stage": "mining", "max_new_capacity": 4, "pooled": pooled}]
    run = solve(rec)
    assert run.objective == pytest.approx(objective)
