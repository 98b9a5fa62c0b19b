"""Demand response: priced steps per sector before true loss (hand-derived optima)."""

from __future__ import annotations

import pytest

from tests.helpers import cost, one_mine_records, solve, var_values

STEPS = [
    {"sector": "s", "step": "thrift", "order": 1, "cost": 5.0, "max_share": 0.2},
    {"sector": "s", "step": "switch", "order": 2, "cost": 8.0, "max_share": 0.2},
    {"sector": "s", "step": "loss", "order": 3, "max_share": 1.0},
]


@pytest.mark.parametrize("existing, thrift, switch, loss", [(3.0, 1.0, 1.0, 0.0), (2.0, 1.0, 1.0, 1.0), (4.5, 0.5, 0.0, 0.0)])
def test_steps_are_taken_in_merit_order_up_to_their_share(existing, thrift, switch, loss):
    # Demand 5 kt, supply from the existing mine at 2 MUSD/kt (cheapest), no builds. The rest is met
    # by thrift (≤ 0.2 × 5 = 1 kt at 5), then switching (≤ 1 kt at 8), then true loss at 100.
    # existing 3: 2 kt short → thrift 1 + switch 1; cost 3·2 = 6, response 5 + 8 = 13, unmet 0.
    # existing 2: 3 kt short → thrift 1, switch 1, loss 1 (100).
    # existing 4.5: 0.5 kt short → thrift 0.5 (2.5).
    rec = one_mine_records(var_cost=2.0, existing=existing, demand=5.0)
    rec["demand_response"] = STEPS
    run = solve(rec, invest=False, demand_response=True, unmet_penalty=100.0)
    resp = var_values(run.model.v_response)
    assert resp[("a", "s", "thrift", "ore:f", 2025)] == pytest.approx(thrift)
    assert resp[("a", "s", "switch", "ore:f", 2025)] == pytest.approx(switch)
    assert var_values(run.model.v_unmet)[("a", "ore:f", 2025)] == pytest.approx(loss, abs=1e-7)
    assert cost(run, "demand_response") == pytest.approx(5.0 * thrift + 8.0 * switch)
    assert run.objective == pytest.approx(2.0 * min(existing, 5.0) + 5.0 * thrift + 8.0 * switch + 100.0 * loss)
    table = run.tables["demand_response"]
    got = dict(zip(table["step"], table["value"]))
    assert got.get("loss", 0.0) == pytest.approx(loss, abs=1e-7)


def test_off_by_default_so_the_shortfall_is_all_true_loss():
    # Same data, feature off: the 2 kt short are unmet at 100 each.
    rec = one_mine_records(var_cost=2.0, existing=3.0, demand=5.0)
    rec["demand_response"] = STEPS
    run = solve(rec, invest=False, unmet_penalty=100.0)
    assert var_values(run.model.v_unmet)[("a", "ore:f", 2025)] == pytest.approx(2.0)
    assert run.objective == pytest.approx(6.0 + 200.0)
