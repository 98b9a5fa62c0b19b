"""Command-line interface `ree-opt`: a thin layer over the pipeline (`ree_opt.api`, `ree_opt.pipeline`).

Each command loads, solves and writes through the same pipeline and folder writer, prints the
warnings of its inputs once, and exits 0 (optimal), 1 (bad input, one clear line) or 2 (a solve
that is not optimal, status stated). Heavy modules (Pyomo, HiGHS, pandas) are imported inside
the commands, so `ree-opt --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterable, Optional

# typer's rich help imports rich.markdown and markdown-it (~0.4 s): plain help keeps `ree-opt --help` fast
# (TYPER_USE_RICH=1 brings the boxes back)
os.environ.setdefault("TYPER_USE_RICH", "0")
import typer

from .errors import ReeOptError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Optimisation model of the rare-earth magnet supply chain.")


class _LazyConsole:
    """A rich Console made on first use, so that `--help` does not import rich."""

    def __init__(self, **kwargs):
        self._kwargs, self._console = kwargs, None

    def real(self):
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._kwargs)
        return self._console

    def __getattr__(self, name):
        return getattr(self.real(), name)


console = _LazyConsole()
err_console = _LazyConsole(stderr=True)

SET_HELP = "Override a model-file field, e.g. --set horizon.end=2040 (repeatable)."


def _fail(exc: Exception) -> None:
    err_console.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code=1)


def _warn(warnings: Iterable[str]) -> None:
    """Print each warning once (a command that prepares several models may meet one warning many times)."""
    for warning in dict.fromkeys(warnings):
        err_console.print(f"[yellow]warning:[/] {warning}", highlight=False)


def progress_bar():
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(), console=err_console.real())


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _out(out: Optional[Path], cfg) -> Path:
    return Path(out if out is not None else cfg.output_dir)


@app.command()
def run(
    model: Path = typer.Argument(..., help="Model file (YAML)."),
    set_: list[str] = typer.Option([], "--set", help=SET_HELP),
    out: Optional[Path] = typer.Option(None, "--out", help="Parent folder for run folders (default: the model's output_dir)."),
    workers: int = typer.Option(0, "--workers", help="Stochastic models: processes for the VSS/EVPI re-solves (0: one per core)."),
) -> None:
    """Solve a model and write a run folder runs/<name>/<timestamp>/."""
    from . import api, runs
    from .config import load_config
    from .summaries import run_summary

    try:
        cfg = load_config(model, set_)
        if cfg.stochastic:
            _run_stochastic(cfg, out, workers or _cores())
            return
        with console.status(f"solving {cfg.name} …"):
            result = api.run_model(cfg)
        mip = {"mip_objective_musd": result.solve.mip_objective} if result.solve.is_mip else None
        folder = runs.write_run(result, out, extra=mip)
    except ReeOptError as exc:
        _fail(exc)
        return
    _warn(result.warnings)
    console.print(run_summary(result, folder))
    if not result.solve.ok:
        err_console.print(f"[bold red]not optimal:[/] HiGHS says {result.solve.highs_status}", highlight=False)
        raise typer.Exit(code=2)


def _run_stochastic(cfg, out: Optional[Path], workers: int = 1) -> None:
    """`run` on a model with `stochastic: true`: the two-stage plan, VSS and EVPI, in a run folder."""
    from . import runs
    from .data import load_dataset
    from .stochastic import progress_steps, solve_stochastic
    from .summaries import stochastic_summary

    data = load_dataset(cfg.dataset)
    with progress_bar() as bar:
        task = bar.add_task(f"stochastic plan {cfg.name}", total=progress_steps(cfg))
        result = solve_stochastic(data, cfg, workers=workers, progress=lambda name: bar.update(task, advance=1, description=f"stochastic plan {cfg.name}: {name}"))
    manifest = {"status": result.solve.status, "objective_musd": result.objective,
                "metrics_musd": result.metrics, "scenarios": len(cfg.disruptions), "risk": cfg.risk.model_dump(),
                "model_size": {f"lp_{k}": v for k, v in result.solve.size.items()}, "warnings": result.warnings,
                "timings_s": {k: round(v, 4) for k, v in result.timings.items()}}
    folder = runs.write("stochastic", _out(out, cfg) / cfg.name, result.tables, manifest, cfg=cfg, data=data)
    _warn(result.warnings)
    console.print(stochastic_summary(cfg, result, folder))


@app.command()
def compare(
    models: list[Path] = typer.Argument(..., help="Two or more model files; the first is the reference."),
    set_: list[str] = typer.Option([], "--set", help=SET_HELP + " Applied to every model."),
    out: Optional[Path] = typer.Option(None, "--out", help="Parent folder for run and comparison folders (default: runs)."),
    group: Optional[str] = typer.Option(None, "--group", help="Group (or not:<group>) whose self-sufficiency is shown (default: not:china if present)."),
) -> None:
    """Solve several models and compare costs, capacity, shares, unmet demand and marginal costs."""
    from . import api, runs
    from . import compare as comparison
    from .config import load_config
    from .summaries import comparison_summary, shortfall_summary

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
        manifest = {"models": names, "run_folders": [str(f) for f in folders],
                    "status": "optimal" if all(r.solve.ok for r in solved) else "not_optimal",
                    "statuses": {r.cfg.name: r.solve.status for r in solved},
                    "objective_musd": {r.cfg.name: r.objective for r in solved},
                    "cost_difference_to_first_musd": dict(zip(tables["costs"]["model"], tables["costs"]["difference_to_first"]))}
        folder = runs.write("compare", _out(out, cfgs[0]) / "compare", tables, manifest)
    except ReeOptError as exc:
        _fail(exc)
        return
    _warn(w for r in solved for w in r.warnings)
    console.print(comparison_summary(solved, tables, group))
    console.print(shortfall_summary(tables))
    console.print(f"comparison folder: {folder}", highlight=False)
    if not all(r.solve.ok for r in solved):
        raise typer.Exit(code=2)


@app.command()
def stress(
    model: Path = typer.Argument(..., help="Model file (YAML) with `disruptions`."),
    plan: Path = typer.Option(..., "--plan", help="Run folder whose builds.csv is the plan to test."),
    set_: list[str] = typer.Option([], "--set", help=SET_HELP),
    out: Optional[Path] = typer.Option(None, "--out", help="Parent folder (default: the model's output_dir)."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Rebuild the model per scenario instead of re-solving one persistent model."),
    workers: int = typer.Option(0, "--workers", help="Processes re-solving scenarios in parallel, each with its own model (0: one per core)."),
) -> None:
    """Fix a plan's builds and re-solve operations under each disruption scenario."""
    from . import runs
    from .config import load_config
    from .data import load_dataset
    from .stress import read_plan, scenarios_with_baseline, stress_test
    from .summaries import stress_summary

    try:
        cfg = load_config(model, set_)
        builds = read_plan(plan)
        data = load_dataset(cfg.dataset)
        with progress_bar() as bar:
            n = len(scenarios_with_baseline(cfg))
            task = bar.add_task(f"stress {cfg.name}", total=n)
            result = stress_test(data, cfg, builds, persistent=not rebuild, workers=workers or _cores(), progress=lambda name: bar.update(task, advance=1, description=f"stress {cfg.name}: {name}"))
        manifest = {"status": "optimal", "plan": str(plan), "scenarios": n, "warnings": result.warnings,
                    "persistent": result.persistent, "workers": workers or _cores(), "seconds": round(result.seconds, 4),
                    "scenarios_per_second": round(result.scenarios_per_second, 3)}
        folder = runs.write("stress", _out(out, cfg) / cfg.name / "stress", result.tables, manifest, cfg=cfg, data=data)
    except ReeOptError as exc:
        _fail(exc)
        return
    _warn(result.warnings)
    console.print(stress_summary(cfg, plan, result))
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
    from .config import load_config
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
    from .config import load_config
    from .data import load_dataset

    warnings: list[str] = []
    try:
        if path.is_dir():
            data = load_dataset(path)
        else:
            from .model import prepare

            cfg = load_config(path)
            data = load_dataset(cfg.dataset)
            warnings = list(prepare(cfg, data).warnings)  # checks the model file (demand case, policies, disruptions) against the data
    except ReeOptError as exc:
        _fail(exc)
        return
    _warn(list(data.warnings) + warnings)
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

    from .config import load_config
    from .pareto import trace_front, write_front
    from .summaries import pareto_summary

    try:
        cfg = load_config(model, set_)
        with Progress(console=err_console.real(), transient=True) as bar:
            task = bar.add_task(f"pareto {cfg.name}", total=points + 2)
            front = trace_front(cfg, metric=metric, points=points, progress=lambda msg: bar.update(task, advance=1, description=msg))
        folder = write_front(front, out)
    except ReeOptError as exc:
        _fail(exc)
        return
    _warn(front.warnings)
    console.print(pareto_summary(cfg, metric, front.points))
    span = front.points["emissions"].max() - front.points["emissions"].min()
    if span <= 1e-6 * max(1.0, abs(front.points["emissions"].max())):
        err_console.print(f"[yellow]warning:[/] no trade-off: the min-cost plan already has the least {metric} (with demand met as at min cost)", highlight=False)
    console.print(f"front written to {folder}", highlight=False)
    if any(st != "optimal" for st in front.points["status"]):
        raise typer.Exit(code=2)


@app.command()
def report(run_dir: Path = typer.Argument(..., help="A run folder written by `ree-opt run`.")) -> None:
    """Draw figures (shares by group, capacity, costs, marginal costs) and an HTML page into RUN_DIR/report/."""
    from .report import make_report  # matplotlib is imported only when a report is made

    try:
        page = make_report(run_dir)
    except ReeOptError as exc:
        _fail(exc)
        return
    console.print(f"report: {page}", highlight=False)


@app.command()
def schema() -> None:
    """Print the data contract: every table and column with type, unit and allowed values."""
    from .schema import describe_markdown

    sys.stdout.write(describe_markdown())


if __name__ == "__main__":  # pragma: no cover
    app()
