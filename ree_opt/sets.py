"""Sparse index sets and parameters, computed once in plain Python from data and config.

Nothing here touches Pyomo. Every model family declares its variables and constraints only
over the tuples computed here, so no constraint is built over a dense product and skipped.

Conventions (index order is fixed everywhere): r region, k process (or deposit), m mode,
c commodity, v vintage (period a build is decided), t period, o/d origin/destination.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .config import ModelConfig
from .data import ModelData
from .disruptions import check_disruptions
from .errors import ConfigError
from .lifetimes import EndOfLife, end_of_life
from .policies import check_policies, exclude_regions, matches_commodity, matching_shipments


@dataclass(frozen=True)
class Unit:
    """A process (or deposit) in one region: the thing that has capacity."""

    region: str
    process: str
    stage: str
    capex: float  # MUSD per kt/yr
    fixed_om: float  # MUSD per kt/yr per yr
    var_cost: float  # MUSD/kt of activity
    lead_time: int
    lifetime: int
    availability: float
    buildable: bool
    crf: float  # capital recovery factor at the region's cost of capital
    max_capacity: float | None = None  # kt/yr (deposits)
    reserves: float | None = None  # kt (deposits)


@dataclass(frozen=True)
class Project:
    project: str
    region: str
    process: str
    capacity: float
    start_year: int
    committed: bool
    capex: float


@dataclass(frozen=True)
class Route:
    commodity: str
    origin: str
    destination: str
    cost: float
    loss: float


def capital_recovery_factor(rate: float, years: int) -> float:
    """CRF = i(1+i)^n / ((1+i)^n − 1): the annuity that repays 1 over n years at rate i."""
    if rate == 0:
        return 1.0 / years
    growth = (1.0 + rate) ** years
    return rate * growth / (growth - 1.0)


def period_weights(periods: list[int], lengths: dict[int, int], rate: float, base_year: int) -> dict[int, float]:
    """w_t = Σ_{y=t}^{t+L_t−1} (1+d)^−(y−y0): discounted years a period's annual cost stands for."""
    return {t: sum((1.0 + rate) ** -(y - base_year) for y in range(t, t + lengths[t])) for t in periods}


@dataclass
class ModelSets:
    """Everything `build_model` needs, as plain Python tuples and dicts."""

    data: ModelData
    cfg: ModelConfig
    periods: list[int]
    length: dict[int, int]
    weight: dict[int, float]
    regions: list[str]
    units: dict[tuple[str, str], Unit]
    modes: dict[str, list[str]]
    io: dict[tuple[str, str], dict[str, float]]
    projects: dict[str, Project]
    demand: dict[tuple[str, str, int], float]
    routes: dict[tuple[str, str, str], Route]
    tariff: dict[tuple[str, str, str, int], float]
    existing: dict[tuple[str, str, int], float]
    build_limits: dict[tuple[str, str], tuple[tuple[str, ...], float]]  # (scope, stage) → (regions, kt/yr per yr)
    unmet_penalty: dict[str, float]
    disposal_cost: dict[str, float | None]
    demand_sector: dict[tuple[str, str, str, int], float] = field(default_factory=dict)  # (r, sector, c, t), kt/yr
    warnings: list[str] = field(default_factory=list)

    # index sets, filled by _index()
    ACTIVITY: list[tuple[str, str, str, int]] = field(default_factory=list)
    BUILDS: list[tuple[str, str, int]] = field(default_factory=list)
    CAPACITY: list[tuple[str, str, int]] = field(default_factory=list)
    OPERABLE: list[tuple[str, str, int]] = field(default_factory=list)
    online: dict[tuple[str, str, int], list[int]] = field(default_factory=dict)
    project_online: dict[str, list[int]] = field(default_factory=dict)
    BALANCE: list[tuple[str, str, int]] = field(default_factory=list)
    SHIPMENTS: list[tuple[str, str, str, int]] = field(default_factory=list)
    UNMET: list[tuple[str, str, int]] = field(default_factory=list)
    DISPOSAL: list[tuple[str, str, int]] = field(default_factory=list)
    eol: EndOfLife = field(default_factory=EndOfLife)  # end-of-life scrap from magnets in use (empty = off)


def _units(data: ModelData, cfg: ModelConfig) -> dict[tuple[str, str], Unit]:
    procs = data["processes"].set_index("process")
    coc = dict(zip(data["regions"]["region"], data["regions"]["cost_of_capital"]))
    overrides = {(r, k): row for r, k, row in zip(data["process_region_costs"]["region"], data["process_region_costs"]["process"], data["process_region_costs"].to_dict("records"))}
    templates = set(data["deposits"]["process"])

    def make(r: str, k: str, proc: pd.Series, capex: float | None = None, var_cost: float | None = None, **extra) -> Unit:
        """A unit's costs: region override, else deposit-specific value, else the process's."""
        o = overrides.get((r, k), {})

        def pick(col: str, own: float | None) -> float:
            if o.get(col) is not None:
                return o[col]
            return proc[col] if own is None else own

        return Unit(
            region=r, process=k, stage=proc["stage"], capex=pick("capex", capex), fixed_om=pick("fixed_om", None),
            var_cost=pick("var_cost", var_cost), lead_time=int(proc["lead_time"]), lifetime=int(proc["lifetime"]),
            availability=float(proc["availability"]), buildable=bool(proc["buildable"]) and cfg.invest,
            crf=capital_recovery_factor(coc[r], int(proc["lifetime"])), **extra,
        )

    units: dict[tuple[str, str], Unit] = {}
    for k, proc in procs.iterrows():
        if k in templates:
            continue
        for r in data.regions:
            units[(r, k)] = make(r, k, proc)
    for dep in data["deposits"].to_dict("records"):
        proc = procs.loc[dep["process"]]
        units[(dep["region"], dep["deposit"])] = make(
            dep["region"], dep["deposit"], proc, capex=dep["capex"], var_cost=dep["var_cost"],
            max_capacity=dep["max_capacity"], reserves=dep["reserves"],
        )
    return units


def _recipes(data: ModelData) -> tuple[dict[str, list[str]], dict[tuple[str, str], dict[str, float]]]:
    """Modes and coefficients a[k,m,c] per process (deposits and separation derived from data)."""
    modes: dict[str, list[str]] = {}
    io: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    composition: dict[str, dict[str, float]] = defaultdict(dict)
    for f, e, s in zip(data["feeds"]["feed"], data["feeds"]["element"], data["feeds"]["share"]):
        composition[f][e] = s
    for dep in data["deposits"].to_dict("records"):
        modes[dep["deposit"]] = ["default"]
        io[(dep["deposit"], "default")] = {f"ore:{dep['feed']}": 1.0}
    sep = data["separation"]
    recovery: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
    for k, e, rec, prod in zip(sep["process"], sep["element"], sep["recovery"], sep["product"]):
        recovery[k][e] = (rec, prod or f"oxide:{e}")
    accepted = dict(zip(data["processes"]["process"], data["processes"]["feeds"]))
    for k, rec in recovery.items():
        feeds = list(accepted[k]) or sorted(composition)
        modes[k] = feeds
        for f in feeds:
            coefs = {f"ore:{f}": -1.0}
            for e, share in composition[f].items():
                if e in rec and share * rec[e][0] > 0:
                    product = rec[e][1]
                    coefs[product] = coefs.get(product, 0.0) + share * rec[e][0]
            io[(k, f)] = coefs
    rows = data["process_io"].to_dict("records")
    for row in rows:
        if row["mode"] != "*":
            modes.setdefault(row["process"], [])
            if row["mode"] not in modes[row["process"]]:
                modes[row["process"]].append(row["mode"])
    for row in rows:
        targets = modes.get(row["process"], ["default"]) if row["mode"] == "*" else [row["mode"]]
        modes.setdefault(row["process"], targets)
        for mode in targets:
            io[(row["process"], mode)][row["commodity"]] = io[(row["process"], mode)].get(row["commodity"], 0.0) + row["coef"]
    return modes, dict(io)


def _demand(data: ModelData, cfg: ModelConfig, warnings: list[str]) -> dict[tuple[str, str, str, int], float]:
    """Demand by (region, sector, commodity, period), interpolated in time; `demand` sums the sectors."""
    dem = data["demand"]
    cases = sorted(set(dem["case"]))
    part = dem[dem["case"] == cfg.demand_case]
    if part.empty:
        raise ConfigError(f"demand_case '{cfg.demand_case}' is not in {data.origin}/demand.csv (cases there: {', '.join(cases) or 'none'})")
    out: dict[tuple[str, str, str, int], float] = defaultdict(float)
    for (r, sector, c), grp in part.groupby(["region", "sector", "commodity"], sort=True):
        grp = grp.sort_values("year")
        years, values = grp["year"].to_numpy(float), grp["demand"].to_numpy(float)
        outside = [t for t in cfg.periods if t < years[0] or t > years[-1]]
        if outside and len(years) > 1:
            warnings.append(f"demand {r}/{sector}/{c}: data covers {int(years[0])}–{int(years[-1])}; held flat for {outside}")
        for t, value in zip(cfg.periods, np.interp(cfg.periods, years, values)):
            out[(r, sector, c, t)] += float(value)
    return {key: v for key, v in out.items() if v > 0}


def _sum_sectors(by_sector: dict[tuple[str, str, str, int], float]) -> dict[tuple[str, str, int], float]:
    out: dict[tuple[str, str, int], float] = defaultdict(float)
    for (r, _sector, c, t), v in by_sector.items():
        out[(r, c, t)] += v
    return dict(out)


def _routes(data: ModelData, produced: dict[str, set[str]], used: dict[str, set[str]]) -> dict[tuple[str, str, str], Route]:
    """Routes (c, o, d) for tradable c made in o and used in d, after transport.csv overrides.

    Goods go from where they are made to where they are used; re-exports are not modelled,
    which keeps the shipment set small and makes origin-based trade bans exact.
    """
    com = data["commodities"].set_index("commodity")
    terms: dict[tuple[str, str, str], list] = {}
    for c in com.index[com["tradable"]]:
        for o in data.regions:
            if c not in produced[o]:
                continue
            for d in data.regions:
                if d != o and c in used[d]:
                    terms[(c, o, d)] = [True, com.at[c, "transport_cost"], com.at[c, "transport_loss"]]
    for row in data["transport"].to_dict("records"):
        origins, dests = set(data.regions_matching(row["origin"])), set(data.regions_matching(row["destination"]))
        pattern = row["commodity"]
        for (c, o, d), term in terms.items():
            if matches_commodity(pattern, c) and o in origins and d in dests:
                term[0] = row["allowed"]
                if row["cost"] is not None:
                    term[1] = row["cost"]
                if row["loss"] is not None:
                    term[2] = row["loss"]
    return {key: Route(key[0], key[1], key[2], float(t[1]), float(t[2])) for key, t in terms.items() if t[0]}


def compute_sets(data: ModelData, cfg: ModelConfig) -> ModelSets:
    """Compute every sparse index set and parameter of the model."""
    check_policies(cfg, data)
    check_disruptions(cfg, data)
    data = exclude_regions(data, cfg.policies.exclude)
    periods = cfg.periods
    length = {t: cfg.horizon.step for t in periods}
    weight = period_weights(periods, length, cfg.discount_rate, cfg.discount_base_year)
    warnings: list[str] = []
    units = _units(data, cfg)
    modes, io = _recipes(data)

    projects = {
        p["project"]: Project(p["project"], p["region"], p["process"], p["capacity"], p["start_year"], p["status"] == "committed",
                              p["capex"] if p["capex"] is not None else units[(p["region"], p["process"])].capex)
        for p in data["projects"].to_dict("records")
        if p["status"] == "committed" or cfg.invest
    }
    existing: dict[tuple[str, str, int], float] = defaultdict(float)
    for row in data["existing_capacity"].to_dict("records"):
        for t in periods:
            if row["retire_year"] is None or t < row["retire_year"]:
                existing[(row["region"], row["process"], t)] += row["capacity"]

    com = data["commodities"].set_index("commodity")
    demand_sector = _demand(data, cfg, warnings)
    s = ModelSets(
        data=data, cfg=cfg, periods=periods, length=length, weight=weight, regions=data.regions, units=units,
        modes=modes, io=io, projects=projects, demand=_sum_sectors(demand_sector), demand_sector=demand_sector, routes={}, tariff={}, existing=dict(existing),
        build_limits={}, warnings=warnings,
        unmet_penalty={c: (cfg.unmet_penalty if pd.isna(v) or v is None else float(v)) for c, v in com["unmet_penalty"].items()},
        disposal_cost={c: (float(cost) if ok else None) for c, ok, cost in zip(com.index, com["disposable"], com["disposal_cost"])},
    )
    if cfg.recycling_from_stocks:
        s.eol = end_of_life(data, periods, length, s.demand)
    _index(s)
    return s


def _index(s: ModelSets) -> None:
    """Fill the sparse index sets of `s` in place."""
    data, periods = s.data, s.periods
    # online periods of each vintage: built in v, online from v + lead time for the lifetime
    for (r, k), u in s.units.items():
        if not u.buildable:
            continue
        for v in periods:
            on = [t for t in periods if v + u.lead_time <= t < v + u.lead_time + u.lifetime]
            if on:
                s.online[(r, k, v)] = on
                s.BUILDS.append((r, k, v))
    for p in s.projects.values():
        life = s.units[(p.region, p.process)].lifetime
        s.project_online[p.project] = [t for t in periods if p.start_year <= t < p.start_year + life]
    # a project never online inside the horizon does not enter the model (nor its cost)
    s.projects = {name: p for name, p in s.projects.items() if s.project_online[name]}

    # a unit exists in the model only if it can ever hold capacity
    can_have = {(r, k) for (r, k, _) in s.BUILDS} | {(r, k) for (r, k, t), cap in s.existing.items() if cap > 0}
    can_have |= {(p.region, p.process) for p in s.projects.values()}
    s.units = {key: u for key, u in s.units.items() if key in can_have}
    s.CAPACITY = [(r, k, t) for (r, k) in s.units for t in periods]
    # activity only where some capacity can be online: existing, a vintage or a project
    possible = {(r, k, t) for (r, k, t), cap in s.existing.items() if cap > 0}
    possible |= {(r, k, t) for (r, k, _v), on in s.online.items() for t in on}
    possible |= {(p.region, p.process, t) for p in s.projects.values() for t in s.project_online[p.project]}
    s.OPERABLE = [key for key in s.CAPACITY if key in possible]
    s.ACTIVITY = [(r, k, m, t) for (r, k, t) in s.OPERABLE for m in s.modes.get(k, ["default"])]
    s.build_limits = {}
    stages_present = {(r, u.stage) for (r, _), u in s.units.items() if u.buildable}
    for row in data["build_limits"].to_dict("records"):
        regions = [r for r in data.regions_matching(row["region"]) if (r, row["stage"]) in stages_present]
        scopes = [(row["region"], tuple(regions))] if row["pooled"] else [(r, (r,)) for r in regions]
        for scope, members in scopes:
            if members:
                s.build_limits[(scope, row["stage"])] = (members, row["max_new_capacity"])

    produced: dict[str, set[str]] = defaultdict(set)
    used: dict[str, set[str]] = defaultdict(set)
    for (r, k, m, _t) in s.ACTIVITY:
        for c, a in s.io.get((k, m), {}).items():
            (produced if a > 0 else used)[r].add(c)
    for (r, c, _t) in s.demand:
        used[r].add(c)
    for (r, c) in s.eol.sources:
        produced[r].add(c)
    s.routes = _routes(data, produced, used)

    present: set[tuple[str, str]] = {(r, c) for r in produced for c in produced[r]} | {(r, c) for r in used for c in used[r]}
    s.BALANCE = sorted((r, c, t) for (r, c) in present for t in periods)
    shipments = [(c, o, d, t) for (c, o, d) in s.routes for t in periods]
    banned = {key for ban in s.cfg.policies.trade_bans for key in matching_shipments(data, shipments, ban)}
    s.SHIPMENTS = [key for key in shipments if key not in banned]
    for rule in s.cfg.policies.tariffs:
        for key in matching_shipments(data, s.SHIPMENTS, rule):
            s.tariff[key] = s.tariff.get(key, 0.0) + rule.cost
    s.UNMET = sorted(key for key in s.demand)
    s.DISPOSAL = [(r, c, t) for (r, c, t) in s.BALANCE if s.disposal_cost.get(c) is not None and c in produced[r]]
