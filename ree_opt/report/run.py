"""Report of a run folder (`ree-opt run`): who supplies each stage, at what cost, with what left over.

The chart functions here take tables, not folders, so the stochastic and comparison reports reuse them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .charts import Chart
from .flows import sankey_links
from .page import Page, musd, read

STAGES = ["mining", "separation", "metal", "magnet", "recycling"]
PRICES = {"oxide:nd": "NdPr", "oxide:pr": "NdPr", "oxide:dy": "Dy/Tb", "oxide:tb": "Dy/Tb"}
TOL = 1e-6


def group_map(folder: Path) -> dict[str, str]:
    """Region → group from any table that has both columns (regions with demand only fall back to themselves)."""
    out: dict[str, str] = {}
    for name in ("capacity", "activity", "production_shares", "emissions"):
        t = read(folder, name)
        if {"region", "group"} <= set(t.columns):
            out.update(zip(t["region"], t["group"]))
    return out


def stage_map(folder: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in ("capacity", "activity", "builds"):
        t = read(folder, name)
        if {"process", "stage"} <= set(t.columns):
            out.update(zip(t["process"], t["stage"]))
    return out


def flows_chart(folder: Path, year: int | None) -> Chart | None:
    flows, ships = read(folder, "flows"), read(folder, "shipments")
    stage_of, group_of = stage_map(folder), group_map(folder)
    if flows.empty or not stage_of or "scenario" in flows:
        return None
    um, disp = read(folder, "unmet_demand"), read(folder, "disposal")
    uses = (
        [
            pd.DataFrame(
                {
                    "region": um["region"],
                    "commodity": um["commodity"],
                    "year": um["year"],
                    "value": um["demand"] - um["value"],
                    "target_stage": "demand",
                }
            )
        ]
        if not um.empty
        else []
    )
    if not disp.empty:
        uses.append(disp.assign(target_stage="surplus")[["region", "commodity", "year", "value", "target_stage"]])
    uses_df = pd.concat(uses) if uses else pd.DataFrame(columns=["region", "commodity", "year", "value", "target_stage"])
    if ships.empty:
        ships = pd.DataFrame(columns=["commodity", "origin", "destination", "year", "value"])
    for r in set(flows["region"]) | set(uses_df["region"]) | set(ships.get("origin", [])) | set(ships.get("destination", [])):
        group_of.setdefault(r, r)
    years = sorted(set(flows["year"]))
    frames = [sankey_links(flows, ships, uses_df, stage_of, group_of, y).assign(facet=y) for y in years]
    default = year if year in years else years[-1]
    return Chart(
        "flows",
        "Flows by stage and region group",
        "sankey",
        pd.concat(frames),
        default=default,
        note="Pick the year with the menu above the diagram. kt/yr of each stage's products "
        "(ore, oxides, metals, magnets; scrap into recycling); served demand and co-product surplus on the right.",
    )


def stage_group_chart(table: pd.DataFrame, value: str, name: str, title: str, kind: str, ylabel: str) -> Chart | None:
    """One panel per stage, `value` by group over the years."""
    if table.empty or "scenario" in table:
        return None
    d = table.groupby(["stage", "group", "year"], as_index=False)[value].sum()
    if kind == "area":  # a stacked area needs every (stage, group) in every year, else plotly interpolates the gaps
        d = d.set_index(["stage", "group", "year"])[value].unstack("year", fill_value=0.0).stack().rename(value).reset_index()
    d = d.rename(columns={"stage": "facet", "group": "series", "year": "x", value: "y"}).sort_values(["series", "x"])
    return Chart(name, title, kind, d, xlabel="year", ylabel=ylabel, order=STAGES)


def costs_chart(costs: pd.DataFrame) -> Chart | None:
    if costs.empty or "scenario" in costs:
        return None
    d = costs.rename(columns={"component": "x", "value": "y"})[["x", "y"]]
    return Chart(
        "costs",
        "Cost by component",
        "hbar",
        d,
        xlabel="component",
        ylabel="MUSD, discounted",
        note="The unmet-demand component is the penalty put on shortfall, not money spent.",
    )


def prices_chart(mc: pd.DataFrame, by: str | None = None) -> Chart | None:
    """Median over regions of the balance dual of NdPr and Dy/Tb oxides (USD/kg); `by` = a scenario/model column."""
    if mc.empty:
        return None
    d = mc[mc["commodity"].isin(list(PRICES))]
    if "active" in d:  # where nothing moves the dual is not unique
        d = d[d["active"].astype(bool)]
    if d.empty:
        return None
    keys = [k for k in (by, "commodity", "year") if k]
    d = d.groupby(keys, as_index=False)["value"].median()
    d["facet"] = d["commodity"].map(PRICES)
    d["series"] = d["commodity"] if by is None else d[by] + " " + d["commodity"]
    d = d.rename(columns={"year": "x", "value": "y"})
    return Chart(
        "prices",
        "Marginal cost of NdPr and Dy/Tb oxides",
        "line",
        d,
        xlabel="year",
        ylabel="USD/kg (median over regions where it moves)",
        note="Shadow price of each region's oxide balance: what one more kg would cost the system there.",
    )


def unmet_chart(um: pd.DataFrame) -> Chart | None:
    if um.empty or "scenario" in um:
        return None
    d = (
        um.assign(served=um["demand"] - um["value"], unmet=um["value"])
        .groupby(["commodity", "year"], as_index=False)[["served", "unmet"]]
        .sum()
    )
    d = d.melt(id_vars=["commodity", "year"], value_vars=["served", "unmet"], var_name="series", value_name="y")
    d = d.rename(columns={"commodity": "facet", "year": "x"})
    return Chart("unmet_demand", "Demand served and unmet", "bar", d, xlabel="year", ylabel="kt/yr")


def surplus_chart(disposal: pd.DataFrame) -> Chart | None:
    if disposal.empty or "scenario" in disposal:
        return None
    d = (
        disposal.groupby(["commodity", "year"], as_index=False)["value"]
        .sum()
        .rename(columns={"commodity": "series", "year": "x", "value": "y"})
    )
    return Chart(
        "coproduct_surplus",
        "Co-product surplus (disposed or stored)",
        "bar",
        d,
        xlabel="year",
        ylabel="kt/yr",
        note="Oxides separated alongside the ones demanded (La, Ce, …) that nobody buys.",
    )


def emissions_chart(em: pd.DataFrame) -> Chart | None:
    if em.empty or "scenario" in em:
        return None
    d = em.groupby(["pollutant", "stage", "year", "unit"], as_index=False)["value"].sum()
    d["facet"] = d["pollutant"] + " (" + d["unit"].str.replace("/yr", "") + ")"
    d = d.rename(columns={"stage": "series", "year": "x", "value": "y"})
    return Chart("emissions", "Emissions by stage", "bar", d, xlabel="year", ylabel="per year")


def summary(folder: Path, manifest: dict) -> list[tuple[str, str]]:
    out = [("status", str(manifest.get("status", "?")))]
    if manifest.get("objective_musd") is not None:
        out.append(("total cost (objective, discounted)", musd(manifest["objective_musd"])))
    costs = read(folder, "costs")
    if not costs.empty and "scenario" not in costs:
        top = costs.sort_values("value", ascending=False).head(3)
        out.append(("largest cost components", ", ".join(f"{c} {v:,.0f}" for c, v in zip(top["component"], top["value"]))))
    shares = read(folder, "group_shares")
    if not shares.empty and "scenario" not in shares:
        first, last = shares["year"].min(), shares["year"].max()
        for stage in [s for s in STAGES if s in set(shares["stage"])]:
            part = shares[shares["stage"] == stage]
            lead = part[part["year"] == first].sort_values("share").iloc[-1]["group"]
            by_year = part[part["group"] == lead].groupby("year")["share"].sum()
            out.append((f"{stage}: {lead} share {first} → {last}", f"{by_year.get(first, 0):.0%} → {by_year.get(last, 0):.0%}"))
    um = read(folder, "unmet_demand")
    if not um.empty and "scenario" not in um:
        out.append(("unmet demand, kt (all years summed)", f"{um['value'].sum():,.2f} of {um['demand'].sum():,.1f}"))
    return out


def page(folder: Path, manifest: dict, year: int | None = None) -> Page:
    p = Page(
        f"{manifest.get('model', folder.name)}: run",
        summary(folder, manifest),
        question="Which least-cost supply chain meets demand, who supplies each stage, and at what cost?",
    )
    p.add(flows_chart(folder, year), "flows.csv")
    p.add(
        stage_group_chart(read(folder, "capacity"), "value", "capacity", "Capacity by stage and group", "bar", "kt/yr"),
        "capacity.csv",
    )
    p.add(
        stage_group_chart(
            read(folder, "group_shares"), "share", "shares", "Each stage's output share by group", "area", "share of world output"
        ),
        "group_shares.csv",
    )
    p.add(costs_chart(read(folder, "costs")), "costs.csv")
    p.add(prices_chart(read(folder, "marginal_costs")), "marginal_costs.csv")
    p.add(unmet_chart(read(folder, "unmet_demand")), "unmet_demand.csv")
    p.add(surplus_chart(read(folder, "disposal")), "disposal.csv")
    p.add(emissions_chart(read(folder, "emissions")), "emissions.csv")
    return p
