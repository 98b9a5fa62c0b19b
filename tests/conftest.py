"""Shared helpers: build tiny datasets in Python and solve them through the public API."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from ree_opt.api import run_model
from ree_opt.config import config_from_raw
from ree_opt.data import dataset_from_records

ROOT = Path(__file__).resolve().parents[1]


def one_mine_records(var_cost: float = 2.0, existing: float = 10.0, demand: float = 5.0) -> dict:
    """Region a with one deposit d producing ore:f, and demand for ore:f in a.

    Mining process `mine`: capex 10 MUSD per kt/yr, no fixed O&M, lifetime 10 yr, lead time 0.
    """
    return {
        "sources": [{"source": "test", "kind": "assumption", "citation": "test figure"}],
        "regions": [{"region": "a", "name": "A", "group": "g1", "cost_of_capital": 0.0}],
        "commodities": [{"commodity": "ore:f", "kind": "ore"}],
        "feeds": [{"feed": "f", "element": "nd", "share": 1.0}],
        "processes": [{"process": "mine", "stage": "mining", "capex": 10, "var_cost": var_cost, "lifetime": 10}],
        "deposits": [{"deposit": "d", "region": "a", "feed": "f", "process": "mine", "status": "operating"}],
        "existing_capacity": [{"region": "a", "process": "d", "capacity": existing}] if existing else [],
        "demand": [{"case": "base", "region": "a", "sector": "s", "commodity": "ore:f", "year": 2025, "demand": demand}],
    }


def tiny_config(start: int = 2025, end: int = 2025, step: int = 1, **overrides) -> dict:
    raw = {"name": "tiny", "dataset": ".", "demand_case": "base", "discount_rate": 0.0,
           "horizon": {"start": start, "end": end, "step": step}}
    raw.update(overrides)
    return raw


def solve(records: dict, **cfg_overrides):
    """Validate `records`, build and solve; fail the test unless the solve is optimal."""
    data = dataset_from_records(copy.deepcopy(records))
    cfg = config_from_raw(tiny_config(**cfg_overrides))
    run = run_model(cfg, data=data)
    assert run.solve.status == "optimal", run.solve
    return run


def var_values(component) -> dict:
    return {k: (v.value or 0.0) for k, v in component.items()}


@pytest.fixture(scope="session", params=["example.yaml", "example_circular.yaml"])
def example_run(request):
    """The example model (and with recycling from stocks), solved once each for the invariant tests."""
    from ree_opt.api import load_config

    run = run_model(load_config(ROOT / "models" / request.param))
    assert run.solve.status == "optimal"
    return run


def write_dataset(records: dict, folder: Path) -> Path:
    """Write records as CSV tables (the on-disk form the CLI reads)."""
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in records.items():
        if not rows:
            continue
        columns = sorted({k for row in rows for k in row})
        with (folder / f"{table}.csv").open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    return folder


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
        "compare": invoke("compare", "compare", str(models / "example.yaml"), str(models / "example_ex_china.yaml")),
        "stochastic": invoke("stochastic", "run", str(models / "example_stochastic.yaml")),
        "stress": invoke("stress", "stress", str(models / "example_stochastic.yaml"), "--plan", str(run)),
        "pareto": invoke("pareto", "pareto", str(models / "example.yaml"), "--metric", "radioactive_residue", "--points", "3"),
    }
