"""Invariants that must hold on any solved model, checked on the example model."""

from __future__ import annotations

from collections import defaultdict

import pyomo.environ as pyo
import pytest

from ree_opt.results import balance_residuals

TOL = 1e-6


def test_every_commodity_balance_holds(example_run):
    residuals = balance_residuals(example_run.model)
    assert residuals, "the example model must have balance constraints"
    worst = max(residuals.items(), key=lambda kv: kv[1])
    assert worst[1] < TOL, f"balance {worst[0]} off by {worst[1]}"


def test_balance_recomputed_from_result_tables(example_run):
    # Independent of the constraint objects: production − consumption + imports − exports
    # + unmet − disposal must equal demand for every (region, commodity, year).
    t = example_run.tables
    s = example_run.core
    net = defaultdict(float)
    for r, c, y, v in zip(t["flows"]["region"], t["flows"]["commodity"], t["flows"]["year"], t["flows"]["value"]):
        net[(r, c, y)] += v
    for c, o, d, y, v in zip(*(t["shipments"][k] for k in ("commodity", "origin", "destination", "year", "value"))):
        net[(o, c, y)] -= v
        net[(d, c, y)] += v * (1 - s.routes[(c, o, d)].loss)
    for r, c, y, v in zip(*(t["unmet_demand"][k] for k in ("region", "commodity", "year", "value"))):
        net[(r, c, y)] += v
    for r, c, y, v in zip(*(t["disposal"][k] for k in ("region", "commodity", "year", "value"))):
        net[(r, c, y)] -= v
    for key in set(net) | set(s.demand):
        assert net.get(key, 0.0) == pytest.approx(s.demand.get(key, 0.0), abs=1e-5), key


def test_no_activity_above_capacity(example_run):
    m, s = example_run.model, example_run.core
    used = defaultdict(float)
    for (r, k, _mode, t), var in m.v_activity.items():
        used[(r, k, t)] += var.value
    for (r, k, t), level in used.items():
        cap = pyo.value(m.e_capacity[r, k, t])
        assert level <= s.units[(r, k)].availability * cap + TOL, (r, k, t, level, cap)


def test_reserves_and_deposit_limits_respected(example_run):
    m, s = example_run.model, example_run.core
    for (r, k), u in s.units.items():
        if u.reserves is not None:
            mined = sum(s.length[t] * var.value for (rr, kk, _m, t), var in m.v_activity.items() if (rr, kk) == (r, k))
            assert mined <= u.reserves + TOL
        if u.max_capacity is not None:
            for t in s.periods:
                assert pyo.value(m.e_capacity[r, k, t]) <= max(u.max_capacity, s.existing.get((r, k, t), 0)) + TOL


def test_unmet_never_exceeds_demand_and_costs_add_up(example_run):
    um = example_run.tables["unmet_demand"]
    assert (um["value"] <= um["demand"] + TOL).all()
    assert (um["value"] >= -TOL).all()
    assert example_run.tables["costs"]["value"].sum() == pytest.approx(example_run.objective, rel=1e-9)


def test_shares_sum_to_one_per_stage_and_year(example_run):
    shares = example_run.tables["production_shares"]
    totals = shares.groupby(["stage", "year"])["share"].sum()
    assert totals.to_numpy() == pytest.approx(1.0)
    assert set(shares["stage"]) >= {"mining", "separation", "metal", "magnet", "recycling"}


def test_builds_come_online_after_their_lead_time_and_add_capacity_then(example_run):
    s = example_run.core
    capacity = example_run.tables["capacity"]
    online_cap = {(r, k, y): v for r, k, y, v in zip(capacity["region"], capacity["process"], capacity["year"], capacity["value"])}
    builds = example_run.tables["builds"]
    assert not builds.empty
    for r, k, y, online, project in zip(*(builds[c] for c in ("region", "process", "year", "online_from", "project"))):
        if isinstance(project, str):
            assert online >= s.projects[project].start_year  # a project is never online before its start year
        else:
            assert online >= y + s.units[(r, k)].lead_time
        assert online in s.periods and online_cap.get((r, k, online), 0.0) > 0  # the capacity is there that year
