"""`ree-opt report DIR`: one self-contained interactive `report/report.html` for any result folder,
with a static PNG of each figure beside it.

The folder's kind comes from `manifest.json` (`kind`), else from the tables it holds. Each kind
is one function `page(folder, manifest, year) -> Page` in its own module; adding a kind is
adding it to KINDS (and to `detect_kind` if its older folders have no `kind`).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import ReeOptError
from . import compare, mga, pareto, run, sensitivity, stochastic, stress
from .page import write_page
from .static import to_png

KINDS = {
    "run": run.page,
    "compare": compare.page,
    "stress": stress.page,
    "stochastic": stochastic.page,
    "pareto": pareto.page,
    "sensitivity": sensitivity.page,
    "mga": mga.page,
}
# tables that identify a folder written before manifests named their kind
SIGNATURE = [
    ("pareto.csv", "pareto"),
    ("tornado.csv", "sensitivity"),
    ("mga_ranges.csv", "mga"),
    ("stress_summary.csv", "stress"),
    ("scenario_costs.csv", "stochastic"),
    ("self_sufficiency.csv", "compare"),
    ("capacity.csv", "run"),
    ("costs.csv", "run"),
]


def detect_kind(folder: Path, manifest: dict) -> str:
    if manifest.get("kind"):
        return str(manifest["kind"])
    return next((kind for table, kind in SIGNATURE if (folder / table).exists()), "unknown")


def make_report(folder: str | Path, year: int | None = None, static: bool = True) -> Path:
    """Write `folder/report/report.html` (and a PNG per figure unless `static` is False); return the page's path.

    `year` picks the year the flow diagram shows first (default: the last year)."""
    folder = Path(folder)
    path = folder / "manifest.json"
    if not path.exists():
        raise ReeOptError(f"{folder}: not a result folder (no manifest.json)")
    try:
        manifest = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise ReeOptError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    kind = detect_kind(folder, manifest)
    if kind not in KINDS:
        raise ReeOptError(f"{folder}: no report for a folder of kind {kind!r} (known: {', '.join(KINDS)})")
    page = KINDS[kind](folder, manifest, year)
    out = folder / "report"
    out.mkdir(exist_ok=True)
    for old in out.glob("*.png"):  # figures of an earlier report that this one may no longer draw
        old.unlink()
    pngs = {c.name: to_png(c, out / f"{c.name}.png").name for c in page.charts} if static else {}
    meta = "; ".join(
        [f"{kind} folder {folder}"]
        + [f"{label} {manifest[k]}" for k, label in (("created_utc", "created"), ("data_hash", "data hash")) if k in manifest]
    )
    return write_page(page, out / "report.html", meta, pngs)
