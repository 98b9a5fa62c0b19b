"""Figures of sensitivity and MGA runs, as plain functions of their tables (matplotlib, no model)."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pandas as pd


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def tornado(table: pd.DataFrame, path: Path, title: str, unit: str = "") -> None:
    """Horizontal bars from each variation's low to high value (`tornado_table` columns), largest swing on top,
    a line at the base value; bar ends are labelled with the level that gave them."""
    plt = _pyplot()
    rows = table.iloc[::-1]  # largest swing at the top
    fig, ax = plt.subplots(figsize=(8, 1.4 + 0.55 * max(1, len(rows))))
    for y, row in enumerate(rows.itertuples()):
        ax.barh(y, row.high - row.low, left=row.low, color="tab:blue", alpha=0.7)
        if row.high - row.low <= 1e-9 * max(1.0, abs(row.high)):
            ax.annotate("no effect", (row.high, y), xytext=(3, 0), textcoords="offset points", ha="left", va="center", fontsize=7, color="grey")
            continue
        ax.annotate(str(row.low_level), (row.low, y), xytext=(-3, 0), textcoords="offset points", ha="right", va="center", fontsize=7)
        ax.annotate(str(row.high_level), (row.high, y), xytext=(3, 0), textcoords="offset points", ha="left", va="center", fontsize=7)
    if len(table):
        ax.axvline(float(table["base"].iloc[0]), color="black", linewidth=1, label="base")
    ax.set_yticks(range(len(rows)), [textwrap.fill(str(v), 40) for v in rows["variation"]], fontsize=8)
    ax.set_xlabel(unit)
    ax.set_title(title, fontsize=10)
    if len(table):
        lo = min(table["low"].min(), table["base"].iloc[0])
        hi = max(table["high"].max(), table["base"].iloc[0])
        pad = 0.2 * (hi - lo) or 0.05 * max(1e-9, abs(hi))  # room for the level labels
        ax.set_xlim(lo - pad, hi + pad)
    ax.grid(True, axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def range_vs_slack(ranges: pd.DataFrame, path: Path, title: str) -> None:
    """One panel per indicator: its min and max against the cost slack (%), the band between them
    shaded; slack 0 is the least-cost plan (`mga_ranges` columns: indicator, unit, slack, sense, value)."""
    plt = _pyplot()
    names = list(dict.fromkeys(ranges["indicator"]))
    cols = min(3, max(1, len(names)))
    nrows = math.ceil(len(names) / cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(4.2 * cols, 3.0 * nrows), squeeze=False)
    for ax, name in zip(axes.flat, names):
        part = ranges[ranges["indicator"] == name]
        opt = part[part["sense"] == "optimum"]
        lo = pd.concat([opt, part[part["sense"] == "min"]]).sort_values("slack")
        hi = pd.concat([opt, part[part["sense"] == "max"]]).sort_values("slack")
        ax.fill_between(100 * lo["slack"], lo["value"], hi.set_index("slack").loc[lo["slack"], "value"], alpha=0.3)
        ax.plot(100 * lo["slack"], lo["value"], marker="o", label="min")
        ax.plot(100 * hi["slack"], hi["value"], marker="o", label="max")
        ax.set_title(name, fontsize=9)
        ax.set_xlabel("cost slack, % above the optimum")
        ax.set_ylabel(str(part["unit"].iloc[0]))
        ax.grid(True, alpha=0.3)
    for ax in list(axes.flat)[len(names):]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=8)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
