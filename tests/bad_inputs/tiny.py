"""A valid tiny dataset and model file that every corpus case corrupts in one place.

Two regions, one deposit, separation and metal making, a committed project, existing capacity
with a retirement year, a transport row: every table a reference can point into is present.
"""

from __future__ import annotations

import copy
import csv
from pathlib import Path

from ree_opt.schema import REGISTRY

S = {"source": "test"}

RECORDS: dict[str, list[dict]] = {
    "sources": [{"source": "test", "kind": "assumption", "citation": "test figure"}],
    "regions": [{"region": "a", "name": "A", "group": "g1", "cost_of_capital": 0.05, **S},
                {"region": "b", "name": "B", "group": "g2", "cost_of_capital": 0.05, **S}],
    "commodities": [{"commodity": "ore:f", "kind": "ore", **S},
                    {"commodity": "oxide:nd", "kind": "oxide", "element": "nd", **S},
                    {"commodity": "metal:nd", "kind": "metal", "element": "nd", **S}],
    "feeds": [{"feed": "f", "element": "nd", "share": 1.0, **S}],
    "processes": [{"process": "mine", "stage": "mining", "capex": 10, "var_cost": 1, "lifetime": 20, **S},
                  {"process": "sep", "stage": "separation", "capex": 20, "var_cost": 2, "lifetime": 20, "feeds": "f", **S},
                  {"process": "smelt", "stage": "metal", "capex": 5, "var_cost": 1, "lifetime": 20, **S}],
    "separation": [{"process": "sep", "element": "nd", "recovery": 0.9, **S}],
    "process_io": [{"process": "smelt", "commodity": "oxide:nd", "coef": -1.2, **S},
                   {"process": "smelt", "commodity": "metal:nd", "coef": 1, **S}],
    "deposits": [{"deposit": "d", "region": "a", "feed": "f", "process": "mine", "status": "operating",
                  "reserves": 1000, "max_capacity": 50, **S}],
    "existing_capacity": [{"region": "a", "process": "d", "capacity": 10, **S},
                          {"region": "a", "process": "sep", "capacity": 5, "retire_year": 2040, **S}],
    "projects": [{"project": "p1", "region": "b", "process": "smelt", "capacity": 2, "start_year": 2025, "status": "committed", **S}],
    "transport": [{"origin": "a", "destination": "b", "commodity": "*", "cost": 0.1, **S}],
    "demand": [{"case": "base", "region": "a", "sector": "s", "commodity": "metal:nd", "year": 2025, "demand": 3, **S},
               {"case": "base", "region": "b", "sector": "s", "commodity": "metal:nd", "year": 2030, "demand": 4, **S}],
}

MODEL = """\
name: tiny
dataset: data
horizon: {start: 2025, end: 2030, step: 5}
discount_rate: 0.05
demand_case: base
"""


def records() -> dict[str, list[dict]]:
    return copy.deepcopy(RECORDS)


def write_csvs(recs: dict[str, list[dict]], folder: Path) -> Path:
    """Each table as a CSV with its columns in schema order (the columns any row uses)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in recs.items():
        used = {k for r in rows for k in r}
        columns = [c.name for c in REGISTRY[name].columns if c.name in used] + sorted(used - {c.name for c in REGISTRY[name].columns})
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    return folder


def write_case(root: Path, recs: dict | None = None, model: str = MODEL) -> Path:
    """The dataset under root/data and the model file root/tiny.yaml; returns the model path."""
    write_csvs(recs if recs is not None else records(), root / "data")
    path = root / "tiny.yaml"
    path.write_text(model, encoding="utf-8")
    return path
