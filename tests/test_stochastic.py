from __future__ import annotations
import pytest
from ree_opt.stochastic import build_extensive_form, solve_stochastic
from tests.helpers import _setup, two_stage_records, TWO_STAGE


def test_stochastic_plan_differs_from_mean_value_plan_vss_evpi_by_hand():
    # Demand is 10 (low) or 20 (high), each with p = 0.5. Build x, cost(x) = 10x + 0.5·15·(10 − x)⁺ + 0.5·15·(20 − x)⁺.
    # Slope on [10, 20]: 10 − 7.5 > 0; on [0, 10]: 10 − 15 < 0 → x* = 10, E[cost] = 100 + 0.5·15·10 = 175.
    # Mean-value problem: demand 15, 15 > 10 so build 15: in low 150, in high 150 + 5·15 = 225 → EEV 187.5, VSS 12.5.
    # Wait-and-see: low 100, high 200 → 150; EVPI = 175 − 150 = 25.
    data, cfg = _setup(two_stage_records(), TWO_STAGE, stochastic=True)
    res = solve_stochastic(data, cfg)
    assert res.plan.builds[("a", "d", 2025)] == pytest.approx(10.0)
    assert res.expected_cost == pytest.approx(175.0)
    assert res.metrics["eev"] == pytest.approx(187.5)
    assert res.metrics["vss"] == pytest.approx(12.5)
    assert res.metrics["wait_and_see"] == pytest.approx(150.0)
    assert res.metrics["evpi"] == pytest.approx(25.0)
    unmet = res.tables["unmet_demand"].set_index("scenario")["value"]
    assert unmet.to_dict() == pytest.approx({"low": 0.0, "high": 10.0})
    # marginal cost of ore in the high scenario is the unmet penalty (demand is short), in its own terms (not × p)
    marg = res.tables["marginal_costs"].set_index("scenario")["value"]
    assert marg["high"] == pytest.approx(15.0)


def test_cvar_hedges_the_worst_case():
    # λ = 1, α = 0.5: minimise CVaR_0.5 = the cost of the worse half = the high scenario: 10x + 15·(20 − x)⁺ → x = 20,
    # both scenarios cost 200; objective 200 and expected cost 200 (vs 175 risk-neutral).
    data, cfg = _setup(two_stage_records(), TWO_STAGE, stochastic=True, risk={"alpha": 0.5, "weight": 1.0})
    res = solve_stochastic(data, cfg, with_value=False)
    assert res.plan.builds[("a", "d", 2025)] == pytest.approx(20.0)
    assert res.objective == pytest.approx(200.0)
    assert res.cvar == pytest.approx(200.0)
    assert res.expected_cost == pytest.approx(200.0)


def test_extensive_form_has_one_block_per_scenario_tied_to_one_first_stage():
    data, cfg = _setup(two_stage_records(), TWO_STAGE, stochastic=True)
    ef = build_extensive_form(data, cfg)
    assert list(ef.SCENARIOS) == ["low", "high"]
    # one build variable (a, d, 2025) × 2 scenarios + no projects = 2 nonanticipativity rows
    assert len(ef.c_nonant) == 2


def test_risk_measure_of_a_discrete_distribution():
    # costs 10 (p 0.5) and 30 (p 0.5), α = 0.5: CVaR is the mean of the worst half = 30;
    # E = 20; with λ = 0.5 the measure is 0.5·20 + 0.5·30 = 25.
    from ree_opt.stochastic import risk_measure

    assert risk_measure([10.0, 30.0], [0.5, 0.5], 0.0, 0.5) == pytest.approx(20.0)
    assert risk_measure([10.0, 30.0], [0.5, 0.5], 1.0, 0.5) == pytest.approx(30.0)
    assert risk_measure([10.0, 30.0], [0.5, 0.5], 0.5, 0.5) == pytest.approx(25.0)


def test_cvar_scenario_weights_sum_to_one():
    # With CVaR each scenario's weight in the objective is (1 − λ)·p_s + μ_s, μ_s the dual of its
    # excess-cost row; η is free, so its stationarity gives Σ μ_s = λ and the weights sum to 1.
    from ree_opt.stochastic import build_extensive_form, scenario_weight
    from ree_opt.solve import solve_model

    data, cfg = _setup(two_stage_records(), TWO_STAGE, stochastic=True, risk={"alpha": 0.5, "weight": 0.5})
    ef = build_extensive_form(data, cfg)
    assert solve_model(ef, cfg.solver).ok
    weights = [scenario_weight(ef, sc, 0.5) for sc in ef.SCENARIOS]
    assert sum(weights) == pytest.approx(1.0)
    assert all(w >= 0.25 - 1e-9 for w in weights)  # never below (1 − λ)·p_s
