"""Objective: minimise the discounted sum of the named cost components the features registered.

min Σ_component e_cost[component]

Creates e_cost (one Expression per component, in MUSD discounted to the base year) and obj,
once every feature has registered its costs. Reports costs.csv.
"""

from __future__ import annotations

import pandas as pd
from ..lazy import pyo

from .core import CoreOnly, core_only, no_checks
from .registry import Registry
from .values import LinearForms, frame, linear_sum

COMPONENT_ORDER = ("capex", "fixed_om", "variable", "transport", "tariff", "disposal", "unmet")


check, prepare = no_checks, core_only  # nothing to check or prepare beyond the core


def build(m: pyo.ConcreteModel, prep: CoreOnly, reg: Registry) -> None:
    """Nothing before every cost is registered (see `link`)."""


def link(m: pyo.ConcreteModel, prep: CoreOnly, reg: Registry) -> None:
    names = list(COMPONENT_ORDER) + sorted((set(reg.costs) | set(reg.constant_costs)) - set(COMPONENT_ORDER))
    m.COST_COMPONENTS = pyo.Set(initialize=names, ordered=True)
    m.e_cost = pyo.Expression(
        m.COST_COMPONENTS,
        rule=lambda m, name: linear_sum(reg.costs.get(name, []), reg.constant_costs.get(name, 0.0)),
        doc="discounted cost component, MUSD",
    )
    m.obj = pyo.Objective(expr=pyo.quicksum(m.e_cost[n] for n in m.COST_COMPONENTS), sense=pyo.minimize)
    reg.close_costs()  # the terms live on in e_cost; `cost_forms` reads them from there


def cost_forms(m: pyo.ConcreteModel, reg: Registry) -> LinearForms:
    """e_cost as coefficient vectors (compiled once per model, on first use, from e_cost's own terms):
    reading the costs is then a dot product, not a walk of the objective's expression tree."""
    if reg.cost_forms is None:
        names = list(m.COST_COMPONENTS)
        reg.cost_forms = LinearForms.of_expressions(names, [m.e_cost[n].expr for n in names])
    return reg.cost_forms


def costs_table(names, values) -> pd.DataFrame:
    """costs.csv: one row per cost component."""
    rows = [{"component": n, "value": float(v), "unit": "MUSD (discounted)"} for n, v in zip(names, values)]
    return frame(rows, ["component", "value", "unit"])


def report(m: pyo.ConcreteModel, prep: CoreOnly, reg: Registry) -> dict[str, pd.DataFrame]:
    forms = cost_forms(m, reg)
    return {"costs": costs_table(forms.names, forms.evaluate())}
