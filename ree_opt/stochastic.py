"""Two-stage stochastic plan: builds shared by all scenarios, operations per scenario (extensive form).

min (1 − λ)·Σ_s p_s·cost_s + λ·(η + Σ_s p_s·z_s / (1 − α))   s.t. z_s ≥ cost_s − η, z_s ≥ 0,
    block_s = the model with scenario s applied,   x_s = x̄ (nonanticipativity) for every first-stage x

Each scenario is one block, an `Instance` of one shared prepared record (so the EF, the stress test and
mpi-sppy's `scenario_creator` can never disagree about the model); its objective is
deactivated and its first-stage variables (what the features declared: builds, projects, and with
lumpy investment the module counts and plant switches) are tied by equality to one copy. With
λ = 0 (default) this is the risk-neutral expected cost. Also computed:

    VSS  = E_s[cost of the mean-value plan in s] − E_s[cost of the stochastic plan in s]
    EVPI = E_s[cost of the stochastic plan in s] − Σ_s p_s·min cost_s   (wait-and-see)

The mean-value plan is the plan of the single scenario with every parameter at its
expectation (a ban, which has no mean, applies when its probability is ≥ 0.5).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd
import pyomo.core as pyo

from .api import peak_memory_mb
from .config import ModelConfig
from .data import ModelData
from .errors import ConfigError, SolveError
from .model import Prepared, building_models, objective, prepare
from .model.disruption import mean_value_effects
from .pipeline import Instance
from .scenario_runs import ScenarioSolver, map_scenarios, objective_of
from .solve import SolveResult, solve_model
from .stress import Plan, evaluate_plan


def build_extensive_form(data: ModelData, cfg: ModelConfig, prepared: Prepared | None = None) -> pyo.ConcreteModel:
    """The extensive form over `cfg.disruptions`: one block per scenario (`ef.scenario[name]` is its Instance),
    one first-stage copy `ef.x_<name>` per first-stage component (x_build, x_project, …) tied to every block."""
    if not cfg.disruptions:
        raise ConfigError(f"model '{cfg.name}': a stochastic plan needs `disruptions`")
    prepared = prepared if prepared is not None else prepare(cfg, data)
    ef = pyo.ConcreteModel(name=f"{cfg.name}_ef")
    ef.prepared = prepared
    ef.SCENARIOS = pyo.Set(initialize=[sc.name for sc in cfg.disruptions], ordered=True)
    ef.prob = {sc.name: sc.probability for sc in cfg.disruptions}
    ef.scenario = {}
    with building_models():  # one full collection after all the scenarios' builds, not one after each
        for i, sc in enumerate(cfg.disruptions):
            inst = Instance.create(cfg, data, prepared)
            inst.apply(sc)
            inst.model.obj.deactivate()
            ef.add_component(f"s{i}_{sc.name.replace('.', '_').replace('-', '_')}", inst.model)
            ef.scenario[sc.name] = inst
    _tie_first_stage(ef)
    ef.e_scenario_cost = pyo.Expression(ef.SCENARIOS, rule=lambda ef, sc: ef.scenario[sc].model.obj.expr, doc="total discounted cost of scenario, MUSD")
    expected = pyo.quicksum(ef.prob[sc] * ef.e_scenario_cost[sc] for sc in ef.SCENARIOS)
    lam, alpha = cfg.risk.weight, cfg.risk.alpha
    if lam > 0:
        ef.v_eta = pyo.Var(domain=pyo.Reals, doc="value-at-risk of total cost, MUSD")
        ef.v_excess = pyo.Var(ef.SCENARIOS, domain=pyo.NonNegativeReals, doc="cost above the value-at-risk, MUSD")
        ef.c_excess = pyo.Constraint(ef.SCENARIOS, rule=lambda ef, sc: ef.v_excess[sc] >= ef.e_scenario_cost[sc] - ef.v_eta)
        cvar = ef.v_eta + pyo.quicksum(ef.prob[sc] * ef.v_excess[sc] for sc in ef.SCENARIOS) / (1.0 - alpha)
        ef.obj = pyo.Objective(expr=(1.0 - lam) * expected + lam * cvar, sense=pyo.minimize)
    else:
        ef.obj = pyo.Objective(expr=expected, sense=pyo.minimize)
    return ef


def _tie_first_stage(ef: pyo.ConcreteModel) -> None:
    """x_s = x̄ for every first-stage variable the features declared: one copy with the same domain and bounds."""
    blocks = list(ef.scenario.values())
    nonant = []
    for j, comp in enumerate(blocks[0].first_stage):
        copy = pyo.Var(list(comp.keys()), within=lambda ef, *k, c=comp: c[k if len(k) > 1 else k[0]].domain,
                       bounds=lambda ef, *k, c=comp: c[k if len(k) > 1 else k[0]].bounds, doc=f"first-stage {comp.local_name}")
        ef.add_component("x_" + comp.local_name.removeprefix("v_"), copy)
        nonant += [(sc, j, copy, key) for sc in ef.SCENARIOS for key in comp]
    ef.c_nonant = pyo.Constraint(range(len(nonant)), rule=lambda ef, i: (
        ef.scenario[nonant[i][0]].first_stage[nonant[i][1]][nonant[i][3]] == nonant[i][2][nonant[i][3]]))


@dataclass
class StochasticResult:
    """The stochastic plan with its value: expected cost, per-scenario tables, VSS and EVPI (MUSD, discounted)."""

    objective: float
    expected_cost: float
    cvar: float | None
    plan: Plan
    tables: dict[str, pd.DataFrame]
    metrics: dict[str, float]
    solve: SolveResult
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def risk_measure(costs: list[float], probs: list[float], lam: float, alpha: float) -> float:
    """(1 − λ)·E[cost] + λ·CVaR_α[cost] of a discrete distribution (λ = 0: the expectation).

    CVaR_α = min_η η + Σ p_s·max(c_s − η, 0)/(1 − α); the minimum is at one of the c_s.
    """
    expected = sum(p * c for p, c in zip(probs, costs))
    if lam == 0:
        return expected
    cvar = min(eta + sum(p * max(c - eta, 0.0) for p, c in zip(probs, costs)) / (1.0 - alpha) for eta in costs)
    return (1.0 - lam) * expected + lam * cvar


def scenario_weight(ef: pyo.ConcreteModel, sc: str, lam: float) -> float:
    """∂objective/∂cost_s: p_s for the expectation; (1 − λ)·p_s + μ_s with CVaR (μ_s = |dual of c_excess[s]|)."""
    weight = (1.0 - lam) * ef.prob[sc]
    if hasattr(ef, "c_excess") and hasattr(ef, "dual"):
        weight += abs(ef.dual.get(ef.c_excess[sc], 0.0))
    return weight


def _copy_block_duals(ef: pyo.ConcreteModel, b: pyo.Block, weight: float) -> None:
    """A block's duals in its own scenario's terms: EF duals are weight_s × the scenario's."""
    b.dual = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    if weight <= 0 or not hasattr(ef, "dual"):
        return
    for con in b.component_data_objects(pyo.Constraint, active=True):
        if con in ef.dual:
            b.dual[con] = ef.dual[con] / weight


def _stack(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    df = pd.concat([f.assign(scenario=name) for name, f in frames.items()], ignore_index=True)
    return df[["scenario"] + [c for c in df.columns if c != "scenario"]]


def wait_and_see(solver: ScenarioSolver, cfg: ModelConfig, progress: Callable[[str], None] | None = None,
                 workers: int = 1) -> dict[str, float]:
    """min cost_s for each scenario s alone (perfect foresight): `solver`'s model, changed in place and re-solved
    warm for each scenario (over `workers` processes)."""
    tick = (lambda name: progress(f"wait-and-see {name}")) if progress is not None else None
    costs = map_scenarios(solver, objective_of, list(cfg.disruptions), workers=workers, progress=tick)
    return {sc.name: cost for sc, cost in zip(cfg.disruptions, costs)}


def mean_value_plan(solver: ScenarioSolver, cfg: ModelConfig) -> Plan:
    """The plan that is optimal when every scenario's parameters take their expected values: one more in-place
    re-solve of the wait-and-see model (no second build or hand-off)."""
    sol = solver.solve(mean_value_effects(solver.inst.prepared.core, cfg.disruptions))
    if not sol.ok:
        raise SolveError(f"mean-value problem: {sol.status}")
    solver.rs.load([v for comp in solver.inst.first_stage for v in comp.values()])
    return Plan.from_instance(solver.inst)


def progress_steps(cfg: ModelConfig, with_value: bool = True) -> int:
    return 1 + (1 + 2 * len(cfg.disruptions) if with_value else 0)


def solve_stochastic(data: ModelData, cfg: ModelConfig, with_value: bool = True,
                     progress: Callable[[str], None] | None = None, workers: int = 1) -> StochasticResult:
    """Build and solve the extensive form; with `with_value`, also VSS and EVPI (a mean-value solve, its evaluation, and one solve per scenario).

    `progress` is called after each solve: 1 (EF) + 1 (mean value) + 2 × scenarios in all.
    """
    tick = progress or (lambda _name: None)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    prepared = prepare(cfg, data)
    ef = build_extensive_form(data, cfg, prepared)
    timings["build"] = time.perf_counter() - t
    sol = solve_model(ef, cfg.solver)
    timings["handoff"], timings["highs"] = sol.handoff_seconds, sol.solve_seconds
    if not sol.ok:
        raise SolveError(f"extensive form of '{cfg.name}': {sol.status} ({sol.highs_status})")
    tick("extensive form")
    t = time.perf_counter()
    cost = {sc: float(objective.cost_forms(inst.model, inst.registry).evaluate().sum()) for sc, inst in ef.scenario.items()}
    expected = sum(ef.prob[sc] * cost[sc] for sc in ef.SCENARIOS)
    per: dict[str, dict[str, pd.DataFrame]] = {}
    for sc, inst in ef.scenario.items():
        _copy_block_duals(ef, inst.model, scenario_weight(ef, sc, cfg.risk.weight))
        per[sc] = inst.tables()
    plan = Plan.from_instance(next(iter(ef.scenario.values())))
    tables = {name: _stack({sc: per[sc][name] for sc in per}) for name in per[next(iter(per))] if name not in ("builds", "capacity")}
    tables["builds"] = per[next(iter(per))]["builds"]  # first stage: the same in every scenario
    tables["capacity"] = per[next(iter(per))]["capacity"]
    tables["scenario_costs"] = pd.DataFrame([{"scenario": sc, "probability": ef.prob[sc], "value": cost[sc], "unit": "MUSD (discounted)"} for sc in ef.SCENARIOS])
    timings["extract"] = time.perf_counter() - t
    metrics: dict[str, float] = {"objective": float(sol.objective), "expected_cost": expected}
    cvar = None
    if hasattr(ef, "v_eta"):
        cvar = float(pyo.value(ef.v_eta) + sum(ef.prob[sc] * pyo.value(ef.v_excess[sc]) for sc in ef.SCENARIOS) / (1 - cfg.risk.alpha))
        metrics["cvar"] = cvar
    if with_value:
        t = time.perf_counter()
        solver = ScenarioSolver(Instance.create(cfg, data, prepared))  # wait-and-see and mean-value share one hand-off
        ws = wait_and_see(solver, cfg, progress=tick, workers=workers)
        mv = mean_value_plan(solver, cfg)
        del solver  # its model and Highs are not needed for the plan's evaluation
        tick("mean-value plan")
        eev = evaluate_plan(data, cfg, mv, cfg.disruptions, prepared=prepared, progress=lambda name: tick(f"mean-value plan in {name}"),
                            workers=workers)
        # VSS and EVPI on the objective the plan was chosen by: E[cost], or (1 − λ)E + λ·CVaR with risk aversion
        lam, alpha = cfg.risk.weight, cfg.risk.alpha
        probs = [ef.prob[sc] for sc in ef.SCENARIOS]
        metrics["eev"] = risk_measure([o.objective for o in eev], [o.probability for o in eev], lam, alpha)
        metrics["vss"] = metrics["eev"] - float(sol.objective)
        metrics["wait_and_see"] = risk_measure([ws[sc] for sc in ef.SCENARIOS], probs, lam, alpha)
        metrics["evpi"] = float(sol.objective) - metrics["wait_and_see"]
        tables["scenario_costs"]["mean_value_plan"] = [o.objective for o in eev]
        tables["scenario_costs"]["wait_and_see"] = [ws[sc] for sc in ef.SCENARIOS]
        timings["vss_evpi"] = time.perf_counter() - t
    timings["peak_mb"] = peak_memory_mb()
    return StochasticResult(objective=float(sol.objective), expected_cost=expected, cvar=cvar, plan=plan, tables=tables,
                            metrics=metrics, solve=sol, timings=timings, warnings=list(data.warnings) + list(prepared.warnings))
