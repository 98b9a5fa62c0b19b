"""Re-solve a sequence of models of one structure on one HiGHS object, warm from the last basis.

Each case is built from its own data (so every coefficient is the model's own, whatever input
changed) and written to an LP in memory as usual; it is then compared with the LP HiGHS holds.
Where the structure is the same (same columns and rows in the same order, same sparsity) only
the numbers that differ are changed in place — costs (`changeColsCost`), column and row bounds
(`changeColsBounds`, `changeRowsBounds`), matrix values (`changeCoeff`), the objective offset —
and HiGHS re-solves from the previous basis: primal simplex when only costs changed (the basis
stays primal feasible), dual simplex otherwise. A case of another structure (a demand case
with other rows, a ceiling that adds a row) is solved cold on its own HiGHS object, which then
becomes the warm one.
"""

from __future__ import annotations

import numpy as np
import pyomo.core as pyo

from .config import SolverOptions
from .highs_options import apply_highs_options
from .solve import SolveResult, apply_options, hand_off, run_highs

SIMPLEX_DUAL, SIMPLEX_PRIMAL = 1, 4  # HiGHS simplex_strategy values


def _arrays(lp) -> dict[str, np.ndarray]:
    return {
        "cost": np.asarray(lp.col_cost_, dtype=float), "col_lower": np.asarray(lp.col_lower_, dtype=float),
        "col_upper": np.asarray(lp.col_upper_, dtype=float), "row_lower": np.asarray(lp.row_lower_, dtype=float),
        "row_upper": np.asarray(lp.row_upper_, dtype=float), "start": np.asarray(lp.a_matrix_.start_),
        "index": np.asarray(lp.a_matrix_.index_), "value": np.asarray(lp.a_matrix_.value_, dtype=float),
        "integrality": np.asarray([int(i) for i in (lp.integrality_ or [])]),
    }


def _changed(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Indices where two float vectors differ (infinities compare equal to themselves)."""
    return np.flatnonzero(~((a == b) | (np.isnan(a) & np.isnan(b)))).astype(np.int32)


def _signature(columns: list) -> list:
    """What each LP column is: (variable component, index). LP labels are positional, so this guards
    against two models whose columns line up by count and sparsity but not by meaning. (Cheaper
    than the variables' full names, which cost seconds on `global`.)"""
    return [(var.parent_component().local_name, var.index()) if var is not None else None for var in columns]


class WarmSolver:
    """`solve(m, options)` → (SolveResult, "cold" | "warm"); values and duals are loaded into `m`."""

    def __init__(self) -> None:
        self.h = None
        self.labels: tuple[list[str], list[str]] | None = None
        self.components: list | None = None

    def _same_structure(self, lp, arrays: dict, components: list) -> bool:
        if self.h is None or (list(lp.col_names_), list(lp.row_names_)) != self.labels or components != self.components:
            return False
        held = _arrays(self.h.getLp())
        return all(np.array_equal(held[k], arrays[k]) for k in ("start", "index", "integrality"))

    def solve(self, m: pyo.ConcreteModel, options: SolverOptions) -> tuple[SolveResult, str]:
        h_new, index, seconds = hand_off(m, options)
        lp = h_new.getLp()
        arrays = _arrays(lp)
        components = _signature(index.columns)
        if not self._same_structure(lp, arrays, components):
            self.h, self.labels, self.components = h_new, (list(lp.col_names_), list(lp.row_names_)), components
            return run_highs(m, h_new, index, handoff_seconds=seconds), "cold"
        only_costs = self._patch(arrays, float(lp.offset_))
        apply_options(self.h, options)
        if not arrays["integrality"].any():
            apply_highs_options(self.h, {"solver": "simplex", "simplex_strategy": SIMPLEX_PRIMAL if only_costs else SIMPLEX_DUAL})
        return run_highs(m, self.h, index, handoff_seconds=seconds), "warm"

    def _patch(self, new: dict, offset: float) -> bool:
        """Change in place what differs from the LP HiGHS holds; True when only costs changed."""
        h = self.h
        old = _arrays(h.getLp())
        idx = _changed(old["cost"], new["cost"])
        if len(idx):
            h.changeColsCost(len(idx), idx, new["cost"][idx])
        h.changeObjectiveOffset(offset)
        cols = np.union1d(_changed(old["col_lower"], new["col_lower"]), _changed(old["col_upper"], new["col_upper"])).astype(np.int32)
        if len(cols):
            h.changeColsBounds(len(cols), cols, new["col_lower"][cols], new["col_upper"][cols])
        rows = np.union1d(_changed(old["row_lower"], new["row_lower"]), _changed(old["row_upper"], new["row_upper"])).astype(np.int32)
        if len(rows):
            h.changeRowsBounds(len(rows), rows, new["row_lower"][rows], new["row_upper"][rows])
        entries = _changed(old["value"], new["value"])
        if len(entries):
            col_of_entry = np.searchsorted(new["start"], entries, side="right") - 1
            for e, j in zip(entries, col_of_entry):
                h.changeCoeff(int(new["index"][e]), int(j), float(new["value"][e]))
        return not (len(cols) or len(rows) or len(entries))
