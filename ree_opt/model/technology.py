"""Units and recipes from the process tables, in plain Python: what each process in each region costs and converts.

A unit is a process (or a deposit) in one region: it has capacity, costs at the region's cost of
capital and the overrides of process_region_costs.csv. A recipe (mode) of a process converts
commodities with coefficients a[k,m,c] (negative in, positive out): deposits output their ore,
separation outputs each element of a feed × recovery, the other processes read process_io.csv.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from ..config import ModelConfig
from ..data import ModelData


@dataclass(frozen=True)
class Unit:
    """A process (or deposit) in one region: the thing that has capacity."""

    region: str
    process: str
    stage: str
    capex: float  # MUSD per kt/yr
    fixed_om: float  # MUSD per kt/yr per yr
    var_cost: float  # MUSD/kt of activity
    lead_time: int
    lifetime: int
    availability: float
    buildable: bool
    crf: float  # capital recovery factor at the region's cost of capital
    idc: float = 1.0  # interest during construction: capex spent evenly over the lead time, compounded to the online year
    max_capacity: float | None = None  # kt/yr (deposits)
    reserves: float | None = None  # kt (deposits)


def capital_recovery_factor(rate: float, years: int) -> float:
    """CRF = i(1+i)^n / ((1+i)^n − 1): the annuity that repays 1 over n years at rate i."""
    if rate == 0:
        return 1.0 / years
    growth = (1.0 + rate) ** years
    return rate * growth / (growth - 1.0)


def construction_factor(rate: float, lead_time: int) -> float:
    """IDC = (1/L) Σ_{j=1}^{L} (1+i)^j: capex paid in L equal parts at the start of each of the L years before the
    asset comes online, compounded to that year at the cost of capital i (1 without a lead time). The annuity over
    the lifetime then repays capex × IDC, so a long lead time costs what its capital ties up (cf. MESSAGEix)."""
    if lead_time <= 0:
        return 1.0
    return sum((1.0 + rate) ** j for j in range(1, lead_time + 1)) / lead_time


def units_of(data: ModelData, cfg: ModelConfig) -> dict[tuple[str, str], Unit]:
    procs = data["processes"].set_index("process")
    coc = dict(zip(data["regions"]["region"], data["regions"]["cost_of_capital"]))
    prc = data["process_region_costs"]
    overrides = {(r, k): row for r, k, row in zip(prc["region"], prc["process"], prc.to_dict("records"))}
    templates = set(data["deposits"]["process"])
    generic = set(cfg.invest_options.generic)  # stages whose generic capacity may be built

    def make(r: str, k: str, proc: pd.Series, capex: float | None = None, var_cost: float | None = None, **extra) -> Unit:
        """A unit's costs: region override, else deposit-specific value, else the process's."""
        o = overrides.get((r, k), {})

        def pick(col: str, own: float | None) -> float:
            if o.get(col) is not None:
                return o[col]
            return proc[col] if own is None else own

        return Unit(
            region=r, process=k, stage=proc["stage"], capex=pick("capex", capex), fixed_om=pick("fixed_om", None),
            var_cost=pick("var_cost", var_cost), lead_time=int(proc["lead_time"]), lifetime=int(proc["lifetime"]),
            availability=float(proc["availability"]), buildable=bool(proc["buildable"]) and proc["stage"] in generic,
            crf=capital_recovery_factor(coc[r], int(proc["lifetime"])),
            idc=construction_factor(coc[r], int(proc["lead_time"])), **extra,
        )

    units: dict[tuple[str, str], Unit] = {}
    for k, proc in procs.iterrows():
        if k in templates:
            continue
        for r in data.regions:
            units[(r, k)] = make(r, k, proc)
    for dep in data["deposits"].to_dict("records"):
        proc = procs.loc[dep["process"]]
        units[(dep["region"], dep["deposit"])] = make(
            dep["region"], dep["deposit"], proc, capex=dep["capex"], var_cost=dep["var_cost"],
            max_capacity=dep["max_capacity"], reserves=dep["reserves"],
        )
    return units


def recipes_of(data: ModelData) -> tuple[dict[str, list[str]], dict[tuple[str, str], dict[str, float]]]:
    """Modes and coefficients a[k,m,c] per process (deposits and separation derived from data)."""
    modes: dict[str, list[str]] = {}
    io: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    composition: dict[str, dict[str, float]] = defaultdict(dict)
    for f, e, s in zip(data["feeds"]["feed"], data["feeds"]["element"], data["feeds"]["share"]):
        composition[f][e] = s
    for dep in data["deposits"].to_dict("records"):
        modes[dep["deposit"]] = ["default"]
        io[(dep["deposit"], "default")] = {f"ore:{dep['feed']}": 1.0}
    sep = data["separation"]
    recovery: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
    for k, e, rec, prod in zip(sep["process"], sep["element"], sep["recovery"], sep["product"]):
        recovery[k][e] = (rec, prod or f"oxide:{e}")
    accepted = dict(zip(data["processes"]["process"], data["processes"]["feeds"]))
    for k, rec in recovery.items():
        feeds = list(accepted[k]) or sorted(composition)
        modes[k] = feeds
        for f in feeds:
            coefs = {f"ore:{f}": -1.0}
            for e, share in composition[f].items():
                if e in rec and share * rec[e][0] > 0:
                    product = rec[e][1]
                    coefs[product] = coefs.get(product, 0.0) + share * rec[e][0]
            io[(k, f)] = coefs
    rows = data["process_io"].to_dict("records")
    for row in rows:
        if row["mode"] != "*":
            modes.setdefault(row["process"], [])
            if row["mode"] not in modes[row["process"]]:
                modes[row["process"]].append(row["mode"])
    for row in rows:
        targets = modes.get(row["process"], ["default"]) if row["mode"] == "*" else [row["mode"]]
        modes.setdefault(row["process"], targets)
        for mode in targets:
            io[(row["process"], mode)][row["commodity"]] = io[(row["process"], mode)].get(row["commodity"], 0.0) + row["coef"]
    return modes, dict(io)
