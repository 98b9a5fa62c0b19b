from __future__ import annotations
import pytest
from ree_opt.config import config_from_raw
from ree_opt.data import dataset_from_records
from ree_opt.errors import ConfigError
from tests.helpers import tiny_config
import copy
from ree_opt.pareto import trace_front
from tests.helpers import emitting_two_regions


def test_pareto_front_end_points_and_middle():
    # Min cost: all from a, 20 kt CO2e at cost 10. Min CO2e (demand still met): all from b, 5 kt at 30.
    # Three points ε = 20, 12.5, 5. Middle: 2x + 0.5 (10 − x) ≤ 12.5 → x = 5 from a, cost 5 + 15 = 20.
    data = dataset_from_records(copy.deepcopy(emitting_two_regions()))
    front = trace_front(config_from_raw(tiny_config()), metric="co2e", points=3, data=data)
    pts = front.points
    assert list(pts["status"]) == ["optimal"] * 3
    assert list(pts["emissions"]) == pytest.approx([20.0, 12.5, 5.0], abs=1e-5)
    assert list(pts["cost"]) == pytest.approx([10.0, 20.0, 30.0], abs=1e-5)


def test_pareto_needs_a_metric_with_intensities():
    data = dataset_from_records(copy.deepcopy(emitting_two_regions()))
    with pytest.raises(ConfigError, match="--metric wastewater"):
        trace_front(config_from_raw(tiny_config()), metric="wastewater", points=3, data=data)


def test_pareto_front_of_a_mip():
    # b has no capacity and builds mine_b in modules of 4 kt/yr (annuity 1 MUSD per kt/yr).
    # Min cost: all 10 from a (20 kt CO2e, cost 10). Min CO2e: all from b, 3 modules = 12 kt/yr:
    # 12 + 10 × 3 = 42 at 5 kt. Middle ε = 12.5: a ≤ 5, so b makes 5 in 2 modules (8):
    # 5 × 1 + 5 × 3 + 8 = 28 (b making all 8 it built, a 2, would cost 2 + 24 + 8 = 34).
    rec = emitting_two_regions()
    rec["existing_capacity"] = [row for row in rec["existing_capacity"] if row["process"] != "e"]
    rec["processes"][1]["module_size"] = 4
    data = dataset_from_records(copy.deepcopy(rec))
    front = trace_front(config_from_raw(tiny_config(lumpy=True, solver={"mip_gap": 0.0})), points=3, data=data)
    assert list(front.points["status"]) == ["optimal"] * 3
    assert list(front.points["emissions"]) == pytest.approx([20.0, 12.5, 5.0], abs=1e-5)
    assert list(front.points["cost"]) == pytest.approx([10.0, 28.0, 42.0], abs=1e-5)
