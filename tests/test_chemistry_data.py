"""Loader checks of the issue-11 tables (blends, markets, collection_tiers) on a copy of data/base:
each bad row is reported with file, row and column."""

from __future__ import annotations

import shutil

import pytest

from ree_opt.data import load_dataset
from ree_opt.errors import DataError
from tests.helpers import ROOT


@pytest.fixture()
def base_copy(tmp_path):
    folder = tmp_path / "base"
    shutil.copytree(ROOT / "data" / "base", folder, ignore=shutil.ignore_patterns("*.py", "circularity", "*.md"))
    return folder


def problems_after(folder, table: str, old: str, new: str) -> str:
    path = folder / f"{table}.csv"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(DataError) as err:
        load_dataset(folder)
    return str(err.value)


def test_recipe_outside_its_blend_bounds_is_named(base_copy):
    # the 'std' recipe (electronics) takes 0.319301 kt Nd and 0.103145 kt Pr metal per kt of magnet
    # (process_io.csv; Nd:Pr of the 2024 ore, d_recipes): Pr at 0.103145 / 0.422446 = 24.42 % of Nd+Pr;
    # a 20 % ceiling excludes it
    msg = problems_after(base_copy, "blends", "magnet_sintered,*,ndpr,metal:pr,1.0,0.016,0.25", "magnet_sintered,*,ndpr,metal:pr,1.0,0.016,0.2")
    assert "blends.csv row 3, column min_share: the process_io recipe of magnet_sintered/electronics has 0.2442 " in msg
    assert "magnet_sintered/ev" not in msg  # EV's 13.1 % is inside


def test_blend_bounds_that_cannot_add_to_one(base_copy):
    path = base_copy / "blends.csv"
    path.write_text(path.read_text().replace("magnet_sintered,*,hree,metal:dy,1.0,0.0,1.0", "magnet_sintered,*,hree,metal:dy,1.0,0.0,0.5"))
    # Dy ≤ 0.5 and Tb ≤ 0.4 of the group's mass: no blend adds up to 1
    msg = problems_after(base_copy, "blends", "magnet_sintered,*,hree,metal:tb,1.9,0.0,1.0", "magnet_sintered,*,hree,metal:tb,1.9,0.0,0.4")
    assert "blends.csv row 4, column min_share: shares of group 'hree' of magnet_sintered/* cannot add up to 1" in msg


def test_unknown_mode_commodity_market_and_sector(base_copy):
    assert "blends.csv row 2, column mode: process 'magnet_sintered' has no mode 'cars'" in problems_after(
        base_copy, "blends", "magnet_sintered,*,ndpr,metal:nd", "magnet_sintered,cars,ndpr,metal:nd")


def test_market_and_tier_references(base_copy):
    assert "markets.csv row 2, column commodity: unknown commodity 'oxide:sm'" in problems_after(base_copy, "markets", "china,oxide:la", "china,oxide:sm")
    assert "collection_tiers.csv row 2, column sector: sector 'ships' has no lifetime" in problems_after(
        base_copy, "collection_tiers", "wind,*,1", "ships,*,1")


@pytest.mark.parametrize("carrier, message", [
    ("scrap:swarf_xx", "blends.csv row 2, column carried_by: unknown commodity 'scrap:swarf_xx'"),
    ("oxide:nd", "blends.csv row 2, column carried_by: 'oxide:nd' is not an output of magnet_sintered/ev in process_io.csv"),
])
def test_bad_carrier_of_a_blend_is_named(base_copy, carrier, message):
    # carried_by must be a known commodity and an output of every mode the row names ('*': all of them)
    assert message in problems_after(base_copy, "blends", "0.984,scrap:swarf_nd,", f"0.984,{carrier},")


def test_carrier_of_an_input_the_recipe_lacks_is_named():
    # the plant's recipe takes no Tb, so f = a[carrier] / (−a[metal:tb]) has no value
    from ree_opt.data import dataset_from_records
    from tests.helpers import market_records, with_magnet_plant

    rec = with_magnet_plant(market_records({"dy": 1.0, "tb": 1.0}), {"x": {"metal:dy": -0.02}})
    rec["blends"] = [{"process": "mk", "group": "hree", "commodity": "metal:dy"},
                     {"process": "mk", "group": "hree", "commodity": "metal:tb", "weight": 1.9, "carried_by": "magnet:x"}]
    with pytest.raises(DataError) as err:
        dataset_from_records(rec)
    assert "column carried_by: the recipe of mk/x takes none of what 'magnet:x' carries" in str(err.value)
