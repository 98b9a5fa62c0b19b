"""Disruption hooks: the few parameters a scenario changes, declared only where some scenario changes them.

Σ_m act[r,k,m,t] ≤ keep[r,k,t] · avail_k · cap[r,k,t]  on units an outage can hit;
d[r,c,t] a mutable Param where a demand shock can hit;  cost_shock = Σ_(component,t) (factor − 1) · cost(component, t).

Creates (only when the model file has `disruptions`) OUTAGE, p_keep, c_outage, p_demand (read by
the balance), SHOCK_SHIPMENTS (shipments some scenario bans: `disruptions.apply_effects` sets
their upper bound to 0), p_cost_factor and the cost component `cost_shock`. Every parameter
defaults to the undisrupted value, so the model as built is the undisrupted one.
"""

from __future__ import annotations

from collections import defaultdict

import pyomo.environ as pyo

from ..disruptions import touched
from ..sets import ModelSets
from .registry import Registry


def add_disruption_params(m: pyo.ConcreteModel, s: ModelSets, reg: Registry) -> None:
    if not s.cfg.disruptions:
        return
    hit = touched(s)
    m.OUTAGE = pyo.Set(initialize=hit.outage, dimen=3, ordered=True)
    m.p_keep = pyo.Param(m.OUTAGE, mutable=True, initialize=1.0, within=pyo.NonNegativeReals, doc="fraction of capacity kept")
    acts: dict[tuple[str, str, int], list] = defaultdict(list)
    for (r, k, mode, t), var in m.v_activity.items():
        acts[(r, k, t)].append(var)
    m.c_outage = pyo.Constraint(
        m.OUTAGE,
        rule=lambda m, r, k, t: pyo.quicksum(acts[(r, k, t)]) <= m.p_keep[r, k, t] * s.units[(r, k)].availability * m.e_capacity[r, k, t],
    )
    m.DEMAND_SHOCKED = pyo.Set(initialize=hit.demand, dimen=3, ordered=True)
    m.p_demand = pyo.Param(m.DEMAND_SHOCKED, mutable=True, initialize=lambda m, r, c, t: s.demand[(r, c, t)], doc="demand, kt/yr")
    m.SHOCK_SHIPMENTS = pyo.Set(initialize=hit.shipments, dimen=4, ordered=True)


def add_cost_shocks(m: pyo.ConcreteModel, s: ModelSets, reg: Registry) -> None:
    if not s.cfg.disruptions:
        return
    keys = touched(s).cost
    m.COST_SHOCKED = pyo.Set(initialize=keys, dimen=2, ordered=True)
    m.p_cost_factor = pyo.Param(m.COST_SHOCKED, mutable=True, initialize=0.0, within=pyo.Reals, doc="cost multiplier − 1")
    shocked = set(keys)
    for name in sorted({name for name, _ in keys}):
        for coef, var in reg.costs.get(name, []):
            t = var.index()[-1]  # operating variables are indexed by period last
            if (name, t) in shocked:
                reg.costs["cost_shock"].append((coef * m.p_cost_factor[name, t], var))


def scenario_demand(m: pyo.ConcreteModel, s: ModelSets, key: tuple[str, str, int]):
    """d[r,c,t] as the model sees it: the mutable Param where a demand shock can hit, else the data value."""
    p = getattr(m, "p_demand", None)
    return p[key] if p is not None and key in p else s.demand[key]


def served_demand(m: pyo.ConcreteModel, s: ModelSets, key: tuple[str, str, int]):
    """Demand actually served, d[r,c,t] − unmet[r,c,t] (0 where there is no demand)."""
    if key not in s.demand:
        return 0.0
    return scenario_demand(m, s, key) - m.v_unmet[key]
