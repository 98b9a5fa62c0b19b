from __future__ import annotations
import pytest

from ree_opt.api import load_config, run_model
from ree_opt.stress import Plan, stress_test
from tests.helpers import ROOT, SCENARIOS, _setup, _summary, one_mine_records, one_mine_stress_records, stock_records, two_region_records


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
    result = stress_test(data, cfg, Plan.from_instance(base.instance), persistent=persistent)
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


def test_example_disruption_models_load_and_stress(tmp_path):
    # Each example disruption model names real regions/stages/commodities of data/example (no error), and
    # a disruption never makes the example plan cheaper to operate than undisrupted.
    base = run_model(load_config(ROOT / "models" / "example.yaml"))
    plan = Plan.from_instance(base.instance)
    for name in ("example_china_heavy_ban", "example_china_full_ban", "example_clay_outage", "example_ev_surge"):
        cfg = load_config(ROOT / "models" / f"{name}.yaml")
        rows = _summary(stress_test(base.data, cfg, plan))
        assert rows["undisrupted"]["cost"] == pytest.approx(base.objective, rel=1e-6)
        disrupted = [r for k, r in rows.items() if k != "undisrupted"]
        assert all(r["extra_cost"] > 0 for r in disrupted), name


def test_fixing_a_lumpy_plan_leaves_an_lp_with_marginal_costs():
    # No existing capacity; mines come in 4 kt/yr modules (annuity 10 × 1/10 = 1 per kt/yr), demand 5:
    # the plan builds 2 modules = 8 kt/yr (18 = 8 + 5 × 2). With the plan fixed (module counts
    # included) operations are an LP, so balance duals exist: one more kt of ore costs its variable
    # cost, 2 USD/kg, as capacity is spare. Stress under a ×1.5 surge (7.5 ≤ 8): 8 + 15 = 23, nothing unmet.
    from ree_opt.pipeline import Instance
    from ree_opt.stress import fix_plan

    rec = one_mine_records(var_cost=2.0, existing=0.0, demand=5.0)
    rec["processes"][0]["module_size"] = 4
    data, cfg = _setup(rec, [{"name": "surge", "probability": 1.0, "events": [{"kind": "demand", "sector": "s", "factor": 1.5}]}], lumpy=True)
    base = run_model(cfg, data=data)
    assert base.solve.is_mip and base.objective == pytest.approx(18.0)
    plan = Plan.from_instance(base.instance)
    assert plan.builds[("a", "d", 2025)] == pytest.approx(8.0)
    inst = Instance.create(cfg, data)
    fix_plan(inst, plan)
    sol = inst.solve()
    assert not sol.is_mip and sol.objective == pytest.approx(18.0)
    assert float(inst.tables()["marginal_costs"]["value"].iloc[0]) == pytest.approx(2.0)
    for persistent in (True, False):
        rows = _summary(stress_test(data, cfg, plan, persistent=persistent))
        assert rows["surge"]["cost"] == pytest.approx(23.0) and rows["surge"]["unmet_kt"] == pytest.approx(0.0)


def test_stress_fixes_every_first_stage_decision_of_the_plan(tmp_path):
    # Collection capacity is first stage (model.collection). stock_records with one tier at cost 3:
    # the least-cost plan collects 2 kt of scrap and builds 2 kt/yr of collection capacity:
    # 8·5 + 2·(1 + 3 + 0.1) = 48.2 (tests/model/test_collection.py). Stressed undisrupted, the plan
    # read back from its run folder (builds.csv + first_stage.csv) costs the same 48.2. A plan
    # without that capacity (collection fixed at 0) can only make magnets the primary way: 10·5 = 50.
    # If stress left collection free, both would cost 48.2.
    from ree_opt import runs
    from ree_opt.stress import read_plan

    rec = stock_records(lifetime=2, collection=0.0, years=(2025,), recycle=True)
    rec["collection_tiers"] = [{"sector": "s", "tier": 1, "share": 0.5, "cost": 3.0, "capex": 1.0, "lifetime": 10}]
    calm = [{"name": "calm", "probability": 1.0, "events": [{"kind": "demand", "sector": "s", "factor": 1.0}]}]
    data, cfg = _setup(rec, calm, recycling_from_stocks=True)
    base = run_model(cfg, data=data)
    assert base.objective == pytest.approx(48.2)
    plan = read_plan(runs.write_run(base, tmp_path))
    assert plan.other == {"v_collect_build": {("a", "scrap:eol", 1, 2025): pytest.approx(2.0)}}
    assert _summary(stress_test(data, cfg, plan))["undisrupted"]["cost"] == pytest.approx(48.2)
    without = Plan(builds=plan.builds, projects=plan.projects, other={})
    assert _summary(stress_test(data, cfg, without))["undisrupted"]["cost"] == pytest.approx(50.0)


def test_stress_marks_where_the_commodity_moves_in_each_scenario(monkeypatch):
    # two_region_records: undisrupted, a mines 5 kt (2 MUSD/kt) and ships them to b (freight 1): 3 < b's own 6.
    # With a's mining out (keep 0), b mines its own 5 and nothing moves in a: a's row is inactive in that
    # scenario only. The flags must come from each scenario's own values (the re-solve loads the rows'
    # variables), not from the first solve. (stress reports NdPr oxides; here the one commodity stands in.)
    import ree_opt.stress as stress

    monkeypatch.setattr(stress, "NDPR", ("ore:f",))
    scenarios = [{"name": "a_out", "probability": 1.0, "events": [{"kind": "outage", "region": "a", "stage": "mining", "keep": 0.0}]}]
    data, cfg = _setup(two_region_records(), scenarios)
    base = run_model(cfg, data=data)
    marg = stress_test(data, cfg, Plan.from_instance(base.instance)).tables["marginal_costs_ndpr"]
    active = marg.set_index(["scenario", "region"])["active"]
    assert active["undisrupted", "a"] and active["undisrupted", "b"]
    assert not active["a_out", "a"] and active["a_out", "b"]
