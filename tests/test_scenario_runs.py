"""One hand-off, many re-solves: scenarios changed in place in one Highs (scenario_runs, resolve)."""

from __future__ import annotations

import pandas as pd
import pytest

from ree_opt.api import load_config, run_model
from ree_opt.config import Scenario
from ree_opt.pipeline import Instance
from ree_opt.scenario_runs import ScenarioSolver, objective_of
from ree_opt.stress import Plan, stress_test
from tests.helpers import ROOT, SCENARIOS, _setup, one_mine_stress_records


def test_wait_and_see_in_place_by_hand():
    # Nothing fixed: the outage's keep multiplies the build column inside act ≤ keep·(10 + build), a matrix
    # coefficient HiGHS must be told about (not just a right-hand side). Building costs capex 10 × CRF(0 %, 10 yr)
    # = 1 per kt/yr (one 1-year period), ore 2 per kt, unmet 100 per kt.
    # outage (keep 0.4): act = 5 needs 0.4·(10 + b) ≥ 5 → b = 2.5: 2.5 + 5 × 2 = 12.5.
    # surge (demand 8 ≤ 10): 16.   dear (variable × 3): 5 × 6 = 30.
    # big_surge (demand 12): build 2: 2 + 12 × 2 = 26.   undisrupted again (every change is reset): 10.
    data, cfg = _setup(one_mine_stress_records(), SCENARIOS)
    solver = ScenarioSolver(Instance.create(cfg, data))
    scenarios = {sc.name: sc for sc in cfg.disruptions}
    got = [objective_of(solver, scenarios[name]) for name in ("outage", "surge", "dear", "big_surge")]
    got.append(objective_of(solver, Scenario(name="undisrupted", probability=0.0, events=[])))
    assert got == pytest.approx([12.5, 16.0, 30.0, 26.0, 10.0])


def _drop_seconds(tables: dict) -> dict:
    return {k: v.drop(columns=["solve_seconds"], errors="ignore") for k, v in tables.items()}


@pytest.fixture(scope="module")
def example_plan():
    base = run_model(load_config(ROOT / "models" / "example.yaml"))
    return base.data, Plan.from_instance(base.instance)


@pytest.mark.parametrize("name", ["example_clay_outage", "example_ev_surge", "example_stochastic"])
def test_in_place_stress_equals_rebuilding(example_plan, name):
    # Same plan, same scenarios: changing one Highs in place must give what a model rebuilt per scenario gives.
    data, plan = example_plan
    cfg = load_config(ROOT / "models" / f"{name}.yaml")
    fast, slow = (stress_test(data, cfg, plan, persistent=p).tables for p in (True, False))
    a, b = fast["stress_summary"], slow["stress_summary"]
    for col in ("cost", "extra_cost", "extra_supply_cost"):
        assert a[col].tolist() == pytest.approx(b[col].tolist(), rel=1e-6, abs=1e-6), col
    assert a["unmet_kt"].tolist() == pytest.approx(b["unmet_kt"].tolist(), abs=1e-6)
    assert fast["costs"]["value"].tolist() == pytest.approx(slow["costs"]["value"].tolist(), rel=1e-6, abs=1e-6)


def test_workers_give_the_serial_outcome(example_plan):
    # Every scenario starts from the undisrupted basis, so splitting scenarios over processes cannot change an answer.
    data, plan = example_plan
    cfg = load_config(ROOT / "models" / "example_stochastic.yaml")
    serial = _drop_seconds(stress_test(data, cfg, plan, workers=1).tables)
    parallel = _drop_seconds(stress_test(data, cfg, plan, workers=2).tables)
    assert serial.keys() == parallel.keys()
    for key in serial:
        pd.testing.assert_frame_equal(serial[key], parallel[key], check_exact=True)


def test_vss_evpi_with_workers_by_hand():
    # The two-stage case of test_stochastic (EEV 187.5, wait-and-see 150) with the mean-value evaluations and the
    # wait-and-see solves split over two processes: the same numbers.
    from ree_opt.stochastic import solve_stochastic
    from tests.helpers import TWO_STAGE, two_stage_records

    data, cfg = _setup(two_stage_records(), TWO_STAGE, stochastic=True)
    res = solve_stochastic(data, cfg, workers=2)
    assert (res.metrics["eev"], res.metrics["wait_and_see"]) == pytest.approx((187.5, 150.0))


def test_auto_method_picks_by_column_count():
    # the rule of docs/benchmarks.md: dual simplex below AUTO_IPM_COLUMNS columns, IPM from there up
    from ree_opt.solve import AUTO_IPM_COLUMNS, auto_method

    assert auto_method(AUTO_IPM_COLUMNS - 1) == "simplex" and auto_method(AUTO_IPM_COLUMNS) == "ipm"
    data, cfg = _setup(one_mine_stress_records(), [], solver={"method": "auto"})
    sol = Instance.create(cfg, data).solve()
    assert sol.ok and sol.objective == pytest.approx(10.0)  # 5 kt of ore at 2 MUSD/kt
