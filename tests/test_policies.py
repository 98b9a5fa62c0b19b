"""Policy constraints on tiny models with hand-derived optima."""

from __future__ import annotations

import pytest

from conftest import one_mine_records, solve, var_values
from ree_opt.config import config_from_raw
from ree_opt.data import dataset_from_records
from ree_opt.errors import ConfigError
from ree_opt.sets import compute_sets
from conftest import tiny_config


def two_regions(mine_in_b: bool = True) -> dict:
    """Region a (group g1) has a mine at 1 MUSD/kt; region b (group g2) one at 4 MUSD/kt and
    demand 10 kt of ore:f. Freight is free. Without policy b imports all 10 from a: cost 10."""
    rec = one_mine_records(var_cost=1.0, existing=20.0)
    rec["regions"].append({"region": "b", "name": "B", "group": "g2", "cost_of_capital": 0.0})
    rec["commodities"][0]["unmet_penalty"] = 100
    if mine_in_b:
        rec["processes"].append({"process": "mine_b", "stage": "mining", "capex": 10, "var_cost": 4, "lifetime": 10})
        rec["deposits"].append({"deposit": "e", "region": "b", "feed": "f", "process": "mine_b", "status": "operating"})
        rec["existing_capacity"].append({"region": "b", "process": "e", "capacity": 20})
    rec["demand"] = [{"case": "base", "region": "b", "sector": "s", "commodity": "ore:f", "year": 2025, "demand": 10}]
    return rec


def test_no_policy_imports_from_the_cheaper_region():
    assert solve(two_regions()).objective == pytest.approx(10.0)


def test_cost_of_a_trade_ban():
    # Banning a → b (group g1 to group g2) forces b to mine its own 10 kt at 4: objective 40,
    # so the ban costs 40 − 10 = 30.
    run = solve(two_regions(), policies={"trade_bans": [{"origin": "g1", "destination": "g2"}]})
    assert run.objective == pytest.approx(40.0)
    assert ("ore:f", "a", "b", 2025) not in run.model.v_ship  # a banned route has no variable


def test_ban_outside_its_years_does_nothing():
    run = solve(two_regions(), policies={"trade_bans": [{"origin": "a", "destination": "b", "from_year": 2030}]})
    assert run.objective == pytest.approx(10.0)


def test_ban_that_makes_demand_unmeetable_shows_as_unmet():
    # b has no mine; with a → b banned all 10 kt are unmet at 100 MUSD/kt: objective 1000.
    run = solve(two_regions(mine_in_b=False), policies={"trade_bans": [{"origin": "a", "destination": "*", "commodities": ["ore:*"]}]})
    assert var_values(run.model.v_unmet)[("b", "ore:f", 2025)] == pytest.approx(10.0)
    assert run.objective == pytest.approx(1000.0)


@pytest.mark.parametrize("tariff, objective", [(2.0, 30.0), (4.0, 40.0)])
def test_tariff_on_imports(tariff, objective):
    # Import cost 1 + tariff vs own mine at 4: tariff 2 → import (3 × 10 = 30); tariff 4 →
    # 5 > 4, mine in b (40).
    run = solve(two_regions(), policies={"tariffs": [{"origin": "a", "destination": "b", "cost": tariff}]})
    assert run.objective == pytest.approx(objective)


def test_exclusion_removes_a_region_with_its_supply():
    # Excluding g1 removes region a and its mine: b supplies itself at 4 → 40.
    run = solve(two_regions(), policies={"exclude": ["g1"]})
    assert run.objective == pytest.approx(40.0)
    assert "a" not in run.sets.regions


def test_min_share_is_met_exactly_at_the_bound():
    # ≥ 40 % of b's demand must come from a chain in g2: b mines exactly 4 (at 4), imports 6
    # (at 1): objective 16 + 6 = 22. The share constraint binds; its dual is 4 − 1 = 3 USD/kg.
    run = solve(two_regions(), policies={"min_share": [{"group": "g2", "commodities": ["ore:*"], "chain_groups": ["g2"], "share": 0.4}]})
    assert run.objective == pytest.approx(22.0)
    block = run.model.min_share_0
    assert var_values(block.served)[("b", "ore:f", 2025)] == pytest.approx(4.0)
    duals = run.tables["policy_duals"]
    share_dual = duals[duals["constraint"] == "min_share_0.c_share"]["value"].iloc[0]
    assert share_dual == pytest.approx(3.0)


def test_min_share_traces_origin_through_stages():
    # Oxide demand of 10 in b; separation only in b (variable cost 1). Ore from a costs 1, from
    # b 4. Half of b's oxide must come from a chain wholly in g2, so half the ore must be mined
    # in b even though all separation happens in b: 5 × 1 + 5 × 4 + 10 × 1 = 35 (without the
    # policy: 10 + 10 = 20). Counting only the last stage would wrongly allow 20.
    rec = two_regions()
    rec["commodities"].append({"commodity": "oxide:nd", "kind": "oxide", "element": "nd", "unmet_penalty": 100})
    rec["processes"].append({"process": "sep", "stage": "separation", "capex": 1, "var_cost": 1, "lifetime": 10, "buildable": False})
    rec["separation"] = [{"process": "sep", "element": "nd", "recovery": 1.0}]
    rec["existing_capacity"].append({"region": "b", "process": "sep", "capacity": 20})
    rec["demand"] = [{"case": "base", "region": "b", "sector": "s", "commodity": "oxide:nd", "year": 2025, "demand": 10}]
    assert solve(rec).objective == pytest.approx(20.0)
    run = solve(rec, policies={"min_share": [{"group": "b", "commodities": ["oxide:nd"], "chain_groups": ["g2"], "share": 0.5}]})
    assert run.objective == pytest.approx(35.0)


def test_stockpile_target():
    # One region, demand 10 kt/yr, one 1-year period; hold 6 months of annual use (demand 10 →
    # 5 kt) in stock: mine 15 (15 × 1 = 15) and pay holding 0.5 MUSD/kt/yr on 5 kt (2.5). Total 17.5.
    rec = one_mine_records(var_cost=1.0, existing=20.0, demand=10.0)
    run = solve(rec, policies={"stockpiles": [{"group": "a", "commodity": "ore:f", "months": 6, "holding_cost": 0.5}]})
    assert run.objective == pytest.approx(17.5)
    assert run.model.e_stock_level["a", "ore:f", 2025]() == pytest.approx(5.0)


def test_policy_naming_unknown_place_or_commodity_is_a_clear_error():
    data = dataset_from_records(two_regions())
    for policies, message in [
        ({"trade_bans": [{"origin": "atlantis"}]}, "policies.trade_bans: unknown region or group 'atlantis'"),
        ({"exclude": ["g1", "g2"]}, "removes every region"),
        ({"min_share": [{"group": "g2", "commodities": ["magnet:*"], "chain_groups": ["g2"], "share": 0.5}]}, "'magnet:\\*' matches no commodity"),
    ]:
        cfg = config_from_raw(tiny_config(policies=policies))
        with pytest.raises(ConfigError, match=message):
            compute_sets(data, cfg)


def test_stockpile_needs_one_exact_commodity():
    data = dataset_from_records(two_regions())
    cfg = config_from_raw(tiny_config(policies={"stockpiles": [{"group": "b", "commodity": "ore:*", "months": 3}]}))
    with pytest.raises(ConfigError, match="give one exact name"):
        compute_sets(data, cfg)


@pytest.mark.parametrize("step, rate", [(5, 0.1), (1, 0.0)])
def test_marginal_cost_is_undiscounted_whatever_the_period_weight(step, rate):
    # Existing mine at variable cost 2 with spare capacity serves demand: one more kt/yr of demand
    # costs 2 MUSD/kt in that year, i.e. 2 USD/kg, whether the period stands for 1 year at 0 %
    # or 5 years at 10 % (the dual is divided by the period's discount weight 4.169865).
    run = solve(one_mine_records(var_cost=2.0, existing=20.0, demand=10.0), step=step, discount_rate=rate)
    mc = run.tables["marginal_costs"]
    assert float(mc[mc["commodity"] == "ore:f"]["value"].iloc[0]) == pytest.approx(2.0)
