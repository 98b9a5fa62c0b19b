"""Write the CSV tables of the default dataset `data/base/` from the figures below.

Run it from anywhere: `python data/base/build_tables.py`. Every number either is a figure
from a source in SOURCES (the id is next to it), or is derived here from such figures by a
formula written out in code and restated in the derived source's note. Edit figures here,
not in the CSV files, and re-run: the CSV files are this script's output.

Units are the model's: kt and MUSD (1 MUSD/kt = 1 USD/kg; capex 1 MUSD per kt/yr = 1,000 USD
per t/yr). Ore and oxides are in kt REO, metals in kt metal, magnets in kt of finished magnet,
scrap in kt of scrap.
"""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "circularity"))
from merge import merge_into  # noqa: E402  (the circularity tables live beside this script)

sys.path.insert(0, str(Path(__file__).resolve().parent / "environment"))
import footprints as environment  # noqa: E402  (issue 16: footprints by cause, in environment/)

HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------------------------
# Sources. kind: citation | assumption | derived. Flags in notes: F = seen in a looked-up text,
# M = recalled (to double-check), W = weak/secondary source, D = derived.
# ---------------------------------------------------------------------------------------------
SOURCES: list[dict] = []


def src(source, kind, citation, year=None, url="", note=""):
    SOURCES.append(dict(source=source, kind=kind, citation=citation, year=year, url=url, note=note))
    return source


# --- citations ---
USGS = src(
    "usgs_mcs2025", "citation",
    "U.S. Geological Survey (2025). Mineral Commodity Summaries 2025: Rare Earths. USGS, Reston VA.",
    2025, "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf",
    "F. Mine production 2023-2024 by country (t REO): China 270,000 (2024, quota-based), US 45,000, "
    "Australia 13,000, Burma 31,000 (2024) / 43,000 (2023), Thailand 13,000, Nigeria 13,000, India 2,900, "
    "Russia 2,500, Madagascar 2,000, Vietnam 300, Malaysia 130 (2024) / 310 (2023), Brazil 20, Other 1,100 "
    "(2024) / 1,440 (2023), World 390,000. Reserves China 44 Mt. Burma, Madagascar, Malaysia, Nigeria, "
    "Thailand, Vietnam estimated from China's import data. Copy seen: NSSAC/dpi.RAG "
    "data/marker/mcs2025-rare-earths.md.",
)
METALNOMIST = src(
    "metalnomist_2024", "citation",
    "Metalnomist (2024), China NdPr oxide output from domestic quota and from imported feed.",
    2024, "https://metalnomist.com/",
    "F. China NdPr oxide from its own quota ~40,000 t (2023), 44,500-45,500 t (2024 forecast); from imported "
    "feed (SE Asia, US) 20,000-21,000 t (2024 forecast). Used as a cross-check (docs/calibration.md).",
)
USGS_OLD = src(
    "usgs_mcs_2020_2024", "citation",
    "U.S. Geological Survey. Mineral Commodity Summaries 2020-2024: Rare Earths (values as rewritten by "
    "investingnews.com, laosmining.com and others).",
    2024, "https://www.usgs.gov/centers/national-minerals-information-center/rare-earths-statistics-and-information",
    "F via rewrites. Peak recent outputs used as demonstrated capacities of country aggregates: "
    "Madagascar 6,800 t (2021), Vietnam 4,300 t (2022), Russia 2,700 t (2019). Reserves (MCS 2025 "
    "edition for the newest values).",
)
MIIT = src(
    "miit_quota_2024", "citation",
    "MIIT rare-earth mining and smelting/separation quotas 2020-2024, as reported by Reuters "
    "(rewrites on investingnews.com, nationalpost.com).",
    2024, "https://investingnews.com/daily/resource-investing/critical-metals-investing/rare-earth-investing/rare-earth-production-by-country/",
    "F. 2024 mining quota 270,000 t REO; smelting & separation quota 254,000 t REO.",
)
PBLUE = src(
    "projectblue_2024h1", "citation",
    "Project Blue (2024). China's first-batch 2024 rare-earth quotas by group.",
    2024, "https://www.projectblue.com/",
    "F. H1 2024 quotas: China Northern Rare Earth (CNRE) 94.5 kt mining / 88.0 kt separation; China Rare "
    "Earth Group 40.4 / 39.0 kt; ionic-clay (medium/heavy) mining quota 10.14 kt (-7.3%).",
)
CASTOR = src(
    "castor_hedrick_2006", "citation",
    "Castor S.B., Hedrick J.B. (2006). Rare earth elements. In: Industrial Minerals and Rocks, 7th ed., "
    "SME, pp. 769-792 (distribution tables of major deposits).",
    2006, "",
    "M: recalled, to double-check. Shares of TREO: Bayan Obo La 25, Ce 50, Pr 5, Nd 17.5 (17-18), Dy 0.1, "
    "Tb 0.02; Mountain Pass La 33.8, Ce 49.6, Pr 4.1, Nd 11.2, Dy/Tb ~0; Longnan ionic clay La 1.8, Ce 0.4, "
    "Pr 0.7, Nd 3.0, Dy 6.7, Tb 1.3 (Y ~65); Xunwu ionic clay La 43.4, Ce 2.4, Pr 9.0, Nd 31.7, Dy/Tb trace; "
    "mineral-sands monazite La 24, Ce 46, Pr 5, Nd 17, Dy 0.7, Tb 0.04. 'other' = 1 - listed shares.",
)
LYNAS_COMP = src(
    "lynas_mtweld_distribution", "citation",
    "Lynas Corporation, Mount Weld Central Lanthanide Deposit rare-earth distribution (historical company "
    "presentations).",
    2012, "https://lynasrareearths.com/",
    "M: recalled, to double-check. La 25.5, Ce 46.7, Pr 5.3, Nd 18.5, Dy 0.12, Tb 0.07 % of TREO.",
)
LYNAS = src(
    "lynas_reports", "citation",
    "Lynas Rare Earths Ltd, annual and quarterly reports FY2023-FY2025; 2024 Mineral Resource and Ore "
    "Reserve statement; ASX releases on Kalgoorlie and the Malaysian heavy-rare-earth plant "
    "(via metalnomist, middle.news, mining.com, Reuters, australianmining).",
    2025, "https://lynasrareearths.com/investors-media/",
    "F. NdPr 5,655 t (FY24); Kalgoorlie cracking & leaching nameplate 7,000 -> ~9,000 t/yr NdPr equivalent; "
    "Malaysia SX 10,500 t/yr NdPr (2025); Mt Weld expansion to 12,000 t/yr NdPr feed for A$570m; "
    "reserve 32 Mt @ 6.44% TREO; Malaysian HRE plant ~US$120m, 5,000 t/yr HRE feed, first Dy May 2025.",
)
MP = src(
    "mp_results", "citation",
    "MP Materials Corp., annual results 2024 and 2025, Q3-2025 release; DoD-MP agreement July 2025.",
    2025, "https://investors.mpmaterials.com/",
    "F. REO in concentrate 45,455 t (2024), 50,692 t (2025); NdPr oxide 1,294 t (2024), 2,599 t (2025), "
    "exit run-rate ~4,000 t/yr; heavy-RE circuit 3,000 t/yr feed giving 200 t/yr Dy+Tb, commissioning "
    "mid-2026; Independence (Fort Worth) 1,000 t/yr NdFeB, NdPr metal from Jan 2025; '10X' plant takes MP "
    "to 10,000 t/yr magnets, commissioning 2028.",
)
EF = src(
    "energy_fuels", "citation",
    "Energy Fuels Inc., White Mesa Mill Phase 1 and Phase 2 REE separation (mining.com 2024; BFS Jan 2026 "
    "via cruxinvestor).",
    2026, "https://www.energyfuels.com/",
    "F. Phase 1 capacity 850-1,000 t/yr NdPr (US$16m); Phase 2 >6,000 t/yr NdPr + 240 t Dy + 66 t Tb, "
    "US$410m, commissioning Q1 2029.",
)
NEO = src(
    "neo_performance", "citation",
    "Neo Performance Materials: Silmet (Estonia) separation (Argus 2023); Narva magnet plant (Automotive "
    "World, Argus, Sep 2025).",
    2025, "https://www.neomaterials.com/",
    "F. Silmet light-RE separation 3,000 t/yr; Narva magnets 2,000 t/yr phase 1 (-> 5,000 t/yr), EUR 75m, "
    "inaugurated Sep 2025.",
)
SOLVAY = src(
    "solvay_larochelle", "citation",
    "Solvay La Rochelle rare-earth separation restart (24brussels/De Tijd; specchemonline, 2025).",
    2025, "https://www.solvay.com/",
    "F. Several hundred t in 2025; target ~4,500 t/yr (30% of EU demand) by 2030.",
)
ILUKA = src(
    "iluka_eneabba", "citation",
    "Iluka Resources, Eneabba rare-earth refinery (WA Government; Iluka releases 2022-2023).",
    2023, "https://iluka.com/operations-resource-development/rare-earths/eneabba-refinery/",
    "F. 17,500 t/yr REO (Nd, Pr, Dy, Tb); capex A$1.0-1.2bn at FID (Apr 2022) -> A$1.7-1.8bn (Dec 2023); "
    "first production 2027.",
)
IREL = src(
    "irel_india", "citation",
    "IREL (India) Ltd: OSCOM monazite plant and Aluva separation (PIB release; Business Standard 2025).",
    2025, "https://pib.gov.in/",
    "F. 10,000 t/yr monazite -> 5,000 t REO as mixed chloride; Aluva separation 5,500 t MRECl.",
)
SRC_SK = src(
    "src_saskatoon", "citation",
    "Saskatchewan Research Council, Rare Earth Processing Facility, Saskatoon (2025).",
    2025, "https://www.src.sk.ca/",
    "F. 400 t/yr NdPr metal; C$71m provincial + C$30m federal.",
)
LCM = src(
    "lcm_mmta", "citation",
    "Less Common Metals (UK), interview with the Minor Metals Trade Association.",
    2023, "https://mmta.co.uk/",
    "F. Nd/NdPr metal by molten-salt electrolysis: 2 cells x ~55 t/yr now; 6 cells = 330 t/yr planned.",
)
USAR = src(
    "usa_rare_earth", "citation",
    "USA Rare Earth, Stillwater OK magnet plant (mining.com, 2025).",
    2025, "https://www.usare.com/",
    "F. 1,200 t/yr initial -> 4,800 t/yr nameplate; first magnets Jan 2025; capex >US$100m.",
)
COURAGE = src(
    "couragemagnet_2022", "citation",
    "Courage Magnet blog, 'Production capacity and expansion of major NdFeB manufacturers overseas' "
    "(as of end 2022).",
    2023, "https://www.couragemagnet.com/magnet-blog/871.html",
    "W. Shin-Etsu Vietnam 2,200 t/yr; USA Rare Earth 2,000 t/yr; Urban Mining (Noveon) 2,000 t/yr; Japan "
    "imported 67% of its magnet raw materials from China (2021).",
)
ARGUS_EU = src(
    "argus_europe_magnets", "citation",
    "Argus Media, European NdFeB magnet market (c. 2019).",
    2019, "https://www.argusmedia.com/",
    "F. Europe consumes ~12,000 t/yr NdFeB and produces ~1,000 t/yr.",
)
CHINA_ORG = src(
    "chinaorg_2013_ndfeb2010", "citation",
    "china.org.cn (2013-08-12), on world sintered NdFeB output in 2010.",
    2013, "http://japanese.china.org.cn/business/txt/2013-08/12/content_29694121_2.htm",
    "F. World sintered NdFeB (semi-finished) 98,200 t in 2010: China 79.4%, Japan 19.3%, Europe 1.3%.",
)
SMM = src(
    "smm_magnets_2024", "citation",
    "Shanghai Metals Market (Liu Hao, 30 May 2024), China rare-earth permanent magnet output.",
    2024, "https://news.metal.com/",
    "F. China RE permanent magnets ~240 kt in 2023 (+14%); 260 kt forecast for 2024 (blank/semi-finished "
    "output, as industry statistics count it).",
)
ARGUS_REC = src(
    "argus_recycling_2025", "citation",
    "Argus Media (June 2025), China NdFeB scrap recycling, citing the chairman of Ji'an Xintai; "
    "ScrapInsight.",
    2025, "https://www.argusmedia.com/",
    "F. REO from NdFeB scrap in China 34,147 t in 2024 (26,504 t PrNd, 710 t Dy, 160 t Tb); recycling "
    "capacity >80,000 t REO/yr (2024); scrap = 25-30% of China's magnet output.",
)
IEA = src(
    "iea_gcmo2025", "citation",
    "IEA (2025). Global Critical Minerals Outlook 2025 / Critical Minerals Data Explorer (May 2025), "
    "sheet '1 Total demand for key minerals', magnet rare earth elements (Nd, Pr, Dy, Tb).",
    2025, "https://www.iea.org/data-and-statistics/data-tools/critical-minerals-data-explorer",
    "F (values seen in GitHub barrytho/uk-critical-minerals-dashboard data/iea.json, commit 6229124). "
    "kt of element: STEPS EV 8.4/21.7/30.0/33.9/36.7/39.5, wind 10.5/16.2/16.1/12.7/13.7/17.1, total "
    "90.9/122.8/140.1/149.6/162.4/177.5 (2024/30/35/40/45/50); APS EV 23.0/34.5/41.7/46.0/49.9, wind "
    "23.9/20.8/18.3/19.6/26.7, total 131.6/148.9/162.7/177.3/197.3 (2030-50); NZE EV 31.9/48.3/49.4/51.7/54.0, "
    "wind 30.7/31.2/21.1/21.1/25.9, total 146.8/172.2/172.4/184.0/200.3. EV recipe shares from sheet 4.3 "
    "(6.57/0.98/0.67/0.13 kt Nd/Pr/Dy/Tb), wind from sheet 4.2.",
)
YANG = src(
    "yang2017", "citation",
    "Yang Y., Walton A., Sheridan R., et al. (2017). REE recovery from end-of-life NdFeB permanent magnet "
    "scrap: a critical review. Journal of Sustainable Metallurgy 3:122-149. doi:10.1007/s40831-016-0090-4.",
    2017, "https://doi.org/10.1007/s40831-016-0090-4",
    "F. Sintered NdFeB contains about 31-32 wt% rare-earth elements (Nd+Pr plus Dy, Tb, Gd by "
    "application). 31% is used for every recipe.",
)
HEIM = src(
    "heim2023", "citation",
    "Heim J.W., Vander Wal R.L. (2023). NdFeB permanent magnet uses, projected growth rates and Nd "
    "plus Dy demands across end-use sectors through 2050: a review. Minerals 13:1274.",
    2023, "https://doi.org/10.3390/min13101274",
    "F. Consumer electronics ~30% of NdFeB volume.",
)
ADAMAS_EXP = src(
    "adamas_exports_2024", "citation",
    "Adamas Intelligence (2025). Record rare earth magnet exports from China in 2024.",
    2025, "https://www.adamasintel.com/record-rare-earth-magnet-exports-from-china-in-2024/",
    "F. China exported 58,152 t of rare-earth permanent magnets and magnet alloys in 2024 (China customs).",
)
REUTERS_US = src(
    "reuters_magnet_exports_2025", "citation",
    "Reuters (Aug 2025), China's rare-earth magnet exports reach six-month peak in July (China customs "
    "data), via energynews.oedigital.com.",
    2025, "https://energynews.oedigital.com/mineral-resources/2025/08/20/chinas-rareearth-magnet-exports-reached-a-sixmonth-peak-in-july",
    "F. July 2025 exports to the US 619 t, 4.8% more than July 2024 (so July 2024 = 590.6 t, D).",
)
WU = src(
    "wu2023_seed", "citation",
    "Wu Y., Peng Z., Lai D., Zhao S., Wang L., Chen W., Wang P. (2023). Exploring international rare earth "
    "industry landscape changes and China's strategic responses. Bulletin of the Chinese Academy of "
    "Sciences 38(2):255-264. doi:10.16418/j.issn.1000-3045.20221026001.",
    2023, "https://doi.org/10.16418/j.issn.1000-3045.20221026001",
    "Seed paper. Pr+Nd demand ~50 kt (2020) -> ~100 kt in the green-transition forecast (citing Arafura); "
    "largest planned ex-China projects: Greenland Minerals 24 kt/yr; China separation share 88% (2020), "
    "magnets 92% (2020).",
)
DEPOSIT_STUDIES = src(
    "deposit_studies", "citation",
    "Feasibility and pre-feasibility study releases as reported by Mining Weekly, Creamer Media, "
    "Proactive, S&P, NS Energy and company releases (Peak Rare Earths Ngualla 2022; Mkango Songwe Hill "
    "DFS 2022; Namibia Critical Metals Lofdal PEA 2022; Ionic Rare Earths Makuutu DFS; Rare Element "
    "Resources Bear Lodge PFS 2014; Greenland Minerals Kvanefjeld FS 2015; Vital Metals Nechalacho; "
    "Steenkampskraal; Serra Verde; Arafura Nolans DFS 2019/2022).",
    2025, "",
    "F. Ngualla reserve 887 kt TREO, 16,200 t/yr TREO, capex US$321m; Songwe 5,954 t/yr TREO (NdPr 32.8%, "
    "Dy+Tb 0.94% of TREO), 18 yr, US$277.4m + 33.8m; Lofdal 2,000 t/yr TREO, 16 yr, US$207.1m; Makuutu "
    "reserve 146.7 kt TREO, 1,300 t/yr REO, US$120.8m; Bear Lodge >450 kt TREO, 6,800 t/yr, 45 yr, US$290m; "
    "Kvanefjeld 1.01 Gt @ 1.1% REO, reserve 108 Mt, 37 yr, US$1.36bn (2015); Nechalacho 94.7 Mt @ 1.46% "
    "TREO, target >=5,000 t/yr; Steenkampskraal 605 kt ore @ 14.4-14.5% TREO, oxides 2027; Serra Verde "
    ">=5,000 t/yr REO from Jan 2024, phase II may double before 2030, 25 yr; Nolans reserve 29.5 Mt @ 2.9% "
    "TREO, NdPr 26.4% of TREO, 4,440 t/yr NdPr, 38 yr, US$1.22bn total (2024). Start years not announced: "
    "a_project_years. Nolans capex split 40% mine / 60% refinery as in d_opex.",
)
BAOTOU_COST = src(
    "adamas_baotou_cost_2019", "citation",
    "Adamas Intelligence via South China Morning Post (2019): Baotou REO production cost.",
    2019, "https://www.scmp.com/",
    "F. Baotou REO production cost US$7-10/kg (mine to separated oxide).",
)
NOLANS_COST = src(
    "arafura_nolans_cost_2022", "citation",
    "Arafura Rare Earths, Nolans project update 2022 (operating cost).",
    2022, "https://www.arultd.com/",
    "F. NdPr operating cost A$61.60/kg NdPr oxide (2022 update).",
)
ARGUS_PRICE = src(
    "argus_prnd_2024", "citation",
    "Argus Media, PrNd oxide average price 2024.",
    2024, "https://www.argusmedia.com/",
    "F. PrNd oxide 392 yuan/kg = US$53.60/kg average 2024.",
)
SDM = src(
    "sdm_magnet_cost", "citation",
    "SDM Magnetics, 'Neodymium magnets price trend' (vendor web page).",
    2025, "https://www.sdmmagnetic.com/neodymium-magnets-price-trend",
    "W. Magnets are 29.0-32.5 wt% RE; raw materials are ~80% of total product cost.",
)
CYCLIC = src(
    "cyclic_materials", "citation",
    "Cyclic Materials, Kingston (Ontario) hydrometallurgical magnet-recycling plant (2025 releases).",
    2025, "https://cyclicmaterials.earth/",
    "F. US$25m for 500 t/yr feedstock (plus US$20m for Mesa AZ); start 2026.",
)
CHOWDHURY = src(
    "chowdhury2021", "citation",
    "Chowdhury N.A., Deng S., Jin H., Prodius D., Sutherland J.W., Nlebedim I.C. (2021). Sustainable "
    "recycling of rare-earth elements from NdFeB magnet swarf: techno-economic and environmental "
    "perspectives. ACS Sustainable Chemistry & Engineering 9:15915-15924.",
    2021, "https://experts.arizona.edu/en/publications/sustainable-recycling-of-rare-earth-elements-from-ndfeb-magnet-sw",
    "F (abstract). Recovers ~97% of the REEs in swarf as mixed REO (>99.5% purity); swarf is 6-73% of "
    "input in magnet making.",
)
SHARMA = src(
    "sharma_seefurth_1988", "citation",
    "Sharma R.A., Seefurth R.N. (1988). Metallothermic reduction of Nd2O3 with Ca in CaCl2-NaCl melts. "
    "Journal of the Electrochemical Society 135:66. doi:10.1149/1.2095591.",
    1988, "https://doi.org/10.1149/1.2095591",
    "F (abstract). Yield (share of Nd oxide recovered as metal) ~95%.",
)
DREWRY = src(
    "drewry_wci", "citation",
    "Drewry World Container Index (via DCN, Hellenic Shipping News, LogUpdate), 2019-2025; Base Resources "
    "via Argus (bulk mineral sands freight Mombasa-China).",
    2025, "https://www.drewry.co.uk/supply-chain-advisors/supply-chain-expertise/world-container-index-assessed-by-drewry",
    "F. Composite 10-yr average ~US$2,700-2,900 per 40-ft box (FEU); bulk mineral sands Mombasa->China "
    "US$28 -> ~90/t (2020->2021).",
)

GBD = src(
    "gbd_ieee2017", "citation",
    "IEEE Electrification Magazine (March 2017), on grain-boundary diffusion (GBD) of Dy/Tb in sintered NdFeB; "
    "Mainrich (magnet vendor) web page on GBD.",
    2017, "https://ieeexplore.ieee.org/xpl/RecentIssue.jsp?punumber=6508996",
    "F (IEEE): GBD needs about half (or even a third) of the Dy/Tb of bulk-alloyed magnets at equal Br/Hcj. "
    "W (Mainrich): 30-60% less HRE, +5-15% processing cost.",
)
SPRECHER = src(
    "sprecher2017", "citation",
    "Sprecher B., Daigo I., Spekkink W., Vos M., Kleijn R., Murakami S., Kramer G.J. (2017). Framework for "
    "resilience in material supply chains, with a case study from the 2010 rare earth crisis. Environmental "
    "Science & Technology 51:3860-3870.",
    2017, "https://doi.org/10.1021/acs.est.6b05751",
    "M: recalled, to double-check. Non-Chinese primary supply ramped up by about 4% of the market per year "
    "after the 2010-11 crisis.",
)

MP_10K = src(
    "mp_10k_2021", "citation",
    "MP Materials Corp., Form 10-K for 2021 (SEC, filed Feb 2022), Mountain Pass: estimated distribution of TREO "
    "content and mineral resource table (SRK).",
    2022, "https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK=0001801368",
    "F. Ce 50.2%, La 32.3%, NdPr 15.7%, SEG+ (Sm, Eu, Gd and heavier) 1.8% of TREO. Indicated resource grades "
    "Pr6O11 0.12% and Nd2O3 0.34% (of 2.83% TREO) give the Nd:Pr split of the NdPr (74:26).",
)
MOLYCORP_RES = src(
    "molycorp_reserves_2012", "citation",
    "Molycorp (Apr 2012), Mountain Pass proven and probable reserves (SRK, SEC Industry Guide 7), as reported by "
    "G. Hatch, Technology Metals Research, 9 Apr 2012.",
    2012, "https://www.techmetalsresearch.net/is-there-a-gold-standard-for-estimating-rare-earth-mineral-resources-and-reserves/",
    "F. 18.4 million short tons of ore at 7.98% TREO, ~1.3 Mt REO in situ. Not net of 2012-2024 output (an upper "
    "bound).",
)
BAOGANG = src(
    "metalnomist_baogang_2025", "citation",
    "Metalnomist (May 2025), Baogang / China Northern Rare Earth: Bayan Obo concentrate output and resources.",
    2025, "https://metalnomist.com/",
    "F. Baogang concentrate 320 kt (2023), 370 kt (2024), 390 kt target (2025) at 50% REO (= 160 / 185 / 195 kt "
    "REO, D); Bayan Obo holds 35 Mt REO (81% of China's resources); NRE's 2024 mining quota 188.65 kt REO.",
)
MAONIUPING = src(
    "creg_maoniuping_2024", "citation",
    "China Rare Earth Group seminar in Liangshan (Sep 2024) on the Maoniuping (Mianning, Sichuan) reserve "
    "verification, via Metalnomist and supermetalprice.com; Liangshan Rare Earth Group - Mianning County agreement "
    "(24 May 2025), via rareearthexchanges.com.",
    2025, "https://rareearthexchanges.com/news/chinas-liangshan-rare-earth-group-to-add-30kt-of-processing-capacity-in-strategic-mianning-zone-213m-injection",
    "F: Maoniuping resource +4.96 Mt REO; target capacity 30 kt REO of bastnaesite concentrate. W (trade site): "
    "Liangshan RE Group to add 30,000 t/yr REO capacity in Mianning for 587 m yuan (technical upgrades of mining "
    "and processing).",
)
USGS_RES = src(
    "usgs_mcs2025_reserves", "citation",
    "U.S. Geological Survey (2025). Mineral Commodity Summaries 2025, Rare Earths: world reserves by country (via "
    "globalsouthworld.com, wionews.com and investingnews.com rewrites).",
    2025, "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf",
    "F. Reserves (Mt REO): China 44, Brazil 21, India 6.9, Australia 5.7, Russia 3.8, Vietnam 3.5, USA 1.9, "
    "Greenland 1.5, Tanzania 0.89, South Africa 0.86; Burma (Myanmar) not available.",
)
SMM_OPRATE = src(
    "smm_ndfeb_operating_rate_2025", "citation",
    "Shanghai Metals Market (Sep 2025), 'Rising costs, decline in demand, NdFeB production declined in August' "
    "(SMM frontline survey).",
    2025, "https://news.metal.com/newscontent/103528985/",
    "F. China sintered NdFeB output 29,599 t in Aug 2025; national average operating rate 69.24% (top-tier "
    "67.34%, mid-tier 66.97%, tail 62.13%). Used as the utilisation of China's 2024 magnet nameplate (a 2025 "
    "figure standing for 2024).",
)
SMM_OVERCAP = src(
    "smm_overcapacity_2013_2024", "citation",
    "Shanghai Metals Market: 'Rare earth capacity utilization rate falls short of 40%' (CNIA president Chen "
    "Quanxun, 3 Apr 2013); SMM forum (Liu Hao, 30 May 2024) on 'midstream overcapacity'; Metalnomist (Aug 2024) on "
    "'reduced capacity utilization in the magnet industry'.",
    2024, "https://news.metal.com/newscontent/100047918/rare-earth-capacity-utilization-rate-falls-short-of-40/",
    "F. Qualitative evidence that China's midstream runs below nameplate; no 2024 utilisation figure for "
    "separation or metal making was found.",
)
NRE_GD = src(
    "metalnomist_nre_goldendragon_2025", "citation",
    "Metalnomist (Feb 2025), China Northern Rare Earth and Golden Dragon oxide line in Baotou.",
    2025, "https://metalnomist.com/",
    "F. 5 kt/yr REO separation line, 457 m yuan (capex at a_fx_cny_2024). Start year not stated (a_project_years).",
)
FX_CNY = src(
    "a_fx_cny_2024", "assumption",
    "1 CNY = 0.139 USD (2024 average, about 7.19 CNY per USD) to convert announced Chinese capex.",
    None, "",
    "M: recalled, to double-check; the Liangshan figure's own rewrite gives 587 m yuan = USD 81.5 m (0.139).",
)
GREENLAND_U = src(
    "greenland_uranium_act_2021", "citation",
    "Greenland Parliament (Inatsisartut) Act No. 20 of 1 Dec 2021 on uranium (passed 9 Nov 2021), as reported by "
    "World Nuclear News (24 Mar 2022) and in the Energy Transition Minerals arbitration coverage.",
    2022, "https://www.world-nuclear-news.org/Articles/Greenland-Minerals-seeks-clarity-on-Kvanefjeld-lic",
    "F. Bans prospecting, exploration and exploitation of deposits with >= 100 ppm uranium; Kvanefjeld holds "
    "~300-360 ppm; the exploitation licence was refused (2023) and the company went to arbitration. Kvanefjeld is "
    "therefore left out of deposits.csv and projects.csv.",
)
ADAMAS_PM = src(
    "adamas_pm_motors", "citation",
    "Adamas Intelligence: '93% of all passenger EVs sold in 2018 used permanent magnet traction motors' (7 Mar 2019); "
    "H1-2021 EV motor tracker note (11 Aug 2021).",
    2021, "https://www.adamasintel.com/93-percent-evs-used-pm-motors-2018/",
    "F. PM share of passenger BEV/PHEV/HEV traction motors 93% (2018), 92.1% of units and 90.0% of power (H1 2021); "
    "PM motors up to 15% more efficient than induction; compensating an induction motor with +5% of a 60 kWh pack "
    "costs upwards of US$300 per vehicle at US$100/kWh.",
)
IDTECHEX = src(
    "idtechex_ev_motors_2023", "citation",
    "IDTechEx, 'Electric Motors for Electric Vehicles 2024-2034' (press release, June 2023).",
    2023, "https://www.idtechex.com/",
    "F. PM motors have consistently held more than 75% of the electric-car market (2015-2022).",
)
TESLA_BMW = src(
    "oem_re_thrift", "citation",
    "Tesla Investor Day, 1 Mar 2023 (via telematicsnews, teslarati): rare-earth use in the Model 3 drive unit cut 25% "
    "2017-2022, next PM motor with no rare earths announced; BMW Gen6 eDrive (EESM) via Assembly Magazine 2024; "
    "Renault Group (LinkedIn article 'Renault eMotors: high efficiency without rare earths', 2024).",
    2024, "https://www.assemblymag.com/",
    "F: Tesla -25% RE per drive unit (5 yr); BMW Gen6 EESM system losses -40%, cost -20%, weight -10% vs Gen5. W (OEM "
    "claim): Renault's 2021 study found its EESM 2% more efficient than a PMSM (15 of 650 km, C-SUV); EESM made at "
    "Cleon from 2027.",
)
SMM_WIND = src(
    "smm_wind_drivetrains_2024", "citation",
    "Shanghai Metals Market (27 Dec 2024), wind-turbine drivetrains in China.",
    2024, "https://news.metal.com/",
    "F. Direct-drive penetration of new Chinese turbines fell to ~10%, replaced by semi-direct-drive (medium-speed "
    "PM) designs.",
)
HEIM_WIND = src(
    "heim2023_wind_intensity", "citation",
    "Heim J.W., Vander Wal R.L. (2023), Minerals 13:1274 (as heim2023), magnet intensity of wind generators "
    "(ree-data.md section 4).",
    2023, "https://doi.org/10.3390/min13101274",
    "F. Direct-drive PMSG 0.625-0.85 t NdFeB per MW; about 0.5 t/MW averaged over the fleet.",
)
ADAMAS_CE = src(
    "adamas_ce_ndfeb", "citation",
    "Adamas Intelligence, 'Ce-NdFeB: a gift or a curse?' (c. 2021); Argus (2025) on CeFeB output in China.",
    2021, "https://www.adamasintel.com/",
    "F: Ce-NdFeB magnets took 18% of global Ce-oxide use (5% in 2017), in speakers, e-bikes and industrial uses, "
    "partly displacing ferrite. W: CeFeB output in China 'around 100 kt' (market participants).",
)
NOVATORQUE = src(
    "petro2011_ferrite_pm", "citation",
    "Petro J. (2011). Achieving high electric motor efficiency. EEMODS 2011, paper 060 (NovaTorque).",
    2011, "",
    "F (abstract). Ferrite PM motors with flux concentration reach 93% efficiency at 2.2 kW, above IE3 (89.5%), "
    "without rare-earth magnets.",
)
EV_MAGNET_KG = src(
    "ev_magnet_mass", "citation",
    "Magnet mass per EV traction motor: 'about 1-2 kg of rare earth magnets' (thevoltbridge.com) and 'about 1.2 kg "
    "of sintered NdFeB per 100 kW' (Mainrich, magnet vendor).",
    2025, "https://www.mainrichinternational.com/applications/ev-motors",
    "W (vendor and trade pages). 1.5 kg per vehicle (midpoint of 1-2 kg) is used.",
)
# --- derived ---
STOICH = src(
    "d_stoichiometry", "derived",
    "Mass fraction of the metal in its oxide, from atomic masses (Nd 144.24, Pr 140.91, Dy 162.50, "
    "Tb 158.93, O 16.00).",
    None, "",
    "Nd2O3 288.48/336.48 = 0.8573; Pr6O11 845.46/1021.46 = 0.8277; Dy2O3 325.00/373.00 = 0.8713; "
    "Tb4O7 635.72/747.72 = 0.8502. Metal making: oxide in = 1/(fraction x yield) per kt metal.",
)
FX = src(
    "a_fx_2024", "assumption",
    "Exchange rates used to convert announced capex: 1 AUD = 0.66 USD, 1 CAD = 0.73 USD, 1 EUR = 1.08 USD "
    "(approximate 2024 averages).",
    None, "", "M: recalled, to double-check. Nominal figures are used as real 2024 USD without inflation "
    "adjustment.",
)
FREIGHT = src(
    "d_freight", "derived",
    "Freight cost for every tradable commodity: 0.12 MUSD/kt (= US$120/t).",
    None, "",
    "US$2,800 per FEU (Drewry WCI 10-yr average, drewry_wci) / 22.5 t per FEU (20-25 t) = US$124/t, "
    "rounded to 0.12. For ore (kt REO): bulk mineral sands US$28-90/t of concentrate at ~45% REO "
    "(Ngualla concentrate grade) = US$62-200/t REO, which brackets the same figure.",
)
COMPOSITION = src(
    "d_compositions", "derived",
    "Feed compositions derived from cited shares.",
    None, "",
    "ionic_mixed: see d_ionic_blend. nolans = monazite profile with "
    "La, Ce, Pr, Nd rescaled so that Nd+Pr = 26.4% of TREO (deposit_studies). songwe = the same with "
    "Nd+Pr = 32.8% and Dy+Tb = 0.94% split in the Longnan Dy:Tb ratio 6.7:1.3.",
)
RECIPES = src(
    "d_recipes", "derived",
    "Magnet recipes (kt metal per kt finished magnet) and production scrap.",
    None, "",
    "metal e per kt finished magnet = 0.31 (yang2017) x f_e / (1 - s), s = 0.275 (midpoint of the 25-30% "
    "scrap share, argus_recycling_2025); swarf out = s/(1 - s) = 0.3793 kt, written by element: scrap:swarf_e = s x "
    "metal e in (kt e contained; blends.csv makes it follow the blend chosen). f_e shares of RE: EV "
    "78.5/11.8/8.1/1.6% Nd/Pr/Dy/Tb and wind 76.0/12.5/8.4/3.1% (IEA sheets 4.3, 4.2; iea_gcmo2025). "
    "'std' recipe (electronics, other): Dy and Tb chosen so the 2024 world mix reproduces the Dy:Tb:PrNd "
    "ratio of China's recycled scrap (710:160:26,504 t, argus_recycling_2025): Dy 1.104%, Tb 0.099% of RE; "
    "Nd:Pr of the rest (75.6:24.4) chosen so the world's 2024 Nd:Pr need equals the Nd:Pr of recorded 2024 "
    "ore (PrNd blended as mined; Pr can replace up to 25% of Nd, W). Recycling (activity in kt swarf): mode e takes "
    "the 0.31 kt of RE a kt of swarf holds as scrap:swarf_e and makes 0.31 x 0.95 / (metal fraction of the oxide) kt "
    "oxide e, so a kt of a recipe's swarf gives 0.31 x f_e x 0.95 / (metal fraction) of each oxide, as before. The modes "
    "share one capacity counted in RE-equivalent swarf (RE held / 0.31): where the blend swaps Dy for 1/1.9 as much Tb "
    "the swarf holds a little less RE than 31%.",
)
DEMAND_D = src(
    "d_demand_magnets", "derived",
    "Magnet demand (kt finished magnet) from IEA magnet-REE demand (kt element).",
    None, "",
    "magnet[sector] = D[sector] x (1 - s) / 0.31 with s = 0.275, i.e. the IEA figure is read as the RE "
    "metal taken in by magnet makers (gross of production scrap). Check: 90.9 kt x 0.725/0.31 = 212.6 kt "
    "finished = 293 kt of blanks, vs China 260 kt (SMM forecast) at ~91% of the world. 'other uses' is "
    "split into electronics (30% of all NdFeB volume in 2024, heim2023, share of 'other uses' held "
    "constant) and other. APS/NZE other uses = total - EV - wind. 2024 is common to all cases. Region "
    "split: see a_regional_demand.",
)
SEED_D = src(
    "d_demand_seed", "derived",
    "Seed case: the seed paper's (wu2023_seed) Pr+Nd path, ~50 kt (2020) -> ~100 kt (taken as 2030), flat after 2030.",
    None, "",
    "Every STEPS magnet demand row scaled by NdPr_seed(t)/NdPr_steps(t), where NdPr_steps is the Nd+Pr "
    "metal of the STEPS demand and NdPr_seed is read as kt Nd+Pr metal: 2024 = 50 + 0.4 x 50 = 70 kt "
    "(interpolated); 2030-2050 = 100 kt. The year 2030 and the flat path after it are assumptions.",
)
CAPEX_D = src(
    "d_capex", "derived",
    "Capex per unit of capacity = announced capex / announced capacity (USD at a_fx_2024).",
    None, "",
    "mining_hardrock 19.8 = US$321m/16.2 kt TREO (Ngualla, mine + concentrator); mining_ionic_clay 92.9 = "
    "US$120.8m/1.3 kt (Makuutu, to mixed carbonate); separation 66.0 = A$1.75bn x 0.66/17.5 kt (Eneabba, "
    "greenfield cracking + full SX); separation_light 42.0 = 66.0 - 24.0 (Lynas HRE plant US$120m/5 kt "
    "feed taken as the cost of the heavy circuit); hre_separation 360 = US$120m / 0.333 kt Dy+Tb (5 kt "
    "feed x 200/3,000 Dy+Tb yield of MP's HRE circuit); magnet_sintered 40.5 = EUR 75m x 1.08/2 kt "
    "(Neo Narva); recycling 50 = US$25m/0.5 kt feed (Cyclic Kingston). Deposits: Songwe 52.3 = US$311.2m/5.954; "
    "Lofdal 103.6 = 207.1/2.0; Bear Lodge 42.6 = 290/6.8; Nolans mine 29.0 = 40% x US$1,220m/16.8 kt; Mt Weld expansion 17.9 = A$570m x 0.66/21.0 kt (29.4 -> 50.4 kt REO). Other columns of "
    "processes.csv: fixed_om per a_fixed_om, lifetime per a_lifetimes, lead_time per a_lead_times, var_cost per "
    "d_opex (mining, separation, magnets), a_metal_costs and a_recycling_cost.",
)
OPEX_D = src(
    "d_opex", "derived",
    "Variable costs of mining and separation from integrated mine-to-oxide costs, split 40% mining and "
    "concentration / 60% cracking and separation (the split is an assumption).",
    None, "",
    "China: US$8.5/kg REO (midpoint of Baotou 7-10, adamas_baotou_cost_2019) -> mining 3.4, separation "
    "5.1 USD/kg. Elsewhere: Nolans A$61.60/kg NdPr x 0.264 x 0.66 = US$10.7/kg REO "
    "(arafura_nolans_cost_2022) -> mining 4.3, separation 6.4. Both sources measure mine-to-oxide cost, so "
    "China's lower cost applies to its mining (deposit var_cost 3.4) and separation (5.1) only; metal making, "
    "magnets and recycling have no China-specific cost figure and take the process values. Magnet making: 5.0 USD/kg magnet = non-raw-material "
    "share 20% (sdm_magnet_cost, W) of a cost of ~US$20/kg, whose 80% raw-material part is ~0.31 x "
    "US$63/kg NdPr metal (53.60/0.852, argus_prnd_2024) = US$19.5/kg -> (19.5/0.8) x 0.2 = 4.9.",
)
DEPOSIT_D = src(
    "d_deposits", "derived",
    "Deposit reserves and extraction ceilings derived from cited figures, on one rule for every named deposit, "
    "Chinese or not: ceiling = max(announced, target or demonstrated capacity, reserves / 30 yr).",
    None, "",
    "Reserves (kt REO) = tonnage x grade, or life x rate where no reserve is given: Bayan Obo 35,000 "
    "(metalnomist_baogang_2025); Sichuan 4,960 (Maoniuping alone, creg_maoniuping_2024; a lower bound for the province); "
    "Mountain Pass 1,300 (molycorp_reserves_2012); Mt Weld 32 Mt x 6.44% = 2,061; Nolans 29.5 x 2.9% = 855.5; "
    "Nechalacho 94.7 x 1.46% = 1,383 (resource, not reserve); Steenkampskraal 0.605 x 14.45% = 87.4; Songwe 18 x "
    "5.954 = 107.2; Lofdal 16 x 2.0 = 32; Serra Verde 25 x 5.0 = 125; Ngualla 887; Makuutu 146.7; Bear Lodge 450 "
    "(deposit_studies). Announced/target/demonstrated capacity: Mt Weld 50.4 = 12.0 kt NdPr/0.238 (Kalgoorlie "
    "nameplate 29.4 = 7.0/0.238); Nolans 16.8 = 4.44/0.264; Mountain Pass 50.692 (2025 output, mp_results); Sichuan "
    "= 2024 capacity + 30 (Liangshan-Mianning); China's ionic clays = 2024 quota capacity (falling, -7.3% in 2024; no "
    "reserve figure). 30 yr = the median planned mine life (a_lifetimes): the rate that would exhaust the reserve "
    "in one planned life is the documented expansion path beyond announced plans; generic builds fill it (5-yr lead "
    "time, build limits). Results: Bayan Obo 1,166.7, Sichuan 165.3, Mt Weld 68.7, Nechalacho 46.1, Ngualla 29.6, "
    "Nolans 28.5, Bear Lodge 15, Makuutu 4.9, Steenkampskraal 2.9; announced size binds for Mountain Pass, Songwe, "
    "Lofdal, Serra Verde. China's 2024 split: Bayan Obo 189 = 2 x 94.5 (CNRE H1 quota, projectblue_2024h1; CNRE "
    "taken as Bayan Obo; NRE's full-year quota 188.65), ionic 20.28 = 2 x 10.14, Sichuan 60.72 = 270 - 189 - 20.28. "
    "Kvanefjeld (Greenland) is left out: greenland_uranium_act_2021.",
)
EXCHINA_CAP = src(
    "d_exchina_capacity", "derived",
    "Capacities outside China derived from named plants (nameplate or demonstrated).",
    None, "",
    "Separation (kt REO feed): Lynas Malaysia 31.0 = 7.0 kt NdPr/(0.238 x 0.95); MP 27.5 = 4.0 kt NdPr "
    "run-rate/(0.153 x 0.95); White Mesa 4.4 = 0.925 kt NdPr/(0.22 x 0.95); Silmet 3.0; IREL 5.0; Russia "
    "2.5 (output). Magnets (finished = blanks x 0.725): Japan 13.78 (19.0 kt = 19.3% of 98.2 kt in 2010, "
    "assumed unchanged), Vietnam 1.60 (2.2 kt), Europe 0.725 (1.0 kt), US 1.45 (Noveon 2.0 kt). Metal: "
    "Japan 1.94 = 33% of the RE metal its magnet makers use (19.0 x 0.31), after the 67% import share "
    "from China (couragemagnet_2022, W); UK 0.11 (2 cells x 55 t). Recycling: China 231 kt swarf = 80 kt "
    "REO / 0.346 kt REO per kt std swarf.",
)

GBD_D = src(
    "d_gbd_recipes", "derived",
    "GBD magnet route (modes ev_gbd, wind_gbd of magnet_sintered) for EV and wind magnets: half the Dy and Tb of the "
    "IEA recipes, the RE content kept at 31% by more Nd+Pr (in the recipe's Nd:Pr ratio); variable cost +0.5 USD/kg "
    "(mode_costs.csv: +10%, midpoint of +5-15%, of the 5.0 USD/kg of magnet making).",
    None, "",
    "From gbd_ieee2017. GBD is a step after sintering, run on sintered-magnet capacity (so any magnet plant may use it); "
    "the 2024 mix is the IEA recipes, so the base-year run uses bulk modes unless Dy/Tb are dear. Its swarf is s x the "
    "metal it takes, element by element, like bulk swarf (an approximation: real GBD swarf is machined before diffusion, "
    "so it holds even less Dy/Tb).",
)
BUILD_D = src(
    "d_build_limits", "derived",
    "Most new capacity per region and year: China mining 32.5 kt REO/yr per yr and separation 29.75 kt/yr per yr "
    "(fastest recent growth of MIIT quotas: mining 140 -> 270 kt and separation 135 -> 254 kt over 2020-2024, "
    "miit_quota_2024); every other region, mining 15.6 kt REO/yr per yr (4% of the 390 kt world market per "
    "year, sprecher2017).",
    None, "",
    "Applied per region (the engine does not pool '*' or groups). Later stages have no limit (no figure).",
)

# --- assumptions ---
DAMODARAN = src(
    "damodaran_ctryprem_2025", "citation",
    "Damodaran A. (January 2025). Country Default Spreads and Risk Premiums (ctryprem.xlsx), NYU Stern; "
    "values read from a third-party copy: GitHub dstprm/laf, src/app/valuation/countryRiskPremiumStatic.ts "
    "(commit 04baaa5), whose mature-market ERP (4.33%) is Damodaran's 1 Jan 2025 implied ERP.",
    2025, "https://pages.stern.nyu.edu/~adamodar/New_Home_Page/datafile/ctryprem.html",
    "F (copy; the original file could not be opened here, so the vintage is inferred). Country risk premium "
    "(rating-based default spread x 1.35): USA, Canada, Australia, Germany 0; South Korea 0.66; France, UK 0.80; "
    "China, Japan, Estonia 0.94; Greenland 1.12; Malaysia 1.60; Thailand 2.13; India 2.93; Brazil 3.34; Vietnam, "
    "South Africa, Russia 4.02; Tanzania, Namibia 6.01; Madagascar 7.34; Uganda 8.68; Nigeria 10.01; Malawi 12.02; "
    "Myanmar, Laos 13.35 (%).",
)
SEDAR_RATES = src(
    "ovalle2020_discount_rates", "citation",
    "Ovalle A. (2020). Discount rates in NI 43-101 technical reports of 100 SEDAR projects. MassMin 2020; with "
    "feasibility-study rates of REE projects (Ngualla 8% real, Makuutu 8%, Kvanefjeld 8%, Nolans and Bear Lodge 10%) "
    "as collected in the project's reference notes (ree-data-2 section 8).",
    2020, "",
    "F. Average real discount rate 7.18% over 100 projects (8.36% without the 35 that used 5%).",
)
COC_D = src(
    "d_cost_of_capital", "derived",
    "Real cost of capital by region = 8.0% + the region's country risk premium (damodaran_ctryprem_2025).",
    None, "",
    "coc_r = 0.080 + CRP_r. The 8.0% base is the real rate for a zero-CRP jurisdiction: within the 7.18-8.36% "
    "average of NI 43-101 studies (mostly Canada, ovalle2020_discount_rates) and equal to the 8% real of the "
    "Ngualla, Makuutu and Kvanefjeld studies. The whole CRP is added to the cost of capital (all-equity financing "
    "at beta 1), a simplification. Regions holding several countries take the mean CRP of the countries whose "
    "plants or deposits are in the data: EU = mean(Germany 0, France 0.80, Estonia 0.94) = 0.58 (Silmet/Narva in "
    "Estonia, La Rochelle and Lacq in France); east_africa = mean(Tanzania 6.01, Uganda 8.68) = 7.345 (Ngualla, "
    "Makuutu); southern_africa = mean(South Africa 4.02, Namibia 6.01, Malawi 12.02) = 7.35 (Steenkampskraal, "
    "Lofdal, Songwe); rest_of_world = India's 2.93 (Baa3, the median rating of the table's emerging rows; an "
    "assumption). Replaces the unsourced a_cost_of_capital (China 7.5%, allied 8%, others 10-15%).",
)
A_RECOVERY = src(
    "a_recovery", "assumption",
    "Separation recovers 95% of each element (full SX); light-only routes send 95% of Dy and Tb to a "
    "heavy concentrate that a heavy-RE plant separates without further loss; recycling recovers 95% of "
    "the RE in swarf; metal making yields 95%.",
    None, "",
    "No industrial recovery figure found. 95% for recycling is a little below the ~97% reported for a new "
    "swarf route (chowdhury2021); 95% metal yield follows sharma_seefurth_1988 (calciothermic reduction, "
    "a proxy for electrolysis). With s = 0.275 these give 2024 recycled PrNd 27 kt, Dy 0.71 kt, Tb 0.16 kt "
    "vs 26.5/0.71/0.16 reported (argus_recycling_2025).",
)
A_FIXED_OM = src(
    "a_fixed_om", "assumption",
    "Fixed O&M = 4% of capex per year for every process.",
    None, "", "Engineering rule of thumb (2-5% of capex); no REE-specific figure found.",
)
A_LIFE = src(
    "a_lifetimes", "assumption",
    "Asset lifetimes: mining 30 yr, separation 25, heavy-RE separation 25, metal 20, magnet 20, recycling 15.",
    None, "",
    "Mining: median of planned mine lives in deposit_studies (16, 18, 24, 25, 35, 37, 38, 45 yr -> 30). "
    "Others: typical plant lives; no source.",
)
A_LEAD = src(
    "a_lead_times", "assumption",
    "Lead times from build decision to first output: mining 5 yr, separation 5, heavy-RE separation 2, "
    "metal 3, magnet 3, recycling 2.",
    None, "",
    "Separation: Eneabba FID Apr 2022 -> 2027 (F). Metal and magnets: MP Fort Worth Apr 2022 -> metal "
    "Jan 2025, magnets end 2025; MP 10X Jul 2025 -> 2028; Neo Narva ~2 yr (F). Heavy-RE: Lynas Malaysia "
    "HRE plant ~2 yr (M). Mining: FID to production for a studied deposit, taken like Eneabba (5 yr); "
    "S&P's 15.7-yr average from discovery includes exploration and studies, which the deposits listed have "
    "mostly passed; China expanded existing mines faster (quota 140 -> 270 kt in 4 yr). "
    "Recycling: assumption.",
)
A_METAL = src(
    "a_metal_costs", "assumption",
    "Metal making (molten-salt electrolysis): capex 30 MUSD per kt/yr (US$30k per t/yr), variable cost "
    "4.0 USD/kg metal outside China (3.2 in China).",
    None, "",
    "No metal-only capex or cost found. The capex is a placeholder well below the integrated SRC demo "
    "(C$101m/400 t = ~US$184k per t/yr including cracking and SX); the variable cost is a placeholder. "
    "Both are shaky.",
)
A_RECYCLE_COST = src(
    "a_recycling_cost", "assumption",
    "Swarf recycling (hydrometallurgy to oxides): variable cost 2.2 USD/kg swarf outside China (1.7 in "
    "China).",
    None, "",
    "Set so that recycling costs per kg REO out equal primary separation (6.4 USD/kg REO x 0.346 kg REO "
    "per kg swarf = 2.2). No source.",
)
SWARF_E_D = src(
    "d_swarf_elements", "derived",
    "Swarf by element (scrap:swarf_nd, _pr, _dy, _tb), in kt of RE metal contained: freight 0.387 and disposal "
    "0.323 USD/kg RE = 0.12 (d_freight) and 0.1 (a_disposal) USD/kg swarf / 0.31 kg RE per kg swarf.",
    None, "",
    "Swarf is 27.5% of the alloy taken in (argus_recycling_2025) and holds its 31% RE (yang2017), so 1 kg of RE in "
    "swarf travels and is disposed of with 1/0.31 = 3.23 kg of swarf; costs per kg of swarf are d_freight and a_disposal.",
)
A_DISPOSAL = src(
    "a_disposal", "assumption",
    "Disposal or stockpiling of surplus oxides, heavy concentrates and swarf costs 0.1 USD/kg.",
    None, "",
    "Storage/handling of the order of freight; no source. There is no non-magnet demand in the dataset "
    "(no sourced figure), so La, Ce and 'other' oxides all show as disposal: the balance problem. Dy and Tb "
    "oxides are not disposed of in models/global.yaml: its stockpile rules (months 0: no target) let them "
    "be carried to a later period at the policy's holding cost (0.5 USD/kg/yr, an assumption), as China "
    "stocks heavy rare earths when their prices are low (china_hree_stockpiles).",
)
HREE_STOCKS = src(
    "china_hree_stockpiles", "citation",
    "Bloomberg (5 Aug 2014), 'China said to add 10,000 tons to rare earths stockpiles'; Reuters (23 Aug 2012) "
    "via fnvaworld.org, 'China may start building rare earths stockpile in Sept'.",
    2014, "http://www.bloomberg.com/news/2014-08-05/china-said-to-add-10-000-tons-to-rare-earths-stockpiles-1-.html",
    "F. The State Reserve Bureau bought 10,000 t of rare earths in one week (2014) and may stockpile more "
    "medium-to-heavy rare earths such as terbium; an 18,000 t strategic stockpile (2012) to 'preserve the more "
    "scarce medium and heavy rare earths'; producers were encouraged to build their own stocks when prices fell. "
    "Gives the behaviour (heavy rare earths in surplus are stocked, not discarded), not a cost.",
)
A_FEED_PROXY = src(
    "a_feed_proxies", "assumption",
    "Feed types of deposits without a published split: Sichuan (Maoniuping/Weishan), Vietnam (Dong Pao) = "
    "Mountain Pass bastnaesite; Russia (Lovozero loparite), Nigeria, India, Malaysia, Madagascar (QMM), "
    "Steenkampskraal, Nechalacho, Ngualla, Bear Lodge, rest of world = mineral-sands monazite "
    "profile; Myanmar, China's ionic quota, Thailand, Brazil (Serra Verde), Makuutu = ionic_mixed; Lofdal "
    "(xenotime, Dy 5.9%, Tb 0.9% of output) = Longnan HREE profile.",
    None, "",
    "Light-RE ores mostly carry NdPr at 15-26% of TREO, so the monazite or bastnaesite profile is the "
    "closest published proxy. Shaky for Ngualla and Bear Lodge.",
)
A_DEPOSIT_MAX = src(
    "a_deposit_max", "assumption",
    "Country aggregates (unnamed or informal mines) are capped at their peak recent output: Myanmar 43 kt in 2023, "
    "Thailand 13, Nigeria 13 (2024), Madagascar 6.8 (2021), Vietnam 4.3 (2022), India 2.9, Russia 2.7 (2019), "
    "Malaysia 0.31 and rest of world 1.44 (2023) (usgs_mcs_2020_2024, usgs_mcs2025), scaled by K like every "
    "recorded output (d_calibration_2024). The peak is also their existing (demonstrated) capacity, with 2024 "
    "utilisation = 2024 output / peak (d_existing_nameplate).",
    None, "",
    "Their expansion potential is unknown: a country reserve (usgs_mcs2025_reserves: Vietnam 3.5 Mt, India 6.9, "
    "Russia 3.8) is not a deposit's, so the reserves/30 rule of d_deposits is not applied to them; the reserve is "
    "kept as the cumulative limit. Myanmar has no USGS reserve figure ('not available'); Thailand, Nigeria, "
    "Madagascar, Malaysia have none in the rewrites seen. Myanmar's ionic clays take China's variable mining cost "
    "(3.4 USD/kg, d_opex): same in-situ leaching, largely Chinese operators. Myanmar's fall from 43 kt (2023) to "
    "31 kt (2024) came from the war in Kachin State, not from demand (reuters_myanmar_2025), so models/global.yaml "
    "holds its existing capacity at the 2024 utilisation in every year (held_at_base_year); more needs a build.",
)
MYANMAR_2025 = src(
    "reuters_myanmar_2025", "citation",
    "Reuters (28 Mar 2025), 'Myanmar rebels disrupt China rare earth trade, sparking regional scramble' (via Arab News).",
    2025, "https://www.arabnews.pk/node/2595122",
    "F. The Kachin Independence Army seized northern Myanmar's rare-earth mining belt (Pangwa, Chipwe) in October "
    "2024, sites producing roughly half of the world's heavy rare earths; China's imports of rare-earth oxides and "
    "compounds from Myanmar fell to 311 t in February 2025, -89% year on year, most of the fall after October; "
    "China had halted imports and ammonium sulphate exports during the fighting (Reuters via minersnews).",
)
A_REGION_DEMAND = src(
    "a_regional_demand", "assumption",
    "Regional split of magnet demand, the same for every sector, case and year: China 61.31%, EU 5.64%, "
    "USA 4.02%, Japan 6.48%, rest of world 22.55%.",
    None, "",
    "China = (260 kt blanks x 0.725 - 58.152 kt exports) / 212.6 kt world (smm_magnets_2024, "
    "adamas_exports_2024); EU = 12 kt (argus_europe_magnets); USA = 12 x 590.6 t (July 2024 imports, "
    "reuters_magnet_exports_2025) + 1.45 kt domestic; Japan = its own output 13.78 kt "
    "(chinaorg_2013_ndfeb2010); the rest of world (South Korea, Vietnam, India, Taiwan, Mexico, Thailand, "
    "Turkey, ...) is the remainder. No per-country figures found for South Korea, UK, Canada, Australia: "
    "their demand is inside rest_of_world.",
)
A_PROJECT_YEARS = src(
    "a_project_years", "assumption",
    "Start years of projects whose date is not announced: Mt Weld expansion 2026, Ngualla/Songwe/Makuutu "
    "2028, Nolans/Lofdal 2029, Bear Lodge 2030, Nechalacho 2027, Serra Verde phase II 2029, "
    "LCM expansion 2027, USA Rare Earth phase 2 2027, Neo Narva phase 2 2028; in China, the NRE-Golden Dragon oxide "
    "line 2026 (announced Feb 2025) and the Liangshan-Mianning expansion 2027 (agreement May 2025).",
    None, "",
    "Announced projects are optional in the model (never online before start_year), so a late date only "
    "narrows the option; committed ones are MP, Lynas, Iluka, Neo Narva phase 1, SRC and USA Rare Earth "
    "phase 1, which are built or under construction.",
)

# ---------------------------------------------------------------------------------------------
# Regions
# ---------------------------------------------------------------------------------------------
# Country risk premia, % (damodaran_ctryprem_2025); a region holding several countries takes the mean of the
# countries whose plants or deposits are in the data (d_cost_of_capital).
CRP = {"usa": 0.0, "canada": 0.0, "australia": 0.0, "germany": 0.0, "south_korea": 0.66, "france": 0.80, "uk": 0.80,
       "china": 0.94, "japan": 0.94, "estonia": 0.94, "greenland": 1.12, "malaysia": 1.60, "thailand": 2.13,
       "india": 2.93, "brazil": 3.34, "vietnam": 4.02, "south_africa": 4.02, "russia": 4.02, "tanzania": 6.01,
       "namibia": 6.01, "madagascar": 7.34, "uganda": 8.68, "nigeria": 10.01, "malawi": 12.02, "myanmar": 13.35,
       "laos": 13.35}
REGION_COUNTRIES = {"eu": ("germany", "france", "estonia"), "east_africa": ("tanzania", "uganda"),
                    "southern_africa": ("south_africa", "namibia", "malawi"), "rest_of_world": ("india",)}
COC_BASE = 0.080


def cost_of_capital(region: str) -> float:
    """coc_r = 8.0% + mean CRP of the region's countries (d_cost_of_capital)."""
    countries = REGION_COUNTRIES.get(region, (region,))
    return round(COC_BASE + sum(CRP[c] for c in countries) / len(countries) / 100, 5)


REGIONS = [
    # region, name, group
    ("china", "China", "china"),
    ("usa", "United States", "allied"),
    ("canada", "Canada", "allied"),
    ("australia", "Australia", "allied"),
    ("japan", "Japan", "allied"),
    ("south_korea", "South Korea", "allied"),
    ("eu", "European Union", "allied"),
    ("uk", "United Kingdom", "allied"),
    ("myanmar", "Myanmar", "other"),
    ("laos", "Laos", "other"),
    ("vietnam", "Vietnam", "other"),
    ("thailand", "Thailand", "other"),
    ("malaysia", "Malaysia", "other"),
    ("brazil", "Brazil", "other"),
    ("india", "India", "other"),
    ("russia", "Russia", "other"),
    ("greenland", "Greenland", "other"),
    ("east_africa", "East Africa (Tanzania, Uganda, Kenya, Burundi)", "other"),
    ("southern_africa", "Southern Africa (South Africa, Malawi, Namibia)", "other"),
    ("madagascar", "Madagascar", "other"),
    ("nigeria", "Nigeria", "other"),
    ("rest_of_world", "Rest of world", "other"),
]

# ---------------------------------------------------------------------------------------------
# Elements, feeds
# ---------------------------------------------------------------------------------------------
METAL_FRACTION = {"nd": 288.48 / 336.48, "pr": 845.46 / 1021.46, "dy": 325.00 / 373.00, "tb": 635.72 / 747.72}
MAGNET_ELEMENTS = ("nd", "pr", "dy", "tb")
TB_WEIGHT = 1.9  # a_tb_dy_equivalence: 1 kg Tb does the work of 1.9 kg Dy


def with_other(shares: dict[str, float]) -> dict[str, float]:
    out = {e: v for e, v in shares.items() if v > 0}
    out["other"] = round(1.0 - sum(out.values()), 6)
    return out


MONAZITE = {"la": 0.24, "ce": 0.46, "pr": 0.05, "nd": 0.17, "dy": 0.007, "tb": 0.0004}
LONGNAN = {"la": 0.018, "ce": 0.004, "pr": 0.007, "nd": 0.030, "dy": 0.067, "tb": 0.013}
XUNWU = {"la": 0.434, "ce": 0.024, "pr": 0.090, "nd": 0.317}


def rescale_light(base: dict[str, float], ndpr: float, heavy: dict[str, float] | None = None) -> dict[str, float]:
    """Monazite-like profile with Nd+Pr set to `ndpr` (ratio kept) and La+Ce filling the rest."""
    heavy = heavy or {"dy": base["dy"], "tb": base["tb"]}
    other = 1.0 - sum(base.values())
    nd_share = base["nd"] / (base["nd"] + base["pr"])
    la_share = base["la"] / (base["la"] + base["ce"])
    lace = 1.0 - ndpr - sum(heavy.values()) - other
    return {"la": lace * la_share, "ce": lace * (1 - la_share), "pr": ndpr * (1 - nd_share),
            "nd": ndpr * nd_share, **heavy}


FEEDS = {
    "bayan_obo": (with_other({"la": 0.25, "ce": 0.50, "pr": 0.05, "nd": 0.175, "dy": 0.001, "tb": 0.0002}), CASTOR),
    "bastnaesite": (with_other({"la": 0.323, "ce": 0.502, "pr": 0.157 * 0.12 / 0.46, "nd": 0.157 * 0.34 / 0.46}), MP_10K),
    "mt_weld": (with_other({"la": 0.255, "ce": 0.467, "pr": 0.053, "nd": 0.185, "dy": 0.0012, "tb": 0.0007}), LYNAS_COMP),
    "monazite": (with_other(MONAZITE), CASTOR),
    "ionic_lree": (with_other(XUNWU), CASTOR),
    "ionic_hree": (with_other(LONGNAN), CASTOR),
    "nolans": (with_other(rescale_light(MONAZITE, 0.264)), COMPOSITION),
    "songwe": (with_other(rescale_light(MONAZITE, 0.328, {"dy": 0.0094 * 6.7 / 8.0, "tb": 0.0094 * 1.3 / 8.0})), COMPOSITION),
}
FEED_NAMES = {
    "bayan_obo": "Bayan Obo bastnaesite-monazite concentrate",
    "bastnaesite": "Carbonatite bastnaesite concentrate (Mountain Pass profile)",
    "mt_weld": "Mount Weld (CLD) monazite concentrate",
    "monazite": "Mineral-sands monazite concentrate",
    "ionic_lree": "Ionic-clay mixed carbonate, light type (Xunwu profile)",
    "ionic_hree": "Ionic-clay mixed carbonate, heavy type (Longnan profile)",
    "ionic_mixed": "Ionic-clay mixed carbonate, light/heavy blend calibrated to the 2024 Dy-equivalent need",
    "nolans": "Nolans apatite-monazite concentrate",
    "songwe": "Songwe Hill carbonatite concentrate",
}

# 2024 mine output by feed (USGS MCS 2025; China split per d_deposits): used for the Nd:Pr ratio
# of the 'std' recipe and for the calibration factor K below.
USGS_2024 = [
    ("china", "bayan_obo", 189.0), ("china", "bastnaesite", 270.0 - 189.0 - 20.28), ("china", "ionic_mixed", 20.28),
    ("usa", "bastnaesite", 45.0), ("australia", "mt_weld", 13.0), ("myanmar", "ionic_mixed", 31.0),
    ("thailand", "ionic_mixed", 13.0), ("nigeria", "monazite", 13.0), ("india", "monazite", 2.9),
    ("russia", "monazite", 2.5), ("madagascar", "monazite", 2.0), ("vietnam", "bastnaesite", 0.3),
    ("malaysia", "monazite", 0.13), ("brazil", "ionic_mixed", 0.02), ("rest_of_world", "monazite", 1.1),
]


def ionic_blend(heavy: float) -> dict[str, float]:
    """Ionic-clay mixed carbonate: `heavy` of the Longnan (HREE) profile, 1 - `heavy` of the Xunwu (LREE)."""
    return with_other({e: (1.0 - heavy) * XUNWU.get(e, 0.0) + heavy * LONGNAN.get(e, 0.0) for e in LONGNAN})


def recorded_content(e: str, ionic: dict[str, float]) -> float:
    """kt of element e's oxide in 2024 recorded mine output, the ionic clays ('ionic_mixed') at profile `ionic`."""
    return sum(q * (ionic if f == "ionic_mixed" else FEEDS[f][0]).get(e, 0.0) for _, f, q in USGS_2024)

# ---------------------------------------------------------------------------------------------
# Magnet recipes, scrap, demand
# ---------------------------------------------------------------------------------------------
RE_CONTENT = 0.31  # yang2017
SCRAP = 0.275  # argus_recycling_2025 (25-30%)
REC = 0.95  # a_recovery
METAL_YIELD = 0.95  # a_recovery / sharma_seefurth_1988

SHARES_EV = {"nd": 0.785, "pr": 0.118, "dy": 0.081, "tb": 0.016}
SHARES_WIND = {"nd": 0.760, "pr": 0.125, "dy": 0.084, "tb": 0.031}

# 2024 IEA magnet-REE demand (kt element)
D24 = {"ev": 8.4, "wind": 10.5, "other_uses": 72.1}
D24_TOTAL = 90.9
# swarf-derived world averages (argus_recycling_2025)
REC_PRND, REC_DY, REC_TB = 26504.0, 710.0, 160.0
avg_dy = REC_DY / (REC_PRND + REC_DY + REC_TB)
avg_tb = REC_TB / (REC_PRND + REC_DY + REC_TB)
clean_dy = D24["ev"] * SHARES_EV["dy"] + D24["wind"] * SHARES_WIND["dy"]
clean_tb = D24["ev"] * SHARES_EV["tb"] + D24["wind"] * SHARES_WIND["tb"]
std_dy = (avg_dy * D24_TOTAL - clean_dy) / D24["other_uses"]
std_tb = (avg_tb * D24_TOTAL - clean_tb) / D24["other_uses"]
std_ndpr = 1.0 - std_dy - std_tb


def std_nd_share(ore_nd_share: float) -> float:
    """Nd share x of the 'std' recipe's Nd+Pr such that the world's 2024 Nd:Pr need (as oxide) equals the
    Nd:Pr of recorded 2024 mine output (`ore_nd_share` = Nd / (Nd + Pr) oxide), so neither is left over
    when the 2024 ore is separated."""
    m_nd, m_pr = METAL_FRACTION["nd"], METAL_FRACTION["pr"]
    nd_clean = D24["ev"] * SHARES_EV["nd"] + D24["wind"] * SHARES_WIND["nd"]
    pr_clean = D24["ev"] * SHARES_EV["pr"] + D24["wind"] * SHARES_WIND["pr"]
    std = D24["other_uses"] * std_ndpr
    ratio = ore_nd_share / (1 - ore_nd_share)  # Nd oxide per Pr oxide in the ore
    # (nd_clean + std x)/m_nd = ratio (pr_clean + std (1 - x))/m_pr, solved for x
    return (ratio * m_nd / m_pr * (pr_clean + std) - nd_clean) / (std * (1 + ratio * m_nd / m_pr))


def std_shares(ore_nd_share: float) -> dict[str, float]:
    """The 'std' recipe (electronics, other uses): Dy and Tb from the swarf averages, Nd:Pr from the ore."""
    nd = std_nd_share(ore_nd_share)
    return {"nd": std_ndpr * nd, "pr": std_ndpr * (1 - nd), "dy": std_dy, "tb": std_tb}


# swarf by element, kt of contained RE metal: its composition follows the blend the model chooses
SWARF = {e: f"scrap:swarf_{e}" for e in MAGNET_ELEMENTS}


def gbd(shares: dict[str, float]) -> dict[str, float]:
    """Half the Dy and Tb; Nd and Pr take up the difference in their own ratio (d_gbd_recipes)."""
    freed = (shares["dy"] + shares["tb"]) / 2
    ndpr = shares["nd"] + shares["pr"]
    return {"nd": shares["nd"] * (1 + freed / ndpr), "pr": shares["pr"] * (1 + freed / ndpr),
            "dy": shares["dy"] / 2, "tb": shares["tb"] / 2}


SHARES_EV_GBD, SHARES_WIND_GBD = gbd(SHARES_EV), gbd(SHARES_WIND)

FINISHED_PER_RE = (1.0 - SCRAP) / RE_CONTENT

def primary_need(shares_std: dict[str, float]) -> dict[str, float]:
    """Primary oxide need in 2024 by element: gross RE metal from the IEA 2024 demand and the recipes,
    as oxide at the metal yield, less what swarf recycling returns."""
    gross = {e: D24["ev"] * SHARES_EV[e] + D24["wind"] * SHARES_WIND[e] + D24["other_uses"] * shares_std[e]
             for e in MAGNET_ELEMENTS}
    return {e: gross[e] / (METAL_FRACTION[e] * METAL_YIELD) - SCRAP * gross[e] * REC / METAL_FRACTION[e]
            for e in MAGNET_ELEMENTS}


def dy_equivalent(oxides: dict[str, float]) -> float:
    """kt of Dy-equivalent metal in kt of Dy and Tb oxides: m_dy·Dy + 1.9·m_tb·Tb (a_tb_dy_equivalence)."""
    return METAL_FRACTION["dy"] * oxides.get("dy", 0.0) + TB_WEIGHT * METAL_FRACTION["tb"] * oxides.get("tb", 0.0)


def calibrate_ore() -> tuple[float, float]:
    """(K, h): the scale of recorded 2024 mine output and the heavy (Longnan) share of the ionic blend.

    The 2024 ore, separated at REC, must meet the primary need of the 2024 recipes (primary_need) in
    the two quantities the magnet blends pool (blends.csv): Nd+Pr, and Dy-equivalent (Dy + 1.9 Tb):
        K·(R_ndpr + I·X_ndpr) + u·I·(L_ndpr - X_ndpr) = need_ndpr / REC
        K·R_eq                + u·I·L_eq              = need_eq / REC,     u = K·h,
    with R the recorded output other than ionic clays, I the recorded ionic-clay output and X, L the
    Xunwu and Longnan profiles (Xunwu carries no Dy or Tb). Linear in K and u. The need depends on
    the ore's Nd:Pr through the std recipe (Nd and Pr oxides differ in metal fraction), so the two
    are iterated to a fixed point; it moves h by < 1e-4 after the first round.
    """
    ionic = sum(q for _, f, q in USGS_2024 if f == "ionic_mixed")
    ndpr = lambda shares: shares.get("nd", 0.0) + shares.get("pr", 0.0)  # noqa: E731
    rest = {e: recorded_content(e, {}) for e in MAGNET_ELEMENTS}  # an empty profile leaves the ionic clays out
    a11, a12 = ndpr(rest) + ionic * ndpr(XUNWU), ionic * (ndpr(LONGNAN) - ndpr(XUNWU))
    a21, a22 = dy_equivalent(rest), ionic * dy_equivalent(LONGNAN)
    det = a11 * a22 - a12 * a21
    heavy, k = 0.5, 1.0
    for _ in range(50):
        blend = ionic_blend(heavy)
        nd, pr = recorded_content("nd", blend), recorded_content("pr", blend)
        need = primary_need(std_shares(nd / (nd + pr)))
        b1, b2 = ndpr(need) / REC, dy_equivalent(need) / REC
        k, u = (b1 * a22 - a12 * b2) / det, (a11 * b2 - a21 * b1) / det
        if abs(u / k - heavy) < 1e-12:
            break
        heavy = u / k
    return k, u / k


K_EXACT, IONIC_HEAVY = calibrate_ore()
_IONIC = ionic_blend(IONIC_HEAVY)
IONIC_BLEND = src(
    "d_ionic_blend", "derived",
    f"ionic_mixed (the feed of China's ionic quota, Myanmar, Thailand, Brazil and Makuutu) = {1 - IONIC_HEAVY:.1%} "
    f"Xunwu (LREE) and {IONIC_HEAVY:.1%} Longnan (HREE) ionic-clay profile (castor_hedrick_2006), the heavy share "
    "calibrated with K (d_calibration_2024) so that the 2024 ore meets the 2024 Dy-equivalent need exactly.",
    None, "",
    "No per-deposit split of these clays was found (Myanmar's are 'HREE-rich', ISP-Myanmar, qualitative), so the "
    "one unknown, the heavy share h, is set by the 2024 balance the model itself must hold: recorded 2024 output x K, "
    "separated at 95%, gives both the primary Nd+Pr need and the primary Dy-equivalent need (Dy + 1.9 Tb, "
    "a_tb_dy_equivalence; magnet makers may swap them, blends.csv) of the 2024 recipes (d_recipes). Result: "
    f"h = {IONIC_HEAVY:.4f}, i.e. Nd+Pr {_IONIC['nd'] + _IONIC['pr']:.1%}, Dy {_IONIC['dy']:.2%}, Tb {_IONIC['tb']:.2%} "
    "of TREO. Longnan's Dy:Tb (6.7:1.3) is richer in Dy than the recipes (EV 5.1:1, wind 2.7:1, 2024 swarf "
    "4.4:1), so the Tb need alone is not met from ore: 13% of the 2024 primary Tb need (0.066 kt oxide) is met "
    "by 0.14 kt of Dy oxide instead. Cross-checks "
    "(docs/calibration.md): China's Dy and Tb oxide including recycled, SMM run-rate 2.6 and 0.5 kt/yr (June "
    "2024 x 12); China's NdPr from imported feed, 20-21 kt (metalnomist_2024). The 50/50 blend used before "
    "(with ionic output scaled up to meet the Tb need alone) left ~0.5 kt/yr of Dy oxide unused in 2024, at "
    "a time when Dy sold at ~4x the NdPr price.",
)
FEEDS["ionic_mixed"] = (_IONIC, IONIC_BLEND)


def usgs_content(e: str) -> float:
    """kt of element e's oxide in 2024 recorded mine output."""
    return recorded_content(e, FEEDS["ionic_mixed"][0])


ND_SHARE_OF_NDPR_2024 = usgs_content("nd") / (usgs_content("nd") + usgs_content("pr"))
SHARES_STD = std_shares(ND_SHARE_OF_NDPR_2024)
RECIPES_BY_SECTOR = {"ev": ("ev", SHARES_EV), "wind": ("wind", SHARES_WIND),
                     "electronics": ("std", SHARES_STD), "other": ("std", SHARES_STD)}
HEADROOM = 1.005  # a_calibration_headroom
K = HEADROOM * K_EXACT


_NEED = primary_need(SHARES_STD)
CALIB = src(
    "d_calibration_2024", "derived",
    "Base-year (2024) mining capacity = recorded 2024 mine output (usgs_mcs2025; China = its quota, split per "
    "d_deposits) x K.",
    None, "",
    f"K = {K:.4f}: the Nd+Pr in recorded 2024 output ({usgs_content('nd') + usgs_content('pr'):.2f} kt oxide), "
    f"separated at 95%, must equal the primary Nd+Pr oxide need of the 2024 IEA demand ({_NEED['nd'] + _NEED['pr']:.2f} kt "
    f"= gross metal / (metal fraction x 0.95 yield) - recycled), and its Dy-equivalent (Dy + 1.9 Tb) the primary "
    f"Dy-equivalent need ({_NEED['dy']:.3f} kt Dy + {_NEED['tb']:.3f} kt Tb oxide), which sets the heavy share of the "
    f"ionic clays with K (d_ionic_blend); K carries 0.5% headroom (a_calibration_headroom). The excess over recorded output stands for undocumented output (USGS: "
    "China's figure is its quota and excludes undocumented output; Burma etc. are estimates from China's import "
    "data) and stock draws. Scaling every country alike keeps the USGS shares: China 69.2% of mining. "
    "Named mines that ran below their demonstrated capacity in 2024 are listed at that capacity with a 2024 "
    "utilisation = calibrated 2024 output / capacity (Mt Weld 29.4 kt = 7.0 kt NdPr Kalgoorlie nameplate / 0.238; "
    "Mountain Pass 50.692 kt, its 2025 output; Serra Verde 5.0 kt nameplate; d_existing_nameplate).",
)
CHINA_RESID = src(
    "d_china_calibrated", "derived",
    "China's 2024 separation, metal and magnet capacities = what the world needed in 2024 minus what was made "
    "outside China in 2024 (calibration).",
    None, "",
    "separation: calibrated 2024 ore (d_calibration_2024) - 39.5 kt REO separated outside China in 2024 (Lynas "
    "25.0 = 5.655 kt NdPr/(0.238 x 0.95); MP 8.9 = 1.294/(0.153 x 0.95); India 2.9; Russia 2.5); MIIT's quota was "
    "254 kt, with imported feed partly outside it. metal: world RE metal taken in by magnet makers in 2024 "
    "(90.9 kt, d_demand_magnets) - Japan 1.94 - UK 0.11 = 88.85 kt. magnets: world finished magnets 212.6 kt - "
    "ex-China 17.55 kt = 195.0 kt finished (= 269 kt blanks vs SMM's 260 kt forecast, smm_magnets_2024). China is "
    "the cheapest producer, so the model would fill China's capacity first: these 2024 outputs, as nameplate x "
    "utilisation (d_existing_nameplate), pin China's 2024 shares in the base year.",
)


HEADROOM_SRC = src(
    "a_calibration_headroom", "assumption",
    "The calibrated 2024 mining capacity carries 0.5% headroom over the exact need (K x 1.005).",
    None, "",
    "Guards against rounding in the CSV files turning an exactly tight base year into unmet demand. With it "
    "Mountain Pass runs a little below capacity in the base-year run (the LP idles the ore with the least "
    "Nd+Pr per tonne). Base-year marginal costs are scarcity rents of a tight system (e.g. Pr is priced at "
    "the cost of the Mountain Pass ore that carries it); read prices from investment runs.",
)
UTIL_D = src(
    "d_existing_nameplate", "derived",
    "Existing capacity is nameplate (or demonstrated) capacity; its 2024 utilisation = 2024 output / capacity "
    "reproduces 2024 output in the base-year calibration.",
    None, "",
    "China: mining at its 2024 quota-based capacity (utilisation 1: the quota binds, d_calibration_2024); magnets: "
    "utilisation 0.6924 (SMM's Aug 2025 national operating rate of sintered NdFeB plants, smm_ndfeb_operating_rate_2025, "
    "standing for 2024), nameplate = 195.0 kt / 0.6924 = 281.6 kt finished; separation and metal: utilisation 0.80 "
    "(a_china_midstream_utilisation); recycling: 34.147 kt REO recovered / >80 kt REO/yr capacity = 0.427 "
    "(argus_recycling_2025). Outside China: Lynas Malaysia 25.0 kt feed of 31.0 (5.655 of 7.0 kt NdPr) = 0.807; "
    "US separation (MP 27.5 + White Mesa 4.4 kt feed) ran 8.9 kt = 0.279; IREL 2.9 of 5.0 = 0.58; Mt Weld, "
    "Mountain Pass, Serra Verde as in d_calibration_2024; country aggregates at their peak recent output "
    "(a_deposit_max: Myanmar 31 of 43 kt, Madagascar 2.0 of 6.8, Vietnam 0.3 of 4.3, ...). Rows whose 2024 output is not known separately (Silmet, "
    "Japan, UK, ex-China magnets) have utilisation 1. In later years utilisation does not apply: capacity x the "
    "process's availability does (2024 utilisation reflects 2024 demand and quotas, not what plants can do).",
)
A_MIDSTREAM = src(
    "a_china_midstream_utilisation", "assumption",
    "China's separation and metal-making plants ran at 80% of nameplate in 2024.",
    None, "",
    "No 2024 utilisation figure for China's separation or metal plants was found. Evidence that they ran below "
    "nameplate: CNIA put rare-earth capacity utilisation below 40% in 2013, SMM reported midstream overcapacity in "
    "2024 (smm_overcapacity_2013_2024), and magnet plants ran at 69% (smm_ndfeb_operating_rate_2025). 80% is a "
    "round value between the magnet plants' rate and full use; it replaces a_china_idle_capacity (+5.2%).",
)
DR_D = src(
    "d_demand_response", "derived",
    "Demand-response steps derived from cited figures: EV motor switching and the size of EV and wind thrift.",
    None, "",
    "EV switch (EESM/induction): cost 200 USD/kg = US$300 per vehicle (adamas_pm_motors) / 1.5 kg magnet per "
    "vehicle (ev_magnet_mass); max share 0.18 = the non-PM share of EV motors has ranged up to ~25% (IDTechEx: PM "
    "'>75%', idtechex_ev_motors_2023) against 7% in 2018 (Adamas: 93% PM), so 25 - 7 = 18 points of demand can go "
    "back to non-PM designs (BMW and Renault build EESMs today, oem_re_thrift). EV thrift: max share 0.25 = Tesla's "
    "-25% RE per drive unit (oem_re_thrift). Wind thrift (direct drive -> medium-speed PM): max share 0.30 = (0.74 - "
    "0.5)/0.74 with 0.74 t/MW the midpoint of direct-drive intensity and 0.5 t/MW the fleet average "
    "(heim2023_wind_intensity); China has already moved this way (smm_wind_drivetrains_2024).",
)
A_DR = src(
    "a_demand_response", "assumption",
    "Demand-response costs and shares without a published figure: thrift 100 USD/kg (every sector); switching 200 "
    "USD/kg (wind, electronics) or 150 (other uses: industrial motors, appliances); deferral 400 USD/kg for up to 10% "
    "of a sector's demand; shares: wind switch 0.20, electronics thrift 0.15 and switch 0.10, other uses thrift "
    "0.15 and switch 0.30; true loss takes the rest at the model file's unmet_penalty.",
    None, "",
    "No cost per kg of magnet avoided was found except for EV induction motors (d_demand_response). The values keep "
    "the order thrift < switch < defer < loss and sit above the ~20 USD/kg cost of a magnet (d_opex), since the IEA "
    "demand already includes the thrift and switching that pay at today's prices. Shares: electronics can use "
    "Ce-NdFeB or ferrite in speakers and small motors (adamas_ce_ndfeb); industrial motors and appliances can use "
    "induction or ferrite PM motors that meet IE3 (petro2011_ferrite_pm), hence the largest switch share. Deferral "
    "stands for postponed purchases (the demand is lost for the period, not carried over).",
)
LYNAS_ROUTE = src(
    "lynas_concentrate_route", "citation",
    "Lynas Rare Earths annual report 2022 and quarterly reports 2021 (Mt Weld concentrate shipped "
    "Fremantle -> Kuantan to Lynas Malaysia on Lynas-chartered ships; transit 15 d in Mar 2021, 33 d in Dec 2021).",
    2022, "https://lynasrareearths.com/investors-media/",
    "F (ree-data-2 section 3). Used to close the Mt Weld concentrate route to China: Lynas processes its own "
    "concentrate (Kalgoorlie, Malaysia). A corporate choice, not a law: drop the transport.csv row to relax it.",
)



# country aggregates (a_deposit_max): deposit -> (region, feed, process, reserves kt, 2024 output, peak recent output,
# var_cost); outputs in kt REO as recorded by USGS (before the calibration factor K)
AGGREGATES = {
    "myanmar_ionic_clay": ("myanmar", "ionic_mixed", "mining_ionic_clay", None, 31.0, 43.0, 3.4),
    "thailand_aggregate": ("thailand", "ionic_mixed", "mining_ionic_clay", None, 13.0, 13.0, None),
    "vietnam_aggregate": ("vietnam", "bastnaesite", "mining_hardrock", 3500.0, 0.3, 4.3, None),
    "malaysia_aggregate": ("malaysia", "monazite", "mining_mineral_sands", None, 0.13, 0.31, None),
    "india_monazite": ("india", "monazite", "mining_mineral_sands", 6900.0, 2.9, 2.9, None),
    "lovozero": ("russia", "monazite", "mining_hardrock", 3800.0, 2.5, 2.7, None),
    "madagascar_aggregate": ("madagascar", "monazite", "mining_mineral_sands", None, 2.0, 6.8, None),
    "nigeria_aggregate": ("nigeria", "monazite", "mining_mineral_sands", None, 13.0, 13.0, None),
    "rest_of_world_aggregate": ("rest_of_world", "monazite", "mining_mineral_sands", None, 1.1, 1.44, None),
}
MINE_LIFE = 30  # yr, median planned mine life (a_lifetimes): reserves / MINE_LIFE is a deposit's expansion path (d_deposits)
U_CHINA_MAGNET = 0.6924  # smm_ndfeb_operating_rate_2025
U_CHINA_MIDSTREAM = 0.80  # a_china_midstream_utilisation


def calibrated(recorded: float) -> float:
    """2024 output as calibrated (d_calibration_2024): one K for every mine, the ionic clays included."""
    return recorded * K
  # kt finished magnet per kt RE metal taken in

IEA_CASES = {
    # case: {year: (ev, wind, total)}
    "steps": {2024: (8.4, 10.5, 90.9), 2030: (21.7, 16.2, 122.8), 2035: (30.0, 16.1, 140.1),
              2040: (33.9, 12.7, 149.6), 2045: (36.7, 13.7, 162.4), 2050: (39.5, 17.1, 177.5)},
    "aps": {2024: (8.4, 10.5, 90.9), 2030: (23.0, 23.9, 131.6), 2035: (34.5, 20.8, 148.9),
            2040: (41.7, 18.3, 162.7), 2045: (46.0, 19.6, 177.3), 2050: (49.9, 26.7, 197.3)},
    "nze": {2024: (8.4, 10.5, 90.9), 2030: (31.9, 30.7, 146.8), 2035: (48.3, 31.2, 172.2),
            2040: (49.4, 21.1, 172.4), 2045: (51.7, 21.1, 184.0), 2050: (54.0, 25.9, 200.3)},
}
ELECTRONICS_SHARE_OF_OTHER = None  # computed below from heim2023 (30% of all NdFeB in 2024)

# ---------------------------------------------------------------------------------------------
# Regional split of demand (a_regional_demand)
# ---------------------------------------------------------------------------------------------
WORLD_FINISHED_2024 = D24_TOTAL * FINISHED_PER_RE
EXCHINA_MAGNET_BLANKS = {"japan": 19.0, "vietnam": 2.2, "eu": 1.0, "usa": 2.0}
CHINA_DOMESTIC = 260.0 * (1 - SCRAP) - 58.152
USA_DEMAND = 12 * 0.5906 + EXCHINA_MAGNET_BLANKS["usa"] * (1 - SCRAP)
REGION_DEMAND = {
    "china": CHINA_DOMESTIC,
    "eu": 12.0,
    "usa": USA_DEMAND,
    "japan": EXCHINA_MAGNET_BLANKS["japan"] * (1 - SCRAP),
}
REGION_DEMAND["rest_of_world"] = WORLD_FINISHED_2024 - sum(REGION_DEMAND.values())
REGION_SHARE = {r: v / WORLD_FINISHED_2024 for r, v in REGION_DEMAND.items()}


def r(x: float, nd: int = 4) -> float:
    return round(x, nd)


OUT = [HERE]  # output folder; main() may point it elsewhere


WRITTEN: set[str] = set()  # tables this script wrote in this run; the circularity merge appends to these only


def write(name: str, header: list[str], rows: list[dict]) -> None:
    WRITTEN.add(f"{name}.csv")
    with (OUT[0] / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in header})


# ---------------------------------------------------------------------------------------------
# Issue 11: elements that behave like the market (recipe blends, co-product markets, end-of-life
# collection tiers). Kept in one section so that other edits of this script merge cleanly.
# ---------------------------------------------------------------------------------------------
FASTMARKETS_NDPR = src(
    "fastmarkets_ndpr_spec", "citation",
    "Fastmarkets price assessment specifications: 'NdPr oxide 99% ratio (75:25)', 'NdPr metal Nd 75% Pr 25%' (2024); "
    "Reuters China spot-price table (2012): Pr-Nd alloy Pr/TREM 20-25%, Nd/TREM 75-80%.",
    2024, "https://www.fastmarkets.com/",
    "F (ree-data-3 section 5). Didymium (PrNd) is traded and used as one product with Pr at 20-25% of Nd+Pr. "
    "A materials aggregator adds that Pr can replace up to 25% of Nd without major loss, and gives sintered-magnet ranges "
    "Nd 20-30 wt%, Pr 0.5-7 wt% (W).",
)
BLEND_D = src(
    "d_blend_bounds", "derived",
    "Recipe blends of NdFeB magnets: Nd and Pr metal replace each other 1:1 by mass with Pr between 1.6% and 25% of "
    "Nd+Pr; Dy and Tb metal replace each other by Dy-equivalent coercivity (1 kg Tb = 1.9 kg Dy, a_tb_dy_equivalence) at any mix; the "
    "Nd+Pr total and the Dy-equivalent total per kt of magnet stay those of the sector's recipe (d_recipes, d_gbd_recipes).",
    None, "",
    "Pr max 0.25 = the didymium standard and substitution limit (fastmarkets_ndpr_spec); Pr min 0.016 = 0.5/(0.5 + 30) "
    "from the low end of the Pr range and the high end of the Nd range (W). Every recipe in process_io lies inside "
    "(EV 13.1%, wind 14.1%, std 24.6% Pr). The swarf follows the blend: each metal's swarf (scrap:swarf_e, column "
    "carried_by) is s x the metal taken in the blend, not in the recipe. Tb weight: see a_tb_dy_equivalence.",
)
TB_DY = src(
    "a_tb_dy_equivalence", "assumption",
    "1 kg Tb gives the coercivity of 1.9 kg Dy in sintered NdFeB (bulk or grain-boundary diffusion).",
    None, "",
    "M (memory, verify): anisotropy fields at room temperature Nd2Fe14B ~7 T (F: china-magnet.net), Dy2Fe14B ~15 T, "
    "Tb2Fe14B ~22 T (Herbst 1991, Rev. Mod. Phys. 63:819, recalled). Coercivity gain per atom replacing Nd scales with "
    "(H_A,RE - H_A,Nd): (22 - 7)/(15 - 7) = 1.9; per kg x 162.5/158.9 (Dy/Tb atomic masses) = 1.93, rounded to 1.9. "
    "Market ratio Tb/Dy oxide 2.6-5.4 (USGS 2020-24) is higher: Tb's use is limited by supply, not by chemistry.",
)
SMM_LACE = src(
    "smm_lace_2021", "citation",
    "SMM (metal.com), 'How to break the problem of lanthanum and cerium overcapacity', 12 May 2021 (China Rare Earth "
    "Industry Chain Forum, Chengdu).",
    2021, "https://news.metal.com/newscontent/101475319/how-to-break-the-problem-of-lanthanum-and-cerium-overcapacity",
    "F. China's rare-earth output ~150,000 t/yr, of which ~90,000 t La and Ce products; La/Ce consumption (hydrogen-storage "
    "alloys, catalysts, polishing powder, RE ferrosilicon) ~40,000 t/yr; surplus >50,000 t/yr ('incomplete statistics').",
)
SMM_LACE_PRICE = src(
    "smm_lace_price_2025", "citation",
    "SMM weekly rare-earth review, 31 Dec 2025 (La oxide 4,300-4,700 yuan/t; Ce oxide 11,000-12,000 yuan/t); Argus, "
    "'China's cerium prices hit 7-year high on supply cuts' (2025: 13,500-15,000 yuan/t = US$1,868-2,076/t).",
    2025, "https://www.argusmedia.com/",
    "F (ree-data-3 section 6). Argus's own conversion gives 7.227 yuan/US$ (13,500/1,868). Chinese domestic prices are "
    "usually VAT-inclusive (13%) (M: memory, verify), so these may be ~12% above the ex-VAT value.",
)
MARKET_D = src(
    "d_lace_market", "derived",
    "Co-product markets for La and Ce oxide, in China, held flat: La 13.3 kt/yr at 0.62 USD/kg, Ce 26.7 kt/yr at "
    "1.59 USD/kg; surplus beyond them is disposed of at a_disposal.",
    None, "",
    "Quantity: China's La+Ce consumption ~40 kt/yr (smm_lace_2021) split in the Bayan Obo La:Ce ratio 25:50 "
    "(castor_hedrick_2006; an assumption: consumption taken in the proportion produced). Price: midpoints of the Dec 2025 "
    "ranges (smm_lace_price_2025) / 7.227 yuan per US$: La 4,500 -> 0.623, Ce 11,500 -> 1.591 USD/kg. Not included "
    "(no figure found): La/Ce use outside China (so the surplus is an upper reading), growth of the market, Ce in "
    "Ce-substituted magnets beyond China's ~40 kt, and Sm, Y, Gd (lumped in oxide:other, no market).",
)
GEM2024 = src(
    "gem2024", "citation",
    "Baldé C.P. et al. (2024). The Global E-waste Monitor 2024. ITU/UNITAR.",
    2024, "https://ewastemonitor.info/",
    "F (ree-data-2 section 7). E-waste formally collected and recycled 22.3% of generation worldwide (2022), 42.8% in "
    "Europe; ~1% of REE demand met by e-waste recycling.",
)
BELGIUM_HDD = src(
    "hdd_belgium_value", "citation",
    "Forecast of the recycling potential of hard disk drives and their NdFeB voice-coil magnets in Belgium, with the complete "
    "chain (collection, pre- and end-treatment) (journal abstract, via researcher.life); cost models: Procedia CIRP 29 (2015), "
    "OSTI 1185820.",
    None, "https://www.osti.gov/pages/biblio/1185820-modeling-value-recovery-rare-earth-permanent-magnets-end-life",
    "F (abstract). Automated demanufacturing to separate and recycle the NdFeB voice-coil magnet is 'merely profitable today'; "
    "profitability depends on labour cost, annual capacity and material value. No cost per kg is given.",
)
COLLECT_D = src(
    "d_collection_electronics", "derived",
    "Collecting and dismantling consumer-electronics magnets costs ~16 USD per kg of magnet (tier 1, up to the world's "
    "formal e-waste collection rate 22.3%, gem2024).",
    None, "",
    "'Merely profitable' (hdd_belgium_value) read as cost = value of the magnet recovered: 0.346 kg REO per kg magnet "
    "(std recipe, d_recipes) x 53.6 USD/kg NdPr oxide (argus_prnd_2024) = 18.5 USD/kg, less long-loop recycling 2.2 "
    "(a_recycling_cost) = 16.3, rounded to 16.",
)
TIERS_A = src(
    "a_collection_tiers", "assumption",
    "End-of-life collection tiers beyond today's 1%: wind 2 USD/kg up to 21%, 5 up to 70%; EV 5 up to 25%, 10 up to 60%; "
    "other uses 8 up to 25%, 15 up to 50%; electronics 16 up to 22.3% (d_collection_electronics), 32 up to 42.8%; no "
    "capex, lead time 2 yr, lifetime 15 yr.",
    None, "",
    "Only some figures are sourced: wind's first ceiling is the 'optimistic' 21% of jiang2024_wind; electronics' ceilings are "
    "the world and European e-waste collection rates (gem2024); its first cost is d_collection_electronics. The rest is "
    "ordered by the magnet mass per product (van_nielen_weibull data file: wind 625 kg/MW, EV 2.0 kg, industrial motor "
    "0.175 kg, HDD 15 g): a few large, registered magnets are cheap to recover, millions of small ones are not; a second "
    "tier costs twice the first. Lead time: EU CRMA permits take up to 15 months for non-extraction projects (ree-data-3 "
    "section 7), and recycling plants take 2 yr (a_lead_times); lifetime as recycling (a_lifetimes). Costs are per kg of "
    "magnet collected and sorted, before recycling.",
)
PR_SHARE = (0.016, 0.25)  # d_blend_bounds: Pr / (Nd + Pr)
YUAN_PER_USD = 13500 / 1868  # smm_lace_price_2025 (Argus's conversion)
LACE_CHINA = 40.0  # kt/yr, smm_lace_2021
BAYAN_OBO_LA, BAYAN_OBO_CE = 0.25, 0.50  # castor_hedrick_2006
COLLECTION_TIERS = {  # sector: [(ceiling after the tier, USD/kg), ...]; today's rate 1% (a_collection_now)
    "wind": [(0.21, 2.0), (0.70, 5.0)],
    "ev": [(0.25, 5.0), (0.60, 10.0)],
    "other": [(0.25, 8.0), (0.50, 15.0)],
    "electronics": [(0.223, 16.0), (0.428, 32.0)],
}
COLLECTION_NOW = 0.01  # a_collection_now (circularity/)


def chemistry_tables() -> None:
    """Write blends.csv, mode_costs.csv, markets.csv and collection_tiers.csv (issue 11)."""
    blends = []
    for k in ("magnet_sintered",):
        lo, hi = PR_SHARE
        blends += [dict(process=k, mode="*", group="ndpr", commodity="metal:nd", weight=1.0, min_share=r(1 - hi, 4), max_share=r(1 - lo, 4),
                        source=BLEND_D),
                   dict(process=k, mode="*", group="ndpr", commodity="metal:pr", weight=1.0, min_share=lo, max_share=hi, source=BLEND_D),
                   dict(process=k, mode="*", group="hree", commodity="metal:dy", weight=1.0, min_share=0.0, max_share=1.0, source=BLEND_D),
                   dict(process=k, mode="*", group="hree", commodity="metal:tb", weight=TB_WEIGHT, min_share=0.0, max_share=1.0, source=TB_DY)]
    for row in blends:  # each metal's swarf follows the metal chosen (d_recipes: swarf_e = s x metal e in)
        row["carried_by"] = SWARF[row["commodity"].partition(":")[2]]
    write("blends", ["process", "mode", "group", "commodity", "weight", "min_share", "max_share", "carried_by", "source"], blends)
    write("mode_costs", ["process", "mode", "extra_cost", "source"],
          [dict(process="magnet_sintered", mode=m, extra_cost=r(0.10 * 5.0, 3), source=GBD_D) for m in ("ev_gbd", "wind_gbd")])
    la_ce = BAYAN_OBO_LA + BAYAN_OBO_CE
    write("markets", ["region", "commodity", "year", "step", "quantity", "price", "source"], [
        dict(region="china", commodity="oxide:la", year=2021, step=1, quantity=r(LACE_CHINA * BAYAN_OBO_LA / la_ce, 3),
             price=r(4500 / YUAN_PER_USD / 1000, 3), source=MARKET_D),
        dict(region="china", commodity="oxide:ce", year=2021, step=1, quantity=r(LACE_CHINA * BAYAN_OBO_CE / la_ce, 3),
             price=r(11500 / YUAN_PER_USD / 1000, 3), source=MARKET_D),
    ])
    tiers = []
    for sector, steps in COLLECTION_TIERS.items():
        below = COLLECTION_NOW
        for n, (ceiling, cost) in enumerate(steps, start=1):
            tiers.append(dict(sector=sector, region="*", tier=n, share=r(ceiling - below, 4), cost=cost, capex=0.0, lead_time=2, lifetime=15,
                              source=COLLECT_D if sector == "electronics" and n == 1 else TIERS_A))
            below = ceiling
    write("collection_tiers", ["sector", "region", "tier", "share", "cost", "capex", "lead_time", "lifetime", "source"], tiers)


def main(out_dir: Path | None = None, verbose: bool = True) -> None:
    """Write every table into `out_dir` (default: this folder)."""
    OUT[0] = Path(out_dir) if out_dir is not None else HERE
    # --- sources, regions
    write("sources", ["source", "kind", "citation", "year", "url", "note"], SOURCES)
    write("regions", ["region", "name", "group", "cost_of_capital", "source"],
          [dict(region=a, name=b, group=c, cost_of_capital=cost_of_capital(a), source=COC_D) for a, b, c in REGIONS])

    # --- commodities
    com = []
    for f, name in FEED_NAMES.items():
        com.append(dict(commodity=f"ore:{f}", kind="ore", tradable="true", transport_cost=0.12,
                        disposable="false", description=f"{name}, kt REO", source=FREIGHT))
    oxide_names = {"nd": "Nd oxide (Nd2O3)", "pr": "Pr oxide (Pr6O11)", "dy": "Dy oxide (Dy2O3)", "tb": "Tb oxide (Tb4O7)",
                   "la": "La oxide (co-product)", "ce": "Ce oxide (co-product)",
                   "other": "Other rare-earth oxides (Sm, Eu, Gd, Y, Ho, ... lumped; co-product)"}
    for e, name in oxide_names.items():
        com.append(dict(commodity=f"oxide:{e}", kind="oxide", element=e, tradable="true", transport_cost=0.12,
                        disposable="true", disposal_cost=0.1, description=f"{name}, kt oxide", source=A_DISPOSAL))
    for e in ("dy", "tb"):
        com.append(dict(commodity=f"other:{e}_conc", kind="other", element=e, tradable="true", transport_cost=0.12,
                        disposable="true", disposal_cost=0.1,
                        description=f"{e.capitalize()} in heavy-RE concentrate from light-only separation, kt {e.capitalize()} oxide contained",
                        source=A_DISPOSAL))
    for e in MAGNET_ELEMENTS:
        com.append(dict(commodity=f"metal:{e}", kind="metal", element=e, tradable="true", transport_cost=0.12,
                        disposable="false", description=f"{e.capitalize()} metal, kt metal", source=FREIGHT))
    sector_names = {"ev": "EV traction motors (cars, buses, e-bikes)", "wind": "wind-turbine generators",
                    "electronics": "consumer electronics (HDD, speakers, phones, ...)",
                    "other": "other uses (industrial motors, conventional cars, appliances, robots, ...)"}
    for sct, name in sector_names.items():
        com.append(dict(commodity=f"magnet:{sct}", kind="magnet", tradable="true", transport_cost=0.12,
                        disposable="false", description=f"Finished sintered NdFeB for {name}, kt magnet", source=FREIGHT))
    for e, c in SWARF.items():  # d_swarf_elements: per kt swarf costs / 0.31 kt RE per kt swarf
        com.append(dict(commodity=c, kind="scrap", tradable="true", transport_cost=r(0.12 / RE_CONTENT, 6), disposable="true",
                        disposal_cost=r(0.1 / RE_CONTENT, 6),
                        description=f"{e.capitalize()} metal held in production scrap (swarf) from magnet making, kt {e.capitalize()} "
                        "contained (freight and disposal: 0.12 and 0.1 USD/kg swarf / 0.31 kg RE per kg swarf)",
                        source=SWARF_E_D))
    write("commodities", ["commodity", "kind", "element", "tradable", "transport_cost", "transport_loss", "disposable",
                          "disposal_cost", "unmet_penalty", "description", "source"], com)

    # --- feeds
    feeds = []
    for f, (shares, source) in FEEDS.items():
        total = 0.0
        items = list(shares.items())
        for i, (e, v) in enumerate(items):
            val = round(v, 6) if i < len(items) - 1 else round(1.0 - total, 6)
            total += round(v, 6)
            feeds.append(dict(feed=f, element=e, share=val, source=source))
    write("feeds", ["feed", "element", "share", "source"], feeds)

    # --- processes
    def fom(capex):
        return r(0.04 * capex, 3)

    procs = [
        dict(process="mining_hardrock", stage="mining", activity_unit="kt REO of concentrate", capex=19.8, var_cost=4.3,
             lead_time=5, lifetime=30, description="Open-pit hard-rock mining and beneficiation to a concentrate", source=CAPEX_D),
        dict(process="mining_ionic_clay", stage="mining", activity_unit="kt REO of mixed carbonate", capex=92.9, var_cost=4.3,
             lead_time=5, lifetime=30, description="Ionic-clay leaching to a mixed rare-earth carbonate", source=CAPEX_D),
        dict(process="mining_mineral_sands", stage="mining", activity_unit="kt REO of monazite concentrate", capex=19.8,
             var_cost=4.3, lead_time=5, lifetime=30,
             description="Monazite recovery from mineral sands (capex proxy: hard-rock figure)", source=CAPEX_D),
        dict(process="separation", stage="separation", activity_unit="kt REO of feed", capex=66.0, var_cost=6.4,
             lead_time=5, lifetime=25, description="Cracking, leaching and full solvent-extraction separation to single oxides",
             source=CAPEX_D),
        dict(process="separation_light", stage="separation", activity_unit="kt REO of feed", capex=42.0, var_cost=6.4,
             lead_time=5, lifetime=25,
             description="Cracking and light-RE separation; Dy and Tb leave in a heavy concentrate", source=CAPEX_D),
        dict(process="hre_separation", stage="separation", activity_unit="kt Dy/Tb oxide contained in concentrate",
             capex=360.0, var_cost=6.4, lead_time=2, lifetime=25,
             description="Heavy-RE separation of Dy and Tb concentrates", source=CAPEX_D),
        dict(process="metal_making", stage="metal", activity_unit="kt metal", capex=30.0, var_cost=4.0, lead_time=3,
             lifetime=20, description="Oxide to metal by molten-salt electrolysis", source=A_METAL),
        dict(process="magnet_sintered", stage="magnet", activity_unit="kt finished magnet", capex=40.5, var_cost=5.0,
             lead_time=3, lifetime=20,
             description="Strip casting, HD, jet milling, pressing, sintering, machining of NdFeB; modes = sectors, "
             "and ev_gbd, wind_gbd with grain-boundary diffusion of Dy/Tb (half the heavy RE)",
             source=CAPEX_D),
        dict(process="recycling_swarf", stage="recycling", activity_unit="kt swarf (RE-equivalent: RE held / 0.31)", capex=50.0, var_cost=2.2,
             lead_time=2, lifetime=15, description="Hydrometallurgical recycling of magnet swarf to separated oxides (long loop)",
             source=CAPEX_D),
    ]
    for p in procs:
        p["fixed_om"] = fom(p["capex"])
    write("processes", ["process", "stage", "activity_unit", "capex", "fixed_om", "var_cost", "lead_time", "lifetime",
                        "availability", "buildable", "feeds", "description", "source"], procs)

    # --- separation recoveries
    sep = []
    for e in ("la", "ce", "pr", "nd", "dy", "tb", "other"):
        sep.append(dict(process="separation", element=e, recovery=REC, source=A_RECOVERY))
    for e in ("la", "ce", "pr", "nd", "other"):
        sep.append(dict(process="separation_light", element=e, recovery=REC, source=A_RECOVERY))
    for e in ("dy", "tb"):
        sep.append(dict(process="separation_light", element=e, recovery=REC, product=f"other:{e}_conc", source=A_RECOVERY))
    write("separation", ["process", "element", "recovery", "product", "source"], sep)

    # --- process_io
    io = []
    for e in ("dy", "tb"):
        io.append(dict(process="hre_separation", mode=e, commodity=f"other:{e}_conc", coef=-1.0, source=A_RECOVERY))
        io.append(dict(process="hre_separation", mode=e, commodity=f"oxide:{e}", coef=1.0, source=A_RECOVERY))
    for e in MAGNET_ELEMENTS:
        io.append(dict(process="metal_making", mode=e, commodity=f"oxide:{e}", coef=-r(1 / (METAL_FRACTION[e] * METAL_YIELD), 5),
                       source=STOICH))
        io.append(dict(process="metal_making", mode=e, commodity=f"metal:{e}", coef=1.0, source=STOICH))
    def magnet_recipe(mode, sector, shares, source):
        """Per kt of magnet: RE metal 0.31·f_e/(1 − s) in; 1 kt magnet and, as swarf, s × each metal's input out
        (the s/(1 − s) kt of swarf at 0.31 kt RE per kt, by element: blends.csv makes it follow the blend)."""
        metal = {e: r(RE_CONTENT * shares[e] / (1 - SCRAP), 6) for e in MAGNET_ELEMENTS}
        for e in MAGNET_ELEMENTS:
            io.append(dict(process="magnet_sintered", mode=mode, commodity=f"metal:{e}", coef=-metal[e], source=source))
        io.append(dict(process="magnet_sintered", mode=mode, commodity=f"magnet:{sector}", coef=1.0, source=source))
        for e in MAGNET_ELEMENTS:  # s × the rounded input, exact in 9 decimals, so swarf/metal = s exactly
            io.append(dict(process="magnet_sintered", mode=mode, commodity=SWARF[e], coef=r(SCRAP * metal[e], 9), source=source))

    for sector, (_recipe, shares) in RECIPES_BY_SECTOR.items():
        magnet_recipe(sector, sector, shares, RECIPES)
    for sector, recipe, shares in (("ev", "ev_gbd", SHARES_EV_GBD), ("wind", "wind_gbd", SHARES_WIND_GBD)):
        magnet_recipe(recipe, sector, shares, GBD_D)
    for e in MAGNET_ELEMENTS:  # activity in kt swarf: mode e recycles the 0.31 kt of element-e RE a kt of swarf holds
        io.append(dict(process="recycling_swarf", mode=e, commodity=SWARF[e], coef=-RE_CONTENT, source=RECIPES))
        io.append(dict(process="recycling_swarf", mode=e, commodity=f"oxide:{e}",
                       coef=r(RE_CONTENT * REC / METAL_FRACTION[e], 6), source=RECIPES))
    write("process_io", ["process", "mode", "commodity", "coef", "source"], io)

    # --- deposits (d_deposits: ceiling = max(announced/target/demonstrated, reserves / MINE_LIFE))
    ndpr = {f: s.get("nd", 0) + s.get("pr", 0) for f, (s, _) in FEEDS.items()}
    mtweld_cap = r(7.0 / ndpr["mt_weld"], 3)
    mtweld_max = r(12.0 / ndpr["mt_weld"], 3)
    nolans_cap = r(4.44 / 0.264, 2)
    bo, ionic = 2 * 94.5, 2 * 10.14
    sichuan_2024 = calibrated(270.0 - bo - ionic)

    def ceiling(announced: float, reserves: float | None) -> float:
        return r(max(announced, (reserves or 0.0) / MINE_LIFE), 3)

    hr, ic = "mining_hardrock", "mining_ionic_clay"
    mtweld_res, nolans_res, necha_res = r(32000 * 0.0644, 1), r(29500 * 0.029, 1), r(94700 * 0.0146, 1)
    skk_res, songwe_res = r(605 * 0.1445, 1), r(18 * 5.954, 1)
    D = [
        # deposit, region, feed, process, status, reserves, max_capacity, capex, var_cost, source, feed_source
        ("bayan_obo", "china", "bayan_obo", hr, "operating", 35000.0, ceiling(calibrated(bo), 35000.0), None, 3.4,
         DEPOSIT_D, CASTOR),
        ("sichuan_bastnaesite", "china", "bastnaesite", hr, "operating", 4960.0, ceiling(sichuan_2024 + 30.0, 4960.0), None, 3.4,
         DEPOSIT_D, A_FEED_PROXY),
        ("china_ionic_clay", "china", "ionic_mixed", ic, "operating", None, r(calibrated(ionic), 2), None, 3.4, DEPOSIT_D, IONIC_BLEND),
        ("mountain_pass", "usa", "bastnaesite", hr, "operating", 1300.0, ceiling(50.692, 1300.0), None, None, DEPOSIT_D, MP_10K),
        ("bear_lodge", "usa", "monazite", hr, "planned", 450.0, ceiling(6.8, 450.0), 42.6, None, DEPOSIT_D, A_FEED_PROXY),
        ("mt_weld", "australia", "mt_weld", hr, "operating", mtweld_res, ceiling(mtweld_max, mtweld_res), None, None, DEPOSIT_D,
         LYNAS_COMP),
        # Nolans: the deposit's capex is the project's (40% of US$1,220m), so a generic build there costs the same
        ("nolans", "australia", "nolans", hr, "planned", nolans_res, ceiling(nolans_cap, nolans_res), r(0.4 * 1220 / nolans_cap, 1),
         None, DEPOSIT_D, COMPOSITION),
        ("nechalacho", "canada", "monazite", hr, "planned", necha_res, ceiling(5.0, necha_res), None, None, DEPOSIT_D, A_FEED_PROXY),
        ("ngualla", "east_africa", "monazite", hr, "planned", 887.0, ceiling(16.2, 887.0), 19.8, None, DEPOSIT_D, A_FEED_PROXY),
        ("makuutu", "east_africa", "ionic_mixed", ic, "planned", 146.7, ceiling(1.3, 146.7), 92.9, None, DEPOSIT_D, A_FEED_PROXY),
        ("songwe", "southern_africa", "songwe", hr, "planned", songwe_res, ceiling(5.954, songwe_res), 52.3, None, DEPOSIT_D,
         COMPOSITION),
        ("lofdal", "southern_africa", "ionic_hree", hr, "planned", 32.0, ceiling(2.0, 32.0), 103.6, None, DEPOSIT_D, A_FEED_PROXY),
        ("steenkampskraal", "southern_africa", "monazite", hr, "construction", skk_res, ceiling(0.0, skk_res), None, None, DEPOSIT_D,
         A_FEED_PROXY),
        ("serra_verde", "brazil", "ionic_mixed", ic, "operating", 125.0, ceiling(10.0, 125.0), None, None, DEPOSIT_D, A_FEED_PROXY),
    ]
    # country aggregates: capped at their calibrated peak recent output (a_deposit_max)
    for dep, (region, feed, proc, reserves, _, peak, var_cost) in AGGREGATES.items():
        D.append((dep, region, feed, proc, "operating", reserves, r(calibrated(peak), 3), None, var_cost, A_DEPOSIT_MAX,
                  A_FEED_PROXY))
    dep_cols = ["deposit", "region", "feed", "process", "status", "reserves", "max_capacity", "capex", "var_cost", "source",
                "feed_source"]
    write("deposits", dep_cols, [dict(zip(dep_cols, d)) for d in D])

    # --- existing capacity (d_existing_nameplate): nameplate (or demonstrated) capacity and its 2024 utilisation
    ex_china_metal = {"japan": r(0.33 * EXCHINA_MAGNET_BLANKS["japan"] * RE_CONTENT, 2), "uk": 0.11}
    world_metal = D24_TOTAL  # kt RE metal taken in by magnet makers (IEA reading, d_demand_magnets)
    mined_2024 = sum(calibrated(q) for _r, _f, q in USGS_2024)
    lynas_sep, mp_sep = 5.655 / (ndpr["mt_weld"] * REC), 1.294 / (ndpr["bastnaesite"] * REC)
    china_sep = mined_2024 - (lynas_sep + mp_sep + 2.9 + 2.5)
    ex_china_magnet = {k: v * (1 - SCRAP) for k, v in EXCHINA_MAGNET_BLANKS.items()}
    china_magnet = WORLD_FINISHED_2024 - sum(ex_china_magnet.values())
    std_reo_per_swarf = sum(RE_CONTENT * SHARES_STD[e] * REC / METAL_FRACTION[e] for e in MAGNET_ELEMENTS)
    malaysia_sep = 7.0 / (ndpr["mt_weld"] * REC)
    usa_sep = 4.0 / (ndpr["bastnaesite"] * REC) + 0.925 / (0.22 * REC)
    E = [
        # region, process, capacity, utilisation (blank = 1), source
        ("china", "bayan_obo", calibrated(bo), None, CALIB),
        ("china", "sichuan_bastnaesite", sichuan_2024, None, CALIB),
        ("china", "china_ionic_clay", calibrated(ionic), None, CALIB),
        ("usa", "mountain_pass", 50.692, calibrated(45.0) / 50.692, CALIB),
        ("australia", "mt_weld", mtweld_cap, calibrated(13.0) / mtweld_cap, CALIB),
        ("brazil", "serra_verde", 5.0, calibrated(0.02) / 5.0, CALIB),
        ("china", "separation", china_sep / U_CHINA_MIDSTREAM, U_CHINA_MIDSTREAM, CHINA_RESID),
        ("china", "hre_separation", 1.0, None, CHINA_RESID),
        ("malaysia", "separation_light", malaysia_sep, lynas_sep / malaysia_sep, UTIL_D),
        ("usa", "separation_light", usa_sep, mp_sep / usa_sep, UTIL_D),
        ("eu", "separation_light", 3.0, None, NEO),
        ("india", "separation_light", 5.0, 2.9 / 5.0, IREL),
        ("russia", "separation_light", 2.5, None, USGS),
        ("china", "metal_making", (world_metal - sum(ex_china_metal.values())) / U_CHINA_MIDSTREAM, U_CHINA_MIDSTREAM, CHINA_RESID),
        ("japan", "metal_making", ex_china_metal["japan"], None, EXCHINA_CAP),
        ("uk", "metal_making", ex_china_metal["uk"], None, LCM),
        ("china", "magnet_sintered", china_magnet / U_CHINA_MAGNET, U_CHINA_MAGNET, CHINA_RESID),
        ("japan", "magnet_sintered", ex_china_magnet["japan"], None, EXCHINA_CAP),
        ("vietnam", "magnet_sintered", ex_china_magnet["vietnam"], None, EXCHINA_CAP),
        ("eu", "magnet_sintered", ex_china_magnet["eu"], None, EXCHINA_CAP),
        ("usa", "magnet_sintered", ex_china_magnet["usa"], None, EXCHINA_CAP),
        ("china", "recycling_swarf", 80.0 / std_reo_per_swarf, 34.147 / 80.0, EXCHINA_CAP),
    ]
    for dep, (region, feed, _, _, recorded, peak, _) in AGGREGATES.items():  # demonstrated = peak, used in 2024: recorded
        E.append((region, dep, calibrated(peak), None if recorded == peak else recorded / peak, CALIB))

    def use_of(cap: float, u: float | None) -> float | None:
        """Utilisation of the rounded capacity, rounded up, so rounding never leaves the calibration short."""
        return None if u is None else min(1.0, math.ceil(cap * u / r(cap, 3) * 1e4 - 1e-9) / 1e4)

    write("existing_capacity", ["region", "process", "capacity", "utilisation", "retire_year", "source"],
          [dict(region=a, process=b, capacity=r(c, 3), utilisation=use_of(c, u), source=d) for a, b, c, u, d in E])

    # --- projects
    cny = 0.139  # a_fx_cny_2024
    P = [
        # project, region, process, capacity, start_year, status, capex, source
        ("mt_weld_expansion", "australia", "mt_weld", r(mtweld_max - mtweld_cap, 3), 2026, "committed", r(570 * 0.66 / (mtweld_max - mtweld_cap), 1),
         LYNAS),
        ("serra_verde_phase2", "brazil", "serra_verde", 5.0, 2029, "announced", None, DEPOSIT_STUDIES),
        ("lynas_malaysia_hre", "malaysia", "hre_separation", r(5.0 * 200 / 3000, 3), 2025, "committed", None, LYNAS),
        ("mp_hre_circuit", "usa", "hre_separation", 0.2, 2026, "committed", None, MP),
        ("eneabba_refinery", "australia", "separation", 17.5, 2027, "committed", 66.0, ILUKA),
        ("energy_fuels_phase2", "usa", "separation", r(6.0 / (0.22 * REC), 1), 2029, "announced", r(410 / (6.0 / (0.22 * REC)), 1), EF),
        ("energy_fuels_phase2_hre", "usa", "hre_separation", 0.306, 2029, "announced", None, EF),
        ("solvay_la_rochelle", "eu", "separation", 4.5, 2030, "announced", None, SOLVAY),
        ("nolans_mine", "australia", "nolans", nolans_cap, 2029, "announced", None, DEPOSIT_STUDIES),
        ("nolans_refinery", "australia", "separation", nolans_cap, 2029, "announced", r(0.6 * 1220 / nolans_cap, 1), DEPOSIT_STUDIES),
        ("ngualla_mine", "east_africa", "ngualla", 16.2, 2028, "announced", None, DEPOSIT_STUDIES),
        ("songwe_mine", "southern_africa", "songwe", 5.954, 2028, "announced", None, DEPOSIT_STUDIES),
        ("makuutu_mine", "east_africa", "makuutu", 1.3, 2028, "announced", None, DEPOSIT_STUDIES),
        ("lofdal_mine", "southern_africa", "lofdal", 2.0, 2029, "announced", None, DEPOSIT_STUDIES),
        ("bear_lodge_mine", "usa", "bear_lodge", 6.8, 2030, "announced", None, DEPOSIT_STUDIES),
        ("nechalacho_mine", "canada", "nechalacho", 5.0, 2027, "announced", None, DEPOSIT_STUDIES),
        ("src_metal", "canada", "metal_making", 0.4, 2025, "committed", None, SRC_SK),
        ("mp_metal", "usa", "metal_making", r(RE_CONTENT / (1 - SCRAP), 3), 2025, "committed", None, MP),
        ("lcm_expansion", "uk", "metal_making", 0.22, 2027, "announced", None, LCM),
        ("mp_independence", "usa", "magnet_sintered", 1.0, 2025, "committed", None, MP),
        ("mp_10x", "usa", "magnet_sintered", 9.0, 2028, "committed", None, MP),
        ("usa_rare_earth_ph1", "usa", "magnet_sintered", 1.2, 2025, "committed", r(100 / 1.2, 1), USAR),
        ("usa_rare_earth_ph2", "usa", "magnet_sintered", 3.6, 2027, "announced", None, USAR),
        ("neo_narva_ph1", "eu", "magnet_sintered", 2.0, 2025, "committed", 40.5, NEO),
        ("neo_narva_ph2", "eu", "magnet_sintered", 3.0, 2028, "announced", None, NEO),
        ("cyclic_kingston", "canada", "recycling_swarf", 0.5, 2026, "announced", 50.0, CYCLIC),
        # China's announced expansions, like everyone else's
        ("liangshan_mianning", "china", "sichuan_bastnaesite", 30.0, 2027, "announced", r(587 * cny / 30.0, 2), MAONIUPING),
        ("nre_golden_dragon_oxide", "china", "separation", 5.0, 2026, "announced", r(457 * cny / 5.0, 2), NRE_GD),
    ]
    write("projects", ["project", "region", "process", "capacity", "start_year", "status", "capex", "source"],
          [dict(zip(["project", "region", "process", "capacity", "start_year", "status", "capex", "source"], p)) for p in P])

    # --- build limits
    write("build_limits", ["region", "stage", "max_new_capacity", "source"], [
        dict(region="*", stage="mining", max_new_capacity=r(0.04 * 390.0, 2), source=BUILD_D),
        dict(region="china", stage="mining", max_new_capacity=r((270.0 - 140.0) / 4, 2), source=BUILD_D),
        dict(region="china", stage="separation", max_new_capacity=r((254.0 - 135.0) / 4, 2), source=BUILD_D),
    ])

    # --- route rules
    write("transport", ["origin", "destination", "commodity", "allowed", "cost", "loss", "source"],
          [dict(origin="australia", destination="china", commodity="ore:mt_weld", allowed="false", source=LYNAS_ROUTE)])

    # --- region-specific costs: China's separation (d_opex measures mine-to-oxide cost only)
    prc = [dict(region="china", process=k, var_cost=5.1, source=OPEX_D)
           for k in ("separation", "separation_light", "hre_separation")]
    write("process_region_costs", ["region", "process", "capex", "fixed_om", "var_cost", "source"], prc)

    # --- demand
    global ELECTRONICS_SHARE_OF_OTHER
    ELECTRONICS_SHARE_OF_OTHER = 0.30 * WORLD_FINISHED_2024 / (D24["other_uses"] * FINISHED_PER_RE)
    dem = []

    def magnet_rows(case, year, ev, wind, total, scale, source):
        other_uses = total - ev - wind
        by_sector = {"ev": ev, "wind": wind, "electronics": other_uses * ELECTRONICS_SHARE_OF_OTHER,
                     "other": other_uses * (1 - ELECTRONICS_SHARE_OF_OTHER)}
        for sector, d in by_sector.items():
            for region, share in REGION_SHARE.items():
                dem.append(dict(case=case, region=region, sector=sector, commodity=f"magnet:{sector}", year=year,
                                demand=r(d * FINISHED_PER_RE * share * scale, 4), source=source))

    for case, years in IEA_CASES.items():
        for year, (ev, wind, total) in years.items():
            magnet_rows(case, year, ev, wind, total, 1.0, DEMAND_D)

    def ndpr_metal(ev, wind, total):
        other_uses = total - ev - wind
        return (ev * (SHARES_EV["nd"] + SHARES_EV["pr"]) + wind * (SHARES_WIND["nd"] + SHARES_WIND["pr"])
                + other_uses * (SHARES_STD["nd"] + SHARES_STD["pr"]))

    for year, (ev, wind, total) in IEA_CASES["steps"].items():
        seed = 50.0 + (year - 2020) / 10 * 50.0 if year < 2030 else 100.0
        magnet_rows("seed", year, ev, wind, total, seed / ndpr_metal(ev, wind, total), SEED_D)
    write("demand", ["case", "region", "sector", "commodity", "year", "demand", "source"], dem)

    # --- demand response (d_demand_response, a_demand_response): per sector, cheapest first; loss cost blank =
    # the model file's unmet_penalty
    steps = {
        "ev": [("thrift", 100.0, 0.25, DR_D), ("switch", 200.0, 0.18, DR_D), ("defer", 400.0, 0.10, A_DR)],
        "wind": [("thrift", 100.0, 0.30, DR_D), ("switch", 200.0, 0.20, A_DR), ("defer", 400.0, 0.10, A_DR)],
        "electronics": [("thrift", 100.0, 0.15, A_DR), ("switch", 200.0, 0.10, A_DR), ("defer", 400.0, 0.10, A_DR)],
        "other": [("thrift", 100.0, 0.15, A_DR), ("switch", 150.0, 0.30, A_DR), ("defer", 400.0, 0.10, A_DR)],
    }
    what = {"thrift": "less magnet per unit (design, grain-boundary diffusion, medium-speed generators)",
            "switch": "motors/generators without rare-earth magnets (EESM, induction, ferrite)",
            "defer": "purchases postponed beyond the period", "loss": "demand not served (value of lost load)"}
    dr = []
    for sector, rows in steps.items():
        for order, (step, cost, share, source) in enumerate(rows + [("loss", None, 1.0, A_DR)], start=1):
            dr.append(dict(sector=sector, step=step, order=order, cost=cost, max_share=share, description=what[step],
                           source=source))
    write("demand_response", ["sector", "step", "order", "cost", "max_share", "description", "source"], dr)

    chemistry_tables()  # issue 11: recipe blends, co-product markets, collection tiers

    # --- circularity, environment and lumpy investment: tables of circularity/ (see its README)
    merge_into(OUT[0], base_tables=WRITTEN)

    # --- environment: energy by carrier, carrier intensity, route emissions, feed thorium (environment/)
    environment.write_into(OUT[0])

    # --- report the derived calibration figures
    if not verbose:
        return
    print(f"K = {K:.4f}, ionic heavy share {IONIC_HEAVY:.4f}; Nd share of NdPr 2024 {ND_SHARE_OF_NDPR_2024:.4f}; "
          f"need {primary_need(SHARES_STD)}")
    print(f"std recipe shares: {SHARES_STD}")
    print(f"world finished magnets 2024: {WORLD_FINISHED_2024:.2f} kt; region shares: "
          + ", ".join(f"{k} {v:.4f}" for k, v in REGION_SHARE.items()))
    print(f"China separation {china_sep:.2f}, metal {world_metal - sum(ex_china_metal.values()):.2f}, "
          f"magnets {china_magnet:.2f} (blanks {china_magnet / (1 - SCRAP):.1f})")
    print(f"electronics share of other uses {ELECTRONICS_SHARE_OF_OTHER:.4f}; std REO per kt swarf {std_reo_per_swarf:.4f}")
    print("NdPr share of feeds: " + ", ".join(f"{f} {v:.3f}" for f, v in ndpr.items()))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
