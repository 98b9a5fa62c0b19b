"""Co-product markets (model.markets): sold up to the market, the rest disposed of; derived by hand."""

from __future__ import annotations

import pytest

from tests.helpers import market_records, solve, var_values


def la_records(demand: float) -> dict:
    """A separation-like process `sep` (var cost 5, 20 kt/yr) makes 1 kt magnet:x and 1 kt oxide:la per
    kt; La is disposable at 0.1 and has a market in two steps: 4 kt at 0.6, then 3 kt at 0.3."""
    rec = market_records({}, demand=demand)
    rec["commodities"].append({"commodity": "oxide:la", "kind": "oxide", "element": "la", "disposal_cost": 0.1})
    rec["processes"].append({"process": "sep", "stage": "separation", "capex": 0, "var_cost": 5, "lifetime": 10, "buildable": False})
    rec["process_io"] += [{"process": "sep", "commodity": "magnet:x", "coef": 1}, {"process": "sep", "commodity": "oxide:la", "coef": 1}]
    rec["existing_capacity"].append({"region": "a", "process": "sep", "capacity": 20})
    rec["markets"] = [{"region": "a", "commodity": "oxide:la", "year": 2025, "step": 1, "quantity": 4, "price": 0.6},
                      {"region": "a", "commodity": "oxide:la", "year": 2025, "step": 2, "quantity": 3, "price": 0.3}]
    return rec


def test_coproduct_is_sold_up_to_its_market_then_disposed_of():
    # A separation-like source makes 1 kt La with every kt of magnet:x it makes (var cost 5): demand
    # 10 kt magnet:x → 10 kt La. The market takes 4 kt at 0.6 and 3 kt more at 0.3 (a second step);
    # the other 3 kt are disposed of at 0.1. Cost = 10·5 − (4·0.6 + 3·0.3) + 3·0.1 = 50 − 3.3 + 0.3 = 47.0.
    # The La price is the disposal cost's negative, −0.1 (one more kt of La demand saves a disposal).
    run = solve(la_records(demand=10.0))
    sold = var_values(run.model.v_sale)
    assert sold[("a", "oxide:la", 1, 2025)] == pytest.approx(4.0)
    assert sold[("a", "oxide:la", 2, 2025)] == pytest.approx(3.0)
    assert var_values(run.model.v_dispose)[("a", "oxide:la", 2025)] == pytest.approx(3.0)
    assert run.objective == pytest.approx(47.0)
    costs = run.tables["costs"].set_index("component")["value"]
    assert costs["coproduct_revenue"] == pytest.approx(-3.3)
    prices = run.tables["marginal_costs"].set_index(["commodity"])["value"]
    assert prices["oxide:la"] == pytest.approx(-0.1)
    table = run.tables["coproduct_markets"]
    assert table["revenue"].sum() == pytest.approx(3.3)
    summary = run.tables["coproducts"].iloc[0]  # 10 kt made = 7 sold + 3 disposed of
    assert (summary["produced"], summary["sold"], summary["disposed"]) == pytest.approx((10.0, 7.0, 3.0))
    assert run.tables["element_prices"].set_index("element")["value"]["la"] == pytest.approx(-0.1)


def test_coproduct_fills_the_market_when_it_pays_to_make_it():
    # Same, but demand is 5 kt magnet:x (5 kt La) and both steps could take 7 kt: La goes to step 1
    # (4 kt) and step 2 (1 kt), none is disposed of; the La price is the step-2 price 0.3 (the
    # marginal kt of La would be sold there).
    run = solve(la_records(demand=5.0))
    assert var_values(run.model.v_sale)[("a", "oxide:la", 2, 2025)] == pytest.approx(1.0)
    assert run.tables["marginal_costs"].set_index("commodity")["value"]["oxide:la"] == pytest.approx(0.3)
