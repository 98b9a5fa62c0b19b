"""Objective: minimise the discounted sum of the named cost components the families registered.

min Σ_component e_cost[component]

Creates e_cost (one Expression per component, in MUSD discounted to the base year) and obj.
"""

from __future__ import annotations

import pyomo.environ as pyo

from ..sets import ModelSets
from .registry import Registry

COMPONENT_ORDER = ("capex", "fixed_om", "variable", "transport", "tariff", "disposal", "unmet")


def add_objective(m: pyo.ConcreteModel, s: ModelSets, reg: Registry) -> None:
    names = list(COMPONENT_ORDER) + sorted((set(reg.costs) | set(reg.constant_costs)) - set(COMPONENT_ORDER))
    m.COST_COMPONENTS = pyo.Set(initialize=names, ordered=True)
    m.e_cost = pyo.Expression(
        m.COST_COMPONENTS,
        rule=lambda m, name: reg.constant_costs.get(name, 0.0) + pyo.quicksum(a * v for a, v in reg.costs.get(name, [])),
        doc="discounted cost component, MUSD",
    )
    m.obj = pyo.Objective(expr=pyo.quicksum(m.e_cost[n] for n in m.COST_COMPONENTS), sense=pyo.minimize)
