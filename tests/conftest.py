"""Fixtures shared by the test files (helpers live in tests/helpers.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from ree_opt.api import run_model
from tests.helpers import ROOT

# property tests: 200 examples each in CI and by default; HYPOTHESIS_PROFILE=dev for a quick look,
# HYPOTHESIS_PROFILE=thorough (2000) to hunt for new failures
settings.register_profile("ci", max_examples=200, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session", params=["example.yaml", "example_circular.yaml"])
def example_run(request):
    """The example model (and with recycling from stocks), solved once each for the invariant tests."""
    from ree_opt.api import load_config

    run = run_model(load_config(ROOT / "models" / request.param))
    assert run.solve.status == "optimal"
    return run


@pytest.fixture(scope="session")
def result_folders(tmp_path_factory) -> dict[str, Path]:
    """One folder of each kind the report draws, from the example models, written once per session.

    They go to $REE_OPT_ARTIFACTS when set (so CI can keep the reports and screenshots), else to a tmp dir."""
    import os

    from typer.testing import CliRunner

    from ree_opt.cli import app

    base = Path(os.environ["REE_OPT_ARTIFACTS"]) if os.environ.get("REE_OPT_ARTIFACTS") else tmp_path_factory.mktemp("results")
    runner, models = CliRunner(), ROOT / "models"

    def invoke(kind: str, *args: str) -> Path:
        """Run the command into base/<kind>; return the folder written last (compare writes run folders first)."""
        out = base / kind
        result = runner.invoke(app, [*args, "--out", str(out)])
        assert result.exit_code == 0, result.output
        newest = max((p for p in out.rglob("manifest.json") if ".tmp" not in str(p)), key=lambda p: p.stat().st_mtime)
        return newest.parent

    run = invoke("run", "run", str(models / "example.yaml"))
    return {
        "run": run,
        "compare": invoke("compare", "compare", str(models / "example.yaml"), str(models / "example_china_ban.yaml"),
                          str(models / "example_ex_china.yaml")),
        "stochastic": invoke("stochastic", "run", str(models / "example_stochastic.yaml")),
        "stress": invoke("stress", "stress", str(models / "example_stochastic.yaml"), "--plan", str(run)),
        "pareto": invoke("pareto", "pareto", str(models / "example.yaml"), "--metric", "radioactive_residue", "--points", "3"),
        "sensitivity": invoke("sensitivity", "sensitivity", str(models / "example.yaml"), "--set", "horizon.end=2035",
                              "--vary", "demand[case=base]*0.9,1.1", "--indicator", "share:magnet:china:2035"),
        "mga": invoke("mga", "mga", str(models / "example.yaml"), "--set", "horizon.end=2035", "--slacks", "0.005,0.02",
                      "--indicator", "share:separation:china:2035"),
    }
