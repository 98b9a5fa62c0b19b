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


def swarf_records(prices: dict[str, float], recipe: dict[str, float], carried: bool = True) -> dict:
    """Magnet plant `mk` (recipe per kt magnet:x; swarf_e = 0.25 × metal e in) and swarf recycler `rs`:
    mode e takes 0.5 kt scrap:swarf_e per kt of activity (kt swarf at 50 % RE) and makes 0.55 kt
    oxide:e (1.1 oxide per kt of metal). Swarf cannot be disposed of, so all of it is recycled;
    oxides are disposed of free. Blends: Nd↔Pr (Pr ≤ 25 %) and Dy↔Tb (Tb weight 1.9), each metal's
    swarf carried by its metal when `carried`."""
    elements = sorted({c.partition(":")[2] for c in recipe})
    rec = with_magnet_plant(market_records(prices), {"x": {**recipe, **{f"scrap:swarf_{e}": 0.25 * -recipe[f"metal:{e}"] for e in elements}}})
    rec["commodities"] += [{"commodity": f"scrap:swarf_{e}", "kind": "scrap", "disposable": False} for e in elements]
    rec["commodities"] += [{"commodity": f"oxide:{e}", "kind": "oxide", "element": e} for e in elements]
    rec["processes"].append({"process": "rs", "stage": "recycling", "capex": 0, "var_cost": 0, "lifetime": 10, "buildable": False})
    rec["process_io"] += [row for e in elements for row in ({"process": "rs", "mode": e, "commodity": f"scrap:swarf_{e}", "coef": -0.5},
                                                            {"process": "rs", "mode": e, "commodity": f"oxide:{e}", "coef": 0.55})]
    rec["existing_capacity"].append({"region": "a", "process": "rs", "capacity": 10})
    groups = {"nd": ("ndpr", 1.0, 0.0, 1.0), "pr": ("ndpr", 1.0, 0.0, 0.25), "dy": ("hree", 1.0, 0.0, 1.0), "tb": ("hree", 1.9, 0.0, 1.0)}
    rec["blends"] = [{"process": "mk", "group": g, "commodity": f"metal:{e}", "weight": w, "min_share": lo, "max_share": hi,
                      "carried_by": f"scrap:swarf_{e}" if carried else ""} for e in elements for g, w, lo, hi in [groups[e]]]
    return rec


@pytest.mark.parametrize("carried, swarf_pr", [(True, 0.25 * 0.25), (False, 0.25 * 0.2)])
def test_swarf_carries_the_blend_not_the_recipe(carried, swarf_pr):
    # Recipe 0.8 Nd + 0.2 Pr per kt magnet, Nd 10, Pr 2: the blend takes Pr to its bound, x_pr = 0.25,
    # x_nd = 0.75 (cost 8.0, as above). Carried, the swarf is 0.25 × the blend: Pr 0.0625, Nd 0.1875
    # (= 0.25 of the 1 kt taken in); recycled at 1.1 oxide per kt: oxide:pr 0.06875, oxide:nd 0.20625,
    # recycler activity Pr 0.0625/0.5 = 0.125 and Nd 0.375 (0.5 kt swarf in all). Not carried, the swarf
    # keeps the recipe's 0.25·0.2 = 0.05 Pr although 0.25 kt of Pr went in (the defect `carried_by` fixes).
    run = solve(swarf_records({"nd": 10.0, "pr": 2.0}, {"metal:nd": -0.8, "metal:pr": -0.2}, carried))
    assert run.objective == pytest.approx(8.0)
    act = var_values(run.model.v_activity)
    assert act[("a", "rs", "pr", 2025)] == pytest.approx(swarf_pr / 0.5)
    assert act[("a", "rs", "nd", 2025)] == pytest.approx((0.25 - swarf_pr) / 0.5)
    flows = run.tables["flows"]
    made = flows[(flows["process"] == "rs") & (flows["value"] > 0)].set_index("commodity")["value"]
    assert made["oxide:pr"] == pytest.approx(1.1 * swarf_pr)
    assert made["oxide:nd"] == pytest.approx(1.1 * (0.25 - swarf_pr))
    blend = flows[flows["mode"] == "x:blend"].set_index("commodity")["value"]  # blend − recipe, flow signs
    assert blend["metal:pr"] == pytest.approx(-0.05)
    if carried:
        assert blend["scrap:swarf_pr"] == pytest.approx(0.25 * 0.05) and blend["scrap:swarf_nd"] == pytest.approx(-0.25 * 0.05)
    else:
        assert "scrap:swarf_pr" not in blend.index
    share = run.tables["recycled_share"].set_index("commodity").loc["oxide:*"]
    assert share["swarf"] == pytest.approx(1.0) and share["end_of_life"] == pytest.approx(0.0)


@pytest.mark.parametrize("tb_price, metal, x, cost", [(60.0, "tb", 0.0209 / 1.9, 0.66), (80.0, "dy", 0.0209, 0.836)])
def test_dy_tb_swarf_follows_the_price(tb_price, metal, x, cost):
    # Recipe 0.019 Dy + 0.001 Tb: 0.019 + 1.9·0.001 = 0.0209 kt Dy-equivalent. Dy 40; Tb 60 costs
    # 60/1.9 = 31.6 per Dy-equivalent (< 40): all Tb, x_tb = 0.011, cost 0.66; Tb 80 (42.1 > 40): all Dy,
    # x_dy = 0.0209, cost 0.836. The swarf holds only the metal chosen, 0.25·x, and gives 1.1·0.25·x oxide.
    run = solve(swarf_records({"dy": 40.0, "tb": tb_price}, {"metal:dy": -0.019, "metal:tb": -0.001}))
    assert run.objective == pytest.approx(cost)
    flows = run.tables["flows"]
    made = flows[(flows["process"] == "rs") & (flows["value"] > 0)].groupby("commodity")["value"].sum()
    other = "dy" if metal == "tb" else "tb"
    assert made[f"oxide:{metal}"] == pytest.approx(1.1 * 0.25 * x)
    assert made.get(f"oxide:{other}", 0.0) == pytest.approx(0.0, abs=1e-9)


def test_one_output_may_carry_several_inputs():
    # Both Nd and Pr carried by one swarf output of 0.25 kt per kt magnet (recipe 0.8 + 0.2 = 1.0 kt in):
    # f = 0.25 / (0.8 + 0.2) = 0.25 for each, so the swarf is 0.25·(0.75 + 0.25) = 0.25 kt whatever the
    # blend, and it is counted once (the recipe's 0.25·act is cancelled once in all, 0.2 + 0.05).
    rec = with_magnet_plant(market_records({"nd": 10.0, "pr": 2.0}), {"x": {"metal:nd": -0.8, "metal:pr": -0.2, "scrap:s": 0.25}})
    rec["commodities"].append({"commodity": "scrap:s", "kind": "scrap", "disposal_cost": 1.0})
    rec["blends"] = [{"process": "mk", "group": "ndpr", "commodity": "metal:nd", "carried_by": "scrap:s"},
                     {"process": "mk", "group": "ndpr", "commodity": "metal:pr", "max_share": 0.25, "carried_by": "scrap:s"}]
    run = solve(rec)
    assert var_values(run.model.v_dispose)[("a", "scrap:s", 2025)] == pytest.approx(0.25)
    assert run.objective == pytest.approx(8.0 + 0.25 * 1.0)  # blend 8.0 (as above) + disposal of 0.25 kt at 1
