"""Lumpy investment (a MIP): builds in whole modules, or zero or at least a minimum plant size.

build[r,k,v] = size_k · n[r,k,v], n ∈ ℤ≥0;   min_k · y[r,k,v] ≤ build[r,k,v] ≤ M[r,k,v] · y[r,k,v], y ∈ {0,1}

for processes with `module_size` / `min_size` in processes.csv (a deposit takes its mining
process's), only when the model file says `lumpy: true`. M is the tightest bound the data gives
(the deposit's max_capacity, the stage's build limit × L_v), else BIG_M. Creates v_modules,
c_build_modules, v_build_on, c_build_min, c_build_max; the integers join the first stage.
Projects keep their announced size.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..lazy import pyo

from .core import Core, no_checks
from .registry import Registry

BIG_M = 1.0e4  # kt/yr: ~30× the world's NdFeB output, so it never binds a real build


@dataclass(frozen=True)
class LumpyPrep:
    modules: dict[tuple[str, str, int], float]  # build → module size, kt/yr
    minimum: dict[tuple[str, str, int], float]  # build → minimum plant size, kt/yr
    upper: dict[tuple[str, str, int], float]  # build → M of the on/off switch, kt/yr
    warnings: tuple[str, ...] = ()


check = no_checks


def prepare(core: Core, cfg, data) -> LumpyPrep | None:
    """Module and minimum sizes per build (r, k, v) where the process declares one (None unless lumpy: true)."""
    if not cfg.lumpy:
        return None
    procs = data["processes"].set_index("process")
    template = dict(zip(data["deposits"]["deposit"], data["deposits"]["process"]))
    modules, minimum = {}, {}
    for (r, k, v) in core.BUILDS:
        row = procs.loc[template.get(k, k)]
        if row["module_size"] is not None:
            modules[(r, k, v)] = float(row["module_size"])
        if row["min_size"] is not None:
            minimum[(r, k, v)] = float(row["min_size"])
    said = () if modules or minimum else ("lumpy: true, but no buildable process has module_size or min_size in processes.csv: the model stays an LP",)
    return LumpyPrep(modules=modules, minimum=minimum, upper={key: build_upper(core, *key) for key in minimum}, warnings=said)


def build_upper(s: Core, r: str, k: str, v: int, default: float = BIG_M) -> float:
    """The tightest upper bound on build[r,k,v] the constraints imply, else `default`.

    build ≤ cap ≤ max_capacity for a deposit; build ≤ Σ builds in a scope ≤ limit · L_v for each
    build limit covering (r, stage of k) — so the bound never cuts a feasible point.
    """
    u = s.units[(r, k)]
    bounds = [default]
    if u.max_capacity is not None:
        bounds.append(u.max_capacity)
    bounds += [limit * s.length[v] for (_scope, stage), (members, limit) in s.build_limits.items() if stage == u.stage and r in members]
    return min(bounds)


def build(m: pyo.ConcreteModel, prep: LumpyPrep | None, reg: Registry) -> None:
    if prep is None:
        return
    modules, minimum, build_var = prep.modules, prep.minimum, reg.builds
    m.v_modules = pyo.Var(sorted(modules), domain=pyo.NonNegativeIntegers, doc="modules built")
    m.c_build_modules = pyo.Constraint(sorted(modules), rule=lambda m, r, k, v: build_var[r, k, v] == modules[(r, k, v)] * m.v_modules[r, k, v])
    m.v_build_on = pyo.Var(sorted(minimum), domain=pyo.Binary, doc="1 if a plant is built")
    m.c_build_min = pyo.Constraint(sorted(minimum), rule=lambda m, r, k, v: build_var[r, k, v] >= minimum[(r, k, v)] * m.v_build_on[r, k, v])
    m.c_build_max = pyo.Constraint(sorted(minimum), rule=lambda m, r, k, v: build_var[r, k, v] <= prep.upper[(r, k, v)] * m.v_build_on[r, k, v])
    reg.first_stage += [m.v_modules, m.v_build_on]


def report(m: pyo.ConcreteModel, prep: LumpyPrep | None, reg: Registry) -> dict:
    return {}
