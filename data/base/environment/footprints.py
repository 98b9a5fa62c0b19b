"""Environmental footprints by cause: energy by carrier, carrier carbon intensity by region and
year, non-energy (reagent, anode) emissions and residues by route, radionuclides by feed.

Called last by `../build_tables.py` (`write_into(folder)`): writes four tables and appends this
module's sources to `sources.csv`. Every figure sits next to its source id; derived figures are
computed here by the formula in their source's note. The model computes, per process, mode,
region and period,

    co2e[k, m, r, t] = Σ_c energy[k, m, c] · intensity[r, c, t] / 1000 + direct[k, m]      (t/t)

(electricity in MWh/t × kg CO2e/MWh = g/kWh; heat and diesel in GJ/t × kg CO2/GJ) in the
environment feature (`ree_opt/footprints.py`); `process_emissions.csv` keeps only recycling totals.
"""

from __future__ import annotations

import csv
from pathlib import Path

SOURCES: list[dict] = []


def src(source, kind, citation, year=None, url="", note=""):
    SOURCES.append({"source": source, "kind": kind, "citation": citation, "year": year, "url": url, "note": note})
    return source


# --- citations ---------------------------------------------------------------------------------
EMBER = src("ember_2023_grid", "citation",
            "Ember (2024), Yearly Electricity Data, life-cycle carbon intensity of electricity generation 2023, "
            "as tabulated by Our World in Data (grapher 'carbon-intensity-electricity') and Statista.", 2024,
            "https://ourworldindata.org/grapher/carbon-intensity-electricity",
            "F. g CO2e/kWh, 2023: China 582, India 713, Australia 549, Canada 170, Brazil 98 (also Germany 381, "
            "France 56, Estonia 417); world average 481 (Ember via Statista). Production mix, life-cycle basis.")
EIA = src("eia_2023_us_grid", "citation",
          "U.S. EIA, FAQ 'How much carbon dioxide is produced per kilowatthour of U.S. electricity generation?' (2023 data).",
          2024, "https://www.eia.gov/tools/faqs/faq.php?id=74&t=3",
          "F. 2023 utility-scale: 4,183,271 million kWh, 1,532 Mt CO2 -> 366 g CO2/kWh (combustion CO2 only, not life-cycle).")
EEA = src("eea_eu_grid", "citation",
          "European Environment Agency, indicator 'Greenhouse gas emission intensity of electricity generation in Europe' "
          "(IND-353, 2020 assessment).", 2020,
          "https://www.eea.europa.eu/data-and-maps/indicators/overview-of-the-electricity-production-3/assessment",
          "F. EU-27 281 g CO2e/kWh in 2018 (510 in 1990); 'were the declining trend of the past decade to continue "
          "linearly, EU electricity generation would fully decarbonise by 2050'. Later EEA text: 2023 was 19% below 2022.")
IPCC = src("ipcc2006_fuels", "citation",
           "IPCC (2006), Guidelines for National Greenhouse Gas Inventories, Vol. 2 Energy, ch. 1, Table 1.4 "
           "(default CO2 emission factors for combustion).", 2006, "https://www.ipcc-nggip.iges.or.jp/public/2006gl/vol2.html",
           "M. kg CO2/GJ (net calorific value): natural gas 56.1, other bituminous coal 94.6, gas/diesel oil 74.1.")
PELL = src("pell_mountain_pass_energy", "citation",
           "Pell, R. (Camborne School of Mines, Univ. of Exeter), 'Responsible sourcing of rare earth elements: quantifying "
           "the environmental performance of rare earth production using life cycle assessments' (workshop slides, "
           "East Kazakhstan State Technical University).", 2017, "https://slideplayer.com/slide/16540843/",
           "W. Energy to produce REO: Mountain Pass 70.88 MJ/kg REO, of which flotation 22.29%; Bear Lodge 65.44 "
           "(years 1-9) and 80.22 (years 10-45) MJ/kg REO.")
LYNAS_TH = src("lynas_thorium", "citation",
               "Lynas Corporation (2011) on LAMP feed, as reported by The Malaysian Insider; with the Lynas RWMP "
               "residue figures (lynas_rwmp).", 2011, "",
               "F. Th:REO about 55:10,000 in Mt Weld concentrate (~120 t Th/yr at 22,000 t REO); WLP residue ~6 Bq/g Th.")
DEER = src("deer_monazite_xenotime", "citation",
           "Deer, Howie & Zussman (2013) and van Emden et al. (1997), as quoted in the Big Chemical Encyclopedia "
           "(chempedia.info, 'Monazite uranium content').", 2013, "https://chempedia.info/info/monazite_uranium_content",
           "F. Common monazite holds 4-12 mol% ThO2 (pure monazite 5-10% Th); analyses 1.2-21.9 wt% ThO2, UO2 up to "
           "0.75 wt%. Xenotime: UO2 up to 5.82 wt%, ThO2 up to 8.44 wt%.")

LCP = src("lowcarbonpower_2023", "citation", "lowcarbonpower.org, 'Electricity in South Korea in 2023' (Ember-based country page).",
          2024, "https://lowcarbonpower.org/region/South_Korea", "F. South Korea 2023: 413.46 g CO2eq/kWh, 38.7% low-carbon.")
ELCS = src("elcs_japan_2023", "citation", "Electric Power Council for a Low Carbon Society (ELCS), preliminary FY2023 data, "
           "as reported by Argus Media (2024), 'Japan's power sector cuts CO2 emissions in 2023-24'.", 2024,
           "https://argusmedia.com/zh/news-and-insights/latest-market-news/2616297-japan-s-power-sector-cuts-co2-emissions-in-2023-24",
           "F. FY2023: 311 Mt CO2 on 738.2 TWh sold = 0.421 kg/kWh (0.437 in FY2022); ELCS and government aim at 0.25 kg/kWh by FY2030.")
DCC = src("vietnam_dcc_2023", "citation", "Viet Nam Department of Climate Change (MONRE), grid emission factor 2023, as "
          "summarised by climatechange.vn (2024).", 2024,
          "https://www.climatechange.vn/climate_news/viet-nams-2023-updated-grid-emission-factor-signifies-lower-electricity-emissions/",
          "F. 0.6592 t CO2e/MWh (2023); 0.6766 (2022), 0.9130 (2018). Computed with the CDM 'Tool for the calculation of emission "
          "factors for an electricity system', a project-baseline factor rather than a plain average.")
TNB = src("tnb_malaysia_2019", "citation", "Tenaga Nasional Berhad GHG intensity 2019 (Peninsular Malaysia), as quoted by thinkleft.net.",
          2021, "https://thinkleft.net/?p=1238", "W. TNB 2019: 0.57 kg CO2/kWh; Peninsular Malaysia >53% coal.")
SSS = src("sss_thailand_grid", "citation", "SSS registry, jurisdiction page Thailand (grid carbon intensity).", 2025,
          "https://sssregistry.com/docs/jurisdictions/asia/thailand/", "W. Thai grid average ~400-450 g CO2/kWh (midpoint 425 used).")
DRAX = src("drax_uk_q3_2023", "citation", "Drax Electric Insights, 'Q3 2023: Britain's electricity reaches lowest ever carbon intensity'.",
           2023, "https://reports.electricinsights.co.uk/q3-2023/britains-electricity-reaches-lowest-ever-carbon-intensity/",
           "F. 143 g CO2/kWh in Q3 2023 (record low quarter; ~180 g/kWh in 2020-22). A low quarter stands in for the year (W).")

DFFE = src("dffe_south_africa_grid", "citation", "South Africa Department of Forestry, Fisheries and the Environment, domestic "
           "generation grid emission factor (DGGEF), 2021 data, as reported by Bloomberg/Financial Post (2023).", 2023,
           "http://www.financialpost.com/pmn/business-pmn/south-africas-inaugural-grid-emission-measure-highlights-coal-dependence",
           "F. 1.013 t CO2e/MWh (216.2 Mt from power plants); coal > 80% of power. Used for the southern_africa region, whose "
           "processing would sit on South Africa's grid (Malawi and Namibia are mostly hydro and imports).")
RUSSIA = src("shirinkina_russia_grid", "citation", "Shirinkina, E., Mozzhegorova, Y., Ilinykh, G., Korotaev, V. (2024), Carbon "
             "footprint of electricity produced in the Russian Federation, Energies 18(1):14.", 2024,
             "https://ideas.repec.org/a/gam/jeners/v18y2024i1p14-d1551533.html",
             "F. Average carbon footprint of electricity generated and consumed in Russia: 310-634 g CO2e/kWh depending on "
             "method and grid zone; midpoint 472 used.")
ELECTROLYSIS_CE = src("china_fluoride_electrolysis", "citation", "China rare-earth metallurgy overview (g-ant.cn, 'rare-earth "
                      "metal smelting'), on fluoride versus chloride molten-salt electrolysis.", None,
                      "http://m.g-ant.cn/n3355/n3373/c201038/content.html",
                      "W. Fluoride-system electrolysis current efficiency above 70% (chloride at most 50%, phased out from the "
                      "1980s); theoretical energy utilisation of open cells under 20% (aluminium 49%).")

# --- derivations and assumptions ----------------------------------------------------------------
A_WORLD = src("a_grid_world_average", "assumption", "Regions without a found 2023 grid figure take the world average.",
              note="Myanmar, Laos, Greenland, East Africa, Madagascar, Nigeria and rest of world: 481 g CO2e/kWh (ember_2023_grid "
                   "world average). Replace with country figures when retrieved: the world average hides real differences "
                   "(Laos and Greenland hydro, East Africa hydro and geothermal).")
A_PATH = src("a_grid_path", "assumption", "Grid decarbonisation path: linear from the latest figure to zero in the "
             "region's economy-wide net-zero pledge year; interpolate linearly between listed years, flat after.",
             note="M (pledge years): China 2060, India 2070, Russia 2060, Nigeria 2060, Thailand 2065; every other "
                  "region 2050. The EU path is the EEA's linear trend (281 g in 2018 to zero in 2050). A grid reaching "
                  "zero only at the economy-wide target year is a slow path; `hold flat` in the model file is the other bound.")
A_HEAT = src("a_heat_fuel", "assumption", "Process heat is coal-fired in China and gas-fired elsewhere; mine haulage "
             "burns diesel; fuel intensities do not change over time.",
             note="China 94.6, elsewhere 56.1 kg CO2/GJ heat; diesel 74.1 kg CO2/GJ (ipcc2006_fuels). Boiler efficiency "
                  "is inside the GJ of heat per t (taken as fuel input).")
A_SPLIT = src("a_energy_carriers", "assumption", "Carrier split of the Mountain Pass energy figure.",
              note="Mountain Pass energy from pell_mountain_pass_energy. Flotation and grinding (22.29% of 70.88 MJ/kg REO = 15.80 GJ/t) are electric drives: 4.389 MWh/t. "
                   "No split was found for cracking and separation (55.08 GJ/t): half electricity (mixer-settler drives, "
                   "pumps: 7.650 MWh/t), half heat (roasting, evaporation: 27.54 GJ/t). The same separation energy is "
                   "used for every feed, ionic-clay carbonate included (no cracking there: an overstatement).")
D_SEP = src("d_separation_direct", "derived", "Non-energy CO2e of separation: Jiang et al.'s 27.6 t CO2/t less the "
            "energy CO2 of the Mountain Pass energy on China's carriers.",
            note="D. jiang2024_wind total, a_energy_carriers energy, China carriers from ember_2023_grid and ipcc2006_fuels: 27.6 - (7.650 MWh x 582 kg/MWh + 27.54 GJ x 94.6 kg/GJ)/1000 = 27.6 - 4.452 - 2.605 = 20.54 t/t "
                 "(reagents and upstream chemicals), held equal everywhere. So China's separation keeps the cited "
                 "27.6 t/t in 2023 and other regions differ by their energy carriers only.")
A_IONIC = src("a_ionic_direct", "assumption", "Ionic-clay leaching: all of the 17.8-24.3 kg CO2e/kg (midpoint 21.05) is "
              "non-energy (ammonium-salt reagents); no energy split was found.", note="GWP of mixed REO from ionic clays per processes_2022_ionic (17.8-24.3, midpoint 21.05 t/t); in-situ leaching runs on ammonium sulfate and bicarbonate, and no energy split was found, so the grid does not move it.")
A_ELECTROLYSIS = src("a_electrolysis_energy", "assumption", "Electrolysis electricity from Faraday's law at an "
                     "industrial cell voltage and current efficiency.",
                     note="M (cell voltage); current efficiency above 70% in fluoride cells (china_fluoride_electrolysis). E = 3 F V / (M_Nd CE) = 3 x 96,485 x 10 V / (0.14424 kg/mol x 0.75) = "
                          "7.43 MWh/t metal; V ~ 10 V and CE ~ 75% recalled for Chinese 3-6 kA fluoride cells. Pr, Dy "
                          "and Tb use the Nd figure.")
D_ANODE = src("d_anode_co2", "derived", "Anode CO2 of oxide electrolysis with a consumable carbon anode.",
              note="D. Nd2O3 + 3 C -> 2 Nd + 3 CO (oxidised to CO2 after the cell): 1.5 mol CO2 per mol Nd = "
                   "1.5 x 44.01 / 144.24 = 0.458 t CO2/t Nd (0.229 if the anode gives CO2 directly). PFCs from anode "
                   "effects are not counted (no figure found).")
A_NO_CRACK = src("a_ionic_no_residue", "assumption", "Separating ionic-clay mixed carbonate leaves no thorium-bearing "
                 "cracking residue.", note="Ionic clays are leached by ion exchange, which leaves thorium minerals in the "
                 "clay (d_feed_thorium); the carbonate needs no acid roasting or caustic cracking, so no WLP-like residue.")
D_TH = src("d_feed_thorium", "derived", "Thorium per t REO of each feed.",
           note="D/M. Mt Weld 5.5 kg Th/t REO (55:10,000, lynas_thorium). Monazite: ~6.5% ThO2 (deer_monazite_xenotime "
                "midpoint) in a mineral of ~60% REO (M) -> 0.108 t ThO2 = 95 kg Th per t REO; Nolans and Songwe and "
                "the monazite proxies take this. Bayan Obo and bastnaesite: no figure found -> left blank. Ionic clays: "
                "ion-exchange leaching leaves Th minerals in the clay -> 0 (assumption).")

# --- carrier intensities: region, carrier, year, value ----------------------------------------
GRID = {  # region: [(year, g CO2e/kWh, source), ...]; a path to zero is added unless the last point is already 0
    "china": [(2023, 582, EMBER)], "india": [(2023, 713, EMBER)], "australia": [(2023, 549, EMBER)],
    "canada": [(2023, 170, EMBER)], "brazil": [(2023, 98, EMBER)], "usa": [(2023, 366, EIA)],
    "eu": [(2018, 281, EEA), (2050, 0, EEA)], "japan": [(2023, 421, ELCS), (2030, 250, ELCS)],
    "south_korea": [(2023, 413, LCP)], "vietnam": [(2023, 659, DCC)], "malaysia": [(2019, 570, TNB)],
    "thailand": [(2023, 425, SSS)], "uk": [(2023, 143, DRAX)],
    "southern_africa": [(2021, 1013, DFFE)], "russia": [(2023, 472, RUSSIA)],
}
NET_ZERO = {"china": 2060, "india": 2070, "russia": 2060, "nigeria": 2060, "thailand": 2065}
REGIONS = ("china", "usa", "canada", "australia", "japan", "south_korea", "eu", "uk", "myanmar", "laos", "vietnam",
           "thailand", "malaysia", "brazil", "india", "russia", "greenland", "east_africa", "southern_africa",
           "madagascar", "nigeria", "rest_of_world")
WORLD_2023 = 481
HEAT = {"china": 94.6, "*": 56.1}
DIESEL = 74.1


def carrier_rows() -> list[dict]:
    rows = []
    for r in REGIONS:
        points = GRID.get(r, [(2023, WORLD_2023, A_WORLD)])
        if points[-1][1] != 0:
            points = points + [(NET_ZERO.get(r, 2050), 0, A_PATH)]
        rows += [{"region": r, "carrier": "electricity", "year": y, "value": v, "source": s} for y, v, s in points]
    rows += [{"region": r, "carrier": "heat", "year": 2023, "value": v, "source": A_HEAT} for r, v in HEAT.items()]
    rows.append({"region": "*", "carrier": "diesel", "year": 2023, "value": DIESEL, "source": A_HEAT})
    return rows


# --- energy use per unit of activity: process, mode, carrier, value ---------------------------
MP_TOTAL_GJ = 70.88  # GJ/t REO (Pell)
FLOTATION_GJ = 0.2229 * MP_TOTAL_GJ
SEPARATION_GJ = MP_TOTAL_GJ - FLOTATION_GJ
GJ_PER_MWH = 3.6
SEP_ELEC_MWH = 0.5 * SEPARATION_GJ / GJ_PER_MWH
SEP_HEAT_GJ = 0.5 * SEPARATION_GJ
ELECTROLYSIS_MWH = 3 * 96485 * 10.0 / (0.14424 * 0.75) / 3.6e6  # J/kg -> kWh/kg = MWh/t
ANODE_CO2 = 1.5 * 44.01 / 144.24
JIANG_SEPARATION = 27.6
SEP_DIRECT = JIANG_SEPARATION - (SEP_ELEC_MWH * 582 + SEP_HEAT_GJ * HEAT["china"]) / 1000


def energy_rows() -> list[dict]:
    rows = [{"process": k, "mode": "*", "carrier": "electricity", "value": round(FLOTATION_GJ / GJ_PER_MWH, 3), "source": A_SPLIT}
            for k in ("mining_hardrock", "mining_mineral_sands")]
    for k in ("separation", "separation_light"):
        rows += [{"process": k, "mode": "*", "carrier": "electricity", "value": round(SEP_ELEC_MWH, 3), "source": A_SPLIT},
                 {"process": k, "mode": "*", "carrier": "heat", "value": round(SEP_HEAT_GJ, 3), "source": A_SPLIT}]
    rows.append({"process": "metal_making", "mode": "*", "carrier": "electricity", "value": round(ELECTROLYSIS_MWH, 3),
                     "source": A_ELECTROLYSIS})
    return rows


# --- non-energy emissions and residues by route: process, mode, pollutant, value -------------
def route_rows() -> list[dict]:
    rows = [{"process": k, "mode": "*", "pollutant": "co2e", "value": round(SEP_DIRECT, 3), "source": D_SEP}
            for k in ("separation", "separation_light")]
    rows += [{"process": "mining_ionic_clay", "mode": "*", "pollutant": "co2e", "value": 21.05, "source": A_IONIC},
             {"process": "metal_making", "mode": "*", "pollutant": "co2e", "value": round(ANODE_CO2, 3), "source": D_ANODE}]
    for k in ("separation", "separation_light"):
        # cracked concentrates leave Bayan Obo-like residue unless their own row says otherwise (as before issue 16)
        rows += [{"process": k, "mode": "*", "pollutant": "radioactive_residue", "value": 1.0, "source": "csre_bayan_obo"},
                 {"process": k, "mode": "mt_weld", "pollutant": "radioactive_residue", "value": 2.85, "source": "lynas_rwmp"},
                 {"process": k, "mode": "*", "pollutant": "wastewater", "value": 75.0, "source": "csre_bayan_obo"}]
        rows += [{"process": k, "mode": f, "pollutant": "radioactive_residue", "value": 0.0, "source": A_NO_CRACK}
                 for f in ("ionic_lree", "ionic_hree", "ionic_mixed")]
    return rows


# --- radionuclides by feed: feed, thorium (kg Th per t REO) ------------------------------------
MONAZITE_TH = round(0.065 / 0.60 * 232.04 / 264.04 * 1000, 1)
FEED_THORIUM = {"mt_weld": (5.5, LYNAS_TH), "monazite": (MONAZITE_TH, D_TH), "nolans": (MONAZITE_TH, D_TH),
                "songwe": (MONAZITE_TH, D_TH), "ionic_lree": (0.0, D_TH), "ionic_hree": (0.0, D_TH),
                "ionic_mixed": (0.0, D_TH)}


def feed_rows() -> list[dict]:
    return [{"feed": f, "thorium": v, "source": s} for f, (v, s) in FEED_THORIUM.items()]


TABLES = {
    "carrier_intensity": (["region", "carrier", "year", "value", "source"], carrier_rows),
    "energy_use": (["process", "mode", "carrier", "value", "source"], energy_rows),
    "route_emissions": (["process", "mode", "pollutant", "value", "source"], route_rows),
    "feed_radionuclides": (["feed", "thorium", "source"], feed_rows),
}


def write_into(folder: Path) -> None:
    """Write this module's tables into `folder` and append its sources to `folder/sources.csv`."""
    for name, (header, rows) in TABLES.items():
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
            w.writeheader()
            w.writerows(rows())
    path = folder / "sources.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header, known = reader.fieldnames, {row["source"] for row in reader}
    with path.open("a", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writerows(s for s in SOURCES if s["source"] not in known)
