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


def write_folder(parent: Path, tables: dict, manifest: dict, cfg_dict: dict, stamp: str | None = None, t0: float | None = None) -> Path:
    """Write tables + config.yaml + manifest.json into a new folder under `parent`, atomically; return it.

    With `t0` (a perf_counter start), the manifest's `timings_s.write` is the time since then.
    """
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True)
    stamp = stamp or datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    tmp = parent / f".tmp-{stamp}-{os.getpid()}"
    tmp.mkdir()
    try:
        for name, table in tables.items():
            table.to_csv(tmp / f"{name}.csv", index=False)
        (tmp / "config.yaml").write_text(yaml.safe_dump(cfg_dict, sort_keys=False))
        manifest = {**manifest, "tables": sorted(f"{n}.csv" for n in tables)}
        if t0 is not None and isinstance(manifest.get("timings_s"), dict):
            manifest["timings_s"] = {**manifest["timings_s"], "write": round(time.perf_counter() - t0, 4)}
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str))
        target = _unique_target(parent, stamp)
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def write_run(run: Run, out_dir: Path | None = None, extra: dict | None = None) -> Path:
    """Write the run folder and return its path. `extra` adds keys to the manifest."""
    t0 = time.perf_counter()
    parent = Path(out_dir if out_dir is not None else run.cfg.output_dir) / run.cfg.name
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    timings = dict(run.timings)
    manifest = {
        "model": run.cfg.name,
        "created_utc": stamp,
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
    }
    manifest.update(extra or {})
    return write_folder(parent, run.tables, manifest, config_to_dict(run.cfg), stamp, t0)


def read_manifest(run_dir: Path) -> dict:
    return json.loads((Path(run_dir) / MANIFEST).read_text())
