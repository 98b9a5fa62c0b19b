"""`ree-opt report RUN_DIR`: figures (PNG) and one HTML page from a run folder's CSV tables.

It reads only the run folder, so it works on any finished run, old or new.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen needed
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from .errors import ReeOptError  # noqa: E402

STAGES = ["mining", "separation", "metal", "magnet", "recycling"]


def _read(folder: Path, name: str) -> pd.DataFrame:
    path = folder / f"{name}.csv"
    return pd.read_csv(path) if path.exists() else pd.DataFrame()


def _save(fig, path: Path) -> str:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path.name


def _stage_panels(table: pd.DataFrame, value: str, kind: str, ylabel: str, path: Path, ylim: tuple | None = None) -> str | None:
    """One panel per stage: `value` by group over the years, as an area or stacked-bar chart."""
    if table.empty:
        return None
    stages = [s for s in STAGES if s in set(table["stage"])]
    groups = sorted(set(table["group"]))
    colours = {g: plt.get_cmap("tab10")(i % 10) for i, g in enumerate(groups)}  # one colour per group in every panel
    fig, axes = plt.subplots(1, len(stages), figsize=(3.2 * len(stages), 3.2), sharey=ylim is not None, squeeze=False)
    for ax, stage in zip(axes[0], stages):
        part = table[table["stage"] == stage].pivot_table(index="year", columns="group", values=value, aggfunc="sum").fillna(0)
        colour = [colours[g] for g in part.columns]
        if kind == "area":
            part.plot.area(ax=ax, legend=False, linewidth=0, color=colour)
        else:
            part.plot.bar(ax=ax, stacked=True, legend=False, width=0.8, color=colour)
        ax.set_title(stage)
        ax.set_xlabel("")
        if ylim:
            ax.set_ylim(*ylim)
    axes[0][0].set_ylabel(ylabel)
    handles = [plt.Rectangle((0, 0), 1, 1, color=colours[g]) for g in groups]
    axes[0][-1].legend(handles, groups, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8)
    return _save(fig, path)


def china_share_figure(shares: pd.DataFrame, out: Path) -> str | None:
    """Each stage's share of world output by group over time (Wu et al. 2023, Fig. 1, as a time series)."""
    return _stage_panels(shares, "share", "area", "share of world output", out / "shares_by_group.png", ylim=(0, 1))


def capacity_figure(capacity: pd.DataFrame, out: Path) -> str | None:
    return _stage_panels(capacity, "value", "bar", "capacity, kt/yr", out / "capacity_by_group.png")


def costs_figure(costs: pd.DataFrame, out: Path) -> str | None:
    if costs.empty:
        return None
    fig, ax = plt.subplots(figsize=(6, 3))
    part = costs[costs["value"].abs() > 0]
    ax.barh(part["component"], part["value"])
    ax.set_xlabel("MUSD, discounted")
    return _save(fig, out / "costs.png")


def marginal_cost_figure(mc: pd.DataFrame, out: Path) -> str | None:
    if mc.empty:
        return None
    part = mc[mc["commodity"].isin(["oxide:nd", "oxide:pr"]) | mc["commodity"].str.startswith("magnet:")]
    if part.empty:
        return None
    fig, ax = plt.subplots(figsize=(7, 3.5))
    for commodity, rows in part.groupby("commodity"):
        median = rows.groupby("year")["value"].median()
        ax.plot(median.index, median.values, marker="o", label=commodity)
    ax.set_ylabel("marginal cost, USD/kg (median over regions)")
    ax.legend(fontsize=8)
    return _save(fig, out / "marginal_costs.png")


def make_report(run_dir: str | Path) -> Path:
    """Write `report/` inside the run folder (PNG figures and index.html); return the HTML path."""
    folder = Path(run_dir)
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        raise ReeOptError(f"{folder}: not a run folder (no manifest.json)")
    manifest = json.loads(manifest_path.read_text())
    if "status" not in manifest or "objective_musd" not in manifest or (folder / "scenario_costs.csv").exists():
        raise ReeOptError(f"{folder}: report draws a single deterministic run folder (from `ree-opt run`); "
                          "this looks like a stress, Pareto, comparison or stochastic folder")
    out = folder / "report"
    out.mkdir(exist_ok=True)
    figures = [
        ("Share of each stage's output by group", china_share_figure(_read(folder, "production_shares"), out)),
        ("Capacity by stage and group", capacity_figure(_read(folder, "capacity"), out)),
        ("Cost components", costs_figure(_read(folder, "costs"), out)),
        ("Marginal costs of NdPr oxide and magnets", marginal_cost_figure(_read(folder, "marginal_costs"), out)),
    ]
    unmet = _read(folder, "unmet_demand")
    unmet_html = "<p>No unmet demand.</p>"
    if not unmet.empty and unmet["value"].sum() > 1e-6:
        table = unmet[unmet["value"] > 1e-6].pivot_table(index=["region", "commodity"], columns="year", values="value", aggfunc="sum")
        unmet_html = table.round(3).to_html()
    items = "".join(f"<h2>{html.escape(title)}</h2><img src='{name}'>" for title, name in figures if name)
    page = (
        f"<html><head><meta charset='utf-8'><title>{html.escape(manifest['model'])}</title></head><body>"
        f"<h1>{html.escape(manifest['model'])}: {html.escape(str(manifest['status']))}</h1>"
        f"<p>Objective {manifest['objective_musd']:,.1f} MUSD (discounted); data hash {manifest['data_hash']}; "
        f"created {manifest['created_utc']}.</p>{items}<h2>Unmet demand, kt/yr</h2>{unmet_html}</body></html>"
    )
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index
