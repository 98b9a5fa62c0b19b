"""Each kind of report opened in headless Chromium: no console error, no network request, every figure
drawn with the traces the report built; a full-page screenshot is kept in <folder>/report/screenshots/.

Uses the system Chromium (Debian's `chromium` package) through playwright; playwright never downloads
a browser here. Skips, saying why, where there is none, unless REE_OPT_REQUIRE_BROWSER is set (CI).
"""

from __future__ import annotations

import json
import os
import shutil

import pandas as pd
import pytest

from ree_opt.report import KINDS, make_report
from ree_opt.report.charts import to_plotly

pytestmark = pytest.mark.browser

# per figure: the number of marks drawn (SVG paths of bars/lines/areas, Sankey links) and the SVG's size
FIGURES_JS = """() => Array.from(document.querySelectorAll('.plotly-graph-div')).map(d => {
  const box = d.querySelector('svg.main-svg').getBoundingClientRect();
  const marks = Array.from(d.querySelectorAll('.cartesianlayer .trace path, .sankey-link'))
      .filter(p => (p.getAttribute('d') || '').length > 6 && p.getAttribute('d') !== 'M0,0Z').length;
  return {id: d.id, traces: d.data.length, width: box.width, height: box.height, marks: marks};
})"""


def chromium() -> str | None:
    for name in (os.environ.get("REE_OPT_CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name) if name else None
        if path:
            return path
    return None


@pytest.fixture(scope="module")
def browser():
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "the playwright package is not installed (pip install -e '.[test]')"
    exe = chromium()
    if reason is None and exe is None:
        reason = "no Chromium on PATH (apt-get install chromium, or set REE_OPT_CHROMIUM to a Chrome/Chromium binary)"
    if reason:
        if os.environ.get("REE_OPT_REQUIRE_BROWSER"):
            pytest.fail(f"browser test required but {reason}")
        pytest.skip(reason)
    with sync_playwright() as p:
        # --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start
        b = p.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        yield b
        b.close()


def open_report(browser, path):
    """Load the page with every non-file request refused; return (page, console errors, refused requests)."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors, refused = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_function("Array.from(document.querySelectorAll('.plotly-graph-div')).every(d => d._fullLayout)")
    page.wait_for_timeout(300)  # Sankey links are drawn after the layout settles
    return page, errors, refused


@pytest.mark.parametrize("kind", list(KINDS))
def test_report_renders_every_figure_in_chromium(browser, result_folders, kind):
    folder = result_folders[kind]
    manifest = json.loads((folder / "manifest.json").read_text())
    expected = {c.name: len(to_plotly(c).data) for c in KINDS[kind](folder, manifest, None).charts}
    path = make_report(folder, static=False)
    page, errors, refused = open_report(browser, path)
    figures = {f["id"]: f for f in page.evaluate(FIGURES_JS)}
    shots = folder / "report" / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"{kind}.png"), full_page=True)
    page.close()
    assert errors == [] and refused == []
    assert {k: f["traces"] for k, f in figures.items()} == expected
    for f in figures.values():
        assert f["width"] > 300 and f["height"] > 200 and f["marks"] > 0, f
    assert (shots / f"{kind}.png").stat().st_size > 20_000


def test_run_report_draws_one_sankey_per_year_and_a_bar_per_stage_and_group(browser, result_folders):
    """Trace counts from the tables themselves: one Sankey per year of flows.csv (a menu picks it);
    capacity draws one bar trace per (stage, group) with capacity."""
    folder = result_folders["run"]
    page, errors, _ = open_report(browser, make_report(folder, static=False))
    figures = {f["id"]: f for f in page.evaluate(FIGURES_JS)}
    shown = page.evaluate("() => document.getElementById('flows').data.filter(t => t.visible === true).length")
    page.close()
    capacity = pd.read_csv(folder / "capacity.csv")
    assert figures["flows"]["traces"] == pd.read_csv(folder / "flows.csv")["year"].nunique() and shown == 1
    assert figures["capacity"]["traces"] == len(capacity.groupby(["stage", "group"]))
