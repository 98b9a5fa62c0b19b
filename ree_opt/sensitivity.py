"""One-at-a-time (and optionally sampled) sensitivity of a plan to its inputs.

Cases: the base model, then each `--vary` SPEC at each of its levels with everything else at
base (one at a time); with `samples > 0`, also that many cases where every SPEC takes a level
drawn at random (numbers uniformly between the SPEC's smallest and largest level, other levels
by choice). Each case is built from its own data and re-solved warm on one HiGHS object where
its structure is the base's (`ree_opt.warm`).

Reported per case: the objective, status, whether it was solved warm, and indicators —
China's (or `group`'s) share of each stage's output per year (`share:<stage>:<group>:<year>`),
the NdPr oxide marginal cost per year (`ndpr_price:<year>`: the highest over the regions where they move of the
oxide:nd and oxide:pr balance duals, USD/kg, as `ree-opt stress` reports it), total unmet demand
(`unmet:total`, kt/yr summed over regions, commodities and years), the recycled share of oxides
per year (`recycled:oxide:*:<year>`) and any named indicator (`ree_opt.indicators`).

A stochastic model's case is its extensive form (same warm re-solve); the objective is its
expected (or risk-adjusted) cost, and the indicators are expectations: `group`'s share of each
stage and year as a ratio of expected outputs, and the named indicators (no NdPr price, unmet or
recycled share there: per-scenario tables are the stochastic run's job).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .config import ModelConfig, config_from_raw
from .data import ModelData
from .errors import ConfigError
from .indicators import Indicator, expected_value
from .mga import model_blocks
from .pipeline import Instance
from .results import STAGE_OUTPUT
from .variations import Variation, apply_to_data, apply_to_raw
from .warm import WarmSolver

NDPR = ("oxide:nd", "oxide:pr")


@dataclass(frozen=True)
class Case:
    name: str
    settings: tuple[tuple[Variation, Any], ...]  # () = the base model
    kind: str  # base | one_at_a_time | sample

    @property
    def variation(self) -> str:
        return self.settings[0][0].target if self.kind == "one_at_a_time" else self.kind

    @property
    def level(self) -> str:
        return "; ".join(f"{v.label(lv)}" for v, lv in self.settings) if self.kind == "sample" else (str(self.settings[0][1]) if self.settings else "")


@dataclass
class SensitivityResult:
    cfg: ModelConfig
    data: ModelData
    cases: pd.DataFrame  # case, kind, variation, level, objective, status, solve, seconds
    indicators: pd.DataFrame  # case, kind, variation, level, indicator, value, unit
    named: list[str]  # the named indicators (one tornado each)
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def make_cases(variations: list[Variation], samples: int = 0, seed: int = 0) -> list[Case]:
    """The base case, each variation at each level alone, then `samples` random combinations."""
    if not variations:
        raise ConfigError("sensitivity needs at least one --vary SPEC")
    out = [Case("base", (), "base")]
    for i, var in enumerate(variations, start=1):
        out += [Case(f"v{i}-{j}", ((var, lv),), "one_at_a_time") for j, lv in enumerate(var.levels, start=1)]
    rng = random.Random(seed)
    for n in range(1, samples + 1):
        draw = []
        for var in variations:
            numeric = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in var.levels)
            draw.append((var, rng.uniform(min(var.levels), max(var.levels)) if numeric else rng.choice(var.levels)))
        out.append(Case(f"s{n}", tuple(draw), "sample"))
    return out


def case_inputs(case: Case, raw: dict, cfg: ModelConfig, data: ModelData) -> tuple[ModelConfig, ModelData]:
    """The model definition and data of a case (model-file keys first, then data cells)."""
    keys = [(v, lv) for v, lv in case.settings if v.key is not None]
    for var, level in keys:
        raw = apply_to_raw(raw, cfg, var, level)
    if keys:
        cfg = config_from_raw(raw, label=f"case {case.name}")
    for var, level in case.settings:
        if var.key is None:
            data = apply_to_data(data, var, level)
    return cfg, data


def case_indicators(inst: Instance, tables: dict, group: str, named: list[Indicator]) -> list[tuple[str, float, str]]:
    """(indicator, value, unit) of a solved deterministic case, from its run tables and the named indicators."""
    out: dict[str, tuple[float, str]] = {}
    shares = tables["group_shares"]
    for row in shares[shares["group"] == group].itertuples():
        out[f"share:{row.stage}:{group}:{row.year}"] = (float(row.share), "fraction")
    marg = tables["marginal_costs"]
    moving = marg["commodity"].isin(NDPR) & (marg["active"] if "active" in marg else True)  # elsewhere the dual is not unique
    for year, value in marg[moving].groupby("year")["value"].max().items():
        out[f"ndpr_price:{year}"] = (float(value), "USD/kg")
    out["unmet:total"] = (float(tables["unmet_demand"]["value"].sum()), "kt/yr summed")
    rec = tables["recycled_share"]
    for row in rec[rec["commodity"] == "oxide:*"].itertuples():
        out[f"recycled:oxide:*:{row.year}"] = (float(row.share), "fraction")
    blocks = [(1.0, inst.registry, inst.prepared.core)]
    out.update({ind.name: (expected_value(blocks, ind), ind.unit) for ind in named})
    return [(name, value, unit) for name, (value, unit) in out.items()]


def expected_indicators(scenarios: list[tuple[str, float, Instance]], group: str, named: list[Indicator]) -> list[tuple[str, float, str]]:
    """(indicator, value, unit) of a solved extensive form: `group`'s expected share of each stage and year
    (ratio of expected outputs) and each named indicator's expectation."""
    blocks = [(p, inst.registry, inst.prepared.core) for _name, p, inst in scenarios]
    periods = scenarios[0][2].prepared.core.periods
    shares = [Indicator("share", stage, group, t) for t in periods for stage in STAGE_OUTPUT]
    values = {ind.name: (expected_value(blocks, ind), ind.unit) for ind in shares + list(named)}
    return [(name, value, unit) for name, (value, unit) in values.items() if not math.isnan(value)]  # a stage without output has no share


def run_sensitivity(cfg: ModelConfig, raw: dict, data: ModelData, variations: list[Variation], named: list[Indicator],
                    group: str = "china", samples: int = 0, seed: int = 0,
                    progress: Callable[[str], None] | None = None) -> SensitivityResult:
    """Solve every case; the first solve is cold, the others warm where the structure allows."""
    step = progress or (lambda _msg: None)
    cases = make_cases(variations, samples, seed)
    solver = WarmSolver()
    case_rows, ind_rows, warnings = [], [], []
    t0 = time.perf_counter()
    for case in cases:
        t1 = time.perf_counter()
        c_cfg, c_data = case_inputs(case, raw, cfg, data)
        m, scenarios = model_blocks(c_cfg, c_data)
        warnings += [w for _n, _p, inst in scenarios for w in inst.warnings]
        built = time.perf_counter() - t1
        sol, how = solver.solve(m, c_cfg.solver)
        if sol.is_mip:
            raise ConfigError(f"model '{cfg.name}': sensitivity of a MIP (lumpy: true) is not supported yet")
        head = {"case": case.name, "kind": case.kind, "variation": case.variation, "level": case.level}
        case_rows.append({**head, "objective": sol.objective, "status": sol.status, "solve": how,
                          "build_seconds": built,
                          "handoff_seconds": sol.handoff_seconds, "highs_seconds": sol.solve_seconds, "seconds": time.perf_counter() - t1, "unit": "MUSD (discounted)"})
        if sol.has_solution:
            ind_rows.append({**head, "indicator": "objective", "value": sol.objective, "unit": "MUSD (discounted)"})
            inst = scenarios[0][2]
            values = expected_indicators(scenarios, group, named) if c_cfg.stochastic else case_indicators(inst, inst.tables(), group, named)
            ind_rows += [{**head, "indicator": n, "value": v, "unit": u} for n, v, u in values]
        step(f"{case.name} {case.level}: {sol.status}, {how}")
    return SensitivityResult(cfg=cfg, data=data, cases=pd.DataFrame(case_rows), indicators=pd.DataFrame(ind_rows),
                             named=[i.name for i in named], timings={"total": time.perf_counter() - t0},
                             warnings=list(dict.fromkeys(warnings)))


def tornado_table(res: SensitivityResult, indicator: str) -> pd.DataFrame:
    """Per variation: the indicator's lowest and highest value over its levels (one at a time), the levels
    that gave them, and the base value; sorted by swing, largest first."""
    ind = res.indicators[res.indicators["indicator"] == indicator]
    base = ind.loc[ind["kind"] == "base", "value"]
    oat = ind[ind["kind"] == "one_at_a_time"]
    rows = []
    for var, part in oat.groupby("variation", sort=False):
        lo, hi = part.loc[part["value"].idxmin()], part.loc[part["value"].idxmax()]
        rows.append({"indicator": indicator, "variation": var, "base": float(base.iloc[0]) if len(base) else float("nan"),
                     "low": float(lo["value"]), "low_level": lo["level"], "high": float(hi["value"]), "high_level": hi["level"]})
    out = pd.DataFrame(rows, columns=["indicator", "variation", "base", "low", "low_level", "high", "high_level"])
    return out.assign(swing=out["high"] - out["low"]).sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
