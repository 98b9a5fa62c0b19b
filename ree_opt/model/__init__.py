"""The optimisation model: `build_model(data, cfg)` → Pyomo ConcreteModel.

Families are added in a fixed order; each one declares its variables and constraints over
the sparse sets of `ree_opt.sets`, and registers its terms in the commodity balance and its
named cost components in the objective (so neither has to know about the others).
"""

from __future__ import annotations

import pyomo.environ as pyo

from ..config import ModelConfig
from ..data import ModelData
from ..sets import ModelSets, compute_sets
from . import balance, capacity, disruption, environment, lumpy, objective, operations, policy, stocks, trade
from .registry import Registry


def build_model(data: ModelData, cfg: ModelConfig, sets: ModelSets | None = None) -> pyo.ConcreteModel:
    """Build the supply-chain LP for one dataset and model definition."""
    s = sets if sets is not None else compute_sets(data, cfg)
    m = pyo.ConcreteModel(name=cfg.name)
    reg = Registry()
    capacity.add_capacity(m, s, reg)  # builds, projects, capacity by vintage, build limits
    lumpy.add_lumpy(m, s, reg)  # builds in modules / above a minimum size (MIP; empty unless lumpy: true)
    operations.add_operations(m, s, reg)  # activity ≤ capacity, reserves, variable cost
    trade.add_trade(m, s, reg)  # shipments on allowed routes, freight, tariffs
    disruption.add_disruption_params(m, s, reg)  # outage limits, shockable demand (only with disruptions)
    policy.add_stockpiles(m, s, reg)  # strategic stocks (policy; empty unless set)
    stocks.add_end_of_life(m, s, reg)  # end-of-life scrap from magnets in use, as a supply
    environment.add_environment(m, s, reg)  # emissions, caps, carbon price (empty without intensities)
    balance.add_balance(m, s, reg)  # commodity balance with demand, unmet demand, disposal
    stocks.add_end_of_life_links(m, s, reg)  # end-of-life scrap = lifetime-weighted served demand
    policy.add_min_share(m, s, reg)  # share of demand met by a group's own chain (policy)
    disruption.add_cost_shocks(m, s, reg)  # operating cost multipliers (only with disruptions)
    objective.add_objective(m, s, reg)  # discounted sum of the registered cost components
    m.ree_sets = s  # plain attribute: results and solvers read the index sets back
    return m


__all__ = ["build_model"]
