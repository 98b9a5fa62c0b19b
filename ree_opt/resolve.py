"""Re-solve one model in place: the model is handed to HiGHS once; loops change numbers and re-solve warm.

    rs = Resolver.hand_off(m, cfg.solver)         # one hand-off (`lp_arrays`); column/row maps made once
    rs.solve()                                    # run HiGHS (the configured method)
    rs.set_col_bounds([m.v_unmet[k]], [0.0], [d]) # change bounds, costs, row bounds by Pyomo component
    tracked = rs.track([m.p_demand, m.p_keep])    # the rows / costs these mutable Params touch
    m.p_demand[k] = 3.0; tracked.push()           # … then push their new values into HiGHS
    rs.solve(method="simplex")                    # warm dual simplex from the last basis
    rs.values([m.v_unmet[k]]), rs.duals([m.c_balance[k]]), rs.objective

Pyomo stays the one place the model is written; only the numbers a loop changes bypass it. The
maps are by object identity (`id`), built at the hand-off. Variables the LP does
not hold (fixed ones, which the hand-off turns into constants, or ones in no row) read as their
fixed value or 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import highspy
import numpy as np
import pyomo.core as pyo
from pyomo.core.expr.visitor import identify_mutable_parameters
from pyomo.repn import generate_standard_repn

from .config import SolverOptions
from .model.values import MutableCoefficients
from .solve import LpIndex, SolveResult, hand_off, run_highs

INF = highspy.kHighsInf


def _num(x) -> float:
    return float(pyo.value(x)) if x is not None else None


def _bound(x, default: float) -> float:
    return default if x is None else float(pyo.value(x))


@dataclass
class Resolver:
    """A `highspy.Highs` holding model `m`, with column and row index maps made once at hand-off."""

    m: pyo.ConcreteModel
    h: highspy.Highs
    index: LpIndex
    handoff_seconds: float = 0.0
    last: SolveResult | None = None

    @classmethod
    def hand_off(cls, m: pyo.ConcreteModel, options: SolverOptions, lp_copy=None) -> "Resolver":
        h, index, seconds = hand_off(m, options, lp_copy)
        return cls(m=m, h=h, index=index, handoff_seconds=seconds)

    @property
    def col(self) -> dict[int, int]:
        """id(VarData) → column."""
        return self.index.column_of

    @property
    def row(self) -> dict[int, int]:
        """id(ConstraintData) → row (a ranged constraint is not supported here)."""
        return self.index.row_of

    # --- index maps ---------------------------------------------------------------------------
    def cols(self, variables: Iterable) -> np.ndarray:
        """Column of each variable; -1 where the LP does not hold it."""
        return np.array([self.col.get(id(v), -1) for v in variables], dtype=np.int64)

    def rows(self, constraints: Iterable) -> np.ndarray:
        """Row of each constraint; -1 where the LP does not hold it (e.g. all its variables were fixed)."""
        return np.array([self.row.get(id(c), -1) for c in constraints], dtype=np.int64)

    # --- changes in place ---------------------------------------------------------------------
    def set_col_bounds(self, variables: Sequence, lower, upper) -> None:
        """lower[k] ≤ variables[k] ≤ upper[k] (None: unbounded); variables the LP does not hold are skipped."""
        _send(self.h.changeColsBounds, self.cols(variables), *_bounds_arrays(lower, upper, len(variables)))

    def set_row_bounds(self, constraints: Sequence, lower, upper) -> None:
        """lower[k] ≤ row of constraints[k] ≤ upper[k], on the row as written (the body's constants moved right)."""
        _send(self.h.changeRowsBounds, self.rows(constraints), *_bounds_arrays(lower, upper, len(constraints)))

    def set_costs(self, variables: Sequence, costs) -> None:
        _send(self.h.changeColsCost, self.cols(variables), np.asarray(costs, dtype=float))

    def track(self, params: Sequence, cost_terms: Sequence | None = None) -> "Tracked":
        """The rows, matrix coefficients and costs the mutable Param components `params` reach (found once).

        `cost_terms`: the objective's (variable, coefficient expression) pairs that hold these Params, when the
        caller knows them (e.g. the `LinearForms.mutable_coefs` of the cost components) — saves walking the objective."""
        return Tracked.compile(self, params, cost_terms)

    # --- solve and read -----------------------------------------------------------------------
    def solve(self, method: str | None = None) -> SolveResult:
        """Run HiGHS from its current basis (`method`, e.g. "simplex", overrides the solver option from now on).
        Nothing is loaded into the model: read with `values`, `duals`, `objective` or `load`."""
        if method is not None:
            self.h.setOptionValue("solver", method)
        self.last = run_highs(self.m, self.h, self.index, load=False, handoff_seconds=self.handoff_seconds)
        return self.last

    @property
    def objective(self) -> float:
        return float(self.h.getInfo().objective_function_value)

    def col_values(self) -> np.ndarray:
        return np.asarray(self.h.getSolution().col_value)

    def values(self, variables: Sequence, cols: np.ndarray | None = None) -> np.ndarray:
        """Solved values: from HiGHS for columns, the fixed value (or 0) for variables the LP does not hold.
        `cols` = `self.cols(variables)`, made once by a loop that reads the same variables again and again."""
        x = self.col_values()
        j = self.cols(variables) if cols is None else cols
        out = x[np.maximum(j, 0)] if len(x) else np.zeros(len(j))
        for k in np.flatnonzero(j < 0):
            v = variables[k]
            out[k] = (v.value or 0.0) if v.fixed else 0.0
        return out

    def duals(self, constraints: Sequence) -> np.ndarray:
        y = np.asarray(self.h.getSolution().row_dual)
        i = self.rows(constraints)
        return np.where(i >= 0, y[np.maximum(i, 0)] if len(y) else 0.0, 0.0)

    def load(self, variables: Sequence = (), constraints: Sequence = ()) -> None:
        """Load these variables' values (and these constraints' duals, into `m.dual`) into the Pyomo model."""
        for v, x in zip(variables, self.values(variables)):
            if not v.fixed:
                v.set_value(float(x), skip_validation=True)
        if constraints:
            if not hasattr(self.m, "dual"):
                self.m.dual = pyo.Suffix(direction=pyo.Suffix.IMPORT)
            self.m.dual.clear()
            for c, y in zip(constraints, self.duals(constraints)):
                self.m.dual[c] = float(y)


def _send(change, index: np.ndarray, *values: np.ndarray) -> None:
    """change(count, index, values…) for the entries whose index is in the LP (≥ 0)."""
    keep = index >= 0
    if keep.any():
        change(int(keep.sum()), index[keep], *(v[keep] for v in values))


def _bounds_arrays(lower, upper, n: int) -> tuple[np.ndarray, np.ndarray]:
    lo = np.array([-INF if x is None else x for x in lower], dtype=float) if lower is not None else np.full(n, -INF)
    up = np.array([INF if x is None else x for x in upper], dtype=float) if upper is not None else np.full(n, INF)
    return lo, up


@dataclass
class Tracked:
    """Where some mutable Params enter the LP: rows (bounds, coefficients) and objective costs.

    Row i of `lo ≤ Σ a_j(p)·x_j + b(p) ≤ up` becomes `lo − b(p) ≤ Σ a_j(p)·x_j ≤ up − b(p)` as the hand-off
    made it; `push` re-evaluates b(p), the bounds and the p-dependent a_j and sends them to HiGHS.
    Costs are pushed as the change since `track`: c_j = c_j(at track) + Σ (a(p) − a(p at track)) — so call
    `track` right after the hand-off, and do not also `set_costs` on a column whose cost holds a tracked Param.
    """

    rs: Resolver
    rows: list[tuple[int, object, object, object, list[tuple[int, object]]]] = field(default_factory=list)  # (row, lower, upper, constant, [(col, coef)])
    cost_cols: np.ndarray | None = None  # the column of each Param-dependent cost term,
    cost_coefs: MutableCoefficients | None = None  # its coefficient a(p),
    cost_at_track: np.ndarray | None = None  # and a(p) when tracked (in HiGHS's costs since the hand-off)
    base_cost: np.ndarray | None = None

    @classmethod
    def compile(cls, rs: Resolver, params: Sequence, cost_terms: Sequence | None = None) -> "Tracked":
        ids = {id(p) for comp in params for p in comp.values()}
        out = cls(rs=rs)
        if not ids:
            return out
        for con in rs.m.component_data_objects(pyo.Constraint, active=True, descend_into=True):
            if id(con) not in rs.row or not any(id(p) in ids for p in identify_mutable_parameters(con.expr)):
                continue
            if con.has_lb() and con.has_ub() and not con.equality:  # the hand-off makes it two rows
                raise NotImplementedError(f"{con.name}: a ranged constraint holding a tracked Param cannot be re-solved in place")
            repn = generate_standard_repn(con.body, compute_values=False)
            coefs = [(rs.col[id(v)], a) for v, a in zip(repn.linear_vars, repn.linear_coefs)
                     if id(v) in rs.col and not isinstance(a, (int, float))]
            out.rows.append((rs.row[id(con)], con.lower, con.upper, repn.constant, coefs))
        if cost_terms is not None:
            terms = [(rs.col[id(v)], a) for v, a in cost_terms if id(v) in rs.col]
        else:
            terms = [t for obj in rs.m.component_data_objects(pyo.Objective, active=True) for t in out._cost_terms(obj.expr, ids)]
        if terms:
            out.cost_cols = np.array([j for j, _a in terms], dtype=np.int64)
            out.cost_coefs = MutableCoefficients([a for _j, a in terms])
            out.cost_at_track = out.cost_coefs.values().copy()
        out.base_cost = np.asarray(rs.h.getLp().col_cost_, dtype=float)
        return out

    def _cost_terms(self, expr, ids: set[int]) -> list[tuple[int, object]]:
        """(column, coefficient) of the objective's p-dependent terms, found in its top-level sum's parts that hold
        a tracked Param."""
        parts = expr.args if isinstance(expr, pyo.expr.SumExpression) else [expr]
        terms = []
        for part in parts:
            if not any(id(p) in ids for p in identify_mutable_parameters(part)):
                continue
            repn = generate_standard_repn(part, compute_values=False)
            terms += [(self.rs.col[id(v)], a) for v, a in zip(repn.linear_vars, repn.linear_coefs)
                      if id(v) in self.rs.col and not isinstance(a, (int, float))]
        return terms

    def push(self) -> None:
        """Send the tracked Params' current values into HiGHS (bounds, coefficients, costs)."""
        h = self.rs.h
        if self.rows:
            idx, lo, up = [], [], []
            for i, lower, upper, const, coefs in self.rows:
                b = _num(const) if not isinstance(const, (int, float)) else float(const)
                idx.append(i)
                lo.append(_bound(lower, -INF) - b)
                up.append(_bound(upper, INF) - b)
                for j, a in coefs:
                    h.changeCoeff(i, j, float(pyo.value(a)))
            h.changeRowsBounds(len(idx), np.array(idx), np.array(lo), np.array(up))
        if self.cost_coefs is not None:
            cost = self.base_cost.copy()
            np.add.at(cost, self.cost_cols, self.cost_coefs.values() - self.cost_at_track)  # term by term, in order
            cols = np.unique(self.cost_cols)
            h.changeColsCost(len(cols), cols, cost[cols])
