"""The schema registry: one entry per input table of a dataset folder.

Every table is a long-format CSV file. Each column is declared once here with its type, unit,
allowed range, default and description; the loader (`ree_opt.data`) validates against these
entries and `ree-opt schema` prints them as the data documentation.

Units inside the model are kt (thousand tonnes) for mass and MUSD (million US dollars, real)
for money. Datasets are written in those units, so nothing is converted on load. Handy
identities: 1 MUSD/kt = 1 USD/kg; a capex of 1 MUSD per kt/yr = 1,000 USD per t/yr.

Bounds that hold for every column: a number's magnitude is at most `MAX_MAGNITUDE` = 1e9 (1e9 kt
is over a million times world rare-earth output, 1e9 MUSD/kt a million times any price), so no
coefficient, bound or cost can reach HiGHS's infinity (1e20) or swamp its tolerances; years lie
in `YEARS` = 1900–2200, the range a model horizon may take.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STAGES = ("mining", "separation", "metal", "magnet", "recycling", "other")
COMMODITY_KINDS = ("ore", "oxide", "metal", "alloy", "magnet", "scrap", "other")
DEPOSIT_STATUSES = ("operating", "construction", "planned", "prospect")
PROJECT_STATUSES = ("committed", "announced")
LIFETIME_DISTRIBUTIONS = ("weibull", "fixed")
POLLUTANTS = ("co2e", "radioactive_residue", "wastewater")
CARRIERS = ("electricity", "heat", "diesel")
MAX_MAGNITUDE = 1e9
YEARS = (1900, 2200)


@dataclass(frozen=True)
class Column:
    """One column of an input table.

    kind: "str" | "id" (a name without spaces) | "float" | "int" | "bool" | "list" (";"-separated ids).
    A column with `required=False` may be blank; blank takes `default` (None when no default).
    """

    name: str
    kind: str
    description: str
    unit: str = ""
    required: bool = True
    default: Any = None
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False
    choices: tuple[str, ...] | None = None

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        """(low, high) a number must lie in: the declared bounds within ±MAX_MAGNITUDE."""
        if self.kind not in ("float", "int"):
            return self.min, self.max
        low = -MAX_MAGNITUDE if self.min is None else self.min
        high = MAX_MAGNITUDE if self.max is None else self.max
        return low, high

    def expectation(self) -> str:
        """Human description of what a valid value looks like (used in error messages)."""
        parts = {
            "str": "text",
            "id": "a name without spaces",
            "float": "a number",
            "int": "a whole number",
            "bool": "true or false",
            "list": "names separated by ';'",
        }[self.kind]
        if self.choices:
            parts = "one of " + ", ".join(self.choices)
        low, high = self.bounds
        if low is not None and high is not None:
            op = ">" if self.min_exclusive else "≥"
            parts += f" {op} {low:g} and ≤ {high:g}"
        elif low is not None:
            parts += f" {'>' if self.min_exclusive else '≥'} {low:g}"
        elif high is not None:
            parts += f" ≤ {high:g}"
        return parts


@dataclass(frozen=True)
class Table:
    """One input table (file `<name>.csv` in a dataset folder)."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    required: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _source() -> Column:
    return Column(
        "source",
        "id",
        "Id of a row in sources.csv that backs this row's numbers (a citation or a stated assumption).",
        required=False,
    )


FRACTION = dict(min=0.0, max=1.0)
NONNEG = dict(min=0.0)
YEAR = dict(min=YEARS[0], max=YEARS[1])

TABLES: tuple[Table, ...] = (
    Table(
        "sources",
        "Citations and stated assumptions that the other tables' `source` column refers to.",
        (
            Column("source", "id", "Source id."),
            Column("kind", "str", "What this entry is.", choices=("citation", "assumption", "derived")),
            Column("citation", "str", "Full citation (authors, title, publisher) or the assumption in words."),
            Column("year", "int", "Publication year.", required=False),
            Column("url", "str", "Address or document identifier.", required=False),
            Column("note", "str", "Which figures were taken, or the reasoning behind an assumption.", required=False),
        ),
        key=("source",),
    ),
    Table(
        "regions",
        "Regions of the model. Each belongs to one group (e.g. china, allied, other).",
        (
            Column("region", "id", "Region id."),
            Column("name", "str", "Display name."),
            Column("group", "id", "Group the region belongs to (policies and shares refer to groups)."),
            Column("cost_of_capital", "float", "Real cost of capital for investments in the region.", "1/yr", min=0.0, max=0.5),
            _source(),
        ),
        key=("region",),
    ),
    Table(
        "commodities",
        "Commodities, named `<kind>:<name>` (e.g. ore:bayan_obo, oxide:nd, metal:nd, magnet:ev, scrap:swarf_nd).",
        (
            Column("commodity", "str", "Commodity id `<kind>:<name>`."),
            Column("kind", "str", "Commodity kind.", choices=COMMODITY_KINDS),
            Column("element", "id", "Element for oxides and metals (nd, pr, dy, tb, la, ce, ...).", required=False),
            Column("tradable", "bool", "May be shipped between regions.", default=True, required=False),
            Column("transport_cost", "float", "Default freight cost on any allowed route.", "MUSD/kt", required=False, default=0.0, **NONNEG),
            Column("transport_loss", "float", "Default share lost in transit.", "fraction", required=False, default=0.0, min=0.0, max=0.99),
            Column("disposable", "bool", "Surplus may be disposed of or stocked (at disposal_cost).", required=False, default=True),
            Column("disposal_cost", "float", "Cost of disposing of or stocking a surplus.", "MUSD/kt", required=False, default=0.0, **NONNEG),
            Column("unmet_penalty", "float", "Price of demand left unmet (value of lost load); blank = the model file's default.", "MUSD/kt", required=False, **NONNEG),
            Column("description", "str", "What the commodity is and its mass basis.", required=False, default=""),
            _source(),
        ),
        key=("commodity",),
    ),
    Table(
        "feeds",
        "Element composition of each feed (ore concentrate type), as shares of total rare-earth oxide.",
        (
            Column("feed", "id", "Feed id; its commodity is `ore:<feed>`."),
            Column("element", "id", "Element (nd, pr, dy, tb, la, ce, other, ...)."),
            Column("share", "float", "Share of the feed's TREO.", "fraction", **FRACTION),
            _source(),
        ),
        key=("feed", "element"),
        extra={"sum_tolerance": 1e-3},
    ),
    Table(
        "processes",
        "Process technologies. Capacity and activity are in kt/yr of the process's activity unit.",
        (
            Column("process", "id", "Process id."),
            Column("stage", "str", "Stage of the chain.", choices=STAGES),
            Column("activity_unit", "str", "What one unit of activity is (e.g. 'kt REO of feed', 'kt magnet').", required=False, default=""),
            Column("capex", "float", "Overnight investment cost per unit of capacity.", "MUSD per kt/yr", **NONNEG),
            Column("fixed_om", "float", "Fixed operation and maintenance per unit of capacity and year.", "MUSD per kt/yr per yr", required=False, default=0.0, **NONNEG),
            Column("var_cost", "float", "Variable operating cost per unit of activity.", "MUSD/kt", required=False, default=0.0, **NONNEG),
            Column("lead_time", "int", "Years from the build decision until the capacity is online.", "yr", required=False, default=0, min=0, max=40),
            Column("lifetime", "int", "Years the capacity stays online.", "yr", min=1, max=100),
            Column("availability", "float", "Share of capacity usable in a year.", "fraction", required=False, default=1.0, min=0.0, max=1.0, min_exclusive=True),
            Column("buildable", "bool", "New capacity may be built.", required=False, default=True),
            Column("feeds", "list", "Separation only: feeds it accepts (blank = every feed).", required=False, default=()),
            Column("module_size", "float", "Lumpy investment (model file `lumpy: true`): builds come in whole multiples of this size.", "kt/yr", required=False, min=0.0, min_exclusive=True),
            Column("min_size", "float", "Lumpy investment: a build is zero or at least this size (one binary per build).", "kt/yr", required=False, min=0.0, min_exclusive=True),
            Column("description", "str", "What the process does.", required=False, default=""),
            _source(),
        ),
        key=("process",),
    ),
    Table(
        "process_io",
        "Input/output coefficients per unit of activity: negative = consumed, positive = produced. "
        "`mode` names a recipe; several modes share one capacity. Mode `*` applies to every mode.",
        (
            Column("process", "id", "Process id."),
            Column("mode", "id", "Recipe name (default: 'default'); '*' = every mode of the process.", required=False, default="default"),
            Column("commodity", "str", "Commodity id."),
            Column("coef", "float", "kt of commodity per kt of activity (negative for inputs).", "kt/kt"),
            _source(),
        ),
        key=("process", "mode", "commodity"),
        required=False,
    ),
    Table(
        "separation",
        "Recovery of each element by separation processes. A process listed here splits each feed it "
        "accepts into `product` (default oxide:<element>) = feed share × recovery; one mode per feed.",
        (
            Column("process", "id", "Separation process id."),
            Column("element", "id", "Element."),
            Column("recovery", "float", "Share of the element in the feed recovered.", "fraction", **FRACTION),
            Column("product", "str", "Commodity the element leaves as (blank = oxide:<element>).", required=False),
            _source(),
        ),
        key=("process", "element"),
        required=False,
    ),
    Table(
        "deposits",
        "Mineral deposits. Each is a mining site producing `ore:<feed>` (kt REO/yr), costed by the "
        "mining process it names, bounded by its extraction rate and reserves.",
        (
            Column("deposit", "id", "Deposit id (also its process id in results)."),
            Column("region", "id", "Region."),
            Column("feed", "id", "Feed type mined."),
            Column("process", "id", "Mining process (stage mining) whose costs, lead time and lifetime apply."),
            Column("status", "str", "Development status.", choices=DEPOSIT_STATUSES),
            Column("reserves", "float", "Remaining reserves at the base year (blank = not binding).", "kt REO", required=False, **NONNEG),
            Column("max_capacity", "float", "Highest extraction rate the deposit supports (blank = no limit).", "kt REO/yr", required=False, **NONNEG),
            Column("capex", "float", "Deposit-specific capex (blank = the process's).", "MUSD per kt/yr", required=False, **NONNEG),
            Column("var_cost", "float", "Deposit-specific variable cost (blank = the process's).", "MUSD/kt", required=False, **NONNEG),
            _source(),
            Column("feed_source", "id", "Id of a row in sources.csv that backs using this feed's element vector for this deposit (its own published distribution, or the proxy assumption).", required=False),
        ),
        key=("deposit",),
        required=False,
    ),
    Table(
        "existing_capacity",
        "Capacity in place at the base year, by region and process (or deposit).",
        (
            Column("region", "id", "Region."),
            Column("process", "id", "Process or deposit id."),
            Column("capacity", "float", "Nameplate (or demonstrated) capacity.", "kt/yr", **NONNEG),
            Column("utilisation", "float", "Share of the capacity used in the base year: 2024 output / capacity. A calibration run "
                   "(model file `base_year_utilisation: true`, base_year.yaml) caps activity at utilisation × capacity, so "
                   "2024 output is reproduced; otherwise it does not apply and capacity × the process's availability does, "
                   "because 2024 use reflects 2024 demand and quotas, not what the plants can do. Blank = 1.",
                   "fraction", required=False, default=1.0, **FRACTION),
            Column("retire_year", "int", "First year the capacity is no longer online (blank = stays).", required=False, **YEAR),
            _source(),
        ),
        key=("region", "process"),
        required=False,
    ),
    Table(
        "projects",
        "Announced or committed projects. Committed ones are built for sure; announced ones are an "
        "option the model may take (up to the capacity), never online before start_year.",
        (
            Column("project", "id", "Project id."),
            Column("region", "id", "Region."),
            Column("process", "id", "Process or deposit id."),
            Column("capacity", "float", "Capacity.", "kt/yr", min=0.0, min_exclusive=True),
            Column("start_year", "int", "First year online.", **YEAR),
            Column("status", "str", "committed = built for sure; announced = optional.", choices=PROJECT_STATUSES),
            Column("capex", "float", "Project capex (blank = the process's).", "MUSD per kt/yr", required=False, **NONNEG),
            _source(),
        ),
        key=("project",),
        required=False,
    ),
    Table(
        "process_region_costs",
        "Region-specific costs of a process; a blank keeps the process's value.",
        (
            Column("region", "id", "Region."),
            Column("process", "id", "Process id."),
            Column("capex", "float", "Capex.", "MUSD per kt/yr", required=False, **NONNEG),
            Column("fixed_om", "float", "Fixed O&M.", "MUSD per kt/yr per yr", required=False, **NONNEG),
            Column("var_cost", "float", "Variable cost.", "MUSD/kt", required=False, **NONNEG),
            _source(),
        ),
        key=("region", "process"),
        required=False,
    ),
    Table(
        "build_limits",
        "Upper bound on new capacity per region and stage and year (permitting, skills, equipment).",
        (
            Column("region", "id", "Region, group, or * for every region."),
            Column("stage", "str", "Stage.", choices=STAGES),
            Column("max_new_capacity", "float", "Most new capacity that may be added per year.", "kt/yr per yr", **NONNEG),
            Column("pooled", "bool", "true: one limit for all matched regions together; false: the limit applies to each.", required=False, default=False),
            _source(),
        ),
        key=("region", "stage"),
        required=False,
    ),
    Table(
        "transport",
        "Route-specific trade terms. By default every pair of regions may trade every tradable "
        "commodity at its default cost and loss; rows here override that, later rows over earlier.",
        (
            Column("origin", "id", "Origin region, group, or *."),
            Column("destination", "id", "Destination region, group, or *."),
            Column("commodity", "str", "Commodity, kind wildcard such as oxide:*, or *."),
            Column("allowed", "bool", "Route is open.", required=False, default=True),
            Column("cost", "float", "Freight cost (blank = commodity default).", "MUSD/kt", required=False, **NONNEG),
            Column("loss", "float", "Share lost in transit (blank = commodity default).", "fraction", required=False, min=0.0, max=0.99),
            _source(),
        ),
        required=False,
    ),
    Table(
        "demand",
        "Final demand by demand case, region, sector, commodity and year; linearly interpolated between years (held "
        "flat outside them). A model period t standing for L_t years takes the average of its years t … t + L_t − 1.",
        (
            Column("case", "id", "Demand case (the model file picks one)."),
            Column("region", "id", "Region."),
            Column("sector", "id", "End-use sector (ev, wind, ...)."),
            Column("commodity", "str", "Commodity demanded."),
            Column("year", "int", "Year.", **YEAR),
            Column("demand", "float", "Demand.", "kt/yr", **NONNEG),
            _source(),
        ),
        key=("case", "region", "sector", "commodity", "year"),
    ),
    Table(
        "demand_response",
        "Demand response per kg of magnet, by sector: ordered steps (thrift, switch to motors without rare-earth "
        "magnets, deferral, true loss), each up to a share of the sector's demand in a region and year at a cost. "
        "Replaces the single unmet-demand penalty where a model file switches it on.",
        (
            Column("sector", "id", "End-use sector (as in demand.csv)."),
            Column("step", "id", "Step name (e.g. thrift, switch, defer, loss)."),
            Column("order", "int", "Merit order within the sector (1 = cheapest, used first).", min=1),
            Column("cost", "float", "Cost per unit of demand not taken from supply (blank = the model file's unmet_penalty).", "MUSD/kt", required=False, **NONNEG),
            Column("max_share", "float", "Most of the sector's demand (region, year) this step may cover.", "fraction", **FRACTION),
            Column("description", "str", "What the step stands for.", required=False, default=""),
            _source(),
        ),
        key=("sector", "step"),
        required=False,
    ),
    Table(
        "sector_lifetimes",
        "Lifetime of magnets in use by end-use sector. Magnets served to a sector (demand − unmet of "
        "`commodity`) retire after this lifetime and, times the collection rate, become `scrap`.",
        (
            Column("sector", "id", "End-use sector (as in demand.csv)."),
            Column("commodity", "str", "Magnet commodity served to the sector (blank = magnet:<sector>).", required=False),
            Column("scrap", "str", "Commodity the collected end-of-life magnets become (e.g. scrap:eol_ev); must be disposable."),
            Column("distribution", "str", "weibull: F(a) = 1 − exp(−(a/scale)^shape); fixed: every magnet retires after exactly `scale` years (rounded to whole years).", choices=LIFETIME_DISTRIBUTIONS),
            Column("scale", "float", "Weibull scale, or the fixed lifetime.", "yr", min=0.0, max=200.0, min_exclusive=True),
            Column("shape", "float", "Weibull shape (blank for fixed).", required=False, min=0.0, max=50.0, min_exclusive=True),
            _source(),
        ),
        key=("sector",),
        required=False,
    ),
    Table(
        "collection_rates",
        "Share of retiring magnets collected for recycling, by sector, region and year (interpolated; held flat outside).",
        (
            Column("sector", "id", "Sector (as in sector_lifetimes.csv)."),
            Column("region", "id", "Region, or * for every region without its own rows.", required=False, default="*"),
            Column("year", "int", "Year of retirement.", **YEAR),
            Column("rate", "float", "Collection rate.", "fraction", **FRACTION),
            _source(),
        ),
        key=("sector", "region", "year"),
        required=False,
    ),
    Table(
        "historical_consumption",
        "Magnets put in use before the horizon, by region, sector and year (interpolated between listed "
        "years, zero before the first, held flat after the last up to horizon.start). Only years before "
        "horizon.start are used.",
        (
            Column("region", "id", "Region."),
            Column("sector", "id", "Sector (as in sector_lifetimes.csv)."),
            Column("year", "int", "Year the magnets entered use.", **YEAR),
            Column("value", "float", "Magnets put in use.", "kt/yr", **NONNEG),
            _source(),
        ),
        key=("region", "sector", "year"),
        required=False,
    ),
    Table(
        "process_emissions",
        "Environmental intensities per unit of process activity: co2e (kt CO2e per kt = t/t), "
        "radioactive_residue (thorium-bearing solids, kt per kt), wastewater (thousand m³ per kt = m³/t).",
        (
            Column("process", "id", "Process or deposit id (a mining process applies to all its deposits)."),
            Column("region", "id", "Region, or * for every region without its own row.", required=False, default="*"),
            Column("pollutant", "str", "Pollutant.", choices=POLLUTANTS),
            Column("intensity", "float", "Amount per unit of activity.", "kt/kt (wastewater: 1000 m³/kt)", **NONNEG),
            _source(),
        ),
        key=("process", "region", "pollutant"),
        required=False,
    ),
    # --- footprints by cause (issue 16): co2e[k,m,r,t] = Σ_c energy[k,m,c]·intensity[r,c,t]/1000 + direct[k,m]
    Table(
        "energy_use",
        "Energy per unit of process activity by carrier. Multiplied by carrier_intensity it gives the energy CO2e "
        "(t/t); electricity in MWh/t, heat and diesel in GJ/t.",
        (
            Column("process", "id", "Process or deposit id (a mining process applies to all its deposits)."),
            Column("mode", "id", "Mode (a separation feed, a recipe), or * for every mode without its own row.", required=False, default="*"),
            Column("carrier", "str", "Energy carrier.", choices=CARRIERS),
            Column("value", "float", "Energy per unit of activity.", "MWh/t (electricity), GJ/t (heat, diesel)", **NONNEG),
            _source(),
        ),
        key=("process", "mode", "carrier"),
        required=False,
    ),
    Table(
        "carrier_intensity",
        "CO2e per unit of energy carrier by region and year; linear between listed years, flat before the first "
        "and after the last.",
        (
            Column("region", "id", "Region, or * for every region without its own rows."),
            Column("carrier", "str", "Energy carrier.", choices=CARRIERS),
            Column("year", "int", "Year of the figure.", **YEAR),
            Column("value", "float", "Carbon intensity.", "kg CO2e/MWh = g/kWh (electricity), kg CO2/GJ (heat, diesel)", **NONNEG),
            _source(),
        ),
        key=("region", "carrier", "year"),
        required=False,
    ),
    Table(
        "route_emissions",
        "Non-energy footprint per unit of activity by route: co2e from reagents and anodes (t/t), radioactive "
        "residue (t/t), wastewater (m³/t), ammonia_nitrogen (t NH4-N/t).",
        (
            Column("process", "id", "Process or deposit id."),
            Column("mode", "id", "Mode (separation feed), or * for every mode without its own row.", required=False, default="*"),
            Column("pollutant", "str", "Pollutant.", choices=POLLUTANTS + ("ammonia_nitrogen",)),
            Column("value", "float", "Amount per unit of activity.", "t/t (wastewater: m³/t)", **NONNEG),
            _source(),
        ),
        key=("process", "mode", "pollutant"),
        required=False,
    ),
    Table(
        "feed_radionuclides",
        "Thorium carried by each feed, per t REO; separation of a feed puts it into residues.",
        (
            Column("feed", "id", "Feed type (as in feeds.csv)."),
            Column("thorium", "float", "Thorium per t REO of the feed.", "kg Th/t REO", **NONNEG),
            _source(),
        ),
        key=("feed",),
        required=False,
    ),
)

# --- issue 11: recipe choice, co-product markets, end-of-life collection ----------------------
CHEMISTRY_TABLES: tuple[Table, ...] = (
    Table(
        "blends",
        "Blending of a process mode's inputs: the commodities of a group replace one another, "
        "Σ_c weight_c·x_c = Σ_c weight_c·(−a[k,m,c])·act (the recipe's level in process_io), each "
        "x_c between min_share and max_share of Σ_c x_c. The process_io recipe must lie within the bounds. "
        "An output named in carried_by (e.g. the swarf of a metal) follows the blend, not the recipe.",
        (
            Column("process", "id", "Process id."),
            Column("mode", "id", "Mode (recipe) of the process, or * for every mode.", required=False, default="*"),
            Column("group", "id", "Name of the group of interchangeable inputs (e.g. ndpr, hree)."),
            Column("commodity", "str", "An input commodity of the group."),
            Column("weight", "float", "What 1 kt of the commodity counts for in the group's requirement (e.g. Dy-equivalent coercivity).", "kt/kt", required=False, default=1.0, min=0.0, min_exclusive=True),
            Column("min_share", "float", "Least share of the group's input mass.", "fraction", required=False, default=0.0, **FRACTION),
            Column("max_share", "float", "Largest share of the group's input mass.", "fraction", required=False, default=1.0, **FRACTION),
            Column("carried_by", "str", "An output of the mode that carries this input (e.g. scrap:swarf_nd, the swarf of metal:nd): "
                   "it follows the blend, f·x_c with f = a[k,m,carrier] / Σ(−a[k,m,c]) over the inputs it carries (process_io), "
                   "instead of the recipe. Blank = none.", required=False, default=""),
            _source(),
        ),
        key=("process", "mode", "group", "commodity"),
        required=False,
    ),
    Table(
        "mode_costs",
        "Extra variable cost of a mode (recipe) on top of its process's var_cost, e.g. grain-boundary "
        "diffusion run on sintered-magnet capacity.",
        (
            Column("process", "id", "Process id."),
            Column("mode", "id", "Mode of the process (as in process_io.csv)."),
            Column("extra_cost", "float", "Added variable cost per unit of activity in this mode.", "MUSD/kt", **NONNEG),
            _source(),
        ),
        key=("process", "mode"),
        required=False,
    ),
    Table(
        "markets",
        "Markets for co-products (e.g. La and Ce oxide): a region buys up to `quantity` at `price` in "
        "each demand-curve step; what no market takes is disposed of at the commodity's disposal_cost. "
        "Interpolated between years, held flat outside.",
        (
            Column("region", "id", "Region."),
            Column("commodity", "str", "Commodity sold."),
            Column("year", "int", "Year.", **YEAR),
            Column("step", "int", "Step of the demand curve (1 = the highest price).", required=False, default=1, min=1),
            Column("quantity", "float", "Most the step buys.", "kt/yr", **NONNEG),
            Column("price", "float", "Price paid in the step.", "MUSD/kt", **NONNEG),
            _source(),
        ),
        key=("region", "commodity", "year", "step"),
        required=False,
    ),
    Table(
        "collection_tiers",
        "End-of-life collection beyond today's rate (collection_rates.csv), as a decision: tier n may "
        "collect up to `share` of the magnets retiring in a sector (the sector's ceiling is today's rate "
        "plus the shares of its tiers) at `cost` per kt collected, once collection capacity is built "
        "(capex, lead time, lifetime).",
        (
            Column("sector", "id", "Sector (as in sector_lifetimes.csv)."),
            Column("region", "id", "Region, or * for every region without its own rows.", required=False, default="*"),
            Column("tier", "int", "Tier number (cheaper tiers first).", min=1),
            Column("share", "float", "Extra share of retiring magnets the tier may collect.", "fraction", **FRACTION),
            Column("cost", "float", "Cost of collecting, dismantling and sorting, per kt of magnet collected.", "MUSD/kt", **NONNEG),
            Column("capex", "float", "Investment per kt/yr of collection capacity.", "MUSD per kt/yr", required=False, default=0.0, **NONNEG),
            Column("lead_time", "int", "Years from the decision until collection starts.", "yr", required=False, default=0, min=0, max=40),
            Column("lifetime", "int", "Years collection capacity lasts.", "yr", required=False, default=30, min=1, max=100),
            _source(),
        ),
        key=("sector", "region", "tier"),
        required=False,
    ),
)
TABLES = TABLES + CHEMISTRY_TABLES

REGISTRY: dict[str, Table] = {t.name: t for t in TABLES}


def describe_markdown() -> str:
    """Render the registry as Markdown (used by `ree-opt schema` and the data docs)."""
    lines = []
    for table in TABLES:
        req = "required" if table.required else "optional"
        lines += [f"### `{table.filename}` ({req})", "", table.description, ""]
        if table.key:
            lines += [f"Unique key: {', '.join(table.key)}.", ""]
        lines += ["| column | type | unit | required | default | allowed | description |", "|---|---|---|---|---|---|---|"]
        for col in table.columns:
            default = "" if col.default in (None, ()) else str(col.default)
            lines.append(
                f"| `{col.name}` | {col.kind} | {col.unit} | {'yes' if col.required else 'no'} | {default} "
                f"| {col.expectation()} | {col.description} |"
            )
        lines.append("")
    return "\n".join(lines)
