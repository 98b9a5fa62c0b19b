"""Static PNG of a `Chart` with matplotlib (no browser, no network), for papers and slides."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen needed
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.patches import PathPatch, Rectangle  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402

from .charts import Chart, grid, sankey_layout  # noqa: E402


def _draw(ax, chart: Chart, facet, colours: dict) -> None:
    xs = list(dict.fromkeys(chart.rows(facet, None)["x"]))
    if chart.kind in ("line", "area"):  # a numeric axis: in order (bars keep the data's category order)
        xs = sorted(xs)
    pos = {x: i for i, x in enumerate(xs)}
    bottom, below, series = np.zeros(len(xs)), np.zeros(len(xs)), chart.series()  # stacks above and below zero
    width = 0.8 / max(1, len(series)) if chart.kind == "group_bar" else 0.8
    for k, s in enumerate(series):
        part = chart.rows(facet, s)
        if part.empty:
            continue
        y = np.zeros(len(xs))
        for x, v in zip(part["x"], part["y"]):
            y[pos[x]] += v
        label, c = (None if s is None else str(s)), colours[s]
        if chart.kind == "line":
            ax.plot(part["x"], part["y"], marker="o", color=c, label=label)
        elif chart.kind == "area":
            ax.fill_between(xs, bottom, bottom + y, color=c, label=label, linewidth=0)
            bottom = bottom + y
        elif chart.kind == "hbar":  # several series side by side, as plotly's grouped bars
            height = 0.8 / len(series)
            ax.barh(np.arange(len(xs)) + (k - (len(series) - 1) / 2) * height, y, height, color=c, label=label)
            ax.set_yticks(np.arange(len(xs)), [str(x) for x in xs])
        else:
            offset = (k - (len(series) - 1) / 2) * width if chart.kind == "group_bar" else 0.0
            base = np.where(y >= 0, bottom, below) if chart.kind == "bar" else 0.0
            ax.bar(np.arange(len(xs)) + offset, y, width, bottom=base, color=c, label=label)
            if chart.kind == "bar":
                bottom, below = bottom + np.maximum(y, 0), below + np.minimum(y, 0)
            long = len(xs) > 8 or max(len(str(x)) for x in xs) > 8
            ax.set_xticks(np.arange(len(xs)), [str(x) for x in xs], rotation=45 if long else 0, ha="right" if long else "center")


def _band(ax, x0, y0, x1, y1, h, colour) -> None:
    """A link of thickness h from (x0, y0) to (x1, y1) (bottom edges), as a filled S-curve."""
    mid = (x0 + x1) / 2
    verts = [(x0, y0), (mid, y0), (mid, y1), (x1, y1), (x1, y1 + h), (mid, y1 + h), (mid, y0 + h), (x0, y0 + h), (x0, y0)]
    codes = [MplPath.MOVETO] + [MplPath.CURVE4] * 3 + [MplPath.LINETO] + [MplPath.CURVE4] * 3 + [MplPath.CLOSEPOLY]
    ax.add_patch(PathPatch(MplPath(verts, codes), facecolor=colour, alpha=0.35, linewidth=0))


def _sankey(ax, chart: Chart) -> None:
    """Nodes in columns by rank, stacked with their throughput; links as bands in between."""
    frames = chart.facets()
    part = chart.rows(chart.default if chart.default in frames else frames[0], None)
    rank, top, size = sankey_layout(part)
    for n in rank:
        ax.add_patch(Rectangle((rank[n] - 0.04, top[n]), 0.08, size[n], color="0.3"))
        ax.annotate(n, (rank[n] + 0.06, top[n] + size[n] / 2), fontsize=7, va="center")
    out_used, in_used = {}, {}
    groups = sorted({n.split(" · ")[-1] for n in top})  # nodes are "<stage> · <group>": colour by group
    palette = Chart("", "", "bar", pd.DataFrame({"series": groups})).colours()
    colour = {n: palette[n.split(" · ")[-1]] for n in top}
    links = list(zip(part["source"], part["target"], part["y"]))
    # bands leave a node in the order of their targets' heights and enter in the order of their sources': fewer crossings
    out_at, in_at = {}, {}
    for s, t, v in sorted(links, key=lambda k: (top[k[1]], top[k[0]])):
        out_at[(s, t)], out_used[s] = top[s] + out_used.get(s, 0.0), out_used.get(s, 0.0) + v
    for s, t, v in sorted(links, key=lambda k: (top[k[0]], top[k[1]])):
        in_at[(s, t)], in_used[t] = top[t] + in_used.get(t, 0.0), in_used.get(t, 0.0) + v
    for s, t, v in links:
        _band(ax, rank[s] + 0.04, out_at[(s, t)], rank[t] - 0.04, in_at[(s, t)], v, colour[s])
    ax.set_xlim(-0.2, max(rank.values()) + 0.8)
    ax.set_ylim(max(top[n] + size[n] for n in rank) * 1.02, 0)
    ax.axis("off")


def to_png(chart: Chart, path: Path) -> Path:
    """Write the chart as a PNG; panels per facet, one legend for the series."""
    if chart.kind == "sankey":
        fig, ax = plt.subplots(figsize=(10, 6))
        _sankey(ax, chart)
    else:
        facets = chart.facets()
        nrows, ncols = grid(len(facets))
        fig, axes = plt.subplots(
            nrows,
            ncols,
            figsize=(3.6 * ncols + 1.8, 3.2 * nrows),
            squeeze=False,
            sharey=chart.kind == "area",
            layout="constrained",
        )
        colours = chart.colours()
        for k, facet in enumerate(facets):
            ax = axes[k // ncols][k % ncols]
            _draw(ax, chart, facet, colours)
            ax.set_title("" if facet is None else str(facet), fontsize=9)
            ax.set_xlabel(chart.ylabel if chart.kind == "hbar" else chart.xlabel, fontsize=8)
            if k % ncols == 0:
                ax.set_ylabel("" if chart.kind == "hbar" else chart.ylabel, fontsize=8)
        for k in range(len(facets), nrows * ncols):
            axes[k // ncols][k % ncols].axis("off")
        if chart.series() != [None]:
            handles = [Rectangle((0, 0), 1, 1, color=colours[s]) for s in chart.series()]
            fig.legend(handles, [str(s) for s in chart.series()], loc="outside right center", fontsize=8)
    shown = f" ({chart.default})" if chart.kind == "sankey" and chart.default is not None else ""
    fig.suptitle(chart.title + shown, fontsize=11)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path
