"""Variable-length periods, capital spent over the lead time, and pipeline mode (hand-derived optima)."""

from __future__ import annotations

import pytest

from tests.helpers import cost, one_mine_records, solve, var_values


def test_variable_length_periods_average_demand_and_weight_years():
    # Periods {2025: 1, 2026: 3} to 2026: 2025 (L=1) and 2026 (L=3, years 2026-2028). Demand 10 in 2025 and 20 in
    # 2030, linear: 2026 = 12, 2027 = 14, 2028 = 16, so period 2026 carries the average 14 (not its start value 12).
    # Weights at 10 %: w2025 = 1; w2026 = 1.1^-1 + 1.1^-2 + 1.1^-3 = 2.486852. The existing mine (variable cost 2)
    # serves everything: objective = 2·10·1 + 2·14·2.486852 = 89.631856.
    rec = one_mine_records(var_cost=2.0, existing=100.0)
    rec["demand"] = [{"case": "base", "region": "a", "sector": "s", "commodity": "ore:f", "year": y, "demand": d}
                     for y, d in ((2025, 10.0), (2030, 20.0))]
    run = solve(rec, end=2026, step={2025: 1, 2026: 3}, discount_rate=0.1, invest=False)
    table = run.tables["unmet_demand"]
    assert dict(zip(table["year"], table["demand"])) == pytest.approx({2025: 10.0, 2026: 14.0})
    assert run.objective == pytest.approx(20.0 + 28.0 * (1.1 ** -1 + 1.1 ** -2 + 1.1 ** -3))


def test_a_build_is_online_only_in_periods_starting_after_its_lead_time():
    # Lead time 2 and periods 2025 (L=1), 2026 (L=3): a build decided in 2025 is online from 2027, after period
    # 2026 has started, so it is online in no period and nothing is built; the 5 kt short in 2026 is unmet.
    rec = one_mine_records(var_cost=1.0, existing=5.0, demand=5.0)
    rec["existing_capacity"][0]["retire_year"] = 2026
    rec["processes"][0]["lead_time"] = 2
    run = solve(rec, end=2026, step={2025: 1, 2026: 3}, unmet_penalty=100.0)
    assert sum(var_values(run.model.v_build).values()) == 0.0
    assert var_values(run.model.v_unmet)[("a", "ore:f", 2026)] == pytest.approx(5.0)


@pytest.mark.parametrize("lead_time, idc", [(0, 1.0), (3, (1.1 + 1.21 + 1.331) / 3)])
def test_capital_is_spent_over_the_lead_time(lead_time, idc):
    # Periods 2025 and 2028 (explicit years, L = 3 each), no discounting. The existing mine (5 kt, free) retires in
    # 2028, so 5 kt is built: decided in 2025, online in 2028 with lead time 3 (2025 + 3 ≤ 2028) or 0. Cost of
    # capital 10 %, life 10 yr: CRF = 0.1·1.1^10/(1.1^10 − 1) = 0.162745. The capex of 10 per kt/yr is paid in
    # three parts in 2025-2027 and compounded to 2028: IDC = (1.1 + 1.21 + 1.331)/3 = 1.213667 (1 without lead time).
    # capex cost = 10 · 5 · IDC · CRF · 3 years online in the horizon.
    rec = one_mine_records(var_cost=0.0, existing=5.0, demand=5.0)
    rec["regions"][0]["cost_of_capital"] = 0.1
    rec["existing_capacity"][0]["retire_year"] = 2028
    rec["processes"][0]["lead_time"] = lead_time
    run = solve(rec, horizon={"years": [2025, 2028]}, unmet_penalty=1000.0)
    crf = 0.1 * 1.1 ** 10 / (1.1 ** 10 - 1)
    assert sum(var_values(run.model.v_build).values()) == pytest.approx(5.0)  # without lead time 2028 is a tie
    assert cost(run, "capex") == pytest.approx(10.0 * 5.0 * idc * crf * 3.0)


def test_pipeline_mode_builds_no_generic_capacity_and_every_announced_project():
    # Demand 8, existing 2. Generic mining could be built (capex 10), and an announced project of 4 kt exists.
    # Pipeline mode (generic: [], projects: committed): no build variable exists, the project is taken in full
    # (4 kt), and the 2 kt still short are unmet. With invest: true the model would build instead.
    rec = one_mine_records(var_cost=1.0, existing=2.0, demand=8.0)
    rec["projects"] = [{"project": "p", "region": "a", "process": "d", "capacity": 4.0, "start_year": 2025, "status": "announced"}]
    run = solve(rec, invest={"generic": [], "projects": "committed"}, unmet_penalty=100.0)
    assert len(run.model.v_build) == 0
    assert var_values(run.model.v_project)["p"] == pytest.approx(4.0)
    assert var_values(run.model.v_unmet)[("a", "ore:f", 2025)] == pytest.approx(2.0)
    generic = solve(rec, invest={"generic": ["mining"], "projects": "none"}, unmet_penalty=100.0)
    assert len(generic.model.v_project) == 0
    assert sum(var_values(generic.model.v_build).values()) == pytest.approx(6.0)
