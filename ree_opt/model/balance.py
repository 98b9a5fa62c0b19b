"""Commodity balance with demand, priced unmet demand and disposal of surplus.

Σ a·act + Σ (1−loss)·imports − exports + unmet − dispose + (other registered supply) = demand   ∀ (r, c, t)

Owns demand and served demand (`Registry.demand_of`, `Registry.served`: demand − unmet).
Creates v_unmet (≤ demand), v_dispose and, once every feature has registered its terms,
c_balance; registers the cost components `unmet` (value of lost load, so every model is feasible
and a shortfall is a result) and `disposal` (co-products such as La and Ce must go somewhere,
at a cost). Reports unmet_demand.csv, disposal.csv and marginal_costs.csv (the balance duals,
undiscounted: the cost of one more kt/yr of demand in that year; `active` where something moves).
"""

from __future__ import annotations

import pandas as pd
from ..lazy import pyo

from .core import CoreOnly, core_only, no_checks
from .registry import Registry
from .values import TOL, dual, frame, has_duals, linear_sum, linear_terms, val


check, prepare = no_checks, core_only  # nothing to check or prepare beyond the core


def build(m: pyo.ConcreteModel, prep: CoreOnly, reg: Registry) -> None:
    s = prep.core
    m.v_unmet = pyo.Var(s.UNMET, domain=pyo.NonNegativeReals, bounds=lambda m, r, c, t: (0.0, s.demand[(r, c, t)]), doc="unmet demand, kt/yr")
    m.v_dispose = pyo.Var(s.DISPOSAL, domain=pyo.NonNegativeReals, doc="surplus disposed of or stocked, kt/yr")
    reg.unmet = m.v_unmet
    for (r, c, t) in s.UNMET:
        reg.balance[(r, c, t)].append((1.0, m.v_unmet[r, c, t]))
        reg.cost("unmet", s.unmet_penalty[c] * s.weight[t], m.v_unmet[r, c, t])
    for (r, c, t) in s.DISPOSAL:
        reg.balance[(r, c, t)].append((-1.0, m.v_dispose[r, c, t]))
        reg.cost("disposal", s.disposal_cost[c] * s.weight[t], m.v_dispose[r, c, t])


def link(m: pyo.ConcreteModel, prep: CoreOnly, reg: Registry) -> None:
    """The balance rows, once every feature has registered its terms."""
    s = prep.core
    m.BALANCE = pyo.Set(initialize=[key for key in s.BALANCE if reg.balance.get(key)], dimen=3, ordered=True)
    m.c_balance = pyo.Constraint(
        m.BALANCE,
        rule=lambda m, r, c, t: linear_sum(reg.balance[(r, c, t)]) == (reg.demand_of((r, c, t)) if (r, c, t) in s.demand else 0.0),
    )
    reg.close_balance()


def report(m: pyo.ConcreteModel, prep: CoreOnly, reg: Registry) -> dict[str, pd.DataFrame]:
    s = prep.core
    unmet = [{"region": r, "commodity": c, "year": t, "demand": float(pyo.value(reg.demand_of((r, c, t)))), "value": val(var), "unit": "kt/yr"}
             for (r, c, t), var in m.v_unmet.items()]
    disposal = [{"region": r, "commodity": c, "year": t, "value": val(var), "unit": "kt/yr"}
                for (r, c, t), var in m.v_dispose.items() if val(var) > TOL]
    marginal = []
    if has_duals(m):
        marginal = [{"region": r, "commodity": c, "year": t, "value": dual(m, con) / s.weight[t], "unit": "USD/kg", "active": moving(con)}
                    for (r, c, t), con in m.c_balance.items()]
    return {"unmet_demand": frame(unmet, ["region", "commodity", "year", "demand", "value", "unit"]),
            "disposal": frame(disposal, ["region", "commodity", "year", "value", "unit"]),
            "marginal_costs": frame(marginal, ["region", "commodity", "year", "value", "unit", "active"])}


def moving(con) -> bool:
    """Something moves in this balance row: demand (its right-hand side) or a term with a value (made, used,
    shipped, sold, stocked, disposed of, unmet). Where nothing moves the row's dual is not unique in general
    (any price between what a kg would fetch there and what it would cost to bring there is optimal), so
    another optimal basis may report another one: read prices from moving rows (`active` in marginal_costs.csv)."""
    from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression

    if abs(float(pyo.value(con.upper))) > TOL:
        return True
    body = con.body
    if body.__class__ is not LinearExpression:  # not the shape linear_sum makes: read it through its terms
        return any(v.value is not None and abs(v.value) > TOL for a, v in linear_terms(body)[0] if not (a.__class__ in (int, float) and a == 0))
    for arg in body.args:  # linear_sum keeps no zero coefficient: a term moves where its variable has a value
        x = getattr(arg.args[1] if arg.__class__ is MonomialTermExpression else arg, "value", None)
        if x is not None and abs(x) > TOL:
            return True
    return False


def row_variables(rows) -> list:
    """The distinct variables of these balance rows (what `moving` reads: load them before asking it)."""
    distinct = {id(v): v for con in rows for _a, v in linear_terms(con.body)[0]}
    return list(distinct.values())
