"""Bad input gets a clear error naming file, row, column, the bad value and what was expected."""

from __future__ import annotations

import shutil

import pytest

from tests.helpers import ROOT, one_mine_records
from ree_opt.data import dataset_from_records, load_dataset
from ree_opt.errors import DataError


@pytest.fixture()
def example_copy(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "example", folder)
    return folder


def replace_in(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def problems_of(folder) -> str:
    with pytest.raises(DataError) as err:
        load_dataset(folder)
    return str(err.value)


def test_example_dataset_is_valid_and_fully_sourced():
    data = load_dataset(ROOT / "data" / "example")
    assert data.warnings == ()
    assert len(data["regions"]) == 4


def test_bad_number_names_file_row_column_value_and_expectation(example_copy):
    replace_in(example_copy / "deposits.csv", "mountain_pass,usa,bastnasite,mining_hardrock,operating,1900", "mountain_pass,usa,bastnasite,mining_hardrock,operating,abc")
    msg = problems_of(example_copy)
    assert "deposits.csv row 3, column reserves" in msg
    assert "got 'abc'" in msg and "expected a number ≥ 0" in msg


def test_negative_value_is_out_of_range(example_copy):
    replace_in(example_copy / "existing_capacity.csv", "usa,mountain_pass,45", "usa,mountain_pass,-5")
    msg = problems_of(example_copy)
    assert "existing_capacity.csv row 3, column capacity: is out of range: got '-5'" in msg


def test_unknown_region_reference(example_copy):
    replace_in(example_copy / "deposits.csv", "mount_weld,australia,", "mount_weld,atlantis,")
    assert "deposits.csv row 4, column region: unknown region 'atlantis'" in problems_of(example_copy)


def test_composition_must_sum_to_one(example_copy):
    replace_in(example_copy / "feeds.csv", "bastnasite,la,0.25", "bastnasite,la,0.35")
    assert "shares of feed 'bastnasite' sum to 1.1" in problems_of(example_copy)


def test_feed_without_ore_commodity():
    rec = one_mine_records()
    rec["feeds"].append({"feed": "g", "element": "nd", "share": 1.0})
    with pytest.raises(DataError, match="feed 'g' has no commodity 'ore:g'"):
        dataset_from_records(rec)


def test_duplicate_key_and_unknown_column(example_copy):
    path = example_copy / "regions.csv"
    path.write_text(path.read_text() + "usa,United States again,allied,0.08,illustrative\n")
    msg = problems_of(example_copy)
    assert "regions.csv row 6: duplicate region = usa (first at row 3)" in msg
    replace_in(example_copy / "regions.csv", "cost_of_capital", "wacc")
    msg = problems_of(example_copy)
    assert "unknown column(s) wacc" in msg and "missing required column(s) cost_of_capital" in msg


def test_unknown_commodity_in_demand_and_wrong_field_count(example_copy):
    path = example_copy / "demand.csv"
    original = path.read_text()
    path.write_text(original + "base,usa,ev,magnet:unobtainium,2030,1,illustrative\n")
    assert "demand.csv row 14, column commodity: unknown commodity (not in commodities.csv) 'magnet:unobtainium'" in problems_of(example_copy)
    path.write_text(original + "base,usa,ev\n")
    assert "demand.csv row 14: expected 7 fields, got 3" in problems_of(example_copy)


def test_missing_required_table_and_unknown_table(example_copy):
    (example_copy / "regions.csv").unlink()
    (example_copy / "region.csv").write_text("x\n")
    msg = problems_of(example_copy)
    assert "regions.csv: required table is missing" in msg and "unknown table(s) region.csv" in msg


def test_process_without_recipe_and_unknown_source():
    rec = one_mine_records()
    rec["processes"].append({"process": "idle", "stage": "metal", "capex": 1, "lifetime": 5, "source": "nowhere"})
    with pytest.raises(DataError) as err:
        dataset_from_records(rec)
    assert "process 'idle' has no rows in process_io.csv" in str(err.value)
    assert "unknown source 'nowhere'" in str(err.value)


def test_demand_response_names_a_demand_sector_and_one_step_per_order():
    rec = one_mine_records()
    rec["demand_response"] = [
        {"sector": "s", "step": "thrift", "order": 1, "cost": 5.0, "max_share": 0.2},
        {"sector": "s", "step": "switch", "order": 1, "cost": 8.0, "max_share": 0.2},
        {"sector": "cars", "step": "loss", "order": 2, "max_share": 1.0},
    ]
    with pytest.raises(DataError) as err:
        dataset_from_records(rec)
    text = str(err.value)
    assert "demand_response.csv row 3, column order: order 1 of sector 's' is already step 'thrift'" in text
    assert "demand_response.csv row 4, column sector: 'cars' is not a sector of demand.csv" in text
