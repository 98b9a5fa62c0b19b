"""Inputs, folders and printed summaries of `ree-opt sensitivity` and `ree-opt mga` (the CLI calls these).

Folders go through `runs.write`: `runs/<name>/sensitivity/<stamp>/` holds `sensitivity_cases.csv`,
`sensitivity_indicators.csv`, `tornado.csv` and one `tornado_<indicator>.png` per named indicator
(and the objective); `runs/<name>/mga/<stamp>/` holds `mga_ranges.csv`, the extreme plans
(`mga_group_shares.csv`, `mga_capacity.csv`, `mga_builds.csv`) and `range_vs_slack.png`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from rich.table import Table

from . import runs
from .config import ModelConfig, apply_overrides, config_from_raw, resolve_raw
from .data import ModelData, load_dataset
from .errors import ConfigError
from .indicators import Indicator, default_indicators, parse_indicator
from .mga import MgaResult
from .sensitivity import SensitivityResult, tornado_table
from .uncertainty_plots import range_vs_slack, tornado


def load_inputs(model: Path, overrides: list[str]) -> tuple[dict, ModelConfig, ModelData]:
    """The raw model mapping (variations of model-file keys apply to it), the validated config and the data."""
    raw = apply_overrides(resolve_raw(model), overrides)
    cfg = config_from_raw(raw, label=str(model))
    return raw, cfg, load_dataset(cfg.dataset)


def indicators_for(given: list[str], cfg: ModelConfig, model: Path, group: str = "china") -> list[Indicator]:
    """Command line first, else the model file's `indicators:`, else `group`'s share of each stage in 2030/2040/2050."""
    if given:
        return [parse_indicator(text) for text in given]
    try:
        named = [parse_indicator(text) for text in cfg.indicators]
    except ConfigError as exc:
        raise ConfigError(f"{model}: indicators: {exc}") from None
    return named or default_indicators(list(cfg.periods), group)


def parse_slacks(slack: float, slacks: str) -> tuple[float, ...]:
    try:
        levels = {float(x) for x in slacks.split(",") if x.strip()} | {slack}
    except ValueError:
        raise ConfigError(f"--slacks {slacks!r}: expected numbers separated by commas, e.g. 0.005,0.01") from None
    return tuple(sorted(levels))


def _file_name(indicator: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", indicator.replace("*", "world"))


def _unit(res: SensitivityResult, name: str) -> str:
    part = res.indicators.loc[res.indicators["indicator"] == name, "unit"] if len(res.indicators) else []
    return str(part.iloc[0]) if len(part) else ""


def tornados(res: SensitivityResult) -> dict[str, pd.DataFrame]:
    """The tornado table of the objective and of each named indicator."""
    return {name: tornado_table(res, name) for name in ["objective", *res.named]}


def write_sensitivity(res: SensitivityResult, parent: Path, specs: list[str], group: str, samples: int, seed: int) -> Path:
    tables = tornados(res)
    figures = {f"tornado_{_file_name(name)}.png": (lambda path, n=name: tornado(tables[n], path, f"{res.cfg.name}: {n}", _unit(res, n)))
               for name in tables}
    manifest = {"variations": specs, "indicators": res.named, "group": group, "cases": len(res.cases), "samples": samples, "seed": seed,
                "statuses": sorted(set(res.cases["status"])), "warm_solves": int((res.cases["solve"] == "warm").sum()),
                "timings_s": {k: round(v, 3) for k, v in res.timings.items()}, "warnings": res.warnings}
    out = {"sensitivity_cases": res.cases, "sensitivity_indicators": res.indicators, "tornado": pd.concat(tables.values(), ignore_index=True)}
    return runs.write("sensitivity", parent / res.cfg.name / "sensitivity", out, manifest, cfg=res.cfg, data=res.data, figures=figures)


def write_mga(res: MgaResult, parent: Path, slack: float, slacks: tuple[float, ...]) -> Path:
    manifest = {"slack": slack, "slacks": list(slacks), "indicators": list(dict.fromkeys(res.ranges["indicator"])), "optimum_musd": res.optimum,
                "statuses": sorted(set(res.ranges["status"])), "timings_s": {k: round(v, 3) for k, v in res.timings.items()},
                "warnings": res.warnings}
    tables = {"mga_ranges": res.ranges, **{f"mga_{name}": df for name, df in res.plans.items()}}
    figures = {"range_vs_slack.png": lambda path: range_vs_slack(res.ranges, path, f"{res.cfg.name}: range within a cost slack")}
    return runs.write("mga", parent / res.cfg.name / "mga", tables, manifest, cfg=res.cfg, data=res.data, figures=figures)


def sensitivity_summary(model: str, tables: dict[str, pd.DataFrame]) -> Table:
    tab = Table(title=f"{model}: sensitivity (one at a time)")
    for col in ("indicator", "variation", "base", "low", "high", "swing"):
        tab.add_column(col, justify="left" if col in ("indicator", "variation") else "right", overflow="fold")
    for name, t in tables.items():
        for row in t.itertuples():
            tab.add_row(name, row.variation, f"{row.base:,.4g}", f"{row.low:,.4g}", f"{row.high:,.4g}", f"{row.swing:,.4g}")
    return tab


def mga_summary(model: str, ranges: pd.DataFrame, slack: float) -> Table:
    tab = Table(title=f"{model}: range of each indicator within {slack:.1%} of the least cost")
    for col in ("indicator", "least-cost plan", "min", "max"):
        tab.add_column(col, justify="left" if col == "indicator" else "right")
    for name, part in ranges.groupby("indicator", sort=False):
        cells = []
        for sense in ("optimum", "min", "max"):
            hit = part.loc[(part["sense"] == sense) & (part["slack"].isin([0.0, slack])), "value"]
            cells.append(f"{float(hit.iloc[0]):,.4g}" if len(hit) else "—")
        tab.add_row(name, *cells)
    return tab
