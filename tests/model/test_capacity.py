from __future__ import annotations
import pytest
from tests.helpers import one_mine_records, solve, var_values
from ree_opt.model.technology import capital_recovery_factor
from tests.helpers import cost
from ree_opt.errors import ConfigError


def test_capex_is_annualised_at_the_regions_cost_of_capital():
    # No existing capacity; demand 5 must be built. Capex 100 MUSD per kt/yr, lifetime 10 yr,
    # cost of capital 8 %: CRF = 0.08·1.08^10 / (1.08^10 − 1) = 0.1490295. One 1-year period:
    # capex = 100 × 0.1490295 × 5 = 74.51474; variable = 2 × 5 = 10.
    rec = one_mine_records(existing=0.0)
    rec["processes"][0]["capex"] = 100
    rec["regions"][0]["cost_of_capital"] = 0.08
    run = solve(rec)
    assert capital_recovery_factor(0.08, 10) == pytest.approx(0.1490295, rel=1e-6)
    assert cost(run, "capex") == pytest.approx(74.51474, rel=1e-6)
    assert run.objective == pytest.approx(84.51474, rel=1e-6)


def test_lead_time_delays_capacity():
    # Annual periods 2025 and 2026, demand 5 in each, no existing capacity, lead time 1 yr,
    # unmet demand at 100 MUSD/kt. A build decided in 2025 is online only in 2026, so 2025's
    # demand goes unmet: 5 × 100 = 500. In 2026 the build of 5 costs its annuity for the one
    # online year inside the horizon, 10 × (1/10) × 5 = 5 (cost of capital 0), plus 2 × 5 = 10.
    # Objective = 515.
    rec = one_mine_records(existing=0.0)
    rec["processes"][0]["lead_time"] = 1
    rec["commodities"][0]["unmet_penalty"] = 100
    rec["demand"].append({**rec["demand"][0], "year": 2026})
    run = solve(rec, end=2026)
    unmet = var_values(run.model.v_unmet)
    assert unmet[("a", "ore:f", 2025)] == pytest.approx(5.0)
    assert unmet[("a", "ore:f", 2026)] == pytest.approx(0.0)
    assert var_values(run.model.v_build)[("a", "d", 2025)] == pytest.approx(5.0)
    assert run.objective == pytest.approx(515.0)


def test_without_lead_time_capex_is_charged_every_online_period():
    # Same as above with lead time 0: build 5 in 2025, online both years; annuity 5 per year × 2 = 10,
    # variable cost 2 × 5 × 2 = 20; nothing unmet. Objective = 30.
    rec = one_mine_records(existing=0.0)
    rec["commodities"][0]["unmet_penalty"] = 100
    rec["demand"].append({**rec["demand"][0], "year": 2026})
    run = solve(rec, end=2026)
    assert run.objective == pytest.approx(30.0)


def test_build_rate_limit_binds():
    # No existing capacity, demand 10; at most 4 kt/yr of new mining capacity per year (1-yr
    # period): build 4 (annuity 10/10 × 4 = 4), variable 2 × 4 = 8, unmet 6 × 100 = 600. Total 612.
    rec = one_mine_records(existing=0.0, demand=10.0)
    rec["commodities"][0]["unmet_penalty"] = 100
    rec["build_limits"] = [{"region": "*", "stage": "mining", "max_new_capacity": 4}]
    run = solve(rec)
    assert var_values(run.model.v_build)[("a", "d", 2025)] == pytest.approx(4.0)
    assert run.objective == pytest.approx(612.0)


def test_announced_project_is_an_option_at_its_own_capex():
    # Demand 5, no existing. An announced project of 3 kt/yr at capex 5 (annuity 0.5/kt) beats
    # a generic build at capex 10 (annuity 1/kt): take the project (1.5), build 2 (2), produce 5 (10).
    # Objective = 13.5.
    rec = one_mine_records(existing=0.0)
    rec["projects"] = [{"project": "p", "region": "a", "process": "d", "capacity": 3, "start_year": 2025, "status": "announced", "capex": 5}]
    run = solve(rec)
    assert var_values(run.model.v_project)["p"] == pytest.approx(3.0)
    assert var_values(run.model.v_build)[("a", "d", 2025)] == pytest.approx(2.0)
    assert run.objective == pytest.approx(13.5)


def test_deposit_max_capacity_limits_builds():
    # Deposit supports 3 kt/yr; demand 5 with penalty 100: build 3 (annuity 3), produce 3 (6),
    # unmet 2 (200). Objective = 209.
    rec = one_mine_records(existing=0.0)
    rec["deposits"][0]["max_capacity"] = 3
    rec["commodities"][0]["unmet_penalty"] = 100
    run = solve(rec)
    assert run.objective == pytest.approx(209.0)


def test_invest_false_builds_nothing():
    # Operations only: no capacity, so all 5 kt are unmet at the model default penalty 1000 → 5000.
    run = solve(one_mine_records(existing=0.0), invest=False)
    assert run.model.nvariables() == 1  # only the unmet-demand variable exists
    assert run.objective == pytest.approx(5000.0)


@pytest.mark.parametrize("pooled, objective", [(False, 24.0), (True, 412.0)])
def test_build_limit_per_region_or_pooled(pooled, objective):
    # Two regions of group g1, each with a deposit and demand 4, no existing capacity, a limit of
    # 4 kt/yr of new mining per year, one 1-year period, annuity 10 × 1/10 = 1 per kt/yr.
    # Per region: each builds 4 (4) and mines 4 at 2 (8): 2 × 12 = 24.
    # Pooled over g1: 4 kt/yr in total: build 4 (4), mine 4 (8), 4 kt unmet at 100 (400) → 412.
    rec = one_mine_records(existing=0.0, demand=4.0)
    rec["commodities"][0]["unmet_penalty"] = 100
    rec["regions"].append({"region": "b", "name": "B", "group": "g1", "cost_of_capital": 0.0})
    rec["deposits"].append({"deposit": "e", "region": "b", "feed": "f", "process": "mine", "status": "operating"})
    rec["demand"].append({**rec["demand"][0], "region": "b"})
    rec["build_limits"] = [{"region": "g1", "stage": "mining", "max_new_capacity": 4, "pooled": pooled}]
    run = solve(rec)
    assert run.objective == pytest.approx(objective)


def test_held_at_base_year_keeps_the_base_year_utilisation_in_every_period():
    # Existing mine d: 10 kt/yr nameplate run at 50 % in the base year (utilisation 0.5); demand 8,
    # variable cost 2, a new build costs 10 × 1/10 = 1 MUSD per kt/yr per year (cost of capital 0).
    # By default the nameplate serves: 8 × 2 = 16, ore price 2 (the variable cost).
    # Held at its base year, d gives 5 and 3 more are built: 16 + 3 × 1 = 19, ore price 2 + 1 = 3.
    rec = one_mine_records(existing=10.0, demand=8.0)
    rec["existing_capacity"][0]["utilisation"] = 0.5
    free = solve(rec)
    assert free.objective == pytest.approx(16.0)
    held = solve(rec, held_at_base_year=["d"])
    assert held.objective == pytest.approx(19.0)
    assert held.tables["marginal_costs"].set_index("commodity")["value"]["ore:f"] == pytest.approx(3.0)


def test_held_at_base_year_names_an_existing_capacity_row():
    with pytest.raises(ConfigError, match="held_at_base_year: 'nowhere' has no row in .*existing_capacity.csv"):
        solve(one_mine_records(), held_at_base_year=["nowhere"])
