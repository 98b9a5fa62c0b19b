"""Report of a stress-test folder (`ree-opt stress`): what each disruption costs a fixed plan.

extra cost_s = cost_s − cost_undisrupted = Δ supply cost_s + Δ unmet penalty_s (the plan's builds held fixed).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .charts import Chart
from .page import Page, musd, read


def extra_cost_chart(summary: pd.DataFrame) -> Chart | None:
    if summary.empty:
        return None
    d = pd.concat(
        [
            pd.DataFrame({"x": summary["scenario"], "series": "supply cost", "y": summary["extra_supply_cost"]}),
            pd.DataFrame(
                {"x": summary["scenario"], "series": "unmet penalty", "y": summary["extra_cost"] - summary["extra_supply_cost"]}
            ),
        ]
    )
    return Chart(
        "extra_cost",
        "Extra cost per scenario, by part",
        "bar",
        d,
        ylabel="MUSD, discounted",
        note="Against the undisrupted scenario, with the plan's capacity fixed. Supply cost (with any demand response) "
        "can fall when demand goes unserved; the unmet penalty prices true loss.",
    )


def shortfall_chart(unmet: pd.DataFrame, scenarios: list[str], years: list[int]) -> Chart | None:
    """Unmet demand summed over regions and commodities, per scenario over the years (absent rows are 0:
    stress folders keep only the rows with a shortfall)."""
    if unmet.empty or "scenario" not in unmet or unmet["value"].abs().max() <= 1e-9:
        return None
    total = unmet.groupby(["scenario", "year"])["value"].sum()
    scenarios = scenarios or list(dict.fromkeys(unmet["scenario"]))
    years = sorted(set(years) | set(unmet["year"]))
    d = pd.DataFrame([{"series": s, "x": y, "y": float(total.get((s, y), 0.0))} for s in scenarios for y in years])
    return Chart("shortfall", "Shortfall over time by scenario", "line", d, xlabel="year", ylabel="unmet demand, kt/yr")


def price_chart(mc: pd.DataFrame) -> Chart | None:
    """Highest marginal cost over regions of Nd and Pr oxide, per scenario and year."""
    if mc.empty:
        return None
    d = mc.groupby(["scenario", "commodity", "year"], as_index=False, sort=False)["value"].max()
    d = d.rename(columns={"scenario": "series", "commodity": "facet", "year": "x", "value": "y"})
    return Chart(
        "price_spikes", "NdPr oxide price spikes (highest regional marginal cost)", "line", d, xlabel="year", ylabel="USD/kg"
    )


def page(folder: Path, manifest: dict, year: int | None = None) -> Page:
    s = read(folder, "stress_summary")
    lines = [("plan tested", str(manifest.get("plan", "?")))]
    if not s.empty:
        expected = (s["probability"] * s["extra_cost"]).sum()
        lines.append(("expected extra cost (probability-weighted)", musd(expected)))
        for _, r in s.iterrows():
            lines.append(
                (
                    f"{r['scenario']} (p = {r['probability']:g})",
                    f"{r['extra_cost']:+,.0f} MUSD (supply {r['extra_supply_cost']:+,.0f}); "
                    f"shortfall {r['unmet_kt']:,.1f} kt; NdPr max {r['ndpr_oxide_max_usd_per_kg']:,.0f} USD/kg",
                )
            )
    p = Page(
        f"{manifest.get('model', folder.name)}: stress test",
        lines,
        question="What does each disruption cost this plan, and how much demand does it leave unmet?",
    )
    p.add(extra_cost_chart(s), "stress_summary.csv")
    mc = read(folder, "marginal_costs_ndpr")
    scenarios, years = list(s.get("scenario", [])), sorted(set(mc.get("year", [])))
    p.add(
        shortfall_chart(read(folder, "unmet_demand"), scenarios, years),
        "" if (folder / "unmet_demand.csv").exists() else "unmet_demand.csv",
    )
    p.add(price_chart(mc), "marginal_costs_ndpr.csv")
    return p
