"""Benchmark: build, hand-off, HiGHS and extraction time and peak memory by model size.

Each case runs in a fresh subprocess so that peak memory (ru_maxrss) belongs to that case only.
Sizes grow by replicating the regions of a dataset k times (every copy with its own deposits,
capacity and demand) and by annual instead of 5-year periods.

    python benchmarks/bench_build_solve.py                 # default cases, prints a Markdown table
    python benchmarks/bench_build_solve.py --model models/global.yaml --copies 1 2 4 --steps 5 1
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGION_COLUMNS = {"regions": ["region"], "deposits": ["region", "deposit"], "existing_capacity": ["region", "process"],
                  "projects": ["region", "process", "project"], "process_region_costs": ["region", "process"],
                  "demand": ["region"], "build_limits": ["region"], "transport": ["origin", "destination"]}


def replicated_records(folder: Path, copies: int) -> dict[str, list[dict]]:
    """The dataset's tables as records, with every region (and its deposits) copied `copies` times.

    Copies are named `<region>_<n>` (n = 1 … copies) and keep the original's group; rows that
    name no region (processes, commodities, wildcard routes) are kept once.
    """
    records = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8-sig") as handle:
            records[path.stem] = [dict(row) for row in csv.DictReader(handle)]
    if copies == 1:
        return records
    regions = {r["region"] for r in records["regions"]}
    deposits = {d["deposit"] for d in records.get("deposits", [])}
    renamed = regions | deposits
    for table, columns in REGION_COLUMNS.items():
        rows = records.get(table, [])
        local = [r for r in rows if any(r.get(c) in regions for c in ("region", "origin", "destination"))]
        out = [r for r in rows if r not in local]
        for n in range(1, copies + 1):
            for row in local:
                copy = dict(row)
                for c in columns:
                    if copy.get(c) in renamed or c == "project":
                        copy[c] = f"{copy[c]}_{n}"
                out.append(copy)
        records[table] = out
    return records


def run_case(model: str, copies: int, step: int) -> dict:
    """Run in this process (called in a subprocess): load, build, solve, extract; report figures."""
    from ree_opt.api import peak_memory_mb, run_model
    from ree_opt.config import load_config
    from ree_opt.data import dataset_from_records

    cfg = load_config(model, [f"horizon.step={step}"])
    data = dataset_from_records(replicated_records(Path(cfg.dataset), copies), origin=f"{cfg.dataset}×{copies}")
    run = run_model(cfg, data=data)
    return {
        "model": Path(model).stem, "copies": copies, "step": step, "periods": len(cfg.periods),
        "regions": len(data.regions), "columns": run.solve.size["columns"], "rows": run.solve.size["rows"],
        "nonzeros": run.solve.size["nonzeros"], "status": run.solve.status,
        **{f"{k}_s": round(v, 3) for k, v in run.timings.items() if k != "load"}, "peak_mb": round(peak_memory_mb(), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=str(ROOT / "models" / "example.yaml"))
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--steps", type=int, nargs="+", default=[5, 1])
    parser.add_argument("--out", type=Path, default=None, help="also write the rows as CSV here")
    parser.add_argument("--case", nargs=3, metavar=("MODEL", "COPIES", "STEP"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case[0], int(args.case[1]), int(args.case[2]))))
        return
    rows = []
    for copies in args.copies:
        for step in args.steps:
            proc = subprocess.run([sys.executable, __file__, "--case", args.model, str(copies), str(step)],
                                  capture_output=True, text=True, check=True)
            rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            print(f"done: {rows[-1]['model']} ×{copies} step {step}", file=sys.stderr)
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")
    if args.out:
        with args.out.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=keys)
            writer.writeheader()
            writer.writerows(rows)


if __name__ == "__main__":
    main()
