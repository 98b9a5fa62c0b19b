"""The exit-code contract: infeasibility explained (2), internal errors logged (3), Ctrl-C stops HiGHS (130),
status folders (`…-failed`), report refusing non-optimal runs, validate --set, horizon warnings."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from ree_opt.cli import app
from tests.bad_inputs.tiny import MODEL, records, write_case
from tests.helpers import ROOT

runner = CliRunner()

# Region b (group g2) has demand, no deposit; its only source is region a (g1). A ban g1 → g2
# closes every route, and min_share asks 100 % of g2's demand from a chain in g1 ∪ g2 that
# delivers to b: infeasible (unmet demand does not count as served).
INFEASIBLE = MODEL + """policies:
  trade_bans: [{origin: g1, destination: g2}]
  min_share: [{group: g2, commodities: ['metal:*'], chain_groups: [g1, g2], share: 1.0}]
"""


def test_infeasible_min_share_is_explained_written_and_exits_2(tmp_path):
    path = write_case(tmp_path, records(), INFEASIBLE)
    result = runner.invoke(app, ["run", str(path), "--out", str(tmp_path / "runs")])
    assert result.exit_code == 2, result.output
    assert "infeasible: these rules cannot all hold together" in result.output
    assert "\n  policies.min_share[0]\n" in result.output
    assert "c_share: demand served by the chain ≥ share × demand" in result.output
    (folder,) = (tmp_path / "runs" / "tiny").iterdir()
    assert folder.name.endswith("-failed")  # no solution: the folder says so in its name
    table = pd.read_csv(folder / "infeasibility.csv")
    assert set(table["rule"]) == {"policies.min_share[0]"} and "c_share" in set(table["family"])
    assert json.loads((folder / "manifest.json").read_text())["status"] == "infeasible"
    # report refuses a run that is not optimal unless asked
    refused = runner.invoke(app, ["report", str(folder)])
    assert refused.exit_code == 1 and "is 'infeasible', not optimal; pass --allow-nonoptimal" in refused.output


def test_internal_error_exits_3_with_the_traceback_in_a_log(tmp_path, monkeypatch):
    import ree_opt.api

    def broken(*args, **kwargs):
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(ree_opt.api, "run_model", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    path = write_case(tmp_path, records())
    result = runner.invoke(app, ["run", str(path), "--out", str(tmp_path / "runs")])
    assert result.exit_code == 3
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("internal error: ZeroDivisionError: float division by zero (a bug in ree-opt")
    (log,) = tmp_path.glob("ree-opt-crash-*.log")
    assert str(log) in lines[0] and "Traceback" in log.read_text() and "broken" in log.read_text()
    assert "Traceback" not in result.output


def test_validate_takes_set_and_prints_horizon_warnings_once(tmp_path):
    rec = records()
    rec["projects"][0]["start_year"] = 2040  # after the last period 2030
    path = write_case(tmp_path, rec)
    result = runner.invoke(app, ["validate", str(path), "--set", "horizon.end=2025"])
    assert result.exit_code == 0, result.output
    # with the horizon cut to 2025 the project (2040) is never online
    assert result.output.count("committed project 'p1' starts in 2040, after the last period 2025; it never comes online") == 1
    bad = runner.invoke(app, ["validate", str(path), "--set", "horizon.end=2020"])
    assert bad.exit_code == 1 and "horizon.end (2020) is before horizon.start (2025)" in bad.output


def test_out_inside_a_finished_run_is_refused_before_solving(tmp_path):
    path = write_case(tmp_path, records())
    assert runner.invoke(app, ["run", str(path), "--out", str(tmp_path / "runs")]).exit_code == 0
    (finished,) = (tmp_path / "runs" / "tiny").iterdir()
    result = runner.invoke(app, ["run", str(path), "--out", str(finished)])
    assert result.exit_code == 1 and "lies inside the finished run folder" in result.output
    assert [p.name for p in finished.iterdir() if p.is_dir()] == []  # nothing nested


def _wait_for_highs(tmp: Path, proc: subprocess.Popen, limit: float = 240.0) -> None:
    """With `solver.keep_lp_file`, the hand-off has HiGHS write the LP it holds into a `ree_opt_lp_*`
    folder in TMPDIR right before the solve: once that file has stopped growing, HiGHS is solving."""
    size, since, t0 = -1, 0.0, time.monotonic()
    while time.monotonic() - t0 < limit and proc.poll() is None:
        try:
            now = sum(f.stat().st_size for f in tmp.glob("ree_opt_lp_*/model.lp"))
        except FileNotFoundError:  # removed between glob and stat: the run ended
            now = -1
        if now > 0 and now == size and time.monotonic() - since > 0.3:
            return
        if now != size:
            size, since = now, time.monotonic()
        time.sleep(0.05)
    raise AssertionError("HiGHS never started")


@pytest.mark.slow
def test_ctrl_c_stops_highs_on_the_annual_global_model_within_2_s(tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "runs"
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "ree_opt.cli", "run", str(ROOT / "models" / "global.yaml"), "--set", "horizon.step=1",
                             "--set", "solver.keep_lp_file=true", "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        _wait_for_highs(tmp, proc)
        time.sleep(0.5)  # well inside the solve (HiGHS takes ~20 s on it)
        t0 = time.monotonic()
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
        elapsed = time.monotonic() - t0
    finally:
        proc.kill()
    assert proc.returncode == 130, stderr
    assert elapsed < 2.0, elapsed
    assert stderr.strip().endswith("interrupted: nothing written") and "Traceback" not in stderr
    assert not out.exists() or not any(out.rglob("*"))


def test_out_on_a_file_is_refused_before_solving(tmp_path):
    path = write_case(tmp_path, records())
    (tmp_path / "afile").write_text("x")
    result = runner.invoke(app, ["run", str(path), "--out", str(tmp_path / "afile")])
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "is a file, expected a folder for run folders" in result.output


def test_a_run_without_solution_is_written_as_failed(tmp_path):
    # a 1e-9 s limit stops HiGHS before any feasible point on the example
    result = runner.invoke(app, ["run", str(ROOT / "models" / "example.yaml"), "--out", str(tmp_path), "--set", "solver.time_limit=1e-9"])
    assert result.exit_code == 2, result.output
    (folder,) = (tmp_path / "example").iterdir()
    status = json.loads((folder / "manifest.json").read_text())["status"]
    assert status == "time_limit_no_solution" and folder.name.endswith("-failed")


def test_compare_without_a_solution_is_not_optimal_exit_2(tmp_path):
    one = str(ROOT / "models" / "example.yaml")
    two = str(ROOT / "models" / "example_ex_china.yaml")
    result = runner.invoke(app, ["compare", one, two, "--out", str(tmp_path), "--set", "solver.time_limit=1e-9"])
    assert result.exit_code == 2, result.output
    assert "not optimal: model 'example': solver status time_limit_no_solution" in result.output
    assert not (tmp_path / "compare").exists()


def test_ctrl_c_between_two_solves_says_which_complete_folder_it_kept(tmp_path, monkeypatch):
    import ree_opt.api

    real, calls = ree_opt.api.run_model, []

    def second_is_interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(ree_opt.api, "run_model", second_is_interrupted)
    result = runner.invoke(app, ["compare", str(ROOT / "models" / "example.yaml"), str(ROOT / "models" / "example_ex_china.yaml"),
                                 "--out", str(tmp_path)])
    assert result.exit_code == 130, result.output
    (kept,) = (tmp_path / "example").iterdir()
    assert result.output.strip().endswith(f"interrupted: kept {kept} (complete); nothing else written")
    assert not (tmp_path / "compare").exists() and not (tmp_path / "example_ex_china").exists()
