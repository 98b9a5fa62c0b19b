"""Horizon consistency warnings, the HiGHS option allow-list, and the YAML loader."""

from __future__ import annotations

import highspy
import pytest

from tests.bad_inputs.tiny import records
from ree_opt.checks import horizon_warnings
from ree_opt.config import config_from_raw
from ree_opt.data import dataset_from_records
from ree_opt.errors import ConfigError
from ree_opt.highs_options import ALLOWED, apply_highs_options, extra_problems, new_highs

RAW = {"name": "tiny", "dataset": ".", "demand_case": "base", "horizon": {"start": 2025, "end": 2030, "step": 5}}


def test_no_warnings_for_the_valid_tiny_case():
    assert horizon_warnings(config_from_raw(RAW), dataset_from_records(records())) == []


def test_rule_covering_no_period_is_a_warning_naming_its_key():
    share = {"group": "g1", "commodities": ["metal:*"], "chain_groups": ["g1"], "share": 0.5}
    cfg = config_from_raw({**RAW, "policies": {"min_share": [share, {**share, "from_year": 2031}]},
                           "environment": {"caps": [{"limit": 1, "to_year": 2024}]}})
    # periods are 2025 and 2030: from 2031 covers neither, to 2024 neither
    assert horizon_warnings(cfg) == [
        "policies.min_share[1]: its years 2031–… cover no model period (2025–2030); the rule does nothing",
        "environment.caps[0]: its years …–2024 cover no model period (2025–2030); the rule does nothing",
    ]


def test_project_after_the_horizon_and_capacity_retired_before_it_are_warnings():
    rec = records()
    rec["projects"][0]["start_year"] = 2031  # last period 2030: never online
    rec["existing_capacity"][1]["retire_year"] = 2025  # offline from 2025 = the first period
    found = horizon_warnings(config_from_raw(RAW), dataset_from_records(rec))
    assert len(found) == 2
    assert "projects.csv row 2, column start_year: committed project 'p1' starts in 2031, after the last period 2030" in found[0]
    assert "existing_capacity.csv row 3, column retire_year: capacity of 'sep' in 'a' retires in 2025" in found[1]


def test_allowed_options_exist_in_this_highs_and_none_touches_files():
    h = new_highs()
    for name in ALLOWED:
        assert h.getOptionType(name)[0] == highspy.HighsStatus.kOk, name
        assert not any(word in name for word in ("file", "write", "read", "log", "output", "console")), name


def test_extra_problems_and_apply_check_every_status():
    assert extra_problems({"presolve": "off", "random_seed": 3, "primal_feasibility_tolerance": 1e-8}) == []
    assert extra_problems({"primal_feasibility_tolerance": 5}) == []  # an int is a fine double
    assert extra_problems({"mip_detect_symmetry": 1}) == ["solver.extra.mip_detect_symmetry: got 1, expected true or false"]
    h = new_highs()
    apply_highs_options(h, {"presolve": "off", "time_limit": 5.0})
    assert h.getOptionValue("presolve")[1] == "off" and h.getOptionValue("time_limit")[1] == 5.0
    with pytest.raises(ConfigError, match="HiGHS option presolve: HiGHS refused the value 'sometimes'"):
        apply_highs_options(h, {"presolve": "sometimes"})
    with pytest.raises(ConfigError, match="HiGHS option no_such_option: unknown to this HiGHS version"):
        apply_highs_options(h, {"no_such_option": 1})


def test_duplicate_key_in_an_override_value_is_an_error():
    from ree_opt.config import apply_overrides

    # the value of --set is YAML too, read by the same loader
    with pytest.raises(ConfigError, match=r"--set 'solver.extra=\{a: 1, a: 2\}': key 'a' is given twice \(first at line 1\)"):
        apply_overrides(RAW, ["solver.extra={a: 1, a: 2}"])


def test_many_late_projects_are_one_warning():
    rec = records()
    base = rec["projects"][0]
    rec["projects"] = [{**base, "project": f"p{i}", "start_year": 2031 + i} for i in range(5)]  # all after 2030
    (line,) = horizon_warnings(config_from_raw(RAW), dataset_from_records(rec))
    assert line.endswith("projects.csv: 5 projects start after the last period 2030 and never come online: "
                         "p0 (row 2, 2031), p1 (row 3, 2032), p2 (row 4, 2033) and 2 more")
