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


def write(kind: str, parent: Path, tables: dict, manifest: dict, cfg=None, data=None,
          files: dict[str, str] | None = None, figures: dict | None = None) -> Path:
    """Write one folder of any kind (run, compare, stress, stochastic, pareto, …) atomically; return its path.

    Every folder holds its tables as CSV, `config.yaml` (when a model file is behind it), extra
    text `files`, `figures` (name → function drawing into a path) and `manifest.json` with the
    same common fields: kind, model, created_utc, dataset, data_hash, versions, tables, figures,
    then the kind's own fields (status, objective, timings, …).
    """
    t0 = time.perf_counter()
    folder = AtomicFolder(parent)
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
    return write("run", parent, run.tables, manifest, cfg=run.cfg, data=run.data, files=files)


def read_manifest(run_dir: Path) -> dict:
    return json.loads((Path(run_dir) / MANIFEST).read_text())
