from __future__ import annotations
import pytest
from tests.helpers import solve, var_values
from tests.helpers import two_regions, stock_records, solve_stocks


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


def test_collected_scrap_counts_as_own_chain_supply():
    # Region a (group g1) has only the short loop; region b (group g2) mines and makes magnets and
    # ships them free. a must get ≥ 20 % of its 10 kt of magnets from a g1-only chain: only the
    # 2 kt of magnets made from a's own end-of-life scrap (history 2023: 4 kt × 0.5) qualify.
    # Cost: 8 kt primary from b at 5 + 2 kt short loop at 1 = 42 (without the scrap counting as own
    # supply the rule could not be met at all).
    rec = stock_records(recycle=True, years=(2025,))
    rec["regions"].append({"region": "b", "name": "B", "group": "g2", "cost_of_capital": 0.0})
    rec["processes"].append({"process": "mine_b", "stage": "mining", "capex": 10, "var_cost": 2, "lifetime": 10})
    rec["deposits"] = [{"deposit": "e", "region": "b", "feed": "f", "process": "mine_b", "status": "operating"}]
    rec["existing_capacity"] = [{"region": "b", "process": "e", "capacity": 100}, {"region": "b", "process": "mag", "capacity": 100},
                                {"region": "a", "process": "short_loop", "capacity": 100}]
    rec["processes"] = [p for p in rec["processes"] if p["process"] != "mine"]
    policy = {"min_share": [{"group": "a", "commodities": ["magnet:*"], "chain_groups": ["g1"], "share": 0.2}]}
    run = solve_stocks(rec, end=2025, invest=False, policies=policy)
    assert run.objective == pytest.approx(42.0)
    assert var_values(run.model.v_activity)[("a", "short_loop", "default", 2025)] == pytest.approx(2.0)
