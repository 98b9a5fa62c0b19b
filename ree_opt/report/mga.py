"""Report of an MGA folder (`ree-opt mga`): how far each indicator can move at a small extra cost."""

from __future__ import annotations

from pathlib import Path

from .charts import Chart
from .page import Page, num, read


def page(folder: Path, manifest: dict, year: int | None = None) -> Page:
    ranges = read(folder, "mga_ranges")
    slack = manifest.get("slack")
    lines = [("cost slack of the reported plans", "?" if slack is None else f"{slack:.1%} above the least cost")]
    if not ranges.empty:
        for name, part in ranges.groupby("indicator", sort=False):
            opt = part.loc[part["sense"] == "optimum", "value"]
            at = part[(part["slack"] - (slack or 0.0)).abs() < 1e-12].set_index("sense")["value"]
            lines.append(
                (
                    f"{name} ({part['unit'].iloc[0]})",
                    f"least cost {num(opt.iloc[0])}; "
                    f"range {num(at.get('min', float('nan')))} – {num(at.get('max', float('nan')))}",
                )
            )
    p = Page(
        f"{manifest.get('model', folder.name)}: near-optimal alternatives",
        lines,
        question="How far can each indicator move for a small increase in total cost?",
    )
    if ranges.empty:
        p.add(None, "mga_ranges.csv")
        return p
    d = ranges[ranges["sense"] != "optimum"].rename(columns={"indicator": "facet", "slack": "x", "sense": "series", "value": "y"})
    d = d.sort_values(["facet", "series", "x"])
    p.add(
        Chart(
            "range_vs_slack",
            "Range of each indicator against the cost slack",
            "line",
            d,
            xlabel="cost slack (fraction)",
            ylabel="indicator",
            note="Min and max of each indicator with total cost ≤ (1 + slack) × the least cost.",
        )
    )
    return p
