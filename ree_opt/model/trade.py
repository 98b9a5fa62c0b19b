"""Inter-regional trade on allowed routes.

ship[c,o,d,t] ≥ 0 leaves o's balance in full and enters d's as (1 − loss_{c,o,d})·ship.

Creates v_ship; registers the cost components `transport` and `tariff` (policy tariffs, MUSD/kt).
"""

from __future__ import annotations

import pyomo.environ as pyo

from ..sets import ModelSets
from .registry import Registry


def add_trade(m: pyo.ConcreteModel, s: ModelSets, reg: Registry) -> None:
    m.v_ship = pyo.Var(s.SHIPMENTS, domain=pyo.NonNegativeReals, doc="shipment, kt/yr")
    for (c, o, d, t) in s.SHIPMENTS:
        route = s.routes[(c, o, d)]
        var = m.v_ship[c, o, d, t]
        reg.balance[(o, c, t)].append((-1.0, var))
        reg.balance[(d, c, t)].append((1.0 - route.loss, var))
        reg.cost("transport", route.cost * s.weight[t], var)
        reg.cost("tariff", s.tariff.get((c, o, d, t), 0.0) * s.weight[t], var)
