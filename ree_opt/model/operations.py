"""Operations: activity within capacity, deposits within reserves.

Σ_m act[r,k,m,t] ≤ avail_k · cap[r,k,t];  Σ_t L_t Σ_m act[r,d,m,t] ≤ reserves_d

Creates v_activity, c_capacity_use, c_reserves; adds a[k,m,c]·act to every commodity
balance; registers the cost component `variable`.
"""

from __future__ import annotations

from collections import defaultdict

import pyomo.environ as pyo

from ..sets import ModelSets
from .registry import Registry


def add_operations(m: pyo.ConcreteModel, s: ModelSets, reg: Registry) -> None:
    m.v_activity = pyo.Var(s.ACTIVITY, domain=pyo.NonNegativeReals, doc="activity, kt/yr of the process's unit")
    by_unit: dict[tuple[str, str, int], list] = defaultdict(list)
    for (r, k, mode, t) in s.ACTIVITY:
        var = m.v_activity[r, k, mode, t]
        by_unit[(r, k, t)].append(var)
        reg.cost("variable", s.units[(r, k)].var_cost * s.weight[t], var)
        for c, a in s.io.get((k, mode), {}).items():
            reg.balance[(r, c, t)].append((a, var))

    m.c_capacity_use = pyo.Constraint(
        s.OPERABLE,
        rule=lambda m, r, k, t: pyo.quicksum(by_unit[(r, k, t)]) <= s.units[(r, k)].availability * m.e_capacity[r, k, t],
    )

    with_reserves = sorted((r, k) for (r, k), u in s.units.items() if u.reserves is not None)
    mined: dict[tuple[str, str], list] = defaultdict(list)
    for (r, k, t), acts in by_unit.items():
        if s.units[(r, k)].reserves is not None:
            mined[(r, k)] += [s.length[t] * a for a in acts]
    m.c_reserves = pyo.Constraint(
        [key for key in with_reserves if mined[key]],
        rule=lambda m, r, k: pyo.quicksum(mined[(r, k)]) <= s.units[(r, k)].reserves,
    )
