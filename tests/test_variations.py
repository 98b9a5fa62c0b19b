"""Parsing and applying --vary SPECs (ree_opt.variations) on the example dataset."""

from __future__ import annotations

import pytest

from ree_opt.config import load_config, resolve_raw
from ree_opt.data import load_dataset
from ree_opt.errors import ConfigError
from ree_opt.variations import apply_to_data, apply_variation, parse_variation
from tests.helpers import ROOT

EXAMPLE = ROOT / "models" / "example.yaml"


@pytest.fixture(scope="module")
def data():
    return load_dataset(ROOT / "data" / "example")


def test_parse_cell_values_and_factor():
    v = parse_variation("regions.cost_of_capital[region=china]=0.06,0.09")
    assert (v.table, v.column, v.mode, v.levels) == ("regions", "cost_of_capital", "values", (0.06, 0.09))
    assert v.selectors[0].column == "region" and v.selectors[0].values == ("china",)
    assert v.label(0.06) == "regions.cost_of_capital[region=china]=0.06"
    f = parse_variation("demand[case=base,region!=usa|japan]*0.8,1.2")
    assert (f.table, f.column, f.mode, f.levels) == ("demand", None, "factor", (0.8, 1.2))
    assert f.selectors[1].negate and f.selectors[1].values == ("usa", "japan")


def test_parse_config_key():
    v = parse_variation("discount_rate=0.03,0.07")
    assert (v.key, v.table, v.levels) == ("discount_rate", None, (0.03, 0.07))
    assert parse_variation("demand_case=base,high").levels == ("base", "high")


@pytest.mark.parametrize("spec, words", [
    ("regions.cost_of_capitl[region=china]=0.06", "no column 'cost_of_capitl'"),
    ("regions.cost_of_capital[regio=china]=0.06", "no column 'regio' to select on"),
    ("regionz.cost_of_capital[region=china]=0.06", "unknown table 'regionz'"),
    ("regions.cost_of_capital[region=china]", "found no '=' or '*'"),
    ("regions.cost_of_capital[region=china]*x", "factors must be numbers"),
    ("regions.name[region=china]=a", "not numeric"),
    ("demand[case=base]=3", "name the column to set"),
    ("regions.cost_of_capital[china]=0.06", "must read column=value"),
])
def test_parse_errors_are_one_clear_line(spec, words):
    with pytest.raises(ConfigError) as err:
        parse_variation(spec)
    assert words in str(err.value) and "\n" not in str(err.value) and spec in str(err.value)


def test_apply_values_touches_only_selected_rows(data):
    v = parse_variation("regions.cost_of_capital[region=china]=0.06,0.09")
    out = apply_to_data(data, v, 0.09)
    coc = dict(zip(out["regions"]["region"], out["regions"]["cost_of_capital"]))
    before = dict(zip(data["regions"]["region"], data["regions"]["cost_of_capital"]))
    assert coc["china"] == 0.09 and before["china"] == 0.07  # the input is not mutated
    assert {r: c for r, c in coc.items() if r != "china"} == {r: c for r, c in before.items() if r != "china"}
    assert out.digest != data.digest


def test_factor_over_all_numeric_columns_keeps_blanks(data):
    # example process_region_costs: china sep_full capex 40, var_cost 3, fixed_om blank
    out = apply_to_data(data, parse_variation("process_region_costs[region=china]*0.5"), 0.5)
    row = out["process_region_costs"].set_index("process").loc["sep_full"]
    assert row["capex"] == 20 and row["var_cost"] == 1.5 and row["fixed_om"] is None


def test_factor_on_demand_case(data):
    out = apply_to_data(data, parse_variation("demand[case=base]*1.2"), 1.2)
    assert out["demand"]["demand"].sum() == pytest.approx(1.2 * data["demand"]["demand"].sum())


@pytest.mark.parametrize("spec, level, words", [
    ("regions.cost_of_capital[region=mars]=0.06", 0.06, "matches no row of regions (region values: "),
    ("regions.cost_of_capital[region=china]=0.9", 0.9, "out of range"),
    ("deposits.max_capacity[deposit=bayan_obo]*2", 2.0, None),
])
def test_apply_errors(data, spec, level, words):
    v = parse_variation(spec)
    if words is None:  # bayan_obo has max_capacity 200 in the example: scaling works
        assert apply_to_data(data, v, level)["deposits"].set_index("deposit").at["bayan_obo", "max_capacity"] == 400
        return
    with pytest.raises(ConfigError, match=words.replace("(", r"\(")):
        apply_to_data(data, v, level)


def test_factor_on_blank_named_cell_is_an_error(data):
    v = parse_variation("deposits.capex[deposit=bayan_obo]*2")  # capex blank: the process's applies
    with pytest.raises(ConfigError, match="every selected cell of deposits is blank"):
        apply_to_data(data, v, 2.0)
    # blank cells among others stay blank (no limit): example reserves bayan_obo 44000, china_ionic_clay blank
    res = apply_to_data(data, parse_variation("deposits.reserves*2"), 2.0)["deposits"].set_index("deposit")["reserves"]
    assert res["bayan_obo"] == 88000 and res["china_ionic_clay"] is None


def test_config_key_values_and_factor(data):
    raw, cfg = resolve_raw(EXAMPLE), load_config(EXAMPLE)
    new_cfg, same = apply_variation(parse_variation("discount_rate*2"), 2.0, raw, cfg, data)
    assert new_cfg.discount_rate == pytest.approx(2 * cfg.discount_rate) and same is data
    new_cfg, _ = apply_variation(parse_variation("horizon.end=2040"), 2040, raw, cfg, data)
    assert new_cfg.horizon.end == 2040
    with pytest.raises(ConfigError, match="unknown model-file key 'discount_rat'"):
        apply_variation(parse_variation("discount_rat=0.1"), 0.1, raw, cfg, data)
