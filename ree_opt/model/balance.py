"""Commodity balance with demand, priced unmet demand and disposal of surplus.

Σ a·act + Σ (1−loss)·imports − exports + unmet − dispose = demand   ∀ (r, c, t)

Creates v_unmet (≤ demand), v_dispose, c_balance; registers the cost components `unmet`
(value of lost load, so every model is feasible and a shortfall is a result) and `disposal`
(co-products such as La and Ce must go somewhere, at a cost).
"""

from __future__ import annotations

import pyomo.environ as pyo

from ..sets import ModelSets
from .disruption import scenario_demand  # demand a disruption scenario may change
from .registry import Registry


def add_balance(m: pyo.ConcreteModel, s: ModelSets, reg: Registry) -> None:
    m.v_unmet = pyo.Var(s.UNMET, domain=pyo.NonNegativeReals, bounds=lambda m, r, c, t: (0.0, s.demand[(r, c, t)]), doc="unmet demand, kt/yr")
    m.v_dispose = pyo.Var(s.DISPOSAL, domain=pyo.NonNegativeReals, doc="surplus disposed of or stocked, kt/yr")
    for (r, c, t) in s.UNMET:
        reg.balance[(r, c, t)].append((1.0, m.v_unmet[r, c, t]))
        reg.cost("unmet", s.unmet_penalty[c] * s.weight[t], m.v_unmet[r, c, t])
    for (r, c, t) in s.DISPOSAL:
        reg.balance[(r, c, t)].append((-1.0, m.v_dispose[r, c, t]))
        reg.cost("disposal", s.disposal_cost[c] * s.weight[t], m.v_dispose[r, c, t])

    m.BALANCE = pyo.Set(initialize=[key for key in s.BALANCE if reg.balance.get(key)], dimen=3, ordered=True)
    m.c_balance = pyo.Constraint(
        m.BALANCE,
        rule=lambda m, r, c, t: pyo.quicksum(a * v for a, v in reg.balance[(r, c, t)]) == (scenario_demand(m, s, (r, c, t)) if (r, c, t) in s.demand else 0.0),
    )
