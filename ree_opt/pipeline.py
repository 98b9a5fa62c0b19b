"""One pipeline for every command: config → data → prepare → build → solve → results.

    inst = Instance.create(cfg)            # load (unless given), prepare, build
    inst.apply(scenario)                   # optional: a disruption scenario's changes
    sol = inst.solve()                     # one hand-off to HiGHS; values and duals loaded
    tables = inst.tables()                 # core tables + every feature's report

run, compare, stress, the stochastic extensive form, pareto and mpi-sppy's scenario_creator all
go through `Instance`, so they cannot disagree about the model. The first stage (builds, projects,
module counts, plant switches) is what the features declared in the registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyomo.core as pyo

from . import results
from .config import ModelConfig, Scenario
from .data import ModelData, load_dataset
from .model import Prepared, build_model, prepare
from .model.disruption import Effects, apply_effects, scenario_effects
from .model.registry import Registry
from .solve import SolveResult, solve_model


@dataclass
class Instance:
    """A built model with everything it came from."""

    cfg: ModelConfig
    data: ModelData
    prepared: Prepared
    model: pyo.ConcreteModel
    registry: Registry

    @classmethod
    def create(cls, cfg: ModelConfig, data: ModelData | None = None, prepared: Prepared | None = None) -> "Instance":
        """Load the dataset (unless given), prepare (unless given: the EF shares one record), build."""
        data = data if data is not None else load_dataset(cfg.dataset)
        prepared = prepared if prepared is not None else prepare(cfg, data)
        m, reg = build_model(prepared)
        return cls(cfg=cfg, data=data, prepared=prepared, model=m, registry=reg)

    @property
    def warnings(self) -> list[str]:
        return list(self.data.warnings) + list(self.prepared.warnings)

    @property
    def first_stage(self) -> list:
        """The first-stage variable components (decided before a scenario is known)."""
        return list(self.registry.first_stage)

    def apply(self, scenario: Scenario | Effects) -> list:
        """Set a scenario's (or effects') changes on the model; return the variables whose bounds changed."""
        eff = scenario if isinstance(scenario, Effects) else scenario_effects(self.prepared.core, scenario)
        return apply_effects(self.model, eff, self.prepared.core.demand)

    def solve(self, duals: bool = True, lp_copy: Path | None = None, explain: bool = False) -> SolveResult:
        """One hand-off to HiGHS; `explain`: an infeasible LP gets its IIS (`SolveResult.infeasibility`)."""
        return solve_model(self.model, self.cfg.solver, duals=duals, lp_copy=lp_copy, explain=explain)

    def tables(self) -> dict:
        return results.extract(self.model, self.prepared, self.registry)
