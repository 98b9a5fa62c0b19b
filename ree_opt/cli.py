"""Command-line interface `ree-opt` (a thin layer over `ree_opt.api`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import api, runs
from . import compare as comparison
from .config import load_config
from .data import load_dataset
from .errors import ReeOptError
from .schema import describe_markdown

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Optimisation model of the rare-earth magnet supply chain.")
console = Console()
err_console = Console(stderr=True)

SET_HELP = "Override a model-file field, e.g. --set horizon.end=2040 (repeatable)."


def _fail(exc: Exception) -> None:
    err_console.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code=1)


def summary_table(run: api.Run, folder: Path | None) -> Table:
    """A short summary: status, objective, cost components, world shares and unmet demand."""
    tab = Table(title=f"{run.cfg.name}: {run.solve.status}", show_header=True)
    tab.add_column("item")
    tab.add_column("value", justify="right")
    obj = run.objective
    tab.add_row("objective (MUSD, discounted)", "—" if obj is None else f"{obj:,.1f}")
    if run.solve.is_mip:
        tab.add_row("MIP gap (integer decisions)", "—" if run.solve.mip_gap is None else f"{run.solve.mip_gap:.2%}")
    for comp, value in zip(run.tables.get("costs", {}).get("component", []), run.tables.get("costs", {}).get("value", [])):
        tab.add_row(f"  {comp}", f"{value:,.1f}")
    if run.tables:
        shares = run.tables["group_shares"]
        first, last = run.cfg.periods[0], run.cfg.periods[-1]
        for stage in ("mining", "separation", "metal", "magnet", "recycling"):
            part = shares[(shares["stage"] == stage) & (shares["group"] == "china")]
            by_year = dict(zip(part["year"], part["share"]))
            if stage in set(shares["stage"]):
                tab.add_row(f"China share of {stage} {first} → {last}", f"{by_year.get(first, 0):.0%} → {by_year.get(last, 0):.0%}")
        um = run.tables["unmet_demand"]
        total = float((um["value"]).sum())
        tab.add_row("unmet demand, all years (kt/yr summed)", f"{total:,.2f}")
        rec = run.tables.get("recycled_share")
        for kind in ("oxide:*", "magnet:*"):
            sub = rec[rec["commodity"] == kind] if rec is not None else None
            part = {} if sub is None else dict(zip(sub["year"], sub["share"]))
            if part:
                tab.add_row(f"recycled share of {kind} {first} → {last}", f"{part.get(first, 0):.1%} → {part.get(last, 0):.1%}")
        em = run.tables.get("emissions")
        if em is not None and not em.empty:
            co2 = em[em["pollutant"] == "co2e"].groupby("year")["value"].sum()
            if not co2.empty:
                tab.add_row(f"CO2e {first} → {last} (Mt/yr)", f"{co2.get(first, 0) / 1000:,.1f} → {co2.get(last, 0) / 1000:,.1f}")
    tab.add_row("model size (vars / cons)", f"{run.model.nvariables():,} / {run.model.nconstraints():,}")
    tab.add_row("time: build / HiGHS (s)", f"{run.timings.get('build', 0):.2f} / {run.timings.get('highs', 0):.2f}")
    if folder is not None:
        tab.add_row("run folder", str(folder))
    return tab


@app.command()
def run(
    model: Path = typer.Argument(..., help="Model file (YAML)."),
    set_: list[str] = typer.Option([], "--set", help=SET_HELP),
    out: Optional[Path] = typer.Option(None, "--out", help="Parent folder for run folders (default: the model's output_dir)."),
) -> None:
    """Solve a model and write a run folder runs/<name>/<timestamp>/."""
    try:
        cfg = load_config(model, set_)
        if cfg.stochastic:
            _run_stochastic(cfg, out)
            return
        with console.status(f"solving {cfg.name} …"):
            result = api.run_model(cfg)
        mip = {"mip_objective_musd": result.solve.mip_objective} if result.solve.is_mip else None
        folder = runs.write_run(result, out, extra=mip)
    except ReeOptError as exc:
        _fail(exc)
        return
    for warning in result.warnings:
        err_console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    console.print(summary_table(result, folder))
    if not result.solve.ok:
        err_console.print(f"[bold red]not optimal:[/] HiGHS says {result.solve.highs_status}", highlight=False)
        raise typer.Exit(code=2)


def progress_bar() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(), console=err_console)


@app.command()
def compare(
    models: list[Path] = typer.Argument(..., help="Two or more model files; the first is the reference."),
    set_: list[str] = typer.Option([], "--set", help=SET_HELP + " Applied to every model."),
    out: Optional[Path] = typer.Option(None, "--out", help="Parent folder for run and comparison folders (default: runs)."),
    group: Optional[str] = typer.Option(None, "--group", help="Group (or not:<group>) whose self-sufficiency is shown (default: not:china if present)."),
) -> None:
    """Solve several models and compare costs, capacity, shares, unmet demand and marginal costs."""
    try:
        if len(models) < 2:
            raise ReeOptError("compare needs at least two model files")
        cfgs = [load_config(path, set_) for path in models]
        names = [c.name for c in cfgs]
        if len(set(names)) != len(names):
            raise ReeOptError(f"model names must differ to be compared, got {names}")
        solved, folders = [], []
        with progress_bar() as bar:
            task = bar.add_task("solving", total=len(cfgs))
            for cfg in cfgs:
                bar.update(task, description=f"solving {cfg.name}")
                result = api.run_model(cfg, require_solution=True)
                solved.append(result)
                folders.append(runs.write_run(result, out))
                bar.advance(task)
        tables = comparison.compare(solved)
        parent = Path(out if out is not None else cfgs[0].output_dir) / "compare"
        folder = runs.AtomicFolder(parent)
        with folder as tmp:
            runs.write_tables(tmp, tables)
            manifest = {"models": names, "run_folders": [str(f) for f in folders],
                        "status": {r.cfg.name: r.solve.status for r in solved},
                        "objective_musd": {r.cfg.name: r.objective for r in solved},
                        "cost_difference_to_first_musd": dict(zip(tables["costs"]["model"], tables["costs"]["difference_to_first"]))}
            (tmp / runs.MANIFEST).write_text(json.dumps(manifest, indent=2, default=str))
    except ReeOptError as exc:
        _fail(exc)
        return
    console.print(comparison_table(solved, tables, group))
    console.print(f"comparison folder: {folder.path}", highlight=False)
    if not all(r.solve.ok for r in solved):
        raise typer.Exit(code=2)


def comparison_table(solved: list, tables: dict, group: str | None) -> Table:
    groups = sorted(set(tables["self_sufficiency"]["group"]))
    focus = group or next((g for g in ("not:china", "allied") if g in groups), None)
    title = "comparison (first model = reference)" + (f"; '{focus}' self-sufficient from year, by stage" if focus else "")
    tab = Table(title=title)
    for col in ("model", "status", "objective MUSD", "Δ vs first", "Δ supply cost", "unmet kt"):
        tab.add_column(col, justify="left" if col in ("model", "status") else "right", overflow="fold")
    ss = tables["self_sufficiency"]
    stages = list(comparison.STAGE_PRODUCTS)
    if focus:
        for stage in stages:
            tab.add_column(stage, justify="right", overflow="fold")
    costs = tables["costs"].set_index("model")
    for r in solved:
        name = r.cfg.name
        row = [name, r.solve.status, f"{r.objective:,.0f}", f"{costs.at[name, 'difference_to_first']:+,.0f}",
               f"{costs.at[name, 'supply_cost_difference_to_first']:+,.0f}",
               f"{r.tables['unmet_demand']['value'].sum():,.2f}"]
        if focus:
            mine = ss[ss["model"] == name]
            # a model that excluded the focus group's complement models only that bloc: its world
            bloc = focus if focus in set(mine["group"]) else "world"
            part = mine[mine["group"] == bloc].set_index("stage")["self_sufficient_from"]
            row += [str(part.get(stage, "—")) + ("" if bloc == focus else " (world)") for stage in stages]
        tab.add_row(*row)
    return tab


def _run_stochastic(cfg, out: Optional[Path]) -> None:
    """`run` on a model with `stochastic: true`: the two-stage plan, VSS and EVPI, in a run folder."""
    from .config import config_to_dict
    from .stochastic import progress_steps, solve_stochastic

    data = load_dataset(cfg.dataset)
    with progress_bar() as bar:
        task = bar.add_task(f"stochastic plan {cfg.name}", total=progress_steps(cfg))
        result = solve_stochastic(data, cfg, progress=lambda name: bar.update(task, advance=1, description=f"stochastic plan {cfg.name}: {name}"))
    manifest = {"model": cfg.name, "kind": "stochastic", "status": result.solve.status, "objective_musd": result.objective,
                "metrics_musd": result.metrics, "scenarios": len(cfg.disruptions), "risk": cfg.risk.model_dump(),
                "model_size": {f"lp_{k}": v for k, v in result.solve.size.items()},
                "timings_s": {k: round(v, 4) for k, v in result.timings.items()}, "versions": runs.package_versions(),
                "dataset": str(cfg.dataset), "data_hash": data.digest}
    folder = runs.write_folder(Path(out if out is not None else cfg.output_dir) / cfg.name, result.tables, manifest, config_to_dict(cfg))
    tab = Table(title=f"{cfg.name}: two-stage stochastic plan over {len(cfg.disruptions)} scenarios")
    tab.add_column("item")
    tab.add_column("MUSD (discounted)", justify="right")
    labels = {"objective": "objective", "expected_cost": "expected cost of the stochastic plan", "cvar": f"CVaR {cfg.risk.alpha:.0%} of cost",
              "eev": "expected cost of the mean-value plan", "vss": "VSS (value of the stochastic solution)",
              "wait_and_see": "wait-and-see (perfect foresight)", "evpi": "EVPI (value of perfect information)"}
    for key, label in labels.items():
        if key in result.metrics:
            tab.add_row(label, f"{result.metrics[key]:,.1f}")
    for row in result.tables["scenario_costs"].to_dict("records"):
        tab.add_row(f"  {row['scenario']} (p = {row['probability']:g})", f"{row['value']:,.1f}")
    tab.add_row("run folder", str(folder))
    console.print(tab)


@app.command()
def stress(
    model: Path = typer.Argument(..., help="Model file (YAML) with `disruptions`."),
    plan: Path = typer.Option(..., "--plan", help="Run folder whose builds.csv is the plan to test."),
    set_: list[str] = typer.Option([], "--set", help=SET_HELP),
    out: Optional[Path] = typer.Option(None, "--out", help="Parent folder (default: the model's output_dir)."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Rebuild the model per scenario instead of re-solving one persistent model."),
) -> None:
    """Fix a plan's builds and re-solve operations under each disruption scenario."""
    from .config import config_to_dict
    from .stress import read_plan, scenarios_with_baseline, stress_test

    try:
        cfg = load_config(model, set_)
        builds = read_plan(plan)
        data = load_dataset(cfg.dataset)
        with progress_bar() as bar:
            n = len(scenarios_with_baseline(cfg))
            task = bar.add_task(f"stress {cfg.name}", total=n)
            result = stress_test(data, cfg, builds, persistent=not rebuild, progress=lambda name: bar.update(task, advance=1, description=f"stress {cfg.name}: {name}"))
        manifest = {"model": cfg.name, "kind": "stress", "plan": str(plan), "scenarios": n,
                    "persistent": result.persistent, "seconds": round(result.seconds, 4),
                    "scenarios_per_second": round(result.scenarios_per_second, 3), "versions": runs.package_versions(),
                    "dataset": str(cfg.dataset), "data_hash": data.digest}
        folder = runs.write_folder(Path(out if out is not None else cfg.output_dir) / cfg.name / "stress", result.tables, manifest, config_to_dict(cfg))
    except ReeOptError as exc:
        _fail(exc)
        return
    tab = Table(title=f"{cfg.name}: stress test of {plan}")
    for col, justify in (("scenario", "left"), ("p", "right"), ("cost MUSD", "right"), ("extra cost MUSD", "right"),
                         ("unmet kt (Σ)", "right"), ("NdPr oxide max USD/kg", "right")):
        tab.add_column(col, justify=justify)
    for row in result.tables["stress_summary"].to_dict("records"):
        tab.add_row(row["scenario"], f"{row['probability']:g}", f"{row['cost']:,.1f}", f"{row['extra_cost']:,.1f}",
                    f"{row['unmet_kt']:,.2f}", f"{row['ndpr_oxide_max_usd_per_kg']:,.1f}")
    console.print(tab)
    mode = "persistent" if result.persistent else "rebuild"
    console.print(f"{result.scenarios_per_second:.1f} scenarios/s ({mode}); folder {folder}", highlight=False)


@app.command()
def ph(
    model: Path = typer.Argument(..., help="Model file (YAML) with `disruptions`."),
    ranks: int = typer.Option(3, "--ranks", min=1, help="MPI ranks: 1 = PH alone, 2 = + xhat upper bound, 3 = + Lagrangian lower bound."),
    max_iterations: int = typer.Option(100, "--max-iterations", min=1),
    rel_gap: float = typer.Option(1e-3, "--rel-gap", help="Stop when (upper − lower)/upper falls below this."),
    rho: float = typer.Option(1.0, "--rho", help="Default PH penalty (mpi-sppy --default-rho); --sep-rho scales it per variable."),
    timeout: float = typer.Option(3600.0, "--timeout", help="Kill mpiexec after this many seconds."),
) -> None:
    """Progressive hedging over MPI with mpi-sppy (hub PH, Lagrangian lower bound, xhat upper bound)."""
    from .mpisppy_model import run_ph

    try:
        cfg = load_config(model)  # fail here, with a clear message, not inside every MPI rank
        if not cfg.disruptions:
            raise ReeOptError(f"{model}: progressive hedging needs `disruptions` (scenarios) in the model file")
        with console.status(f"mpi-sppy PH on {ranks} ranks …"):
            stats, _log = run_ph(str(model), ranks=ranks, timeout=timeout, max_iterations=max_iterations, rel_gap=rel_gap, rho=rho,
                                 extra=["--sep-rho"])
    except ReeOptError as exc:
        _fail(exc)
        return
    console.print(f"PH: lower bound {stats['best_bound']:,.1f}, upper bound {stats['best_incumbent']:,.1f}, "
                  f"gap {stats['rel_gap']:.3%} after {stats['iterations']:.0f} iterations, {stats['wall_seconds']:.1f} s", highlight=False)


@app.command()
def validate(path: Path = typer.Argument(..., help="Dataset folder or model file (YAML).")) -> None:
    """Validate a dataset folder (or a model file and its dataset) without solving."""
    try:
        if path.is_dir():
            data = load_dataset(path)
        else:
            cfg = load_config(path)
            data = load_dataset(cfg.dataset)
            api.compute_sets(data, cfg)  # checks the demand case and horizon against the data
    except ReeOptError as exc:
        _fail(exc)
        return
    for warning in data.warnings:
        err_console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    counts = ", ".join(f"{name} {len(df)}" for name, df in data.tables.items() if len(df))
    console.print(f"[green]valid[/]: {data.origin} (rows: {counts})", highlight=False)


@app.command()
def pareto(
    model: Path = typer.Argument(..., help="Model file (YAML)."),
    metric: str = typer.Option("co2e", "--metric", help="Pollutant traded off against cost (co2e, radioactive_residue, wastewater)."),
    points: int = typer.Option(5, "--points", help="Points on the front, both end points included (≥ 2)."),
    set_: list[str] = typer.Option([], "--set", help=SET_HELP),
    out: Optional[Path] = typer.Option(None, "--out", help="Parent folder for run folders (default: the model's output_dir)."),
) -> None:
    """Trace the cost–emissions front (ε-constraint); writes runs/<name>/pareto-<metric>/<timestamp>/."""
    from rich.progress import Progress

    from .pareto import trace_front, write_front

    try:
        cfg = load_config(model, set_)
        with Progress(console=err_console, transient=True) as bar:
            task = bar.add_task(f"pareto {cfg.name}", total=points + 2)
            front = trace_front(cfg, metric=metric, points=points, progress=lambda msg: bar.update(task, advance=1, description=msg))
        folder = write_front(front, out)
    except ReeOptError as exc:
        _fail(exc)
        return
    tab = Table(title=f"{cfg.name}: cost vs {metric}")
    for col in ("point", "epsilon", "emissions", "cost", "status"):
        tab.add_column(col, justify="right")
    for row in front.points.to_dict("records"):
        fmt = lambda v: "—" if pd.isna(v) else f"{v:,.3f}"  # noqa: E731
        tab.add_row(str(row["point"]), fmt(row["epsilon"]), fmt(row["emissions"]), fmt(row["cost"]), row["status"])
    console.print(tab)
    span = front.points["emissions"].max() - front.points["emissions"].min()
    if span <= 1e-6 * max(1.0, abs(front.points["emissions"].max())):
        err_console.print(f"[yellow]warning:[/] no trade-off: the min-cost plan already has the least {metric} (with demand met as at min cost)", highlight=False)
    console.print(f"front written to {folder}", highlight=False)
    if any(st != "optimal" for st in front.points["status"]):
        raise typer.Exit(code=2)


@app.command()
def report(
    folder: Path = typer.Argument(..., help="A result folder: run, compare, stress, stochastic or pareto."),
    year: int = typer.Option(None, help="Year the flow diagram shows first (default: the last)."),
    static: bool = typer.Option(True, help="Also write a PNG of each figure (matplotlib)."),
) -> None:
    """Write FOLDER/report/report.html: the folder's answer in numbers and interactive figures, one self-contained file."""
    from .report import make_report  # plotly and matplotlib are imported only when a report is made

    try:
        page = make_report(folder, year=year, static=static)
    except ReeOptError as exc:
        _fail(exc)
        return
    console.print(f"report: {page}", highlight=False, soft_wrap=True)


@app.command()
def schema() -> None:
    """Print the data contract: every table and column with type, unit and allowed values."""
    sys.stdout.write(describe_markdown())


if __name__ == "__main__":  # pragma: no cover
    app()
