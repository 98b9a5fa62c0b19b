"""The Python API: load → prepare → build → solve → results, timed. The CLI is a thin layer over it.

    from ree_opt.api import load_config, run_model
    cfg = load_config("models/example.yaml", overrides=["horizon.end=2040"])
    run = run_model(cfg)
    run.tables["capacity"]          # tidy DataFrame
    run.solve.status, run.objective
"""

from __future__ import annotations

import resource
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .config import ModelConfig, load_config
from .data import ModelData, load_dataset
from .errors import SolveError
from .model import prepare
from .model.core import Core
from .pipeline import Instance
from .solve import SolveResult, fixed_lp_duals


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


@dataclass
class Run:
    """One solved model with its results and how long each phase took."""

    instance: Instance
    solve: SolveResult
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)
    lp_text: str | None = None  # the LP handed to HiGHS, kept when solver.keep_lp_file is set

    @property
    def cfg(self) -> ModelConfig:
        return self.instance.cfg

    @property
    def data(self) -> ModelData:
        return self.instance.data

    @property
    def core(self) -> Core:
        return self.instance.prepared.core

    @property
    def model(self):
        return self.instance.model

    @property
    def objective(self) -> float | None:
        return self.solve.objective

    @property
    def warnings(self) -> list[str]:
        return self.instance.warnings


def run_model(cfg: ModelConfig, data: ModelData | None = None, require_solution: bool = False) -> Run:
    """Load (unless given), prepare, build, solve and extract results, timing each phase."""
    timings: dict[str, float] = {}
    peaks: dict[str, float] = {}

    def mark(phase: str, start: float) -> float:
        now = time.perf_counter()
        timings[phase] = now - start
        peaks[phase] = peak_memory_mb()
        return now

    t = time.perf_counter()
    if data is None:
        data = load_dataset(cfg.dataset)
    t = mark("load", t)
    inst = Instance.create(cfg, data)
    t = mark("build", t)
    lp_copy = Path(tempfile.mkstemp(suffix=".lp")[1]) if cfg.solver.keep_lp_file else None
    sol = inst.solve(lp_copy=lp_copy)
    lp_text = None
    if lp_copy is not None:
        lp_text = lp_copy.read_text()
        lp_copy.unlink()
    timings["handoff"], timings["highs"] = sol.handoff_seconds, sol.solve_seconds
    if sol.is_mip and sol.has_solution:
        lp = fixed_lp_duals(inst.model, cfg.solver)  # marginal costs of a MIP come from the LP with integers fixed
        timings["fixed_lp"] = lp.handoff_seconds + lp.solve_seconds
        sol.mip_objective = sol.objective
        if lp.status == "optimal":
            sol.objective = lp.objective
    peaks["handoff"] = peaks["highs"] = peak_memory_mb()
    t = time.perf_counter()
    if require_solution and not sol.has_solution:
        raise SolveError(f"model '{cfg.name}': solver status {sol.status} ({sol.highs_status}); no solution to report")
    tables = inst.tables() if sol.has_solution else {}
    timings["extract"] = sol.extract_seconds + (time.perf_counter() - t)
    peaks["extract"] = peak_memory_mb()
    return Run(instance=inst, solve=sol, tables=tables, timings=timings, peak_mb=peaks, lp_text=lp_text)


__all__ = ["Run", "Instance", "load_config", "load_dataset", "prepare", "run_model"]
