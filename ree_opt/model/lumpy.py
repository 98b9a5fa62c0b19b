"""Lumpy investment (a MIP): builds in whole modules, or zero or at least a minimum plant size.

build[r,k,v] = size_k · n[r,k,v], n ∈ ℤ≥0;   min_k · y[r,k,v] ≤ build[r,k,v] ≤ M[r,k,v] · y[r,k,v], y ∈ {0,1}

for processes with `module_size` / `min_size` in processes.csv (a deposit takes its mining
process's), only when the model file says `lumpy: true`. M is the tightest bound the data gives
(the deposit's max_capacity, the stage's build limit × L_v), else BIG_M. Creates v_modules,
c_build_modules, v_build_on, c_build_min, c_build_max. Projects keep their announced size.
"""

from __future__ import annotations

import pyomo.environ as pyo

from ..sets import ModelSets
from .registry import Registry

BIG_M = 1.0e4  # kt/yr: ~30× the world's NdFeB output, so it never binds a real build


def lumpy_builds(s: ModelSets) -> tuple[dict, dict]:
    """(module size, min size) per build (r, k, v) where the process declares one."""
    procs = s.data["processes"].set_index("process")
    template = dict(zip(s.data["deposits"]["deposit"], s.data["deposits"]["process"]))
    modules, minimum = {}, {}
    if not s.cfg.lumpy:
        return modules, minimum
    for (r, k, v) in s.BUILDS:
        row = procs.loc[template.get(k, k)]
        if row["module_size"] is not None:
            modules[(r, k, v)] = float(row["module_size"])
        if row["min_size"] is not None:
            minimum[(r, k, v)] = float(row["min_size"])
    return modules, minimum


def _upper(s: ModelSets, r: str, k: str, v: int) -> float:
    u = s.units[(r, k)]
    bounds = [BIG_M]
    if u.max_capacity is not None:
        bounds.append(u.max_capacity)
    bounds += [limit * s.length[v] for (_scope, stage), (members, limit) in s.build_limits.items() if stage == u.stage and r in members]
    return min(bounds)


def add_lumpy(m: pyo.ConcreteModel, s: ModelSets, reg: Registry) -> None:
    modules, minimum = lumpy_builds(s)
    if s.cfg.lumpy and not (modules or minimum):
        s.warnings.append("lumpy: true, but no buildable process has module_size or min_size in processes.csv: the model stays an LP")
    m.v_modules = pyo.Var(sorted(modules), domain=pyo.NonNegativeIntegers, doc="modules built")
    m.c_build_modules = pyo.Constraint(sorted(modules), rule=lambda m, r, k, v: m.v_build[r, k, v] == modules[(r, k, v)] * m.v_modules[r, k, v])
    m.v_build_on = pyo.Var(sorted(minimum), domain=pyo.Binary, doc="1 if a plant is built")
    m.c_build_min = pyo.Constraint(sorted(minimum), rule=lambda m, r, k, v: m.v_build[r, k, v] >= minimum[(r, k, v)] * m.v_build_on[r, k, v])
    m.c_build_max = pyo.Constraint(sorted(minimum), rule=lambda m, r, k, v: m.v_build[r, k, v] <= _upper(s, r, k, v) * m.v_build_on[r, k, v])
