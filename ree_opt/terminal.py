"""What a command shows and keeps: the consoles, `--quiet`/`--verbose`, progress bars, and `run.log`.

Every command logs to the `ree_opt` logger; the records are kept in memory until the command's
folder exists, then written to `<folder>/run.log` (the folder itself is written atomically, so
the log is added once it is complete). `--verbose` also shows them on stderr; `--quiet` prints
only errors and, on stdout, the path of the folder written (for scripts: `f=$(ree-opt -q run …)`).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from rich.console import Console

# emoji off: "capacity:magnet:allied" is an indicator, not an emoji
console = Console(emoji=False)  # summaries (stdout)
# spinners and bars shown during solves redraw at this rate: rich's default 12.5/s cost HiGHS ≈ 9 % of its time
# on global at a terminal on 2 cores (median of 5 interleaved pairs, 7.38 vs 6.76 s); at 1/s no difference
SPINNER_HZ = 1.0
err_console = Console(stderr=True, emoji=False)  # progress, warnings, verbose log
error_console = Console(stderr=True, emoji=False)  # errors: shown even with --quiet
log = logging.getLogger("ree_opt")
FORMAT = logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S")


class _Buffer(logging.Handler):
    """Holds the records of one command until its folder exists."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(FORMAT)

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


BUFFER = _Buffer()
STATE = {"quiet": False}


def configure(quiet: bool, verbose: bool, command: str | None = None) -> None:
    """Set up one command's output; called before each command (tests run many in one process)."""
    from rich.logging import RichHandler

    STATE["quiet"] = quiet
    console.quiet = err_console.quiet = quiet
    BUFFER.lines.clear()
    log.handlers[:] = [BUFFER]
    log.setLevel(logging.DEBUG)
    log.propagate = False
    if verbose and not quiet:
        log.addHandler(RichHandler(console=err_console, show_path=False, level=logging.DEBUG))
    log.info("command %s: %s", command, " ".join(sys.argv))


def progress_bar():
    """A progress bar on stderr (hidden with --quiet); advance it once per solve."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
    )
    return Progress(*columns, console=err_console, disable=STATE["quiet"], transient=True, refresh_per_second=SPINNER_HZ)


def stepper(bar, task, prefix: str):
    """A progress callback: advance the bar by one solve, show and log what was solved."""

    def step(name: str) -> None:
        bar.update(task, advance=1, description=f"{prefix}: {name}"[:70])
        log.info("%s: %s done", prefix, name)

    return step


def finish(folder: Path, label: str, keep_log: bool = True) -> None:
    """Write the command's log into its folder and say where the folder is (the only output with --quiet)."""
    log.info("wrote %s", folder)
    if keep_log:
        (Path(folder) / "run.log").write_text("\n".join(BUFFER.lines) + "\n", encoding="utf-8")
    if STATE["quiet"]:
        sys.stdout.write(f"{folder}\n")
    else:
        console.print(f"{label}: {folder}", highlight=False, soft_wrap=True)
