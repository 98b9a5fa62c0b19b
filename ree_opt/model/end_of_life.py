"""Recycling from in-use stocks: end-of-life scrap from magnets served in earlier periods.

eol[r,q,t] = Σ_{(c,t')} β[r,q,t,c,t'] · (demand[r,c,t'] − unmet[r,c,t']) + hist[r,q,t]

with β = coll · L_t' · P(t' → t) / L_t from the sector's lifetime distribution (`model.lifetimes`,
computed with the core, since where scrap arises shapes routes and balances), q the sector's
scrap commodity, c its magnet commodity. The scrap enters the commodity balance as a supply;
recycling processes (long loop to oxides, short loop to alloy or magnets, both ordinary
process_io recipes) or disposal take it. Creates EOL, v_eol and (once served demand exists)
c_eol; reports eol_scrap.csv and the pseudo-process `end_of_life` in flows.csv. Adds nothing
unless `recycling_from_stocks: true` and some sector has a lifetime.
"""

from __future__ import annotations

import pandas as pd
from ..lazy import pyo

from .core import CoreOnly, core_only
from .registry import Registry
from .values import frame


def check(cfg, data) -> list[str]:
    if cfg.recycling_from_stocks and data["sector_lifetimes"].empty:
        return [f"recycling_from_stocks: true, but {data.origin}/sector_lifetimes.csv has no sector: no end-of-life scrap arises"]
    return []


prepare = core_only  # the end-of-life coefficients are part of the core (they shape routes and balances)


def build(m: pyo.ConcreteModel, prep: CoreOnly, reg: Registry) -> None:
    keys = prep.core.eol.keys
    if not keys:
        return
    m.EOL = pyo.Set(initialize=keys, dimen=3, ordered=True)
    m.v_eol = pyo.Var(m.EOL, domain=pyo.NonNegativeReals, doc="collected end-of-life scrap, kt/yr")
    for key in keys:
        reg.balance[key].append((1.0, m.v_eol[key]))
        reg.supply_extra[key] = m.v_eol[key]


def link(m: pyo.ConcreteModel, prep: CoreOnly, reg: Registry) -> None:
    """eol = constant + Σ β · served, once the balance has made served demand."""
    eol = prep.core.eol
    if not eol.keys:
        return
    m.c_eol = pyo.Constraint(
        m.EOL,
        rule=lambda m, r, q, t: m.v_eol[r, q, t]
        == eol.constant.get((r, q, t), 0.0) + pyo.quicksum(b * reg.served((r, c, tp)) for (c, tp, b) in eol.served_coef.get((r, q, t), [])),
    )


COLUMNS = ["region", "sector", "commodity", "year", "value", "unit"]


def report(m: pyo.ConcreteModel, prep: CoreOnly, reg: Registry) -> dict[str, pd.DataFrame]:
    """eol_scrap.csv (collected scrap by region, sector, scrap commodity, year) and its rows in flows.csv."""
    if not prep.core.eol.keys:
        return {"eol_scrap": frame([], COLUMNS)}
    sector = {q: sec for (q, _c), sec in prep.core.eol.sector_of.items()}
    rows = [{"region": r, "sector": sector.get(q, ""), "commodity": q, "year": t, "value": float(pyo.value(var)), "unit": "kt/yr"}
            for (r, q, t), var in m.v_eol.items()]
    flows = [{"region": row["region"], "process": "end_of_life", "mode": row["sector"], "commodity": row["commodity"], "year": row["year"],
              "value": row["value"], "unit": "kt/yr"} for row in rows if row["value"] > 0]
    out = {"eol_scrap": frame(rows, COLUMNS)}
    if flows:
        out["flows"] = frame(flows, ["region", "process", "mode", "commodity", "year", "value", "unit"])
    return out
