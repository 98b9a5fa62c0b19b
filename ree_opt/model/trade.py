"""Inter-regional trade on allowed routes, with policy trade bans and tariffs.

ship[c,o,d,t] ≥ 0 leaves o's balance in full and enters d's as (1 − loss_{c,o,d})·ship.

Routes run from where a good is made to where it is used (`core`); a banned route has no
variable at all (the core's shipment set leaves it out). Tariffs add a specific cost per kt on
matching shipments. Creates v_ship; registers the cost components `transport` and `tariff`
(MUSD/kt). Reports shipments.csv.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from ..lazy import pyo

from ..config import ModelConfig
from ..data import ModelData
from ..places import check_commodities, check_places, matching_shipments
from .core import Core
from .registry import Registry
from .values import TOL, frame, val


@dataclass(frozen=True)
class TradePrep:
    core: Core
    tariff: dict[tuple[str, str, str, int], float]  # (c, o, d, t) → MUSD/kt


def check(cfg: ModelConfig, data: ModelData) -> list[str]:
    """Every place and commodity a ban or tariff names exists in the dataset."""
    for kind, rules in (("trade_bans", cfg.policies.trade_bans), ("tariffs", cfg.policies.tariffs)):
        for rule in rules:
            check_places(data, [rule.origin, rule.destination], f"policies.{kind}")
            check_commodities(data, rule.commodities, f"policies.{kind}")
    return []


def prepare(core: Core, cfg: ModelConfig, data: ModelData) -> TradePrep:
    tariff: dict[tuple[str, str, str, int], float] = {}
    for rule in cfg.policies.tariffs:
        for key in matching_shipments(core.data, core.SHIPMENTS, rule):
            tariff[key] = tariff.get(key, 0.0) + rule.cost
    return TradePrep(core=core, tariff=tariff)


def build(m: pyo.ConcreteModel, prep: TradePrep, reg: Registry) -> None:
    s = prep.core
    m.v_ship = pyo.Var(s.SHIPMENTS, domain=pyo.NonNegativeReals, doc="shipment, kt/yr")
    reg.shipments = m.v_ship
    arriving = {key: 1.0 - route.loss for key, route in s.routes.items()}  # one float per route, shared by its periods
    for (c, o, d, t) in s.SHIPMENTS:
        route = s.routes[(c, o, d)]
        var = m.v_ship[c, o, d, t]
        reg.balance[(o, c, t)].append((-1.0, var))
        reg.balance[(d, c, t)].append((arriving[(c, o, d)], var))
        reg.cost("transport", route.cost * s.weight[t], var)
        reg.cost("tariff", prep.tariff.get((c, o, d, t), 0.0) * s.weight[t], var)


def report(m: pyo.ConcreteModel, prep: TradePrep, reg: Registry) -> dict[str, pd.DataFrame]:
    rows = [{"commodity": c, "origin": o, "destination": d, "year": t, "value": val(var), "unit": "kt/yr"}
            for (c, o, d, t), var in m.v_ship.items() if val(var) > TOL]
    return {"shipments": frame(rows, ["commodity", "origin", "destination", "year", "value", "unit"])}
