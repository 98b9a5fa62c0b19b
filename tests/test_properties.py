"""Property-based tests (hypothesis): random small valid datasets solve with every balance holding
and the cost components adding up to the objective; a random corruption of one cell of a valid
dataset gives one clear error line and never a traceback.

Example counts come from the hypothesis profile loaded in conftest.py (`ci`: 200 per property).
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.bad_inputs.tiny import MODEL, records, write_case
from ree_opt.api import run_model
from ree_opt.cli import app
from ree_opt.config import config_from_raw
from ree_opt.data import dataset_from_records
from ree_opt.schema import REGISTRY

YEARS = (2025, 2030)
ELEMENTS = ("nd", "pr")


def _num(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False).map(lambda x: round(x, 4))


@st.composite
def valid_datasets(draw) -> tuple[dict, dict]:
    """A chain mine → separation in 1–3 regions of two groups, demand for both oxides, random
    costs, losses, capacities and limits within the schema's ranges. Unmet demand is priced and
    surplus disposable, so every such model is feasible. Returns (records, model settings)."""
    n = draw(st.integers(1, 3))
    regions = [f"r{i}" for i in range(n)]
    src = {"source": "t"}
    nd = draw(_num(0.0, 1.0))
    rec: dict[str, list[dict]] = {
        "sources": [{"source": "t", "kind": "assumption", "citation": "random test data"}],
        "regions": [{"region": r, "name": r, "group": draw(st.sampled_from(["g1", "g2"])), "cost_of_capital": draw(_num(0, 0.5)), **src} for r in regions],
        "commodities": [{"commodity": "ore:f", "kind": "ore", "transport_cost": draw(_num(0, 10)), "transport_loss": draw(_num(0, 0.5)), **src}]
        + [{"commodity": f"oxide:{e}", "kind": "oxide", "element": e, "transport_cost": draw(_num(0, 10)), "transport_loss": draw(_num(0, 0.5)),
            "disposal_cost": draw(_num(0, 10)), "unmet_penalty": draw(_num(1, 1e4)), **src} for e in ELEMENTS],
        "feeds": [{"feed": "f", "element": "nd", "share": nd, **src}, {"feed": "f", "element": "pr", "share": round(1 - nd, 4), **src}],
        "processes": [{"process": k, "stage": stage, "capex": draw(_num(0, 100)), "fixed_om": draw(_num(0, 5)), "var_cost": draw(_num(0, 50)),
                       "lifetime": draw(st.integers(1, 40)), "lead_time": draw(st.integers(0, 5)), "availability": draw(_num(0.1, 1.0)), **src}
                      for k, stage in (("mine", "mining"), ("sep", "separation"))],
        "separation": [{"process": "sep", "element": e, "recovery": draw(_num(0, 1)), **src} for e in ELEMENTS],
        "deposits": [{"deposit": f"d{r}", "region": r, "feed": "f", "process": "mine", "status": "operating",
                      "reserves": draw(st.none() | _num(0, 1e4)), "max_capacity": draw(st.none() | _num(0, 1e3)), **src} for r in regions],
        "existing_capacity": [{"region": r, "process": k, "capacity": draw(_num(0, 100)), **src} for r in regions for k in (f"d{r}", "sep")],
        "demand": [{"case": "base", "region": r, "sector": "s", "commodity": f"oxide:{e}", "year": y, "demand": draw(_num(0, 100)), **src}
                   for r in regions for e in ELEMENTS for y in YEARS],
    }
    model = {"discount_rate": draw(_num(0, 0.1)), "invest": draw(st.booleans())}
    return rec, model


def _balance_gaps(run, rec: dict) -> dict:
    """demand − (production − consumption + (1 − loss)·imports − exports + unmet − disposal), from the
    result tables and the generated data only (not from the model's own constraints)."""
    loss = {c["commodity"]: c["transport_loss"] for c in rec["commodities"]}
    t = run.tables
    net = defaultdict(float)
    for r, c, y, v in zip(*(t["flows"][k] for k in ("region", "commodity", "year", "value"))):
        net[(r, c, y)] += v
    for c, o, d, y, v in zip(*(t["shipments"][k] for k in ("commodity", "origin", "destination", "year", "value"))):
        net[(o, c, y)] -= v
        net[(d, c, y)] += (1 - loss[c]) * v
    for r, c, y, v in zip(*(t["unmet_demand"][k] for k in ("region", "commodity", "year", "value"))):
        net[(r, c, y)] += v
    for r, c, y, v in zip(*(t["disposal"][k] for k in ("region", "commodity", "year", "value"))):
        net[(r, c, y)] -= v
    demand = _period_demand(rec)
    return {key: demand.get(key, 0.0) - net.get(key, 0.0) for key in set(net) | set(demand)}


def _period_demand(rec: dict) -> dict:
    """Demand of each 5-year period: the mean over its years t … t+4 of the data, linear between
    2025 and 2030 and flat after; so period 2025 = d25 + 0.4·(d30 − d25) (years 0…4 of 5 → mean 2/5)
    and period 2030 = d30."""
    points: dict = defaultdict(dict)
    for d in rec["demand"]:
        points[(d["region"], d["commodity"])][d["year"]] = d["demand"]
    out = {}
    for (r, c), by_year in points.items():
        d25, d30 = by_year[2025], by_year[2030]
        out[(r, c, 2025)] = d25 + 0.4 * (d30 - d25)
        out[(r, c, 2030)] = d30
    return out


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(valid_datasets())
def test_random_valid_datasets_solve_balance_and_cost_up(case):
    rec, model = case
    data = dataset_from_records(rec)
    cfg = config_from_raw({"name": "prop", "dataset": ".", "demand_case": "base", "horizon": {"start": 2025, "end": 2030, "step": 5}, **model})
    run = run_model(cfg, data=data)
    assert run.solve.status == "optimal", run.solve
    gaps = _balance_gaps(run, rec)
    worst = max(gaps, key=lambda k: abs(gaps[k]))
    assert abs(gaps[worst]) <= 1e-6, (worst, gaps[worst])
    assert float(run.tables["costs"]["value"].sum()) == pytest.approx(run.objective, rel=1e-9, abs=1e-6)


# --- single-cell corruptions ------------------------------------------------------------------

CELLS = [(name, i, col) for name, rows in records().items() for i, row in enumerate(rows) for col in row]
NASTY = st.sampled_from(["", " ", "nan", "inf", "-inf", "1e300", "-1e300", "1e-300", "-1", "0", "2.5", "99999", "abc", "a b",
                         "zz", "x;y", "*", "oxide:*", "true", "ore:f", "oxide:nd", "metal:nd", "a", "b", "g1", "mine", "sep",
                         "smelt", "d", "committed", "mining", "\"", ",", "'", "\u00e9", "\u202e", "1e9", "1000000001"])
VALUES = NASTY | st.text(max_size=12) | st.floats(allow_nan=True, allow_infinity=True).map(repr) | st.integers(-10**12, 10**12).map(str)
runner = CliRunner()


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(CELLS), VALUES)
def test_single_cell_corruption_is_one_clear_line(tmp_path_factory, cell, value):
    name, i, col = cell
    rec = records()
    assume(str(rec[name][i][col]) != value)
    rec[name][i][col] = value
    root = tmp_path_factory.mktemp("c")
    path = write_case(root, rec, MODEL)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        return  # the new value happens to be valid (e.g. another known region)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    # the line names a file (with row, line or column) of the dataset, or the model file
    assert lines[0].startswith("error: ") and (".csv" in lines[0] or "tiny.yaml" in lines[0]), lines[0]


def test_corruption_cells_cover_every_table_of_the_tiny_case():
    assert {name for name, _, _ in CELLS} == set(records()) and all(name in REGISTRY for name, _, _ in CELLS)


# --- single-key corruptions of the model file ---------------------------------------------------

KEYS = ["name", "dataset", "horizon", "horizon.start", "horizon.end", "horizon.step", "base_year", "discount_rate", "demand_case",
        "invest", "unmet_penalty", "solver", "solver.time_limit", "solver.threads", "solver.method", "solver.mip_gap", "solver.extra",
        "solver.extra.presolve", "solver.extra.random_seed", "solver.keep_lp_file", "policies", "policies.exclude", "policies.trade_bans",
        "policies.min_share", "policies.stockpiles", "policies.tariffs", "disruptions", "stochastic", "risk.alpha", "environment.caps",
        "environment.carbon_price", "recycling_from_stocks", "held_at_base_year", "lumpy", "output_dir", "extends", "nonsense"]
SCALARS = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=8) \
    | st.sampled_from(["g1", "g2", "a", "b", "*", "metal:*", "oxide:nd", "base", "2030", "1e300", "-1", "[]", "{}"])
YAML_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(["group", "share", "commodities", "chain_groups", "origin", "from_year", "to_year", "limit", "kind", "name",
                     "probability", "events", "region", "x"]), inner, max_size=4), max_leaves=8)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(KEYS), YAML_VALUES)
def test_single_key_corruption_of_the_model_is_one_clear_line(tmp_path_factory, key, value):
    import yaml

    root = tmp_path_factory.mktemp("m")
    path = write_case(root, records(), MODEL)
    text = yaml.safe_dump(value, default_flow_style=True, width=10**6).strip().removesuffix("...").strip()
    result = runner.invoke(app, ["validate", str(path), "--set", f"{key}={text}"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        # one line per problem: a value with several bad fields (a mapping, a list) may hold several,
        # each naming the model file and its key; never an echo of the mapping
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert lines[0].startswith("error: "), result.output  # the model file, --set, or the dataset path it names
        assert all(line.startswith(str(path)) for line in lines[1:]), result.output
        assert all(len(line) < 400 for line in lines), result.output
