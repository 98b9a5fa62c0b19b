"""Strategic stockpiles (policy): a group holds at least some months of its annual use in stock.

level[r,c,t] = Σ_{t' ≤ t} L_t'·(in − out)[r,c,t'] ≥ 0;   Σ_{r∈G} level[r,c,t] ≥ months/12 · use_G(c,t)

use_G(c,t) is the group's demand plus process consumption of c. Creates STOCK, v_stock_in,
v_stock_out, e_stock_level, c_stock_nonneg, c_stockpile (its shadow price is reported); registers
the cost component `stockpile` (holding cost per kt held per year). Empty unless the model file
sets `policies.stockpiles`. With `months: 0` a rule sets no target and only lets the commodity be
carried to a later period (a surplus is then stocked instead of disposed of), and adds no c_stockpile row.
Reports stocks.csv.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..lazy import pyo

from ..config import ModelConfig
from ..data import ModelData
from ..errors import ConfigError
from ..places import check_places
from .core import Core
from .registry import Registry
from .values import frame, val


@dataclass(frozen=True)
class StockpilePrep:
    core: Core
    rules: tuple  # the model file's stockpile rules
    keys: tuple[tuple[str, str, int], ...]  # (r, c, t) where a stock can be held
    held: dict[tuple[int, int], tuple[tuple[str, str, int], ...]]  # (rule, t) → the group's stocks
    holding: dict[tuple[str, str, int], float]  # (r, c, t) → MUSD/kt/yr
    targets: tuple[tuple[int, int], ...]  # (rule, t) with a target


def check(cfg: ModelConfig, data: ModelData) -> list[str]:
    commodities = set(data["commodities"]["commodity"])
    for rule in cfg.policies.stockpiles:
        check_places(data, [rule.group], "policies.stockpiles", allow_star=False)
        if rule.commodity not in commodities:  # a stock is of one commodity: no patterns
            raise ConfigError(f"policies.stockpiles: '{rule.commodity}' is not a commodity in {data.origin}/commodities.csv (give one exact name)")
    return []


def prepare(core: Core, cfg: ModelConfig, data: ModelData) -> StockpilePrep | None:
    rules = tuple(cfg.policies.stockpiles)
    if not rules:
        return None
    balance_keys = set(core.BALANCE)
    keys = sorted({(r, rule.commodity, t) for rule in rules for r in core.data.regions_matching(rule.group)
                   for t in core.periods if (r, rule.commodity, t) in balance_keys})
    held, holding, targets = {}, {}, []
    for i, rule in enumerate(rules):
        for t in core.periods:
            mine = tuple((r, rule.commodity, t) for r in core.data.regions_matching(rule.group) if (r, rule.commodity, t) in balance_keys)
            held[(i, t)] = mine
            for key in mine:
                holding[key] = max(holding.get(key, 0.0), rule.holding_cost)
            if rule.months > 0 and rule.covers(t) and mine:  # months 0: carry-over only, no target row
                targets.append((i, t))
    return StockpilePrep(core=core, rules=rules, keys=tuple(keys), held=held, holding=holding, targets=tuple(targets))


def build(m: pyo.ConcreteModel, prep: StockpilePrep | None, reg: Registry) -> None:
    if prep is None:
        return
    s, rules = prep.core, prep.rules
    m.STOCK = pyo.Set(initialize=prep.keys, dimen=3, ordered=True)
    m.v_stock_in = pyo.Var(m.STOCK, domain=pyo.NonNegativeReals, doc="additions to stock, kt/yr")
    m.v_stock_out = pyo.Var(m.STOCK, domain=pyo.NonNegativeReals, doc="releases from stock, kt/yr")
    for (r, c, t) in prep.keys:
        reg.balance[(r, c, t)] += [(-1.0, m.v_stock_in[r, c, t]), (1.0, m.v_stock_out[r, c, t])]
    m.e_stock_level = pyo.Expression(
        m.STOCK,
        rule=lambda m, r, c, t: pyo.quicksum(s.length[u] * (m.v_stock_in[r, c, u] - m.v_stock_out[r, c, u]) for u in s.periods if u <= t),
        doc="stock at the end of period t, kt",
    )
    m.c_stock_nonneg = pyo.Constraint(m.STOCK, rule=lambda m, r, c, t: m.e_stock_level[r, c, t] >= 0)
    for (r, c, t), cost in prep.holding.items():
        reg.cost("stockpile", cost * s.weight[t], m.e_stock_level[r, c, t])

    # process consumption of each targeted commodity, by (c, t): [(r, −a, activity)], one pass over the activities
    consumed: dict[tuple[str, int], list] = {(rules[i].commodity, t): [] for (i, t) in prep.targets}
    for (r, k, mode, t), var in reg.activity.items() if consumed else ():
        for c, a in s.io.get((k, mode), {}).items():
            if a < 0 and (c, t) in consumed:
                consumed[(c, t)].append((r, -a, var))

    def annual_use(rule, t):
        """Demand plus process consumption of the commodity in the group, kt/yr."""
        regions = set(s.data.regions_matching(rule.group))
        terms = [reg.demand_of((r, rule.commodity, t)) for r in regions if (r, rule.commodity, t) in s.demand]
        terms += [a * var for (r, a, var) in consumed[(rule.commodity, t)] if r in regions]
        return pyo.quicksum(terms)

    m.c_stockpile = pyo.Constraint(
        prep.targets,
        rule=lambda m, i, t: pyo.quicksum(m.e_stock_level[key] for key in prep.held[(i, t)]) >= rules[i].months / 12.0 * annual_use(rules[i], t),
    )
    reg.duals.append(m.c_stockpile)


def report(m: pyo.ConcreteModel, prep: StockpilePrep | None, reg: Registry) -> dict:
    """stocks.csv: stock at the end of each period (kt) and what went in and out (kt/yr)."""
    if prep is None:
        return {}
    rows, level = [], {}
    for (r, c, t) in prep.keys:  # sorted by region, commodity, year: the level accumulates L_t·(in − out)
        added, released = val(m.v_stock_in[r, c, t]), val(m.v_stock_out[r, c, t])
        level[(r, c)] = level.get((r, c), 0.0) + prep.core.length[t] * (added - released)
        rows.append({"region": r, "commodity": c, "year": t, "value": level[(r, c)], "added": added, "released": released, "unit": "kt"})
    return {"stocks": frame(rows, ["region", "commodity", "year", "value", "added", "released", "unit"])}
