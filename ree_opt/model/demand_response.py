"""Demand response: ordered steps per sector that take magnet demand off supply at a cost, before true loss.

resp[r,s,q,t] ≤ share_{s,q} · f_{r,s,c,t} · d[r,c,t]      for every priced step q of sector s
Σ_{s,q} resp[r,s,q,t] + unmet[r,c,t] ≤ d[r,c,t]
balance (r,c,t): + Σ_{s,q} resp[r,s,q,t];   served = d − unmet − Σ resp (end-of-life, min-share read it)

f = the sector's share of d[r,c,t] in the data (1 where a commodity serves one sector). The steps
come from demand_response.csv (thrift, switching motors, deferral, …); the step with a blank cost
is true loss, which stays the balance's `unmet` at the model file's `unmet_penalty`. On with
`demand_response: true`. Creates v_response, c_response_share, c_response_total; registers the
cost component `demand_response` (Σ_t w_t · cost_q · resp). Reports demand_response.csv by sector,
step, region and year (true loss included, from unmet, where a commodity serves one sector).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd
from ..lazy import pyo

from ..errors import ConfigError
from .core import Core
from .registry import Registry
from .values import TOL, frame, val


@dataclass(frozen=True)
class Step:
    sector: str
    step: str
    order: int
    cost: float  # MUSD/kt = USD/kg
    max_share: float


@dataclass(frozen=True)
class ResponsePrep:
    core: Core
    steps: dict[str, tuple[Step, ...]]  # sector → priced steps, cheapest first
    loss_step: dict[str, str]  # sector → name of its true-loss step (blank cost)
    keys: tuple[tuple[str, str, str, str, int], ...]  # (r, sector, step, c, t)
    share_of_sector: dict[tuple[str, str, str, int], float]  # (r, sector, c, t) → f


def check(cfg, data) -> list[str]:
    if cfg.demand_response and data["demand_response"].empty:
        raise ConfigError(f"demand_response: true, but {data.origin}/demand_response.csv has no rows")
    return []


def prepare(core: Core, cfg, data) -> ResponsePrep | None:
    if not cfg.demand_response:
        return None
    steps: dict[str, list[Step]] = defaultdict(list)
    loss_step: dict[str, str] = {}
    for row in data["demand_response"].sort_values(["sector", "order"]).to_dict("records"):
        if row["cost"] is None or pd.isna(row["cost"]):
            loss_step[row["sector"]] = row["step"]
        else:
            steps[row["sector"]].append(Step(row["sector"], row["step"], int(row["order"]), float(row["cost"]), float(row["max_share"])))
    share = {(r, sec, c, t): v / core.demand[(r, c, t)] for (r, sec, c, t), v in core.demand_sector.items() if core.demand.get((r, c, t), 0) > 0}
    keys = tuple((r, sec, q.step, c, t) for (r, sec, c, t) in sorted(share) for q in steps.get(sec, ()))
    return ResponsePrep(core, {k: tuple(v) for k, v in steps.items()}, loss_step, keys, share)


def build(m: pyo.ConcreteModel, prep: ResponsePrep | None, reg: Registry) -> None:
    if prep is None:
        return
    s = prep.core
    cost = {(q.sector, q.step): q for qs in prep.steps.values() for q in qs}
    m.RESPONSE = pyo.Set(initialize=prep.keys, dimen=5, ordered=True)
    m.v_response = pyo.Var(m.RESPONSE, domain=pyo.NonNegativeReals, doc="demand taken off supply by a response step, kt/yr")
    m.c_response_share = pyo.Constraint(
        m.RESPONSE,
        rule=lambda m, r, sec, q, c, t: m.v_response[r, sec, q, c, t]
        <= cost[(sec, q)].max_share * prep.share_of_sector[(r, sec, c, t)] * reg.demand_of((r, c, t)),
    )
    by_key: dict[tuple[str, str, int], list] = defaultdict(list)
    for (r, sec, q, c, t) in prep.keys:
        var = m.v_response[r, sec, q, c, t]
        by_key[(r, c, t)].append(var)
        reg.balance[(r, c, t)].append((1.0, var))
        reg.cost("demand_response", cost[(sec, q)].cost * s.weight[t], var)
    reg.response.update(by_key)
    reg.duals.append(m.c_response_share)


def link(m: pyo.ConcreteModel, prep: ResponsePrep | None, reg: Registry) -> None:
    """Response and true loss together never exceed the demand (needs balance's unmet)."""
    if prep is None:
        return
    m.c_response_total = pyo.Constraint(
        sorted(reg.response),
        rule=lambda m, r, c, t: pyo.quicksum(reg.response[(r, c, t)]) + reg.unmet[r, c, t] <= reg.demand_of((r, c, t)),
    )


def report(m: pyo.ConcreteModel, prep: ResponsePrep | None, reg: Registry) -> dict[str, pd.DataFrame]:
    if prep is None:
        return {}
    cost = {(q.sector, q.step): q.cost for qs in prep.steps.values() for q in qs}
    rows = [{"sector": sec, "step": q, "region": r, "commodity": c, "year": t, "value": val(m.v_response[r, sec, q, c, t]),
             "cost": cost[(sec, q)], "unit": "kt/yr"}
            for (r, sec, q, c, t) in prep.keys if val(m.v_response[r, sec, q, c, t]) > TOL]
    # true loss: unmet of a commodity that serves exactly one sector (else it cannot be told apart by sector)
    sectors_of: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    for (r, sec, c, t) in prep.share_of_sector:
        sectors_of[(r, c, t)].append(sec)
    for key, var in reg.unmet.items():
        secs = sectors_of.get(key, [])
        if len(secs) == 1 and val(var) > TOL:
            r, c, t = key
            rows.append({"sector": secs[0], "step": prep.loss_step.get(secs[0], "loss"), "region": r, "commodity": c, "year": t,
                         "value": val(var), "cost": prep.core.unmet_penalty[c], "unit": "kt/yr"})
    return {"demand_response": frame(rows, ["sector", "step", "region", "commodity", "year", "value", "cost", "unit"])}
