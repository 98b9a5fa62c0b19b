"""End-of-life collection tiers (model.collection): built only where scrap is worth more than the tier
costs, after the lead time; the recycled share split into swarf and end-of-life. Derived by hand."""

from __future__ import annotations

import pytest

from tests.helpers import solve, stock_records, var_values


@pytest.mark.parametrize("tier_cost, collected", [(3.0, 2.0), (5.0, 0.0)])
def test_collection_tier_is_built_only_when_scrap_is_worth_more(tier_cost, collected):
    # stock_records: 10 kt/yr of magnet:s in 2025 from ore (2) + magnet plant (3) = 5 MUSD/kt, or from
    # end-of-life scrap by a short loop at 1: scrap is worth 5 − 1 = 4 per kt. Magnets retire after
    # 2 years, so 2025's retirements are 2023's 4 kt; today's collection rate is 0. Tier 1 may collect
    # half of them (2 kt) at `tier_cost` per kt plus capacity at capex 1 MUSD per kt/yr, lifetime 10
    # yr, cost of capital 0 → 0.1 MUSD per kt/yr per year. Worth it iff 4 > tier_cost + 0.1:
    # cost 3 → collect 2 kt, objective 8·5 + 2·(1 + 3 + 0.1) = 48.2; cost 5 → nothing, 10·5 = 50.
    rec = stock_records(lifetime=2, collection=0.0, years=(2025,), recycle=True)
    rec["collection_tiers"] = [{"sector": "s", "tier": 1, "share": 0.5, "cost": tier_cost, "capex": 1.0, "lifetime": 10}]
    run = solve(rec, recycling_from_stocks=True)
    assert var_values(run.model.v_collect)[("a", "scrap:eol", 1, 2025)] == pytest.approx(collected)
    assert var_values(run.model.v_collect_build)[("a", "scrap:eol", 1, 2025)] == pytest.approx(collected)
    assert run.objective == pytest.approx(48.2 if collected else 50.0)
    table = run.tables["collection"].iloc[0]
    assert table["retiring"] == pytest.approx(4.0) and table["ceiling"] == pytest.approx(2.0)
    assert table["capacity"] == pytest.approx(collected)  # built in 2025, online in 2025


def test_collection_tier_waits_for_its_lead_time():
    # Annual periods 2025-2027, lead time 2 yr, no capex (nothing to build): collection opens two
    # years after the first period, so the tier exists in 2027 alone (2027 retirements = 2025's 10 kt
    # → ceiling 5 kt, collected since scrap is worth 4 and the tier costs 1).
    rec = stock_records(lifetime=2, collection=0.0, years=(2025, 2026, 2027), recycle=True)
    rec["collection_tiers"] = [{"sector": "s", "tier": 1, "share": 0.5, "cost": 1.0, "lead_time": 2}]
    run = solve(rec, recycling_from_stocks=True, end=2027)
    collect = var_values(run.model.v_collect)
    assert set(collect) == {("a", "scrap:eol", 1, 2027)}
    assert collect[("a", "scrap:eol", 1, 2027)] == pytest.approx(5.0)
    assert len(run.model.v_collect_build) == 0


def test_recycled_share_splits_swarf_and_end_of_life():
    # 2025 only: the short loop makes 2 kt of the 10 kt magnets from end-of-life scrap (tier cost 3,
    # as above), the magnet plant 8 kt: recycled share 0.2, all of it end-of-life, none swarf.
    rec = stock_records(lifetime=2, collection=0.0, years=(2025,), recycle=True)
    rec["collection_tiers"] = [{"sector": "s", "tier": 1, "share": 0.5, "cost": 3.0}]
    run = solve(rec, recycling_from_stocks=True)
    row = run.tables["recycled_share"].set_index("commodity").loc["magnet:s"]
    assert row["share"] == pytest.approx(0.2)
    assert row["end_of_life"] == pytest.approx(0.2) and row["swarf"] == pytest.approx(0.0)

