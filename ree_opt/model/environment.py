"""Environmental accounting, caps and prices.

em[r,q,t] = Σ_{k,m} γ[r,k,q] · act[r,k,m,t];   Σ_{r∈R_i} em[r,q_i,t] ≤ cap_i  (t covered by cap i)

γ from process_emissions.csv (a region's own row beats '*', a deposit's own row beats its mining
process's). Creates e_emissions (kt/yr; wastewater in 1000 m³/yr), e_emissions_total[q] (kt over
the horizon, Σ_t L_t Σ_r em — the metric of `ree-opt pareto`), c_emission_cap; registers the cost
component `carbon` (price of co2e) and `price_<pollutant>` for priced other pollutants:
price USD/t × 1e-3 = MUSD/kt. Returns early (no components) when the data has no intensities.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from ..sets import ModelSets
from .registry import Registry

USD_PER_T_TO_MUSD_PER_KT = 1e-3


def intensities(s: ModelSets) -> dict[tuple[str, str], dict[str, float]]:
    """γ[(r, k)][q] for every unit of the model with a non-zero intensity."""
    table = s.data["process_emissions"]
    rows: dict[tuple[str, str, str], float] = {(k, r, q): v for k, r, q, v in zip(table["process"], table["region"], table["pollutant"], table["intensity"])}
    template = dict(zip(s.data["deposits"]["deposit"], s.data["deposits"]["process"]))
    pollutants = sorted(set(table["pollutant"]))
    out: dict[tuple[str, str], dict[str, float]] = {}
    for (r, k) in s.units:
        found = {}
        for q in pollutants:
            for key in ((k, r, q), (k, "*", q), (template.get(k), r, q), (template.get(k), "*", q)):
                if key in rows:
                    found[q] = rows[key]
                    break
        found = {q: v for q, v in found.items() if v > 0}
        if found:
            out[(r, k)] = found
    return out


def price_by_period(s: ModelSets) -> dict[tuple[str, str, int], float]:
    """price[r,q,t] in USD/t: each path interpolated by year and averaged over the years of t; matching paths add up.

    Region names were checked against the dataset (policies.check_policies); an excluded region is not matched."""
    out: dict[tuple[str, str, int], float] = defaultdict(float)
    for rule in s.cfg.environment.carbon_price:
        xs = sorted(rule.path)
        for t in s.periods:
            years = list(range(t, t + s.length[t]))
            avg = float(np.mean(np.interp(years, xs, [rule.path[x] for x in xs])))
            for r in s.data.regions_matching(rule.region):
                out[(r, rule.pollutant, t)] += avg
    return dict(out)


def add_environment(m: pyo.ConcreteModel, s: ModelSets, reg: Registry) -> None:
    gamma = intensities(s)
    terms: dict[tuple[str, str, int], list] = defaultdict(list)
    for (r, k, mode, t), var in m.v_activity.items():
        for q, g in gamma.get((r, k), {}).items():
            terms[(r, q, t)].append(g * var)
    m.EMISSIONS = pyo.Set(initialize=sorted(terms), dimen=3, ordered=True)
    m.e_emissions = pyo.Expression(m.EMISSIONS, rule=lambda m, r, q, t: pyo.quicksum(terms[(r, q, t)]), doc="emissions, kt/yr")
    pollutants = sorted({q for (_r, q, _t) in terms})
    m.POLLUTANTS = pyo.Set(initialize=pollutants, ordered=True)
    m.e_emissions_total = pyo.Expression(
        m.POLLUTANTS,
        rule=lambda m, q: pyo.quicksum(s.length[t] * m.e_emissions[r, qq, t] for (r, qq, t) in terms if qq == q),
        doc="emissions over the horizon, kt",
    )

    for kind, rules in (("caps", s.cfg.environment.caps), ("carbon_price", s.cfg.environment.carbon_price)):
        for i, rule in enumerate(rules):
            if rule.pollutant not in pollutants:
                s.warnings.append(f"environment.{kind}[{i}]: no process in the model emits {rule.pollutant} (process_emissions.csv); it has no effect")
    capped: dict[tuple[int, int], list] = {}
    for i, cap in enumerate(s.cfg.environment.caps):
        regions = sorted(s.data.regions_matching(cap.region))
        for t in s.periods:
            keys = [(r, cap.pollutant, t) for r in regions if (r, cap.pollutant, t) in terms]
            if cap.covers(t) and keys:
                capped[(i, t)] = keys
    m.c_emission_cap = pyo.Constraint(
        list(capped),
        rule=lambda m, i, t: pyo.quicksum(m.e_emissions[key] for key in capped[(i, t)]) <= s.cfg.environment.caps[i].limit,
    )

    for (r, q, t), price in price_by_period(s).items():
        if (r, q, t) in terms and price > 0:
            name = "carbon" if q == "co2e" else f"price_{q}"
            reg.cost(name, price * USD_PER_T_TO_MUSD_PER_KT * s.weight[t], m.e_emissions[r, q, t])


# --- post-solve report ---------------------------------------------------------------------

UNITS = {"co2e": "kt CO2e/yr", "radioactive_residue": "kt/yr", "wastewater": "1000 m3/yr"}


def emissions_table(m: pyo.ConcreteModel, s: ModelSets) -> pd.DataFrame:
    """Emissions by region, group, stage, pollutant and year (from activity × intensity)."""
    gamma = intensities(s)
    group = s.data.region_group
    total: dict[tuple[str, str, str, int], float] = defaultdict(float)
    for (r, k, _mode, t), var in m.v_activity.items():
        for q, g in gamma.get((r, k), {}).items():
            total[(r, s.units[(r, k)].stage, q, t)] += g * (var.value or 0.0)
    rows = [{"region": r, "group": group[r], "stage": st, "pollutant": q, "year": t, "value": v, "unit": UNITS[q]}
            for (r, st, q, t), v in sorted(total.items())]
    return pd.DataFrame(rows, columns=["region", "group", "stage", "pollutant", "year", "value", "unit"])
