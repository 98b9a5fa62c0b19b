"""The hand-off's arrays (`ree_opt.lp_arrays`): a small LP read by hand, and the LP Pyomo's writer makes."""

from __future__ import annotations

import highspy
import numpy as np
import pyomo.core as pyo
import pytest
from pyomo.repn.plugins.lp_writer import LPWriter

from ree_opt.config import load_config
from ree_opt.lp_arrays import NotLinear, lp_arrays
from ree_opt.pipeline import Instance
from tests.helpers import ROOT

INF = highspy.kHighsInf


def dense(arrays) -> np.ndarray:
    """The constraint matrix as a dense array (rows × columns)."""
    a = arrays.lp.a_matrix_
    out = np.zeros((arrays.lp.num_row_, arrays.lp.num_col_))
    for j in range(arrays.lp.num_col_):
        for p in range(a.start_[j], a.start_[j + 1]):
            out[a.index_[p], j] += a.value_[p]
    return out


def small_model() -> pyo.ConcreteModel:
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(0, 4))
    m.y = pyo.Var(within=pyo.NonNegativeIntegers)
    m.z = pyo.Var()
    m.k = pyo.Var(initialize=3.0)
    m.k.fix()
    m.p = pyo.Param(initialize=2.0, mutable=True)
    m.e = pyo.Expression(expr=m.x + 2 * m.y)
    m.obj = pyo.Objective(expr=m.e + 5 - m.z / 4)
    m.c_eq = pyo.Constraint(expr=m.p * m.x + m.k == 7)  # 2x + 3 = 7     → 2x = 4
    m.c_le = pyo.Constraint(expr=-(m.y - m.z) <= 1)  # −y + z ≤ 1
    m.c_range = pyo.Constraint(expr=pyo.inequality(1, m.x + m.e, 9))  # 1 ≤ 2x + 2y ≤ 9: two rows
    m.c_empty = pyo.Constraint(expr=m.k + 0 * m.x >= 2)  # 3 ≥ 2 with nothing to choose: an empty row
    m.c_off = pyo.Constraint(expr=m.z >= 0)
    m.c_off.deactivate()
    return m


def test_a_small_lp_by_hand():
    # Columns by first appearance, objective first: e = x + 2y, then −z/4 → x, y, z (k is fixed: a constant).
    # Objective: x + 2y − 0.25 z + 5. Rows in declaration order, each moving its constant into the bounds:
    #   c_eq     2x = 7 − 3                        → [4, 4]
    #   c_le     −y + z ≤ 1                        → [−inf, 1]
    #   c_range  x + (x + 2y) = 2x + 2y ∈ [1, 9]   → two rows, [1, inf] then [−inf, 9]
    #   c_empty  3 ≥ 2                             → an empty row [2 − 3, inf] = [−1, inf]
    # c_off is inactive: no row.
    a = lp_arrays(small_model())
    assert [v.name for v in a.columns] == ["x", "y", "z"]
    assert [c.name for c in a.rows] == ["c_eq", "c_le", "c_range", "c_range", "c_empty"]
    assert list(a.lp.col_cost_) == [1.0, 2.0, -0.25] and a.lp.offset_ == 5.0
    assert list(a.lp.col_lower_) == [0.0, 0.0, -INF] and list(a.lp.col_upper_) == [4.0, INF, INF]
    assert list(a.lp.row_lower_) == [4.0, -INF, 1.0, -INF, -1.0]
    assert list(a.lp.row_upper_) == [4.0, 1.0, INF, 9.0, INF]
    assert dense(a).tolist() == [[2, 0, 0], [0, -1, 1], [2, 2, 0], [2, 2, 0], [0, 0, 0]]
    assert a.has_integers and [int(t) for t in a.lp.integrality_] == [0, 1, 0]


def test_the_small_lp_solves_to_its_hand_optimum():
    # x = 2 (c_eq). Minimise x + 2y − z/4 + 5 with z ≤ 1 + y (c_le) and 4 + 2y ≤ 9 (c_range): z is free below,
    # so z = 1 + y; a unit of y then costs 2 and saves 0.25, so y = 0, z = 1: objective 2 + 0 − 0.25 + 5 = 6.75.
    a = lp_arrays(small_model())
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(a.lp)
    h.run()
    assert h.getInfo().objective_function_value == pytest.approx(6.75)
    assert list(h.getSolution().col_value) == pytest.approx([2.0, 0.0, 1.0])


def test_a_product_of_variables_is_refused():
    m = pyo.ConcreteModel()
    m.x, m.y = pyo.Var(), pyo.Var()
    m.c = pyo.Constraint(expr=m.x * m.y <= 1)
    with pytest.raises(NotLinear):
        lp_arrays(m)


def test_the_example_lp_is_the_one_pyomos_writer_makes(tmp_path):
    # Same columns in the same order, same rows, and every number equal to the last bit: the writer's
    # file read by HiGHS, less its constant column (ONE_VAR_CONSTANT, fixed at 1, whose cost is our offset).
    m = Instance.create(load_config(ROOT / "models" / "example.yaml")).model
    ours = lp_arrays(m)
    path = tmp_path / "model.lp"
    with path.open("w") as stream:
        symbols = LPWriter().write(m, stream, symbolic_solver_labels=False).symbol_map.bySymbol
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(str(path))
    theirs = h.getLp()
    constant = [j for j, n in enumerate(theirs.col_names_) if symbols[n].name == "ONE_VAR_CONSTANT"]
    keep = [j for j in range(theirs.num_col_) if j not in constant]
    assert [id(symbols[theirs.col_names_[j]]) for j in keep] == [id(v) for v in ours.columns]
    assert [id(symbols[n]) for n in theirs.row_names_] == [id(c) for c in ours.rows]
    assert list(np.asarray(theirs.col_cost_)[keep]) == list(ours.lp.col_cost_)
    assert sum(theirs.col_cost_[j] for j in constant) == ours.lp.offset_
    assert list(np.asarray(theirs.col_lower_)[keep]) == list(ours.lp.col_lower_)
    assert list(np.asarray(theirs.col_upper_)[keep]) == list(ours.lp.col_upper_)
    assert list(theirs.row_lower_) == list(ours.lp.row_lower_) and list(theirs.row_upper_) == list(ours.lp.row_upper_)
    passed = highspy.Highs()
    passed.setOptionValue("output_flag", False)
    passed.passModel(ours.lp)
    mine = passed.getLp()  # after HiGHS's own checks (it drops |a| ≤ small_matrix_value, as when reading)
    theirs_matrix = {(theirs.a_matrix_.index_[p], keep.index(j)): theirs.a_matrix_.value_[p]
                     for j in keep for p in range(theirs.a_matrix_.start_[j], theirs.a_matrix_.start_[j + 1])}
    mine_matrix = {(mine.a_matrix_.index_[p], j): mine.a_matrix_.value_[p]
                   for j in range(mine.num_col_) for p in range(mine.a_matrix_.start_[j], mine.a_matrix_.start_[j + 1])}
    assert mine_matrix == theirs_matrix
