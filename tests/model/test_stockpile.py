from __future__ import annotations
import pytest
from tests.helpers import one_mine_records, solve
from ree_opt.config import config_from_raw
from ree_opt.data import dataset_from_records
from ree_opt.errors import ConfigError
from ree_opt.model import prepare
from tests.helpers import tiny_config
from tests.helpers import two_regions


def test_stockpile_target():
    # One region, demand 10 kt/yr, one 1-year period; hold 6 months of annual use (demand 10 →
    # 5 kt) in stock: mine 15 (15 × 1 = 15) and pay holding 0.5 MUSD/kt/yr on 5 kt (2.5). Total 17.5.
    rec = one_mine_records(var_cost=1.0, existing=20.0, demand=10.0)
    run = solve(rec, policies={"stockpiles": [{"group": "a", "commodity": "ore:f", "months": 6, "holding_cost": 0.5}]})
    assert run.objective == pytest.approx(17.5)
    assert run.model.e_stock_level["a", "ore:f", 2025]() == pytest.approx(5.0)


def test_stockpile_target_counts_what_processes_consume():
    # Demand is for magnet:x (4 kt/yr); process `mag` (var cost 0) takes 2 kt ore:f per kt magnet, so the
    # group's annual use of ore:f is 8 kt (no direct demand). 6 months of it: 4 kt in stock. Mine 8 + 4 = 12 kt
    # at 1 MUSD/kt (12) and hold 4 kt at 0.5 (2): 14. Counting only direct demand would give a zero target (8).
    rec = one_mine_records(var_cost=1.0, existing=20.0, demand=0.0)
    rec["commodities"].append({"commodity": "magnet:x", "kind": "magnet"})
    rec["processes"].append({"process": "mag", "stage": "magnet", "capex": 0, "var_cost": 0.0, "lifetime": 10, "buildable": False})
    rec["process_io"] = [{"process": "mag", "commodity": "ore:f", "coef": -2}, {"process": "mag", "commodity": "magnet:x", "coef": 1}]
    rec["existing_capacity"].append({"region": "a", "process": "mag", "capacity": 10})
    rec["demand"] = [{"case": "base", "region": "a", "sector": "s", "commodity": "magnet:x", "year": 2025, "demand": 4.0}]
    run = solve(rec, policies={"stockpiles": [{"group": "a", "commodity": "ore:f", "months": 6, "holding_cost": 0.5}]})
    assert run.objective == pytest.approx(14.0)
    assert run.model.e_stock_level["a", "ore:f", 2025]() == pytest.approx(4.0)


def test_months_zero_adds_no_target_row():
    # months 0 only lets a commodity be carried over: its target row (level ≥ 0) would repeat c_stock_nonneg
    rule = {"group": "a", "commodity": "oxide:dy", "months": 0, "holding_cost": 0.5}
    run = solve(by_product_records(), end=2026, policies={"stockpiles": [rule]})
    assert len(run.model.c_stockpile) == 0 and len(run.model.c_stock_nonneg) == 2


def test_stockpile_needs_one_exact_commodity():
    data = dataset_from_records(two_regions())
    cfg = config_from_raw(tiny_config(policies={"stockpiles": [{"group": "b", "commodity": "ore:*", "months": 3}]}))
    with pytest.raises(ConfigError, match="give one exact name"):
        prepare(cfg, data)


def by_product_records() -> dict:
    """`sep` (var cost 5, 10 kt/yr) makes 1 kt magnet:x and 1 kt oxide:dy per kt; `hre` (var cost 3,
    10 kt/yr) makes oxide:dy alone. Demand: magnet:x 4 kt in 2025 only; oxide:dy 6 kt in 2026 only."""
    rec = one_mine_records(existing=0.0, demand=4.0)
    rec["commodities"] += [{"commodity": "magnet:x", "kind": "magnet"},
                           {"commodity": "oxide:dy", "kind": "oxide", "element": "dy", "disposal_cost": 0.1}]
    rec["processes"] += [{"process": p, "stage": "separation", "capex": 0, "var_cost": v, "lifetime": 10, "buildable": False}
                         for p, v in (("sep", 5.0), ("hre", 3.0))]
    rec["process_io"] = [{"process": "sep", "commodity": "magnet:x", "coef": 1}, {"process": "sep", "commodity": "oxide:dy", "coef": 1},
                         {"process": "hre", "commodity": "oxide:dy", "coef": 1}]
    rec["existing_capacity"] = [{"region": "a", "process": p, "capacity": 10} for p in ("sep", "hre")]
    rec["demand"] = [{"case": "base", "region": "a", "sector": "s", "commodity": c, "year": t, "demand": d}
                     for c, t, d in (("magnet:x", 2025, 4.0), ("magnet:x", 2026, 0.0), ("oxide:dy", 2025, 0.0), ("oxide:dy", 2026, 6.0))]
    return rec


def test_months_zero_carries_a_by_product_surplus_to_the_year_it_is_needed():
    # 2025: sep makes 4 kt magnet:x (4·5 = 20) and, with it, 4 kt Dy nobody needs in 2025.
    # Without a stock the 4 kt are disposed of (4·0.1 = 0.4) and 2026's 6 kt Dy come from hre (6·3 = 18):
    # 38.4. With months 0 (no target, holding 0.5/kt/yr, no discounting) the 4 kt are held one year
    # (4·0.5 = 2) and hre makes only 2 kt in 2026 (6): 20 + 2 + 6 = 28. Dy's 2025 price is then
    # 2026's price (hre's cost, 3) less a year's holding: 3 − 0.5 = 2.5, not −0.1 (the disposal cost).
    rule = {"group": "a", "commodity": "oxide:dy", "months": 0, "holding_cost": 0.5}
    without = solve(by_product_records(), end=2026)
    assert without.objective == pytest.approx(38.4)
    run = solve(by_product_records(), end=2026, policies={"stockpiles": [rule]})
    assert run.objective == pytest.approx(28.0)
    stocks = run.tables["stocks"].set_index("year")
    assert stocks.loc[2025, "value"] == pytest.approx(4.0) and stocks.loc[2026, "value"] == pytest.approx(0.0)
    assert stocks.loc[2026, "released"] == pytest.approx(4.0)
    prices = run.tables["marginal_costs"].set_index(["commodity", "year"])["value"]
    assert prices["oxide:dy", 2025] == pytest.approx(2.5)
    assert prices["oxide:dy", 2026] == pytest.approx(3.0)
