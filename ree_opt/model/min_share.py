"""Minimum shares of a group's demand met by a chain wholly inside chosen groups (policy).

Per rule p (chain regions R_p, covered group G, commodities C), a "clean" sub-flow:
    x ≤ act (in R_p),  y ≤ ship (R_p → R_p ∪ G),  served_p ≤ demand − unmet,
    clean supply ≥ clean use at every node,   Σ_{r∈G, c∈C} served_p ≥ share · Σ demand.

The clean sub-flow traces material whose every upstream stage lies in R_p (end-of-life scrap
collected in R_p counts as clean supply); so ore mined elsewhere and separated inside the group
does not count. Creates, per rule i covering some period, block `min_share_<i>` with x, y,
served, c_x, c_y, c_served, c_clean_balance and c_share (its shadow price is reported).
Built only for rules that exist: a model without one carries no extra variable.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..lazy import pyo

from ..config import ModelConfig
from ..data import ModelData
from ..places import check_commodities, check_places, matches_any
from .core import Core
from .registry import Registry


@dataclass(frozen=True)
class MinSharePrep:
    core: Core
    rules: tuple


def check(cfg: ModelConfig, data: ModelData) -> list[str]:
    for rule in cfg.policies.min_share:
        check_places(data, [rule.group, *rule.chain_groups], "policies.min_share", allow_star=False)
        check_commodities(data, rule.commodities, "policies.min_share")
    return []


def prepare(core: Core, cfg: ModelConfig, data: ModelData) -> MinSharePrep | None:
    return MinSharePrep(core, tuple(cfg.policies.min_share)) if cfg.policies.min_share else None


def build(m: pyo.ConcreteModel, prep: MinSharePrep | None, reg: Registry) -> None:
    """Nothing before the balance: the rule needs served demand (see `link`)."""


def link(m: pyo.ConcreteModel, prep: MinSharePrep | None, reg: Registry) -> None:
    if prep is None:
        return
    s = prep.core
    for i, rule in enumerate(prep.rules):
        periods = [t for t in s.periods if rule.covers(t)]
        if periods:
            b = pyo.Block()
            m.add_component(f"min_share_{i}", b)
            _rule_block(b, s, reg, rule, periods)
            reg.duals.append(b.c_share)


def _rule_block(b: pyo.Block, s: Core, reg: Registry, rule, periods: list[int]) -> None:
    chain = {r for g in rule.chain_groups for r in s.data.regions_matching(g)}
    covered = set(s.data.regions_matching(rule.group))
    acts = [key for key in s.ACTIVITY if key[0] in chain and key[3] in periods]
    ships = [key for key in reg.shipments if key[1] in chain and key[2] in chain | covered and key[3] in periods]
    served_keys = [(r, c, t) for (r, c, t) in s.UNMET if r in covered and t in periods and matches_any(rule.commodities, c)]
    b.x = pyo.Var(acts, domain=pyo.NonNegativeReals, doc="activity whose inputs all come from the chain regions")
    b.y = pyo.Var(ships, domain=pyo.NonNegativeReals, doc="shipments of chain-made material")
    b.served = pyo.Var(served_keys, domain=pyo.NonNegativeReals, doc="demand served by chain-made material")
    b.c_x = pyo.Constraint(acts, rule=lambda b, r, k, mode, t: b.x[r, k, mode, t] <= reg.activity[r, k, mode, t])
    b.c_y = pyo.Constraint(ships, rule=lambda b, c, o, d, t: b.y[c, o, d, t] <= reg.shipments[c, o, d, t])
    b.c_served = pyo.Constraint(served_keys, rule=lambda b, r, c, t: b.served[r, c, t] <= reg.served((r, c, t)))
    clean: dict[tuple[str, str, int], list] = defaultdict(list)
    for (r, k, mode, t) in acts:
        for c, a in s.io.get((k, mode), {}).items():
            clean[(r, c, t)].append(a * b.x[r, k, mode, t])
    for (c, o, d, t) in ships:
        clean[(o, c, t)].append(-b.y[c, o, d, t])
        clean[(d, c, t)].append((1.0 - s.routes[(c, o, d)].loss) * b.y[c, o, d, t])
    for key in served_keys:
        clean[key].append(-b.served[key])
    for (r, q, t), var in reg.supply_extra.items():  # end-of-life scrap collected in a chain region counts as own supply
        if r in chain and t in periods and (r, q, t) in clean:
            clean[(r, q, t)].append(var)
    b.c_clean_balance = pyo.Constraint(sorted(clean), rule=lambda b, r, c, t: pyo.quicksum(clean[(r, c, t)]) >= 0)
    by_period: dict[int, list] = defaultdict(list)
    for key in served_keys:
        by_period[key[2]].append(key)
    b.c_share = pyo.Constraint(
        sorted(by_period),
        rule=lambda b, t: pyo.quicksum(b.served[k] for k in by_period[t]) >= rule.share * pyo.quicksum(reg.demand_of(k) for k in by_period[t]),
    )


def report(m: pyo.ConcreteModel, prep: MinSharePrep | None, reg: Registry) -> dict:
    return {}
