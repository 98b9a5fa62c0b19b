"""The command line: run writes a complete run folder, validate reports clear one-line errors."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.helpers import ROOT
from ree_opt.cli import app

runner = CliRunner()
EXAMPLE = str(ROOT / "models" / "example.yaml")


def test_run_writes_complete_run_folder(tmp_path):
    result = runner.invoke(app, ["run", EXAMPLE, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folders = [p for p in (tmp_path / "example").iterdir()]
    assert len(folders) == 1 and not folders[0].name.startswith(".tmp")
    folder = folders[0]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "optimal"
    assert set(manifest["timings_s"]) == {"load", "build", "handoff", "highs", "extract", "write"}
    assert manifest["model_size"]["variables"] > 0 and manifest["data_hash"]
    for name in manifest["tables"]:
        assert (folder / name).exists()
    costs = pd.read_csv(folder / "costs.csv")
    assert costs["value"].sum() == pytest.approx(manifest["objective_musd"], rel=1e-9)
    assert (folder / "config.yaml").exists()
    assert "example: optimal" in result.output


def test_second_run_never_overwrites(tmp_path):
    for _ in range(2):
        assert runner.invoke(app, ["run", EXAMPLE, "--out", str(tmp_path), "--set", "horizon.end=2030"]).exit_code == 0
    assert len(list((tmp_path / "example").iterdir())) == 2


def test_set_override_changes_the_model(tmp_path):
    result = runner.invoke(app, ["run", EXAMPLE, "--out", str(tmp_path), "--set", "horizon.end=2030", "--set", "name=short"])
    assert result.exit_code == 0, result.output
    (folder,) = (tmp_path / "short").iterdir()
    cap = pd.read_csv(folder / "capacity.csv")
    assert sorted(set(cap["year"])) == [2025, 2030]


def test_validate_dataset_and_model():
    for target in (str(ROOT / "data" / "example"), EXAMPLE):
        result = runner.invoke(app, ["validate", target])
        assert result.exit_code == 0, result.output
        assert "valid" in result.output


def test_validate_of_a_model_file_never_imports_the_solver_stack():
    """`validate` checks a model file against its data (prepare is plain Python): Pyomo and HiGHS stay unloaded."""
    import subprocess
    import sys

    probe = ("import runpy, sys; sys.argv = ['ree-opt', 'validate', sys.argv[1]]\n"
             "try:\n    runpy.run_module('ree_opt.cli', run_name='__main__')\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
             "print(sorted({k.split('.')[0] for k in sys.modules} & {'pyomo', 'highspy'}))")
    out = subprocess.run([sys.executable, "-c", probe, str(ROOT / "models" / "global.yaml")], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr


def test_validate_bad_dataset_gives_one_clear_line(tmp_path):
    folder = tmp_path / "bad"
    shutil.copytree(ROOT / "data" / "example", folder)
    path = folder / "processes.csv"
    path.write_text(path.read_text().replace("sep_full,separation,kt REO of feed,65", "sep_full,separation,kt REO of feed,lots"))
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "processes.csv row 4, column capex: is not valid: got 'lots', expected a number ≥ 0" in lines[0]
    assert "Traceback" not in result.output


def test_run_with_bad_override_fails_cleanly(tmp_path):
    result = runner.invoke(app, ["run", EXAMPLE, "--out", str(tmp_path), "--set", "demand_case=nope"])
    assert result.exit_code == 1
    assert "demand_case 'nope'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "example").exists() or not any((tmp_path / "example").iterdir())


def test_time_limited_solve_is_reported_not_silent(tmp_path):
    # A 1e-9 s limit stops HiGHS before it proves optimality; the run must say so and exit 2.
    result = runner.invoke(app, ["run", EXAMPLE, "--out", str(tmp_path), "--set", "solver.time_limit=1e-9"])
    assert result.exit_code == 2, result.output
    (folder,) = (tmp_path / "example").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"].startswith("time_limit")


def test_schema_prints_every_table():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    for table in ("regions.csv", "deposits.csv", "process_io.csv", "demand.csv"):
        assert table in result.output


def test_report_draws_figures_from_a_run_folder(tmp_path):
    assert runner.invoke(app, ["run", EXAMPLE, "--out", str(tmp_path)]).exit_code == 0
    (folder,) = (tmp_path / "example").iterdir()
    result = runner.invoke(app, ["report", str(folder), "--year", "2030"])
    assert result.exit_code == 0, result.output
    for name in ("report.html", "flows.png", "shares.png", "capacity.png", "costs.png", "prices.png", "emissions.png"):
        assert (folder / "report" / name).stat().st_size > 0
    assert runner.invoke(app, ["report", str(tmp_path)]).exit_code == 1  # not a result folder: clear error


def test_report_refuses_a_folder_of_an_unknown_kind(tmp_path):
    folder = tmp_path / "lottery"
    folder.mkdir()
    (folder / "manifest.json").write_text('{"model": "x", "kind": "lottery"}')
    result = runner.invoke(app, ["report", str(folder)])
    assert result.exit_code == 1 and "kind 'lottery'" in result.output and "Traceback" not in result.output


def test_keep_lp_file_puts_the_lp_in_the_run_folder(tmp_path):
    result = runner.invoke(app, ["run", EXAMPLE, "--out", str(tmp_path), "--set", "solver.keep_lp_file=true"])
    assert result.exit_code == 0, result.output
    (folder,) = (tmp_path / "example").iterdir()
    # the file is the LP HiGHS solved: read back, it has the run's size and solves to the run's objective
    import highspy

    manifest = json.loads((folder / "manifest.json").read_text())
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    assert h.readModel(str(folder / "model.lp")) != highspy.HighsStatus.kError
    size = manifest["model_size"]
    assert (h.getNumCol(), h.getNumRow(), h.getNumNz()) == (size["lp_columns"], size["lp_rows"], size["lp_nonzeros"])
    h.run()
    assert h.getInfo().objective_function_value == pytest.approx(manifest["objective_musd"], rel=1e-9)
