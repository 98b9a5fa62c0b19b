"""Environmental accounting, caps, prices and border carbon charges.

em[r,q,t] = Σ_{k,m} γ[r,k,m,t,q] · act[r,k,m,t];   Σ_{r∈R_i} em[r,q_i,t] ≤ cap_i  (t covered by cap i)
border[c,o,d,t] = price_j[t] · β[o,c,t] · ship[c,o,d,t]   for d ∈ importer_j, o ∉ importer_j, c ∈ C_j

γ from their causes (`ree_opt.footprints`): energy by carrier × the region's carrier intensity in
the years of t (held at the first year with `environment.hold_grid_flat`) + the route's non-energy
part; residue, wastewater and thorium by feed; process_emissions.csv where a process has no cause
rows. β is the exporter's reference footprint of c (`ree_opt.embodied.reference_intensity`: its
units weighted by base-year capacity, inputs from its own chain), fixed before solving so the charge
stays linear. Creates e_emissions (kt/yr; wastewater in 1000 m³/yr), e_emissions_total[q] (kt over
the horizon, the metric of `ree-opt pareto`), c_emission_cap (its dual, the implied price of the
pollutant, is reported); registers the cost components `carbon` (co2e), `price_<pollutant>` and
`border_carbon` (price USD/t × 1e-3 = MUSD/kt). Reports emissions.csv, intensities.csv (γ per unit,
mode, region and period) and product_footprints.csv (cradle-to-gate t CO2e per t of each commodity
made or used in a region, along the solved chain).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd
from ..lazy import pyo

from ..config import ModelConfig
from ..data import ModelData
from ..embodied import embodied, reference_intensity
from ..footprints import footprints
from ..places import check_commodities, check_places, matches_any
from .core import Core
from .registry import Registry
from .values import frame

USD_PER_T_TO_MUSD_PER_KT = 1e-3
UNITS = {"co2e": "kt CO2e/yr", "radioactive_residue": "kt/yr", "wastewater": "1000 m3/yr", "thorium": "kt Th/yr"}
PER_KT = {"co2e": "t CO2e/t", "radioactive_residue": "t/t", "wastewater": "m3/t", "thorium": "t Th/t"}


@dataclass(frozen=True)
class EnvironmentPrep:
    core: Core
    gamma: dict[tuple[str, str, str, int], dict[str, float]]  # (r, k, m, t) → pollutant → per kt of activity
    keys: tuple[tuple[str, str, int], ...]  # (r, q, t) with emissions
    pollutants: tuple[str, ...]
    capped: dict[tuple[int, int], list]  # (cap rule, t) → the (r, q, t) it covers
    prices: dict[tuple[str, str, int], float]  # (r, q, t) → USD/t
    border: dict[tuple[str, str, str, int], float]  # (c, o, d, t) → USD per t shipped
    burden_free: frozenset[str]
    warnings: tuple[str, ...] = ()


def check(cfg: ModelConfig, data: ModelData) -> list[str]:
    for kind, rules in (("caps", cfg.environment.caps), ("carbon_price", cfg.environment.carbon_price)):
        for i, rule in enumerate(rules):
            check_places(data, [rule.region], f"environment.{kind}[{i}].region")
    for i, rule in enumerate(cfg.environment.border_charge):
        check_places(data, [rule.importer], f"environment.border_charge[{i}].importer", allow_star=False)
        check_commodities(data, rule.commodities, f"environment.border_charge[{i}].commodities")
    return []


def _path_average(path: dict[int, float], years: list[int]) -> float:
    xs = sorted(path)
    return float(np.mean(np.interp(years, xs, [path[x] for x in xs])))


def _years(s: Core) -> dict[int, list[int]]:
    return {t: list(range(t, t + s.length[t])) for t in s.periods}


def price_by_period(s: Core) -> dict[tuple[str, str, int], float]:
    """price[r,q,t] in USD/t: each path interpolated by year and averaged over the years of t; matching paths add up."""
    out: dict[tuple[str, str, int], float] = defaultdict(float)
    for rule in s.cfg.environment.carbon_price:
        for t, years in _years(s).items():
            avg = _path_average(rule.path, years)
            for r in s.data.regions_matching(rule.region):
                out[(r, rule.pollutant, t)] += avg
    return dict(out)


def border_by_shipment(s: Core, gamma: dict, burden_free: frozenset[str]) -> dict[tuple[str, str, str, int], float]:
    """USD per t shipped: Σ_j price_j[t] · β[o,c,t] on shipments from outside importer_j into it."""
    rules = s.cfg.environment.border_charge
    if not rules:
        return {}
    units: dict[str, list[str]] = defaultdict(list)
    for r, k in s.units:
        units[r].append(k)
    first = s.periods[0]
    weights = {(r, k): cap for (r, k, t), cap in s.existing.items() if t == first and cap > 0}
    beta: dict[int, dict] = {}
    for t in s.periods:
        co2 = {(r, k, m): g.get("co2e", 0.0) for (r, k, m, tt), g in gamma.items() if tt == t}
        beta[t] = reference_intensity(units, s.modes, s.io, co2, burden_free, weights=weights)
    out: dict[tuple[str, str, str, int], float] = defaultdict(float)
    for rule in rules:
        importers = set(s.data.regions_matching(rule.importer))
        price = {t: _path_average(rule.path, years) for t, years in _years(s).items()}
        for (c, o, d, t) in s.SHIPMENTS:
            if d in importers and o not in importers and matches_any(rule.commodities, c):
                out[(c, o, d, t)] += price[t] * beta[t].get((o, c), 0.0)
    return {key: v for key, v in out.items() if v > 0}


def prepare(core: Core, cfg: ModelConfig, data: ModelData) -> EnvironmentPrep:
    gamma = footprints(core.data, core.units, core.modes, _years(core), hold_flat=cfg.environment.hold_grid_flat)
    keys = sorted({(r, q, t) for (r, k, m, t) in core.ACTIVITY for q in gamma.get((r, k, m, t), {})})
    pollutants = sorted({q for (_r, q, _t) in keys})
    said = [f"environment.{kind}[{i}]: no process in the model emits {rule.pollutant} (energy_use.csv, route_emissions.csv, "
            f"process_emissions.csv); it has no effect"
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
    kinds = dict(zip(core.data["commodities"]["commodity"], core.data["commodities"]["kind"]))
    burden_free = frozenset(c for c, kind in kinds.items() if kind == "scrap") | frozenset(c for (_r, c) in core.eol.sources)
    border = border_by_shipment(core, gamma, burden_free)
    return EnvironmentPrep(core=core, gamma=gamma, keys=tuple(keys), pollutants=tuple(pollutants), capped=capped,
                           prices=prices, border=border, burden_free=burden_free, warnings=tuple(said))


def build(m: pyo.ConcreteModel, prep: EnvironmentPrep, reg: Registry) -> None:
    s = prep.core
    for (c, o, d, t), usd in prep.border.items():
        reg.cost("border_carbon", usd * USD_PER_T_TO_MUSD_PER_KT * s.weight[t], reg.shipments[c, o, d, t])
    if not prep.keys:
        return
    terms: dict[tuple[str, str, int], list] = defaultdict(list)
    for (r, k, mode, t), var in reg.activity.items():
        for q, g in prep.gamma.get((r, k, mode, t), {}).items():
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


def _product_footprints(prep: EnvironmentPrep, reg: Registry) -> list[dict]:
    s = prep.core
    # one pass over each table, split by period (a pass per period made this quadratic in the periods)
    act: dict[int, dict] = defaultdict(dict)
    co2: dict[int, dict] = defaultdict(dict)
    ship: dict[int, dict] = defaultdict(dict)
    for (r, k, mode, t), var in reg.activity.items():
        act[t][(r, k, mode)] = var.value or 0.0
    for (r, k, mode, t), g in prep.gamma.items():
        co2[t][(r, k, mode)] = g.get("co2e", 0.0)
    for (c, o, d, t), var in (reg.shipments.items() if reg.shipments is not None else []):
        ship[t][(c, o, d)] = (var.value or 0.0) * (1.0 - s.routes[(c, o, d)].loss)
    rows = []
    for t in s.periods:
        made, used = embodied(act[t], co2[t], s.io, ship[t], prep.burden_free)
        rows += [{"region": r, "commodity": c, "year": t, "basis": "made", "value": v, "unit": "t CO2e/t"}
                 for (r, c), v in sorted(made.items())]
        rows += [{"region": r, "commodity": c, "year": t, "basis": "used", "value": v, "unit": "t CO2e/t"}
                 for (r, c), v in sorted(used.items())]
    return rows


def report(m: pyo.ConcreteModel, prep: EnvironmentPrep, reg: Registry) -> dict[str, pd.DataFrame]:
    """Emissions by region, group, stage, pollutant and year; cradle-to-gate CO2e per t of each product."""
    s = prep.core
    group = s.data.region_group
    total: dict[tuple[str, str, str, int], float] = defaultdict(float)
    for (r, k, mode, t), var in reg.activity.items():
        for q, g in prep.gamma.get((r, k, mode, t), {}).items():
            total[(r, s.units[(r, k)].stage, q, t)] += g * (var.value or 0.0)
    rows = [{"region": r, "group": group[r], "stage": st, "pollutant": q, "year": t, "value": v, "unit": UNITS[q]}
            for (r, st, q, t), v in sorted(total.items())]
    gamma = [{"region": r, "process": k, "mode": mode, "pollutant": q, "year": t, "value": g, "unit": PER_KT[q]}
             for (r, k, mode, t), by_q in sorted(prep.gamma.items()) for q, g in sorted(by_q.items())]
    columns = ["region", "commodity", "year", "basis", "value", "unit"]
    return {"emissions": frame(rows, ["region", "group", "stage", "pollutant", "year", "value", "unit"]),
            "intensities": frame(gamma, ["region", "process", "mode", "pollutant", "year", "value", "unit"]),
            "product_footprints": frame(_product_footprints(prep, reg) if prep.keys else [], columns)}
