"""Report of a sensitivity folder (`ree-opt sensitivity`): which input moves each indicator most (tornado)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .charts import Chart
from .page import Page, num, read


def tornado_chart(tornado: pd.DataFrame) -> Chart | None:
    """Per indicator, per variation: the change from the base at the low and the high level (a tornado)."""
    if tornado.empty:
        return None
    low = tornado.assign(series="low level", y=tornado["low"] - tornado["base"])
    high = tornado.assign(series="high level", y=tornado["high"] - tornado["base"])
    d = pd.concat([low, high]).rename(columns={"indicator": "facet", "variation": "x"})[["facet", "x", "series", "y"]]
    return Chart(
        "tornado",
        "Change of each indicator from its base value, by input varied",
        "hbar",
        d,
        ylabel="change from base",
        note="One input at a time at its low and high level; the others at base.",
    )


def page(folder: Path, manifest: dict, year: int | None = None) -> Page:
    tornado = read(folder, "tornado")
    cases = read(folder, "sensitivity_cases")
    lines = [("cases solved", f"{len(cases)} ({int((cases.get('solve', pd.Series()) == 'warm').sum())} warm re-solves)")]
    for name, part in tornado.groupby("indicator", sort=False) if not tornado.empty else []:
        top = part.loc[part["swing"].idxmax()]
        lines.append((f"{name}: base {num(top['base'])}", f"largest swing {num(top['swing'])} from {top['variation']}"))
    p = Page(
        f"{manifest.get('model', folder.name)}: sensitivity",
        lines,
        question="Which input, varied one at a time, moves each indicator most?",
    )
    p.add(tornado_chart(tornado), "tornado.csv")
    return p
