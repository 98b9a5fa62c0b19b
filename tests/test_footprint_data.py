"""Footprint tables of issue 16 (energy by carrier, carrier intensity, route emissions, feed
thorium): the derived figures follow their stated formulas, and a bad reference fails with one
line naming file, row and column."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from ree_opt.data import load_dataset
from ree_opt.errors import DataError

BASE = Path(__file__).resolve().parents[1] / "data" / "base"


def _rows(name: str) -> list[dict]:
    with (BASE / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _value(name: str, **key) -> float:
    (row,) = [r for r in _rows(name) if all(r[k] == v for k, v in key.items())]
    return float(row["value"])


def test_china_separation_keeps_the_cited_total():
    # d_separation_direct: the non-energy part is Jiang et al.'s 27.6 t CO2/t less the energy CO2 on China's
    # 2023 carriers, so energy x China's intensities + direct must give back 27.6 (to table rounding).
    elec = _value("energy_use", process="separation", carrier="electricity")
    heat = _value("energy_use", process="separation", carrier="heat")
    grid = _value("carrier_intensity", region="china", carrier="electricity", year="2023")
    coal = _value("carrier_intensity", region="china", carrier="heat", year="2023")
    direct = _value("route_emissions", process="separation", mode="*", pollutant="co2e")
    assert grid == 582 and coal == 94.6
    assert (elec * grid + heat * coal) / 1000 + direct == pytest.approx(27.6, abs=2e-3)


def test_mountain_pass_energy_is_split_as_stated():
    # Pell: 70.88 GJ/t REO in all, 22.29 % flotation (electric); the rest half electricity, half heat.
    mining = _value("energy_use", process="mining_hardrock", carrier="electricity")
    sep_elec = _value("energy_use", process="separation", carrier="electricity")
    sep_heat = _value("energy_use", process="separation", carrier="heat")
    assert mining * 3.6 == pytest.approx(0.2229 * 70.88, abs=2e-3)
    assert (mining + sep_elec) * 3.6 + sep_heat == pytest.approx(70.88, abs=5e-3)


def test_electrolysis_from_faraday():
    # 3 electrons per Nd at 10 V and 75 % current efficiency: 3·96485·10/(0.14424·0.75) J/kg = 7.43 kWh/kg.
    assert _value("energy_use", process="metal_making", carrier="electricity") == pytest.approx(7.432, abs=1e-3)
    # anode: 1.5 mol CO2 per mol Nd = 1.5·44.01/144.24 t/t
    assert _value("route_emissions", process="metal_making", pollutant="co2e") == pytest.approx(0.458, abs=1e-3)


def test_every_region_has_a_grid_path_to_zero():
    regions = {r["region"] for r in _rows("regions")}
    grid = [r for r in _rows("carrier_intensity") if r["carrier"] == "electricity"]
    assert {r["region"] for r in grid} == regions
    assert all(any(float(r["value"]) == 0 for r in grid if r["region"] == reg) for reg in regions)


@pytest.mark.parametrize(
    ("table", "old", "new", "column"),
    [
        ("energy_use", "separation,*,heat", "separation,xenotime,heat", "mode"),
        ("route_emissions", "metal_making,*,co2e", "metal_smelting,*,co2e", "process"),
        ("carrier_intensity", "uk,electricity,2023", "scotland,electricity,2023", "region"),
        ("feed_radionuclides", "mt_weld,5.5", "mount_weld,5.5", "feed"),
    ],
)
def test_bad_reference_names_file_row_and_column(tmp_path, table, old, new, column):
    data = tmp_path / "base"
    shutil.copytree(BASE, data, ignore=shutil.ignore_patterns("*.py", "environment", "circularity", "__pycache__"))
    path = data / f"{table}.csv"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    row = next(i for i, line in enumerate(path.read_text().splitlines(), start=1) if line.startswith(new))
    with pytest.raises(DataError) as err:
        load_dataset(data)
    assert f"{table}.csv row {row}, column {column}" in str(err.value)


def test_global_intensities_differ_by_region_and_route_as_the_sources_say():
    # The default model's γ (ree_opt.footprints on data/base): separation in China vs Brazil in the 2025 period differs
    # only by energy: 7.65 MWh × (China − Brazil mean grid over the period's years) + 27.54 GJ × (94.6 coal − 56.1 gas) kg/GJ.
    # Grid means: China 582 → 0 over 2023-2060, Brazil 98 → 0 over 2023-2050, each linear: mean over the years of the
    # 2025 period (global.yaml is annual to 2029, so that is 2025 alone; with 5-year steps 2025..2029).
    from ree_opt.config import load_config
    from ree_opt.footprints import footprints
    from ree_opt.model.core import prepare_core

    core = prepare_core(load_config(BASE.parents[1] / "models" / "global.yaml"), load_dataset(BASE))
    years = {t: list(range(t, t + core.length[t])) for t in core.periods}
    g = footprints(core.data, core.units, core.modes, years)

    def grid(v23, zero_year):
        return sum(v23 * (zero_year - y) / (zero_year - 2023) for y in years[2025]) / len(years[2025])

    expected = (7.65 * (grid(582, 2060) - grid(98, 2050)) + 27.54 * (94.6 - 56.1)) / 1000
    china, brazil = g[("china", "separation", "bayan_obo", 2025)], g[("brazil", "separation", "bayan_obo", 2025)]
    assert china["co2e"] - brazil["co2e"] == pytest.approx(expected, abs=1e-3)
    # route: ionic-clay leaching (21.05 t/t, no grid part) vs hard-rock mining (4.389 MWh × China's grid)
    assert g[("china", "china_ionic_clay", "default", 2025)]["co2e"] == pytest.approx(21.05)
    assert g[("china", "bayan_obo", "default", 2025)]["co2e"] == pytest.approx(4.389 * grid(582, 2060) / 1000, abs=1e-3)
    # ore: thorium and residue follow the feed wherever it is separated
    assert g[("usa", "separation", "mt_weld", 2025)]["radioactive_residue"] == 2.85
    assert "radioactive_residue" not in g[("usa", "separation", "ionic_mixed", 2025)]
