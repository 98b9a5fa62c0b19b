"""Commands that trace or bound the least-cost plan: `pareto` (cost vs emissions), `sensitivity`, `mga`."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .cli_app import SET_HELP, parent_dir, warn_once, app
from .errors import ReeOptError
from .exits import fail as _fail
from .exits import guarded
from .terminal import console, err_console, finish, progress_bar, stepper


@app.command()
@guarded
def pareto(
    model: Path = typer.Argument(..., help="Model file (YAML)."),
    metric: str = typer.Option("co2e", "--metric", help="Pollutant traded off against cost (co2e, radioactive_residue, wastewater)."),
    points: int = typer.Option(5, "--points", help="Points on the front, both end points included (≥ 2)."),
    hold_demand: bool = typer.Option(True, "--hold-demand/--free-demand",
                                     help="Hold unmet demand and demand response at their min-cost levels along the front "
                                          "(default), or let points cut emissions by serving less demand."),
    set_: list[str] = typer.Option([], "--set", help=SET_HELP),
    out: Optional[Path] = typer.Option(None, "--out", help="Parent folder for run folders (default: the model's output_dir)."),
) -> None:
    """Trace the cost–emissions front (ε-constraint); writes runs/<name>/pareto-<metric>/<timestamp>/."""
    from .config import load_config
    from .pareto import trace_front, write_front
    from .summaries import pareto_summary

    try:
        cfg = load_config(model, set_)
        with progress_bar() as bar:
            task = bar.add_task(f"pareto {cfg.name}", total=points + 2)
            front = trace_front(cfg, metric=metric, points=points, progress=stepper(bar, task, f"pareto {cfg.name}"),
                                hold_demand=hold_demand)
        folder = write_front(front, out)
    except ReeOptError as exc:
        _fail(exc)
        return
    warn_once(front.warnings)
    console.print(pareto_summary(cfg, metric, front.points))
    span = front.points["emissions"].max() - front.points["emissions"].min()
    if span <= 1e-6 * max(1.0, abs(front.points["emissions"].max())):
        err_console.print(f"[yellow]warning:[/] no trade-off: the min-cost plan already has the least {metric} (with demand met as at min cost)", highlight=False)
    finish(folder, "front folder")
    if any(st != "optimal" for st in front.points["status"]):
        raise typer.Exit(code=2)


INDICATOR_HELP = ("Indicator KIND:WHAT:GROUP:YEAR, e.g. share:separation:china:2040, capacity:magnet:allied:2035, recycled:oxide:*:2050 "
                  "(repeatable). Default: the model file's `indicators`, else China's share of each stage in 2030/2040/2050.")


@app.command()
@guarded
def sensitivity(
    model: Path = typer.Argument(..., help="Model file (YAML)."),
    vary: list[str] = typer.Option(..., "--vary", help="What to vary: TABLE.COLUMN[col=value]=V1,V2 | …*F1,F2 | KEY=V1,V2 (repeatable)."),
    indicator: list[str] = typer.Option([], "--indicator", help=INDICATOR_HELP),
    group: str = typer.Option("china", "--group", help="Group whose share of every stage and year is reported."),
    samples: int = typer.Option(0, "--samples", min=0, help="Also solve this many cases with every SPEC at a random level."),
    seed: int = typer.Option(0, "--seed", help="Random seed of the samples."),
    set_: list[str] = typer.Option([], "--set", help=SET_HELP),
    out: Optional[Path] = typer.Option(None, "--out", help="Parent folder (default: the model's output_dir)."),
) -> None:
    """One-at-a-time (and sampled) sensitivity, re-solved warm; writes runs/<name>/sensitivity/<timestamp>/ with a tornado per indicator."""
    from .sensitivity import make_cases, run_sensitivity
    from .uncertainty import indicators_for, load_inputs, sensitivity_summary, tornados, write_sensitivity
    from .variations import parse_variation

    try:
        raw, cfg, data = load_inputs(model, set_)
        variations = [parse_variation(spec) for spec in vary]
        named = indicators_for(indicator, cfg, model, group)
        with progress_bar() as bar:
            task = bar.add_task(f"sensitivity {cfg.name}", total=len(make_cases(variations, samples, seed)))
            res = run_sensitivity(cfg, raw, data, variations, named, group=group, samples=samples, seed=seed,
                                  progress=stepper(bar, task, f"sensitivity {cfg.name}"))
        folder = write_sensitivity(res, parent_dir(out, cfg), vary, group, samples, seed)
    except ReeOptError as exc:
        _fail(exc)
        return
    warn_once(res.warnings)
    console.print(sensitivity_summary(cfg.name, tornados(res)))
    console.print(f"{len(res.cases)} cases ({int((res.cases['solve'] == 'warm').sum())} warm) in {res.timings['total']:.1f} s", highlight=False)
    finish(folder, "sensitivity folder")
    bad = res.cases[res.cases["status"] != "optimal"]
    for row in bad.itertuples():
        err_console.print(f"[bold red]not optimal:[/] case {row.case} ({row.variation} = {row.level}): {row.status}; no indicators for it", highlight=False)
    if len(bad):
        raise typer.Exit(code=2)


@app.command()
@guarded
def mga(
    model: Path = typer.Argument(..., help="Model file (YAML)."),
    slack: float = typer.Option(0.01, "--slack", help="Cost slack of the reported extreme plans: cost ≤ (1 + slack) × optimum."),
    slacks: str = typer.Option("0.005,0.01,0.02,0.05", "--slacks", help="Slacks of the range-vs-slack figure (comma-separated; '' = only --slack)."),
    indicator: list[str] = typer.Option([], "--indicator", help=INDICATOR_HELP),
    set_: list[str] = typer.Option([], "--set", help=SET_HELP),
    out: Optional[Path] = typer.Option(None, "--out", help="Parent folder (default: the model's output_dir)."),
) -> None:
    """Near-optimal alternatives: min and max each indicator within a cost slack; writes runs/<name>/mga/<timestamp>/."""
    from .mga import run_mga
    from .uncertainty import indicators_for, load_inputs, mga_summary, parse_slacks, write_mga

    try:
        levels = parse_slacks(slack, slacks)
        _raw, cfg, data = load_inputs(model, set_)
        named = indicators_for(indicator, cfg, model)
        with progress_bar() as bar:
            task = bar.add_task(f"mga {cfg.name}", total=1 + 2 * len(named) * len(levels))
            res = run_mga(cfg, data, named, slacks=levels, plan_slack=slack, progress=stepper(bar, task, f"mga {cfg.name}"))
        folder = write_mga(res, parent_dir(out, cfg), slack, levels)
    except ReeOptError as exc:
        _fail(exc)
        return
    warn_once(res.warnings)
    console.print(mga_summary(cfg.name, res.ranges, slack))
    console.print(f"optimum {res.optimum:,.1f} MUSD; {res.timings['total']:.1f} s", highlight=False)
    finish(folder, "mga folder")
    if any(st != "optimal" for st in res.ranges["status"]):
        err_console.print("[bold red]not optimal:[/] some ranges did not solve to optimality (see mga_ranges.csv)", highlight=False)
        raise typer.Exit(code=2)
