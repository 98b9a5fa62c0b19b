"""`ree-opt report`: the flow diagram's arithmetic, one self-contained page per folder kind, older folders."""

from __future__ import annotations

import json
import re
import shutil

import pandas as pd
import pytest

from ree_opt.errors import ReeOptError
from ree_opt.report import KINDS, detect_kind, make_report
from ree_opt.report import compare as compare_report
from ree_opt.report import stress as stress_report
from ree_opt.report.flows import sankey_links

FLOW_COLS = ["region", "process", "commodity", "year", "value"]
SHIP_COLS = ["commodity", "origin", "destination", "year", "value"]
USE_COLS = ["region", "commodity", "year", "value", "target_stage"]


def _links(flows, ships, uses):
    out = sankey_links(
        pd.DataFrame(flows, columns=FLOW_COLS),
        pd.DataFrame(ships, columns=SHIP_COLS),
        pd.DataFrame(uses, columns=USE_COLS),
        {"mine": "mining", "sep": "separation"},
        {"a": "g1", "b": "g2"},
        2030,
    )
    return {(s, t): v for s, t, v in zip(out["source"], out["target"], out["y"])}


def test_sankey_splits_each_use_over_local_supply_and_imports():
    # a mines 10 ore and ships 4 to b; b mines 2. a separates 6 ore into 6 oxide, all disposed;
    # b separates 3 ore into 3 oxide, all demanded.
    # a: kept = 10 − 4 = 6 ore, no imports → mining·g1 → separation·g1 = 6.
    # b: kept 2 + imported 4 = 6 ore available, 3 used → from a 3·4/6 = 2, from b 3·2/6 = 1.
    # oxide: a's 6 → surplus·g1, b's 3 → demand·g2.
    flows = [
        ("a", "mine", "ore", 2030, 10),
        ("a", "sep", "ore", 2030, -6),
        ("a", "sep", "oxide", 2030, 6),
        ("b", "mine", "ore", 2030, 2),
        ("b", "sep", "ore", 2030, -3),
        ("b", "sep", "oxide", 2030, 3),
        ("a", "mine", "ore", 2035, 99),
    ]  # another year: ignored
    links = _links(flows, [("ore", "a", "b", 2030, 4)], [("a", "oxide", 2030, 6, "surplus"), ("b", "oxide", 2030, 3, "demand")])
    assert links == pytest.approx(
        {
            ("mining · g1", "separation · g1"): 6,
            ("mining · g1", "separation · g2"): 2,
            ("mining · g2", "separation · g2"): 1,
            ("separation · g1", "surplus · g1"): 6,
            ("separation · g2", "demand · g2"): 3,
        }
    )


def test_sankey_supply_no_process_makes_comes_from_stocks():
    # b separates 5 scrap-like ore that no process made and nobody shipped: it can only come from stocks
    links = _links([("b", "sep", "ore", 2030, -5), ("b", "sep", "oxide", 2030, 5)], [], [("b", "oxide", 2030, 5, "demand")])
    assert links == pytest.approx({("stocks · g2", "separation · g2"): 5, ("separation · g2", "demand · g2"): 5})


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_gets_one_self_contained_page_with_a_png_per_figure(result_folders, kind):
    folder = result_folders[kind]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert detect_kind(folder, manifest) == kind
    page = KINDS[kind](folder, manifest, None)
    assert page.charts and not page.missing  # a folder the current code wrote has every table its report draws
    html = make_report(folder).read_text()
    # no network: plotly.js is inlined once, no script or stylesheet is fetched (plotly.js itself names
    # cdn.plot.ly only for map outlines, which no figure here draws)
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=", html) and html.count("<script type='text/javascript'>") == 1
    assert html.count("Plotly.newPlot(") == len(page.charts)
    for chart in page.charts:
        assert f'id="{chart.name}"' in html and (folder / "report" / f"{chart.name}.png").stat().st_size > 5000


def test_kind_of_an_older_folder_comes_from_its_tables(result_folders, tmp_path):
    for kind in ("compare", "stress", "stochastic", "pareto"):
        copy = shutil.copytree(result_folders[kind], tmp_path / kind)
        manifest = json.loads((copy / "manifest.json").read_text())
        manifest.pop("kind", None)
        assert detect_kind(copy, manifest) == kind


def test_a_run_folder_missing_tables_still_gets_a_report_that_says_so(result_folders, tmp_path):
    folder = shutil.copytree(result_folders["run"], tmp_path / "old")
    (folder / "flows.csv").unlink()
    (folder / "emissions.csv").unlink()
    html = make_report(folder, static=False).read_text()
    assert "Not in this folder" in html and "flows.csv, emissions.csv" in html
    assert 'id="capacity"' in html and 'id="flows"' not in html and not list((folder / "report").glob("*.png"))


def test_not_a_result_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ReeOptError, match="no manifest.json"):
        make_report(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(ReeOptError, match="manifest.json: not valid JSON"):
        make_report(tmp_path)


def test_compare_report_names_the_cost_of_exclusion_and_splits_it(result_folders):
    folder = result_folders["compare"]
    page = compare_report.page(folder, json.loads((folder / "manifest.json").read_text()))
    costs = pd.read_csv(folder / "costs.csv").set_index("model")
    (value,) = [v for label, v in page.summary if label == "example_china_ban: cost of exclusion (china)"]
    # the headline is the difference without true loss (its penalty is a price, shown apart)
    assert value.startswith(f"{costs.loc['example_china_ban', 'cost_without_true_loss_difference_to_first']:,.0f} MUSD")
    # removing China removes its demand too: a cost difference, not a cost of exclusion
    assert [label for label, _v in page.summary if label.startswith("example_ex_china: cost difference")] == [
        "example_ex_china: cost difference to example (china removed with its demand: not a cost of exclusion)"]
    # the parts of each bar add up to the difference of the totals in costs.csv
    (chart,) = [c for c in page.charts if c.name == "cost_difference"]
    assert chart.data["y"].sum() == pytest.approx(costs.loc[["example_china_ban", "example_ex_china"], "difference_to_first"].sum())
    assert list(chart.data["series"]) == ["supply cost", "demand response", "unmet penalty"] * 2  # one bar per model


def test_cost_parts_of_an_older_folder_without_demand_response():
    # before demand response, costs.csv had no cost_without_true_loss: the penalty is the unmet component's change
    costs = pd.DataFrame({"model": ["a", "b"], "unmet": [1.0, 31.0], "total": [10.0, 50.0], "difference_to_first": [0.0, 40.0]})
    parts = compare_report.cost_parts(costs, costs.iloc[1])
    assert parts == {"cost": 10.0, "supply cost": 10.0, "demand response": 0.0, "unmet penalty": 30.0}


def test_difference_is_called_cost_of_exclusion_only_for_a_ban_against_an_unconstrained_first_model():
    none, ban, removed = ([], []), ([], ["china"]), (["china"], [])
    assert compare_report.difference_name("b", "a", {"a": none, "b": ban}) == "cost of exclusion (china)"
    assert compare_report.difference_name("b", "a", {"a": ([], ["usa"]), "b": ban}) == "cost difference to a"
    assert compare_report.difference_name("b", "a", {"a": none, "b": removed}).endswith("not a cost of exclusion)")
    assert compare_report.difference_name("b", "a", {}) == "cost difference to a"  # run folders gone: no claim


def test_stress_extra_cost_parts_add_up_per_scenario(result_folders):
    summary = pd.read_csv(result_folders["stress"] / "stress_summary.csv")
    chart = stress_report.extra_cost_chart(summary)
    total = chart.data.groupby("x")["y"].sum()
    assert total.to_dict() == pytest.approx(dict(zip(summary["scenario"], summary["extra_cost"])))


def test_stacked_shares_fill_a_missing_year_with_zero_not_an_interpolation():
    from ree_opt.report.run import stage_group_chart

    # allied makes magnets only in 2030: its share is 0 in 2025 and 2035, and China's 1 there
    shares = pd.DataFrame(
        {
            "stage": "magnet",
            "group": ["china", "china", "china", "allied"],
            "year": [2025, 2030, 2035, 2030],
            "share": [1.0, 0.6, 1.0, 0.4],
        }
    )
    d = stage_group_chart(shares, "share", "shares", "t", "area", "share").data
    allied = d[d["series"] == "allied"].set_index("x")["y"]
    assert allied.to_dict() == {2025: 0.0, 2030: 0.4, 2035: 0.0}
    assert d.groupby("x")["y"].sum().tolist() == pytest.approx([1.0, 1.0, 1.0])


def test_self_sufficiency_of_the_bloc_for_every_model_even_the_one_that_models_only_that_bloc():
    ss = pd.DataFrame(
        {
            "model": ["a", "a", "b", "b"],
            "group": ["not:china", "world", "world", "allied"],
            "stage": "magnet",
            "self_sufficient_from": ["not by 2050", "2025", "2030", "2030"],
        }
    )
    lines = compare_report.self_sufficiency_lines(ss, ["a", "b"], {"a": [], "b": ["china"]})
    assert lines == [
        ("a: not:china self-sufficient from", "magnet not by 2050"),
        ("b: not:china (its whole world) self-sufficient from", "magnet 2030"),
    ]


def test_bars_keep_the_data_order_of_their_categories():
    from ree_opt.report.charts import Chart, to_plotly

    # the second series has the later category first: the axis must still read a, b, c
    d = pd.DataFrame({"x": ["a", "b", "c", "c", "a"], "series": ["s", "s", "s", "t", "t"], "y": 1.0})
    assert list(to_plotly(Chart("c", "t", "bar", d)).layout.xaxis.categoryarray) == ["a", "b", "c"]
