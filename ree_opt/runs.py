"""Run folders: `runs/<model-name>/<timestamp>/`, written atomically and never overwritten.

Everything is first written into a hidden temporary folder next to the target, which is
renamed only when complete; a crash leaves only a `.tmp-*` folder that no reader mistakes
for a finished run.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import yaml

from .api import Run, peak_memory_mb
from .config import config_to_dict

MANIFEST = "manifest.json"


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in ("ree_opt", "pyomo", "highspy", "pandas", "numpy", "pydantic"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _unique_target(parent: Path, stamp: str) -> Path:
    target = parent / stamp
    n = 1
    while target.exists():
        target = parent / f"{stamp}-{n}"
        n += 1
    return target


class AtomicFolder:
    """`with AtomicFolder(parent) as tmp:` write into `tmp`; on success it becomes `.path`
    (`parent/<UTC timestamp>`, suffixed -1, -2 … if taken); on failure it is removed."""

    def __init__(self, parent: Path):
        self.parent = Path(parent)
        self.stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        self.tmp = self.parent / f".tmp-{self.stamp}-{os.getpid()}"
        self.path: Path | None = None

    def __enter__(self) -> Path:
        self.parent.mkdir(parents=True, exist_ok=True)
        self.tmp.mkdir()
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return
        self.path = _unique_target(self.parent, self.stamp)
        self.tmp.rename(self.path)


def write_tables(folder: Path, tables: dict) -> None:
    for name, table in tables.items():
        table.to_csv(folder / f"{name}.csv", index=False)


def write_run(run: Run, out_dir: Path | None = None, extra: dict | None = None) -> Path:
    """Write the run folder and return its path. `extra` adds keys to the manifest."""
    t0 = time.perf_counter()
    folder = AtomicFolder(Path(out_dir if out_dir is not None else run.cfg.output_dir) / run.cfg.name)
    with folder as tmp:
        write_tables(tmp, run.tables)
        if run.lp_text is not None:
            (tmp / "model.lp").write_text(run.lp_text)
        (tmp / "config.yaml").write_text(yaml.safe_dump(config_to_dict(run.cfg), sort_keys=False))
        timings = dict(run.timings)
        timings["write"] = time.perf_counter() - t0
        manifest = {
            "model": run.cfg.name,
            "created_utc": folder.stamp,
            "status": run.solve.status,
            "highs_status": run.solve.highs_status,
            "objective_musd": run.solve.objective,
            "is_mip": run.solve.is_mip,
            "mip_gap": run.solve.mip_gap,
            "dataset": str(run.cfg.dataset),
            "data_hash": run.data.digest,
            "model_size": {
                "variables": run.model.nvariables(),
                "constraints": run.model.nconstraints(),
                **{f"lp_{k}": v for k, v in run.solve.size.items()},
            },
            "timings_s": {k: round(v, 4) for k, v in timings.items()},
            "peak_memory_mb": {**{k: round(v, 1) for k, v in run.peak_mb.items()}, "write": round(peak_memory_mb(), 1)},
            "versions": {**package_versions(), "highs": run.solve.solver_version},
            "warnings": run.warnings,
            "tables": sorted(f"{n}.csv" for n in run.tables),
        }
        manifest.update(extra or {})
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str))
    return folder.path


def read_manifest(run_dir: Path) -> dict:
    return json.loads((Path(run_dir) / MANIFEST).read_text())


def write_folder(parent: Path, tables: dict, manifest: dict, cfg_dict: dict | None = None, figures: dict | None = None) -> Path:
    """Tables + config.yaml + manifest.json in a new folder `parent/<UTC timestamp>`, written atomically (stress tests,
    stochastic plans, sensitivity, MGA). `figures` maps a file name to a function drawing it into a given path."""
    folder = AtomicFolder(parent)
    with folder as tmp:
        write_tables(tmp, tables)
        for name, draw in (figures or {}).items():
            draw(tmp / name)
        if figures:
            manifest = {**manifest, "figures": sorted(figures)}
        if cfg_dict is not None:
            (tmp / "config.yaml").write_text(yaml.safe_dump(cfg_dict, sort_keys=False))
        manifest = {"created_utc": folder.stamp, **manifest, "tables": sorted(f"{n}.csv" for n in tables)}
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str))
    return folder.path
