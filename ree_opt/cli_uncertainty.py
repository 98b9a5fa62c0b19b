"""`ree-opt sensitivity` and `ree-opt mga`: how sure a plan is (registered on the `ree-opt` app by cli.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import typer
from rich.table import Table

from . import runs
from .cli import SET_HELP, _fail, app, console, err_console, progress_bar
from .config import apply_overrides, config_from_raw, config_to_dict, resolve_raw
from .data import load_dataset
from .errors import ConfigError, ReeOptError
from .indicators import Indicator, default_indicators, parse_indicator

INDICATOR_HELP = "Indicator KIND:WHAT:GROUP:YEAR, e.g. share:separation:china:2040, capacity:magnet:allied:2035, recycled:oxide:*:2050 (repeatable)."


def _load(model: Path, set_: list[str]):
    raw = apply_overrides(resolve_raw(model), set_)
    cfg = config_from_raw(raw, label=str(model))
    return raw, cfg, load_dataset(cfg.dataset)


def _indicators(given: list[str], cfg, model: Path, group: str = "china") -> list[Indicator]:
    """Command line first, else the model file's `indicators:`, else China's share of each stage in 2030/2040/2050."""
    if given:
        return [parse_indicator(text) for text in given]
    try:
        named = [parse_indicator(text) for text in cfg.indicators]
    except ConfigError as exc:
        raise ConfigError(f"{model}: indicators: {exc}") from None
    return named or default_indicators(cfg.periods, group)


def _file_name(indicator: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", indicator.replace("*", "world"))


@app.command()
def sensitivity(
    model: Path = typer.Argument(..., help="Model file (YAML)."),
    vary: list[str] = typer.Option(..., "--vary", help="What to vary: TABLE.COLUMN[col=value]=V1,V2 | …*F1,F2 | KEY=V1,V2 (repeatable)."),
    indicator: list[str] = typer.Option([], "--indicator", help=INDICATOR_HELP + " Default: the model file's, else China's share of each stage in 2030/2040/2050."),
    group: str = typer.Option("china", "--group", help="Group whose share of every stage and year is reported."),
    samples: int = typer.Option(0, "--samples", min=0, help="Also solve this many cases with every SPEC at a random level."),
    seed: int = typer.Option(0, "--seed", help="Random seed of the samples."),
    set_: list[str] = typer.Option([], "--set", help=SET_HELP),
    out: Path | None = typer.Option(None, "--out", help="Parent folder (default: the model's output_dir)."),
) -> None:
    """One-at-a-time sensitivity; writes runs/<name>/sensitivity/<timestamp>/ with a tornado per indicator."""
    from .sensitivity import make_cases, run_sensitivity, tornado_table
    from .uncertainty_plots import tornado
    from .variations import parse_variation

    try:
        raw, cfg, data = _load(model, set_)
        variations = [parse_variation(spec) for spec in vary]
        named = _indicators(indicator, cfg, model, group)
        with progress_bar() as bar:
            task = bar.add_task(f"sensitivity {cfg.name}", total=len(make_cases(variations, samples, seed)))
            res = run_sensitivity(cfg, raw, data, variations, named, group=group, samples=samples, seed=seed,
                                  progress=lambda msg: bar.update(task, advance=1, description=msg[:60]))
        shown = ["objective"] + res.named
        tornados = {name: tornado_table(res, name) for name in shown}
        figures = {f"tornado_{_file_name(name)}.png": (lambda path, n=name: tornado(tornados[n], path, f"{cfg.name}: {n}", _unit(res, n)))
                   for name in shown}
        manifest = {"model": cfg.name, "kind": "sensitivity", "variations": vary, "indicators": res.named, "group": group,
                    "cases": len(res.cases), "samples": samples, "seed": seed, "statuses": sorted(set(res.cases["status"])),
                    "warm_solves": int((res.cases["solve"] == "warm").sum()), "seconds": round(res.timings["total"], 3),
                    "versions": runs.package_versions(), "dataset": str(cfg.dataset), "data_hash": data.digest}
        tables = {"sensitivity_cases": res.cases, "sensitivity_indicators": res.indicators,
                  "tornado": pd.concat(tornados.values(), ignore_index=True)}
        folder = runs.write_folder(Path(out if out is not None else cfg.output_dir) / cfg.name / "sensitivity", tables, manifest,
                                   config_to_dict(cfg), figures)
    except ReeOptError as exc:
        _fail(exc)
        return
    _print_tornados(cfg.name, tornados)
    console.print(f"{len(res.cases)} cases ({int((res.cases['solve'] == 'warm').sum())} warm) in {res.timings['total']:.1f} s; folder {folder}", highlight=False)
    bad = res.cases[res.cases["status"] != "optimal"]
    for row in bad.itertuples():
        err_console.print(f"[bold red]not optimal:[/] case {row.case} ({row.variation} = {row.level}): {row.status}; no indicators for it", highlight=False)
    if len(bad):
        raise typer.Exit(code=2)


def _unit(res, name: str) -> str:
    part = res.indicators.loc[res.indicators["indicator"] == name, "unit"]
    return str(part.iloc[0]) if len(part) else ""


def _print_tornados(model: str, tornados: dict) -> None:
    tab = Table(title=f"{model}: sensitivity (one at a time)")
    for col in ("indicator", "variation", "base", "low", "high", "swing"):
        tab.add_column(col, justify="left" if col in ("indicator", "variation") else "right", overflow="fold")
    for name, t in tornados.items():
        for row in t.itertuples():
            tab.add_row(name, row.variation, f"{row.base:,.4g}", f"{row.low:,.4g}", f"{row.high:,.4g}", f"{row.swing:,.4g}")
    console.print(tab)


@app.command()
def mga(
    model: Path = typer.Argument(..., help="Model file (YAML)."),
    slack: float = typer.Option(0.01, "--slack", help="Cost slack of the reported extreme plans: cost ≤ (1 + slack) × optimum."),
    slacks: str = typer.Option("0.005,0.01,0.02,0.05", "--slacks", help="Slacks of the range-vs-slack figure (comma-separated; '' = only --slack)."),
    indicator: list[str] = typer.Option([], "--indicator", help=INDICATOR_HELP + " Default: the model file's, else China's share of each stage in 2030/2040/2050."),
    set_: list[str] = typer.Option([], "--set", help=SET_HELP),
    out: Path | None = typer.Option(None, "--out", help="Parent folder (default: the model's output_dir)."),
) -> None:
    """Near-optimal alternatives: min and max each indicator within a cost slack; writes runs/<name>/mga/<timestamp>/."""
    from .mga import run_mga
    from .uncertainty_plots import range_vs_slack

    try:
        try:
            levels = tuple(float(x) for x in slacks.split(",") if x.strip()) + (slack,)
        except ValueError:
            raise ConfigError(f"--slacks {slacks!r}: expected numbers separated by commas, e.g. 0.005,0.01") from None
        _raw, cfg, data = _load(model, set_)
        named = _indicators(indicator, cfg, model)
        with progress_bar() as bar:
            task = bar.add_task(f"mga {cfg.name}", total=1 + 2 * len(named) * len(set(levels)))
            res = run_mga(cfg, data, named, slacks=tuple(sorted(set(levels))), plan_slack=slack,
                          progress=lambda msg: bar.update(task, advance=1, description=msg[:60]))
        manifest = {"model": cfg.name, "kind": "mga", "slack": slack, "slacks": sorted(set(levels)), "indicators": [i.name for i in named],
                    "optimum_musd": res.optimum, "statuses": sorted(set(res.ranges["status"])),
                    "timings_s": {k: round(v, 3) for k, v in res.timings.items()}, "versions": runs.package_versions(),
                    "dataset": str(cfg.dataset), "data_hash": data.digest}
        tables = {"mga_ranges": res.ranges, **{f"mga_{name}": df for name, df in res.plans.items()}}
        figures = {"range_vs_slack.png": lambda path: range_vs_slack(res.ranges, path, f"{cfg.name}: range within a cost slack")}
        folder = runs.write_folder(Path(out if out is not None else cfg.output_dir) / cfg.name / "mga", tables, manifest, config_to_dict(cfg), figures)
    except ReeOptError as exc:
        _fail(exc)
        return
    _print_ranges(cfg.name, res, slack)
    console.print(f"optimum {res.optimum:,.1f} MUSD; {res.timings['total']:.1f} s; folder {folder}", highlight=False)
    if any(st != "optimal" for st in res.ranges["status"]):
        err_console.print("[bold red]not optimal:[/] some ranges did not solve to optimality (see mga_ranges.csv)", highlight=False)
        raise typer.Exit(code=2)


def _print_ranges(model: str, res, slack: float) -> None:
    r = res.ranges
    tab = Table(title=f"{model}: range of each indicator within {slack:.1%} of the least cost")
    for col in ("indicator", "least-cost plan", "min", "max"):
        tab.add_column(col, justify="left" if col == "indicator" else "right")
    for name, part in r.groupby("indicator", sort=False):
        cells = []
        for sense in ("optimum", "min", "max"):
            hit = part.loc[(part["sense"] == sense) & (part["slack"].isin([0.0, slack])), "value"]
            cells.append(f"{float(hit.iloc[0]):,.4g}" if len(hit) else "—")
        tab.add_row(name, *cells)
    console.print(tab)
