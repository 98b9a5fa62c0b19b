"""One self-contained HTML page: plotly.js and every figure's data inlined, so it opens with no network."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from plotly.offline import get_plotlyjs

from .charts import Chart, to_plotly

CSS = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1180px; padding: 0 16px 40px; color: #222; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.15em; margin: 1.6em 0 0.3em; }
.meta, .note, .missing { color: #666; font-size: 0.9em; }
table.summary { border-collapse: collapse; margin: 0.8em 0; }
table.summary td { padding: 3px 12px 3px 0; border-bottom: 1px solid #eee; }
table.summary td.v { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.figure { width: 100%; overflow: hidden; }
"""


@dataclass
class Page:
    """What a folder kind's report shows: a title, the answer in a few numbers, the figures."""

    title: str
    summary: list[tuple[str, str]]
    charts: list[Chart] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # tables this folder lacks (e.g. an older run)
    question: str = ""  # the folder's question, in one sentence, shown above the summary

    def add(self, chart: Chart | None, needs: str = "") -> None:
        """Add a chart; a None chart records `needs` (the table it would have been drawn from) as missing."""
        if chart is not None:
            self.charts.append(chart)
        elif needs:
            self.missing.append(needs)


def read(folder: Path, name: str) -> pd.DataFrame:
    """A result table, or an empty frame when the folder has none (older folders lack some tables)."""
    path = Path(folder) / f"{name}.csv"
    return pd.read_csv(path) if path.exists() else pd.DataFrame()


def musd(value: float) -> str:
    return f"{value:,.0f} MUSD"


def num(value: float) -> str:
    """A number as people read it: thousands separated and whole from 1,000, else four significant digits."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def _figure_html(chart: Chart, png: str | None) -> str:
    div = to_plotly(chart).to_html(
        full_html=False, include_plotlyjs=False, div_id=chart.name, config={"responsive": True, "displaylogo": False}
    )
    links = f" <a href='{html.escape(png)}'>PNG</a>" if png else ""
    note = f"<p class='note'>{html.escape(chart.note)}{links}</p>" if chart.note or links else ""
    return f"<h2>{html.escape(chart.title)}</h2><div class='figure'>{div}</div>{note}"


def write_page(page: Page, path: Path, meta: str, pngs: dict[str, str]) -> Path:
    """Write the page; `pngs` maps chart name → static image file name (linked under each figure)."""
    rows = "".join(f"<tr><td>{html.escape(k)}</td><td class='v'>{html.escape(v)}</td></tr>" for k, v in page.summary)
    missing = ""
    if page.missing:
        missing = f"<p class='missing'>Not in this folder (an older run?): {html.escape(', '.join(page.missing))}.</p>"
    body = "".join(_figure_html(c, pngs.get(c.name)) for c in page.charts)
    text = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(page.title)}</title><style>{CSS}</style>"
        f"<script type='text/javascript'>{get_plotlyjs()}</script></head><body>"
        f"<h1>{html.escape(page.title)}</h1><p class='meta'>{html.escape(meta)}</p>"
        f"<p>{html.escape(page.question)}</p><table class='summary'>{rows}</table>{missing}{body}</body></html>"
    )
    path.write_text(text, encoding="utf-8")
    return path
