"""Environmental accounting, caps and prices.

em[r,q,t] = Σ_{k,m} γ[r,k,q] · act[r,k,m,t];   Σ_{r∈R_i} em[r,q_i,t] ≤ cap_i  (t covered by cap i)

γ from process_emissions.csv (a region's own row beats '*', a deposit's own row beats its mining
process's). Creates e_emissions (kt/yr; wastewater in 1000 m³/yr), e_emissions_total[q] (kt over
the horizon, Σ_t L_t Σ_r em — the metric of `ree-opt pareto`), c_emission_cap (its shadow price,
the implied price of the pollutant, is reported); registers the cost component `carbon` (price of
co2e) and `price_<pollutant>` for priced other pollutants: price USD/t × 1e-3 = MUSD/kt. Reports
emissions.csv. Adds no component when the data has no intensities.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from ..config import ModelConfig
from ..data import ModelData
from ..places import check_places
from .core import Core
from .registry import Registry
from .values import frame

USD_PER_T_TO_MUSD_PER_KT = 1e-3
UNITS = {"co2e": "kt CO2e/yr", "radioactive_residue": "kt/yr", "wastewater": "1000 m3/yr"}


@dataclass(frozen=True)
class EnvironmentPrep:
    core: Core
    gamma: dict[tuple[str, str], dict[str, float]]  # (r, k) → pollutant → intensity per kt of activity
    keys: tuple[tuple[str, str, int], ...]  # (r, q, t) with emissions
    pollutants: tuple[str, ...]
    capped: dict[tuple[int, int], list]  # (cap rule, t) → the (r, q, t) it covers
    prices: dict[tuple[str, str, int], float]  # (r, q, t) → USD/t
    warnings: tuple[str, ...] = ()


def check(cfg: ModelConfig, data: ModelData) -> list[str]:
    for kind, rules in (("caps", cfg.environment.caps), ("carbon_price", cfg.environment.carbon_price)):
        for i, rule in enumerate(rules):
            check_places(data, [rule.region], f"environment.{kind}[{i}].region")
    return []


def intensities(s: Core) -> dict[tuple[str, str], dict[str, float]]:
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


def price_by_period(s: Core) -> dict[tuple[str, str, int], float]:
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


def prepare(core: Core, cfg: ModelConfig, data: ModelData) -> EnvironmentPrep:
    gamma = intensities(core)
    keys = sorted({(r, q, t) for (r, k, _mode, t) in core.ACTIVITY for q in gamma.get((r, k), {})})
    pollutants = sorted({q for (_r, q, _t) in keys})
    said = [f"environment.{kind}[{i}]: no process in the model emits {rule.pollutant} (process_emissions.csv); it has no effect"
            for kind, rules in (("caps", cfg.environment.caps), ("carbon_price", cfg.environment.carbon_price))
            for i, rule in enumerate(rules) if rule.pollutant not in pollutants]
    present = set(keys)
    capped: dict[tuple[int, int], list] = {}
    for i, cap in enumerate(cfg.environment.caps):
        regions = sorted(core.data.regions_matching(cap.region))
        for t in core.periods:
            covered = [(r, cap.pollutant, t) for r in regions if (r, cap.pollutant, t) in present]
            if cap.covers(t) and covered:
                capped[(i, t)] = covered
    prices = {key: p for key, p in price_by_period(core).items() if key in present and p > 0}
    return EnvironmentPrep(core=core, gamma=gamma, keys=tuple(keys), pollutants=tuple(pollutants), capped=capped, prices=prices, warnings=tuple(said))


def build(m: pyo.ConcreteModel, prep: EnvironmentPrep, reg: Registry) -> None:
    s = prep.core
    if not prep.keys:
        return
    terms: dict[tuple[str, str, int], list] = defaultdict(list)
    for (r, k, mode, t), var in reg.activity.items():
        for q, g in prep.gamma.get((r, k), {}).items():
            terms[(r, q, t)].append(g * var)
    m.EMISSIONS = pyo.Set(initialize=prep.keys, dimen=3, ordered=True)
    m.e_emissions = pyo.Expression(m.EMISSIONS, rule=lambda m, r, q, t: pyo.quicksum(terms[(r, q, t)]), doc="emissions, kt/yr")
    m.POLLUTANTS = pyo.Set(initialize=prep.pollutants, ordered=True)
    m.e_emissions_total = pyo.Expression(
        m.POLLUTANTS,
        rule=lambda m, q: pyo.quicksum(s.length[t] * m.e_emissions[r, qq, t] for (r, qq, t) in terms if qq == q),  # activity order
        doc="emissions over the horizon, kt",
    )
    caps = s.cfg.environment.caps
    m.c_emission_cap = pyo.Constraint(
        list(prep.capped),
        rule=lambda m, i, t: pyo.quicksum(m.e_emissions[key] for key in prep.capped[(i, t)]) <= caps[i].limit,
    )
    reg.duals.append(m.c_emission_cap)
    for (r, q, t), price in prep.prices.items():
        name = "carbon" if q == "co2e" else f"price_{q}"
        reg.cost(name, price * USD_PER_T_TO_MUSD_PER_KT * s.weight[t], m.e_emissions[r, q, t])


def report(m: pyo.ConcreteModel, prep: EnvironmentPrep, reg: Registry) -> dict[str, pd.DataFrame]:
    """Emissions by region, group, stage, pollutant and year (from activity × intensity)."""
    s = prep.core
    group = s.data.region_group
    total: dict[tuple[str, str, str, int], float] = defaultdict(float)
    for (r, k, _mode, t), var in reg.activity.items():
        for q, g in prep.gamma.get((r, k), {}).items():
            total[(r, s.units[(r, k)].stage, q, t)] += g * (var.value or 0.0)
    rows = [{"region": r, "group": group[r], "stage": st, "pollutant": q, "year": t, "value": v, "unit": UNITS[q]}
            for (r, st, q, t), v in sorted(total.items())]
    return {"emissions": frame(rows, ["region", "group", "stage", "pollutant", "year", "value", "unit"])}
