"""Cost–emissions Pareto front by the ε-constraint method.

min cost  s.t.  E_q = Σ_t L_t Σ_r em[r,q,t] ≤ ε_i,   ε_i evenly spaced from E_q(min cost) down to E_q^min

1. min cost → the front's cheap end (E_max, C_min).
2. min E_q with the demand the chain does not serve — unmet demand and demand response (thrift, motor
   switching, deferral) — held at most at its min-cost level → E_min. Otherwise not making magnets
   would be the cleanest plan; and the model counts no emissions of what replaces them.
3. for each ε_i: min cost s.t. E_q ≤ ε_i (a mutable bound on one model, re-solved), with that demand
   still held (`hold_demand`, the default: the front is the supply chain's abatement at equal service).
   With `hold_demand=False` only step 2 holds unmet demand, as before demand response existed, and
   the points may buy emission cuts by serving less (at the response steps' costs).
The first point is the min-cost plan, the last the cheapest plan at E_min.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import highspy
import numpy as np
import pandas as pd
import pyomo.core as pyo
from pyomo.repn import generate_standard_repn

from .config import ModelConfig
from .data import ModelData, load_dataset
from .errors import ConfigError, SolveError
from .highs_options import apply_highs_options
from .model import environment, objective
from .pipeline import Instance
from .solve import LpIndex, hand_off, run_highs

SIMPLEX_DUAL, SIMPLEX_PRIMAL = 1, 4  # HiGHS simplex_strategy values
RELATIVE_SLACK = 1e-9  # ε is loosened by this share so that the exact end point stays feasible


@dataclass
class Front:
    cfg: ModelConfig
    data: ModelData
    metric: str
    points: pd.DataFrame  # point, epsilon, emissions, cost, status, units
    costs: pd.DataFrame  # point, component, value, unit
    seconds: float
    warnings: list[str]
    hold_demand: bool = True


def _columns(index: LpIndex, expr) -> tuple[list[int], list[float]]:
    """Column indices and coefficients of a linear Pyomo expression in the model HiGHS holds."""
    col_of = index.column_of
    repn = generate_standard_repn(expr, compute_values=True)
    pairs = [(col_of[id(v)], float(c)) for v, c in zip(repn.linear_vars, repn.linear_coefs) if id(v) in col_of]
    return [j for j, _c in pairs], [c for _j, c in pairs]


def _not_served(index: LpIndex, inst: Instance, with_response: bool) -> list[int]:
    """Columns of demand the chain does not serve: unmet demand, and (`with_response`) demand response."""
    reg = inst.registry
    variables = [reg.unmet[k] for k in reg.unmet] + ([v for key in sorted(reg.response) for v in reg.response[key]] if with_response else [])
    return sorted({index.column_of[id(v)] for v in variables if id(v) in index.column_of})


def _min_emissions(h, index: LpIndex, inst: Instance, total, solve, metric: str, hold_demand: bool) -> float:
    """min E_q with the demand not served (unmet, and with `hold_demand` demand response) held at most at
    its min-cost level, in place on `h`; costs are restored after, and the held bounds too unless `hold_demand`."""
    lp = h.getLp()
    cost, offset = list(lp.col_cost_), float(lp.offset_)
    held_cols = _not_served(index, inst, with_response=hold_demand)
    old_upper = [lp.col_upper_[j] for j in held_cols]
    values = h.getSolution().col_value
    if held_cols:
        h.changeColsBounds(len(held_cols), held_cols, [lp.col_lower_[j] for j in held_cols], [values[j] + 1e-9 for j in held_cols])
    em_cols, em_coefs = _columns(index, total)
    h.changeColsCost(len(cost), list(range(len(cost))), [0.0] * len(cost))
    h.changeColsCost(len(em_cols), em_cols, em_coefs)
    h.changeObjectiveOffset(0.0)
    low = solve()
    if not low.has_solution:
        raise SolveError(f"pareto (min {metric}): solver status {low.status} ({low.highs_status}); no solution")
    e_min = float(pyo.value(total))
    h.changeColsCost(len(cost), list(range(len(cost))), cost)
    h.changeObjectiveOffset(offset)
    if held_cols and not hold_demand:
        h.changeColsBounds(len(held_cols), held_cols, [lp.col_lower_[j] for j in held_cols], old_upper)
    return e_min


def trace_front(cfg: ModelConfig, metric: str = "co2e", points: int = 5, data: ModelData | None = None,
                progress: Callable[[str], None] | None = None, hold_demand: bool = True) -> Front:
    """Trace `points` points of the cost–`metric` front (points ≥ 2 includes both end points); `hold_demand`:
    unmet demand and demand response stay at most at their min-cost levels along the whole front.

    The model is handed to HiGHS once; each step changes costs or bounds in place and re-solves
    from the previous basis (dual simplex for LPs), as measured best for re-solve loops (docs/benchmarks.md).
    """
    if points < 2:
        raise ConfigError(f"--points must be at least 2, got {points}")
    t0 = time.perf_counter()
    step = progress or (lambda _msg: None)
    data = data if data is not None else load_dataset(cfg.dataset)
    inst = Instance.create(cfg, data)
    m = inst.model
    pollutants = inst.prepared.of(environment).pollutants
    if metric not in pollutants:
        known = ", ".join(pollutants) or "none (process_emissions.csv has no intensity for any process in the model)"
        raise ConfigError(f"--metric {metric}: no process emits it in {data.origin}; pollutants with intensities: {known}")
    total = m.e_emissions_total[metric]
    m.c_pareto = pyo.Constraint(expr=total <= 0.0)  # placeholder bound, set in HiGHS below
    h, index, _seconds = hand_off(m, cfg.solver)
    row = index.row_of[id(m.c_pareto)]
    inf = highspy.kHighsInf

    def run(changed: str):
        """Re-solve from the last basis: primal simplex after a cost change (the basis stays primal
        feasible), dual simplex after a bound change (it stays dual feasible)."""
        if changed != "first":
            apply_highs_options(h, {"solver": "simplex", "simplex_strategy": SIMPLEX_PRIMAL if changed == "costs" else SIMPLEX_DUAL})
        return run_highs(m, h, index, duals=False)

    h.changeRowBounds(row, -inf, inf)
    first = run("first")
    if not first.has_solution:
        raise SolveError(f"pareto (min cost): solver status {first.status} ({first.highs_status}); no solution")
    e_max = float(pyo.value(total))
    min_cost_basis = h.getBasis()
    step(f"min cost: {metric} {e_max:,.3f} kt")

    e_min = _min_emissions(h, index, inst, total, lambda: run("costs"), metric, hold_demand)
    step(f"min {metric}: {e_min:,.3f} kt")
    if not first.is_mip:
        h.setBasis(min_cost_basis)  # the first point is the min-cost plan: start from its basis

    rows, cost_rows = [], []
    for i, eps in enumerate(np.linspace(e_max, e_min, points)):
        h.changeRowBounds(row, -inf, float(eps) + RELATIVE_SLACK * max(1.0, abs(float(eps))))
        sol = run("bounds")
        ok = sol.has_solution
        rows.append({"point": i, "epsilon": float(eps), "emissions": float(pyo.value(total)) if ok else None,
                     "cost": sol.objective if ok else None, "status": sol.status,
                     "emissions_unit": "kt (horizon total)", "cost_unit": "MUSD (discounted)"})
        if ok:
            forms = objective.cost_forms(m, inst.registry)
            cost_rows += [{"point": i, "component": n, "value": float(v), "unit": "MUSD (discounted)"} for n, v in zip(forms.names, forms.evaluate())]
        step(f"point {i + 1}/{points}: ε = {eps:,.3f} kt, {sol.status}")
    return Front(cfg=cfg, data=data, metric=metric, points=pd.DataFrame(rows), costs=pd.DataFrame(cost_rows, columns=["point", "component", "value", "unit"]),
                 seconds=time.perf_counter() - t0, warnings=inst.warnings, hold_demand=hold_demand)


def plot_front(front: Front, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ok = front.points.dropna(subset=["emissions", "cost"])
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(ok["emissions"], ok["cost"], marker="o")
    ax.set_xlabel(f"{front.metric}, kt over the horizon")
    ax.set_ylabel("discounted cost, MUSD")
    ax.set_title(f"{front.cfg.name}: cost vs {front.metric} (ε-constraint)")
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def write_front(front: Front, out_dir: Path | None = None) -> Path:
    """Write runs/<name>/pareto-<metric>/<timestamp>/ atomically: pareto.csv, pareto_costs.csv, pareto.png, config, manifest."""
    from .runs import write

    parent = Path(out_dir if out_dir is not None else front.cfg.output_dir) / front.cfg.name / f"pareto-{front.metric}"
    statuses = sorted(set(front.points["status"]))
    manifest = {"status": "optimal" if statuses == ["optimal"] else "not_optimal", "metric": front.metric, "points": len(front.points),
                "statuses": statuses, "seconds": round(front.seconds, 3),
                "hold_demand": front.hold_demand}
    return write("pareto", parent, {"pareto": front.points, "pareto_costs": front.costs}, manifest, cfg=front.cfg, data=front.data,
                 figures={"pareto.png": lambda path: plot_front(front, path)})
