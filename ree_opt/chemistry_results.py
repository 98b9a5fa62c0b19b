"""Indicators of the element markets, derived from the features' tables (issue 11).

element_prices.csv: the oxide balance duals of Nd, Pr, Dy, Tb, La, Ce by region and year, and
the didymium price p_NdPr = 0.75·p_Nd + 0.25·p_Pr (the 75:25 NdPr oxide of price assessments);
coproducts.csv: per co-product and year, what separation made, what markets took, what was
disposed of, and the revenue; recycled_split: the recycled output split into production scrap
(swarf) and end-of-life magnets.
"""

from __future__ import annotations

import pandas as pd

from .model.values import frame

ELEMENTS = ("nd", "pr", "dy", "tb", "la", "ce")
DIDYMIUM = {"nd": 0.75, "pr": 0.25}  # NdPr oxide 99% ratio 75:25 (Fastmarkets specification)


def element_prices(marginal: pd.DataFrame) -> pd.DataFrame:
    """Oxide prices (USD/kg, undiscounted) by region, element and year, plus `ndpr` (active where Nd or Pr is:
    `active` as in marginal_costs.csv, when it has that column)."""
    cols = ["region", "element", "year", "value", "unit"] + (["active"] if "active" in marginal else [])
    if marginal.empty:
        return frame([], cols)
    ox = marginal[marginal["commodity"].isin([f"oxide:{e}" for e in ELEMENTS])].copy()
    if ox.empty:
        return frame([], cols)
    ox["element"] = ox["commodity"].str.partition(":")[2]
    wide = ox.pivot_table(index=["region", "year"], columns="element", values="value", aggfunc="first")
    if set(DIDYMIUM) <= set(wide.columns):
        nd_pr = (sum(w * wide[e] for e, w in DIDYMIUM.items())).dropna().rename("value").reset_index()
        nd_pr["element"] = "ndpr"
        if "active" in ox:
            either = ox[ox["element"].isin(list(DIDYMIUM))].groupby(["region", "year"])["active"].any()
            nd_pr["active"] = [bool(either.get(key, False)) for key in zip(nd_pr["region"], nd_pr["year"])]
        ox = pd.concat([ox, nd_pr], ignore_index=True)
    ox["unit"] = "USD/kg"
    return ox[cols].sort_values(["element", "region", "year"]).reset_index(drop=True)


def coproducts(flows: pd.DataFrame, markets: pd.DataFrame | None, disposal: pd.DataFrame) -> pd.DataFrame:
    """World production, sales, disposal (kt/yr) and revenue (MUSD/yr) of every oxide a market buys, by year."""
    cols = ["commodity", "year", "produced", "sold", "disposed", "revenue", "unit"]
    if markets is None or markets.empty:
        return frame([], cols)
    names = sorted(set(markets["commodity"]))
    made = flows[flows["commodity"].isin(names) & (flows["value"] > 0)].groupby(["commodity", "year"])["value"].sum().rename("produced")
    sold = markets.groupby(["commodity", "year"])[["value", "revenue"]].sum().rename(columns={"value": "sold"})
    gone = disposal[disposal["commodity"].isin(names)].groupby(["commodity", "year"])["value"].sum().rename("disposed")
    out = pd.concat([made, sold, gone], axis=1).fillna(0.0).reset_index()
    out["unit"] = "kt/yr"
    return out[cols]


def recycled_origin(inputs: dict[str, float], eol_scraps: set[str]) -> str:
    """'end_of_life' when a recycling mode takes end-of-life scrap, else 'swarf' (production scrap)."""
    return "end_of_life" if any(c in eol_scraps for c, a in inputs.items() if a < 0) else "swarf"
