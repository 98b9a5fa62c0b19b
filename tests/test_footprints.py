"""Footprints from their causes (ree_opt.footprints): energy × carrier intensity + non-energy part,
per region, mode and period; every expected number is worked out by hand in the comment beside it."""

from __future__ import annotations

import pandas as pd
import pytest

from ree_opt.footprints import CarrierIntensity, footprints


def _tables() -> dict[str, pd.DataFrame]:
    return {
        "deposits": pd.DataFrame({"deposit": ["pit"], "process": ["mining_x"]}),
        "separation": pd.DataFrame({"process": ["sep"]}),
        "energy_use": pd.DataFrame({"process": ["sep", "sep", "mining_x"], "mode": ["*", "*", "*"],
                                    "carrier": ["electricity", "heat", "electricity"], "value": [10.0, 20.0, 4.0]}),
        "carrier_intensity": pd.DataFrame({"region": ["a", "a", "*", "b"], "carrier": ["electricity", "electricity", "heat", "electricity"],
                                           "year": [2020, 2040, 2020, 2020], "value": [500.0, 0.0, 50.0, 100.0]}),
        "route_emissions": pd.DataFrame({"process": ["sep", "sep", "sep", "sep"], "mode": ["*", "*", "f1", "f3"],
                                         "pollutant": ["co2e", "radioactive_residue", "radioactive_residue", "radioactive_residue"],
                                         "value": [3.0, 1.0, 2.85, 0.0]}),
        "feed_radionuclides": pd.DataFrame({"feed": ["f1"], "thorium": [5.5]}),
        "process_emissions": pd.DataFrame({"process": ["sep", "recycle", "recycle"], "region": ["*", "*", "b"],
                                           "pollutant": ["co2e", "co2e", "co2e"], "intensity": [27.6, 3.67, 2.0]}),
    }


MODES = {"sep": ["f1", "f2", "f3"], "recycle": ["default"], "pit": ["default"]}


def test_grid_interpolates_between_listed_years_and_is_flat_outside():
    ci = CarrierIntensity(_tables())
    # 500 g in 2020 → 0 in 2040: 2030 is halfway, 250; before 2020 and after 2040 flat
    assert ci("a", "electricity", 2030) == pytest.approx(250.0)
    assert ci("a", "electricity", 2010) == 500.0 and ci("a", "electricity", 2050) == 0.0
    # region c has no heat row of its own: the '*' row applies; no electricity row anywhere: 0
    assert ci("c", "heat", 2030) == 50.0 and ci("c", "electricity", 2030) == 0.0


def test_intensity_is_energy_times_carrier_intensity_plus_direct():
    g = footprints(_tables(), [("a", "sep"), ("b", "sep")], MODES, {2030: [2030], 2035: [2035, 2036, 2037, 2038, 2039]})
    # a, 2030: (10 MWh × 250 kg/MWh + 20 GJ × 50 kg/GJ)/1000 + 3 = 2.5 + 1 + 3 = 6.5 t/t
    assert g[("a", "sep", "f2", 2030)]["co2e"] == pytest.approx(6.5)
    # a, 2035-39: grid 125, 100, 75, 50, 25 → mean 75: (750 + 1000)/1000 + 3 = 4.75
    assert g[("a", "sep", "f2", 2035)]["co2e"] == pytest.approx(4.75)
    # b: a flat 100 g grid: (1000 + 1000)/1000 + 3 = 5.0 in every period — a cleaner grid, lower intensity
    assert g[("b", "sep", "f2", 2030)]["co2e"] == pytest.approx(5.0) == g[("b", "sep", "f2", 2035)]["co2e"]
    # the legacy 27.6 t/t for 'sep' is ignored once the process has energy rows


def test_holding_the_grid_flat_uses_the_first_year():
    g = footprints(_tables(), [("a", "sep")], MODES, {2030: [2030], 2035: [2035]}, hold_flat=True)
    # both periods take the 2030 grid (250 g): 6.5 t/t
    assert g[("a", "sep", "f2", 2035)]["co2e"] == pytest.approx(6.5) == g[("a", "sep", "f2", 2030)]["co2e"]


def test_residue_and_thorium_follow_the_feed():
    g = footprints(_tables(), [("a", "sep")], MODES, {2030: [2030]})
    f1, f2 = g[("a", "sep", "f1", 2030)], g[("a", "sep", "f2", 2030)]
    assert f1["radioactive_residue"] == 2.85 and f2["radioactive_residue"] == 1.0  # own row beats '*'
    assert f1["thorium"] == pytest.approx(0.0055)  # 5.5 kg Th per t REO = 0.0055 t/t
    assert "thorium" not in f2  # no figure for f2
    assert "radioactive_residue" not in g[("a", "sep", "f3", 2030)]  # explicit 0 beats '*'
    assert f1["co2e"] == f2["co2e"]  # the '*' co2e row still applies to a mode with its own residue row


def test_deposits_inherit_their_mining_process_and_legacy_totals_remain():
    g = footprints(_tables(), [("a", "pit"), ("a", "recycle"), ("b", "recycle")], MODES, {2030: [2030]})
    assert g[("a", "pit", "default", 2030)] == {"co2e": pytest.approx(4 * 250 / 1000)}  # 4 MWh × 250 g
    # recycling has no energy rows: process_emissions.csv, region row beats '*'
    assert g[("a", "recycle", "default", 2030)]["co2e"] == 3.67 and g[("b", "recycle", "default", 2030)]["co2e"] == 2.0
