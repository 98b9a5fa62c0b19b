"""Compare solved models side by side (e.g. global versus China-excluded supply).

The first model is the reference: `cost_difference` = objective(model) − objective(first), which
for `global.yaml` first and a model that bans every export of China second (`china_excluded.yaml`) is
the **cost of exclusion**; a model that removes China with its demand gives only a cost difference
(`Policies.excluded_groups`; the wording is in `summaries.py` and `report/compare.py`). It splits
into the supply-cost difference (capex, O&M, operations, trade, …), demand response (what users give
up by thrift, switching and deferral, by step) and true loss at the unmet-demand penalty, so a penalty
never dominates a headline silently (`demand_response.csv`, `costs.csv`).
A group is **self-sufficient at a stage from year y** when, in y and every later period, it
imports none of that stage's products from outside the group and none of its demand is unmet.
"""

from __future__ import annotations

import pandas as pd

from .api import Run
from .results import STAGE_OUTPUT

# the stages whose products are traded: each stage's main product, as results measures output
STAGE_PRODUCTS = {stage: prefix for stage, prefix in STAGE_OUTPUT.items() if prefix}
MARGINAL_COMMODITIES = ("oxide:nd", "oxide:pr")
TOL = 1e-6


def _tag(run: Run, table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    out.insert(0, "model", run.cfg.name)
    return out


def costs(runs: list[Run]) -> pd.DataFrame:
    """Discounted cost by component per model, with the total and the difference to the first model."""
    frames = [_tag(r, r.tables["costs"]) for r in runs]
    wide = pd.concat(frames).pivot_table(index="model", columns="component", values="value", aggfunc="sum", sort=False).fillna(0.0)
    wide["total"] = wide.sum(axis=1)
    wide["difference_to_first"] = wide["total"] - wide["total"].iloc[0]
    # the unmet-demand penalty is a price put on shortfall and demand response is what users give up, not money
    # spent on supply: show the rest apart
    wide["supply_cost"] = wide["total"] - wide.get("unmet", 0.0) - wide.get("demand_response", 0.0)
    # the headline without true loss: money spent on supply plus what users give up by responding; true loss is
    # reported in kt (demand_response.csv, step 'loss'), so the headline does not move with the penalty's level
    wide["cost_without_true_loss"] = wide["total"] - wide.get("unmet", 0.0)
    wide["cost_without_true_loss_difference_to_first"] = wide["cost_without_true_loss"] - wide["cost_without_true_loss"].iloc[0]
    wide["supply_cost_difference_to_first"] = wide["supply_cost"] - wide["supply_cost"].iloc[0]
    return wide.reset_index()


def milestone_years(periods: list[int]) -> list[int]:
    """2030, 2040, 2050 where modelled (else the last period)."""
    picked = [y for y in (2030, 2040, 2050) if y in periods]
    return picked or [periods[-1]]


def capacity_by_stage(runs: list[Run]) -> pd.DataFrame:
    rows = []
    for r in runs:
        cap = r.tables["capacity"]
        years = milestone_years(r.cfg.periods)
        part = cap[cap["year"].isin(years)].groupby(["stage", "group", "year"], as_index=False)["value"].sum()
        rows.append(_tag(r, part))
    return pd.concat(rows, ignore_index=True)


def shares(runs: list[Run]) -> pd.DataFrame:
    return pd.concat([_tag(r, r.tables["group_shares"]) for r in runs], ignore_index=True)


def unmet(runs: list[Run]) -> pd.DataFrame:
    rows = []
    for r in runs:
        um = r.tables["unmet_demand"].copy()
        um["group"] = um["region"].map(r.core.data.region_group)
        rows.append(_tag(r, um.groupby(["group", "commodity", "year"], as_index=False)[["demand", "value"]].sum()))
    return pd.concat(rows, ignore_index=True)


def marginal_costs(runs: list[Run]) -> pd.DataFrame:
    """Demand-weighted (else plain) mean over a group's regions (and the world's) of the balance dual, USD/kg,
    over the regions where the commodity moves (`active`): elsewhere the dual is not unique."""
    rows = []
    for r in runs:
        mc = r.tables["marginal_costs"]
        if "active" in mc:
            mc = mc[mc["active"].astype(bool)]
        if mc.empty:
            continue
        mc = mc[mc["commodity"].isin(MARGINAL_COMMODITIES) | mc["commodity"].str.startswith("magnet:")].copy()
        mc["group"] = mc["region"].map(r.core.data.region_group)
        mc = pd.concat([mc, mc.assign(group="world")], ignore_index=True)  # and over every modelled region
        mc["weight"] = [r.core.demand.get((reg, c, t), 0.0) for reg, c, t in zip(mc["region"], mc["commodity"], mc["year"])]
        for (g, c, t), part in mc.groupby(["group", "commodity", "year"]):
            w = part["weight"]
            value = (part["value"] * w).sum() / w.sum() if w.sum() > 0 else part["value"].mean()
            rows.append({"model": r.cfg.name, "group": g, "commodity": c, "year": t, "value": value, "unit": "USD/kg"})
    return pd.DataFrame(rows, columns=["model", "group", "commodity", "year", "value", "unit"])


def coproduct_surplus(runs: list[Run]) -> pd.DataFrame:
    frames = [_tag(r, r.tables["disposal"].groupby(["commodity", "year"], as_index=False)["value"].sum()) for r in runs]
    return pd.concat(frames, ignore_index=True)


def blocs(region_group: dict[str, str]) -> dict[str, set[str]]:
    """Every group, its complement `not:<group>` (e.g. not:china) and `world` (every modelled region)."""
    out: dict[str, set[str]] = {"world": set(region_group)}
    for g in sorted(set(region_group.values())):
        out[g] = {r for r, gg in region_group.items() if gg == g}
        rest = set(region_group) - out[g]
        if rest:
            out[f"not:{g}"] = rest
    return out


def self_sufficiency(runs: list[Run]) -> pd.DataFrame:
    """Per model, bloc (group or not:group) and stage: the first year from which it needs no outside supply."""
    rows = []
    for r in runs:
        ships = r.tables["shipments"]
        um = r.tables["unmet_demand"]
        periods = r.cfg.periods
        for g, members in blocs(r.core.data.region_group).items():
            short = {t for reg, t, v in zip(um["region"], um["year"], um["value"]) if reg in members and v > TOL}
            for stage, prefix in STAGE_PRODUCTS.items():
                imports = {
                    t for c, o, d, t, v in zip(ships["commodity"], ships["origin"], ships["destination"], ships["year"], ships["value"])
                    if c.startswith(prefix) and d in members and o not in members and v > TOL
                }
                bad = short | imports
                ok_from = next((y for y in periods if not any(t >= y for t in bad)), None)
                rows.append({"model": r.cfg.name, "group": g, "stage": stage,
                             "self_sufficient_from": ok_from if ok_from is not None else f"not by {periods[-1]}"})
    return pd.DataFrame(rows, columns=["model", "group", "stage", "self_sufficient_from"])


def bottlenecks(runs: list[Run]) -> pd.DataFrame:
    """Per model, group, stage and year: the unit with the highest rent ratio (rent ÷ annual cost
    of capacity; > 1 = the link binds beyond what building costs), with its rent in USD/kg per yr."""
    rows = []
    for r in runs:
        rents = r.tables.get("capacity_rents", pd.DataFrame()).dropna(subset=["rent_ratio"])
        if rents.empty:
            continue
        idx = rents.groupby(["group", "stage", "year"])["rent_ratio"].idxmax()
        top = rents.loc[idx, ["group", "stage", "year", "rent_ratio", "value", "region", "process"]]
        rows.append(_tag(r, top.rename(columns={"value": "rent_usd_per_kg_yr"})))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


def policy_duals(runs: list[Run]) -> pd.DataFrame:
    frames = [_tag(r, r.tables["policy_duals"]) for r in runs if not r.tables["policy_duals"].empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["model", "constraint", "index", "year", "value", "unit"])


def response(runs: list[Run]) -> pd.DataFrame:
    """Per model, step (true loss included) and year: demand not served by supply (kt/yr) and its discounted cost
    (MUSD) = Σ value · cost · w_t. Where demand response is off, true loss is the unmet demand."""
    rows = []
    for r in runs:
        w = r.core.weight
        table = r.tables.get("demand_response")
        if table is None:  # feature off: every shortfall is true loss at its penalty
            um = r.tables["unmet_demand"]
            table = pd.DataFrame({"step": "loss", "year": um["year"], "value": um["value"],
                                  "cost": [r.core.unmet_penalty[c] for c in um["commodity"]]})
        for (step, t), part in table.groupby(["step", "year"]):
            rows.append({"model": r.cfg.name, "step": step, "year": t, "kt": part["value"].sum(),
                         "cost_musd": float((part["value"] * part["cost"]).sum() * w[t])})
    return pd.DataFrame(rows, columns=["model", "step", "year", "kt", "cost_musd"])


NDPR_SPLIT = {"oxide:nd": 0.75, "oxide:pr": 0.25}  # NdPr oxide 75:25 (Fastmarkets assessment spec)


def ndpr_price(marginal: pd.DataFrame) -> pd.DataFrame:
    """NdPr oxide marginal cost (0.75 Nd + 0.25 Pr, USD/kg) by model, group and year, and its difference to the
    first model's in the same group and year."""
    part = marginal[marginal["commodity"].isin(NDPR_SPLIT)].copy()
    if part.empty:
        return pd.DataFrame(columns=["model", "group", "year", "value", "difference_to_first", "unit"])
    part["value"] = part["value"] * part["commodity"].map(NDPR_SPLIT)
    out = part.groupby(["model", "group", "year"], as_index=False, sort=False)["value"].sum()
    first = out[out["model"] == out["model"].iloc[0]].set_index(["group", "year"])["value"]
    out["difference_to_first"] = [v - first.get((g, t), float("nan")) for g, t, v in zip(out["group"], out["year"], out["value"])]
    out["unit"] = "USD/kg"
    return out


def compare(runs: list[Run]) -> dict[str, pd.DataFrame]:
    """All comparison tables, by name."""
    marginal = marginal_costs(runs)
    return {
        "costs": costs(runs),
        "capacity_by_stage": capacity_by_stage(runs),
        "group_shares": shares(runs),
        "unmet_demand": unmet(runs),
        "demand_response": response(runs),
        "marginal_costs": marginal,
        "ndpr_price": ndpr_price(marginal),
        "coproduct_surplus": coproduct_surplus(runs),
        "self_sufficiency": self_sufficiency(runs),
        "bottlenecks": bottlenecks(runs),
        "policy_duals": policy_duals(runs),
    }
