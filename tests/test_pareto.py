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


@pytest.mark.parametrize("hold, emissions, costs", [
    (True, [20.0, 12.5, 5.0], [10.0, 20.0, 30.0]),
    (False, [20.0, 11.5, 3.0], [10.0, 10.0 + 2.0 * 8.5 / 1.5, 44.0]),
])
def test_demand_response_is_held_at_its_min_cost_level_unless_freed(hold, emissions, costs):
    # The two-mine case (a: 1 MUSD/kt, 2 t CO2e/t; b: 3 MUSD/kt, 0.5 t/t; demand 10) with demand response:
    # thrift ≤ 2 kt at 5, switching ≤ 2 kt at 8 (20 % of demand each). Min cost: all from a, no response.
    # Held: as without response — min CO2e all from b (5 kt, cost 30); middle ε 12.5 → 5 from a (cost 20).
    # Freed: min CO2e = 6 from b plus thrift 2 and switch 2: 3 kt CO2e at 18 + 10 + 16 = 44. Middle ε = 11.5:
    # per kt CO2e cut, a→b costs 2/1.5 = 1.33, thrift 4/2 = 2, switching 7/2 = 3.5; so a→b for x = 8.5/1.5:
    # cost 10 + 2x = 21.33.
    rec = copy.deepcopy(emitting_two_regions())
    rec["demand_response"] = [
        {"sector": "s", "step": "thrift", "order": 1, "cost": 5.0, "max_share": 0.2},
        {"sector": "s", "step": "switch", "order": 2, "cost": 8.0, "max_share": 0.2},
        {"sector": "s", "step": "loss", "order": 3, "max_share": 1.0},
    ]
    cfg = config_from_raw(tiny_config(demand_response=True, unmet_penalty=100.0))
    front = trace_front(cfg, metric="co2e", points=3, data=dataset_from_records(rec), hold_demand=hold)
    assert list(front.points["status"]) == ["optimal"] * 3
    assert list(front.points["emissions"]) == pytest.approx(emissions, abs=1e-5)
    assert list(front.points["cost"]) == pytest.approx(costs, abs=1e-5)
