"""Recipe choice (model.blending): blends within bounds and per-mode costs, on one-region, one-year
models (no discounting) whose optimum is derived by hand."""

from __future__ import annotations

import pytest

from tests.helpers import market_records, solve, var_values, with_magnet_plant


def test_pr_replaces_nd_up_to_its_bound():
    # Recipe 0.8 Nd + 0.2 Pr per kt magnet; Nd costs 10, Pr 2. Nd and Pr are one group (weights 1,
    # level 1.0 kt) with Pr ≤ 25 %: the cheap Pr is used up to the bound, x_pr = 0.25, x_nd = 0.75,
    # cost 0.75·10 + 0.25·2 = 8.0 (the fixed recipe would cost 0.8·10 + 0.2·2 = 8.4).
    rec = with_magnet_plant(market_records({"nd": 10.0, "pr": 2.0}), {"x": {"metal:nd": -0.8, "metal:pr": -0.2}})
    rec["blends"] = [{"process": "mk", "group": "ndpr", "commodity": "metal:nd", "min_share": 0.75},
                     {"process": "mk", "group": "ndpr", "commodity": "metal:pr", "max_share": 0.25}]
    run = solve(rec)
    blend = var_values(run.model.v_blend)
    assert blend[("a", "mk", "x", "metal:pr", 2025)] == pytest.approx(0.25)
    assert blend[("a", "mk", "x", "metal:nd", 2025)] == pytest.approx(0.75)
    assert run.objective == pytest.approx(8.0)
    shares = run.tables["recipe_shares"].set_index("commodity")["share"]
    assert shares["metal:pr"] == pytest.approx(0.25)
    # flows close: the plant takes 0.25 kt Pr (recipe 0.2 plus the blend's 0.05 more)
    flows = run.tables["flows"]
    taken = flows[(flows["process"] == "mk") & (flows["commodity"] == "metal:pr")]["value"].sum()
    assert taken == pytest.approx(-0.25)


@pytest.mark.parametrize("dy_price, gbd", [(40.0, False), (60.0, True)])
def test_gbd_mode_is_chosen_only_when_dy_is_dear(dy_price, gbd):
    # Bulk takes 0.02 kt Dy per kt magnet; GBD 0.01 kt at an extra 0.5 MUSD/kt (mode_costs). GBD
    # saves 0.01·p and costs 0.5: it wins when p > 50. p = 40: bulk, cost 0.8; p = 60: GBD, 0.6 + 0.5 = 1.1.
    rec = with_magnet_plant(market_records({"dy": dy_price}), {"bulk": {"metal:dy": -0.02}, "gbd": {"metal:dy": -0.01}})
    rec["mode_costs"] = [{"process": "mk", "mode": "gbd", "extra_cost": 0.5}]
    run = solve(rec)
    act = var_values(run.model.v_activity)
    assert act[("a", "mk", "gbd", 2025)] == pytest.approx(1.0 if gbd else 0.0)
    assert run.objective == pytest.approx(1.1 if gbd else 0.8)


def test_tb_replaces_dy_by_coercivity_when_cheaper_per_dy_equivalent():
    # Recipe 0.02 kt Dy; group hree with Dy weight 1, Tb weight 1.9 (level 0.02 Dy-equivalent).
    # Dy 40, Tb 60 MUSD/kt: Tb costs 60/1.9 = 31.6 per Dy-equivalent < 40, so all Tb:
    # x_tb = 0.02/1.9 = 0.010526 kt, cost 60 · 0.02/1.9 = 0.6316.
    rec = with_magnet_plant(market_records({"dy": 40.0, "tb": 60.0}), {"x": {"metal:dy": -0.02}})
    rec["blends"] = [{"process": "mk", "group": "hree", "commodity": "metal:dy"},
                     {"process": "mk", "group": "hree", "commodity": "metal:tb", "weight": 1.9}]
    run = solve(rec)
    blend = var_values(run.model.v_blend)
    assert blend[("a", "mk", "x", "metal:tb", 2025)] == pytest.approx(0.02 / 1.9)
    assert blend[("a", "mk", "x", "metal:dy", 2025)] == pytest.approx(0.0, abs=1e-9)
    assert run.objective == pytest.approx(60 * 0.02 / 1.9)
