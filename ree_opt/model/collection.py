"""End-of-life collection as an investment: tiers of collection beyond today's rate.

collect[r,q,n,t] ≤ share_n · retiring[r,q,t],   retiring = hist[r,q,t] + Σ_{(c,t')} β¹[r,q,t,c,t'] · served[r,c,t']
collect[r,q,n,t] ≤ Σ_{v: t ∈ online(v)} build[r,q,n,v] (tiers with capex);   balance(r,q,t) += Σ_n collect[r,q,n,t]

β¹ is the end-of-life coefficient of `model.lifetimes` at a collection rate of 1 (every magnet
retiring in a sector), q the sector's scrap commodity, n a tier of collection_tiers.csv: the share
of retiring magnets it may add to today's collection (end_of_life feature, collection_rates.csv)
at `cost` per kt collected, once capacity built in v is online (v + lead time, for the lifetime);
a tier without capex has no capacity to build and is open from the first period + its lead time.
Cheap, large magnets (wind, industrial motors) come first, consumer electronics last, so the
model collects a tier only where the scrap is worth more than the tier costs. Creates
v_collect_build (first stage), v_collect, c_collect_ceiling, c_collect_capacity; registers the
cost components `collection` and, where a tier has capex, `capex` (annuity at the region's cost
of capital while online). Reports collection.csv. Adds nothing unless recycling_from_stocks is
on and collection_tiers.csv has rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd
from ..lazy import pyo

from .core import Core
from .registry import Registry
from .technology import capital_recovery_factor
from .values import frame, val


@dataclass(frozen=True)
class Tier:
    sector: str
    tier: int
    share: float
    cost: float  # MUSD per kt collected
    annuity: float  # MUSD per kt/yr of capacity per year (capex × crf at the region's cost of capital)
    lead_time: int
    lifetime: int


@dataclass(frozen=True)
class CollectionPrep:
    core: Core
    tiers: dict[tuple[str, str], tuple[Tier, ...]]  # (r, scrap) → its sector's tiers
    online: dict[tuple[str, str, int, int], tuple[int, ...]]  # (r, q, n, v) → periods the build is online
    COLLECT: tuple[tuple[str, str, int, int], ...]  # (r, q, n, t)


def check(cfg, data) -> list[str]:
    if not data["collection_tiers"].empty and not cfg.recycling_from_stocks:
        return [f"{data.origin}/collection_tiers.csv has rows but recycling_from_stocks is off: no end-of-life collection is decided"]
    return []


def _tiers_of(table: pd.DataFrame, region: str, sector: str, coc: float) -> tuple[Tier, ...]:
    """A region's own rows for the sector, else the '*' rows."""
    part = table[(table["sector"] == sector) & (table["region"] == region)]
    if part.empty:
        part = table[(table["sector"] == sector) & (table["region"] == "*")]
    return tuple(Tier(sector, int(row["tier"]), row["share"], row["cost"], row["capex"] * capital_recovery_factor(coc, int(row["lifetime"])),
                      int(row["lead_time"]), int(row["lifetime"])) for row in part.sort_values("tier").to_dict("records"))


def prepare(core: Core, cfg, data) -> CollectionPrep | None:
    retiring = core.retiring
    if not retiring.keys:
        return None
    coc = dict(zip(data["regions"]["region"], data["regions"]["cost_of_capital"]))
    sector_of = {q: sec for (q, _c), sec in retiring.sector_of.items()}
    tiers = {(r, q): _tiers_of(data["collection_tiers"], r, sector_of[q], coc[r]) for (r, q) in sorted(retiring.sources)}
    periods, online, collect, arises = core.periods, {}, [], set(retiring.keys)
    for (r, q), ts in tiers.items():
        for x in ts:
            if not x.annuity:  # nothing to invest in: collection is open from the first period + lead time
                collect += [(r, q, x.tier, t) for t in periods if t >= periods[0] + x.lead_time and (r, q, t) in arises]
                continue
            for v in periods:
                on = tuple(t for t in periods if v + x.lead_time <= t < v + x.lead_time + x.lifetime)
                if on:
                    online[(r, q, x.tier, v)] = on
            reachable = {t for (r2, q2, n, _v), on in online.items() if (r2, q2, n) == (r, q, x.tier) for t in on}
            collect += [(r, q, x.tier, t) for t in periods if t in reachable and (r, q, t) in arises]
    return CollectionPrep(core=core, tiers=tiers, online=online, COLLECT=tuple(collect))


def build(m: pyo.ConcreteModel, prep: CollectionPrep | None, reg: Registry) -> None:
    if prep is None or not prep.COLLECT:
        return
    s = prep.core
    tier = {(r, q, x.tier): x for (r, q), ts in prep.tiers.items() for x in ts}
    m.v_collect_build = pyo.Var(sorted(prep.online), domain=pyo.NonNegativeReals, bounds=lambda m, r, q, n, v: (0.0, _loose_bound(prep, r, q, n, v)),
                                doc="collection capacity decided in v, kt/yr of magnets")
    m.v_collect = pyo.Var(prep.COLLECT, domain=pyo.NonNegativeReals, doc="end-of-life magnets collected in a tier, kt/yr")
    reg.first_stage.append(m.v_collect_build)
    for (r, q, n, t) in prep.COLLECT:
        reg.balance[(r, q, t)].append((1.0, m.v_collect[r, q, n, t]))
        # collected scrap is supply outside processes, like today's collection (own-chain supply for min_share)
        reg.supply_extra[(r, q, t)] = reg.supply_extra.get((r, q, t), 0.0) + m.v_collect[r, q, n, t]
        reg.cost("collection", tier[(r, q, n)].cost * s.weight[t], m.v_collect[r, q, n, t])
    for (r, q, n, v), on in prep.online.items():
        reg.cost("capex", tier[(r, q, n)].annuity * sum(s.weight[t] for t in on), m.v_collect_build[r, q, n, v])
    invested = [key for key in prep.COLLECT if tier[key[:3]].annuity]
    online = _online_builds(prep)
    m.c_collect_capacity = pyo.Constraint(invested, rule=lambda m, r, q, n, t: m.v_collect[r, q, n, t]
                                          <= pyo.quicksum(m.v_collect_build[r, q, n, v] for v in online.get((r, q, n, t), ())))


def _online_builds(prep: CollectionPrep) -> dict[tuple[str, str, int, int], list[int]]:
    """(r, q, n, t) → the build periods v whose capacity is online in t: capacity = Σ_v build[r,q,n,v]."""
    out: dict[tuple[str, str, int, int], list[int]] = defaultdict(list)
    for (r, q, n, v), on in prep.online.items():
        for t in on:
            out[(r, q, n, t)].append(v)
    return out


def _loose_bound(prep: CollectionPrep, r: str, q: str, n: int, v: int) -> float:
    """20 × the most the tier could ever collect while the build is online (served ≤ the data's demand): never
    binding, but it keeps a Lagrangian subproblem of progressive hedging bounded (as mpisppy_model does for builds)."""
    ret, share = prep.core.retiring, next(x.share for x in prep.tiers[(r, q)] if x.tier == n)
    most = max(ret.constant.get((r, q, t), 0.0) + sum(b * prep.core.demand.get((r, c, tp), 0.0) for (c, tp, b) in ret.served_coef.get((r, q, t), []))
               for t in prep.online[(r, q, n, v)])
    return 20.0 * max(share * most, 1.0)


def retiring(prep: CollectionPrep, served, r: str, q: str, t: int):
    """Magnets retiring in (r, q, t), kt/yr: historical cohorts plus Σ β¹ · served demand, where `served(key)`
    is the served demand of (r, c, t') — an expression (`Registry.served`, for the rows) or its value (report)."""
    ret = prep.core.retiring
    return ret.constant.get((r, q, t), 0.0) + pyo.quicksum(b * served((r, c, tp)) for (c, tp, b) in ret.served_coef.get((r, q, t), []))


def link(m: pyo.ConcreteModel, prep: CollectionPrep | None, reg: Registry) -> None:
    """collect ≤ share · retiring, once the balance has made served demand."""
    if prep is None or not prep.COLLECT:
        return
    share = {(r, q, x.tier): x.share for (r, q), ts in prep.tiers.items() for x in ts}
    m.c_collect_ceiling = pyo.Constraint(prep.COLLECT, rule=lambda m, r, q, n, t: m.v_collect[r, q, n, t]
                                         <= share[(r, q, n)] * retiring(prep, reg.served, r, q, t))


COLUMNS = ["region", "sector", "commodity", "tier", "year", "value", "capacity", "retiring", "ceiling", "unit"]


def report(m: pyo.ConcreteModel, prep: CollectionPrep | None, reg: Registry) -> dict[str, pd.DataFrame]:
    """collection.csv: collected (value), capacity online, magnets retiring and the tier's ceiling, kt/yr."""
    if prep is None or not prep.COLLECT:
        return {"collection": frame([], COLUMNS)}
    tier = {(r, q, x.tier): x for (r, q), ts in prep.tiers.items() for x in ts}
    online, served = _online_builds(prep), {}

    def served_value(key) -> float:  # each served demand evaluated once, so no retiring expression is built
        if key not in served:
            served[key] = float(pyo.value(reg.served(key)))
        return served[key]

    rows = []
    for (r, q, n, t) in prep.COLLECT:
        retiring_now = float(retiring(prep, served_value, r, q, t))
        cap = sum(val(m.v_collect_build[r, q, n, v]) for v in online.get((r, q, n, t), ())) if tier[(r, q, n)].annuity else None  # no capex: no capacity
        rows.append({"region": r, "sector": tier[(r, q, n)].sector, "commodity": q, "tier": n, "year": t, "value": val(m.v_collect[r, q, n, t]),
                     "capacity": cap, "retiring": retiring_now, "ceiling": tier[(r, q, n)].share * retiring_now, "unit": "kt/yr"})
    return {"collection": frame(rows, COLUMNS)}
