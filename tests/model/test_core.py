from __future__ import annotations
import pytest
from tests.helpers import one_mine_records, solve
from ree_opt.model.core import period_weights
from ree_opt.config import config_from_raw
from ree_opt.data import dataset_from_records
from ree_opt.errors import ConfigError
from ree_opt.model import prepare
from tests.helpers import tiny_config
from tests.helpers import two_regions


def test_discounting_of_annual_periods():
    # Existing capacity, demand 10 in 2025 and 2026, variable cost 2, discount rate 10 %:
    # objective = 20 + 20 / 1.1 = 38.181818.
    rec = one_mine_records(existing=20.0, demand=10.0)
    rec["demand"].append({**rec["demand"][0], "year": 2026})
    run = solve(rec, end=2026, discount_rate=0.1)
    assert run.objective == pytest.approx(20 + 20 / 1.1)


def test_multi_year_period_stands_for_its_years():
    # One 5-year period with rate 10 %: weight = Σ_{y=0..4} 1.1^−y = 4.169865; annual cost 20.
    weights = period_weights([2025], {2025: 5}, 0.1, 2025)
    assert weights[2025] == pytest.approx(1 + 1 / 1.1 + 1 / 1.1**2 + 1 / 1.1**3 + 1 / 1.1**4)
    rec = one_mine_records(existing=20.0, demand=10.0)
    run = solve(rec, step=5, discount_rate=0.1)
    assert run.objective == pytest.approx(20 * 4.169865, rel=1e-6)


def test_region_override_beats_deposit_value_beats_process_value():
    # Process var_cost 2, deposit-specific 3, region override 0 for fixed O&M only: the deposit's
    # 3 applies (5 kt × 3 = 15). A zero deposit value is a value, not a blank: 0 → objective 0.
    rec = one_mine_records()
    rec["deposits"][0]["var_cost"] = 3
    rec["process_region_costs"] = [{"region": "a", "process": "d", "fixed_om": 0}]
    assert solve(rec).objective == pytest.approx(15.0)
    rec["deposits"][0]["var_cost"] = 0
    assert solve(rec).objective == pytest.approx(0.0)
    rec["process_region_costs"] = [{"region": "a", "process": "d", "var_cost": 1}]
    assert solve(rec).objective == pytest.approx(5.0)


def test_exclusion_removes_a_region_with_its_supply():
    # Excluding g1 removes region a and its mine: b supplies itself at 4 → 40.
    run = solve(two_regions(), policies={"exclude": ["g1"]})
    assert run.objective == pytest.approx(40.0)
    assert "a" not in run.core.regions


def test_policy_naming_unknown_place_or_commodity_is_a_clear_error():
    data = dataset_from_records(two_regions())
    for policies, message in [
        ({"trade_bans": [{"origin": "atlantis"}]}, "policies.trade_bans: unknown region or group 'atlantis'"),
        ({"exclude": ["g1", "g2"]}, "removes every region"),
        ({"min_share": [{"group": "g2", "commodities": ["magnet:*"], "chain_groups": ["g2"], "share": 0.5}]}, "'magnet:\\*' matches no commodity"),
    ]:
        cfg = config_from_raw(tiny_config(policies=policies))
        with pytest.raises(ConfigError, match=message):
            prepare(cfg, data)


def test_project_starting_after_the_horizon_is_left_out():
    # A committed project online from 2030 in a 2025-only model adds nothing and costs nothing:
    # the objective is the single-mine one, 5 × 2 = 10.
    rec = one_mine_records()
    rec["processes"].append({"process": "sep", "stage": "separation", "capex": 1, "lifetime": 10})
    rec["commodities"].append({"commodity": "oxide:nd", "kind": "oxide", "element": "nd"})
    rec["separation"] = [{"process": "sep", "element": "nd", "recovery": 1.0}]
    rec["projects"] = [{"project": "later", "region": "a", "process": "sep", "capacity": 3, "start_year": 2030, "status": "committed"}]
    run = solve(rec, invest=False)
    assert "later" not in run.core.projects
    assert run.objective == pytest.approx(10.0)
