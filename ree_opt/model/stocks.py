"""Recycling from in-use stocks: end-of-life scrap from magnets served in earlier periods.

eol[r,q,t] = Σ_{(c,t')} β[r,q,t,c,t'] · (demand[r,c,t'] − unmet[r,c,t']) + hist[r,q,t]

with β = coll · L_t' · P(t' → t) / L_t from the sector's lifetime distribution (see
`ree_opt.lifetimes`), q the sector's scrap commodity, c its magnet commodity. The scrap enters
the commodity balance as a supply; recycling processes (long loop to oxides, short loop to alloy
or magnets, both ordinary process_io recipes) or disposal take it.

`add_end_of_life` (before the balance) creates v_eol and registers it as a supply;
`add_end_of_life_links` (after the balance, which creates v_unmet) creates c_eol. Both return
at once when no sector has a lifetime.
"""

from __future__ import annotations

import pandas as pd
import pyomo.environ as pyo

from ..sets import ModelSets
from .disruption import served_demand
from .registry import Registry


def add_end_of_life(m: pyo.ConcreteModel, s: ModelSets, reg: Registry) -> None:
    keys = s.eol.keys
    m.EOL = pyo.Set(initialize=keys, dimen=3, ordered=True)
    m.v_eol = pyo.Var(m.EOL, domain=pyo.NonNegativeReals, doc="collected end-of-life scrap, kt/yr")
    for key in keys:
        reg.balance[key].append((1.0, m.v_eol[key]))


def add_end_of_life_links(m: pyo.ConcreteModel, s: ModelSets, reg: Registry) -> None:
    def served(r: str, c: str, t: int):
        return served_demand(m, s, (r, c, t))

    m.c_eol = pyo.Constraint(
        m.EOL,
        rule=lambda m, r, q, t: m.v_eol[r, q, t]
        == s.eol.constant.get((r, q, t), 0.0) + pyo.quicksum(b * served(r, c, tp) for (c, tp, b) in s.eol.served_coef.get((r, q, t), [])),
    )


# --- post-solve reports -------------------------------------------------------------------


def eol_table(m: pyo.ConcreteModel, s: ModelSets) -> pd.DataFrame:
    """Collected end-of-life scrap by region, sector, scrap commodity and year, kt/yr."""
    sector = {q: sec for (q, _c), sec in s.eol.sector_of.items()}
    rows = [{"region": r, "sector": sector.get(q, ""), "commodity": q, "year": t, "value": float(pyo.value(var)), "unit": "kt/yr"}
            for (r, q, t), var in m.v_eol.items()]
    return pd.DataFrame(rows, columns=["region", "sector", "commodity", "year", "value", "unit"])


def eol_flow_rows(m: pyo.ConcreteModel, s: ModelSets) -> list[dict]:
    """Collected end-of-life scrap as flows of the pseudo-process `end_of_life` (mode = sector), so flows.csv closes every balance."""
    return [{"region": row["region"], "process": "end_of_life", "mode": row["sector"], "commodity": row["commodity"], "year": row["year"],
             "value": row["value"], "unit": "kt/yr"} for row in eol_table(m, s).to_dict("records") if row["value"] > 0]


def recycled_share(m: pyo.ConcreteModel, s: ModelSets) -> pd.DataFrame:
    """Share of each commodity's production (world, per year) made by recycling-stage processes.

    Rows per commodity a recycling process makes, and one per kind summing them: `oxide:*` over the
    oxides recycling makes (the magnet elements, not co-products such as La and Ce); `magnet:*`
    over every magnet (a short loop making one kind of magnet still counts against all magnets).
    """
    cols = ["year", "commodity", "recycled", "total", "share", "unit"]
    recycling = {k for (_r, k), u in s.units.items() if u.stage == "recycling"}
    made: dict[tuple[int, str], list[float]] = {}
    for (r, k, mode, t), var in m.v_activity.items():
        level = var.value or 0.0
        if level <= 0:
            continue
        for c, a in s.io.get((k, mode), {}).items():
            if a > 0 and not c.startswith("scrap:"):
                rec_tot = made.setdefault((t, c), [0.0, 0.0])
                rec_tot[0] += a * level if k in recycling else 0.0
                rec_tot[1] += a * level
    recycled_commodities = {c for (k, _mode), io in s.io.items() if k in recycling for c, a in io.items() if a > 0 and not c.startswith("scrap:")}
    rows = []
    by_kind: dict[tuple[int, str], list[float]] = {}
    for (t, c), (rec, tot) in sorted(made.items()):
        kind = c.partition(":")[0]
        if c in recycled_commodities:
            rows.append({"year": t, "commodity": c, "recycled": rec, "total": tot, "share": rec / tot if tot else 0.0, "unit": "kt/yr"})
        if c in recycled_commodities or (kind == "magnet" and any(x.startswith("magnet:") for x in recycled_commodities)):
            agg = by_kind.setdefault((t, kind + ":*"), [0.0, 0.0])
            agg[0] += rec
            agg[1] += tot
    for (t, kind), (rec, tot) in sorted(by_kind.items()):
        rows.append({"year": t, "commodity": kind, "recycled": rec, "total": tot, "share": rec / tot if tot else 0.0, "unit": "kt/yr"})
    return pd.DataFrame(rows, columns=cols)
