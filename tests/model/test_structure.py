"""Structure: a feature switched off adds no row and no column to the LP; switched on, it does."""

from __future__ import annotations

import pytest

import ree_opt.model as model
from ree_opt.config import load_config
from ree_opt.data import load_dataset
from ree_opt.pipeline import Instance
from ree_opt.solve import hand_off
from tests.helpers import ROOT

EXAMPLE = ROOT / "models" / "example.yaml"


def lp_size(cfg, data, without=None) -> tuple[int, int]:
    """(columns, rows) of the LP HiGHS receives, optionally with one feature left out of FEATURES."""
    saved = model.FEATURES
    try:
        if without is not None:
            model.FEATURES = tuple(f for f in saved if f is not without)
        inst = Instance.create(cfg, data)
    finally:
        model.FEATURES = saved
    lp = hand_off(inst.model, cfg.solver)[0].getLp()
    return lp.num_col_, lp.num_row_


# each optional feature, and model-file settings that switch it on in the example
SWITCHES = {
    "lumpy": ["lumpy=true"],
    "disruption": ["disruptions=[{name: a, probability: 1, events: [{kind: outage, region: china, stage: mining, keep: 0.5}]}]"],
    "stockpile": ["policies.stockpiles=[{group: usa, commodity: oxide:nd, months: 3}]"],
    "min_share": ["policies.min_share=[{group: usa, commodities: ['magnet:*'], chain_groups: [usa], share: 0.1}]"],
    "end_of_life": ["recycling_from_stocks=true"],
}


@pytest.mark.parametrize("name", sorted(SWITCHES))
def test_a_feature_switched_off_adds_nothing_and_switched_on_adds_rows(name):
    feature = getattr(model, name)
    data = load_dataset(load_config(EXAMPLE).dataset)
    off = load_config(EXAMPLE)
    assert lp_size(off, data) == lp_size(off, data, without=feature)
    on = load_config(EXAMPLE, SWITCHES[name])
    cols_on, rows_on = lp_size(on, data)
    cols_without, rows_without = lp_size(on, data, without=feature)
    if name == "disruption":  # an outage changes a coefficient of c_capacity_use: no second row, no column
        assert (cols_on, rows_on) == (cols_without, rows_without)
    else:
        assert rows_on > rows_without


def test_environment_without_intensities_adds_nothing():
    cfg = load_config(EXAMPLE)
    data = load_dataset(cfg.dataset)
    bare = data.with_tables(process_emissions=data["process_emissions"].iloc[0:0])
    assert lp_size(cfg, bare) == lp_size(cfg, bare, without=model.environment)


@pytest.mark.parametrize("name", ["blending", "markets", "collection"])
def test_chemistry_features_without_their_tables_add_nothing(name):
    # the example dataset has no blends, mode_costs, markets or collection_tiers
    cfg = load_config(EXAMPLE, ["recycling_from_stocks=true"])
    data = load_dataset(cfg.dataset)
    assert lp_size(cfg, data) == lp_size(cfg, data, without=getattr(model, name))


def test_a_balance_term_registered_after_the_rows_are_built_is_an_error():
    # the balance rows are built in balance.link; the registry then drops the pairs (memory) and must
    # refuse a late term instead of losing it silently
    from ree_opt.model.registry import Registry

    reg = Registry(demand={})
    reg.balance[("r", "c", 2025)].append((1.0, "x"))
    reg.close_balance()
    with pytest.raises(RuntimeError, match="balance rows are already built"):
        reg.balance[("r", "c", 2025)].append((1.0, "y"))


def test_a_cost_registered_after_the_objective_is_built_is_an_error():
    # objective.link builds e_cost from the cost pairs, then the registry drops them (memory)
    from ree_opt.model.registry import Registry

    reg = Registry(demand={})
    reg.cost("capex", 2.0, "x")
    reg.close_costs()
    with pytest.raises(RuntimeError, match="cost rows are already built"):
        reg.cost("capex", 1.0, "y")
