"""Modelling to generate alternatives (MGA): how far an indicator can move for a small extra cost.

1. min c·x + c0 → the optimum C* (one hand-off to HiGHS).
2. One added row: c·x ≤ (1 + ε)·C* − c0 (cost within a slack ε of the optimum).
3. For each indicator, min and max it over that set (PyPSA's `optimize_mga` idea, on supply-chain
   indicators). Output and capacity indicators are linear: one LP each. A share N/D (D > 0) is
   linear-fractional; it is optimised exactly by Dinkelbach's method: with s_k the ratio of the
   last plan, solve max (or min) N(x) − s_k·D(x); F(s) = max_x N − s·D is decreasing in s and
   zero exactly at the best ratio s*, so s_{k+1} = N(x_k)/D(x_k) rises monotonically to s* (in
   practice 2–4 LPs). Only the objective changes between these LPs, so each re-solve starts from
   the last basis (primal simplex: the basis stays primal feasible). Slacks are visited in
   increasing order, so the feasible set only grows and every basis stays primal feasible.
   (Fixing D at its optimum and optimising N is a cheaper approximation, wrong where D moves —
   separation output does, with the feeds' co-products — so it is not used.)

On a stochastic model the LP is the extensive form and the cost row bounds its objective (the
expected cost, or with `risk.weight` the risk-adjusted cost); an indicator is its expectation,
Σ_s p_s·N_s, and a share the ratio of expectations Σ_s p_s·N_s / Σ_s p_s·D_s (still
linear-fractional). Capacity is first stage, so its expectation is its value. MIPs (`lumpy: true`)
are refused for now.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import highspy
import numpy as np
import pandas as pd
import pyomo.core as pyo

from .config import ModelConfig
from .data import ModelData
from .errors import ConfigError, SolveError
from .highs_options import apply_highs_options
from .indicators import Indicator, IndicatorForm, indicator_form
from .interrupt import run_interruptible
from .pipeline import Instance
from .solve import hand_off, run_highs

SLACKS = (0.005, 0.01, 0.02, 0.05)
SIMPLEX_PRIMAL = 4  # HiGHS simplex_strategy
TOL = 1e-7  # |N − s·D| ≤ TOL·max(1, D) ends Dinkelbach's iteration
MAX_ITERATIONS = 30


@dataclass
class MgaResult:
    cfg: ModelConfig
    data: ModelData
    optimum: float
    ranges: pd.DataFrame  # indicator, unit, slack, sense, value, cost, cost_increase, status, lps, seconds
    plans: dict[str, pd.DataFrame]  # group_shares, capacity, builds of the extreme plans at the plan slack
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


class _Lp:
    """The HiGHS model with its cost vector, re-solved in place with a new objective."""

    def __init__(self, h: highspy.Highs):
        self.h = h
        lp = h.getLp()
        self.n = int(lp.num_col_)
        self.cost = np.array(lp.col_cost_, dtype=float)
        self.offset = float(lp.offset_)
        self.idx = np.arange(self.n, dtype=np.int32)

    def minimise(self, objective: np.ndarray) -> tuple[str, np.ndarray | None]:
        self.h.changeColsCost(self.n, self.idx, objective)
        run_interruptible(self.h)  # Ctrl-C / SIGTERM stop HiGHS here too
        ok = self.h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        return ("optimal", np.array(self.h.getSolution().col_value)) if ok else (self.h.modelStatusToString(self.h.getModelStatus()), None)


def optimise(lp: _Lp, form: IndicatorForm, sense: str, x_start: np.ndarray) -> tuple[float, np.ndarray | None, int, str]:
    """min or max of the indicator over the LP's feasible set: (value, plan, LPs solved, status)."""
    sign = 1.0 if sense == "min" else -1.0
    if form.b is None:
        status, x = lp.minimise(sign * form.a)
        return (form.value(x) if x is not None else float("nan")), x, 1, status
    best_x, s = x_start, form.value(x_start)
    if not np.isfinite(s):
        raise SolveError(f"{form.indicator.name}: the stage has no output in {form.indicator.year} at the optimum; a share is undefined")
    for k in range(1, MAX_ITERATIONS + 1):
        status, x = lp.minimise(sign * (form.a - s * form.b))
        if x is None:
            return float("nan"), None, k, status
        num, den = form.parts(x)
        if den <= 1e-12:
            raise SolveError(f"{form.indicator.name}: a plan within the slack has no output of the stage (share undefined)")
        gain = sign * (s * den - num)  # > 0 while x improves on the ratio s
        if sign * (num / den) < sign * s:
            best_x, s = x, num / den
        if gain <= TOL * max(1.0, den):
            return s, best_x, k, "optimal"
    return s, best_x, MAX_ITERATIONS, "iteration_limit"


PLAN_TABLES = ("group_shares", "capacity", "builds")


def _plan_tables(scenarios: list[tuple[str, float, Instance]], col_vars: list, x: np.ndarray, tag: dict) -> dict[str, pd.DataFrame]:
    """The plan x's shares, capacity and builds (the run tables of the same names), tagged (and by scenario)."""
    for var, value in zip(col_vars, x):
        if var is not None:
            var.set_value(float(value), skip_validation=True)
    out: dict[str, list[pd.DataFrame]] = {}
    for name, _p, inst in scenarios:
        tables = inst.tables()
        scen = {"scenario": name} if len(scenarios) > 1 else {}
        for t in PLAN_TABLES:
            out.setdefault(t, []).append(tables[t].assign(**tag, **scen)[list(tag) + list(scen) + list(tables[t].columns)])
    return {t: pd.concat(frames, ignore_index=True) for t, frames in out.items()}


def _expected_form(scenarios: list[tuple[str, float, Instance]], ind: Indicator, col_of: dict[int, int], n: int) -> IndicatorForm:
    """Σ_s p_s·N_s (over Σ_s p_s·D_s for a share): one form per scenario block, weighted by its probability.
    Deterministic models have one 'scenario' of probability 1."""
    forms = [(p, indicator_form(inst.registry, inst.prepared.core, ind, col_of, n)) for _name, p, inst in scenarios]
    a = sum(p * f.a for p, f in forms)
    b = None if forms[0][1].b is None else sum(p * f.b for p, f in forms)
    return IndicatorForm(ind, a, sum(p * f.a0 for p, f in forms), b, sum(p * f.b0 for p, f in forms))


def model_blocks(cfg: ModelConfig, data: ModelData) -> tuple[pyo.ConcreteModel, list[tuple[str, float, Instance]]]:
    """The model to solve and its scenario blocks: the extensive form of a stochastic model with one
    (scenario, probability, Instance) per scenario, else the one Instance as ("", 1, Instance)."""
    if cfg.stochastic:
        from .stochastic import build_extensive_form

        ef = build_extensive_form(data, cfg)
        return ef, [(name, ef.prob[name], inst) for name, inst in ef.scenario.items()]
    inst = Instance.create(cfg, data)
    return inst.model, [("", 1.0, inst)]


def _least_cost(cfg: ModelConfig, data: ModelData, timings: dict[str, float]):
    """Build (the extensive form of a stochastic model), hand off once and solve for the least cost:
    (model, highs, its LpIndex, [(scenario, probability, Instance)])."""
    start = time.perf_counter()
    m, scenarios = model_blocks(cfg, data)
    timings["build"] = time.perf_counter() - start
    h, index, timings["handoff"] = hand_off(m, cfg.solver)
    first = run_highs(m, h, index, duals=False)
    timings["optimum"] = first.solve_seconds
    if first.is_mip:
        raise ConfigError(f"model '{cfg.name}': mga on a MIP (lumpy: true) is not supported yet")
    if not first.ok:
        raise SolveError(f"mga (min cost): solver status {first.status} ({first.highs_status})")
    return m, h, index, scenarios


def run_mga(cfg: ModelConfig, data: ModelData, indicators: list[Indicator], slacks: tuple[float, ...] = SLACKS,
            plan_slack: float | None = None, progress: Callable[[str], None] | None = None) -> MgaResult:
    """Ranges of each indicator within each slack; the extreme plans at `plan_slack` (default: the first slack)."""
    if any(sl <= 0 for sl in slacks):
        raise ConfigError(f"--slack must be > 0, got {', '.join(f'{sl:g}' for sl in slacks)}")
    step = progress or (lambda _msg: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    _m, h, index, scenarios = _least_cost(cfg, data, timings)
    lp = _Lp(h)
    forms = [_expected_form(scenarios, ind, index.column_of, lp.n) for ind in indicators]
    col_vars = index.columns
    x0 = np.array(h.getSolution().col_value)
    optimum = float(lp.cost @ x0) + lp.offset
    step(f"optimum {optimum:,.1f} MUSD")
    nz = np.flatnonzero(lp.cost).astype(np.int32)
    h.addRow(-highspy.kHighsInf, highspy.kHighsInf, len(nz), nz, lp.cost[nz])
    row = int(h.getLp().num_row_) - 1
    apply_highs_options(h, {"solver": "simplex", "simplex_strategy": SIMPLEX_PRIMAL})
    plan_slack = plan_slack if plan_slack is not None else slacks[0]
    rows = [{"indicator": f.indicator.name, "unit": f.indicator.unit, "slack": 0.0, "sense": "optimum", "value": f.value(x0),
             "cost": optimum, "cost_increase": 0.0, "status": "optimal", "lps": 0, "seconds": 0.0} for f in forms]
    plans: dict[str, list[pd.DataFrame]] = {}
    for eps in sorted(set(slacks) | {plan_slack}):
        h.changeRowBounds(row, -highspy.kHighsInf, (1.0 + eps) * optimum - lp.offset)
        for form in forms:
            for sense in ("min", "max"):
                t1 = time.perf_counter()
                value, x, lps, status = optimise(lp, form, sense, x0)
                cost = float(lp.cost @ x) + lp.offset if x is not None else float("nan")
                rows.append({"indicator": form.indicator.name, "unit": form.indicator.unit, "slack": eps, "sense": sense, "value": value,
                             "cost": cost, "cost_increase": cost / optimum - 1.0, "status": status, "lps": lps, "seconds": time.perf_counter() - t1})
                step(f"slack {eps:.1%}: {sense} {form.indicator.name} = {value:.4g} ({lps} LPs)")
                if eps == plan_slack and x is not None:
                    for name, df in _plan_tables(scenarios, col_vars, x, {"indicator": form.indicator.name, "sense": sense}).items():
                        plans.setdefault(name, []).append(df)
    timings["total"] = time.perf_counter() - t0
    return MgaResult(cfg=cfg, data=data, warnings=list(dict.fromkeys(w for _n, _p, inst in scenarios for w in inst.warnings)), optimum=optimum, ranges=pd.DataFrame(rows),
                     plans={k: pd.concat(v, ignore_index=True) for k, v in plans.items()}, timings=timings)
