"""What the commands print: short rich tables of a run, a comparison, a stochastic plan, a stress test, a front.

Full tables go to the folders; these are the summaries a terminal shows.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rich.table import Table

from .api import Run
from .compare import STAGE_PRODUCTS


def run_summary(run: Run, folder: Path | None) -> Table:
    """A short summary: status, objective, cost components, world shares and unmet demand."""
    tab = Table(title=f"{run.cfg.name}: {run.solve.status}", show_header=True)
    tab.add_column("item")
    tab.add_column("value", justify="right")
    obj = run.objective
    tab.add_row("objective (MUSD, discounted)", "—" if obj is None else f"{obj:,.1f}")
    if run.solve.is_mip:
        tab.add_row("MIP gap (integer decisions)", "—" if run.solve.mip_gap is None else f"{run.solve.mip_gap:.2%}")
    for comp, value in zip(run.tables.get("costs", {}).get("component", []), run.tables.get("costs", {}).get("value", [])):
        tab.add_row(f"  {comp}", f"{value:,.1f}")
    if run.tables:
        shares = run.tables["group_shares"]
        first, last = run.cfg.periods[0], run.cfg.periods[-1]
        for stage in ("mining", "separation", "metal", "magnet", "recycling"):
            part = shares[(shares["stage"] == stage) & (shares["group"] == "china")]
            by_year = dict(zip(part["year"], part["share"]))
            if stage in set(shares["stage"]):
                tab.add_row(f"China share of {stage} {first} → {last}", f"{by_year.get(first, 0):.0%} → {by_year.get(last, 0):.0%}")
        um = run.tables["unmet_demand"]
        total = float((um["value"]).sum())
        tab.add_row("unmet demand, all years (kt/yr summed)", f"{total:,.2f}")
        rec = run.tables.get("recycled_share")
        for kind in ("oxide:*", "magnet:*"):
            sub = rec[rec["commodity"] == kind] if rec is not None else None
            part = {} if sub is None else dict(zip(sub["year"], sub["share"]))
            if part:
                tab.add_row(f"recycled share of {kind} {first} → {last}", f"{part.get(first, 0):.1%} → {part.get(last, 0):.1%}")
        em = run.tables.get("emissions")
        if em is not None and not em.empty:
            co2 = em[em["pollutant"] == "co2e"].groupby("year")["value"].sum()
            if not co2.empty:
                tab.add_row(f"CO2e {first} → {last} (Mt/yr)", f"{co2.get(first, 0) / 1000:,.1f} → {co2.get(last, 0) / 1000:,.1f}")
    tab.add_row("model size (vars / cons)", f"{run.model.nvariables():,} / {run.model.nconstraints():,}")
    tab.add_row("time: build / HiGHS (s)", f"{run.timings.get('build', 0):.2f} / {run.timings.get('highs', 0):.2f}")
    if folder is not None:
        tab.add_row("run folder", str(folder))
    return tab




def comparison_summary(solved: list, tables: dict, group: str | None) -> Table:
    groups = sorted(set(tables["self_sufficiency"]["group"]))
    focus = group or next((g for g in ("not:china", "allied") if g in groups), None)
    title = "comparison (first model = reference)" + (f"; '{focus}' self-sufficient from year, by stage" if focus else "")
    tab = Table(title=title)
    for col in ("model", "status", "objective MUSD", "Δ vs first", "Δ excl. true loss", "Δ supply cost", "response MUSD", "true loss kt"):
        tab.add_column(col, justify="left" if col in ("model", "status") else "right", overflow="fold")
    ss = tables["self_sufficiency"]
    stages = list(STAGE_PRODUCTS)
    if focus:
        for stage in stages:
            tab.add_column(stage, justify="right", overflow="fold")
    costs = tables["costs"].set_index("model")
    for r in solved:
        name = r.cfg.name
        row = [name, r.solve.status, f"{r.objective:,.0f}", f"{costs.at[name, 'difference_to_first']:+,.0f}",
               f"{costs.at[name, 'cost_without_true_loss_difference_to_first']:+,.0f}",
               f"{costs.at[name, 'supply_cost_difference_to_first']:+,.0f}",
               f"{costs.at[name, 'demand_response'] if 'demand_response' in costs else 0.0:,.0f}",
               f"{r.tables['unmet_demand']['value'].sum():,.2f}"]
        if focus:
            mine = ss[ss["model"] == name]
            # a model that excluded the focus group's complement models only that bloc: its world
            bloc = focus if focus in set(mine["group"]) else "world"
            part = mine[mine["group"] == bloc].set_index("stage")["self_sufficient_from"]
            row += [str(part.get(stage, "—")) + ("" if bloc == focus else " (world)") for stage in stages]
        tab.add_row(*row)
    return tab


def shortfall_summary(tables: dict) -> Table:
    """Per model and year: demand met by response (kt/yr, by step), true loss (kt/yr) and the NdPr oxide price
    difference to the first model (world mean, USD/kg)."""
    resp = tables["demand_response"]
    steps = [st for st in dict.fromkeys(resp["step"]) if st != "loss"]
    price = tables["ndpr_price"]
    world = price[price["group"] == "world"].set_index(["model", "year"])["difference_to_first"] if not price.empty else {}
    tab = Table(title="shortfall by year: demand response by step and true loss (kt/yr); Δ NdPr price vs first (USD/kg)")
    for col in ["model", "year", *steps, "true loss", "Δ NdPr"]:
        tab.add_column(col, justify="left" if col == "model" else "right")
    for (model, year), part in resp.groupby(["model", "year"], sort=False):
        kt = part.groupby("step")["kt"].sum()
        if kt.sum() <= 1e-6:
            continue
        d = world.get((model, year), float("nan")) if len(world) else float("nan")
        tab.add_row(model, str(year), *[f"{kt.get(st, 0.0):,.1f}" for st in steps], f"{kt.get('loss', 0.0):,.1f}", f"{d:+,.1f}")
    return tab


STOCHASTIC_LABELS = {"objective": "objective", "expected_cost": "expected cost of the stochastic plan",
                     "eev": "expected cost of the mean-value plan", "vss": "VSS (value of the stochastic solution)",
                     "wait_and_see": "wait-and-see (perfect foresight)", "evpi": "EVPI (value of perfect information)"}


def stochastic_summary(cfg, result, folder: Path) -> Table:
    tab = Table(title=f"{cfg.name}: two-stage stochastic plan over {len(cfg.disruptions)} scenarios")
    tab.add_column("item")
    tab.add_column("MUSD (discounted)", justify="right")
    labels = {**STOCHASTIC_LABELS, "cvar": f"CVaR {cfg.risk.alpha:.0%} of cost"}
    for key in ("objective", "expected_cost", "cvar", "eev", "vss", "wait_and_see", "evpi"):
        if key in result.metrics:
            tab.add_row(labels[key], f"{result.metrics[key]:,.1f}")
    for row in result.tables["scenario_costs"].to_dict("records"):
        tab.add_row(f"  {row['scenario']} (p = {row['probability']:g})", f"{row['value']:,.1f}")
    tab.add_row("run folder", str(folder))
    return tab


def stress_summary(cfg, plan: Path, result) -> Table:
    tab = Table(title=f"{cfg.name}: stress test of {plan}")
    for col, justify in (("scenario", "left"), ("p", "right"), ("cost MUSD", "right"), ("extra cost MUSD", "right"),
                         ("unmet kt (Σ)", "right"), ("NdPr oxide max USD/kg", "right")):
        tab.add_column(col, justify=justify)
    for row in result.tables["stress_summary"].to_dict("records"):
        tab.add_row(row["scenario"], f"{row['probability']:g}", f"{row['cost']:,.1f}", f"{row['extra_cost']:,.1f}",
                    f"{row['unmet_kt']:,.2f}", f"{row['ndpr_oxide_max_usd_per_kg']:,.1f}")
    return tab


def pareto_summary(cfg, metric: str, points: pd.DataFrame) -> Table:
    tab = Table(title=f"{cfg.name}: cost vs {metric}")
    for col in ("point", "epsilon", "emissions", "cost", "status"):
        tab.add_column(col, justify="right")

    def fmt(v) -> str:
        return "—" if pd.isna(v) else f"{v:,.3f}"

    for row in points.to_dict("records"):
        tab.add_row(str(row["point"]), fmt(row["epsilon"]), fmt(row["emissions"]), fmt(row["cost"]), row["status"])
    return tab
