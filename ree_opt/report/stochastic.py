"""Report of a stochastic plan folder (`ree-opt run` on a model with scenarios): the plan and what hedging is worth.

VSS = E[cost of the mean-value plan] − E[cost of the stochastic plan];
EVPI = E[cost of the stochastic plan] − E[cost with perfect foresight (wait-and-see)].
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .charts import Chart
from .page import Page, musd, read
from .run import group_map, stage_group_chart
from .stress import shortfall_chart

PLANS = {"value": "stochastic plan", "mean_value_plan": "mean-value plan", "wait_and_see": "perfect foresight"}


def plan_chart(folder: Path) -> Chart | None:
    builds = read(folder, "builds")
    if builds.empty:
        return None
    group_of = group_map(folder)
    builds = builds.assign(group=builds["region"].map(lambda r: group_of.get(r, r)))
    return stage_group_chart(builds, "value", "first_stage", "First-stage plan: new capacity by decision year", "bar", "kt/yr")


def scenario_chart(sc: pd.DataFrame) -> Chart | None:
    if sc.empty:
        return None
    label = sc["scenario"] + " (p = " + sc["probability"].map("{:g}".format) + ")"
    d = pd.concat([pd.DataFrame({"x": label, "series": name, "y": sc[col]}) for col, name in PLANS.items() if col in sc])
    return Chart(
        "scenario_costs",
        "Cost in each scenario, by plan",
        "group_bar",
        d,
        ylabel="MUSD, discounted",
        note="Perfect foresight re-plans for each scenario alone: the lowest cost any plan could reach there.",
    )


def value_chart(metrics: dict) -> Chart | None:
    keys = {"wait_and_see": "perfect foresight", "expected_cost": "stochastic plan", "eev": "mean-value plan"}
    rows = [{"x": name, "y": metrics[k]} for k, name in keys.items() if metrics.get(k) is not None]
    if not rows:
        return None
    return Chart(
        "vss_evpi",
        "Expected cost by plan (VSS and EVPI are the gaps)",
        "hbar",
        pd.DataFrame(rows),
        ylabel="MUSD, discounted",
        note="VSS = mean-value − stochastic; EVPI = stochastic − perfect foresight.",
    )


def page(folder: Path, manifest: dict, year: int | None = None) -> Page:
    m = manifest.get("metrics_musd", {})
    lines = [("status", str(manifest.get("status", "?"))), ("scenarios", str(manifest.get("scenarios", "?")))]
    names = {
        "expected_cost": "expected cost of the stochastic plan",
        "eev": "expected cost of the mean-value plan",
        "vss": "VSS (value of the stochastic solution)",
        "wait_and_see": "expected cost with perfect foresight",
        "evpi": "EVPI (value of perfect information)",
    }
    lines += [(label, musd(m[k])) for k, label in names.items() if m.get(k) is not None]
    risk = manifest.get("risk") or {}
    if risk.get("weight"):
        lines.append(("risk", f"objective = E[cost] + {risk['weight']:g} × CVaR at α = {risk.get('alpha', '?')}"))
        lines.append(("objective (with CVaR)", musd(m.get("objective", float("nan")))))
    p = Page(
        f"{manifest.get('model', folder.name)}: stochastic plan",
        lines,
        question="Which plan is best over the scenarios, and what is hedging worth against planning for the average?",
    )
    p.add(plan_chart(folder), "builds.csv")
    p.add(scenario_chart(read(folder, "scenario_costs")), "scenario_costs.csv")
    p.add(value_chart(m))
    um, sc = read(folder, "unmet_demand"), read(folder, "scenario_costs")
    p.add(shortfall_chart(um, list(sc.get("scenario", [])), sorted(set(um.get("year", [])))))
    return p
