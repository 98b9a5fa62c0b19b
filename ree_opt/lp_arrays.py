"""A built model as HiGHS's LP arrays: the hand-off without an LP file.

The LP is the one Pyomo's LP writer would write, number for number, minus the writer's constant
column (its objective constant goes to HiGHS's offset instead):
- every active constraint lb ≤ body ≤ ub with body = Σ_j a_j·x_j + b (fixed variables are constants)
  is a row lb − b ≤ Σ_j a_j·x_j ≤ ub − b; a ranged one is two rows (≥, then ≤), one whose variables
  all cancel stays as an empty row;
- columns are the unfixed variables in the writer's order (`_Order`), with their bounds and, for
  integer domains, integrality; the objective c·x + c0 gives the costs and the offset;
- coefficients and constants are summed and scaled in the writer's order (`_Form`).
Same LP, same solve: this model's optimum is degenerate, and ulp-level differences in a few row
bounds were enough to move HiGHS to another optimal vertex (other builds and flows at the same cost).

Why not the writer itself: it formats ~340k terms as text that HiGHS parses back. The hand-off of
`global` took 1.78 s that way and takes 1.11 s this way (medians; docs/benchmarks.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import pyomo.core as pyo
from pyomo.common.numeric_types import native_numeric_types
from pyomo.core.base.component import SortComponents
from pyomo.core.expr.numeric_expr import (DivisionExpression, LinearExpression, MonomialTermExpression, NegationExpression,
                                          ProductExpression, SumExpression)

INF = highspy.kHighsInf


class NotLinear(ValueError):
    """A row or the objective is not linear in the variables (the model is an LP or MIP by construction,
    so this is a bug in a feature's build, not bad input)."""


@dataclass
class LpArrays:
    """The LP and the Pyomo component behind each column and row, in HiGHS's order."""

    lp: highspy.HighsLp
    columns: list  # VarData of column j
    rows: list  # ConstraintData of row i
    has_integers: bool


class _Order:
    """The order Pyomo's LP writer gives the variables, so that HiGHS gets the same LP either way.

    The writer numbers a variable's whole component, index by index, the first time it meets one of
    its unfixed variables (objective first, then the rows); a row lists its terms in that order, and
    HiGHS numbers columns by first appearance."""

    __slots__ = ("rank", "unfixed")

    def __init__(self):
        self.rank: dict[int, int] = {}  # id(var) → the writer's number
        self.unfixed: dict[int, object] = {}  # id(var) → var, every unfixed variable numbered so far

    def record(self, var) -> None:
        try:
            members = var.parent_component().values(SortComponents.ORDERED_INDICES)
        except AttributeError:
            members = (var,)
        for v in members:
            self.rank[id(v)] = len(self.rank)
            if not v.fixed:
                self.unfixed[id(v)] = v


class _Form:
    """A linear form m·(Σ a·x + b) as Pyomo's linear visitor builds it: coefficients by id(variable), a
    constant and a pending multiplier m (from a product or negation), applied when the form is added
    into a sum or finished. Same operations in the same order as the visitor, so the LP's numbers are
    the writer's to the last bit (see the module's docstring for why that matters)."""

    __slots__ = ("linear", "constant", "multiplier")

    def __init__(self):
        self.linear: dict[int, float] = {}
        self.constant = 0
        self.multiplier = 1

    def append(self, other) -> None:
        """self += other (a number, or a form)."""
        if other.__class__ is not _Form:
            self.constant += other
            return
        mult, linear = other.multiplier, self.linear
        if mult == 1:
            self.constant += other.constant
            for vid, coef in other.linear.items():
                linear[vid] = linear[vid] + coef if vid in linear else coef
        elif mult:
            if other.constant:
                self.constant += mult * other.constant
            for vid, coef in other.linear.items():
                linear[vid] = linear[vid] + mult * coef if vid in linear else mult * coef

    def finish(self) -> "_Form":
        """Apply the multiplier and drop exact zeros (what the writer writes)."""
        mult = self.multiplier
        if mult != 1:
            self.constant = mult * self.constant if self.constant else self.constant
            self.linear = {vid: mult * c for vid, c in self.linear.items()} if mult else {}
            self.multiplier = 1
        self.linear = {vid: c for vid, c in self.linear.items() if c}
        return self


class _Walker:
    """Reads linear expressions into `_Form`s, numbering variables as the writer does (`_Order`)."""

    def __init__(self, order: _Order):
        self.order = order
        self.named: dict[int, object] = {}  # id(Expression) → its form (or number), read once

    def record(self, form: _Form, coef, var) -> None:
        """form += coef·var (a fixed variable is a constant)."""
        vid = id(var)
        if vid not in self.order.unfixed:
            if var.fixed:
                form.constant += coef * var.value
                return
            self.order.record(var)
        linear = form.linear
        if vid in linear:
            linear[vid] += coef
        elif coef:
            linear[vid] = coef

    def form(self, expr) -> _Form:
        """The finished form of a linear expression."""
        out = self.walk(expr)
        if out.__class__ is not _Form:
            number, out = out, _Form()
            out.constant = number
            return out
        return out.finish()

    def walk(self, expr):
        """A number (the expression is constant) or a `_Form` with a pending multiplier."""
        cls = expr.__class__
        if cls in native_numeric_types:
            return expr
        if cls is LinearExpression:
            return self._linear(expr)
        if cls is MonomialTermExpression or expr.is_variable_type():
            c, var = expr.args if cls is MonomialTermExpression else (1, expr)
            out = _Form()
            self.record(out, c if c.__class__ in native_numeric_types else pyo.value(c), var)
            return out if out.linear else out.constant
        if not expr.is_potentially_variable():  # a parameter or an expression of them
            return pyo.value(expr)
        if expr.is_named_expression_type():  # an Expression component: read once, then copied
            known = self.named.get(id(expr))
            if known is None:
                known = self.named[id(expr)] = self.walk(expr.expr)
            if known.__class__ is not _Form:
                return known
            copy = _Form()
            copy.linear, copy.constant, copy.multiplier = dict(known.linear), known.constant, known.multiplier
            return copy
        if cls is SumExpression:
            out = _Form()
            for arg in expr.args:
                out.append(self.walk(arg))
            return out if out.linear else out.constant
        return self._scaled(expr, cls)

    def _linear(self, expr: LinearExpression):
        """A LinearExpression (the balance rows and cost components): numbers summed apart, as the visitor does."""
        out, const = _Form(), 0
        for arg in expr.args:
            arg_cls = arg.__class__
            if arg_cls is MonomialTermExpression:
                c, var = arg.args
                self.record(out, c if c.__class__ in native_numeric_types else pyo.value(c), var)
            elif arg_cls in native_numeric_types:
                const += arg
            elif arg.is_variable_type():
                self.record(out, 1, arg)
            else:
                const += pyo.value(arg)
        out.constant += const
        return out if out.linear else out.constant

    def _scaled(self, expr, cls):
        """−f, a·f, f·a and f/a for a constant a: the multiplier of f's form changes (the visitor's way)."""
        if cls is NegationExpression:
            inner = self.walk(expr.args[0])
            if inner.__class__ is not _Form:
                return -1 * inner
            inner.multiplier *= -1
            return inner
        if cls is ProductExpression:
            left, right = self.walk(expr.args[0]), self.walk(expr.args[1])
            if left.__class__ is not _Form and right.__class__ is not _Form:
                return left * right
            if left.__class__ is not _Form:
                right.multiplier *= left
                return right
            if right.__class__ is not _Form:
                left.multiplier *= right
                return left
        if cls is DivisionExpression:
            top, bottom = self.walk(expr.args[0]), self.walk(expr.args[1])
            if bottom.__class__ is not _Form:
                if top.__class__ is not _Form:
                    return top / bottom
                top.multiplier /= bottom
                return top
        raise NotLinear(f"not linear (or not a form this hand-off reads): {expr}")


def _bound(value, default: float) -> float:
    return default if value is None else float(value)


def _rows(m: pyo.ConcreteModel, walker: _Walker) -> list[tuple[object, _Form, float, float]]:
    """(constraint, body, lower, upper) of every row, as the writer makes them."""
    rows = []
    for con in m.component_data_objects(pyo.Constraint, active=True, descend_into=True, sort=SortComponents.ORDERED_INDICES):
        lb, body_expr, ub = con.to_bounded_expression(evaluate_bounds=True)
        if lb is None and ub is None:
            continue
        body = walker.form(body_expr)
        b = body.constant
        if lb is not None and ub is not None and lb != ub:  # ranged: two rows, ≥ then ≤
            rows += [(con, body, lb - b, INF), (con, body, -INF, ub - b)]
        else:  # (an empty row stays: HiGHS then judges its constant, infeasible or not)
            rows.append((con, body, -INF if lb is None else lb - b, INF if ub is None else ub - b))
    return rows


def _set_matrix(lp: highspy.HighsLp, bodies: list[_Form], column: dict[int, int]) -> None:
    """The rows' coefficients into `lp`, column-wise (a stable sort of (row, column, value) on the column).
    Tiny leftovers of cancelling terms go in too: HiGHS drops them (small_matrix_value) as it does when
    reading the writer's file."""
    row_index, col_index, values = [], [], []
    for i, body in enumerate(bodies):
        for vid, c in body.linear.items():
            row_index.append(i)
            col_index.append(column[vid])
            values.append(c)
    n, r = len(column), len(bodies)
    col_index = np.asarray(col_index, dtype=np.int64)
    by_column = np.argsort(col_index, kind="stable")
    col_start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(col_index, minlength=n), out=col_start[1:])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, r
    lp.a_matrix_.start_ = col_start.astype(np.int32)
    lp.a_matrix_.index_ = np.asarray(row_index, dtype=np.int32)[by_column]
    lp.a_matrix_.value_ = np.asarray(values, dtype=float)[by_column]


def lp_arrays(m: pyo.ConcreteModel) -> LpArrays:
    """The LP of `m` (one active objective at most) as HiGHS arrays, column-wise."""
    order = _Order()
    objectives = list(m.component_data_objects(pyo.Objective, active=True, descend_into=True, sort=SortComponents.ORDERED_INDICES))
    if len(objectives) > 1:
        raise ValueError(f"{len(objectives)} active objectives; HiGHS takes one")
    walker = _Walker(order)
    objective = walker.form(objectives[0].expr) if objectives else _Form()
    rows = _rows(m, walker)
    bodies = [body for _c, body, _l, _u in rows]

    # columns by first appearance, each form's terms in the writer's order (see _Order)
    column: dict[int, int] = {}
    rank = order.rank.__getitem__
    for form in [objective] + bodies:
        for vid in sorted(form.linear, key=rank):
            if vid not in column:
                column[vid] = len(column)
    variables = [order.unfixed[vid] for vid in column]

    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(variables), len(rows)
    cost = np.zeros(len(variables))
    for vid, c in objective.linear.items():
        cost[column[vid]] = c
    lp.col_cost_ = cost
    lp.offset_ = objective.constant
    lp.sense_ = highspy.ObjSense.kMaximize if objectives and objectives[0].sense == pyo.maximize else highspy.ObjSense.kMinimize
    lp.col_lower_ = np.array([_bound(v.lb, -INF) for v in variables], dtype=float)
    lp.col_upper_ = np.array([_bound(v.ub, INF) for v in variables], dtype=float)
    lp.row_lower_ = np.array([lo for _c, _b, lo, _u in rows], dtype=float)
    lp.row_upper_ = np.array([up for _c, _b, _l, up in rows], dtype=float)
    _set_matrix(lp, bodies, column)
    integer = [v.is_integer() for v in variables]
    has_integers = any(integer)
    if has_integers:
        lp.integrality_ = [highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous for i in integer]
    lp.col_names_ = [f"x{j + 1}" for j in range(len(variables))]
    lp.row_names_ = [f"c{i + 1}" for i in range(len(rows))]
    return LpArrays(lp=lp, columns=variables, rows=[con for con, _b, _l, _u in rows], has_integers=has_integers)
