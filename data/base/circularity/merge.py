"""Merge the circularity, environment and lumpy-investment tables of this folder into a dataset
folder that `../build_tables.py` has just written (it calls `merge_into` last).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent


def merge_into(target: Path, base_tables: set[str]) -> None:
    """Append this folder's rows to the `base_tables` just written in `target`; other tables are copied."""
    lumpy = pd.read_csv(HERE / "processes_lumpy.csv", dtype=str).set_index("process")
    for path in sorted(HERE.glob("*.csv")):
        if path.name == "processes_lumpy.csv":
            continue
        extra = pd.read_csv(path, dtype=str, keep_default_na=False)
        out = target / path.name
        if path.name in base_tables:
            base = pd.read_csv(out, dtype=str, keep_default_na=False)
            key = base.columns[0]
            extra = extra[~extra[key].isin(base[key])] if path.name == "sources.csv" else extra
            merged = pd.concat([base, extra], ignore_index=True).fillna("")
        else:
            merged = extra
        if path.name == "processes.csv":
            for col in ("module_size", "min_size"):
                merged[col] = [lumpy[col].get(p, "") if v == "" and p in lumpy.index else v for p, v in zip(merged["process"], merged[col])]
                merged[col] = merged[col].fillna("")
        merged.to_csv(out, index=False)


