"""Indicators as linear forms (ree_opt.indicators) agree with the result tables of a solved model."""

from __future__ import annotations

import pyomo.environ as pyo
import pytest

from ree_opt.errors import ConfigError
from ree_opt.indicators import default_indicators, indicator_terms, parse_indicator


def value(run, text):
    num, den = indicator_terms(run.instance.registry, run.core, parse_indicator(text))
    return pyo.value(num) / (1.0 if den is None else pyo.value(den))


def test_forms_equal_the_tables(example_run):
    # Two independent paths: the Pyomo expression of the indicator and the tidy tables of the run.
    shares = example_run.tables["group_shares"]
    for row in shares[shares["year"] == 2035].itertuples():
        assert value(example_run, f"share:{row.stage}:{row.group}:2035") == pytest.approx(row.share, abs=1e-9)
    out = example_run.tables["production_shares"]
    part = out[(out["stage"] == "magnet") & (out["group"] == "china") & (out["year"] == 2040)]
    assert value(example_run, "output:magnet:china:2040") == pytest.approx(part["value"].sum())
    cap = example_run.tables["capacity"]
    part = cap[(cap["stage"] == "separation") & (cap["group"] == "allied") & (cap["year"] == 2045)]
    assert value(example_run, "capacity:separation:allied:2045") == pytest.approx(part["value"].sum())
    rec = example_run.tables["recycled_share"]
    for row in rec[rec["commodity"].isin(["oxide:*", "magnet:*"])].itertuples():
        assert value(example_run, f"recycled:{row.commodity[:-2]}:*:{row.year}") == pytest.approx(row.share, abs=1e-9)


def test_parse_and_defaults():
    assert parse_indicator("recycled:oxide:2050").name == "recycled:oxide:*:2050"
    assert parse_indicator("capacity:magnet:allied:2035").unit == "kt/yr"
    names = [i.name for i in default_indicators([2025, 2030, 2035, 2040])]
    assert names[0] == "share:mining:china:2030" and len(names) == 10  # 2050 is not a period here
    with pytest.raises(ConfigError, match="stage 'smelting' is not one of"):
        parse_indicator("share:smelting:china:2040")
    with pytest.raises(ConfigError, match="unknown kind 'ratio'"):
        parse_indicator("ratio:magnet:china:2040")
