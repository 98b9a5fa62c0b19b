"""Small helpers for reading solved values into tidy tables (shared by every feature's `report`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd
from ..lazy import pyo

TOL = 1e-9  # values below this are left out of the tables that list only what is there


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def val(var) -> float:
    v = var.value
    return 0.0 if v is None else float(v)


def dual(m, con) -> float:
    """The dual of a constraint (0 where none was loaded: a MIP, or a row HiGHS never saw)."""
    return m.dual.get(con, 0.0) if hasattr(m, "dual") else 0.0


def has_duals(m) -> bool:
    return hasattr(m, "dual") and len(m.dual) > 0


def linear_sum(pairs: Sequence[tuple[Any, Any]], constant: float = 0.0):
    """b + Σ a·x over (a, x) pairs, as one LinearExpression when every x is a variable.

    Same expression as `quicksum(a * x …)` but made without an intermediate product per term
    (≈ 35 % faster on the balance rows and cost components, each a few hundred thousand terms);
    pairs holding an expression (e.g. an emissions Expression) fall back to quicksum.
    """
    from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression

    if not all(x.is_variable_type() for _a, x in pairs):
        return constant + pyo.quicksum(a * x for a, x in pairs)
    numeric = (int, float)
    # a·x with a = 1 is x itself in Pyomo's product (so the LP file says "+1 x"): keep that, skip zeros
    terms = [x if a.__class__ in numeric and a == 1 else MonomialTermExpression((a, x))
             for a, x in pairs if not (a.__class__ in numeric and a == 0)]
    if not terms:
        return constant
    return LinearExpression(([constant] if constant else []) + terms)


@dataclass
class LinearForms:
    """Named linear forms f_n(x) = b_n + Σ_i a_ni·x_i, compiled once so that reading them is a dot product.

    Built from (coefficient, term) pairs, a term being a variable or a linear expression, as the
    registry keeps cost components; coefficients holding a mutable Param (cost shocks) are kept as
    expressions and evaluated again when one of their Params moves (`MutableCoefficients`). `evaluate(x)` takes the values of `variables` in order
    (from the model: `model_values()`; from HiGHS: `Resolver.values(forms.variables)`).
    """

    names: tuple[str, ...]
    variables: list
    term_form: np.ndarray  # which form each numeric term adds to
    term_var: np.ndarray  # which variable it multiplies
    term_coef: np.ndarray
    constant: np.ndarray
    mutable_form: np.ndarray  # the terms whose coefficient holds a mutable Param (cost shocks): their form,
    mutable_var: np.ndarray  # their variable,
    mutable_coefs: "MutableCoefficients"  # and their coefficients, evaluated again when a Param moves

    @classmethod
    def compile(cls, names: Sequence[str], pairs: Mapping[str, Sequence[tuple[Any, Any]]], constants: Mapping[str, float]) -> "LinearForms":
        from pyomo.repn import generate_standard_repn

        position: dict[int, int] = {}
        variables: list = []
        forms, cols, coefs, mutable = [], [], [], []
        constant = np.array([float(constants.get(n, 0.0)) for n in names])
        numeric = (int, float)

        def place(var) -> int:
            p = position.get(id(var))
            if p is None:
                p = position[id(var)] = len(variables)
                variables.append(var)
            return p

        for f, name in enumerate(names):
            for a, term in pairs.get(name, ()):
                if term.is_variable_type() if hasattr(term, "is_variable_type") else False:
                    linear = [(a, term)]
                else:  # a linear expression (e.g. a stock level): its variables and constant, coefficients × a
                    repn = generate_standard_repn(term, compute_values=False)
                    constant[f] += float(pyo.value(a * repn.constant)) if repn.constant is not None else 0.0
                    linear = [(a * c if not (type(a) in numeric and type(c) in numeric) else float(a) * float(c), v)
                              for v, c in zip(repn.linear_vars, repn.linear_coefs)]
                for coef, var in linear:
                    if type(coef) in numeric:
                        forms.append(f)
                        cols.append(place(var))
                        coefs.append(coef)
                    else:  # holds a mutable Param: kept as an expression
                        mutable.append((f, place(var), coef))
        return cls(tuple(names), variables, np.array(forms, dtype=np.int64), np.array(cols, dtype=np.int64),
                   np.array(coefs, dtype=float), constant, np.array([f for f, _p, _a in mutable], dtype=np.int64),
                   np.array([p for _f, p, _a in mutable], dtype=np.int64), MutableCoefficients([a for _f, _p, a in mutable]))

    @classmethod
    def of_expressions(cls, names: Sequence[str], expressions: Sequence[Any]) -> "LinearForms":
        """The forms read off linear expressions (the objective's components), so no second store of their
        terms is kept while the model is solved. A `linear_sum` is read argument by argument; anything
        else through Pyomo's standard representation (coefficients holding a mutable Param stay expressions)."""
        pairs, constants = {}, {}
        for name, expr in zip(names, expressions):
            pairs[name], constants[name] = linear_terms(expr)
        return cls.compile(names, pairs, constants)

    def model_values(self) -> np.ndarray:
        """The variables' values as loaded in the model (None counts as 0)."""
        return np.fromiter((0.0 if v.value is None else v.value for v in self.variables), dtype=float, count=len(self.variables))

    def evaluate(self, x: np.ndarray | None = None) -> np.ndarray:
        """f_n(x) for every form (x: the variables' values; default: as loaded in the model)."""
        x = self.model_values() if x is None else x
        out = np.bincount(self.term_form, weights=self.term_coef * x[self.term_var], minlength=len(self.names)) + self.constant
        if len(self.mutable_var):  # in term order, one at a time (np.add.at), as a loop over the terms would
            np.add.at(out, self.mutable_form, self.mutable_coefs.values() * x[self.mutable_var])
        return out


def linear_terms(expr) -> tuple[list[tuple[Any, Any]], float]:
    """([(coefficient, variable)], constant) of a linear expression."""
    from pyomo.common.numeric_types import native_numeric_types
    from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression
    from pyomo.repn import generate_standard_repn

    if expr.__class__ in native_numeric_types:
        return [], float(expr)
    if expr.__class__ is LinearExpression:
        pairs, constant = [], 0.0
        for arg in expr.args:
            if arg.__class__ in native_numeric_types:
                constant += float(arg)
            elif arg.__class__ is MonomialTermExpression:
                pairs.append((arg.args[0], arg.args[1]))
            elif arg.is_variable_type():
                pairs.append((1.0, arg))
            else:  # not the shape linear_sum makes
                break
        else:
            return pairs, constant
    repn = generate_standard_repn(expr, compute_values=False)
    constant = 0.0 if repn.constant is None else float(pyo.value(repn.constant))
    return list(zip(repn.linear_coefs, repn.linear_vars)), constant


class MutableCoefficients:
    """Coefficient expressions holding mutable Params (cost shocks, outages), re-evaluated only when one of
    their Params has changed since the last call.

    A scenario changes a few Params, but a model can hold tens of thousands of such coefficients
    (`global_stochastic20`'s transport shock reaches 39,321 costs): evaluating all of them through Pyomo
    cost ≈ 0.2 s per scenario for each reader. Each coefficient's Params are found once; `values()`
    compares every Param's value with the last call's and evaluates again only the coefficients of those
    that moved, with the same `value()` as always, so the numbers are the same to the last bit."""

    def __init__(self, expressions: Sequence[Any]):
        from pyomo.core.expr.visitor import identify_mutable_parameters

        self.expressions = list(expressions)
        self.params: dict[int, Any] = {}  # id(ParamData) → the Param entry
        self.users: dict[int, list[int]] = {}  # id(ParamData) → the coefficients it enters
        for k, expr in enumerate(self.expressions):
            for p in identify_mutable_parameters(expr):
                self.params.setdefault(id(p), p)
                self.users.setdefault(id(p), []).append(k)
        self.seen = {pid: p.value for pid, p in self.params.items()}
        self.cached = np.array([float(pyo.value(e)) for e in self.expressions], dtype=float)

    def values(self) -> np.ndarray:
        """Every coefficient at the Params' current values (a view: copy it to keep it)."""
        changed = [pid for pid, p in self.params.items() if p.value != self.seen[pid]]
        stale = sorted({k for pid in changed for k in self.users[pid]})
        for pid in changed:
            self.seen[pid] = self.params[pid].value
        for k in stale:
            self.cached[k] = float(pyo.value(self.expressions[k]))
        return self.cached
