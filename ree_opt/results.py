"""Tidy result tables of a solved model: every feature's `report` plus the indicators derived from them.

Every table is a long DataFrame: one column per index, then `value` and `unit`. Money is
MUSD discounted to the base year in `costs`; marginal costs and shadow prices are undiscounted
(the dual divided by the period's discount weight) in the year they occur.
"""

from __future__ import annotations

import json

import pandas as pd
import pyomo.core as pyo

from .model import Prepared, report
from .model.core import Core
from .model.registry import Registry
from .chemistry_results import coproducts, element_prices, recycled_origin
from .model.values import TOL, dual, frame, has_duals

# first-stage components builds.csv carries (module counts and plant switches follow from the builds)
CAPACITY_FIRST_STAGE = ("v_build", "v_project", "v_modules", "v_build_on")

# what a stage's output is measured in: its main product (mass of REO, metal or magnet)
STAGE_OUTPUT = {"mining": "ore:", "separation": "oxide:", "metal": "metal:", "magnet": "magnet:", "recycling": ""}


def policy_duals(m: pyo.ConcreteModel, s: Core, reg: Registry) -> pd.DataFrame:
    """Shadow prices of the constraints features registered for reporting (undiscounted where they have a year).

    min_share_<i>.c_share: cost of one more kt/yr of demand that must come from the own chain;
    c_stockpile: of one more kt in stock; c_build_limit: of one more kt/yr of buildable capacity
    per year; c_reserves: of one more kt of reserves (discounted to the base year); c_capacity_max:
    of one more kt/yr a deposit supports; c_emission_cap: of one more kt/yr of emissions allowed
    (MUSD per kt = USD/kg; ×1000 for USD/t CO2e).
    """
    cols = ["constraint", "index", "year", "value", "unit"]
    if not has_duals(m):
        return frame([], cols)
    rows = []
    for con in reg.duals:
        name = con.getname(fully_qualified=True, relative_to=m)  # the same inside a scenario block of the extensive form
        for idx, data in con.items():
            idx_t = idx if isinstance(idx, tuple) else (idx,)
            year = next((v for v in reversed(idx_t) if isinstance(v, int) and v in s.weight), None)
            value = abs(dual(m, data)) / (s.weight[year] if year is not None else 1.0)
            unit = "MUSD/kt (discounted)" if year is None else "USD/kg"
            rows.append({"constraint": name, "index": "/".join(map(str, idx_t)), "year": year, "value": value, "unit": unit})
    out = frame(rows, cols)
    out["year"] = out["year"].astype("Int64")
    return out


def production_shares(flow: pd.DataFrame, s: Core) -> pd.DataFrame:
    """Each stage's output by region and year with its share of the world (the seed paper's Figure 1).

    Output is the stage's main product (ore, oxide, metal, magnet; anything recycling yields),
    so processes with different activity units add up in one unit per stage.
    """
    cols = ["stage", "year", "region", "group", "value", "share", "unit"]
    if flow.empty:
        return frame([], cols)
    f = flow[(flow["value"] > 0) & (flow["process"] != "end_of_life")].copy()  # collected scrap is no stage's output
    f["stage"] = [s.units[(r, k)].stage for r, k in zip(f["region"], f["process"])]
    keep = [st in STAGE_OUTPUT and c.startswith(STAGE_OUTPUT[st]) for c, st in zip(f["commodity"], f["stage"])]
    f = f[keep]
    f["group"] = f["region"].map(s.data.region_group)
    out = f.groupby(["stage", "year", "region", "group"], as_index=False)["value"].sum()
    total = out.groupby(["stage", "year"])["value"].transform("sum")
    out["share"] = out["value"] / total
    out["unit"] = "kt/yr"
    return out[cols]


def group_shares(shares: pd.DataFrame) -> pd.DataFrame:
    """Share of each stage's output by region group and year."""
    if shares.empty:
        return frame([], ["stage", "year", "group", "share"])
    return shares.groupby(["stage", "year", "group"], as_index=False)["share"].sum()


def recycled_share(m: pyo.ConcreteModel, s: Core, reg: Registry) -> pd.DataFrame:
    """Share of each commodity's production (world, per year) made by recycling-stage processes.

    Rows per commodity a recycling process makes, and one per kind summing them: `oxide:*` over the
    oxides recycling makes (the magnet elements, not co-products such as La and Ce); `magnet:*`
    over every magnet (a short loop making one kind of magnet still counts against all magnets).
    `swarf` and `end_of_life` split `share` by what the recycling mode takes: production scrap or
    end-of-life magnets.
    """
    cols = ["year", "commodity", "recycled", "total", "share", "swarf", "end_of_life", "unit"]
    recycling = {k for (_r, k), u in s.units.items() if u.stage == "recycling"}
    eol_scraps = {q for (q, _c) in s.eol.sector_of} | {q for (q, _c) in s.retiring.sector_of}
    made: dict[tuple[int, str], list[float]] = {}  # (t, c) → [recycled, total, from swarf, from end-of-life]
    for (r, k, mode, t), var in reg.activity.items():
        level = var.value or 0.0
        if level <= 0:
            continue
        origin = recycled_origin(s.io.get((k, mode), {}), eol_scraps) if k in recycling else None
        for c, a in s.io.get((k, mode), {}).items():
            if a > 0 and not c.startswith("scrap:"):
                rec_tot = made.setdefault((t, c), [0.0, 0.0, 0.0, 0.0])
                rec_tot[0] += a * level if k in recycling else 0.0
                rec_tot[1] += a * level
                if origin:
                    rec_tot[2 if origin == "swarf" else 3] += a * level
    recycled_commodities = {c for (k, _mode), io in s.io.items() if k in recycling for c, a in io.items() if a > 0 and not c.startswith("scrap:")}
    rows = []
    by_kind: dict[tuple[int, str], list[float]] = {}

    def row(t, c, rec, tot, swarf, eol):
        return {"year": t, "commodity": c, "recycled": rec, "total": tot, "share": rec / tot if tot else 0.0,
                "swarf": swarf / tot if tot else 0.0, "end_of_life": eol / tot if tot else 0.0, "unit": "kt/yr"}

    for (t, c), vals in sorted(made.items()):
        kind = c.partition(":")[0]
        if c in recycled_commodities:
            rows.append(row(t, c, *vals))
        if c in recycled_commodities or (kind == "magnet" and any(x.startswith("magnet:") for x in recycled_commodities)):
            agg = by_kind.setdefault((t, kind + ":*"), [0.0, 0.0, 0.0, 0.0])
            for i, v in enumerate(vals):
                agg[i] += v
    for (t, kind), vals in sorted(by_kind.items()):
        rows.append(row(t, kind, *vals))
    return frame(rows, cols)


def index_key(index) -> tuple:
    """A Pyomo index as a tuple (a one-dimensional component's index is a bare value)."""
    return index if isinstance(index, tuple) else (index,)


def other_first_stage(reg: Registry) -> dict[str, dict[tuple, float]]:
    """Values of every first-stage variable beyond builds and projects (e.g. collection capacity), by component."""
    return {comp.local_name: {index_key(k): float(v.value or 0.0) for k, v in comp.items()}
            for comp in reg.first_stage if comp.local_name not in CAPACITY_FIRST_STAGE}


def first_stage(reg: Registry) -> pd.DataFrame:
    """first_stage.csv: `other_first_stage` as component, index as a JSON list, value — what `ree-opt stress`
    fixes besides builds.csv."""
    rows = [{"component": name, "index": json.dumps(list(key)), "value": value}
            for name, values in other_first_stage(reg).items() for key, value in values.items() if abs(value) > TOL]
    return frame(rows, ["component", "index", "value"])


def extract(m: pyo.ConcreteModel, prepared: Prepared, reg: Registry) -> dict[str, pd.DataFrame]:
    """All result tables of a solved model, by name."""
    s = prepared.core
    tables = report(m, prepared, reg)
    shares = production_shares(tables["flows"], s)
    tables.update({
        "policy_duals": policy_duals(m, s, reg),
        "first_stage": first_stage(reg),
        "production_shares": shares,
        "group_shares": group_shares(shares),
        "recycled_share": recycled_share(m, s, reg),
        "element_prices": element_prices(tables["marginal_costs"]),
        "coproducts": coproducts(tables["flows"], tables.get("coproduct_markets"), tables["disposal"]),
    })
    return tables


def balance_residuals(m: pyo.ConcreteModel) -> dict[tuple, float]:
    """|lhs − rhs| of every commodity balance (an invariant check: all should be ~0)."""
    return {key: abs(pyo.value(con.body) - pyo.value(con.upper)) for key, con in m.c_balance.items()}
