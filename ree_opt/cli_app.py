"""The `ree-opt` application object and what every command shares: global options, warnings, output folders.

Commands register on `app` in `ree_opt.cli` (solve, compare, stress, validate, report, …) and
`ree_opt.cli_analysis` (pareto, sensitivity, mga).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Optional

import typer
from rich.markup import escape

from .terminal import configure, err_console, error_console, log

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Optimisation model of the rare-earth magnet supply chain.")

SET_HELP = "Override a model-file field, e.g. --set horizon.end=2040 (repeatable)."


@app.callback()
def options(
    ctx: typer.Context,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors and the path of the folder written."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also show the log (kept in <folder>/run.log) on stderr."),
) -> None:
    """Optimisation model of the rare-earth magnet supply chain."""
    configure(quiet, verbose, ctx.invoked_subcommand)


def warn_once(warnings: Iterable[str]) -> None:
    """Print each warning once (a command that prepares several models may meet one warning many times)."""
    for warning in dict.fromkeys(warnings):
        log.warning("%s", warning)
        err_console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False, soft_wrap=True)


def parent_dir(out: Optional[Path], cfg) -> Path:
    return Path(out if out is not None else cfg.output_dir)


def cores() -> int:
    """Cores this process may use (the default number of scenario workers)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def explain_infeasibility(result, folder: Path) -> None:
    """An infeasible LP: the rules HiGHS's irreducible infeasible subset names (also in infeasibility.csv)."""
    if result.solve.infeasibility is None:
        return
    lines = list(result.solve.infeasibility.lines)
    if result.cfg.policies.trade_bans:  # banned routes have no variable, so no IIS member names them
        lines.append("  note: routes closed by policies.trade_bans are not in the LP at all; a ban shows only through what it leaves out")
    error_console.print("\n".join(lines), markup=False, highlight=False, soft_wrap=True)
    error_console.print(f"the rules in conflict are in {folder / 'infeasibility.csv'}", highlight=False, soft_wrap=True)
