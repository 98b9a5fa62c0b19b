from __future__ import annotations
import pytest
from tests.helpers import solve, var_values
from tests.helpers import ROOT
from tests.helpers import lumpy_records, marginal_cost


def test_module_size_forces_an_overbuild():
    # Modules of 4 kt/yr: 5 kt/yr of demand needs 2 modules = 8 kt/yr (3 idle).
    # Objective = annuity 8 × 1 + variable 5 × 2 = 18 (the LP would build 5: 5 + 10 = 15).
    # Marginal cost of ore = 2 (variable cost only: the extra kt fits in the idle module), from the
    # LP re-solved with the module count fixed.
    run = solve(lumpy_records(module_size=4), lumpy=True, solver={"mip_gap": 0.0})
    assert run.solve.is_mip and run.solve.mip_gap == pytest.approx(0.0, abs=1e-9)
    assert var_values(run.model.v_build)[("a", "d", 2025)] == pytest.approx(8.0)
    assert var_values(run.model.v_modules)[("a", "d", 2025)] == pytest.approx(2.0)
    assert run.objective == pytest.approx(18.0)
    assert marginal_cost(run) == pytest.approx(2.0)


def test_minimum_plant_size_forces_an_overbuild():
    # Build 0 or ≥ 7 kt/yr: 7 is built for a demand of 5. Objective = 7 × 1 + 5 × 2 = 17.
    run = solve(lumpy_records(min_size=7), lumpy=True)
    assert var_values(run.model.v_build)[("a", "d", 2025)] == pytest.approx(7.0)
    assert var_values(run.model.v_build_on)[("a", "d", 2025)] == pytest.approx(1.0)
    assert run.objective == pytest.approx(17.0)


def test_minimum_size_can_make_building_not_worth_it():
    # Demand 5, minimum plant 20 kt/yr, unmet penalty 5 MUSD/kt. The LP builds 5 at 1 + 2 = 3 per kt
    # (objective 15). The MIP: a plant costs 20 × 1 + 5 × 2 = 30 > 5 × 5 = 25 for leaving it all unmet,
    # so nothing is built (objective 25).
    rec = lumpy_records(min_size=20)
    rec["commodities"][0]["unmet_penalty"] = 5
    lp = solve(rec)
    assert lp.objective == pytest.approx(15.0)
    mip = solve(rec, lumpy=True)
    assert var_values(mip.model.v_build)[("a", "d", 2025)] == pytest.approx(0.0)
    assert mip.objective == pytest.approx(25.0)


def test_lumpy_off_by_default_keeps_the_lp():
    # Same data, no switch: an LP that builds exactly 5 (objective 15), marginal cost 1 + 2 = 3.
    run = solve(lumpy_records(module_size=4, min_size=7))
    assert not run.solve.is_mip
    assert run.objective == pytest.approx(15.0)
    assert marginal_cost(run) == pytest.approx(3.0)


def test_mip_stopped_early_returns_its_incumbent_clearly_marked(tmp_path):
    # Stop HiGHS at its first incumbent (a solution limit, like a time limit with a solution found):
    # the run keeps the incumbent with its tables, says `solution_limit_feasible` with the gap, exits 2.
    import json

    from typer.testing import CliRunner

    from ree_opt.cli import app

    result = CliRunner().invoke(app, ["run", str(ROOT / "models" / "example_lumpy.yaml"), "--out", str(tmp_path),
                                      "--set", "solver.extra.mip_max_improving_sols=1"])
    assert result.exit_code == 2, result.output
    (folder,) = (tmp_path / "example_lumpy").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "solution_limit_feasible" and manifest["is_mip"]
    assert manifest["mip_gap"] > 0 and manifest["mip_objective_musd"] >= manifest["objective_musd"] - 1e-6
    assert "builds.csv" in manifest["tables"] and "marginal_costs.csv" in manifest["tables"]
    assert "MIP gap" in result.output
