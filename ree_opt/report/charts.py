"""One figure, described once as data (`Chart`), drawn twice: interactive (plotly) and static (matplotlib).

A `Chart` holds a tidy table with columns `x`, `y` and optionally `series` (one colour each,
the same colour in every panel) and `facet` (one panel each). Kinds:
  line, area (stacked), bar (stacked; negatives below zero), group_bar, hbar (x = category, y = value),
  sankey (columns source, target, y; `facet` = one
  selectable frame each, e.g. a year; `default` picks the frame shown first).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

PALETTE = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
# the same colour for a group (or for served/unmet) in every figure; other series take the palette in order
FIXED = {"china": "#d62728", "allied": "#1f77b4", "other": "#7f7f7f", "served": "#1f77b4", "unmet": "#d62728"}
KINDS = ("line", "area", "bar", "group_bar", "hbar", "sankey")


@dataclass(frozen=True)
class Chart:
    name: str  # file stem of the static image and id of the figure's div
    title: str
    kind: str
    data: pd.DataFrame
    xlabel: str = ""
    ylabel: str = ""
    note: str = ""  # one line under the figure: what it shows, how to read it
    default: object = None  # sankey: the frame shown first
    order: list = field(default_factory=list)  # facet order (else as found)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"chart kind {self.kind!r} is not one of {KINDS}")

    def facets(self) -> list:
        if "facet" not in self.data:
            return [None]
        found = list(dict.fromkeys(self.data["facet"]))
        return [f for f in self.order if f in found] + [f for f in found if f not in self.order]

    def series(self) -> list:
        return list(dict.fromkeys(self.data["series"])) if "series" in self.data else [None]

    def colours(self) -> dict:
        free = [c for c in PALETTE if c not in FIXED.values()]
        rest = [s for s in self.series() if s not in FIXED]
        return {s: FIXED.get(s) or free[rest.index(s) % len(free)] for s in self.series()}

    def rows(self, facet, series) -> pd.DataFrame:
        d = self.data
        if facet is not None:
            d = d[d["facet"] == facet]
        if series is not None:
            d = d[d["series"] == series]
        return d


def grid(n: int) -> tuple[int, int]:
    """Panels per row at most 3, so a five-stage figure is two rows, not five squeezed columns."""
    cols = min(n, 3)
    return math.ceil(n / cols), cols


def sankey_layout(part: pd.DataFrame) -> tuple[dict, dict, dict]:
    """Node → column (rank), top and height: columns by rank, nodes stacked with their throughput and a small gap."""
    rank = {**dict(zip(part["source"], part["source_rank"])), **dict(zip(part["target"], part["target_rank"]))}
    size = {n: max(part.loc[part["source"] == n, "y"].sum(), part.loc[part["target"] == n, "y"].sum()) for n in rank}
    gap = 0.03 * max(1e-9, max(sum(v for n, v in size.items() if rank[n] == r) for r in set(rank.values())))
    top: dict = {}
    for r in sorted(set(rank.values())):
        y = 0.0
        for n in sorted(n for n in rank if rank[n] == r):
            top[n], y = y, y + size[n] + gap
    return rank, top, size


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _trace(chart: Chart, part: pd.DataFrame, series, colour: str, show_legend: bool, facet):
    name = "" if series is None else str(series)
    common = dict(name=name, legendgroup=name, showlegend=show_legend and series is not None)
    if chart.kind in ("line", "area"):
        extra = dict(stackgroup=str(facet), line=dict(width=0.5)) if chart.kind == "area" else dict(mode="lines+markers")
        return go.Scatter(x=part["x"], y=part["y"], line_color=colour, **extra, **common)
    if chart.kind == "hbar":
        return go.Bar(x=part["y"], y=part["x"], orientation="h", marker_color=colour, **common)
    return go.Bar(x=part["x"], y=part["y"], marker_color=colour, **common)


def _sankey(chart: Chart) -> go.Figure:
    """One Sankey trace per frame, a dropdown to pick the frame (the others hidden)."""
    frames = chart.facets()
    default = chart.default if chart.default in frames else frames[0]
    fig = go.Figure()
    for frame in frames:
        part = chart.rows(frame, None)
        rank, top, size = sankey_layout(part)
        nodes = list(rank)
        index = {n: i for i, n in enumerate(nodes)}
        height, last = max(top[n] + size[n] for n in nodes) or 1.0, max(rank.values()) or 1
        group = {n: n.split(" · ")[-1] for n in nodes}  # nodes are "<stage> · <group>": colour by group
        palette = Chart("", "", "bar", pd.DataFrame({"series": sorted(set(group.values()))})).colours()
        fig.add_trace(
            go.Sankey(
                visible=frame == default,
                valueformat=".1f",
                valuesuffix=" kt",
                arrangement="snap",
                node=dict(
                    label=nodes,
                    pad=12,
                    thickness=14,
                    color=[palette[group[n]] for n in nodes],
                    x=[0.01 + 0.98 * rank[n] / last for n in nodes],
                    y=[0.01 + 0.98 * (top[n] + size[n] / 2) / height for n in nodes],
                ),
                link=dict(
                    source=[index[s] for s in part["source"]],
                    target=[index[t] for t in part["target"]],
                    value=list(part["y"]),
                    color=[_rgba(palette[group[s]], 0.35) for s in part["source"]],
                ),
            )
        )
    fig.update_layout(height=600)
    if len(frames) > 1:
        buttons = [dict(label=str(f), method="update", args=[{"visible": [g == f for g in frames]}]) for f in frames]
        fig.update_layout(updatemenus=[dict(buttons=buttons, active=frames.index(default), x=0, y=1.12, xanchor="left")])
    return fig


def to_plotly(chart: Chart) -> go.Figure:
    """The interactive figure: panels per facet, one trace per (facet, series), a shared legend."""
    if chart.kind == "sankey":
        fig = _sankey(chart)
    else:
        facets = chart.facets()
        nrows, ncols = grid(len(facets))
        titles = [str(f) for f in facets] if facets != [None] else None
        fig = make_subplots(rows=nrows, cols=ncols, subplot_titles=titles, shared_yaxes=chart.kind == "area")
        colours, seen = chart.colours(), set()
        for k, facet in enumerate(facets):
            for series in chart.series():
                part = chart.rows(facet, series)
                if part.empty:
                    continue
                fig.add_trace(
                    _trace(chart, part, series, colours[series], series not in seen, facet), row=k // ncols + 1, col=k % ncols + 1
                )
                seen.add(series)
        fig.update_layout(
            barmode={"bar": "relative", "group_bar": "group", "hbar": "group"}.get(chart.kind, "relative"),
            height=320 * nrows + 60,
        )
        if chart.kind in ("bar", "group_bar") and not pd.api.types.is_numeric_dtype(
            chart.data["x"]
        ):  # categories in the data's order, not the traces'
            fig.update_xaxes(categoryorder="array", categoryarray=list(dict.fromkeys(chart.data["x"])))
        xlabel, ylabel = (chart.ylabel, chart.xlabel) if chart.kind == "hbar" else (chart.xlabel, chart.ylabel)
        fig.update_xaxes(title_text=xlabel, row=nrows)
        fig.update_yaxes(title_text=ylabel, col=1)
    fig.update_layout(margin=dict(l=60, r=20, t=60, b=50), template="plotly_white", legend=dict(orientation="v"))
    return fig
