"""Shared test helpers: tiny datasets built in Python, solved through the public API (imported by tests, not by conftest magic)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from ree_opt.api import run_model
from ree_opt.config import config_from_raw
from ree_opt.data import dataset_from_records
from ree_opt.errors import ConfigError

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


def cost(run, component: str) -> float:
    table = run.tables["costs"]
    return float(table.loc[table["component"] == component, "value"].iloc[0])


def _three_regions(loss_b_to_c: float = 0.0) -> dict:
    rec = one_mine_records(var_cost=1.0, existing=20.0)
    rec["regions"] += [{"region": r, "name": r.upper(), "group": "g1", "cost_of_capital": 0.0} for r in ("b", "c")]
    rec["processes"].append({"process": "mine_b", "stage": "mining", "capex": 10, "var_cost": 2, "lifetime": 10})
    rec["deposits"].append({"deposit": "e", "region": "b", "feed": "f", "process": "mine_b", "status": "operating"})
    rec["existing_capacity"].append({"region": "b", "process": "e", "capacity": 20})
    rec["transport"] = [
        {"origin": "a", "destination": "c", "commodity": "ore:f", "cost": 5},
        {"origin": "b", "destination": "c", "commodity": "ore:f", "cost": 1, "loss": loss_b_to_c},
    ]
    rec["demand"] = [{"case": "base", "region": "c", "sector": "s", "commodity": "ore:f", "year": 2025, "demand": 10}]
    return rec


def two_regions(mine_in_b: bool = True) -> dict:
    """Region a (group g1) has a mine at 1 MUSD/kt; region b (group g2) one at 4 MUSD/kt and
    demand 10 kt of ore:f. Freight is free. Without policy b imports all 10 from a: cost 10."""
    rec = one_mine_records(var_cost=1.0, existing=20.0)
    rec["regions"].append({"region": "b", "name": "B", "group": "g2", "cost_of_capital": 0.0})
    rec["commodities"][0]["unmet_penalty"] = 100
    if mine_in_b:
        rec["processes"].append({"process": "mine_b", "stage": "mining", "capex": 10, "var_cost": 4, "lifetime": 10})
        rec["deposits"].append({"deposit": "e", "region": "b", "feed": "f", "process": "mine_b", "status": "operating"})
        rec["existing_capacity"].append({"region": "b", "process": "e", "capacity": 20})
    rec["demand"] = [{"case": "base", "region": "b", "sector": "s", "commodity": "ore:f", "year": 2025, "demand": 10}]
    return rec


def stock_records(lifetime: float = 2, collection: float = 0.5, years=(2025, 2026, 2027, 2028), recycle: bool = False) -> dict:
    """Mine (2 MUSD/kt ore) → magnet plant `mag` (3 MUSD/kt, 1 kt ore per kt magnet) → demand 10 kt/yr
    of magnet:s in every year; sector s has a fixed lifetime and a constant collection rate.
    Historical consumption: 4 kt in 2023, 6 kt in 2024. With `recycle`, a short loop turns 1 kt
    of scrap:eol into 1 kt of magnet:s at 1 MUSD/kt. All capacity exists; nothing is built."""
    rec = one_mine_records(var_cost=2.0, existing=100.0)
    rec["commodities"] += [{"commodity": "magnet:s", "kind": "magnet"}, {"commodity": "scrap:eol", "kind": "scrap", "disposal_cost": 0}]
    rec["processes"].append({"process": "mag", "stage": "magnet", "capex": 1, "var_cost": 3, "lifetime": 10, "buildable": False})
    rec["process_io"] = [{"process": "mag", "commodity": "ore:f", "coef": -1}, {"process": "mag", "commodity": "magnet:s", "coef": 1}]
    rec["existing_capacity"].append({"region": "a", "process": "mag", "capacity": 100})
    if recycle:
        rec["processes"].append({"process": "short_loop", "stage": "recycling", "capex": 1, "var_cost": 1, "lifetime": 10, "buildable": False})
        rec["process_io"] += [{"process": "short_loop", "commodity": "scrap:eol", "coef": -1}, {"process": "short_loop", "commodity": "magnet:s", "coef": 1}]
        rec["existing_capacity"].append({"region": "a", "process": "short_loop", "capacity": 100})
    rec["demand"] = [{"case": "base", "region": "a", "sector": "s", "commodity": "magnet:s", "year": y, "demand": 10} for y in years]
    rec["sector_lifetimes"] = [{"sector": "s", "scrap": "scrap:eol", "distribution": "fixed", "scale": lifetime, "source": "test"}]
    rec["collection_rates"] = [{"sector": "s", "year": 2025, "rate": collection}]
    rec["historical_consumption"] = [{"region": "a", "sector": "s", "year": 2023, "value": 4}, {"region": "a", "sector": "s", "year": 2024, "value": 6}]
    return rec


def solve_stocks(records: dict, **cfg):
    """Solve with recycling from stocks switched on (it is off by default)."""
    return solve(records, recycling_from_stocks=True, **cfg)


def emitting_two_regions() -> dict:
    """Demand 10 kt/yr of ore in region a. Mine d in a: 1 MUSD/kt, 2 t CO2e/t, 0.1 t residue/t.
    Mine e in b: 3 MUSD/kt, 0.5 t CO2e/t; freight b → a is free. Both have 20 kt/yr in place."""
    rec = one_mine_records(var_cost=1.0, existing=20.0, demand=10.0)
    rec["regions"].append({"region": "b", "name": "B", "group": "g2", "cost_of_capital": 0.0})
    rec["processes"].append({"process": "mine_b", "stage": "mining", "capex": 10, "var_cost": 3, "lifetime": 10})
    rec["deposits"].append({"deposit": "e", "region": "b", "feed": "f", "process": "mine_b", "status": "operating"})
    rec["existing_capacity"].append({"region": "b", "process": "e", "capacity": 20})
    rec["process_emissions"] = [
        {"process": "mine", "pollutant": "co2e", "intensity": 2.0, "source": "test"},
        {"process": "mine", "pollutant": "radioactive_residue", "intensity": 0.1, "source": "test"},
        {"process": "mine_b", "region": "b", "pollutant": "co2e", "intensity": 0.5, "source": "test"},
    ]
    return rec


def lumpy_records(**columns) -> dict:
    """Single mine, no existing capacity, demand 5 kt/yr; capex 10 MUSD per kt/yr over 10 yr at
    0 % cost of capital (annuity 1 MUSD per kt/yr), variable cost 2 MUSD/kt; one 1-year period."""
    rec = one_mine_records(existing=0.0)
    rec["processes"][0].update(columns)
    return rec


def marginal_cost(run) -> float:
    mc = run.tables["marginal_costs"]
    return float(mc[mc.commodity == "ore:f"]["value"].iloc[0])


def _setup(records: dict, disruptions: list[dict], **cfg):
    data = dataset_from_records(copy.deepcopy(records))
    return data, config_from_raw(tiny_config(disruptions=disruptions, **cfg))


def _summary(result) -> dict:
    return {row["scenario"]: row for row in result.tables["stress_summary"].to_dict("records")}


def one_mine_stress_records() -> dict:
    # region a: existing mine d of 10 kt/yr (availability 1), variable cost 2 MUSD/kt; demand 5 kt of ore:f
    # in sector s; unmet demand at 100 MUSD/kt. One 1-year period, no discounting.
    rec = one_mine_records(var_cost=2.0, existing=10.0, demand=5.0)
    rec["commodities"][0]["unmet_penalty"] = 100
    return rec


SCENARIOS = [
    {"name": "outage", "probability": 0.25, "events": [{"kind": "outage", "region": "a", "stage": "mining", "keep": 0.4}]},
    {"name": "surge", "probability": 0.25, "events": [{"kind": "demand", "sector": "s", "factor": 1.6}]},
    {"name": "dear", "probability": 0.25, "events": [{"kind": "cost", "component": "variable", "factor": 3.0}]},
    {"name": "big_surge", "probability": 0.25, "events": [{"kind": "demand", "region": "a", "commodities": ["ore:*"], "factor": 2.4}]},
]


def two_region_records() -> dict:
    # Region a: mine d, 10 kt/yr, variable cost 2. Region b: mine e, 10 kt/yr, variable cost 6, and demand
    # 5 kt of ore:f. Freight a→b 1 MUSD/kt. Unmet at 100 MUSD/kt.
    rec = one_mine_stress_records()
    rec["regions"].append({"region": "b", "name": "B", "group": "g2", "cost_of_capital": 0.0})
    rec["commodities"][0]["transport_cost"] = 1.0
    rec["processes"].append({"process": "mine_b", "stage": "mining", "capex": 10, "var_cost": 6, "lifetime": 10})
    rec["deposits"].append({"deposit": "e", "region": "b", "feed": "f", "process": "mine_b", "status": "operating"})
    rec["existing_capacity"].append({"region": "b", "process": "e", "capacity": 10})
    rec["demand"][0]["region"] = "b"
    return rec


def two_stage_records() -> dict:
    # No existing capacity; building 1 kt/yr costs 100 × CRF(0 %, 10 yr) = 10 per year (one 1-year period,
    # lead time 0); no variable cost; unmet demand at 15 MUSD/kt. Demand 10 kt/yr of ore:f in sector s.
    rec = one_mine_records(var_cost=0.0, existing=0.0, demand=10.0)
    rec["processes"][0]["capex"] = 100
    rec["commodities"][0]["unmet_penalty"] = 15
    return rec


TWO_STAGE = [{"name": "low", "probability": 0.5, "events": []},
             {"name": "high", "probability": 0.5, "events": [{"kind": "demand", "sector": "s", "factor": 2.0}]}]


def _err(records: dict, disruptions, **cfg) -> str:
    with pytest.raises(ConfigError) as exc:
        data, config = _setup(records, disruptions, **cfg)
        from ree_opt.model import prepare

        prepare(config, data)
    return str(exc.value)


def market_records(prices: dict[str, float], demand: float = 1.0) -> dict:
    """Sources `src_<e>` make metal:<e> at `prices[e]` MUSD/kt (10 kt/yr capacity each); demand for
    `demand` kt/yr of magnet:x."""
    rec = {
        "sources": [{"source": "test", "kind": "assumption", "citation": "test figure"}],
        "regions": [{"region": "a", "name": "A", "group": "g1", "cost_of_capital": 0.0}],
        "commodities": [{"commodity": "magnet:x", "kind": "magnet"}] + [{"commodity": f"metal:{e}", "kind": "metal", "element": e} for e in prices],
        "feeds": [{"feed": "f", "element": "nd", "share": 1.0}],
        "processes": [{"process": f"src_{e}", "stage": "other", "capex": 0, "var_cost": p, "lifetime": 10, "buildable": False} for e, p in prices.items()],
        "process_io": [{"process": f"src_{e}", "commodity": f"metal:{e}", "coef": 1} for e in prices],
        "existing_capacity": [{"region": "a", "process": f"src_{e}", "capacity": 10} for e in prices],
        "demand": [{"case": "base", "region": "a", "sector": "s", "commodity": "magnet:x", "year": 2025, "demand": demand}],
    }
    rec["commodities"].append({"commodity": "ore:f", "kind": "ore"})
    return rec


def with_magnet_plant(rec: dict, modes: dict[str, dict[str, float]]) -> dict:
    """Magnet plant `mk` (no cost, 10 kt/yr) with recipes {mode: {commodity: coef}}, each making 1 kt magnet:x."""
    rec["processes"].append({"process": "mk", "stage": "magnet", "capex": 0, "var_cost": 0, "lifetime": 10, "buildable": False})
    for mode, coefs in modes.items():
        rec["process_io"] += [{"process": "mk", "mode": mode, "commodity": c, "coef": a} for c, a in coefs.items()]
        rec["process_io"].append({"process": "mk", "mode": mode, "commodity": "magnet:x", "coef": 1})
    rec["existing_capacity"].append({"region": "a", "process": "mk", "capacity": 10})
    return rec
