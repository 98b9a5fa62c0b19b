"""Stress test of a plan: fix its builds, re-solve operations under each disruption scenario.

min Σ operating cost_s(act, ship, unmet, …)  s.t. the model's constraints with build = b̄, project = p̄ (first stage fixed)

One model is built with the plan fixed *before* it is handed to HiGHS (so fixed capacity enters as
constants), then each scenario only changes, in the one Highs object, the rows and costs its
mutable parameters reach and the upper bounds of banned shipments and unmet demand, and HiGHS
re-solves by dual simplex from the undisrupted basis (`scenario_runs`; docs/benchmarks.md).
`workers` > 1 splits the scenarios over processes with the same answer. `persistent=False` rebuilds
and re-solves the model from scratch per scenario (for the benchmark and as a cross-check).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd
import pyomo.core as pyo

from .config import ModelConfig, Scenario, SolverOptions
from .data import ModelData
from .errors import ConfigError, SolveError
from .model import balance, lumpy, objective, prepare
from .model.disruption import BASELINE
from .model.values import TOL
from .pipeline import Instance
from .results import CAPACITY_FIRST_STAGE, index_key, other_first_stage
from .scenario_runs import ScenarioSolver, map_scenarios
from .solve import solve_model

NDPR = ("oxide:nd", "oxide:pr")


@dataclass
class Plan:
    """First-stage decisions: new capacity by (region, process, decision year) and projects taken up, kt/yr,
    and every other first-stage variable a feature declares (e.g. collection capacity), by component name.
    `other` is None for a plan from a folder that did not record them (they are then left free)."""

    builds: dict[tuple[str, str, int], float] = field(default_factory=dict)
    projects: dict[str, float] = field(default_factory=dict)
    other: dict[str, dict[tuple, float]] | None = field(default_factory=dict)

    @classmethod
    def from_instance(cls, inst: Instance) -> "Plan":
        reg = inst.registry
        projects = next(c for c in reg.first_stage if c.local_name == "v_project")
        return cls(builds={k: float(v.value or 0.0) for k, v in reg.builds.items()},
                   projects={k: float(v.value or 0.0) for k, v in projects.items()}, other=other_first_stage(reg))


def _read_other(run_dir: Path) -> dict[str, dict[tuple, float]] | None:
    path = run_dir / "first_stage.csv"
    if not path.is_file():
        return None
    other: dict[str, dict[tuple, float]] = {}
    for i, row in enumerate(pd.read_csv(path, dtype={"component": str, "index": str}).to_dict("records"), start=2):
        try:
            key = tuple(json.loads(row["index"]))
        except (TypeError, ValueError):
            raise ConfigError(f"{path} row {i}, column index: expected a JSON list, got {row['index']!r}") from None
        other.setdefault(row["component"], {})[key] = float(row["value"])
    return other


def read_plan(run_dir: str | Path) -> Plan:
    """The builds of a run folder (`builds.csv`, written by `ree-opt run`)."""
    path = Path(run_dir) / "builds.csv"
    if not path.is_file():
        raise ConfigError(f"{run_dir}: not a run folder (no builds.csv); give the folder `ree-opt run` wrote")
    try:
        df = pd.read_csv(path, dtype={"region": str, "process": str, "project": str})
    except (ValueError, pd.errors.ParserError) as exc:
        raise ConfigError(f"{path}: cannot be read as CSV ({exc})") from None
    missing = {"region", "process", "year", "value"} - set(df.columns)
    if missing:
        raise ConfigError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    plan = Plan()
    for i, row in enumerate(df.to_dict("records"), start=2):
        project = row.get("project")
        if isinstance(project, str) and project:
            plan.projects[project] = float(row["value"])
        else:
            plan.builds[(row["region"], row["process"], int(row["year"]))] = plan.builds.get((row["region"], row["process"], int(row["year"])), 0.0) + float(row["value"])
    plan.other = _read_other(Path(run_dir))
    return plan


def _fix_relaxed(var, value: float) -> None:
    """Fix an integer variable and make it continuous: a persistent solver would otherwise still
    pass it to HiGHS as an integer, and a MIP has no duals (no marginal costs)."""
    var.domain = pyo.NonNegativeReals
    var.fix(value)


def fix_plan(inst: Instance, plan: Plan, label: str = "plan") -> None:
    """Fix every first-stage variable of `inst` to the plan (0 where the plan builds nothing), including
    the integer module counts and plant switches of a lumpy model, so operations stay an LP."""
    first = {c.local_name: c for c in inst.first_stage}
    builds, projects = first["v_build"], first["v_project"]
    for key in plan.builds:
        if key not in builds:
            raise ConfigError(f"{label}: build {'/'.join(map(str, key))} is not a buildable unit of this model (other dataset or horizon?)")
    for name in plan.projects:
        if name not in projects:
            raise ConfigError(f"{label}: project '{name}' is not in this model")
    lumpy_prep = inst.prepared.of(lumpy)
    modules = lumpy_prep.modules if lumpy_prep else {}
    for key, var in builds.items():
        value = plan.builds.get(key, 0.0)
        if key in modules:  # a whole number of modules: snap off the CSV round-off, fix the count too
            count = round(value / modules[key])
            value = count * modules[key]
            _fix_relaxed(first["v_modules"][key], count)
        if "v_build_on" in first and key in first["v_build_on"]:
            _fix_relaxed(first["v_build_on"][key], 1 if value > 1e-9 else 0)
        var.fix(value)
    for name, var in projects.items():
        if not var.fixed or name in plan.projects:
            var.fix(plan.projects.get(name, 0.0))
    if plan.other is None:  # an older folder without first_stage.csv: those decisions stay free
        return
    for name, comp in first.items():
        if name not in CAPACITY_FIRST_STAGE:
            for key, var in comp.items():
                var.fix(plan.other.get(name, {}).get(index_key(key), 0.0))


def scenarios_with_baseline(cfg: ModelConfig) -> list[Scenario]:
    """The undisrupted scenario first (probability 0 unless listed), then the model's scenarios."""
    names = {sc.name for sc in cfg.disruptions}
    base = [] if BASELINE in names else [Scenario(name=BASELINE, probability=0.0, events=[])]
    return base + list(cfg.disruptions)


@dataclass
class ScenarioOutcome:
    name: str
    probability: float
    objective: float
    costs: pd.DataFrame
    unmet: pd.DataFrame
    marginal: pd.DataFrame
    seconds: float


def _outcome(inst: Instance, sc: Scenario, seconds: float, obj: float, costs: pd.DataFrame) -> ScenarioOutcome:
    """What a stress test reports of one scenario: the objective, the costs and the balance's tables."""
    bal = balance.report(inst.model, inst.prepared.of(balance), inst.registry)
    marg = bal["marginal_costs"]
    return ScenarioOutcome(name=sc.name, probability=sc.probability, objective=obj, costs=costs, unmet=bal["unmet_demand"],
                           marginal=marg[marg["commodity"].isin(NDPR)].reset_index(drop=True), seconds=seconds)


def _active_max(marginal: pd.DataFrame) -> float:
    """The highest NdPr oxide marginal cost where NdPr moves (elsewhere the dual is not unique), NaN if none."""
    moving = marginal[marginal["active"]] if "active" in marginal else marginal
    return float(moving["value"].max()) if len(moving) else float("nan")


def cold_operations_options(options: SolverOptions) -> SolverOptions:
    """HiGHS options for solving the operations LP (the plan fixed) from scratch: dual simplex.

    Fixing the builds removes what makes IPM win on the plan: on `global` the operations LP takes dual
    simplex 2.4 s against IPM's 4.3 s, where the plan takes 28 s against 9 s. The in-place path keeps the
    model file's method for its one first solve all the same: from IPM's crossover vertex the four
    disruptions of `global_stochastic` re-solve in 15.9k dual simplex iterations, from dual simplex's in
    19.7k (+4.6 s), more than the 1.9 s saved (docs/benchmarks.md, seventh session).
    `solver.extra.solver`, if the model file sets it, still has the last word."""
    return options.model_copy(update={"method": "simplex"})


def _plan_solver(data: ModelData, cfg: ModelConfig, plan: Plan, prepared) -> ScenarioSolver:
    """The model with the plan fixed *before* the hand-off (fixed capacity enters HiGHS as constants)."""
    inst = Instance.create(cfg, data, prepared)
    fix_plan(inst, plan)
    solver = ScenarioSolver(inst)
    ndpr_rows = [con for (_r, c, _t), con in inst.model.c_balance.items() if c in NDPR]
    # each scenario loads these rows' variables too, so `active` of its NdPr marginal costs reads its own values
    solver.reported += balance.row_variables(ndpr_rows)  # (unmet and disposal among them are loaded twice: harmless)
    return solver


def _stress_one(solver: ScenarioSolver, sc: Scenario) -> ScenarioOutcome:
    t0 = time.perf_counter()
    sol = solver.solve(sc)
    if not sol.ok:
        raise SolveError(f"scenario '{sc.name}': {sol.status} ({sol.highs_status}) (the model prices unmet demand, so this should not happen)")
    solver.load_reported(with_duals=not sol.is_mip)
    costs = objective.costs_table(solver.forms.names, solver.costs())
    return _outcome(solver.inst, sc, time.perf_counter() - t0, float(sol.objective), costs)


def _rebuild_one(data: ModelData, cfg: ModelConfig, plan: Plan, prepared, sc: Scenario) -> ScenarioOutcome:
    """The cross-check: build, fix, apply and solve from scratch."""
    t0 = time.perf_counter()
    inst = Instance.create(cfg, data, prepared)
    fix_plan(inst, plan)
    inst.apply(sc)
    sol = solve_model(inst.model, cold_operations_options(cfg.solver))
    if not sol.ok:
        raise SolveError(f"scenario '{sc.name}': {sol.status} ({sol.highs_status})")
    costs = objective.report(inst.model, inst.prepared.of(objective), inst.registry)["costs"]
    return _outcome(inst, sc, time.perf_counter() - t0, float(sol.objective), costs)


def evaluate_plan(data: ModelData, cfg: ModelConfig, plan: Plan, scenarios: Iterable[Scenario], persistent: bool = True,
                  prepared=None, progress: Callable[[str], None] | None = None, workers: int = 1) -> list[ScenarioOutcome]:
    """Operations under each scenario with the plan's capacity fixed, one outcome per scenario.

    `persistent`: one hand-off, scenarios re-solved in place (over `workers` processes); else a rebuild per scenario."""
    prepared = prepared if prepared is not None else prepare(cfg, data)
    scenarios = list(scenarios)
    if persistent:
        return map_scenarios(_plan_solver(data, cfg, plan, prepared), _stress_one, scenarios, workers=workers, progress=progress)
    out = []
    for sc in scenarios:
        out.append(_rebuild_one(data, cfg, plan, prepared, sc))
        if progress is not None:
            progress(sc.name)
    return out


@dataclass
class StressResult:
    tables: dict[str, pd.DataFrame]
    seconds: float
    scenarios_per_second: float
    persistent: bool
    warnings: list[str] = field(default_factory=list)


def stress_tables(outcomes: list[ScenarioOutcome], baseline: str = BASELINE) -> dict[str, pd.DataFrame]:
    """Per-scenario summary, unmet demand, costs, NdPr marginal costs.

    The summary has the cost, the extra cost vs the undisrupted operations (with the unmet-demand
    penalty), the extra supply cost (without it), the total shortfall and the peak NdPr oxide
    marginal cost.
    """
    base = next(o for o in outcomes if o.name == baseline).objective

    def supply(o: ScenarioOutcome) -> float:  # cost without the unmet-demand penalty (value of lost load)
        return float(o.costs.loc[o.costs["component"] != "unmet", "value"].sum())

    base_supply = supply(next(o for o in outcomes if o.name == baseline))

    def stack(attr: str) -> pd.DataFrame:
        frames = [getattr(o, attr).assign(scenario=o.name) for o in outcomes]
        df = pd.concat(frames, ignore_index=True)
        return df[["scenario"] + [c for c in df.columns if c != "scenario"]]

    unmet = stack("unmet")
    summary = pd.DataFrame([{
        "scenario": o.name, "probability": o.probability, "cost": o.objective, "extra_cost": o.objective - base,
        "extra_supply_cost": supply(o) - base_supply,
        "unmet_kt": float(o.unmet["value"].sum()), "ndpr_oxide_max_usd_per_kg": _active_max(o.marginal),
        "solve_seconds": o.seconds, "unit": "MUSD (discounted); kt/yr summed over regions, commodities and years",
    } for o in outcomes])
    return {
        "stress_summary": summary,
        "unmet_demand": unmet[unmet["value"] > TOL].reset_index(drop=True),
        "costs": stack("costs"),
        "marginal_costs_ndpr": stack("marginal"),
    }


def stress_test(data: ModelData, cfg: ModelConfig, plan: Plan, persistent: bool = True,
                progress: Callable[[str], None] | None = None, workers: int = 1) -> StressResult:
    """Re-solve the plan's operations under the undisrupted scenario and every disruption of `cfg`."""
    if not cfg.disruptions:
        raise ConfigError(f"model '{cfg.name}' has no `disruptions` to stress-test the plan against")
    scenarios = scenarios_with_baseline(cfg)
    t0 = time.perf_counter()
    prepared = prepare(cfg, data)
    outcomes = evaluate_plan(data, cfg, plan, scenarios, persistent=persistent, prepared=prepared, progress=progress, workers=workers)
    seconds = time.perf_counter() - t0
    return StressResult(tables=stress_tables(outcomes), seconds=seconds, scenarios_per_second=len(outcomes) / seconds, persistent=persistent,
                        warnings=list(data.warnings) + list(prepared.warnings))
