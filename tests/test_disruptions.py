"""Disruptions: stress tests of a fixed plan, two-stage stochastic plans, VSS/EVPI/CVaR, bad definitions.

Every expected number is derived by hand in the comment beside it.
"""

from __future__ import annotations

import copy

import pytest

from conftest import ROOT, one_mine_records, tiny_config
from ree_opt.api import load_config, run_model
from ree_opt.config import config_from_raw
from ree_opt.data import dataset_from_records
from ree_opt.errors import ConfigError
from ree_opt.stochastic import build_extensive_form, solve_stochastic
from ree_opt.stress import Plan, stress_test


def _setup(records: dict, disruptions: list[dict], **cfg):
    data = dataset_from_records(copy.deepcopy(records))
    return data, config_from_raw(tiny_config(disruptions=disruptions, **cfg))


def _summary(result) -> dict:
    return {row["scenario"]: row for row in result.tables["stress_summary"].to_dict("records")}


def one_mine_stress_records() -> dict:
    # region a: existing mine d of 10 kt/yr (availability 1), variable cost 2 MUSD/kt; demand 5 kt of ore:f
    # in sector s; unmet demand at 100 MUSD/kt. One 1-year period, no discounting.
    rec = one_mine_records(var_cost=2.0, existing=10.0, demand=5.0)
    rec["commodities"][0]["unmet_penalty"] = 100
    return rec


SCENARIOS = [
    {"name": "outage", "probability": 0.25, "events": [{"kind": "outage", "region": "a", "stage": "mining", "keep": 0.4}]},
    {"name": "surge", "probability": 0.25, "events": [{"kind": "demand", "sector": "s", "factor": 1.6}]},
    {"name": "dear", "probability": 0.25, "events": [{"kind": "cost", "component": "variable", "factor": 3.0}]},
    {"name": "big_surge", "probability": 0.25, "events": [{"kind": "demand", "region": "a", "commodities": ["ore:*"], "factor": 2.4}]},
]


@pytest.mark.parametrize("persistent", [True, False])
def test_stress_shortfall_and_extra_cost_by_hand(persistent):
    # The undisrupted plan builds nothing (10 kt/yr existing ≥ 5 demand); operations cost 5 × 2 = 10.
    # outage: keep 40 % → 4 kt/yr; 1 kt unmet: 4 × 2 + 1 × 100 = 108, extra 98.
    # surge: demand 5 × 1.6 = 8 ≤ 10: 8 × 2 = 16, extra 6, nothing unmet.
    # dear: variable cost × 3: 5 × 6 = 30, extra 20.
    # big_surge: demand 12 > 10 (builds are fixed at the plan's 0): 10 × 2 + 2 × 100 = 220, 2 unmet, extra 210.
    data, cfg = _setup(one_mine_stress_records(), SCENARIOS)
    base = run_model(cfg, data=data)
    assert base.objective == pytest.approx(10.0)
    result = stress_test(data, cfg, Plan.from_model(base.model), persistent=persistent)
    rows = _summary(result)
    assert rows["undisrupted"]["cost"] == pytest.approx(10.0)
    assert {k: rows[k]["extra_cost"] for k in ("outage", "surge", "dear", "big_surge")} == pytest.approx(
        {"outage": 98.0, "surge": 6.0, "dear": 20.0, "big_surge": 210.0})
    assert {k: rows[k]["unmet_kt"] for k in rows} == pytest.approx({"undisrupted": 0, "outage": 1.0, "surge": 0, "dear": 0, "big_surge": 2.0})
    # without the unmet penalty: outage 4 × 2 − 10 = −2 (less is mined), big_surge 10 × 2 − 10 = 10
    assert {k: rows[k]["extra_supply_cost"] for k in ("outage", "surge", "dear", "big_surge")} == pytest.approx(
        {"outage": -2.0, "surge": 6.0, "dear": 20.0, "big_surge": 10.0})
    unmet = result.tables["unmet_demand"]
    assert set(unmet["scenario"]) == {"outage", "big_surge"}
    assert list(unmet.query("scenario == 'outage'")[["region", "commodity", "year"]].itertuples(index=False, name=None)) == [("a", "ore:f", 2025)]


def two_region_records() -> dict:
    # Region a: mine d, 10 kt/yr, variable cost 2. Region b: mine e, 10 kt/yr, variable cost 6, and demand
    # 5 kt of ore:f. Freight a→b 1 MUSD/kt. Unmet at 100 MUSD/kt.
    rec = one_mine_stress_records()
    rec["regions"].append({"region": "b", "name": "B", "group": "g2", "cost_of_capital": 0.0})
    rec["commodities"][0]["transport_cost"] = 1.0
    rec["processes"].append({"process": "mine_b", "stage": "mining", "capex": 10, "var_cost": 6, "lifetime": 10})
    rec["deposits"].append({"deposit": "e", "region": "b", "feed": "f", "process": "mine_b", "status": "operating"})
    rec["existing_capacity"].append({"region": "b", "process": "e", "capacity": 10})
    rec["demand"][0]["region"] = "b"
    return rec


def test_trade_ban_forces_dearer_domestic_supply():
    # Undisrupted: b buys from a at 2 + 1 = 3 < 6: cost 5 × 3 = 15. Ban g1 → * of ore:*: b mines its own at
    # 6: cost 30, extra 15. Ban plus b's mine shut: nothing reaches b: 5 × 100 = 500 unmet, extra 485.
    scen = [{"name": "ban", "probability": 0.5, "events": [{"kind": "trade_ban", "origin": "g1", "commodities": ["ore:*"]}]},
            {"name": "ban_and_outage", "probability": 0.5, "events": [
                {"kind": "trade_ban", "origin": "a", "destination": "b", "commodities": ["*"]},
                {"kind": "outage", "region": "b", "process": "e", "keep": 0.0}]}]
    data, cfg = _setup(two_region_records(), scen)
    base = run_model(cfg, data=data)
    assert base.objective == pytest.approx(15.0)
    rows = _summary(stress_test(data, cfg, Plan.from_model(base.model)))
    assert rows["ban"]["extra_cost"] == pytest.approx(15.0)
    assert rows["ban_and_outage"]["extra_cost"] == pytest.approx(485.0)
    assert rows["ban_and_outage"]["unmet_kt"] == pytest.approx(5.0)


def two_stage_records() -> dict:
    # No existing capacity; building 1 kt/yr costs 100 × CRF(0 %, 10 yr) = 10 per year (one 1-year period,
    # lead time 0); no variable cost; unmet demand at 15 MUSD/kt. Demand 10 kt/yr of ore:f in sector s.
    rec = one_mine_records(var_cost=0.0, existing=0.0, demand=10.0)
    rec["processes"][0]["capex"] = 100
    rec["commodities"][0]["unmet_penalty"] = 15
    return rec


TWO_STAGE = [{"name": "low", "probability": 0.5, "events": []},
             {"name": "high", "probability": 0.5, "events": [{"kind": "demand", "sector": "s", "factor": 2.0}]}]


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


def test_example_disruption_models_load_and_stress(tmp_path):
    # Each example disruption model names real regions/stages/commodities of data/example (no error), and
    # a disruption never makes the example plan cheaper to operate than undisrupted.
    base = run_model(load_config(ROOT / "models" / "example.yaml"))
    plan = Plan.from_model(base.model)
    for name in ("example_china_heavy_ban", "example_china_full_ban", "example_clay_outage", "example_ev_surge"):
        cfg = load_config(ROOT / "models" / f"{name}.yaml")
        rows = _summary(stress_test(base.data, cfg, plan))
        assert rows["undisrupted"]["cost"] == pytest.approx(base.objective, rel=1e-6)
        disrupted = [r for k, r in rows.items() if k != "undisrupted"]
        assert all(r["extra_cost"] > 0 for r in disrupted), name


# --- bad definitions -----------------------------------------------------------------------------


def _err(records: dict, disruptions, **cfg) -> str:
    with pytest.raises(ConfigError) as exc:
        data, config = _setup(records, disruptions, **cfg)
        from ree_opt.sets import compute_sets

        compute_sets(data, config)
    return str(exc.value)


@pytest.mark.parametrize("disruptions, expected", [
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "outage", "region": "atlantis", "stage": "mining", "keep": 0}]}],
     "disruptions.0.events.0 (scenario 'x').region: unknown region or group 'atlantis'"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "trade_ban", "origin": "a", "destination": "mars"}]}],
     "unknown region or group 'mars'"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "outage", "region": "a", "stage": "smelting", "keep": 0}]}],
     "disruptions.0.events.0 (scenario 'x').stage: unknown stage 'smelting'"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "demand", "sector": "toys", "factor": 2}]}],
     "sector: unknown sector 'toys'"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "trade_ban", "origin": "a", "commodities": ["magnet:*"]}]}],
     "'magnet:*' matches no commodity"),
    ([{"name": "x", "probability": 1.5, "events": []}], "disruptions.0.probability: Input should be less than or equal to 1"),
    ([{"name": "x", "probability": -0.1, "events": []}], "disruptions.0.probability: Input should be greater than or equal to 0"),
    ([{"name": "x", "probability": 0.5, "events": []}, {"name": "y", "probability": 0.4, "events": []}],
     "disruptions: probabilities must sum to 1, got 0.9"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "outage", "region": "a", "stage": "mining", "keep": 0, "from_year": 2031}]}],
     "disruptions.0.events.0.from_year: 2031 is outside the horizon 2025–2025"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "outage", "region": "a", "stage": "mining", "keep": 1.2}]}],
     "keep: Input should be less than or equal to 1"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "outage", "region": "a", "keep": 0}]}],
     "an outage names exactly one of `stage` or `process`"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "quake", "region": "a"}]}], "disruptions.0.events.0"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "cost", "component": "capex", "factor": 2}]}], "component"),
    ([{"name": "undisrupted", "probability": 1.0, "events": [{"kind": "outage", "region": "a", "stage": "mining", "keep": 0}]}],
     "'undisrupted' is the reserved name"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "outage", "region": "a", "process": "mine", "keep": 0}]}],
     "'mine' is a mining process; name a deposit, or use stage: mining"),
])
def test_bad_disruption_definitions_name_the_field(disruptions, expected):
    assert expected in _err(one_mine_records(), disruptions)


def test_stochastic_without_disruptions_is_an_error():
    assert "stochastic: true needs a non-empty `disruptions` list" in _err(one_mine_records(), [], stochastic=True)


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


def test_fixing_a_lumpy_plan_leaves_an_lp_with_marginal_costs():
    # No existing capacity; mines come in 4 kt/yr modules (annuity 10 × 1/10 = 1 per kt/yr), demand 5:
    # the plan builds 2 modules = 8 kt/yr (18 = 8 + 5 × 2). With the plan fixed (module counts
    # included) operations are an LP, so balance duals exist: one more kt of ore costs its variable
    # cost, 2 USD/kg, as capacity is spare. Stress under a ×1.5 surge (7.5 ≤ 8): 8 + 15 = 23, nothing unmet.
    from ree_opt.model import build_model
    from ree_opt.results import marginal_costs
    from ree_opt.solve import solve_model
    from ree_opt.stress import fix_plan

    rec = one_mine_records(var_cost=2.0, existing=0.0, demand=5.0)
    rec["processes"][0]["module_size"] = 4
    data, cfg = _setup(rec, [{"name": "surge", "probability": 1.0, "events": [{"kind": "demand", "sector": "s", "factor": 1.5}]}], lumpy=True)
    base = run_model(cfg, data=data)
    assert base.solve.is_mip and base.objective == pytest.approx(18.0)
    plan = Plan.from_model(base.model)
    assert plan.builds[("a", "d", 2025)] == pytest.approx(8.0)
    m = build_model(data, cfg)
    fix_plan(m, plan)
    sol = solve_model(m, cfg.solver)
    assert not sol.is_mip and sol.objective == pytest.approx(18.0)
    assert float(marginal_costs(m, m.ree_sets)["value"].iloc[0]) == pytest.approx(2.0)
    for persistent in (True, False):
        rows = _summary(stress_test(data, cfg, plan, persistent=persistent))
        assert rows["surge"]["cost"] == pytest.approx(23.0) and rows["surge"]["unmet_kt"] == pytest.approx(0.0)
