"""Disruption scenarios: what each event changes in one scenario's operations, and the parameters it changes.

keep_s[r,k,t] = Π_{outages e of s covering (r,k,t)} keep_e      (inside Σ_m act ≤ keep · avail · cap, `operations`)
d_s[r,c,t] = Σ_sector Π_e factor_e · d[r,sector,c,t];   ship[c,o,d,t] ≤ 0 on routes banned in s;
cost_shock = Σ_(component,t) (factor − 1) · cost(component, t).

Every scenario of a model changes the same few numbers of one model structure: availability
factors and demands (mutable Params declared only where some scenario changes them), the upper
bounds of banned shipments and of unmet demand, and cost multipliers. So a stress test re-solves
one persistent model, the extensive form holds identical blocks, and mpi-sppy sees identical
first-stage variables in every scenario. Capacity (the first stage) is never disrupted directly.
Creates (only when the model file has `disruptions`) OUTAGE, p_keep, DEMAND_SHOCKED, p_demand,
SHOCK_SHIPMENTS, COST_SHOCKED, p_cost_factor and the cost component `cost_shock`. Every
parameter defaults to the undisrupted value, so the model as built is the undisrupted one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..lazy import pyo

from ..config import CostShock, DemandShock, DisruptionBan, ModelConfig, Outage, Scenario
from ..data import ModelData
from ..errors import ConfigError
from ..places import check_commodities, check_places, matches_any, matching_shipments
from .core import Core
from .registry import Registry

BASELINE = "undisrupted"


@dataclass
class Effects:
    """What one scenario changes; only entries that differ from the undisrupted model."""

    keep: dict[tuple[str, str, int], float] = field(default_factory=dict)  # (r, k, t) → fraction of capacity
    demand: dict[tuple[str, str, int], float] = field(default_factory=dict)  # (r, c, t) → kt/yr
    banned: set[tuple[str, str, str, int]] = field(default_factory=set)  # (c, o, d, t)
    cost_factor: dict[tuple[str, int], float] = field(default_factory=dict)  # (component, t) → multiplier


@dataclass(frozen=True)
class DisruptionPrep:
    """The union over the model's scenarios of what any of them changes: parameters exist only for these."""

    core: Core
    outage: tuple[tuple[str, str, int], ...]
    demand: tuple[tuple[str, str, int], ...]
    shipments: tuple[tuple[str, str, str, int], ...]
    cost: tuple[tuple[str, int], ...]


def check(cfg: ModelConfig, data: ModelData) -> list[str]:
    """Every region, group, stage, process, sector and commodity an event names must exist in the dataset."""
    stages = set(data["processes"]["stage"])
    processes = set(data["processes"]["process"]) | set(data["deposits"]["deposit"])
    sectors = set(data["demand"]["sector"])
    templates = set(data["deposits"]["process"])
    for i, sc in enumerate(cfg.disruptions):
        if sc.name == BASELINE and sc.events:
            raise ConfigError(f"disruptions[{i}].name: '{BASELINE}' is the reserved name of the scenario without events; rename this one")
        for j, ev in enumerate(sc.events):
            where = f"disruptions[{i}].events[{j}] (scenario '{sc.name}')"
            places = [ev.origin, ev.destination] if isinstance(ev, DisruptionBan) else [ev.region] if hasattr(ev, "region") else []
            check_places(data, places, f"{where}.region")
            if isinstance(ev, Outage):
                if ev.stage is not None and ev.stage not in stages:
                    raise ConfigError(f"{where}.stage: unknown stage '{ev.stage}' (stages: {', '.join(sorted(stages))})")
                if ev.process is not None and ev.process not in processes:
                    raise ConfigError(f"{where}.process: unknown process or deposit '{ev.process}'")
                if ev.process in templates:
                    # mining capacity exists per deposit, so a mining process would hit nothing
                    raise ConfigError(f"{where}.process: '{ev.process}' is a mining process; name a deposit, or use stage: mining")
            if isinstance(ev, DemandShock) and ev.sector != "*" and ev.sector not in sectors:
                raise ConfigError(f"{where}.sector: unknown sector '{ev.sector}' (sectors: {', '.join(sorted(sectors))})")
            check_commodities(data, getattr(ev, "commodities", []), f"{where}.commodities")
    return []


def scenario_effects(s: Core, sc: Scenario) -> Effects:
    """The changes scenario `sc` makes to the undisrupted model described by `s`."""
    eff = Effects()
    data = s.data
    factors: dict[tuple[str, str, str, int], float] = {}
    for ev in sc.events:
        if isinstance(ev, Outage):
            regions = set(data.regions_matching(ev.region))
            for (r, k, t) in s.OPERABLE:
                u = s.units[(r, k)]
                if r in regions and ev.covers(t) and (u.stage == ev.stage if ev.process is None else k == ev.process):
                    eff.keep[(r, k, t)] = eff.keep.get((r, k, t), 1.0) * ev.keep
        elif isinstance(ev, DisruptionBan):
            eff.banned |= set(matching_shipments(data, s.SHIPMENTS, ev))
        elif isinstance(ev, DemandShock):
            regions = set(data.regions_matching(ev.region))
            for key in s.demand_sector:
                r, sector, c, t = key
                if r in regions and ev.sector in ("*", sector) and ev.covers(t) and matches_any(ev.commodities, c):
                    factors[key] = factors.get(key, 1.0) * ev.factor  # several shocks on one sector compound
        elif isinstance(ev, CostShock):
            for t in s.periods:
                if ev.covers(t):
                    eff.cost_factor[(ev.component, t)] = eff.cost_factor.get((ev.component, t), 1.0) * ev.factor
    for (r, sector, c, t), f in factors.items():  # other sectors of the same (r, c, t) keep their demand
        eff.demand[(r, c, t)] = eff.demand.get((r, c, t), s.demand[(r, c, t)]) + (f - 1.0) * s.demand_sector[(r, sector, c, t)]
    return eff


def mean_value_effects(s: Core, scenarios: Iterable[Scenario]) -> Effects:
    """The mean-value scenario: E[keep], E[demand], E[cost factor]; a ban (which has no mean) applies where its probability ≥ 0.5."""
    effs = [(sc.probability, scenario_effects(s, sc)) for sc in scenarios]
    out = Effects()
    for key in {k for _, e in effs for k in e.keep}:
        out.keep[key] = sum(p * e.keep.get(key, 1.0) for p, e in effs)
    for key in {k for _, e in effs for k in e.demand}:
        out.demand[key] = sum(p * e.demand.get(key, s.demand[key]) for p, e in effs)
    for key in {k for _, e in effs for k in e.cost_factor}:
        out.cost_factor[key] = sum(p * e.cost_factor.get(key, 1.0) for p, e in effs)
    for key in {k for _, e in effs for k in e.banned}:
        if sum(p for p, e in effs if key in e.banned) >= 0.5 - 1e-12:
            out.banned.add(key)
    return out


def prepare(core: Core, cfg: ModelConfig, data: ModelData) -> DisruptionPrep | None:
    """What any of the model's scenarios changes (None without disruptions): computed once, shared by every block of the EF."""
    if not cfg.disruptions:
        return None
    effs = [scenario_effects(core, sc) for sc in cfg.disruptions]
    return DisruptionPrep(
        core=core,
        outage=tuple(sorted({k for e in effs for k in e.keep})),
        demand=tuple(sorted({k for e in effs for k in e.demand})),
        shipments=tuple(sorted({k for e in effs for k in e.banned})),
        cost=tuple(sorted({k for e in effs for k in e.cost_factor})),
    )


def build(m: pyo.ConcreteModel, prep: DisruptionPrep | None, reg: Registry) -> None:
    if prep is None:
        return
    s = prep.core
    m.OUTAGE = pyo.Set(initialize=prep.outage, dimen=3, ordered=True)
    m.p_keep = pyo.Param(m.OUTAGE, mutable=True, initialize=1.0, within=pyo.NonNegativeReals, doc="fraction of capacity kept")
    m.DEMAND_SHOCKED = pyo.Set(initialize=prep.demand, dimen=3, ordered=True)
    m.p_demand = pyo.Param(m.DEMAND_SHOCKED, mutable=True, initialize=lambda m, r, c, t: s.demand[(r, c, t)], doc="demand, kt/yr")
    m.SHOCK_SHIPMENTS = pyo.Set(initialize=prep.shipments, dimen=4, ordered=True)
    reg.keep_param, reg.demand_param = m.p_keep, m.p_demand


def link(m: pyo.ConcreteModel, prep: DisruptionPrep | None, reg: Registry) -> None:
    """cost_shock = Σ (factor − 1) · cost term, over the (component, t) some scenario shocks (after every cost is registered)."""
    if prep is None:
        return
    m.COST_SHOCKED = pyo.Set(initialize=prep.cost, dimen=2, ordered=True)
    m.p_cost_factor = pyo.Param(m.COST_SHOCKED, mutable=True, initialize=0.0, within=pyo.Reals, doc="cost multiplier − 1")
    shocked, periods = set(prep.cost), set(prep.core.periods)
    for name in sorted({name for name, _ in prep.cost}):
        for coef, var in reg.costs.get(name, []):
            index = var.index()
            t = index[-1] if isinstance(index, tuple) else index  # operating variables are indexed by period last
            if t not in periods:  # a shockable component must stay period-indexed, or its shock would miss terms silently
                raise RuntimeError(f"cost component '{name}' has a term {var.name} not indexed by period last: a cost shock cannot place it")
            if (name, t) in shocked:
                reg.costs["cost_shock"].append((coef * m.p_cost_factor[name, t], var))


def report(m: pyo.ConcreteModel, prep: DisruptionPrep | None, reg: Registry) -> dict:
    return {}


def apply_effects(m: pyo.ConcreteModel, eff: Effects, demand: dict[tuple[str, str, int], float]) -> list:
    """Set a scenario's parameters and bounds on a built model; return the variables whose bounds changed.

    Every touched parameter and bound is reset first, so effects can be applied one after another
    on the same (persistent) model. `demand` is the core's (undisrupted) demand.
    """
    if not hasattr(m, "p_keep"):
        if eff.keep or eff.demand or eff.banned or eff.cost_factor:
            raise ConfigError("this model was built without disruption hooks (its model file has no `disruptions`)")
        return []
    for key in m.p_keep:
        m.p_keep[key] = eff.keep.get(key, 1.0)
    for key in m.p_cost_factor:
        m.p_cost_factor[key] = eff.cost_factor.get(key, 1.0) - 1.0
    changed = []
    for key in m.p_demand:
        d = eff.demand.get(key, demand[key])
        m.p_demand[key] = d
        m.v_unmet[key].setub(d)
        changed.append(m.v_unmet[key])
    for key in m.SHOCK_SHIPMENTS:
        var = m.v_ship[key]
        var.setub(0.0 if key in eff.banned else None)
        changed.append(var)
    unknown = [k for k in eff.keep if k not in m.p_keep] + [k for k in eff.demand if k not in m.p_demand]
    unknown += [k for k in eff.banned if k not in m.SHOCK_SHIPMENTS] + [k for k in eff.cost_factor if k not in m.p_cost_factor]
    if unknown:
        raise ConfigError(f"scenario changes {unknown[:3]} which the model has no parameter for; add the scenario to `disruptions`")
    return changed
