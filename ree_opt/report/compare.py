"""Report of a comparison folder (`ree-opt compare`): what excluding a group (or any change) costs.

The first model is the reference. Where it is global and another model excludes a group, the cost
difference without true loss is that model's **cost of exclusion** = Δ supply cost (money spent)
+ Δ demand response (what users give up); true loss is shown in kt, its penalty apart.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from .charts import Chart
from .page import Page, musd, read
from .run import STAGES, prices_chart

PARTS = ("supply cost", "demand response", "unmet penalty")


def exclusions_of(manifest: dict) -> dict[str, tuple[list[str], list[str]]]:
    """Model → (groups removed with their demand, groups whose every export is banned), from each run folder's
    config.yaml when still there (`Policies.excluded_groups`)."""
    from ..config import Policies

    out = {}
    for model, folder in zip(manifest.get("models", []), manifest.get("run_folders", [])):
        path = Path(folder) / "config.yaml"
        policies = ((yaml.safe_load(path.read_text()) if path.exists() else {}) or {}).get("policies") or {}
        try:
            out[model] = Policies.model_validate(policies).excluded_groups()
        except ValueError:  # a folder from an older version: its exclusions at least
            out[model] = (list(policies.get("exclude") or []), [])
    return out


def difference_name(model: str, first: str, kinds: dict[str, tuple[list[str], list[str]]]) -> str:
    """'cost of exclusion (china)' where the first model excludes nothing and `model` bans every export of china;
    a model that removes china with its demand is only a cost difference (the bill has less demand in it)."""
    removed, banned = kinds.get(model, ([], []))
    if kinds.get(first) == ([], []) and banned:
        return f"cost of exclusion ({', '.join(banned)})"
    if removed:
        return f"cost difference to {first} ({', '.join(removed)} removed with its demand: not a cost of exclusion)"
    return f"cost difference to {first}"


def cost_parts(costs: pd.DataFrame, row: pd.Series) -> dict[str, float]:
    """A model's cost difference to the first, by part: supply cost, demand response (what users give up) and the
    unmet-demand penalty on true loss; `cost` = supply + response, the headline that does not move with the penalty.

    Older folders have no `cost_without_true_loss` column (nor demand response): their penalty is Δ unmet."""
    first = costs.iloc[0]
    total = row["difference_to_first"]
    if "cost_without_true_loss_difference_to_first" in costs:
        cost, supply = row["cost_without_true_loss_difference_to_first"], row["supply_cost_difference_to_first"]
    else:
        cost = supply = total - (row.get("unmet", 0.0) - first.get("unmet", 0.0))
    return {"cost": cost, "supply cost": supply, "demand response": cost - supply, "unmet penalty": total - cost}


def cost_chart(costs: pd.DataFrame, names: dict[str, str]) -> Chart | None:
    """Per model after the first: the difference split into supply cost, demand response and the penalty on true loss."""
    if costs.empty or len(costs) < 2:
        return None
    rows = []
    for _, r in costs.iloc[1:].iterrows():
        label = f"{r['model']}: {names[r['model']]}"
        parts = cost_parts(costs, r)
        rows += [{"x": label, "series": part, "y": parts[part]} for part in PARTS]
    return Chart(
        "cost_difference",
        "Cost difference to the first model, by part",
        "bar",
        pd.DataFrame(rows),
        ylabel="MUSD, discounted",
        note="Supply cost is money spent; demand response is what users give up (thrift, switching, deferral); "
        "the unmet penalty prices true loss. A model that excludes a group also drops that group's demand.",
    )


def side_by_side(
    table: pd.DataFrame, value: str, name: str, title: str, ylabel: str, years: list[int] | None = None
) -> Chart | None:
    """One panel per stage; bars per (model, year) stacked by group, so the models stand side by side."""
    if table.empty:
        return None
    d = table if years is None else table[table["year"].isin(years)]
    d = d.groupby(["model", "stage", "group", "year"], as_index=False, sort=False)[value].sum()
    d["x"] = d["model"] + " " + d["year"].astype(str)
    d = d.rename(columns={"stage": "facet", "group": "series", value: "y"}).sort_values(["year", "model"], kind="stable")
    return Chart(name, title, "bar", d, ylabel=ylabel, order=STAGES)


def self_sufficiency_lines(ss: pd.DataFrame, models: list[str], exclusions: dict[str, list[str]]) -> list[tuple[str, str]]:
    """The bloc the comparison is about (not:<a group some model excludes>, else world): its year per stage, per model.

    A model that excludes the group models only that bloc, so its whole (modelled) world is shown."""
    dropped = next((ex[0] for ex in exclusions.values() if ex), None)
    bloc = f"not:{dropped}" if dropped and f"not:{dropped}" in set(ss["group"]) else "world"
    out = []
    for model in models:
        mine = ss[ss["model"] == model]
        shown = bloc if bloc in set(mine["group"]) else "world"
        part = mine[mine["group"] == shown]
        years = ", ".join(f"{s} {y}" for s, y in zip(part["stage"], part["self_sufficient_from"]))
        if years:
            label = shown if shown == bloc else f"{bloc} (its whole world)"
            out.append((f"{model}: {label} self-sufficient from", years))
    return out


def page(folder: Path, manifest: dict, year: int | None = None) -> Page:
    costs = read(folder, "costs")
    models = manifest.get("models") or (list(costs["model"]) if not costs.empty else [])
    kinds = exclusions_of(manifest)
    exclusions = {m: removed for m, (removed, _banned) in kinds.items()}
    first = models[0] if models else "?"
    names = {m: difference_name(m, first, kinds) for m in models}
    summary = []
    for _, r in costs.iterrows():
        summary.append((f"{r['model']}: total cost", musd(r["total"])))
        if r["model"] != first:
            d = cost_parts(costs, r)
            parts = ", ".join(f"{k} {d[k]:+,.0f}" for k in PARTS)
            summary.append((f"{r['model']}: {names[r['model']]}", f"{musd(d['cost'])} ({parts}; the penalty is not included)"))
    um = read(folder, "unmet_demand")
    for m in models if not um.empty else []:
        summary.append((f"{m}: unmet demand, kt (all years)", f"{um.loc[um['model'] == m, 'value'].sum():,.2f}"))
    ss = read(folder, "self_sufficiency")
    if not ss.empty:
        summary += self_sufficiency_lines(ss, models, exclusions)
    p = Page(
        f"Comparison: {' vs '.join(models)}",
        summary,
        question=f"What does each model cost against {first}, and who supplies each stage?",
    )
    p.add(cost_chart(costs, names), "costs.csv")
    p.add(
        side_by_side(
            read(folder, "capacity_by_stage"), "value", "capacity", "Capacity by stage and group, side by side", "kt/yr"
        ),
        "capacity_by_stage.csv",
    )
    shares = read(folder, "group_shares")
    milestones = sorted(set(read(folder, "capacity_by_stage").get("year", []))) or None
    p.add(
        side_by_side(
            shares, "share", "shares", "Each stage's output share by group, side by side", "share of world output", milestones
        ),
        "group_shares.csv",
    )
    p.add(prices_chart(read(folder, "marginal_costs"), by="model"), "marginal_costs.csv")
    return p
