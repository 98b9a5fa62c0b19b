"""The re-solve-in-place API (ree_opt.resolve) on a two-variable LP whose optimum is written down by hand."""

from __future__ import annotations

import pyomo.environ as pyo
import pytest

from ree_opt.config import SolverOptions
from ree_opt.resolve import Resolver


def _lp():
    # min x + 2y  s.t.  x + y ≥ p (p = 3),  0 ≤ x ≤ 2,  y ≥ 0,  and k·x ≤ 10 (k = 1, never binding at first)
    m = pyo.ConcreteModel()
    m.p = pyo.Param(mutable=True, initialize=3.0)
    m.k = pyo.Param(mutable=True, initialize=1.0)
    m.x = pyo.Var(bounds=(0, 2))
    m.y = pyo.Var(bounds=(0, None))
    m.c = pyo.Constraint(expr=m.x + m.y >= m.p)
    m.d = pyo.Constraint(expr=m.k * m.x <= 10)
    m.obj = pyo.Objective(expr=m.x + 2 * m.y)
    return m


def test_bounds_costs_rows_and_tracked_params_by_hand():
    m = _lp()
    rs = Resolver.hand_off(m, SolverOptions(method="simplex"))
    tracked = rs.track([m.p, m.k])
    # x is cheaper: x = 2, y = 1, cost 4; one more unit of p costs y's 2
    assert rs.solve().ok and rs.objective == pytest.approx(4.0)
    assert list(rs.values([m.x, m.y])) == pytest.approx([2.0, 1.0])
    assert abs(rs.duals([m.c])[0]) == pytest.approx(2.0)
    # cost of x 3 > 2: all y, y = 3, cost 6
    rs.set_costs([m.x], [3.0])
    assert rs.solve().ok and rs.objective == pytest.approx(6.0)
    # x + y ≥ 5 set as a row bound: y = 5, cost 10
    rs.set_row_bounds([m.c], [5.0], [None])
    assert rs.solve().ok and rs.objective == pytest.approx(10.0)
    # y ≤ 1 needs x ≥ 4 > 2: infeasible; lifting the bound again restores 10
    rs.set_col_bounds([m.y], [0.0], [1.0])
    assert rs.solve().status == "infeasible"
    rs.set_col_bounds([m.y], [0.0], [None])
    assert rs.solve().ok and rs.objective == pytest.approx(10.0)
    # through the Params: p = 4 rewrites the row (y = 4, cost 8); k = 6 makes 6x ≤ 10 a new coefficient
    m.p = 4.0
    m.k = 6.0
    rs.set_costs([m.x], [1.0])  # x cheap again: x = min(2, 10/6), y = 4 − x
    tracked.push()
    assert rs.solve().ok
    assert list(rs.values([m.x, m.y])) == pytest.approx([10 / 6, 4 - 10 / 6])
    assert rs.objective == pytest.approx(10 / 6 + 2 * (4 - 10 / 6))


def test_fixed_variables_read_as_their_value():
    # a variable fixed before the hand-off is a constant in the LP: values() gives its fixed value
    m = _lp()
    m.x.fix(1.5)
    rs = Resolver.hand_off(m, SolverOptions(method="simplex"))
    assert rs.solve().ok and rs.objective == pytest.approx(1.5 + 2 * 1.5)  # y = 3 − 1.5
    assert list(rs.values([m.x, m.y])) == pytest.approx([1.5, 1.5])


def test_tracked_costs_follow_their_params_there_and_back():
    # _lp with the objective q·x + 2y: q = 1 gives x = 2, y = 1, cost 2q + 2 = 4; q = 3 (dearer than y's 2)
    # gives x = 0, y = 3, cost 6. Back to q = 1: 4 again, so a cost pushed once is not left behind when its
    # Param returns to where it was; k, tracked but never changed, leaves k·x ≤ 10 slack throughout.
    m = _lp()
    m.q = pyo.Param(mutable=True, initialize=1.0)
    m.obj.deactivate()
    m.obj_q = pyo.Objective(expr=m.q * m.x + 2 * m.y)
    rs = Resolver.hand_off(m, SolverOptions(method="simplex"))
    tracked = rs.track([m.q, m.k])
    for q, cost in ((1.0, 4.0), (3.0, 6.0), (1.0, 4.0), (3.0, 6.0)):
        m.q = q
        tracked.push()
        assert rs.solve().ok and rs.objective == pytest.approx(cost)


def test_mutable_coefficients_equal_a_fresh_evaluation_after_any_changes():
    from ree_opt.model.values import MutableCoefficients

    m = pyo.ConcreteModel()
    m.p = pyo.Param([1, 2, 3], mutable=True, initialize={1: 1.0, 2: 2.0, 3: 3.0})
    exprs = [2 * m.p[1], m.p[1] * m.p[2], m.p[3], 0.5 * m.p[2] + m.p[3], 4.0]
    coefs = MutableCoefficients(exprs)
    for changes in ({}, {2: 5.0}, {2: 2.0}, {1: -1.0, 3: 0.25}, {1: 1.0, 2: 7.0, 3: 3.0}):
        for k, v in changes.items():
            m.p[k] = v
        assert list(coefs.values()) == [pyo.value(e) for e in exprs]
