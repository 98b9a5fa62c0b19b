"""Policy constraints: strategic stockpiles and minimum shares of demand met by a group's own chain.

Stockpile (per rule, group G, commodity c):
    level[r,c,t] = Σ_{t' ≤ t} L_t'·(in − out)[r,c,t'] ≥ 0;  Σ_{r∈G} level ≥ months/12 · use_G(c,t)
Minimum share (per rule p, chain regions R_p, covered group G, commodities C):
    a "clean" sub-flow x ≤ act (in R_p), y ≤ ship (R_p → R_p ∪ G), served ≤ demand − unmet, with
    clean supply ≥ clean use at every node, and Σ_{r∈G, c∈C} served ≥ share · Σ demand.
The clean sub-flow traces material whose every upstream stage lies in R_p (end-of-life scrap
collected in R_p counts as clean supply); it is built only
for rules that exist, so a model without such a policy carries no extra variable.

Creates v_stock_in, v_stock_out, e_stock_level, c_stock_nonneg, c_stockpile (cost component
`stockpile`: holding cost) and, per min-share rule i, block `min_share_<i>` with x, y, served,
c_clean_balance, c_share.
"""

from __future__ import annotations

from collections import defaultdict

import pyomo.environ as pyo

from ..policies import matches_commodity
from ..sets import ModelSets
from .disruption import scenario_demand, served_demand
from .registry import Registry


def add_stockpiles(m: pyo.ConcreteModel, s: ModelSets, reg: Registry) -> None:
    rules = s.cfg.policies.stockpiles
    balance_keys = set(s.BALANCE)
    keys = sorted({(r, rule.commodity, t) for rule in rules for r in s.data.regions_matching(rule.group)
                   for t in s.periods if (r, rule.commodity, t) in balance_keys})
    m.STOCK = pyo.Set(initialize=keys, dimen=3, ordered=True)
    m.v_stock_in = pyo.Var(m.STOCK, domain=pyo.NonNegativeReals, doc="additions to stock, kt/yr")
    m.v_stock_out = pyo.Var(m.STOCK, domain=pyo.NonNegativeReals, doc="releases from stock, kt/yr")
    for (r, c, t) in keys:
        reg.balance[(r, c, t)] += [(-1.0, m.v_stock_in[r, c, t]), (1.0, m.v_stock_out[r, c, t])]
    m.e_stock_level = pyo.Expression(
        m.STOCK,
        rule=lambda m, r, c, t: pyo.quicksum(s.length[u] * (m.v_stock_in[r, c, u] - m.v_stock_out[r, c, u]) for u in s.periods if u <= t),
        doc="stock at the end of period t, kt",
    )
    m.c_stock_nonneg = pyo.Constraint(m.STOCK, rule=lambda m, r, c, t: m.e_stock_level[r, c, t] >= 0)
    holding: dict[tuple[str, str, int], float] = {}
    targets = []
    for i, rule in enumerate(rules):
        for t in s.periods:
            held = [(r, rule.commodity, t) for r in s.data.regions_matching(rule.group) if (r, rule.commodity, t) in balance_keys]
            for key in held:
                holding[key] = max(holding.get(key, 0.0), rule.holding_cost)
            if rule.covers(t) and held:
                targets.append((i, t))
    for (r, c, t), cost in holding.items():
        reg.cost("stockpile", cost * s.weight[t], m.e_stock_level[r, c, t])

    def annual_use(rule, t):
        """Demand plus process consumption of the commodity in the group, kt/yr."""
        regions = set(s.data.regions_matching(rule.group))
        terms = [scenario_demand(m, s, (r, rule.commodity, t)) for r in regions if (r, rule.commodity, t) in s.demand]
        for (r, k, mode, u), var in m.v_activity.items():
            a = s.io.get((k, mode), {}).get(rule.commodity, 0.0)
            if u == t and r in regions and a < 0:
                terms.append(-a * var)
        return pyo.quicksum(terms)

    m.c_stockpile = pyo.Constraint(
        targets,
        rule=lambda m, i, t: pyo.quicksum(m.e_stock_level[r, rules[i].commodity, t] for r in s.data.regions_matching(rules[i].group)
                                          if (r, rules[i].commodity, t) in balance_keys) >= rules[i].months / 12.0 * annual_use(rules[i], t),
    )


def add_min_share(m: pyo.ConcreteModel, s: ModelSets, reg: Registry) -> None:
    for i, rule in enumerate(s.cfg.policies.min_share):
        chain = {r for g in rule.chain_groups for r in s.data.regions_matching(g)}
        covered = set(s.data.regions_matching(rule.group))
        periods = [t for t in s.periods if rule.covers(t)]
        if not periods:
            continue
        b = pyo.Block()
        m.add_component(f"min_share_{i}", b)
        acts = [key for key in s.ACTIVITY if key[0] in chain and key[3] in periods]
        ships = [key for key in s.SHIPMENTS if key[1] in chain and key[2] in chain | covered and key[3] in periods]
        served_keys = [(r, c, t) for (r, c, t) in s.UNMET if r in covered and t in periods and any(matches_commodity(p, c) for p in rule.commodities)]
        b.x = pyo.Var(acts, domain=pyo.NonNegativeReals, doc="activity whose inputs all come from the chain regions")
        b.y = pyo.Var(ships, domain=pyo.NonNegativeReals, doc="shipments of chain-made material")
        b.served = pyo.Var(served_keys, domain=pyo.NonNegativeReals, doc="demand served by chain-made material")
        b.c_x = pyo.Constraint(acts, rule=lambda b, r, k, mode, t: b.x[r, k, mode, t] <= m.v_activity[r, k, mode, t])
        b.c_y = pyo.Constraint(ships, rule=lambda b, c, o, d, t: b.y[c, o, d, t] <= m.v_ship[c, o, d, t])
        b.c_served = pyo.Constraint(served_keys, rule=lambda b, r, c, t: b.served[r, c, t] <= served_demand(m, s, (r, c, t)))

        clean: dict[tuple[str, str, int], list] = defaultdict(list)
        for (r, k, mode, t) in acts:
            for c, a in s.io.get((k, mode), {}).items():
                clean[(r, c, t)].append(a * b.x[r, k, mode, t])
        for (c, o, d, t) in ships:
            clean[(o, c, t)].append(-b.y[c, o, d, t])
            clean[(d, c, t)].append((1.0 - s.routes[(c, o, d)].loss) * b.y[c, o, d, t])
        for key in served_keys:
            clean[key].append(-b.served[key])
        for (r, q, t) in m.EOL:  # end-of-life scrap collected in a chain region counts as own supply
            if r in chain and t in periods and (r, q, t) in clean:
                clean[(r, q, t)].append(m.v_eol[r, q, t])
        b.c_clean_balance = pyo.Constraint(sorted(clean), rule=lambda b, r, c, t: pyo.quicksum(clean[(r, c, t)]) >= 0)

        by_period: dict[int, list] = defaultdict(list)
        for key in served_keys:
            by_period[key[2]].append(key)
        b.c_share = pyo.Constraint(
            sorted(by_period),
            rule=lambda b, t: pyo.quicksum(b.served[k] for k in by_period[t]) >= rule.share * pyo.quicksum(scenario_demand(m, s, k) for k in by_period[t]),
        )
