"""Operations: activity within capacity, deposits within reserves.

Σ_m act[r,k,m,t] ≤ keep[r,k,t] · avail_k · cap[r,k,t];   Σ_t L_t Σ_m act[r,d,m,t] ≤ reserves_d

keep is 1 except where a disruption scenario can cut capacity (a mutable parameter the
disruption feature registers), so an outage changes this row and its rent reaches
capacity_rents.csv. Creates v_activity, c_capacity_use, c_reserves; adds a[k,m,c]·act to every
commodity balance; registers the cost component `variable`. Reports activity.csv, flows.csv
(production + / consumption − by process) and capacity_rents.csv.
"""

from __future__ import annotations

from collections import defaultdict
import pandas as pd
from ..lazy import pyo

from .core import Core, CoreOnly, core_only, no_checks
from .registry import Registry
from .values import TOL, dual, frame, has_duals, val


check, prepare = no_checks, core_only  # nothing to check or prepare beyond the core


def build(m: pyo.ConcreteModel, prep: CoreOnly, reg: Registry) -> None:
    s = prep.core
    m.v_activity = pyo.Var(s.ACTIVITY, domain=pyo.NonNegativeReals, doc="activity, kt/yr of the process's unit")
    reg.activity = m.v_activity
    by_unit: dict[tuple[str, str, int], list] = defaultdict(list)
    for (r, k, mode, t) in s.ACTIVITY:
        var = m.v_activity[r, k, mode, t]
        by_unit[(r, k, t)].append(var)
        reg.cost("variable", s.units[(r, k)].var_cost * s.weight[t], var)
        for c, a in s.io.get((k, mode), {}).items():
            reg.balance[(r, c, t)].append((a, var))
    keep = reg.keep_param

    def capacity_use(m, r, k, t):
        limit = s.units[(r, k)].availability * reg.capacity[r, k, t]
        return pyo.quicksum(by_unit[(r, k, t)]) <= (keep[r, k, t] * limit if (r, k, t) in keep else limit)

    m.c_capacity_use = pyo.Constraint(s.OPERABLE, rule=capacity_use)
    with_reserves = sorted((r, k) for (r, k), u in s.units.items() if u.reserves is not None)
    mined: dict[tuple[str, str], list] = defaultdict(list)
    for (r, k, t), acts in by_unit.items():
        if s.units[(r, k)].reserves is not None:
            mined[(r, k)] += [s.length[t] * a for a in acts]
    m.c_reserves = pyo.Constraint(
        [key for key in with_reserves if mined[key]],
        rule=lambda m, r, k: pyo.quicksum(mined[(r, k)]) <= s.units[(r, k)].reserves,
    )
    reg.duals.append(m.c_reserves)


def report(m: pyo.ConcreteModel, prep: CoreOnly, reg: Registry) -> dict[str, pd.DataFrame]:
    s = prep.core
    group = s.data.region_group
    acts, flows = [], []
    for (r, k, mode, t), var in m.v_activity.items():
        level = val(var)
        if level <= TOL:
            continue
        acts.append({"region": r, "group": group[r], "process": k, "stage": s.units[(r, k)].stage, "mode": mode, "year": t, "value": level, "unit": "kt/yr"})
        for c, a in s.io.get((k, mode), {}).items():
            flows.append({"region": r, "process": k, "mode": mode, "commodity": c, "year": t, "value": a * level, "unit": "kt/yr"})
    return {"activity": frame(acts, ["region", "group", "process", "stage", "mode", "year", "value", "unit"]),
            "flows": frame(flows, ["region", "process", "mode", "commodity", "year", "value", "unit"]),
            "capacity_rents": capacity_rents(m, s)}


def capacity_rents(m: pyo.ConcreteModel, s: Core) -> pd.DataFrame:
    """Value of one more kt/yr of capacity for one year (|dual of activity ≤ capacity|, undiscounted).

    Where capacity could simply be built this equals its annualised cost; above that it signals
    a binding link (a build limit, a lead time, a deposit limit): the bottleneck stage.
    `rent_ratio` = rent / (annuity of capex + fixed O&M) makes stages with different activity
    units comparable: ≈ 1 where the link is being expanded at cost, > 1 where it binds.
    """
    cols = ["region", "group", "process", "stage", "year", "value", "unit", "annual_cost", "rent_ratio"]
    if not has_duals(m):
        return frame([], cols)
    group = s.data.region_group
    rows = []
    for (r, k, t), con in m.c_capacity_use.items():
        u = s.units[(r, k)]
        rent = abs(dual(m, con)) / s.weight[t]
        annual = u.capex * u.idc * u.crf + u.fixed_om
        rows.append({"region": r, "group": group[r], "process": k, "stage": u.stage, "year": t, "value": rent,
                     "unit": "USD/kg per yr", "annual_cost": annual, "rent_ratio": rent / annual if annual > 0 else None})
    return frame(rows, cols)
