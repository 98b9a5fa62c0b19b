"""Write data/base plus these additions into another folder (for a trial run; data/base is untouched).

    python data/base_additions/merge.py /tmp/base_merged && ree-opt validate /tmp/base_merged
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
BASE = HERE.parent / "base"


def merge(target: Path) -> None:
    shutil.copytree(BASE, target, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    lumpy = pd.read_csv(HERE / "processes_lumpy.csv", dtype=str).set_index("process")
    for path in sorted(HERE.glob("*.csv")):
        if path.name == "processes_lumpy.csv":
            continue
        extra = pd.read_csv(path, dtype=str, keep_default_na=False)
        out = target / path.name
        if out.exists():
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


if __name__ == "__main__":
    merge(Path(sys.argv[1]))
