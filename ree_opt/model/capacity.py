"""Capacity with vintages, announced projects and build-rate limits.

cap[r,k,t] = existing[r,k,t] + Σ_{v: t ∈ online(v)} build[r,k,v] + Σ_{p at (r,k), t ∈ online(p)} project[p]
cap[r,d,t] ≤ max(max_capacity_d, existing[r,d,t]) for deposits d;   Σ_{r ∈ scope, k ∈ stage} build[r,k,v] ≤ limit · L_v

Creates v_build, v_project (the first stage), e_capacity, c_capacity_max, c_build_limit;
registers the cost components `capex` (capex × IDC × CRF per year online inside the horizon: the capital is
spent evenly over the lead time and carries interest at the region's cost of capital until the asset is
online, then is repaid as an annuity over its life; years after the horizon are not charged) and `fixed_om`. Reports builds.csv and capacity.csv.
"""

from __future__ import annotations

from collections import defaultdict
import pandas as pd
from ..lazy import pyo

from .core import Core, CoreOnly, core_only, no_checks
from .registry import Registry
from .values import TOL, frame, val


check, prepare = no_checks, core_only  # nothing to check or prepare beyond the core


def build(m: pyo.ConcreteModel, prep: CoreOnly, reg: Registry) -> None:
    s = prep.core
    m.v_build = pyo.Var(s.BUILDS, domain=pyo.NonNegativeReals, doc="new capacity decided in period v, kt/yr")
    m.PROJECTS = pyo.Set(initialize=sorted(s.projects), ordered=True)
    m.v_project = pyo.Var(m.PROJECTS, domain=pyo.NonNegativeReals, doc="capacity taken up from a project, kt/yr")
    reg.first_stage += [m.v_build, m.v_project]
    reg.builds = m.v_build
    for name, p in s.projects.items():
        m.v_project[name].setub(p.capacity)
        if p.committed:
            m.v_project[name].fix(p.capacity)
    terms = _online_terms(m, s, reg)
    for (r, k, t), cap in s.existing.items():
        if (r, k) in s.units:
            reg.constant_costs["fixed_om"] += s.units[(r, k)].fixed_om * cap * s.weight[t]
    m.CAPACITY = pyo.Set(initialize=s.CAPACITY, dimen=3, ordered=True)
    m.e_capacity = pyo.Expression(
        m.CAPACITY, rule=lambda m, r, k, t: s.existing.get((r, k, t), 0.0) + pyo.quicksum(terms[(r, k, t)]),
        doc="capacity online, kt/yr",
    )
    reg.capacity = m.e_capacity
    # deposits: capacity never above the extraction rate the deposit supports
    limited = [(r, k, t) for (r, k, t) in s.CAPACITY if s.units[(r, k)].max_capacity is not None and terms[(r, k, t)]]
    m.c_capacity_max = pyo.Constraint(
        limited,
        rule=lambda m, r, k, t: m.e_capacity[r, k, t] <= max(s.units[(r, k)].max_capacity, s.existing.get((r, k, t), 0.0)),
    )
    by_scope = _builds_by_scope(m, s)
    m.c_build_limit = pyo.Constraint(
        sorted(by_scope),
        rule=lambda m, scope, stage, v: pyo.quicksum(by_scope[(scope, stage, v)]) <= s.build_limits[(scope, stage)][1] * s.length[v],
    )
    reg.duals += [m.c_capacity_max, m.c_build_limit]


def _online_terms(m: pyo.ConcreteModel, s: Core, reg: Registry) -> dict[tuple[str, str, int], list]:
    """Builds and projects online in each (r, k, t); registers their capex annuity and fixed O&M while online."""
    terms: dict[tuple[str, str, int], list] = defaultdict(list)
    for (r, k, v), online in s.online.items():
        u = s.units[(r, k)]
        var = m.v_build[r, k, v]
        for t in online:
            terms[(r, k, t)].append(var)
        reg.cost("capex", u.capex * u.idc * u.crf * sum(s.weight[t] for t in online), var)
        reg.cost("fixed_om", u.fixed_om * sum(s.weight[t] for t in online), var)
    for name, p in s.projects.items():
        u = s.units[(p.region, p.process)]
        online = s.project_online[name]
        for t in online:
            terms[(p.region, p.process, t)].append(m.v_project[name])
        reg.cost("capex", p.capex * u.idc * u.crf * sum(s.weight[t] for t in online), m.v_project[name])
        reg.cost("fixed_om", u.fixed_om * sum(s.weight[t] for t in online), m.v_project[name])
    return terms


def _builds_by_scope(m: pyo.ConcreteModel, s: Core) -> dict[tuple[str, str, int], list]:
    """Builds of each (scope, stage, v) a build limit covers, per region or pooled over a group."""
    scope_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (scope, stage), (members, _limit) in s.build_limits.items():
        for r in members:
            scope_of[(r, stage)].append(scope)
    by_scope: dict[tuple[str, str, int], list] = defaultdict(list)
    for (r, k, v) in s.BUILDS:
        for scope in scope_of.get((r, s.units[(r, k)].stage), []):
            by_scope[(scope, s.units[(r, k)].stage, v)].append(m.v_build[r, k, v])
    return by_scope


def report(m: pyo.ConcreteModel, prep: CoreOnly, reg: Registry) -> dict[str, pd.DataFrame]:
    s = prep.core
    rows = [
        {"region": r, "process": k, "stage": s.units[(r, k)].stage, "year": v, "online_from": s.online[(r, k, v)][0], "value": val(m.v_build[r, k, v]), "unit": "kt/yr"}
        for (r, k, v) in s.BUILDS
        if val(m.v_build[r, k, v]) > TOL
    ]
    rows += [
        {"region": p.region, "process": p.process, "stage": s.units[(p.region, p.process)].stage, "year": p.start_year,
         "online_from": s.project_online[name][0], "value": val(m.v_project[name]), "unit": "kt/yr", "project": name}
        for name, p in s.projects.items()
        if val(m.v_project[name]) > TOL
    ]
    group = s.data.region_group
    caps = []
    for (r, k, t) in s.CAPACITY:
        cap = float(pyo.value(m.e_capacity[r, k, t]))
        if cap > TOL:
            caps.append({"region": r, "group": group[r], "process": k, "stage": s.units[(r, k)].stage, "year": t, "value": cap, "unit": "kt/yr"})
    return {"builds": frame(rows, ["region", "process", "stage", "year", "online_from", "project", "value", "unit"]),
            "capacity": frame(caps, ["region", "group", "process", "stage", "year", "value", "unit"])}
