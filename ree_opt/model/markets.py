"""Co-product markets: a region buys a co-product (La, Ce oxide) in demand-curve steps at a price.

0 ≤ sale[r,c,n,t] ≤ q[r,c,n,t];   balance(r,c,t) −= Σ_n sale[r,c,n,t];   cost −= Σ w_t·p[r,c,n,t]·sale[r,c,n,t]

What no step takes stays in the balance's disposal at the commodity's disposal cost, so a
separation plant earns what the market pays up to the market's size and pays for the rest. The
core lets shipments reach every market region (a market is a use of the commodity there).
Creates v_sale; registers the cost component `coproduct_revenue` (negative). Reports
coproduct_markets.csv (market size, sold, price, revenue by region, commodity, step and year).
Adds nothing when markets.csv is empty.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from ..lazy import pyo

from .core import Core, no_checks
from .registry import Registry
from .values import frame, val


@dataclass(frozen=True)
class MarketPrep:
    core: Core
    quantity: dict[tuple[str, str, int, int], float]  # (r, c, step, t) → kt/yr
    price: dict[tuple[str, str, int, int], float]  # (r, c, step, t) → MUSD/kt
    warnings: tuple[str, ...] = ()

    @property
    def SALES(self) -> list[tuple[str, str, int, int]]:
        return sorted(k for k, q in self.quantity.items() if q > 0)


check = no_checks


def prepare(core: Core, cfg, data) -> MarketPrep:
    """Market steps interpolated to the periods (held flat outside the listed years); regions left out of the model drop out."""
    quantity, price, warnings = {}, {}, []
    table = data["markets"]
    balances = {(r, c) for (r, c, _t) in core.BALANCE}
    for (r, c, n), rows in table.groupby(["region", "commodity", "step"], sort=True) if not table.empty else []:
        if r not in core.regions:
            continue
        if (r, c) not in balances:
            warnings.append(f"markets: {c} is neither made nor used in {r}; its market there is left out")
            continue
        rows = rows.sort_values("year")
        years = rows["year"].to_numpy(float)
        for t, q, p in zip(core.periods, np.interp(core.periods, years, rows["quantity"].to_numpy(float)),
                           np.interp(core.periods, years, rows["price"].to_numpy(float))):
            quantity[(r, c, int(n), t)], price[(r, c, int(n), t)] = float(q), float(p)
    return MarketPrep(core=core, quantity=quantity, price=price, warnings=tuple(warnings))


def build(m: pyo.ConcreteModel, prep: MarketPrep, reg: Registry) -> None:
    keys = prep.SALES
    if not keys:
        return
    m.v_sale = pyo.Var(keys, domain=pyo.NonNegativeReals, bounds=lambda m, r, c, n, t: (0.0, prep.quantity[(r, c, n, t)]),
                       doc="co-product sold in a market step, kt/yr")
    for (r, c, n, t) in keys:
        reg.balance[(r, c, t)].append((-1.0, m.v_sale[r, c, n, t]))
        reg.cost("coproduct_revenue", -prep.price[(r, c, n, t)] * prep.core.weight[t], m.v_sale[r, c, n, t])


COLUMNS = ["region", "commodity", "step", "year", "market", "value", "price", "revenue", "unit"]


def report(m: pyo.ConcreteModel, prep: MarketPrep, reg: Registry) -> dict[str, pd.DataFrame]:
    """coproduct_markets.csv: value = sold (kt/yr), revenue = price × sold (MUSD/yr, undiscounted)."""
    rows = []
    for (r, c, n, t) in prep.SALES:
        sold = val(m.v_sale[r, c, n, t])
        rows.append({"region": r, "commodity": c, "step": n, "year": t, "market": prep.quantity[(r, c, n, t)], "value": sold,
                     "price": prep.price[(r, c, n, t)], "revenue": sold * prep.price[(r, c, n, t)], "unit": "kt/yr"})
    return {"coproduct_markets": frame(rows, COLUMNS)}
