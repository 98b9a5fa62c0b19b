"""Report of a Pareto folder (`ree-opt pareto`): what each unit less of an impact costs."""

from __future__ import annotations

from pathlib import Path

from .charts import Chart
from .page import Page, read


def page(folder: Path, manifest: dict, year: int | None = None) -> Page:
    metric = manifest.get("metric", "impact")
    front = read(folder, "pareto")
    lines = [("metric", str(metric)), ("points", str(len(front)))]
    ok = front[front["status"] == "optimal"].dropna(subset=["emissions", "cost"]) if not front.empty else front
    unit = front["emissions_unit"].iloc[0] if "emissions_unit" in front and len(front) else ""
    if len(ok) >= 2:
        lo, hi = ok.loc[ok["emissions"].idxmin()], ok.loc[ok["emissions"].idxmax()]
        lines.append((f"{metric} range ({unit})", f"{hi['emissions']:,.1f} → {lo['emissions']:,.1f}"))
        lines.append(("cost range (MUSD, discounted)", f"{hi['cost']:,.0f} → {lo['cost']:,.0f}"))
        if hi["emissions"] > lo["emissions"]:
            slope = (lo["cost"] - hi["cost"]) / (hi["emissions"] - lo["emissions"])
            lines.append((f"average cost of abatement (MUSD per {unit})", f"{slope:,.3f}"))
    p = Page(
        f"{manifest.get('model', folder.name)}: cost vs {metric}",
        lines,
        question=f"How much more does the supply chain cost for each unit less of {metric}?",
    )
    if not ok.empty:
        d = ok.rename(columns={"emissions": "x", "cost": "y"}).assign(series="front")
        p.add(Chart("front", f"Cost vs {metric}", "line", d, xlabel=f"{metric}, {unit}", ylabel="cost, MUSD discounted"))
    else:
        p.add(None, "pareto.csv")
    costs = read(folder, "pareto_costs")
    if not costs.empty:
        d = costs.rename(columns={"point": "x", "component": "series", "value": "y"})
        p.add(Chart("front_costs", "Cost components along the front", "bar", d, xlabel="point", ylabel="MUSD, discounted"))
    else:
        p.add(None, "pareto_costs.csv")
    return p
