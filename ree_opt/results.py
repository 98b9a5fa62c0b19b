"""Tidy result tables from a solved model.

Every table is a long DataFrame: one column per index, then `value` and `unit`. Money is
MUSD discounted to the base year in `costs`; marginal costs are undiscounted MUSD/kt (= USD/kg)
in the year they occur (the balance dual divided by the period's discount weight).
"""

from __future__ import annotations

import pandas as pd
import pyomo.environ as pyo

from .model.environment import emissions_table
from .model.stocks import eol_flow_rows, eol_table, recycled_share
from .model.disruption import scenario_demand
from .sets import ModelSets

TOL = 1e-9


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def _val(var) -> float:
    v = var.value
    return 0.0 if v is None else float(v)


def builds(m: pyo.ConcreteModel, s: ModelSets) -> pd.DataFrame:
    rows = [
        {"region": r, "process": k, "stage": s.units[(r, k)].stage, "year": v, "online_from": s.online[(r, k, v)][0], "value": _val(m.v_build[r, k, v]), "unit": "kt/yr"}
        for (r, k, v) in s.BUILDS
        if _val(m.v_build[r, k, v]) > TOL
    ]
    rows += [
        {"region": p.region, "process": p.process, "stage": s.units[(p.region, p.process)].stage, "year": p.start_year,
         "online_from": s.project_online[name][0], "value": _val(m.v_project[name]), "unit": "kt/yr", "project": name}
        for name, p in s.projects.items()
        if _val(m.v_project[name]) > TOL
    ]
    return _frame(rows, ["region", "process", "stage", "year", "online_from", "project", "value", "unit"])


def capacity(m: pyo.ConcreteModel, s: ModelSets) -> pd.DataFrame:
    group = s.data.region_group
    rows = []
    for (r, k, t) in s.CAPACITY:
        cap = float(pyo.value(m.e_capacity[r, k, t]))
        if cap > TOL:
            rows.append({"region": r, "group": group[r], "process": k, "stage": s.units[(r, k)].stage, "year": t, "value": cap, "unit": "kt/yr"})
    return _frame(rows, ["region", "group", "process", "stage", "year", "value", "unit"])


def activity(m: pyo.ConcreteModel, s: ModelSets) -> pd.DataFrame:
    group = s.data.region_group
    rows = [
        {"region": r, "group": group[r], "process": k, "stage": s.units[(r, k)].stage, "mode": mode, "year": t, "value": _val(var), "unit": "kt/yr"}
        for (r, k, mode, t), var in m.v_activity.items()
        if _val(var) > TOL
    ]
    return _frame(rows, ["region", "group", "process", "stage", "mode", "year", "value", "unit"])


def flows(m: pyo.ConcreteModel, s: ModelSets) -> pd.DataFrame:
    """Production (+) and consumption (−) of each commodity by each process (and end-of-life scrap), kt/yr."""
    rows = []
    for (r, k, mode, t), var in m.v_activity.items():
        level = _val(var)
        if level <= TOL:
            continue
        for c, a in s.io.get((k, mode), {}).items():
            rows.append({"region": r, "process": k, "mode": mode, "commodity": c, "year": t, "value": a * level, "unit": "kt/yr"})
    rows += eol_flow_rows(m, s)
    return _frame(rows, ["region", "process", "mode", "commodity", "year", "value", "unit"])


def shipments(m: pyo.ConcreteModel, s: ModelSets) -> pd.DataFrame:
    rows = [
        {"commodity": c, "origin": o, "destination": d, "year": t, "value": _val(var), "unit": "kt/yr"}
        for (c, o, d, t), var in m.v_ship.items()
        if _val(var) > TOL
    ]
    return _frame(rows, ["commodity", "origin", "destination", "year", "value", "unit"])


def unmet(m: pyo.ConcreteModel, s: ModelSets) -> pd.DataFrame:
    rows = [
        {"region": r, "commodity": c, "year": t, "demand": float(pyo.value(scenario_demand(m, s, (r, c, t)))), "value": _val(var), "unit": "kt/yr"}
        for (r, c, t), var in m.v_unmet.items()
    ]
    return _frame(rows, ["region", "commodity", "year", "demand", "value", "unit"])


def disposal(m: pyo.ConcreteModel, s: ModelSets) -> pd.DataFrame:
    rows = [
        {"region": r, "commodity": c, "year": t, "value": _val(var), "unit": "kt/yr"}
        for (r, c, t), var in m.v_dispose.items()
        if _val(var) > TOL
    ]
    return _frame(rows, ["region", "commodity", "year", "value", "unit"])


def costs(m: pyo.ConcreteModel, s: ModelSets) -> pd.DataFrame:
    rows = [{"component": n, "value": float(pyo.value(m.e_cost[n])), "unit": "MUSD (discounted)"} for n in m.COST_COMPONENTS]
    return _frame(rows, ["component", "value", "unit"])


def marginal_costs(m: pyo.ConcreteModel, s: ModelSets) -> pd.DataFrame:
    """Dual of each commodity balance, undiscounted: the cost of one more kt/yr of demand."""
    if not hasattr(m, "dual") or len(m.dual) == 0:
        return _frame([], ["region", "commodity", "year", "value", "unit"])
    rows = [
        {"region": r, "commodity": c, "year": t, "value": m.dual.get(con, 0.0) / s.weight[t], "unit": "USD/kg"}
        for (r, c, t), con in m.c_balance.items()
    ]
    return _frame(rows, ["region", "commodity", "year", "value", "unit"])


def _abs_dual(m: pyo.ConcreteModel, con) -> float:
    return abs(m.dual.get(con, 0.0))


def capacity_rents(m: pyo.ConcreteModel, s: ModelSets) -> pd.DataFrame:
    """Value of one more kt/yr of capacity for one year (|dual of activity ≤ capacity|, undiscounted).

    Where capacity could simply be built this equals its annualised cost; above that it signals
    a binding link (a build limit, a lead time, a deposit limit): the bottleneck stage.
    `rent_ratio` = rent / (annuity of capex + fixed O&M) makes stages with different activity
    units comparable: ≈ 1 where the link is being expanded at cost, > 1 where it binds.
    """
    cols = ["region", "group", "process", "stage", "year", "value", "unit", "annual_cost", "rent_ratio"]
    if not hasattr(m, "dual") or len(m.dual) == 0:
        return _frame([], cols)
    group = s.data.region_group
    rows = []
    for (r, k, t), con in m.c_capacity_use.items():
        u = s.units[(r, k)]
        rent = _abs_dual(m, con) / s.weight[t]
        annual = u.capex * u.crf + u.fixed_om
        rows.append({"region": r, "group": group[r], "process": k, "stage": u.stage, "year": t, "value": rent,
                     "unit": "USD/kg per yr", "annual_cost": annual, "rent_ratio": rent / annual if annual > 0 else None})
    return _frame(rows, cols)


def policy_duals(m: pyo.ConcreteModel, s: ModelSets) -> pd.DataFrame:
    """Shadow prices of policy and limit constraints (undiscounted where they have a year).

    min_share_<i>.c_share: cost of one more kt/yr of demand that must come from the own chain;
    c_stockpile: of one more kt in stock; c_build_limit: of one more kt/yr of buildable capacity
    per year; c_reserves: of one more kt of reserves (discounted to the base year); c_emission_cap:
    of one more kt/yr of emissions allowed (MUSD per kt = USD/kg; ×1000 for USD/t CO2e).
    """
    cols = ["constraint", "index", "year", "value", "unit"]
    if not hasattr(m, "dual") or len(m.dual) == 0:
        return _frame([], cols)
    rows = []
    for con in m.component_objects(pyo.Constraint, active=True):
        name = con.getname(fully_qualified=True, relative_to=m)  # the same inside a scenario block of the extensive form
        if not (name.endswith("c_share") or name in ("c_stockpile", "c_build_limit", "c_reserves", "c_capacity_max", "c_emission_cap")):
            continue
        for idx, data in con.items():
            idx_t = idx if isinstance(idx, tuple) else (idx,)
            year = next((v for v in reversed(idx_t) if isinstance(v, int) and v in s.weight), None)
            value = _abs_dual(m, data) / (s.weight[year] if year is not None else 1.0)
            unit = "MUSD/kt (discounted)" if year is None else "USD/kg"
            rows.append({"constraint": name, "index": "/".join(map(str, idx_t)), "year": year, "value": value, "unit": unit})
    out = _frame(rows, cols)
    out["year"] = out["year"].astype("Int64")
    return out


# what a stage's output is measured in: its main product (mass of REO, metal or magnet)
STAGE_OUTPUT = {"mining": "ore:", "separation": "oxide:", "metal": "metal:", "magnet": "magnet:", "recycling": ""}


def production_shares(flow: pd.DataFrame, s: ModelSets) -> pd.DataFrame:
    """Each stage's output by region and year with its share of the world (the seed paper's Figure 1).

    Output is the stage's main product (ore, oxide, metal, magnet; anything recycling yields),
    so processes with different activity units add up in one unit per stage.
    """
    cols = ["stage", "year", "region", "group", "value", "share", "unit"]
    if flow.empty:
        return _frame([], cols)
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
        return _frame([], ["stage", "year", "group", "share"])
    return shares.groupby(["stage", "year", "group"], as_index=False)["share"].sum()


def extract(m: pyo.ConcreteModel) -> dict[str, pd.DataFrame]:
    """All result tables of a solved model, by name."""
    s: ModelSets = m.ree_sets
    flow = flows(m, s)
    shares = production_shares(flow, s)
    return {
        "builds": builds(m, s),
        "capacity": capacity(m, s),
        "activity": activity(m, s),
        "flows": flow,
        "shipments": shipments(m, s),
        "unmet_demand": unmet(m, s),
        "disposal": disposal(m, s),
        "costs": costs(m, s),
        "marginal_costs": marginal_costs(m, s),
        "capacity_rents": capacity_rents(m, s),
        "policy_duals": policy_duals(m, s),
        "production_shares": shares,
        "group_shares": group_shares(shares),
        "eol_scrap": eol_table(m, s),
        "recycled_share": recycled_share(m, s),
        "emissions": emissions_table(m, s),
    }


def balance_residuals(m: pyo.ConcreteModel) -> dict[tuple, float]:
    """|lhs − rhs| of every commodity balance (an invariant check: all should be ~0)."""
    out = {}
    for key, con in m.c_balance.items():
        out[key] = abs(pyo.value(con.body) - pyo.value(con.upper))
    return out

