"""Write the proposed additions to `data/base/` for circularity, environment and lumpy investment.

Run `python data/base/circularity/build_additions.py`; it rewrites the CSV files beside it. Every
number is a figure from a source in `sources.csv` (F in ../shared/reference), derived from such
figures by the formula next to it (D), or a stated assumption (a_*). `merge.py` writes
data/base + these additions into another folder for a trial run.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent

# --- lifetimes (van_nielen_weibull, F): scale yr, shape -------------------------------------------
LIFETIMES = {
    "ev": (15.5, 3.6, "Cars BEV/PHEV/HEV"),
    "wind": (24.7, 3.0, "Wind turbines"),
    "electronics": (6.57, 1.6, "Laptops (proxy for consumer electronics; HDD 5.91/1.25, smartphones 6.26/1.56)"),
    "other": (16.7, 1.5, "Industrial motors / machines"),
}

# --- collection: today's rate, held flat (a_collection_now) ----------------------------------------
COLLECTION_NOW = 0.01

# --- historical consumption (d_historical_consumption) ---------------------------------------------
RE_CONTENT, SCRAP_SHARE = 0.31, 0.275  # yang2017; argus_recycling_2025 (as in data/base d_demand_magnets)
FINISHED_PER_KT_REE = (1 - SCRAP_SHARE) / RE_CONTENT  # kt finished magnet per kt of RE taken in
TOTAL_FINISHED = {  # kt finished magnet per year
    1995: 0.0,  # a_history_start
    2010: 98.2 * (1 - SCRAP_SHARE),  # world sintered NdFeB (blanks) 98.2 kt, chinaorg_2013_ndfeb2010
    2021: 78.0 * FINISHED_PER_KT_REE,  # magnet REE demand 78 kt, IEA GCMO 2024
    2023: 93.0 * FINISHED_PER_KT_REE,  # 93 kt, IEA GCMO 2024
    2024: 90.9 * FINISHED_PER_KT_REE,  # 90.9 kt, iea_gcmo2025
}
ELECTRONICS_OF_OTHER = 39.0502 / (39.0502 + 64.1958)  # data/base demand 2024 (heim2023 via d_demand_magnets)
SHARES = {  # ev, wind, other uses (then split electronics/other)
    2024: (8.4 / 90.9, 10.5 / 90.9),  # iea_gcmo2025
    2023: (0.07, 0.18 - 0.07),  # IEA GCMO 2024: EV 7 %, clean tech ~18 %
    2010: (0.0, 0.11),  # a_history_shares: EVs negligible in 2010; wind at its 2023 share
}
REGION_SPLIT = {"china": 0.6131, "eu": 0.0564, "usa": 0.0401, "japan": 0.0648, "rest_of_world": 0.2256}  # a_regional_demand


def shares(year: int) -> dict[str, float]:
    if year in SHARES or year < min(SHARES):
        ev, wind = SHARES[max(year, min(SHARES))]
    else:  # a_history_shares: linear between 2010 and 2023
        lo, hi = max(y for y in SHARES if y < year), min(y for y in SHARES if y > year)
        w = (year - lo) / (hi - lo)
        ev, wind = ((1 - w) * a + w * b for a, b in zip(SHARES[lo], SHARES[hi]))
    rest = 1 - ev - wind
    return {"ev": ev, "wind": wind, "electronics": rest * ELECTRONICS_OF_OTHER, "other": rest * (1 - ELECTRONICS_OF_OTHER)}


# --- process intensities ---------------------------------------------------------------------------
REO_PER_KT_SWARF = 0.346  # a_recycling_cost note in data/base (std recipe)
RECYCLED_CO2 = 27.6 - 17.0  # jiang2024_wind: production 27.6, closed-loop credit -17.0 kg CO2/kg
EMISSIONS = [  # process, region, pollutant, intensity, source (mining, separation and metal: environment/footprints.py)
    ("recycling_swarf", "*", "co2e", round(RECYCLED_CO2 * REO_PER_KT_SWARF, 2), "d_recycled_co2e"),
    ("recycling_eol", "*", "co2e", round(RECYCLED_CO2 * REO_PER_KT_SWARF, 2), "d_recycled_co2e"),
    ("recycling_short_loop", "*", "co2e", 2.35, "hpms_lca_forum"),
]

# --- end-of-life recycling: long loop per sector = swarf of the sector's magnet recipe (d_recipes) ---
SECTORS = ("ev", "wind", "electronics", "other")  # magnet_sintered modes, one per sector
SHORT_LOOP = ("ev", "wind")  # a_short_loop: sorted large magnets only
SHORT_LOOP_YIELD = 0.95  # a_short_loop
SHORT_LOOP_CAPEX = round(125.0 / 0.75, 1)  # d_short_loop_capex: HyProMag USA US$125m for 750 t/yr magnets


def write(name: str, header: list[str], rows: list[list]) -> None:
    with (HERE / name).open("w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def eol_oxides(base_io: list[dict]) -> dict[str, dict[str, float]]:
    """Oxide e per kt of end-of-life magnet of a sector = the RE metal e a kt of its magnet holds
    (metal e in per kt magnet × (1 − s)) × oxide e per kt of e that swarf recycling returns (data/base)."""
    coef = {(r["process"], r["mode"], r["commodity"]): float(r["coef"]) for r in base_io}
    per_re = {c: a / -coef[("recycling_swarf", m, f"scrap:swarf_{m}")]
              for (k, m, c), a in coef.items() if k == "recycling_swarf" and c.startswith("oxide:")}
    return {s: {c: round(-coef[("magnet_sintered", s, f"metal:{c[6:]}")] * (1 - SCRAP_SHARE) * y, 6) for c, y in per_re.items()}
            for s in SECTORS}


def main() -> None:
    write("sector_lifetimes.csv", ["sector", "commodity", "scrap", "distribution", "scale", "shape", "source"],
          [[s, f"magnet:{s}", f"scrap:eol_{s}", "weibull", sc, sh, "van_nielen_weibull"] for s, (sc, sh, _n) in LIFETIMES.items()])
    write("collection_rates.csv", ["sector", "region", "year", "rate", "source"],
          [[s, "*", 2024, COLLECTION_NOW, "a_collection_now"] for s in LIFETIMES])
    rows = []
    for y, total in TOTAL_FINISHED.items():
        for s, share in shares(y).items():
            for r, rs in REGION_SPLIT.items():
                rows.append([r, s, y, round(total * share * rs, 4), "d_historical_consumption"])
    write("historical_consumption.csv", ["region", "sector", "year", "value", "source"], rows)
    write("process_emissions.csv", ["process", "region", "pollutant", "intensity", "source"], [list(e) for e in EMISSIONS])
    write("commodities.csv", ["commodity", "kind", "element", "tradable", "transport_cost", "transport_loss", "disposable", "disposal_cost",
                              "unmet_penalty", "description", "source"],
          [[f"scrap:eol_{s}", "scrap", "", "true", 0.12, "", "true", 0.1, "", f"Collected end-of-life NdFeB magnets from {s}, kt magnet", "a_disposal"]
           for s in LIFETIMES])
    write("processes.csv", ["process", "stage", "activity_unit", "capex", "fixed_om", "var_cost", "lead_time", "lifetime", "availability",
                            "buildable", "feeds", "module_size", "min_size", "description", "source"],
          [["recycling_eol", "recycling", "kt end-of-life magnet", 50.0, 2.0, 2.2, 2, 15, "", "", "", 0.5, "",
            "Hydrometallurgical recycling of collected end-of-life magnets to separated oxides (long loop)", "a_eol_recycling"],
           ["recycling_short_loop", "recycling", "kt end-of-life magnet", SHORT_LOOP_CAPEX, round(0.04 * SHORT_LOOP_CAPEX, 2), 2.2, 2, 15, "", "", "",
            0.5, "", "Hydrogen processing and re-sintering of sorted end-of-life magnets into new magnets (short loop)", "d_short_loop_capex"]])
    write("processes_lumpy.csv", ["process", "module_size", "min_size", "source"],
          [["magnet_sintered", 1.0, "", "mp_independence"], ["recycling_swarf", 0.5, "", "cyclic_materials"]])
    io = []
    for s, oxides in eol_oxides(list(csv.DictReader((HERE.parent / "process_io.csv").open()))).items():
        io.append(["recycling_eol", s, f"scrap:eol_{s}", -1.0, "d_eol_recycling"])
        io += [["recycling_eol", s, c, a, "d_eol_recycling"] for c, a in oxides.items()]
    for s in SHORT_LOOP:
        io += [["recycling_short_loop", s, f"scrap:eol_{s}", -1.0, "a_short_loop"], ["recycling_short_loop", s, f"magnet:{s}", SHORT_LOOP_YIELD, "a_short_loop"]]
    write("process_io.csv", ["process", "mode", "commodity", "coef", "source"], io)

    # sanity check against Du & Graedel (2011): 97.1 kt Nd+Pr+Dy+Tb in use in NdFeB in 2007
    stock = 0.0
    for y in range(1995, 2008):
        inflow = TOTAL_FINISHED[1995] + (TOTAL_FINISHED[2010] - TOTAL_FINISHED[1995]) * (y - 1995) / 15
        for s, share in shares(2010).items():
            sc, sh, _n = LIFETIMES[s]
            stock += inflow * share * math.exp(-(((2007 - y) / sc) ** sh))
    print(f"in-use stock 2007: {stock:.1f} kt finished magnet = {stock * RE_CONTENT:.1f} kt RE (Du & Graedel 2011: 97.1 kt)")


if __name__ == "__main__":
    main()
