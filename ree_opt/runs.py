"""Run folders: `runs/<model-name>/<timestamp>/`, written atomically and never overwritten.

Everything is first written into a hidden temporary folder `.tmp-<pid>-<random>` next to the
target. The final name is claimed atomically (`os.mkdir`, which fails if the name exists, so
two processes finishing in the same second take `<stamp>` and `<stamp>-1`, never both one
name) and the temporary folder is renamed onto the claim; a failed rename retries with the
next suffix. No `.tmp-*` survives an exit: an exception or Ctrl-C removes it on the way out,
SIGTERM while writing is turned into an exit that does the same, `atexit` removes any left
over, and a folder left by a process killed outright (SIGKILL) is swept by the next writer
in the same place once its process is gone.

A run without a solution (infeasible, or stopped by a limit before any feasible point) is
written as `<stamp>-failed/`: its manifest and config say what was asked and what HiGHS
said, but no reader scanning for the latest run mistakes it for a finished one.
`--out` (or `output_dir`) inside a finished run folder is refused: runs never nest.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import platform
import shutil
import signal
import tempfile
import threading
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import yaml

from .api import Run, peak_memory_mb
from .config import config_to_dict
from .errors import Interrupted, OutputError, ReeOptError

MANIFEST = "manifest.json"


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in ("ree_opt", "pyomo", "highspy", "pandas", "numpy", "pydantic"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


_LIVE: set[Path] = set()  # this process's temporary folders and unfilled claims, removed on any exit
WRITTEN: list[Path] = []  # folders this process completed (an interrupted command says which it kept)


def _remove_live() -> None:
    for path in list(_LIVE):
        shutil.rmtree(path, ignore_errors=True)
        _LIVE.discard(path)


atexit.register(_remove_live)


@contextlib.contextmanager
def _sigterm_exits():
    """While writing, SIGTERM raises `Interrupted` (exit 143) so cleanup runs (its default kills on the spot)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise Interrupted(signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _sweep_stale(parent: Path) -> None:
    """Remove `.tmp-<pid>-*` folders whose writing process no longer exists (it was killed outright)."""
    for tmp in parent.glob(".tmp-*"):
        pid = tmp.name.split("-")[1]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(tmp, ignore_errors=True)
        except OSError:
            pass  # alive, another user's process


def check_output_dir(parent: Path) -> None:
    """Refuse an output folder that is a file, lies under a file, or lies inside a finished run folder."""
    parent = Path(parent)
    for p in (parent, *parent.parents):
        if p.exists() and not p.is_dir():
            raise OutputError(f"{parent}: '{p}' is a file, expected a folder for run folders")
        if (p / MANIFEST).is_file():
            raise OutputError(f"{parent}: lies inside the finished run folder {p}; choose an output folder outside it")


def _claim(parent: Path, stamp: str, suffix: str, start: int = 0) -> tuple[Path, int]:
    """Create `parent/<stamp>[-n]<suffix>` for the first free n ≥ start; (path, n). Atomic: mkdir fails if taken."""
    n = start
    while True:
        target = parent / (stamp + (f"-{n}" if n else "") + suffix)
        try:
            target.mkdir()
            return target, n
        except FileExistsError:
            n += 1


class AtomicFolder:
    """`with AtomicFolder(parent) as tmp:` write into `tmp`; on success it becomes `.path`
    (`parent/<UTC timestamp>[-n][suffix]`); on failure or any exit it is removed."""

    def __init__(self, parent: Path, suffix: str = ""):
        self.parent = Path(parent)
        self.suffix = suffix
        self.stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        self.tmp: Path | None = None
        self.path: Path | None = None
        self._signals = _sigterm_exits()

    def __enter__(self) -> Path:
        check_output_dir(self.parent)
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
            _sweep_stale(self.parent)
            self.tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{os.getpid()}-", dir=self.parent))
        except OSError as exc:
            raise OutputError(f"{self.parent}: cannot create a run folder here ({exc.strerror or exc})") from None
        _LIVE.add(self.tmp)
        self._signals.__enter__()
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.path = self._publish()
        finally:
            self._signals.__exit__(None, None, None)
            shutil.rmtree(self.tmp, ignore_errors=True)  # gone already after a successful rename
            _LIVE.discard(self.tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"{self.parent}: writing the run folder failed ({exc.strerror or exc}); nothing was kept") from exc

    def _publish(self, attempts: int = 3) -> Path:
        """Rename the temporary folder onto a claimed name; retry with the next suffix if the rename fails."""
        n = 0
        for _ in range(attempts):
            target, n = _claim(self.parent, self.stamp, self.suffix, n)
            _LIVE.add(target)
            try:
                os.rename(self.tmp, target)  # replaces our own empty claim
                _LIVE.discard(target)
                WRITTEN.append(target)
                return target
            except OSError:
                with contextlib.suppress(OSError):
                    target.rmdir()
                _LIVE.discard(target)
                n += 1
        raise OutputError(f"{self.parent}: could not rename the finished run folder into place after {attempts} attempts; nothing was kept")


def write_tables(folder: Path, tables: dict) -> None:
    for name, table in tables.items():
        table.to_csv(folder / f"{name}.csv", index=False)


def write(kind: str, parent: Path, tables: dict, manifest: dict, cfg=None, data=None,
          files: dict[str, str] | None = None, figures: dict | None = None, failed: bool = False) -> Path:
    """Write one folder of any kind (run, compare, stress, stochastic, pareto, …) atomically; return its path.

    Every folder holds its tables as CSV, `config.yaml` (when a model file is behind it), extra
    text `files`, `figures` (name → function drawing into a path) and `manifest.json` with the
    same common fields: kind, model, created_utc, dataset, data_hash, versions, tables, figures,
    then the kind's own fields (status, objective, timings, …). A `failed` folder (no solution)
    is named `<stamp>-failed`.
    """
    t0 = time.perf_counter()
    folder = AtomicFolder(parent, suffix="-failed" if failed else "")
    with folder as tmp:
        write_tables(tmp, tables)
        for name, text in (files or {}).items():
            (tmp / name).write_text(text)
        for name, draw in (figures or {}).items():
            draw(tmp / name)
        if cfg is not None:
            (tmp / "config.yaml").write_text(yaml.safe_dump(config_to_dict(cfg), sort_keys=False))
        common = {"kind": kind, "model": cfg.name if cfg is not None else None, "created_utc": folder.stamp}
        if data is not None:
            common.update({"dataset": str(cfg.dataset) if cfg is not None else data.origin, "data_hash": data.digest})
        full = {**common, **manifest, "versions": {**package_versions(), **manifest.get("versions", {})},
                "tables": sorted(f"{n}.csv" for n in tables), "figures": sorted(figures or {})}
        if "timings_s" in full:  # the manifest is written last, so the write is timed up to here
            full["timings_s"] = {**full["timings_s"], "write": round(time.perf_counter() - t0, 4)}
        (tmp / MANIFEST).write_text(json.dumps(full, indent=2, default=str))
    return folder.path


def write_run(run: Run, out_dir: Path | None = None, extra: dict | None = None) -> Path:
    """Write the run folder `<out>/<name>/<stamp>/` and return its path. `extra` adds keys to the manifest."""
    manifest = {
        "status": run.solve.status,
        "highs_status": run.solve.highs_status,
        "objective_musd": run.solve.objective,
        "is_mip": run.solve.is_mip,
        "mip_gap": run.solve.mip_gap,
        "model_size": {
            "variables": run.model.nvariables(),
            "constraints": run.model.nconstraints(),
            **{f"lp_{k}": v for k, v in run.solve.size.items()},
        },
        "warnings": run.warnings,
        "versions": {"highs": run.solve.solver_version},
        **(extra or {}),
    }
    files = {"model.lp": run.lp_text} if run.lp_text is not None else {}
    parent = Path(out_dir if out_dir is not None else run.cfg.output_dir) / run.cfg.name
    manifest["timings_s"] = {k: round(v, 4) for k, v in run.timings.items()}
    manifest["peak_memory_mb"] = {**{k: round(v, 1) for k, v in run.peak_mb.items()}, "write": round(peak_memory_mb(), 1)}
    return write("run", parent, run.tables, manifest, cfg=run.cfg, data=run.data, files=files, failed=not run.solve.has_solution)


def require_optimal(run_dir: Path) -> None:
    """Refuse a folder whose solve was not optimal (a `…-failed` run, a time-limited incumbent)."""
    path = Path(run_dir) / MANIFEST
    if not path.is_file():
        return  # not a run folder: the reader says so in its own words
    status = json.loads(path.read_text()).get("status", "optimal")
    if status != "optimal":
        raise ReeOptError(f"{run_dir}: the solve behind this folder is '{status}', not optimal; pass --allow-nonoptimal to use it anyway")
