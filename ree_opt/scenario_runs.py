"""Many scenarios on one model: handed to HiGHS once, each scenario changed in place and re-solved warm.

For scenario s: column bounds (unmet ≤ d_s, banned shipments ≤ 0), the rows and costs the mutable
Params p_keep, p_demand, p_cost_factor reach (balance right-hand sides, keep·avail·cap, the
demand inside min-share, stockpile and end-of-life rows, cost shocks), then dual simplex (devex
pricing) from the basis of the first solve. Every scenario starts from that same basis, so an outcome does not
depend on which scenarios ran before it in the same process — `map_scenarios` can hand them out
to worker processes (each with its own copy of the model and Highs), in whatever order they fall
free, and get the serial answer.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence

import highspy

from .config import Scenario
from .errors import SolveError
from .model import objective
from .model.disruption import Effects
from .pipeline import Instance
from .resolve import Resolver
from .solve import SolveResult

SCENARIO_PARAMS = ("p_keep", "p_demand", "p_cost_factor")
# Warm re-solves price by devex unless the model file says otherwise: on `global_stochastic20`'s 19
# disruptions 35.4 s of HiGHS against 50.3 s with HiGHS's default choice, fewer iterations on every
# disruption of `global_stochastic` too; costs equal to 5e-13, marginal costs another optimal dual at
# 19 of 3,064 active rows (≤ 0.12 USD/kg) (docs/benchmarks.md, seventh session).
DUAL_PRICING, DEVEX = "simplex_dual_edge_weight_strategy", 1


class ScenarioSolver:
    """`inst.model` (first stage fixed or not) in one Highs, solved once as built (for the basis every scenario
    starts from); `solve(scenario)` re-solves it under that scenario."""

    def __init__(self, inst: Instance):
        self.inst = inst
        m = inst.model
        self.rs = Resolver.hand_off(m, inst.cfg.solver)
        self.forms = objective.cost_forms(m, inst.registry)
        # the objective is Σ of the cost forms, so its Param-dependent coefficients are the forms' mutable terms
        self.tracked = self.rs.track([getattr(m, name) for name in SCENARIO_PARAMS if hasattr(m, name)],
                                     cost_terms=[(self.forms.variables[p], a) for p, a in zip(self.forms.mutable_var, self.forms.mutable_coefs.expressions)])
        self.form_cols = self.rs.cols(self.forms.variables)
        self.balance = list(m.c_balance.values())
        self.reported = list(m.v_unmet.values()) + list(m.v_dispose.values())
        first = self.rs.solve()
        if not first.has_solution:
            raise SolveError(f"model '{inst.cfg.name}' as built: {first.status} ({first.highs_status})")
        self.base_basis = self.rs.h.getBasis()
        self.rs.h.setOptionValue("solver", "simplex")  # warm re-solves: dual simplex (docs/benchmarks.md)
        if DUAL_PRICING not in inst.cfg.solver.extra:
            self.rs.h.setOptionValue(DUAL_PRICING, DEVEX)

    def solve(self, scenario: Scenario | Effects) -> SolveResult:
        """Apply the scenario in place and re-solve from the basis of the model as built."""
        changed = self.inst.apply(scenario)
        self.rs.set_col_bounds(changed, [v.lb for v in changed], [v.ub for v in changed])
        self.tracked.push()
        self.rs.h.clearSolver()  # no factorisation or edge weights carried over from an earlier scenario: the same
        self.rs.h.setBasis(self.base_basis)  # start whatever ran before, so workers agree with a serial run bit for bit
        return self.rs.solve()

    def in_worker(self) -> None:
        """In a forked worker: one HiGHS thread (dual simplex is serial; the cores belong to the other workers)."""
        self.rs.h.setOptionValue("threads", 1)

    def costs(self):
        """Cost components (MUSD, discounted) of the last solve, from the column values."""
        return self.forms.evaluate(self.rs.values(self.forms.variables, self.form_cols))

    def load_reported(self, with_duals: bool) -> None:
        """Load what a stress outcome reports into the model: unmet, disposal, balance duals."""
        self.rs.load(self.reported, self.balance if with_duals else ())
        if not with_duals and hasattr(self.inst.model, "dual"):
            self.inst.model.dual.clear()


_JOB: tuple | None = None  # (solver, per_scenario, scenarios): inherited by forked workers


def _start_worker() -> None:
    # A forked child inherits HiGHS's global thread scheduler but not its threads: once the parent has run
    # HiGHS, the child's first parallel task would wait forever (checked with a MIP) unless the scheduler is reset.
    highspy.Highs.resetGlobalScheduler(False)
    _JOB[0].in_worker()


def _run_one(i: int) -> object:
    solver, per_scenario, scenarios = _JOB
    return per_scenario(solver, scenarios[i])


def map_scenarios(solver: ScenarioSolver, per_scenario: Callable[[ScenarioSolver, Scenario], object],
                  scenarios: Sequence[Scenario], workers: int = 1, progress: Callable[[str], None] | None = None) -> list:
    """[per_scenario(solver, s) for s in scenarios]. With workers > 1, forked processes re-solve their own copy
    of `solver` (model, Highs and basis made once, here; copied on write), each taking the next scenario
    when it falls free — re-solves take 0.05–5 s on `global`, so a fixed split would leave a worker idle —
    so set-up is paid once and only results are pickled back."""
    global _JOB
    workers = max(1, min(workers, len(scenarios)))
    if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        out = []
        for sc in scenarios:
            out.append(per_scenario(solver, sc))
            if progress is not None:
                progress(sc.name)
        return out
    _JOB = (solver, per_scenario, list(scenarios))
    results = []
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_start_worker) as pool:
            for sc, res in zip(scenarios, pool.map(_run_one, range(len(scenarios)))):  # in order, one task each
                results.append(res)
                if progress is not None:
                    progress(sc.name)
    finally:
        _JOB = None
    return results


def objective_of(solver: ScenarioSolver, sc: Scenario) -> float:
    """The optimal objective of one scenario (wait-and-see: nothing fixed)."""
    sol = solver.solve(sc)
    if not sol.ok:
        raise SolveError(f"scenario '{sc.name}': {sol.status} ({sol.highs_status})")
    return float(sol.objective)


__all__ = ["ScenarioSolver", "map_scenarios", "objective_of"]
