"""The optimisation model: `prepare(cfg, data)` → a frozen `Prepared` record → `build_model(prepared)`.

This file is the table of contents. Every feature is one module that owns its whole life:
    check(cfg, data) → warnings (raises ConfigError on a bad model file),
    prepare(core, cfg, data) → a frozen plain-Python record (None: the feature is off),
    build(m, prep, reg) → variables, constraints, balance terms and cost components,
    link(m, prep, reg) (optional) → constraints that need what later features built,
    report(m, prep, reg) → its result tables.
Features couple only through the `Registry`. `build_model` runs every `build` in the order of
FEATURES, then every `link` in the same order (the balance closes once every supply and use is
registered; the objective once every cost is).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator

from ..lazy import pyo

from ..config import ModelConfig
from ..data import ModelData
from . import (balance, blending, capacity, collection, demand_response, disruption, end_of_life, environment, lumpy, markets, min_share,
               objective, operations,
               stockpile, trade)
from .core import Core, check as check_core, prepare_core
from .registry import Registry

FEATURES = (
    capacity,      # builds, projects, capacity by vintage, build limits (first stage)
    lumpy,         # builds in modules / above a minimum size (a MIP; off unless lumpy: true)
    disruption,    # what scenarios may change: outage and demand parameters, banned routes, cost shocks
    operations,    # activity ≤ keep · availability · capacity, reserves, variable cost
    blending,      # recipe choice: interchangeable inputs within blend bounds, per-mode extra costs
    trade,         # shipments on allowed routes, freight, tariffs
    balance,       # demand, unmet demand, disposal; the commodity balance (link)
    markets,       # co-product markets: La, Ce sold in demand-curve steps, the rest disposed of
    demand_response,  # priced steps per sector (thrift, switch, defer) before true loss (off unless demand_response: true)
    stockpile,     # strategic stocks (policy; off unless set)
    end_of_life,   # end-of-life scrap from magnets in use, as a supply; its link to served demand
    collection,    # end-of-life collection beyond today's rate: tiers built as an investment (link)
    environment,   # emissions, caps, carbon price (off without intensities)
    min_share,     # share of demand met by a group's own chain (policy; link)
    objective,     # discounted sum of the registered cost components (link)
)


@dataclass(frozen=True)
class Prepared:
    """Everything `build_model` needs, in plain Python: the core and one record per feature."""

    cfg: ModelConfig
    core: Core
    features: dict[str, Any]  # feature name → its prepared record (None = off)
    warnings: tuple[str, ...]

    def of(self, feature) -> Any:
        return self.features[_name(feature)]


def _name(feature) -> str:
    return feature.__name__.rsplit(".", 1)[-1]


def prepare(cfg: ModelConfig, data: ModelData) -> Prepared:
    """Check the model file against the data, drop excluded regions, compute the core and every feature's record."""
    warnings = list(check_core(cfg, data))
    for feature in FEATURES:
        warnings += feature.check(cfg, data)
    core = prepare_core(cfg, data.without(cfg.policies.exclude))
    warnings += core.warnings
    records = {}
    for feature in FEATURES:
        rec = feature.prepare(core, cfg, core.data)
        records[_name(feature)] = rec
        warnings += getattr(rec, "warnings", ())
    return Prepared(cfg=cfg, core=core, features=records, warnings=tuple(warnings))


def build_model(prepared: Prepared) -> tuple[pyo.ConcreteModel, Registry]:
    """Build the supply-chain model of a prepared record: (Pyomo model, its registry)."""
    with building_models():
        m = pyo.ConcreteModel(name=prepared.cfg.name)
        reg = Registry(demand=prepared.core.demand)
        for feature in FEATURES:
            feature.build(m, prepared.of(feature), reg)
        for feature in FEATURES:
            if hasattr(feature, "link"):
                feature.link(m, prepared.of(feature), reg)
    return m, reg


_LONG_LIVED = 0  # objects in the oldest generation after this process's last full pass in `building_models`


@contextmanager
def building_models() -> Iterator[None]:
    """Python's cycle collector paused while models are built, then at most one full pass.

    A build makes millions of objects that all live on, and each full collection walks every one of
    them again (annual `global`: build 5.5 s with the collector on, 2.2–2.8 s paused). Once the
    collector is back, Python would walk the new objects twice to promote them and then everything
    once (+1.5–2 s in the hand-off of annual `global`); one full pass files them as long-lived instead
    (0.6 s there). It is made only when the builds made more than a quarter of the objects already
    long-lived (Python's own rule for a full pass), so a process that builds many models one by one
    (mpi-sppy's scenarios) does not walk all earlier ones after each. Nested (the extensive form around
    its scenarios' builds): only the outermost pauses and files (docs/benchmarks.md, seventh session)."""
    global _LONG_LIVED
    if not gc.isenabled():  # an outer `building_models`, or a caller that manages the collector itself
        yield
        return
    from pyomo.common.gc_manager import PauseGC  # here, not at the top: `validate` never imports Pyomo

    with PauseGC():
        yield
        made = gc.get_count()[0]  # tracked objects made since the last collection: the builds', as none ran
    if made > _LONG_LIVED / 4:
        gc.collect()
        _LONG_LIVED = len(gc.get_objects(generation=2))


def report(m: pyo.ConcreteModel, prepared: Prepared, reg: Registry) -> dict:
    """Every feature's tables; a table two features report (flows) is their rows in FEATURES order."""
    import pandas as pd

    tables: dict = {}
    for feature in FEATURES:
        for name, table in feature.report(m, prepared.of(feature), reg).items():
            tables[name] = table if name not in tables else pd.concat([tables[name], table], ignore_index=True)
    return tables


__all__ = ["FEATURES", "Prepared", "prepare", "build_model", "building_models", "report"]
