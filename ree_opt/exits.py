"""The exit-code contract of every `ree-opt` command.

    0 optimal · 1 bad input (one clear line naming file/row/column or the model key) ·
    2 a solve that is not optimal (status stated; an infeasible LP is explained and its rules
      written to infeasibility.csv) ·
    3 an internal error: a bug, never reported as bad input; one short line, the traceback in
      `<system temp dir>/ree-opt-crash-<UTC stamp>-<pid>.log` ·
    130 / 143 interrupted by Ctrl-C / SIGTERM: HiGHS stopped, and the line says what was kept.
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
import traceback
from datetime import datetime, timezone
from pathlib import Path

import typer
from rich.markup import escape

from .errors import Interrupted, ReeOptError, SolveError, one_line
from .terminal import error_console as err_console  # errors show even with --quiet


def fail(exc: Exception) -> None:
    """Print a user-facing error as one line and exit: 2 for a missing solution, 1 for bad input."""
    if isinstance(exc, SolveError):  # no solution where one was required: a solve outcome (2), not bad input (1)
        err_console.print(f"[bold red]not optimal:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=2)
    err_console.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code=1)


def _crash_log(exc: BaseException) -> Path:
    """Write the traceback of an internal error to `<temp dir>/ree-opt-crash-<UTC stamp>-<pid>.log`."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = Path(tempfile.gettempdir()) / f"ree-opt-crash-{stamp}-{os.getpid()}.log"
    path.write_text(f"ree-opt {' '.join(sys.argv[1:])}\n" + "".join(traceback.format_exception(exc)))
    return path


def _written() -> list:
    """Folders completed so far in this process (`runs.WRITTEN`; empty when nothing imported the writer)."""
    runs = sys.modules.get("ree_opt.runs")
    return list(runs.WRITTEN) if runs is not None else []


def _interrupted(code: int, before: int) -> None:
    written = _written()[before:]  # this command's folders, not an earlier command's in the same process
    kept = "nothing written" if not written else f"kept {', '.join(map(str, written))} (complete); nothing else written"
    err_console.print(f"interrupted: {kept}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code=code)


def guarded(command):
    """The exit-code contract of every command (module docstring). SIGTERM is turned into an
    exception like Ctrl-C for the whole command, so every `finally` (temporary folders) runs."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from .interrupt import signals_interrupt

        before = len(_written())
        try:
            with signals_interrupt():
                return command(*args, **kwargs)
        except ReeOptError as exc:
            fail(exc)
        except Interrupted as exc:
            _interrupted(exc.code, before)
        except KeyboardInterrupt:
            _interrupted(130, before)
        except (typer.Exit, typer.Abort, typer.exceptions.TyperException):
            raise
        except Exception as exc:  # a bug: never reported as bad input
            log = _crash_log(exc)
            text = one_line(str(exc))
            err_console.print(f"[bold red]internal error:[/] {type(exc).__name__}: {escape(text[:200])} (a bug in ree-opt, not in your input; "
                              f"traceback in {log})", highlight=False, soft_wrap=True)
            raise typer.Exit(code=3)

    return wrapper
