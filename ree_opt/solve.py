"""Solve a built model with HiGHS.

The hand-off passes the model to highspy as arrays (`ree_opt.lp_arrays`: the LP Pyomo's LP writer
would write, without the text; before, the writer's file, itself measured 35 % faster and 40 % leaner
than Pyomo's persistent interfaces: docs/benchmarks.md). `LpIndex` keeps the Pyomo component of every
HiGHS column and row in HiGHS's order; no other copy of the LP is held while HiGHS solves (memory).
Termination is checked: only an optimal solve, or a time-limited one with a feasible
incumbent (marked as such), loads values into the model.
"""

from __future__ import annotations

import ctypes
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import highspy
import pyomo.core as pyo

from .config import SolverOptions
from .highs_options import apply_highs_options, new_highs
from .infeasibility import explain as explain_infeasibility
from .interrupt import run_interruptible
from .lp_arrays import lp_arrays

_METHOD = {"choose": "choose", "simplex": "simplex", "ipm": "ipm", "pdlp": "pdlp", "auto": "choose"}
# `method: auto`: dual simplex below this many columns, IPM from here up. Measured on this project's LPs
# (docs/benchmarks.md, "Method by size"): simplex 0.87× IPM at 57.7k columns, 1.23× at 125k, 4.7× at 251k;
# the ratio crosses 1 near 80k (log-linear between the first two).
AUTO_IPM_COLUMNS = 80_000


def auto_method(columns: int) -> str:
    return "simplex" if columns < AUTO_IPM_COLUMNS else "ipm"


@dataclass
class SolveResult:
    """What the solver said. `status` is one of: optimal, <limit>_feasible, <limit>_no_solution (limit:
    time_limit, iteration_limit, solution_limit, interrupted),
    infeasible, unbounded, infeasible_or_unbounded, error, other."""

    status: str
    highs_status: str
    objective: float | None
    has_solution: bool
    is_mip: bool
    mip_gap: float | None
    handoff_seconds: float
    solve_seconds: float
    extract_seconds: float = 0.0
    size: dict[str, int] = field(default_factory=dict)
    solver_version: str = ""
    mip_objective: float | None = None  # the MIP incumbent's objective (objective is then the fixed-integer LP's)
    infeasibility: Any = None  # an infeasible LP solved with explain=True: its `infeasibility.Explanation` (or None)

    @property
    def ok(self) -> bool:
        return self.status == "optimal"


def _classify(model_status, primal_status: int) -> tuple[str, bool]:
    S = highspy.HighsModelStatus
    feasible = primal_status == 2  # kSolutionStatusFeasible
    if model_status == S.kOptimal:
        return "optimal", True
    limits = {S.kTimeLimit: "time_limit", S.kIterationLimit: "iteration_limit", S.kSolutionLimit: "solution_limit", S.kInterrupt: "interrupted"}
    if model_status in limits:  # stopped early: keep an incumbent if there is one, and say which limit
        return (f"{limits[model_status]}_feasible", True) if feasible else (f"{limits[model_status]}_no_solution", False)
    if model_status == S.kInfeasible:
        return "infeasible", False
    if model_status == S.kUnbounded:
        return "unbounded", False
    if model_status == S.kUnboundedOrInfeasible:
        return "infeasible_or_unbounded", False
    if model_status in (S.kModelEmpty,):
        return "optimal", True
    return ("other", feasible) if feasible else ("error", False)


@dataclass(frozen=True)
class LpIndex:
    """The Pyomo component behind each column and row of a hand-off, in HiGHS's order.

    `columns[j]` is the variable of column j, `rows[i]` the constraint of row i (a ranged constraint's two
    rows both name it; None would be a row or column the hand-off made itself)."""

    columns: list
    rows: list

    @cached_property
    def column_of(self) -> dict[int, int]:
        """id(variable) → column."""
        return {id(v): j for j, v in enumerate(self.columns) if v is not None}

    @cached_property
    def row_of(self) -> dict[int, int]:
        """id(constraint) → row (a ranged constraint: the later of its two rows)."""
        return {id(c): i for i, c in enumerate(self.rows) if c is not None}


def _loaded_symbols() -> ctypes.CDLL:
    """The symbols the process has already loaded: glibc's when there is one."""
    return ctypes.CDLL(None)


M_ARENA_MAX = -8  # glibc's mallopt parameter
MALLOC_ARENAS = 2


def _limit_malloc_arenas() -> None:
    """At most MALLOC_ARENAS glibc heaps for the process. HiGHS's worker threads otherwise each get an arena of their
    own, whose freed pages glibc keeps: measured on `global`, peak RSS 313 MB with glibc's default (8 per core)
    against 300–301 MB with 1 or 2, for the same solve and no loss of time. A no-op off glibc."""
    process = _loaded_symbols()
    if hasattr(process, "mallopt"):
        process.mallopt(M_ARENA_MAX, MALLOC_ARENAS)


def _release_freed_heap() -> None:
    """Give the C heap's free pages back to the system (glibc otherwise keeps what the hand-off freed,
    held through the solve; about 10 MB on `global` with the LP writer). A no-op off glibc."""
    process = _loaded_symbols()
    if hasattr(process, "malloc_trim"):
        process.malloc_trim(0)


def highs_options(options: SolverOptions) -> dict:
    """The model file's solver settings as HiGHS option names and values (one place for every solve path)."""
    out: dict = {"solver": _METHOD[options.method]}
    if options.time_limit is not None:
        out["time_limit"] = float(options.time_limit)
    if options.threads is not None:
        out["threads"] = int(options.threads)
    if options.mip_gap is not None:
        out["mip_rel_gap"] = float(options.mip_gap)
    out.update(options.extra)
    return out


def apply_options(h: highspy.Highs, options: SolverOptions) -> None:
    """Set the model file's options on `h`, each return status checked (`ree_opt.highs_options`)."""
    apply_highs_options(h, highs_options(options))


def solve_model(m: pyo.ConcreteModel, options: SolverOptions, duals: bool = True, lp_copy: Path | None = None,
                explain: bool = False) -> SolveResult:
    """Solve `m` in place with HiGHS; load primal values and (for LPs) duals into `m.dual`. With
    `explain`, an infeasible LP gets its irreducible infeasible subset (`ree_opt.infeasibility`)."""
    h, index, handoff_seconds = hand_off(m, options, lp_copy)
    return run_highs(m, h, index, duals=duals, handoff_seconds=handoff_seconds, explain=explain)


def hand_off(m: pyo.ConcreteModel, options: SolverOptions, lp_copy: Path | None = None) -> tuple[highspy.Highs, LpIndex, float]:
    """Pass `m` as arrays (`ree_opt.lp_arrays`) into a new Highs (options applied): (highs, its `LpIndex`, seconds).

    Re-solve loops keep the Highs, change bounds or costs in place and call `run_highs` again
    (a warm start from the previous basis)."""
    t0 = time.perf_counter()
    _limit_malloc_arenas()  # before HiGHS starts its threads
    arrays = lp_arrays(m)
    h = new_highs()
    apply_options(h, options)
    if h.passModel(arrays.lp) == highspy.HighsStatus.kError:
        # validated data keeps every number within ±1e9, so this is a bug, not bad input
        raise RuntimeError("HiGHS rejected the LP of a validated model")
    index = LpIndex(columns=arrays.columns, rows=arrays.rows)
    if options.method == "auto" and "solver" not in options.extra and not arrays.has_integers:  # a MIP keeps "choose"
        h.setOptionValue("solver", auto_method(h.getNumCol()))
    if lp_copy is not None:
        h.writeModel(str(lp_copy))
    del arrays
    _release_freed_heap()
    return h, index, time.perf_counter() - t0


def run_highs(m: pyo.ConcreteModel, h: highspy.Highs, index: LpIndex, duals: bool = True, handoff_seconds: float = 0.0,
              explain: bool = False, load: bool = True) -> SolveResult:
    """Run HiGHS on the model it holds (Ctrl-C and SIGTERM stop it: `ree_opt.interrupt`); classify the
    outcome and (with `load`) load values and LP duals into `m`.

    The objective is HiGHS's own (c·x + the objective's constant, HiGHS's offset), not a walk
    of the objective expression."""
    t1 = time.perf_counter()
    run_interruptible(h)
    t2 = time.perf_counter()

    info = h.getInfo()
    is_mip = info.mip_node_count >= 0
    status, has_solution = _classify(h.getModelStatus(), info.primal_solution_status)
    size = {"columns": int(h.getNumCol()), "rows": int(h.getNumRow()), "nonzeros": int(h.getNumNz())}
    result = SolveResult(
        status=status, highs_status=h.modelStatusToString(h.getModelStatus()), objective=None, has_solution=has_solution,
        is_mip=is_mip, mip_gap=None, handoff_seconds=handoff_seconds, solve_seconds=t2 - t1, size=size, solver_version=h.version(),
    )
    if is_mip:
        result.mip_gap = float(info.mip_gap)
    if has_solution:
        if load:
            _load(m, h, index, duals and not is_mip and status == "optimal")
        result.objective = float(info.objective_function_value)
    if explain and not is_mip and status in ("infeasible", "infeasible_or_unbounded"):
        result.infeasibility = explain_infeasibility(h, index.columns, index.rows)
    result.extract_seconds = time.perf_counter() - t2
    return result


def _load(m: pyo.ConcreteModel, h: highspy.Highs, index: LpIndex, with_duals: bool) -> None:
    sol = h.getSolution()
    for var, value in zip(index.columns, sol.col_value):
        if var is not None:
            var.set_value(value, skip_validation=True)
    # variables that appear in no row or objective are not in the LP: they are zero
    for var in m.component_data_objects(pyo.Var, active=True):
        if var.value is None and not var.fixed:
            var.set_value(0.0, skip_validation=True)
    if not with_duals:
        return
    if not hasattr(m, "dual"):
        m.dual = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    m.dual.clear()
    for con, value in zip(index.rows, sol.row_dual):
        if con is not None:
            m.dual[con] = value


def fixed_lp_duals(m: pyo.ConcreteModel, options: SolverOptions) -> SolveResult:
    """Marginal costs of a MIP: fix every integer variable at its (rounded) value, re-solve the LP
    for duals, unfix. The continuous part is re-optimised, so values and objective are those of
    the LP with the integer decisions of the MIP's incumbent."""
    fixed = [v for v in m.component_data_objects(pyo.Var, active=True) if not v.is_continuous() and not v.fixed]
    for v in fixed:
        v.fix(round(v.value or 0.0))
    try:
        return solve_model(m, options, duals=True)
    finally:
        for v in fixed:
            v.unfix()
