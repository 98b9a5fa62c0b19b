"""The core of every model: periods, units, recipes, demand and the commodity network, in plain Python.

Nothing here touches Pyomo. `prepare_core(cfg, data)` computes once, from validated data, the
sparse index sets every feature declares its variables and constraints over, so no constraint is
built over a dense product and skipped. The result is frozen: features read it, never change it.

Conventions (index order is fixed everywhere): r region, k process (or deposit), m mode,
c commodity, v vintage (period a build is decided), t period, o/d origin/destination.

The network is what the structural policies leave of the dataset: excluded regions are gone
(`ModelData.without`) and banned routes have no shipment variable (`policies.trade_bans`).
End-of-life scrap is part of the network where recycling from stocks is on, because where it
arises decides which routes and balances exist (`model.lifetimes`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..checks import horizon_warnings
from ..config import ModelConfig
from ..data import ModelData
from ..errors import ConfigError
from ..places import check_places, matches_commodity, matching_shipments
from .lifetimes import EndOfLife, end_of_life
from .technology import Unit, capital_recovery_factor, recipes_of, units_of  # noqa: F401 (re-exported)


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


def period_weights(periods: list[int], lengths: dict[int, int], rate: float, base_year: int) -> dict[int, float]:
    """w_t = Σ_{y=t}^{t+L_t−1} (1+d)^−(y−y0): discounted years a period's annual cost stands for."""
    return {t: sum((1.0 + rate) ** -(y - base_year) for y in range(t, t + lengths[t])) for t in periods}


@dataclass(frozen=True)
class Core:
    """Everything the features share, as plain Python tuples and dicts (frozen after `prepare_core`)."""

    cfg: ModelConfig
    data: ModelData  # the dataset without excluded regions
    periods: tuple[int, ...]
    length: dict[int, int]
    weight: dict[int, float]
    units: dict[tuple[str, str], Unit]
    modes: dict[str, list[str]]
    io: dict[tuple[str, str], dict[str, float]]
    projects: dict[str, Project]
    project_online: dict[str, list[int]]
    existing: dict[tuple[str, str, int], float]
    build_limits: dict[tuple[str, str], tuple[tuple[str, ...], float]]  # (scope, stage) → (regions, kt/yr per yr)
    demand: dict[tuple[str, str, int], float]  # (r, c, t), kt/yr, summed over sectors
    demand_sector: dict[tuple[str, str, str, int], float]  # (r, sector, c, t), kt/yr
    unmet_penalty: dict[str, float]
    disposal_cost: dict[str, float | None]
    routes: dict[tuple[str, str, str], Route]
    eol: EndOfLife
    retiring: EndOfLife  # every retiring magnet (rate 1), only where collection_tiers.csv has rows
    online: dict[tuple[str, str, int], list[int]]  # build (r, k, v) → periods it is online
    BUILDS: tuple[tuple[str, str, int], ...]
    CAPACITY: tuple[tuple[str, str, int], ...]
    OPERABLE: tuple[tuple[str, str, int], ...]
    ACTIVITY: tuple[tuple[str, str, str, int], ...]
    BALANCE: tuple[tuple[str, str, int], ...]
    SHIPMENTS: tuple[tuple[str, str, str, int], ...]
    UNMET: tuple[tuple[str, str, int], ...]
    DISPOSAL: tuple[tuple[str, str, int], ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def regions(self) -> list[str]:
        return self.data.regions


def _demand(data: ModelData, cfg: ModelConfig, warnings: list[str]) -> dict[tuple[str, str, str, int], float]:
    """Demand by (region, sector, commodity, period): d[t] = (1/L_t) Σ_{y=t}^{t+L_t−1} d(y), with d(y) linearly
    interpolated between the data's years (held flat outside them), i.e. the average over the period's years."""
    dem = data["demand"]
    lengths = cfg.horizon.lengths
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
        for t in cfg.periods:
            out[(r, sector, c, t)] += float(np.mean(np.interp(range(t, t + lengths[t]), years, values)))
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
    com = data["commodities"]
    default = {c: (cost, loss) for c, ok, cost, loss in zip(com["commodity"], com["tradable"], com["transport_cost"], com["transport_loss"]) if ok}
    terms: dict[tuple[str, str, str], list] = {}
    for c, (cost, loss) in default.items():
        for o in data.regions:
            if c not in produced[o]:
                continue
            for d in data.regions:
                if d != o and c in used[d]:
                    terms[(c, o, d)] = [True, cost, loss]
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


def _projects(data: ModelData, cfg: ModelConfig, units: dict, periods: list[int]) -> tuple[dict[str, Project], dict[str, list[int]]]:
    """Projects online inside the horizon: committed ones always; announced ones as `invest.projects` says
    (optional: the model may take them; committed: built at their start year; none: left out)."""
    mode = cfg.invest_options.projects
    projects, online = {}, {}
    for p in data["projects"].to_dict("records"):
        if p["status"] != "committed" and mode == "none":
            continue
        unit = units[(p["region"], p["process"])]
        on = [t for t in periods if p["start_year"] <= t < p["start_year"] + unit.lifetime]
        if not on:  # never online inside the horizon: not in the model (nor its cost)
            continue
        projects[p["project"]] = Project(p["project"], p["region"], p["process"], p["capacity"], p["start_year"],
                                         p["status"] == "committed" or mode == "committed",
                                         p["capex"] if p["capex"] is not None else unit.capex)
        online[p["project"]] = on
    return projects, online


def _existing(data: ModelData, periods: list[int], calibrate: bool, held: frozenset[str]) -> dict[tuple[str, str, int], float]:
    """Existing capacity by period: nameplate, or nameplate × base-year utilisation in a calibration run
    (`base_year_utilisation: true`) and, in any run, for the units named in `held_at_base_year`."""
    existing: dict[tuple[str, str, int], float] = defaultdict(float)
    for row in data["existing_capacity"].to_dict("records"):
        use = row["utilisation"] if calibrate or row["process"] in held else 1.0
        for t in periods:
            if row["retire_year"] is None or t < row["retire_year"]:
                existing[(row["region"], row["process"], t)] += row["capacity"] * use
    return dict(existing)


def _build_limits(data: ModelData, units: dict[tuple[str, str], Unit]) -> dict:
    """(scope, stage) → (member regions, kt/yr per year): per region, or pooled over a group."""
    out = {}
    stages_present = {(r, u.stage) for (r, _), u in units.items() if u.buildable}
    for row in data["build_limits"].to_dict("records"):
        regions = [r for r in data.regions_matching(row["region"]) if (r, row["stage"]) in stages_present]
        scopes = [(row["region"], tuple(regions))] if row["pooled"] else [(r, (r,)) for r in regions]
        for scope, members in scopes:
            if members:
                out[(scope, row["stage"])] = (members, row["max_new_capacity"])
    return out


def _vintages(units: dict[tuple[str, str], Unit], periods: list[int]) -> dict[tuple[str, str, int], list[int]]:
    """Online periods of each build: decided in v, online from v + lead time for the lifetime."""
    online = {}
    for (r, k), u in units.items():
        if not u.buildable:
            continue
        for v in periods:
            on = [t for t in periods if v + u.lead_time <= t < v + u.lead_time + u.lifetime]
            if on:
                online[(r, k, v)] = on
    return online


def _network(data: ModelData, cfg: ModelConfig, activity, io, demand, eol: EndOfLife, retiring: EndOfLife, periods) -> tuple:
    """Routes, shipments (without banned routes), balances, unmet demand and disposal index sets."""
    produced: dict[str, set[str]] = defaultdict(set)
    used: dict[str, set[str]] = defaultdict(set)
    for (r, k, m, _t) in activity:
        for c, a in io.get((k, m), {}).items():
            (produced if a > 0 else used)[r].add(c)
    for (r, c, _t) in demand:
        used[r].add(c)
    for (r, c) in eol.sources | retiring.sources:
        produced[r].add(c)
    for r, c in zip(data["markets"]["region"], data["markets"]["commodity"]):  # a co-product market is a use there
        used[r].add(c)
    routes = _routes(data, produced, used)
    present = {(r, c) for r in produced for c in produced[r]} | {(r, c) for r in used for c in used[r]}
    balance = tuple(sorted((r, c, t) for (r, c) in present for t in periods))
    shipments = [(c, o, d, t) for (c, o, d) in routes for t in periods]
    banned = {key for ban in cfg.policies.trade_bans for key in matching_shipments(data, shipments, ban)}
    com = data["commodities"]
    disposal_cost = {c: (float(cost) if ok else None) for c, ok, cost in zip(com["commodity"], com["disposable"], com["disposal_cost"])}
    disposal = tuple((r, c, t) for (r, c, t) in balance if disposal_cost.get(c) is not None and c in produced[r])
    return routes, tuple(k for k in shipments if k not in banned), balance, disposal, disposal_cost


def check(cfg: ModelConfig, data: ModelData) -> list[str]:
    """The core's own checks: the regions a model file excludes exist; rules, projects and existing
    capacity that no model period sees are warnings (`ree_opt.checks`)."""
    check_places(data, cfg.policies.exclude, "policies.exclude", allow_star=False)
    rows = set(data["existing_capacity"]["process"])
    for name in cfg.held_at_base_year:
        if name not in rows:
            raise ConfigError(f"held_at_base_year: '{name}' has no row in {data.origin}/existing_capacity.csv (give a process or deposit name)")
    return horizon_warnings(cfg, data)


def prepare_core(cfg: ModelConfig, data: ModelData) -> Core:
    """Compute every sparse index set and parameter the features share (data without excluded regions)."""
    periods = cfg.periods
    length = cfg.horizon.lengths
    warnings: list[str] = []
    units = units_of(data, cfg)
    modes, io = recipes_of(data)
    projects, project_online = _projects(data, cfg, units, periods)
    existing = _existing(data, periods, cfg.base_year_utilisation, frozenset(cfg.held_at_base_year))
    online = _vintages(units, periods)
    # a unit exists in the model only if it can ever hold capacity: existing, a vintage or a project
    can_have = {(r, k) for (r, k, _) in online} | {(r, k) for (r, k, t), cap in existing.items() if cap > 0}
    can_have |= {(p.region, p.process) for p in projects.values()}
    units = {key: u for key, u in units.items() if key in can_have}
    capacity = tuple((r, k, t) for (r, k) in units for t in periods)
    possible = {(r, k, t) for (r, k, t), cap in existing.items() if cap > 0}
    possible |= {(r, k, t) for (r, k, _v), on in online.items() for t in on}
    possible |= {(p.region, p.process, t) for p in projects.values() for t in project_online[p.project]}
    operable = tuple(key for key in capacity if key in possible)
    activity = tuple((r, k, m, t) for (r, k, t) in operable for m in modes.get(k, ["default"]))
    demand_sector = _demand(data, cfg, warnings)
    demand = _sum_sectors(demand_sector)
    eol = end_of_life(data, periods, length, demand) if cfg.recycling_from_stocks else EndOfLife()
    # every retiring magnet, where collection beyond today's rate is a decision (model.collection)
    tiers = cfg.recycling_from_stocks and not data["collection_tiers"].empty
    retiring = end_of_life(data, periods, length, demand, all_retiring=True) if tiers else EndOfLife()
    routes, shipments, balance, disposal, disposal_cost = _network(data, cfg, activity, io, demand, eol, retiring, periods)
    com = data["commodities"]
    return Core(
        cfg=cfg, data=data, periods=tuple(periods), length=length,
        weight=period_weights(periods, length, cfg.discount_rate, cfg.discount_base_year),
        units=units, modes=modes, io=io, projects=projects, project_online=project_online, existing=existing,
        build_limits=_build_limits(data, units), demand=demand, demand_sector=demand_sector,
        unmet_penalty={c: (cfg.unmet_penalty if pd.isna(v) or v is None else float(v)) for c, v in zip(com["commodity"], com["unmet_penalty"])},
        disposal_cost=disposal_cost, routes=routes, eol=eol, retiring=retiring, online=online, BUILDS=tuple(online), CAPACITY=capacity,
        OPERABLE=operable, ACTIVITY=activity, BALANCE=balance, SHIPMENTS=shipments, UNMET=tuple(sorted(demand)),
        DISPOSAL=disposal, warnings=tuple(warnings),
    )


@dataclass(frozen=True)
class CoreOnly:
    """The prepared record of a feature that needs nothing beyond the core."""

    core: Core


def no_checks(cfg: ModelConfig, data: ModelData) -> list[str]:
    """`check` of a feature the model file cannot misconfigure."""
    return []


def core_only(core: Core, cfg: ModelConfig, data: ModelData) -> CoreOnly:
    """`prepare` of a feature that needs nothing beyond the core."""
    return CoreOnly(core)
