from __future__ import annotations
import pytest
from tests.helpers import one_mine_records, solve, var_values
from tests.helpers import cost


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


@pytest.mark.parametrize("step, rate", [(5, 0.1), (1, 0.0)])
def test_marginal_cost_is_undiscounted_whatever_the_period_weight(step, rate):
    # Existing mine at variable cost 2 with spare capacity serves demand: one more kt/yr of demand
    # costs 2 MUSD/kt in that year, i.e. 2 USD/kg, whether the period stands for 1 year at 0 %
    # or 5 years at 10 % (the dual is divided by the period's discount weight 4.169865).
    run = solve(one_mine_records(var_cost=2.0, existing=20.0, demand=10.0), step=step, discount_rate=rate)
    mc = run.tables["marginal_costs"]
    assert float(mc[mc["commodity"] == "ore:f"]["value"].iloc[0]) == pytest.approx(2.0)
