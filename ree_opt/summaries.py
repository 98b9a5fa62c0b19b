"""What the commands print: short rich tables of a run, a comparison, a stochastic plan, a stress test, a front.

Full tables go to the folders; these summaries fit an 80-column terminal (few, short columns;
labels of at most ~40 characters; folder paths are printed after the table, never cut).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rich.table import Table

from .api import Run
from .compare import STAGE_PRODUCTS


def run_summary(run: Run) -> Table:
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
    if run.solve.has_solution and run.tables:
        shares = run.tables["group_shares"]
        first, last = run.cfg.periods[0], run.cfg.periods[-1]
        for stage in ("mining", "separation", "metal", "magnet", "recycling"):
            part = shares[(shares["stage"] == stage) & (shares["group"] == "china")]
            by_year = dict(zip(part["year"], part["share"]))
            if stage in set(shares["stage"]):
                shares_text = f"{by_year.get(first, 0):.0%} → {by_year.get(last, 0):.0%}"
                tab.add_row(f"China's share of {stage}, {first} → {last}", shares_text)
        um = run.tables["unmet_demand"]
        total = float((um["value"]).sum())
        tab.add_row("unmet demand, kt (all years)", f"{total:,.2f}")
        rec = run.tables.get("recycled_share")
        for kind in ("oxide:*", "magnet:*"):
            sub = rec[rec["commodity"] == kind] if rec is not None else None
            part = {} if sub is None else dict(zip(sub["year"], sub["share"]))
            if part:
                tab.add_row(f"recycled share of {kind}, {first} → {last}", f"{part.get(first, 0):.1%} → {part.get(last, 0):.1%}")
        em = run.tables.get("emissions")
        if em is not None and not em.empty:
            co2 = em[em["pollutant"] == "co2e"].groupby("year")["value"].sum()
            if not co2.empty:
                tab.add_row(f"CO2e, Mt/yr, {first} → {last}", f"{co2.get(first, 0) / 1000:,.1f} → {co2.get(last, 0) / 1000:,.1f}")
    tab.add_row("variables / constraints", f"{run.model.nvariables():,} / {run.model.nconstraints():,}")
    tab.add_row("time: build / HiGHS, s", f"{run.timings.get('build', 0):.2f} / {run.timings.get('highs', 0):.2f}")
    return tab




def cost_of_exclusion_lines(solved: list, costs) -> list[str]:
    """When the first model excludes nothing: one sentence per model that bans every export of a group (its cost of
    exclusion, without true loss, which is counted in kt and priced apart by the unmet-demand penalty), and a warning
    for a model that removes a group with its demand (its cost difference is not a cost of exclusion)."""
    if any(solved[0].cfg.policies.excluded_groups()):
        return []
    out = []
    for r in solved[1:]:
        removed, banned = r.cfg.policies.excluded_groups()
        d = cost_parts(costs, r.cfg.name)
        if banned:
            out.append(f"cost of exclusion of {', '.join(banned)} ({r.cfg.name}: every export banned): {d['cost']:+,.0f} MUSD "
                       f"= supply cost {d['supply']:+,.0f} + demand response {d['response']:+,.0f}; true loss "
                       f"{r.tables['unmet_demand']['value'].sum():,.1f} kt (its penalty {d['penalty']:+,.0f} MUSD not included)")
        elif removed:
            out.append(f"{r.cfg.name} removes {', '.join(removed)} with its demand, so its cost difference ({d['cost']:+,.0f} MUSD) "
                       f"is not a cost of exclusion; a model that bans {', '.join(removed)}'s exports gives that "
                       "(e.g. models/china_excluded.yaml)")
    return out


def cost_parts(costs, name: str) -> dict[str, float]:
    """A model's cost difference to the first: without true loss (`cost`) = supply + demand response; and the penalty."""
    c = costs.set_index("model")
    total = c.at[name, "difference_to_first"]
    cost = c.at[name, "cost_without_true_loss_difference_to_first"]
    supply = c.at[name, "supply_cost_difference_to_first"]
    return {"cost": cost, "supply": supply, "response": cost - supply, "penalty": total - cost}


def comparison_summary(solved: list, tables: dict, group: str | None) -> list:
    """Two tables that fit 80 columns (cost differences; the bloc's self-sufficiency year per stage) and the cost of
    exclusion in words."""
    first = solved[0].cfg.name
    tab = Table(title=f"cost against {first}, MUSD (discounted)",
                caption=f"Δ: difference to {first}. Δ cost = Δ supply + Δ response (what users give up); "
                        "true loss is in kt, Δ penalty its price")
    for col in ("model", "Δ cost", "Δ supply", "Δ response", "loss kt", "Δ penalty"):
        tab.add_column(col, justify="left" if col == "model" else "right", no_wrap=col == "model")
    for r in solved:
        d = cost_parts(tables["costs"], r.cfg.name)
        tab.add_row(r.cfg.name + ("" if r.solve.ok else f" ({r.solve.status})"), f"{d['cost']:+,.0f}", f"{d['supply']:+,.0f}",
                    f"{d['response']:+,.0f}", f"{r.tables['unmet_demand']['value'].sum():,.1f}", f"{d['penalty']:+,.0f}")
    out = [tab]
    ss = tables["self_sufficiency"]
    focus = group or next((g for g in ("not:china", "allied") if g in set(ss["group"])), None)
    if focus:
        ss_tab = Table(title=f"'{focus}' self-sufficient from (year, by stage)",
                       caption="* models only that bloc: its whole modelled world is shown; — = not by the horizon's end")
        ss_tab.add_column("model", no_wrap=True)
        for stage in STAGE_PRODUCTS:
            ss_tab.add_column(stage, justify="right")
        for r in solved:
            mine = ss[ss["model"] == r.cfg.name]
            # a model that excluded the focus group's complement models only that bloc: its world
            bloc = focus if focus in set(mine["group"]) else "world"
            part = mine[mine["group"] == bloc].set_index("stage")["self_sufficient_from"]
            years = ["—" if str(part.get(s, "—")).startswith("not by") else str(part.get(s, "—")) for s in STAGE_PRODUCTS]
            ss_tab.add_row(r.cfg.name + ("" if bloc == focus else "*"), *years)
        out.append(ss_tab)
    return out + cost_of_exclusion_lines(solved, tables["costs"])


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


def stochastic_summary(cfg, result) -> Table:
    tab = Table(title=f"{cfg.name}: two-stage stochastic plan over {len(cfg.disruptions)} scenarios")
    tab.add_column("item")
    tab.add_column("MUSD (discounted)", justify="right")
    labels = {**STOCHASTIC_LABELS, "cvar": f"CVaR {cfg.risk.alpha:.0%} of cost"}
    for key in ("objective", "expected_cost", "cvar", "eev", "vss", "wait_and_see", "evpi"):
        if key in result.metrics:
            tab.add_row(labels[key], f"{result.metrics[key]:,.1f}")
    for row in result.tables["scenario_costs"].to_dict("records"):
        tab.add_row(f"  {row['scenario']} (p = {row['probability']:g})", f"{row['value']:,.1f}")
    return tab


def stress_summary(cfg, plan: Path, result) -> Table:
    """Per scenario: extra cost against the undisrupted case, shortfall and the NdPr oxide peak (the plan's path goes below)."""
    tab = Table(title=f"{cfg.name}: stress test of the plan in {Path(plan).name}",
                caption="extra cost and its supply part against the undisrupted case")
    for col in ("scenario", "p", "extra cost MUSD", "of which supply", "unmet kt", "NdPr max USD/kg"):
        tab.add_column(col, justify="left" if col == "scenario" else "right", no_wrap=col == "scenario")
    for row in result.tables["stress_summary"].to_dict("records"):
        tab.add_row(row["scenario"], f"{row['probability']:g}", f"{row['extra_cost']:+,.0f}", f"{row['extra_supply_cost']:+,.0f}",
                    f"{row['unmet_kt']:,.1f}", f"{row['ndpr_oxide_max_usd_per_kg']:,.0f}")
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
