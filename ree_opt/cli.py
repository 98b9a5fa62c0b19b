"""Command-line interface `ree-opt`: a thin layer over the pipeline (`ree_opt.api`, `ree_opt.pipeline`).

Each command loads, solves and writes through the same pipeline and folder writer, prints the
warnings of its inputs once, and exits with one contract (`ree_opt.exits.guarded`): 0 optimal,
1 bad input, 2 not optimal, 3 internal error, 130 / 143 interrupted.
Heavy modules (Pyomo, HiGHS, pandas) are imported inside the commands, so `ree-opt --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

# typer's rich help imports rich.markdown and markdown-it (~0.4 s): plain help keeps `ree-opt --help` fast
# (TYPER_USE_RICH=1 brings the boxes back)
os.environ.setdefault("TYPER_USE_RICH", "0")
import typer

from . import cli_analysis  # noqa: F401  (registers pareto, sensitivity, mga on `app`)
from .cli_app import SET_HELP, app, cores, explain_infeasibility, parent_dir, warn_once
from .errors import ReeOptError
from .exits import fail as _fail
from .exits import guarded
from .ph import ITER0_METHOD as PH_ITER0
from .ph import MAX_ITERATIONS as PH_MAX_ITERATIONS
from .ph import REL_GAP as PH_REL_GAP
from .ph import RHO_MULTIPLIER as PH_RHO
from .terminal import SPINNER_HZ, console, error_console, finish, log, progress_bar, stepper


@app.command()
@guarded
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
        runs.check_output_dir(parent_dir(out, cfg) / cfg.name)  # before the solve, not after it
        if cfg.stochastic:
            _run_stochastic(cfg, out, workers or cores())
            return
        with console.status(f"solving {cfg.name} …", refresh_per_second=SPINNER_HZ):
            result = api.run_model(cfg)
        mip = {"mip_objective_musd": result.solve.mip_objective} if result.solve.is_mip else None
        objective = "—" if result.objective is None else f"{result.objective:,.1f}"
        log.info("%s: %s, objective %s MUSD, build %.2f s, HiGHS %.2f s", cfg.name, result.solve.status, objective,
                 result.timings["build"], result.timings["highs"])
        folder = runs.write_run(result, out, extra=mip)
    except ReeOptError as exc:
        _fail(exc)
        return
    warn_once(result.warnings)
    console.print(run_summary(result))
    explain_infeasibility(result, folder)
    finish(folder, "run folder")
    if not result.solve.ok:
        error_console.print(f"[bold red]not optimal:[/] HiGHS says {result.solve.highs_status}", highlight=False)
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
        result = solve_stochastic(data, cfg, workers=workers, progress=stepper(bar, task, f"stochastic plan {cfg.name}"))
    manifest = {"status": result.solve.status, "objective_musd": result.objective,
                "metrics_musd": result.metrics, "scenarios": len(cfg.disruptions), "risk": cfg.risk.model_dump(),
                "model_size": {f"lp_{k}": v for k, v in result.solve.size.items()}, "warnings": result.warnings,
                "timings_s": {k: round(v, 4) for k, v in result.timings.items()}}
    folder = runs.write("stochastic", parent_dir(out, cfg) / cfg.name, result.tables, manifest, cfg=cfg, data=data)
    warn_once(result.warnings)
    console.print(stochastic_summary(cfg, result))
    finish(folder, "run folder")


@app.command()
@guarded
def compare(
    models: list[Path] = typer.Argument(..., help="Two or more model files; the first is the reference."),
    set_: list[str] = typer.Option([], "--set", help=SET_HELP + " Applied to every model."),
    out: Optional[Path] = typer.Option(None, "--out", help="Parent folder for run and comparison folders (default: runs)."),
    group: Optional[str] = typer.Option(None, "--group", help="Group (or not:<group>) whose self-sufficiency is shown (default: not:china if present)."),
    allow_nonoptimal: bool = typer.Option(False, "--allow-nonoptimal", help="Compare even if a solve stopped before optimality."),
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
        for cfg in cfgs:
            runs.check_output_dir(parent_dir(out, cfg) / cfg.name)
        names = [c.name for c in cfgs]
        if len(set(names)) != len(names):
            raise ReeOptError(f"model names must differ to be compared, got {names}")
        solved, folders = [], []
        with progress_bar() as bar:
            task = bar.add_task("solving", total=len(cfgs))
            for cfg in cfgs:
                bar.update(task, description=f"solving {cfg.name}")
                result = api.run_model(cfg, require_solution=True)
                log.info("solved %s: %s, objective %.1f MUSD", cfg.name, result.solve.status, result.objective)
                solved.append(result)
                folders.append(runs.write_run(result, out))
                bar.advance(task)
        bad = [f"{r.cfg.name} ({r.solve.status})" for r in solved if not r.solve.ok]
        if bad and not allow_nonoptimal:
            error_console.print(f"[bold red]not optimal:[/] {', '.join(bad)}; no comparison written (--allow-nonoptimal compares anyway)", highlight=False)
            raise typer.Exit(code=2)
        tables = comparison.compare(solved)
        manifest = {"models": names, "run_folders": [str(f) for f in folders],
                    "status": "optimal" if all(r.solve.ok for r in solved) else "not_optimal",
                    "statuses": {r.cfg.name: r.solve.status for r in solved},
                    "objective_musd": {r.cfg.name: r.objective for r in solved},
                    "cost_difference_to_first_musd": dict(zip(tables["costs"]["model"], tables["costs"]["difference_to_first"]))}
        folder = runs.write("compare", parent_dir(out, cfgs[0]) / "compare", tables, manifest)
    except ReeOptError as exc:
        _fail(exc)
        return
    warn_once(w for r in solved for w in r.warnings)
    for part in comparison_summary(solved, tables, group):
        console.print(part, highlight=False)
        if isinstance(part, str):  # the cost of exclusion, in words: worth keeping in run.log
            log.info("%s", part)
    console.print(shortfall_summary(tables))
    finish(folder, "comparison folder")
    if not all(r.solve.ok for r in solved):
        raise typer.Exit(code=2)


@app.command()
@guarded
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
        runs.check_output_dir(parent_dir(out, cfg) / cfg.name / "stress")
        builds = read_plan(plan)
        data = load_dataset(cfg.dataset)
        with progress_bar() as bar:
            n = len(scenarios_with_baseline(cfg))
            task = bar.add_task(f"stress {cfg.name}", total=n)
            result = stress_test(data, cfg, builds, persistent=not rebuild, workers=workers or cores(), progress=stepper(bar, task, f"stress {cfg.name}"))
        manifest = {"status": "optimal", "plan": str(plan), "scenarios": n, "warnings": result.warnings,
                    "persistent": result.persistent, "workers": workers or cores(), "seconds": round(result.seconds, 4),
                    "scenarios_per_second": round(result.scenarios_per_second, 3)}
        folder = runs.write("stress", parent_dir(out, cfg) / cfg.name / "stress", result.tables, manifest, cfg=cfg, data=data)
    except ReeOptError as exc:
        _fail(exc)
        return
    warn_once(result.warnings)
    console.print(stress_summary(cfg, plan, result))
    mode = "persistent" if result.persistent else "rebuild"
    console.print(f"plan: {plan}; {result.scenarios_per_second:.1f} scenarios/s ({mode})", highlight=False, soft_wrap=True)
    finish(folder, "stress folder")


@app.command()
@guarded
def ph(
    model: Path = typer.Argument(..., help="Model file (YAML) with `disruptions`."),
    ranks: int = typer.Option(3, "--ranks", min=1, help="MPI ranks: 1 = PH alone, 2 = + xhat upper bound, 3 = + Lagrangian lower bound (3k: k each)."),
    max_iterations: int = typer.Option(PH_MAX_ITERATIONS, "--max-iterations", min=1),
    rel_gap: float = typer.Option(PH_REL_GAP, "--rel-gap", help="Stop when (upper − lower)/upper falls below this."),
    rho_multiplier: float = typer.Option(PH_RHO, "--rho-multiplier", help="PH penalty per first-stage variable = this × its cost coefficient."),
    time_limit: Optional[float] = typer.Option(None, "--time-limit", help="Stop PH iterating after this many seconds."),
    iter0_method: str = typer.Option(PH_ITER0, "--iter0-method", help="HiGHS `solver` for iteration 0's cold solves (ipm, simplex, choose)."),
    timeout: float = typer.Option(3600.0, "--timeout", help="Kill mpiexec after this many seconds."),
) -> None:
    """Progressive hedging over MPI with mpi-sppy (hub PH, Lagrangian lower bound, xhat upper bound)."""
    from .config import load_config
    from .ph import run_ph

    try:
        cfg = load_config(model)  # fail here, with a clear message, not inside every MPI rank
        if not cfg.disruptions:
            raise ReeOptError(f"{model}: progressive hedging needs `disruptions` (scenarios) in the model file")
        with console.status(f"mpi-sppy PH on {ranks} ranks …", refresh_per_second=SPINNER_HZ):
            stats, _log = run_ph(str(model), ranks=ranks, timeout=timeout, max_iterations=max_iterations, rel_gap=rel_gap,
                                 rho_multiplier=rho_multiplier, time_limit=time_limit, iter0_method=iter0_method)
    except ReeOptError as exc:
        _fail(exc)
        return
    console.print(f"PH: lower bound {stats['best_bound']:,.1f}, upper bound {stats['best_incumbent']:,.1f}, "
                  f"gap {stats['rel_gap']:.3%} after {stats['iterations']:.0f} iterations; {stats['wall_seconds']:.1f} s wall, "
                  f"{stats['user_seconds']:.1f} s user + {stats['system_seconds']:.1f} s system over all ranks", highlight=False)


@app.command()
@guarded
def validate(
    path: Path = typer.Argument(..., help="Dataset folder or model file (YAML)."),
    set_: list[str] = typer.Option([], "--set", help=SET_HELP + " (model files only)"),
) -> None:
    """Validate a dataset folder (or a model file and its dataset) without solving."""
    from .config import load_config
    from .data import load_dataset

    warnings: list[str] = []
    try:
        if path.is_dir():
            if set_:
                raise ReeOptError(f"{path}: --set applies to a model file, not to a dataset folder")
            data = load_dataset(path)
        else:
            from .model import prepare

            cfg = load_config(path, set_)
            data = load_dataset(cfg.dataset)
            warnings = list(prepare(cfg, data).warnings)  # checks the model file (demand case, policies, disruptions) against the data
    except ReeOptError as exc:
        _fail(exc)
        return
    warn_once(list(data.warnings) + warnings)
    counts = ", ".join(f"{name} {len(df)}" for name, df in data.tables.items() if len(df))
    console.print(f"[green]valid[/]: {data.origin} (rows: {counts})", highlight=False)


@app.command()
@guarded
def report(
    folder: Path = typer.Argument(..., help="A result folder: run, compare, stress, stochastic, pareto, sensitivity or mga."),
    year: int = typer.Option(None, help="Year the flow diagram shows first (default: the last)."),
    static: bool = typer.Option(True, help="Also write a PNG of each figure (matplotlib)."),
    allow_nonoptimal: bool = typer.Option(False, "--allow-nonoptimal", help="Report on a folder whose solve was not optimal."),
) -> None:
    """Write FOLDER/report/report.html: the folder's answer in numbers and interactive figures, one self-contained file."""
    from .report import make_report  # plotly and matplotlib are imported only when a report is made
    from .runs import require_optimal

    try:
        if not allow_nonoptimal:
            require_optimal(folder)
        page = make_report(folder, year=year, static=static)
    except ReeOptError as exc:
        _fail(exc)
        return
    finish(page, "report", keep_log=False)


@app.command()
@guarded
def schema() -> None:
    """Print the data contract: every table and column with type, unit and allowed values."""
    from .schema import describe_markdown

    sys.stdout.write(describe_markdown())


def main() -> None:
    """The `ree-opt` console script: `app`, but an interrupted command exits at once with its code
    (temporary folders are already gone) instead of spending seconds tearing down a large model."""
    try:
        app()
    except SystemExit as exc:
        if exc.code in (130, 143):
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(exc.code)
        raise


if __name__ == "__main__":  # pragma: no cover
    main()
